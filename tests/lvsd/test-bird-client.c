/* lvsd's client of BIRD's control socket (src/lvsd/bird_client.c) against
 * a fake BIRD on a UNIX socket in the same event loop: BIRD absent, then
 * there; sessions up and down; no BFD protocol; a BIRD that stops
 * answering, that sends garbage, that never greets, that restarts. The
 * state must follow, each change told once, and the client must find BIRD
 * again by itself. Short intervals; no time is asserted. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "bird_client.h"
#include "clock.h"
#include "evloop.h"
#include "tap.h"

enum mode { M_UP, M_DOWN, M_NO_BFD, M_SILENT, M_GARBAGE, M_NO_GREETING };

static const char *const replies[] = {
	[M_UP] = "1020-bfd1:\n IP address                Interface  State      Since         Interval  Timeout\n"
		 " 10.77.0.2                 va         Up         17:56:08.013    0.200    1.000\n0000 \n",
	[M_DOWN] = "1020-bfd1:\n IP address                Interface  State      Since         Interval  Timeout\n"
		   " 10.77.0.2                 va         Down       17:56:08.013    1.000    0.000\n0000 \n",
	[M_NO_BFD] = "9001 There is no BFD protocol running\n",
	[M_GARBAGE] = "HTTP/1.0 400 Bad Request\n",
};

struct fake {
	struct evloop *loop;
	char path[108];
	int lfd, cfd;
	enum mode mode;
	char in[256];
	size_t in_len;
	unsigned questions, connections;
};

struct seen {
	enum bird_bfd_state state;
	unsigned changes;
	char why[256];
};

static struct fake F;
static struct seen S;

static void changed(void *ctx, enum bird_bfd_state st, const char *why)
{
	struct seen *s = ctx;

	s->state = st;
	s->changes++;
	snprintf(s->why, sizeof(s->why), "%s", why);
	printf("# change %u: %s: %s\n", s->changes, bird_bfd_state_name(st), why);
}

static void fake_close_conn(struct fake *f)
{
	if (f->cfd >= 0) {
		evloop_del_fd(f->loop, f->cfd);
		close(f->cfd);
		f->cfd = -1;
	}
}

static void fake_conn_io(struct evloop *loop, int fd, uint32_t events, void *data)
{
	struct fake *f = data;
	char buf[256];
	ssize_t n = read(fd, buf, sizeof(buf));

	(void)loop, (void)events;
	if (n <= 0) {
		fake_close_conn(f);
		return;
	}
	for (ssize_t i = 0; i < n; i++) {
		if (buf[i] != '\n') {
			if (f->in_len < sizeof(f->in) - 1)
				f->in[f->in_len++] = buf[i];
			continue;
		}
		f->in[f->in_len] = '\0';
		f->in_len = 0;
		if (strcmp(f->in, "show bfd sessions") != 0) {
			printf("# fake BIRD: unexpected command \"%s\"\n", f->in);
			continue;
		}
		f->questions++;
		if (f->mode == M_SILENT || f->mode == M_NO_GREETING)
			continue;
		if (write(fd, replies[f->mode], strlen(replies[f->mode])) < 0)
			fake_close_conn(f);
	}
}

static void fake_accept(struct evloop *loop, int fd, uint32_t events, void *data)
{
	struct fake *f = data;
	int c = accept4(fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
	static const char greet[] = "0001 BIRD 2.0.12 ready.\n";

	(void)events;
	if (c < 0)
		return;
	fake_close_conn(f); /* one client at a time, as lvsd has */
	f->cfd = c;
	f->in_len = 0;
	f->connections++;
	if (f->mode != M_NO_GREETING && write(c, greet, sizeof(greet) - 1) < 0) {
		fake_close_conn(f);
		return;
	}
	evloop_add_fd(loop, c, EPOLLIN, fake_conn_io, f);
}

static int fake_listen(struct fake *f)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };

	unlink(f->path);
	snprintf(a.sun_path, sizeof(a.sun_path), "%s", f->path);
	f->lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (f->lfd < 0 || bind(f->lfd, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(f->lfd, 4) < 0)
		return -1;
	return evloop_add_fd(f->loop, f->lfd, EPOLLIN, fake_accept, f);
}

/* BIRD stops: the listener and the connection go, the path too. */
static void fake_stop(struct fake *f)
{
	fake_close_conn(f);
	if (f->lfd >= 0) {
		evloop_del_fd(f->loop, f->lfd);
		close(f->lfd);
		f->lfd = -1;
	}
	unlink(f->path);
}

/* Run the loop until pred() or max seconds. */
static bool (*want)(void);
static double until;
static void tick(struct evloop *loop, struct ev_timer *t, void *data)
{
	(void)data;
	if (want() || evloop_now(loop) > until)
		evloop_quit(loop, 0);
	else
		evloop_timer_arm(t, 0.01);
}

static bool run_until(bool (*pred)(void), double max)
{
	struct ev_timer *t = evloop_timer_new(F.loop, tick, NULL);

	want = pred;
	until = evloop_now(F.loop) + max;
	evloop_timer_arm(t, 0.01);
	evloop_run(F.loop);
	evloop_timer_free(t);
	return pred();
}

