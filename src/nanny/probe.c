#include "config.h"

#include "nanny.h"
#include "evloop.h"

#include <errno.h>
#include <sys/epoll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void probe_close(struct probe *p);
static void probe_io(struct probe *p, const struct nanny_opts *o, uint32_t events);
static void on_io(struct evloop *loop, int fd, uint32_t events, void *data);

static void done(struct probe *p, bool ok, const char *fmt, const char *arg)
{
	p->ok = ok;
	p->phase = PROBE_DONE;
	snprintf(p->reason, sizeof(p->reason), fmt, arg);
	probe_close(p);
}

static void fail_errno(struct probe *p, const char *what, int err)
{
	char msg[96];

	snprintf(msg, sizeof(msg), "%s: %s", what, strerror(err));
	done(p, false, "%s", msg);
}

/* A failed send or recv: not yet (EAGAIN), refused by ICMP (UDP), or an error. */
static void io_failed(struct probe *p, const struct nanny_opts *o, const char *what, int err)
{
	if (err == EAGAIN || err == EINTR)
		return;
	if (o->udp && err == ECONNREFUSED)
		done(p, false, "%s", "refused (ICMP port unreachable)");
	else
		fail_errno(p, what, err);
}

/* After connecting: send, then read if anything is expected. */
static void next_after_connect(struct probe *p, const struct nanny_opts *o)
{
	if (o->send_len || o->udp)
		p->phase = PROBE_SEND;
	else if (o->expect)
		p->phase = PROBE_READ;
	else
		done(p, true, "%s", "connected");
}

/* The events the phase waits for. */
/* The connect is watched one-shot: it ends in a close (evloop_close_fd, no
 * EPOLL_CTL_DEL) or a change of phase (a MOD, which re-arms). A copy of
 * the socket in a child between fork and exec (a load program, ipvsadm)
 * then keeps a registration that can report at most once, not a writable
 * socket that would wake the loop over and over until that exec. */
static uint32_t phase_events(const struct probe *p)
{
	if (p->phase == PROBE_READ)
		return EPOLLIN;
	return p->phase == PROBE_CONNECT ? EPOLLOUT | EPOLLONESHOT : EPOLLOUT;
}

void probe_start(struct probe *p)
{
	const struct nanny_opts *o = p->o;
	int type = (o->udp ? SOCK_DGRAM : SOCK_STREAM) | SOCK_NONBLOCK | SOCK_CLOEXEC;

	p->sent = p->len = 0;
	p->buf[0] = '\0';
	p->ok = false;
	p->reason[0] = '\0';
	p->deadline = loop_ms(p->loop) + o->timeout_ms;
	p->fd = socket(o->server.ss_family, type, 0);
	if (p->fd < 0) {
		fail_errno(p, "socket", errno);
		return;
	}
	if (connect(p->fd, (const struct sockaddr *)&o->server, o->server_len) == 0) {
		next_after_connect(p, o);
		/* Connected at once (UDP always is): send now rather than wait a
		 * turn of the loop to hear that the socket is writable. */
		if (p->phase == PROBE_SEND)
			probe_io(p, o, EPOLLOUT);
	} else if (errno == EINPROGRESS) {
		p->phase = PROBE_CONNECT;
	} else {
		fail_errno(p, "connect", errno);
	}
	if (p->phase == PROBE_DONE) {
		/* The verdict comes from the loop, not from within this call. */
		evloop_timer_arm(p->timer, 0);
		return;
	}
	/* Watched for its phase at once: one system call per check fewer
	 * than adding it, then changing it. */
	if (evloop_add_fd(p->loop, p->fd, phase_events(p), on_io, p) < 0) {
		fail_errno(p, "cannot watch the socket", errno);
		evloop_timer_arm(p->timer, 0);
		return;
	}
	arm_at(p->loop, p->timer, p->deadline);
}

static void watch(struct probe *p)
{
	if (p->fd >= 0)
		evloop_mod_fd(p->loop, p->fd, phase_events(p));
}

static void do_read(struct probe *p, const struct nanny_opts *o)
{
	for (;;) {
		ssize_t n = recv(p->fd, p->buf + p->len, NANNY_REPLY_MAX - p->len, 0);
		enum match_result m;

		if (n < 0) {
			io_failed(p, o, "read", errno);
			return;
		}
		p->len += n;
		p->buf[p->len] = '\0';
		/* A datagram is a whole reply; a stream ends at EOF. */
		m = reply_match(o, p->buf, p->len, n == 0 || o->udp);
		if (m == MATCH_YES) {
			done(p, true, "%s", "reply matched");
			return;
		}
		if (m == MATCH_NO) {
			done(p, false, "%s", n == 0 && p->len == 0 ? "connection closed without a reply"
					: "reply did not match expect string");
			return;
		}
	}
}

