/* Real-time scheduling for pulse. At tight timers (keepalive 10 ms,
 * deadtime 30 ms) a few tens of milliseconds of scheduling delay on a busy
 * router are enough for the backup to miss the heartbeats and take over
 * while the active one is fine. SCHED_RR at a low priority puts pulse ahead
 * of ordinary work; SCHED_RESET_ON_FORK keeps lvsd, nanny and the commands
 * pulse runs at normal priority. RLIMIT_RTTIME bounds the damage a runaway
 * loop could do: past the soft limit the kernel sends SIGXCPU, and the
 * handler drops back to normal scheduling instead of hogging a CPU. */
#include "config.h"

#include "pulse.h"

#include "log.h"

#include <sched.h>
#include <stdbool.h>
#include <signal.h>
#include <sys/resource.h>

/* CPU time pulse may use without blocking, in microseconds. Its loop
 * blocks in epoll_wait between events, so natively this is never reached;
 * under valgrind the first pass through the loop can reach it. */
#define RT_SOFT_LIMIT_US 200000
#define RT_HARD_LIMIT_US 500000

/* Set by the handler, reported by the loop: logging is not safe in a
 * signal handler, and an admin must learn that pulse lost its margin. */
static volatile sig_atomic_t dropped_to_normal;

static void on_xcpu(int sig)
{
	struct sched_param normal = { .sched_priority = 0 };

	(void)sig;
	sched_setscheduler(0, SCHED_OTHER | SCHED_RESET_ON_FORK, &normal);
	dropped_to_normal = 1;
}

void pulse_realtime_report(void)
{
	static bool reported;

	if (!dropped_to_normal || reported)
		return;
	reported = true;
	log_warn("ran %d ms at real-time priority without blocking (RLIMIT_RTTIME): "
		 "back to normal scheduling until restarted", RT_SOFT_LIMIT_US / 1000);
}

int pulse_realtime(int priority)
{
	struct sched_param param = { .sched_priority = priority };
	struct rlimit limit = { RT_SOFT_LIMIT_US, RT_HARD_LIMIT_US };
	struct sigaction sa = { .sa_handler = on_xcpu };
	int lo = sched_get_priority_min(SCHED_RR), hi = sched_get_priority_max(SCHED_RR);

	if (priority <= 0)
		return 0;
	if (priority < lo || priority > hi) {
		log_err("--realtime: priority %d is out of range (%d to %d, or 0 for none)", priority, lo, hi);
		return -1;
	}
	sigaction(SIGXCPU, &sa, NULL);
	if (setrlimit(RLIMIT_RTTIME, &limit) < 0 ||
	    sched_setscheduler(0, SCHED_RR | SCHED_RESET_ON_FORK, &param) < 0) {
		/* Not fatal: without CAP_SYS_NICE pulse works, only with less
		 * margin at tight timers. */
		log_warn("cannot use real-time scheduling (SCHED_RR %d): %m; running at normal priority",
			 priority);
		return 0;
	}
	log_debug("real-time scheduling: SCHED_RR priority %d", priority);
	return 0;
}
