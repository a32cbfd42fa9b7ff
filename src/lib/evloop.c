#include "config.h"

#include "evloop.h"
#include "clock.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

/* Watchers are indexed by fd. The epoll cookie carries fd and a generation
 * number, so events still queued for an fd that was removed (or closed and
 * reused) during the same batch are recognised and dropped. */
struct fd_watch {
	ev_io_fn fn;
	void *data;
	uint32_t generation;
};

struct signal_watch {
	ev_signal_fn fn;
	void *data;
};

struct ev_timer {
	struct evloop *loop;
	ev_timer_fn fn;
	void *data;
	double deadline;
	uint64_t armed_in;  /* loop iteration that armed it */
	bool armed;
	struct ev_timer *prev, *next; /* deadline order while armed */
};

struct evloop {
	int epfd;
	int sigfd;
	sigset_t sigmask;
	struct signal_watch signals[_NSIG];
	struct fd_watch *fds;
	size_t n_fds;
	uint32_t next_generation;
	struct ev_timer *timers; /* armed timers, earliest first */
	double now;
	uint64_t iteration;
	bool clock_on_wake_only;
	bool quit;
	int quit_code;
};

struct evloop *evloop_new(void)
{
	struct evloop *loop = calloc(1, sizeof(*loop));

	if (!loop)
		return NULL;
	loop->sigfd = -1;
	loop->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (loop->epfd < 0) {
		free(loop);
		return NULL;
	}
	sigemptyset(&loop->sigmask);
	loop->now = clock_mono_s();
	return loop;
}

void evloop_free(struct evloop *loop)
{
	if (!loop)
		return;
	while (loop->timers)
		evloop_timer_disarm(loop->timers);
	if (loop->sigfd >= 0) {
		close(loop->sigfd);
		sigprocmask(SIG_UNBLOCK, &loop->sigmask, NULL);
	}
	close(loop->epfd);
	free(loop->fds);
	free(loop);
}

double evloop_now(const struct evloop *loop)
{
	return loop->now;
}

void evloop_clock_on_wake_only(struct evloop *loop)
{
	loop->clock_on_wake_only = true;
}

static int grow_fds(struct evloop *loop, int fd)
{
	size_t n = loop->n_fds ? loop->n_fds : 16;
	struct fd_watch *fds;

	if ((size_t)fd < loop->n_fds)
		return 0;
	while (n <= (size_t)fd)
		n *= 2;
	fds = realloc(loop->fds, n * sizeof(*fds));
	if (!fds)
		return -ENOMEM;
	memset(fds + loop->n_fds, 0, (n - loop->n_fds) * sizeof(*fds));
	loop->fds = fds;
	loop->n_fds = n;
	return 0;
}

int evloop_add_fd(struct evloop *loop, int fd, uint32_t events, ev_io_fn fn, void *data)
{
	struct epoll_event ev = { .events = events };
	int r;

	if (fd < 0 || !fn)
		return -EINVAL;
	r = grow_fds(loop, fd);
	if (r < 0)
		return r;
	if (loop->fds[fd].fn)
		return -EEXIST;
	loop->fds[fd] = (struct fd_watch){ fn, data, ++loop->next_generation };
	ev.data.u64 = (uint64_t)(uint32_t)fd | ((uint64_t)loop->fds[fd].generation << 32);
	if (epoll_ctl(loop->epfd, EPOLL_CTL_ADD, fd, &ev) < 0) {
		r = -errno;
		loop->fds[fd].fn = NULL;
		return r;
	}
	return 0;
}

int evloop_mod_fd(struct evloop *loop, int fd, uint32_t events)
{
	struct epoll_event ev = { .events = events };

	if (fd < 0 || (size_t)fd >= loop->n_fds || !loop->fds[fd].fn)
		return -ENOENT;
	ev.data.u64 = (uint64_t)(uint32_t)fd | ((uint64_t)loop->fds[fd].generation << 32);
	return epoll_ctl(loop->epfd, EPOLL_CTL_MOD, fd, &ev) < 0 ? -errno : 0;
}

void evloop_del_fd(struct evloop *loop, int fd)
{
	if (fd < 0 || (size_t)fd >= loop->n_fds || !loop->fds[fd].fn)
		return;
	epoll_ctl(loop->epfd, EPOLL_CTL_DEL, fd, NULL);
	loop->fds[fd].fn = NULL;
	loop->fds[fd].data = NULL;
}

void evloop_close_fd(struct evloop *loop, int fd)
{
	if (fd < 0)
		return;
	if ((size_t)fd < loop->n_fds) {
		loop->fds[fd].fn = NULL;
		loop->fds[fd].data = NULL;
	}
	close(fd);
}

struct ev_timer *evloop_timer_new(struct evloop *loop, ev_timer_fn fn, void *data)
{
	struct ev_timer *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->loop = loop;
	t->fn = fn;
	t->data = data;
	return t;
}

