#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>
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

static int usr2_seen, hup_seen;

static void on_more(struct evloop *l, int signo, void *d)
{
	(void)d;
	usr2_seen += signo == SIGUSR2;
	hup_seen += signo == SIGHUP;
	if (usr2_seen && hup_seen)
		evloop_quit(l, 9);
}

static int old_reads, new_calls;

static void on_old(struct evloop *l, int fd, uint32_t ev, void *d)
{
	(void)l; (void)fd; (void)ev; (void)d;
	old_reads++;
}

static void on_new(struct evloop *l, int fd, uint32_t ev, void *d)
{
	char buf[8];

	(void)l; (void)ev; (void)d;
	new_calls++;
	if (read(fd, buf, sizeof(buf)) < 0)
		new_calls += 100;	/* called for an event that was not its own */
}

static void on_stop(struct evloop *l, struct ev_timer *t, void *d)
{
	(void)t; (void)d;
	evloop_quit(l, 4);
}

static double fired_at;

static void on_late(struct evloop *l, struct ev_timer *t, void *d)
{
	(void)t; (void)d;
	fired_at = evloop_now(l);
	evloop_quit(l, 6);
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

	/* Several signals at once: each reaches its callback, inherited
	 * ignores are reset, and the one watched before stays watched. */
	{
		static const int more[] = { SIGUSR2, SIGHUP };
		sigset_t blocked;

		signal(SIGUSR2, SIG_IGN);
		signal(SIGHUP, SIG_IGN);
		ok(evloop_add_signals(loop, more, 2, on_more, &tr) == 0, "watch SIGUSR2 and SIGHUP in one call");
		sigprocmask(SIG_BLOCK, NULL, &blocked);
		ok(sigismember(&blocked, SIGUSR1) && sigismember(&blocked, SIGUSR2) && sigismember(&blocked, SIGHUP),
		   "all three blocked for the signalfd");
		raise(SIGUSR2);
		raise(SIGHUP);
		is_int(evloop_run(loop), 9, "both delivered through the loop");
		is_int(usr2_seen + hup_seen, 2, "each once");
		{
			struct sigaction now;

			sigaction(SIGHUP, NULL, &now);
			ok(now.sa_handler == SIG_DFL, "the inherited ignore of SIGHUP was reset");
		}
		raise(SIGUSR1);
		is_int(evloop_run(loop), 5, "SIGUSR1, watched before, still delivered");
		ok(evloop_add_signals(loop, more, 0, on_more, &tr) < 0, "no signals: refused");
		{
			static const int bad[] = { SIGUSR2, 0 };

			ok(evloop_add_signals(loop, bad, 2, on_more, &tr) < 0, "an invalid signal in the list: refused");
		}
	}

	/* evloop_close_fd: the descriptor is closed and forgotten; its number
	 * can be watched again at once. A copy that keeps the old file open
	 * (here a dup; in life a child between fork and exec) leaves the old
	 * registration in the epoll set: its events must not reach the new
	 * watcher. */
	{
		int q[2], n[2], copy;
		struct ev_timer *stop = evloop_timer_new(loop, on_stop, NULL);

		ok(pipe(q) == 0, "pipe for close_fd");
		ok(evloop_add_fd(loop, q[0], EPOLLIN, on_old, &tr) == 0, "watch it");
		copy = dup(q[0]);
		evloop_close_fd(loop, q[0]);
		ok(fcntl(q[0], F_GETFD) < 0, "evloop_close_fd closed the descriptor");
		ok(pipe2(n, O_NONBLOCK) == 0 && n[0] == q[0], "a new pipe takes the same number (%d)", n[0]);
		ok(evloop_add_fd(loop, n[0], EPOLLIN, on_new, &tr) == 0, "the number can be watched again");
		ok(write(q[1], "o", 1) == 1 && write(n[1], "n", 1) == 1, "both pipes readable");
		evloop_timer_arm(stop, 0.1);
		is_int(evloop_run(loop), 4, "ran until the stop timer");
		is_int(new_calls, 1, "the new watcher ran once, for its own event");
		is_int(old_reads, 0, "the old file's late event was dropped");
		evloop_close_fd(loop, n[0]);
		close(n[1]);
		close(q[1]);
		close(copy);
		evloop_timer_free(stop);
	}

	/* Clock read on wake-up only: a timer still never fires early. */
	{
		struct evloop *lazy = evloop_new();
		struct ev_timer *t = evloop_timer_new(lazy, on_late, NULL);
		struct timespec ts;
		double begin;

		evloop_clock_on_wake_only(lazy);
		clock_gettime(CLOCK_MONOTONIC, &ts);
		begin = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
		evloop_timer_arm(t, 0.05);
		is_int(evloop_run(lazy), 6, "clock on wake only: the timer fired");
		clock_gettime(CLOCK_MONOTONIC, &ts);
		ok((double)ts.tv_sec + (double)ts.tv_nsec / 1e9 - begin >= 0.05 - 0.001, "not before its deadline");
		ok(fired_at >= begin + 0.05 - 0.001, "the loop's own time agrees");
		evloop_timer_free(t);
		evloop_free(lazy);
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
