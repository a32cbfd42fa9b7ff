#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "evloop.h"
#include "tap.h"

struct trace {
	char order[16];
	int n;
	int pipe_reads;
	int signals;
	int rearms;
	struct ev_timer *victim;
};

static void note(struct trace *tr, char c)
{
	if (tr->n < (int)sizeof(tr->order) - 1)
		tr->order[tr->n++] = c;
}

static void on_a(struct evloop *l, struct ev_timer *t, void *d) { (void)l; (void)t; note(d, 'a'); }
static void on_b(struct evloop *l, struct ev_timer *t, void *d) { (void)l; (void)t; note(d, 'b'); }
static void on_c(struct evloop *l, struct ev_timer *t, void *d) { (void)t; note(d, 'c'); evloop_quit(l, 7); }

static void on_killer(struct evloop *l, struct ev_timer *t, void *d)
{
	struct trace *tr = d;

	(void)l;
	(void)t;
	note(tr, 'k');
	evloop_timer_free(tr->victim); /* free another due timer from a callback */
	tr->victim = NULL;
}

static void on_rearm(struct evloop *l, struct ev_timer *t, void *d)
{
	struct trace *tr = d;

	(void)l;
	if (++tr->rearms < 1000)
		evloop_timer_arm(t, 0); /* must not starve I/O */
}

static void on_pipe(struct evloop *l, int fd, uint32_t ev, void *d)
{
	struct trace *tr = d;
	char buf[8];

	(void)ev;
	if (read(fd, buf, sizeof(buf)) > 0)
		tr->pipe_reads++;
	evloop_quit(l, 3);
}

static void on_usr1(struct evloop *l, int signo, void *d)
{
	struct trace *tr = d;

	tr->signals += signo == SIGUSR1;
	evloop_quit(l, 5);
}

int main(void)
{
	struct evloop *loop = evloop_new();
	struct trace tr = { 0 };
	struct ev_timer *a, *b, *c, *k, *r;
	int p[2];
	double start;

	ok(loop != NULL, "loop created");
	a = evloop_timer_new(loop, on_a, &tr);
	b = evloop_timer_new(loop, on_b, &tr);
	c = evloop_timer_new(loop, on_c, &tr);
	evloop_timer_arm(c, 0.06);
	evloop_timer_arm(b, 0.02);
	evloop_timer_arm(a, 0.01);
	ok(evloop_timer_armed(a), "armed timer reports armed");
	start = evloop_now(loop);
	is_int(evloop_run(loop), 7, "run returns the quit code");
	is_str(tr.order, "abc", "timers fire in deadline order");
	ok(evloop_now(loop) - start >= 0.06, "loop time advanced by at least the last deadline");
	ok(!evloop_timer_armed(a), "fired timer is disarmed");

	/* Freeing a due timer from another timer's callback. */
	tr.n = 0;
	memset(tr.order, 0, sizeof(tr.order));
	k = evloop_timer_new(loop, on_killer, &tr);
	tr.victim = evloop_timer_new(loop, on_a, &tr);
	evloop_timer_arm(k, 0.01);
	evloop_timer_arm(tr.victim, 0.01);
	evloop_timer_arm(c, 0.03);
	evloop_run(loop);
	is_str(tr.order, "kc", "a timer freed by an earlier callback does not fire");

	/* A timer re-arming itself with zero delay does not starve I/O. */
	ok(pipe(p) == 0, "pipe");
	ok(evloop_add_fd(loop, p[0], EPOLLIN, on_pipe, &tr) == 0, "watch pipe");
	ok(evloop_add_fd(loop, p[0], EPOLLIN, on_pipe, &tr) < 0, "second watcher on one fd refused");
	r = evloop_timer_new(loop, on_rearm, &tr);
	evloop_timer_arm(r, 0);
	ok(write(p[1], "x", 1) == 1, "write to pipe");
	is_int(evloop_run(loop), 3, "pipe readiness delivered");
	is_int(tr.pipe_reads, 1, "pipe callback ran once");
	ok(tr.rearms < 1000, "zero-delay timer did not starve the pipe (%d re-arms)", tr.rearms);
	evloop_timer_disarm(r);
	evloop_del_fd(loop, p[0]);

	/* Signals arrive through the loop, even one the process inherited as
	 * ignored (as a shell's background job inherits SIGINT). */
	signal(SIGUSR1, SIG_IGN);
	ok(evloop_add_signal(loop, SIGUSR1, on_usr1, &tr) == 0, "watch SIGUSR1");
	raise(SIGUSR1);
	is_int(evloop_run(loop), 5, "signal delivered through the loop");
	is_int(tr.signals, 1, "SIGUSR1 seen once");
	{
		struct sigaction now;

		sigaction(SIGUSR1, NULL, &now);
		ok(now.sa_handler == SIG_DFL, "the inherited ignore of SIGUSR1 was reset");
	}

	evloop_timer_free(a);
	evloop_timer_free(b);
	evloop_timer_free(c);
	evloop_timer_free(k);
	evloop_timer_free(r);
	close(p[0]);
	close(p[1]);
	evloop_free(loop);
	return tap_done();
}
