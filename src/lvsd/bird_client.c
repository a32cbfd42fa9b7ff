/* The I/O shell of lvsd's questions to BIRD (see bird_client.h): one UNIX
 * stream socket, one timer, the parser of bird_reply.c. */
#include "config.h"

#include "bird_client.h"
#include "bird_reply.h"

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

enum phase {
	PH_WAIT,        /* no connection: the timer starts the next attempt */
	PH_CONNECTING,  /* connect in progress (EPOLLOUT) */
	PH_GREETING,    /* connected, waiting for "0001 ..." */
	PH_IDLE,        /* connected: the timer asks the next question */
	PH_ASKED,       /* question sent: the timer is the deadline */
};

struct bird_client {
	struct evloop *loop;
	struct bird_client_opts o;
	char *path_copy;
	struct sockaddr_un addr;
	socklen_t addr_len;
	int fd;
	enum phase phase;
	struct ev_timer *timer;
	struct bird_parser parser;
	double backoff;
	enum bird_bfd_state state;
	char why[256];
};

double bird_backoff_next(double prev, double min, double max)
{
	double next = prev <= 0 ? min : prev * 2;

	return next > max ? max : next;
}

const char *bird_bfd_state_name(enum bird_bfd_state s)
{
	switch (s) {
	case BIRD_BFD_UNKNOWN: return "unknown";
	case BIRD_BFD_UP: return "up";
	case BIRD_BFD_NONE_UP: return "no session up";
	case BIRD_BFD_UNREACHABLE: return "BIRD unreachable";
	case BIRD_BFD_NO_ANSWER: return "BIRD not answering";
	case BIRD_BFD_ERROR: return "BIRD error";
	}
	return "?";
}

enum bird_bfd_state bird_client_state(const struct bird_client *c)
{
	return c->state;
}

/* A new state is told once; the same state again (every poll) is not. */
static void report(struct bird_client *c, enum bird_bfd_state s, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void report(struct bird_client *c, enum bird_bfd_state s, const char *fmt, ...)
{
	va_list ap;

	if (s == c->state)
		return;
	c->state = s;
	va_start(ap, fmt);
	vsnprintf(c->why, sizeof(c->why), fmt, ap);
	va_end(ap);
	if (c->o.changed)
		c->o.changed(c->o.ctx, s, c->why);
}

static void drop(struct bird_client *c)
{
	if (c->fd >= 0) {
		evloop_del_fd(c->loop, c->fd);
		close(c->fd);
		c->fd = -1;
	}
}

/* The connection is no good: close it, try again after the back-off. */
static void retry_later(struct bird_client *c)
{
	drop(c);
	c->phase = PH_WAIT;
	c->backoff = bird_backoff_next(c->backoff, c->o.backoff_min, c->o.backoff_max);
	evloop_timer_arm(c->timer, c->backoff);
}

static void ask(struct bird_client *c)
{
	static const char cmd[] = BIRD_CMD_BFD_SESSIONS;
	ssize_t n = send(c->fd, cmd, sizeof(cmd) - 1, MSG_DONTWAIT | MSG_NOSIGNAL);

	/* 18 bytes into an idle socket's buffer: all or nothing in practice;
	 * anything less is a connection gone wrong. */
	if (n != (ssize_t)sizeof(cmd) - 1) {
		report(c, BIRD_BFD_UNREACHABLE, "BIRD at %s: cannot send the question: %s", c->o.path,
		       n < 0 ? strerror(errno) : "short write");
		retry_later(c);
		return;
	}
	c->phase = PH_ASKED;
	evloop_timer_arm(c->timer, c->o.reply_timeout);
}

static void answered(struct bird_client *c, enum bird_event ev)
{
	const struct bird_sessions *s = &c->parser.sessions;

	switch (ev) {
	case BIRD_NONE:
		return;
	case BIRD_GREETING:
		if (c->phase == PH_GREETING)
			ask(c);
		return;
	case BIRD_REPLY:
	case BIRD_ERROR:
		if (c->phase != PH_ASKED)
			return; /* nothing asked: not ours */
		c->backoff = 0;
		if (ev == BIRD_ERROR)
			report(c, BIRD_BFD_ERROR, "BIRD at %s: %s", c->o.path, c->parser.text);
		else if (s->up)
			report(c, BIRD_BFD_UP, "BIRD at %s: %u BFD session%s up", c->o.path, s->up,
			       s->up == 1 ? "" : "s");
		else
			report(c, BIRD_BFD_NONE_UP,
			       "BIRD at %s: no BFD session up (%u down, %u init, %u admin down, %u other)",
			       c->o.path, s->down, s->init, s->admin_down, s->other);
		c->phase = PH_IDLE;
		evloop_timer_arm(c->timer, c->o.poll_interval);
		return;
	case BIRD_GARBAGE:
		report(c, BIRD_BFD_ERROR, "BIRD at %s: reply not understood (%s)", c->o.path, c->parser.text);
		retry_later(c);
		return;
	}
}

static void on_readable(struct bird_client *c)
{
	char buf[4096];
	ssize_t n = recv(c->fd, buf, sizeof(buf), MSG_DONTWAIT);

	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		report(c, BIRD_BFD_UNREACHABLE, "BIRD at %s: %s", c->o.path,
		       n == 0 ? "closed the connection" : strerror(errno));
		retry_later(c);
		return;
	}
	for (size_t at = 0; at < (size_t)n && c->fd >= 0;) {
		enum bird_event ev;

		at += bird_parser_feed(&c->parser, buf + at, (size_t)n - at, &ev);
		answered(c, ev);
	}
}