static bool is_up(void) { return S.state == BIRD_BFD_UP; }
static bool is_none_up(void) { return S.state == BIRD_BFD_NONE_UP; }
static bool is_unreachable(void) { return S.state == BIRD_BFD_UNREACHABLE; }
static bool is_no_answer(void) { return S.state == BIRD_BFD_NO_ANSWER; }
static bool is_error(void) { return S.state == BIRD_BFD_ERROR; }
static unsigned q_mark;
static bool five_more(void) { return F.questions >= q_mark + 5; }
static bool never(void) { return false; }

int main(void)
{
	char dir[] = "/tmp/test-bird-client.XXXXXX";
	struct bird_client_opts o = {
		.poll_interval = 0.05, .reply_timeout = 0.3, .backoff_min = 0.02, .backoff_max = 0.1,
		.changed = changed, .ctx = &S,
	};
	struct bird_client *c;
	unsigned changes, conns;

	if (!mkdtemp(dir)) {
		printf("1..0 # SKIP no temporary directory\n");
		return 0;
	}
	F.loop = evloop_new();
	F.lfd = F.cfd = -1;
	snprintf(F.path, sizeof(F.path), "%s/bird.ctl", dir);
	o.path = F.path;

	/* A path too long for a UNIX socket is refused at once. */
	{
		char longp[200];
		struct bird_client_opts lo = o;

		memset(longp, 'a', sizeof(longp) - 1);
		longp[sizeof(longp) - 1] = '\0';
		lo.path = longp;
		errno = 0;
		ok(!bird_client_new(F.loop, &lo) && errno == ENAMETOOLONG, "a path too long: refused (ENAMETOOLONG)");
	}

	/* BIRD not running. */
	c = bird_client_new(F.loop, &o);
	ok(c != NULL, "client created");
	ok(run_until(is_unreachable, 5), "no BIRD: unreachable (%s)", S.why);
	ok(strstr(S.why, F.path) != NULL, "the reason names the socket");
	changes = S.changes;
	run_until(never, 0.3); /* several attempts at back-off 0.02..0.1 s */
	is_int(S.changes, changes, "no BIRD, attempt after attempt: told once");

	/* BIRD starts: found without help, one session up. */
	F.mode = M_UP;
	ok(fake_listen(&F) == 0, "fake BIRD listens");
	ok(run_until(is_up, 5), "BIRD there with a session Up: up (%s)", S.why);
	changes = S.changes;
	q_mark = F.questions;
	ok(run_until(five_more, 5), "it asks again and again");
	is_int(S.changes, changes, "the same answer every poll: no new change told");
	conns = F.connections;
	is_int(conns, 1, "one connection for all those questions");

	/* The session goes down, then up. */
	F.mode = M_DOWN;
	ok(run_until(is_none_up, 5), "the session Down: no session up (%s)", S.why);
	F.mode = M_UP;
	ok(run_until(is_up, 5), "Up again: up");

	/* BIRD without a BFD protocol. */
	F.mode = M_NO_BFD;
	ok(run_until(is_error, 5), "no BFD protocol: error");
	ok(strstr(S.why, "There is no BFD protocol running") != NULL, "... with BIRD's words (%s)", S.why);
	is_int(F.connections, conns, "an error reply keeps the connection");
	F.mode = M_UP;
	ok(run_until(is_up, 5), "back to up");

	/* BIRD hangs: the deadline, then a new connection. */
	F.mode = M_SILENT;
	ok(run_until(is_no_answer, 5), "BIRD silent: not answering (%s)", S.why);
	F.mode = M_UP;
	ok(run_until(is_up, 5), "BIRD answers again: up");
	ok(F.connections > conns, "... on a new connection (%u)", F.connections);

	/* Garbage: the connection is dropped and made again. */
	conns = F.connections;
	F.mode = M_GARBAGE;
	ok(run_until(is_error, 5), "garbage: error (%s)", S.why);
	F.mode = M_UP;
	ok(run_until(is_up, 5), "good replies again: up");
	ok(F.connections > conns, "... on a new connection");

	/* BIRD restarts: closed, unreachable while it is gone, then found. */
	fake_stop(&F);
	ok(run_until(is_unreachable, 5), "BIRD stopped: unreachable (%s)", S.why);
	F.mode = M_NO_GREETING;
	ok(fake_listen(&F) == 0, "BIRD back, not greeting yet");
	ok(run_until(is_no_answer, 5), "no greeting: not answering (%s)", S.why);
	ok(strstr(S.why, "greeting") != NULL, "... says it waited for the greeting");
	F.mode = M_UP;
	ok(run_until(is_up, 5), "BIRD greets and answers: up");

	bird_client_free(c);
	fake_stop(&F);
	rmdir(dir);
	evloop_free(F.loop);
	/* The back-off, pure. */
	is_int((int)(bird_backoff_next(0, 0.5, 5) * 1000), 500, "back-off: first 0.5 s");
	is_int((int)(bird_backoff_next(0.5, 0.5, 5) * 1000), 1000, "back-off: doubles");
	is_int((int)(bird_backoff_next(4, 0.5, 5) * 1000), 5000, "back-off: at most the maximum");
	return tap_done();
}
