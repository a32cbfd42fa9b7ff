#include "config.h"

#include "nanny.h"
#include "caps.h"
#include "evloop.h"
#include "process.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

/* In the child, just before exec: only ipvsadm gets a capability
 * (CAP_NET_ADMIN, standalone mode); checks and load programs start with
 * none, even as root. */
static int keep_net_admin(void *arg)
{
	(void)arg;
	caps_child_ambient();
	return 0;
}

static int no_caps(void *arg)
{
	(void)arg;
	return caps_exec_none();
}

static void drain(struct child *c)
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
		evloop_del_fd(c->loop, c->out_fd);	/* EOF or error */
		close(c->out_fd);
		c->out_fd = -1;
	}
}

static void on_output(struct evloop *loop, int fd, uint32_t events, void *data)
{
	(void)loop;
	(void)fd;
	(void)events;
	drain(data);
}

static void finish(struct child *c)
{
	drain(c);
	if (c->out_fd >= 0) {
		evloop_del_fd(c->loop, c->out_fd);
		close(c->out_fd);
		c->out_fd = -1;
	}
	evloop_timer_disarm(c->timer);
	/* Leftovers the program started in its group go too. */
	kill(-c->pid, SIGKILL);
	c->exited = true;
}

/* No wait here: a process stuck in the kernel may take its time to die, and
 * nanny must go on checking meanwhile. The zombie is collected by the
 * SIGCHLD handler's waitpid(-1, WNOHANG) loop, which forgets pids it no
 * longer follows. */
static void kill_now(struct child *c, bool timed_out)
{
	kill(-c->pid, SIGKILL);
	kill(c->pid, SIGKILL);
	c->status = SIGKILL;	/* the wait status of a death by SIGKILL */
	c->timed_out = timed_out;
	finish(c);
}

static void on_deadline(struct evloop *loop, struct ev_timer *t, void *data)
{
	struct child *c = data;

	(void)loop;
	(void)t;
	if (!child_running(c))
		return;
	kill_now(c, true);
	c->done(c, c->arg);
}

int child_setup(struct child *c, struct evloop *loop, void (*done)(struct child *, void *), void *arg)
{
	/* Not the reply buffer: untouched, its pages are never made resident. */
	c->pid = 0;
	c->out_fd = -1;
	c->len = 0;
	c->exited = c->timed_out = false;
	c->loop = loop;
	c->done = done;
	c->arg = arg;
	c->timer = evloop_timer_new(loop, on_deadline, c);
	return c->timer ? 0 : -1;
}

void child_cleanup(struct child *c)
{
	if (child_running(c))
		kill_now(c, false);
	evloop_timer_free(c->timer);
	c->timer = NULL;
}

int child_start(struct child *c, char *const argv[], msec_t timeout_ms, unsigned flags)
{
	struct spawn_opts so = spawn_defaults("nanny");
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
	/* stdin (and stderr unless CHILD_STDERR) from/to /dev/null, stdout
	 * (and stderr with CHILD_STDERR) to the pipe, own process group. */
	so.stdout_fd = p[1];
	so.stderr_fd = (flags & CHILD_STDERR) ? p[1] : SPAWN_DEVNULL;
	so.new_group = true;
	so.search_path = true;
	so.before_exec = (flags & CHILD_NET_ADMIN) ? keep_net_admin : no_caps;
	pid = process_spawn(argv, &so);
	close(p[1]);
	if (pid < 0) {
		int err = errno;

		close(p[0]);
		errno = err;
		return -1;
	}
	c->pid = pid;
	c->out_fd = p[0];
	c->deadline = clock_mono_ms() + timeout_ms;
	if (evloop_add_fd(c->loop, c->out_fd, EPOLLIN, on_output, c) < 0) {
		/* Cannot watch it: no output, but the exit still counts. */
		close(c->out_fd);
		c->out_fd = -1;
	}
	arm_at(c->loop, c->timer, c->deadline);
	return 0;
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
	c->done(c, c->arg);
}

void child_kill(struct child *c)
{
	if (!child_running(c))
		return;
	kill_now(c, false);
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
