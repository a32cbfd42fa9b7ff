/* The one clock of the suite. Timers and timeouts use the monotonic clock,
 * in integer milliseconds (msec_t) or, in the event loop, in seconds as a
 * double; only what is shown to people or sent to the peer uses the wall
 * clock (ms since the Epoch). */
#ifndef LVS_CLOCK_H
#define LVS_CLOCK_H

#include <stdint.h>
#include <time.h>

typedef int64_t msec_t;

static inline msec_t clock_ms_of(const struct timespec *ts)
{
	return (msec_t)ts->tv_sec * 1000 + ts->tv_nsec / 1000000;
}

/* Monotonic milliseconds: for deadlines, intervals and timeouts. */
static inline msec_t clock_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return clock_ms_of(&ts);
}

/* Monotonic microseconds: for timing how long one check took. */
static inline int64_t clock_mono_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Monotonic seconds, the event loop's unit. */
static inline double clock_mono_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Wall clock, ms since the Epoch: for logs, status and heartbeats only,
 * never for a timer (it jumps when the time is set). */
static inline uint64_t clock_wall_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)clock_ms_of(&ts);
}

/* Wall clock in seconds since the Epoch, as the status views show it. */
static inline double clock_wall_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

#endif
