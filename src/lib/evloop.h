/* The event loop of a daemon: epoll over file descriptors, monotonic timers,
 * and signals through signalfd, so that every event is handled in one place
 * and nothing sleeps for timing. Single-threaded. */
#ifndef LVS_EVLOOP_H
#define LVS_EVLOOP_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct evloop;
struct ev_timer;

typedef void (*ev_io_fn)(struct evloop *loop, int fd, uint32_t events, void *data);
typedef void (*ev_timer_fn)(struct evloop *loop, struct ev_timer *timer, void *data);
typedef void (*ev_signal_fn)(struct evloop *loop, int signo, void *data);

struct evloop *evloop_new(void);
void evloop_free(struct evloop *loop);

/* Monotonic time in seconds, as the loop sees it for this iteration. */
double evloop_now(const struct evloop *loop);
/* Read the clock once per wake-up, not once more before each wait: the
 * next wait then counts from the wake-up, and runs late by the time the
 * callbacks took. For a loop whose timers are seconds apart and whose
 * callbacks take microseconds (nanny). Where the clock is not read through
 * the vDSO (an hpet clocksource, as in the emulated lab), each read saved
 * is a system call. */
void evloop_clock_on_wake_only(struct evloop *loop);

/* Watch fd for EPOLLIN/EPOLLOUT/...; one callback per fd. */
int evloop_add_fd(struct evloop *loop, int fd, uint32_t events, ev_io_fn fn, void *data);
int evloop_mod_fd(struct evloop *loop, int fd, uint32_t events);
void evloop_del_fd(struct evloop *loop, int fd);
/* Stop watching fd and close it, with no EPOLL_CTL_DEL: the close takes it
 * out of the epoll set, one system call fewer for a socket per check. A
 * copy of it in a child between fork and exec keeps it in the set until
 * that exec: its late events carry an old generation and are dropped, but
 * a level-triggered one that stays ready wakes the loop until then, so
 * such a watch should be EPOLLONESHOT (nanny's connect is). */
void evloop_close_fd(struct evloop *loop, int fd);

/* One-shot timers; re-arm from the callback for periodic work. A timer may
 * be freed from any callback, including its own. */
struct ev_timer *evloop_timer_new(struct evloop *loop, ev_timer_fn fn, void *data);
void evloop_timer_arm(struct ev_timer *timer, double after_seconds);
void evloop_timer_disarm(struct ev_timer *timer);
bool evloop_timer_armed(const struct ev_timer *timer);
void evloop_timer_free(struct ev_timer *timer);

/* Block signo and deliver it through the loop. SIGCHLD included. */
int evloop_add_signal(struct evloop *loop, int signo, ev_signal_fn fn, void *data);
/* The same for n signals at once: one mask change and one signalfd update
 * instead of one of each per signal (a nanny's start, 1,000 times). */
int evloop_add_signals(struct evloop *loop, const int *signos, size_t n, ev_signal_fn fn, void *data);

/* Run until evloop_quit(); returns the code given to it, or -1 on a loop error. */
int evloop_run(struct evloop *loop);
void evloop_quit(struct evloop *loop, int code);

#endif
