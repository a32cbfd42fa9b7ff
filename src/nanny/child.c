#include "config.h"

#include "nanny.h"
#include "caps.h"
#include "log.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Runs in the forked child: stdin (and stderr unless CHILD_STDERR) to
 * /dev/null, stdout (and stderr with CHILD_STDERR) to the pipe, default
 * signal dispositions, own process group, then exec. */
static void __attribute__((noreturn)) exec_child(char *const argv[], int out, unsigned flags)
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
	if (flags & CHILD_STDERR)
		dup2(out, STDERR_FILENO);
	/* Only ipvsadm gets a capability (CAP_NET_ADMIN, standalone mode);
	 * checks and load programs start with none, even as root. */
	if (flags & CHILD_NET_ADMIN)
		caps_child_ambient();
	else if (caps_exec_none() < 0)
		_exit(126);
	execvp(argv[0], argv);
	_exit(127);
}

int child_start(struct child *c, char *const argv[], msec_t timeout_ms, unsigned flags)
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
		exec_child(argv, p[1], flags);
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

bool child_running(const struct child *c)
{
	return c->pid > 0 && !c->exited;
}

void child_exited(struct child *c, int status)
{
	if (!child_running(c))
		return;
	c->status = status;
	finish(c);
}

/* No wait here: a process stuck in the kernel may take its time to die, and
 * nanny must go on checking meanwhile. The zombie is collected by the
 * SIGCHLD handler's waitpid(-1, WNOHANG) loop, which forgets pids it no
 * longer follows. */
void child_kill(struct child *c, bool timed_out)
{
	if (!child_running(c))
		return;
	kill(-c->pid, SIGKILL);
	kill(c->pid, SIGKILL);
	c->status = SIGKILL;	/* the wait status of a death by SIGKILL */
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
