#include "config.h"

#include "nanny.h"
#include "log.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Runs in the forked child: stdin and stderr to /dev/null, stdout to the
 * pipe, default signal dispositions, own process group, then exec. */
static void __attribute__((noreturn)) exec_child(char *const argv[], int out)
{
	sigset_t none;
	int null = open("/dev/null", O_RDWR | O_CLOEXEC);

	setpgid(0, 0);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGPIPE, SIG_DFL);
	if (null >= 0) {
		dup2(null, STDIN_FILENO);
		dup2(null, STDERR_FILENO);
	}
	dup2(out, STDOUT_FILENO);
	execvp(argv[0], argv);
	_exit(127);
}

int child_start(struct child *c, char *const argv[], msec_t timeout_ms)
{
	int p[2];
	pid_t pid;

	c->pid = 0;
	c->out_fd = -1;
	c->exited = c->timed_out = false;
	c->status = 0;
	c->len = 0;
	c->out[0] = '\0';
	if (pipe2(p, O_CLOEXEC | O_NONBLOCK) < 0)
		return -1;
	pid = fork();
	if (pid < 0) {
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (pid == 0)
		exec_child(argv, p[1]);
	/* Both sides set the group so a kill right after fork cannot miss. */
	setpgid(pid, pid);
	close(p[1]);
	c->pid = pid;
	c->out_fd = p[0];
	c->deadline = now_ms() + timeout_ms;
	return 0;
}

void child_read(struct child *c)
{
	char sink[512];

	while (c->out_fd >= 0) {
		char *dst = sink;
		size_t room = sizeof(sink);
		ssize_t n;

		/* Keep the first NANNY_REPLY_MAX bytes, discard the rest so the
		 * program never blocks on a full pipe. */
		if (c->len < NANNY_REPLY_MAX) {
			dst = c->out + c->len;
			room = NANNY_REPLY_MAX - c->len;
		}
		n = read(c->out_fd, dst, room);
		if (n > 0) {
			if (dst != sink) {
				c->len += n;
				c->out[c->len] = '\0';
			}
			continue;
		}
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return;
		close(c->out_fd);	/* EOF or error */
		c->out_fd = -1;
	}
}

static void finish(struct child *c)
{
	child_read(c);
	if (c->out_fd >= 0) {
		close(c->out_fd);
		c->out_fd = -1;
	}
	/* Leftovers the program started in its group go too. */
	kill(-c->pid, SIGKILL);
	c->exited = true;
}

bool child_reap(struct child *c)
{
	int status;
	pid_t r;

	if (!c->pid || c->exited)
		return c->exited;
	r = waitpid(c->pid, &status, WNOHANG);
	if (r != c->pid)
		return false;
	c->status = status;
	finish(c);
	return true;
}

void child_kill(struct child *c, bool timed_out)
{
	int status = 0;

	if (!c->pid || c->exited)
		return;
	kill(-c->pid, SIGKILL);
	kill(c->pid, SIGKILL);
	while (waitpid(c->pid, &status, 0) < 0 && errno == EINTR)
		;
	c->status = status;
	c->timed_out = timed_out;
	finish(c);
}

const char *child_first_line(struct child *c)
{
	char *nl = memchr(c->out, '\n', c->len);

	if (nl) {
		*nl = '\0';
		c->len = nl - c->out;
	}
	if (c->len && c->out[c->len - 1] == '\r')
		c->out[--c->len] = '\0';
	return c->out;
}