static void on_io(struct evloop *loop, int fd, uint32_t events, void *data)
{
	struct bird_client *c = data;

	(void)loop;
	(void)fd;
	if (c->phase == PH_CONNECTING) {
		int err = 0;
		socklen_t len = sizeof(err);

		if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
			err = errno;
		if (err) {
			report(c, BIRD_BFD_UNREACHABLE, "BIRD at %s: cannot connect: %s", c->o.path,
			       strerror(err));
			retry_later(c);
			return;
		}
		c->phase = PH_GREETING;
		evloop_mod_fd(c->loop, c->fd, EPOLLIN);
		return;
	}
	if (events & (EPOLLIN | EPOLLHUP | EPOLLERR))
		on_readable(c);
}

static void start_connect(struct bird_client *c)
{
	int rc;

	bird_parser_init(&c->parser);
	c->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (c->fd < 0) {
		report(c, BIRD_BFD_UNREACHABLE, "BIRD at %s: no socket: %s", c->o.path, strerror(errno));
		retry_later(c);
		return;
	}
	rc = connect(c->fd, (const struct sockaddr *)&c->addr, c->addr_len);
	if (rc < 0 && errno != EINPROGRESS) {
		/* EAGAIN on a UNIX socket: BIRD's backlog is full (it is not
		 * accepting), not a connection in progress. */
		report(c, BIRD_BFD_UNREACHABLE, "BIRD at %s: cannot connect: %s", c->o.path, strerror(errno));
		retry_later(c);
		return;
	}
	c->phase = rc == 0 ? PH_GREETING : PH_CONNECTING;
	if (evloop_add_fd(c->loop, c->fd, rc == 0 ? EPOLLIN : EPOLLOUT, on_io, c) < 0) {
		report(c, BIRD_BFD_UNREACHABLE, "BIRD at %s: %s", c->o.path, strerror(errno));
		retry_later(c);
		return;
	}
	evloop_timer_arm(c->timer, c->o.reply_timeout);
}

static void on_timer(struct evloop *loop, struct ev_timer *t, void *data)
{
	struct bird_client *c = data;

	(void)loop;
	(void)t;
	switch (c->phase) {
	case PH_WAIT:
		start_connect(c);
		return;
	case PH_IDLE:
		ask(c);
		return;
	case PH_CONNECTING:
	case PH_GREETING:
	case PH_ASKED:
		report(c, BIRD_BFD_NO_ANSWER, "BIRD at %s: no %s within %g s", c->o.path,
		       c->phase == PH_ASKED ? "answer" : c->phase == PH_GREETING ? "greeting" : "connection",
		       c->o.reply_timeout);
		retry_later(c);
		return;
	}
}

struct bird_client *bird_client_new(struct evloop *loop, const struct bird_client_opts *o)
{
	struct bird_client *c;
	size_t n = strlen(o->path);

	if (n == 0 || n >= sizeof(c->addr.sun_path)) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	c->loop = loop;
	c->o = *o;
	if (c->o.poll_interval <= 0)
		c->o.poll_interval = BIRD_POLL_INTERVAL;
	if (c->o.reply_timeout <= 0)
		c->o.reply_timeout = BIRD_REPLY_TIMEOUT;
	if (c->o.backoff_min <= 0)
		c->o.backoff_min = BIRD_BACKOFF_MIN;
	if (c->o.backoff_max < c->o.backoff_min)
		c->o.backoff_max = c->o.backoff_min > BIRD_BACKOFF_MAX ? c->o.backoff_min : BIRD_BACKOFF_MAX;
	c->path_copy = strdup(o->path);
	c->fd = -1;
	c->addr.sun_family = AF_UNIX;
	memcpy(c->addr.sun_path, o->path, n);
	c->addr_len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n + 1);
	c->timer = evloop_timer_new(loop, on_timer, c);
	if (!c->timer || !c->path_copy) {
		bird_client_free(c);
		return NULL;
	}
	c->o.path = c->path_copy;
	c->phase = PH_WAIT;
	start_connect(c);
	return c;
}

void bird_client_free(struct bird_client *c)
{
	if (!c)
		return;
	drop(c);
	if (c->timer)
		evloop_timer_free(c->timer);
	free(c->path_copy);
	free(c);
}
