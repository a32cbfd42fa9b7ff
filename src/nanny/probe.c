#include "config.h"

#include "nanny.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

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

void probe_start(struct probe *p, const struct nanny_opts *o)
{
	int type = (o->udp ? SOCK_DGRAM : SOCK_STREAM) | SOCK_NONBLOCK | SOCK_CLOEXEC;

	p->sent = p->len = 0;
	p->buf[0] = '\0';
	p->ok = false;
	p->reason[0] = '\0';
	p->deadline = now_ms() + o->timeout_ms;
	p->fd = socket(o->server.ss_family, type, 0);
	if (p->fd < 0) {
		fail_errno(p, "socket", errno);
		return;
	}
	if (connect(p->fd, (const struct sockaddr *)&o->server, o->server_len) == 0) {
		next_after_connect(p, o);
	} else if (errno == EINPROGRESS) {
		p->phase = PROBE_CONNECT;
	} else {
		fail_errno(p, "connect", errno);
	}
}

short probe_events(const struct probe *p)
{
	switch (p->phase) {
	case PROBE_CONNECT:
	case PROBE_SEND:
		return POLLOUT;
	case PROBE_READ:
		return POLLIN;
	default:
		return 0;
	}
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

void probe_io(struct probe *p, const struct nanny_opts *o, short revents)
{
	int err = 0;
	socklen_t len = sizeof(err);

	switch (p->phase) {
	case PROBE_CONNECT:
		if (getsockopt(p->fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
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
		(void)revents;
		do_read(p, o);
		return;
	default:
		return;
	}
}

void probe_timeout(struct probe *p, const struct nanny_opts *o)
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

void probe_close(struct probe *p)
{
	if (p->fd >= 0)
		close(p->fd);
	p->fd = -1;
}