void evloop_timer_disarm(struct ev_timer *t)
{
	if (!t->armed)
		return;
	if (t->prev)
		t->prev->next = t->next;
	else
		t->loop->timers = t->next;
	if (t->next)
		t->next->prev = t->prev;
	t->prev = t->next = NULL;
	t->armed = false;
}

void evloop_timer_arm(struct ev_timer *t, double after)
{
	struct ev_timer **pos, *prev = NULL;

	evloop_timer_disarm(t);
	if (after < 0)
		after = 0;
	/* Deadlines count from the current loop time, so a batch of timers armed
	 * in one callback keeps its relative order. */
	t->deadline = t->loop->now + after;
	t->armed_in = t->loop->iteration;
	for (pos = &t->loop->timers; *pos && (*pos)->deadline <= t->deadline; pos = &(*pos)->next)
		prev = *pos;
	t->next = *pos;
	t->prev = prev;
	if (*pos)
		(*pos)->prev = t;
	*pos = t;
	t->armed = true;
}

bool evloop_timer_armed(const struct ev_timer *t)
{
	return t->armed;
}

void evloop_timer_free(struct ev_timer *t)
{
	if (!t)
		return;
	evloop_timer_disarm(t);
	free(t);
}

static void on_signalfd(struct evloop *loop, int fd, uint32_t events, void *data)
{
	struct signalfd_siginfo si;

	(void)events;
	(void)data;
	while (read(fd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
		int signo = (int)si.ssi_signo;

		if (signo > 0 && signo < _NSIG && loop->signals[signo].fn)
			loop->signals[signo].fn(loop, signo, loop->signals[signo].data);
	}
}

int evloop_add_signals(struct evloop *loop, const int *signos, size_t n, ev_signal_fn fn, void *data)
{
	sigset_t mask = loop->sigmask;
	int fd;

	if (!fn || n == 0)
		return -EINVAL;
	for (size_t i = 0; i < n; i++) {
		if (signos[i] <= 0 || signos[i] >= _NSIG)
			return -EINVAL;
		sigaddset(&mask, signos[i]);
	}
	if (sigprocmask(SIG_BLOCK, &mask, NULL) < 0)
		return -errno;
	loop->sigmask = mask;
	/* A disposition inherited as ignored (a shell's background job ignores
	 * SIGINT, nohup SIGHUP) must not decide whether the signal reaches us;
	 * it is blocked now, so the default action never runs. */
	for (size_t i = 0; i < n; i++)
		signal(signos[i], SIG_DFL);
	fd = signalfd(loop->sigfd, &loop->sigmask, SFD_NONBLOCK | SFD_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (loop->sigfd < 0) {
		int r = evloop_add_fd(loop, fd, EPOLLIN, on_signalfd, NULL);

		if (r < 0) {
			close(fd);
			return r;
		}
		loop->sigfd = fd;
	}
	for (size_t i = 0; i < n; i++)
		loop->signals[signos[i]] = (struct signal_watch){ fn, data };
	return 0;
}

int evloop_add_signal(struct evloop *loop, int signo, ev_signal_fn fn, void *data)
{
	return evloop_add_signals(loop, &signo, 1, fn, data);
}

static void run_due_timers(struct evloop *loop)
{
	/* A callback may arm a timer with zero delay; it then runs in the next
	 * iteration, after pending I/O, so that no timer can starve the loop.
	 * Such a timer sorts after every older due one (its deadline is "now"),
	 * so stopping at the first one armed in this iteration is exact. */
	while (loop->timers && loop->timers->deadline <= loop->now && !loop->quit) {
		struct ev_timer *t = loop->timers;

		if (t->armed_in == loop->iteration)
			break;
		evloop_timer_disarm(t);
		t->fn(loop, t, t->data);
	}
}

static int next_timeout_ms(const struct evloop *loop)
{
	double wait;

	if (!loop->timers)
		return -1;
	wait = loop->timers->deadline - (loop->clock_on_wake_only ? loop->now : clock_mono_s());
	if (wait <= 0)
		return 0;
	/* Round up so we never wake just before a deadline and spin, but by
	 * less than a millisecond: at a 10 ms keepalive a whole extra one each
	 * time is 10%. */
	return (int)(((long long)(wait * 1e6) + 999) / 1000);
}

int evloop_run(struct evloop *loop)
{
	struct epoll_event events[32];

	loop->quit = false;
	while (!loop->quit) {
		int n = epoll_wait(loop->epfd, events, 32, next_timeout_ms(loop));

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		loop->now = clock_mono_s();
		loop->iteration++;
		for (int i = 0; i < n && !loop->quit; i++) {
			int fd = (int)(uint32_t)events[i].data.u64;
			uint32_t generation = (uint32_t)(events[i].data.u64 >> 32);
			struct fd_watch *w;

			if ((size_t)fd >= loop->n_fds)
				continue;
			w = &loop->fds[fd];
			if (!w->fn || w->generation != generation)
				continue;
			w->fn(loop, fd, events[i].events, w->data);
		}
		run_due_timers(loop);
	}
	return loop->quit_code;
}

void evloop_quit(struct evloop *loop, int code)
{
	loop->quit = true;
	loop->quit_code = code;
}