static void probe_io(struct probe *p, const struct nanny_opts *o, uint32_t events)
{
	int err = 0;
	socklen_t len = sizeof(err);

	switch (p->phase) {
	case PROBE_CONNECT:
		/* Writable without an error or a hang-up: connected, and no
		 * need to ask (the common case, once per check). */
		if ((events & (EPOLLERR | EPOLLHUP)) &&
		    getsockopt(p->fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
			err = errno;
		if (err) {
			fail_errno(p, "connect", err);
			return;
		}
		next_after_connect(p, o);
		return;
	case PROBE_SEND: {
		ssize_t n = send(p->fd, o->send ? o->send + p->sent : "",
				 o->send_len - p->sent, MSG_NOSIGNAL);

		if (n < 0) {
			io_failed(p, o, "send", errno);
			return;
		}
		p->sent += n;
		if (o->udp || p->sent >= o->send_len) {
			/* UDP always waits for an answer (or ICMP); TCP only if asked. */
			if (o->expect || o->udp)
				p->phase = PROBE_READ;
			else
				done(p, true, "%s", "sent");
		}
		return;
	}
	case PROBE_READ:
		do_read(p, o);
		return;
	default:
		return;
	}
}

static void probe_timeout(struct probe *p, const struct nanny_opts *o)
{
	static const char *const what[] = {
		[PROBE_CONNECT] = "timeout while connecting",
		[PROBE_SEND] = "timeout while sending",
		[PROBE_READ] = "timeout waiting for the reply",
	};

	if (p->phase == PROBE_DONE || p->phase == PROBE_IDLE)
		return;
	/* Silence is the only answer some UDP services give: without an
	 * expect string a UDP check passes unless ICMP said "refused". */
	if (o->udp && !o->expect && p->phase == PROBE_READ) {
		done(p, true, "%s", "no reply, none expected");
		return;
	}
	/* Something came but never what we wanted. */
	if (p->phase == PROBE_READ && p->len > 0)
		done(p, false, "%s", "timeout, reply did not match expect string");
	else
		done(p, false, "%s", what[p->phase]);
}

static void probe_close(struct probe *p)
{
	if (p->fd >= 0)
		evloop_close_fd(p->loop, p->fd);
	p->fd = -1;
}

static void on_io(struct evloop *loop, int fd, uint32_t events, void *data)
{
	struct probe *p = data;
	enum probe_phase before = p->phase;

	(void)loop;
	(void)fd;
	probe_io(p, p->o, events);
	/* The connect completed, so the socket is writable: send in this
	 * turn, which saves a watch change and a wake per check. */
	if (before == PROBE_CONNECT && p->phase == PROBE_SEND)
		probe_io(p, p->o, EPOLLOUT);
	if (p->phase == PROBE_DONE) {
		evloop_timer_disarm(p->timer);
		p->done(p, p->arg);
	} else if (p->phase != before) {
		watch(p);
	}
}

/* The deadline, or a verdict reached at once in probe_start. */
static void on_timer(struct evloop *loop, struct ev_timer *t, void *data)
{
	struct probe *p = data;

	(void)loop;
	(void)t;
	if (p->phase == PROBE_IDLE)
		return;
	if (p->phase != PROBE_DONE)
		probe_timeout(p, p->o);
	p->done(p, p->arg);
}

int probe_setup(struct probe *p, const struct nanny_opts *o, struct evloop *loop,
		void (*done)(struct probe *, void *), void *arg)
{
	/* Not the reply buffer: untouched, its pages are never made resident. */
	p->phase = PROBE_IDLE;
	p->fd = -1;
	p->len = 0;
	p->o = o;
	p->loop = loop;
	p->done = done;
	p->arg = arg;
	p->timer = evloop_timer_new(loop, on_timer, p);
	return p->timer ? 0 : -1;
}

void probe_cancel(struct probe *p)
{
	probe_close(p);
	evloop_timer_disarm(p->timer);
	p->phase = PROBE_IDLE;
}

void probe_cleanup(struct probe *p)
{
	probe_cancel(p);
	evloop_timer_free(p->timer);
	p->timer = NULL;
}
