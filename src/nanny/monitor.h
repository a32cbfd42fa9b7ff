/* nanny's health state machine for one real server. Pure: no I/O, no
 * clock, no process of its own. The shell (run.c) feeds it events stamped
 * with the monotonic time in ms (clock_mono_ms) and performs the actions
 * it returns, in order; the last action is always HM_DO_WAKE, the time at
 * which the next HM_EV_TIMER is due (-1: none).
 *
 * States: UNKNOWN (no verdict yet), DOWN (out of service), UP (in service,
 * at `weight`). A force (SIGUSR1 down, SIGUSR2 up) pauses the checks until
 * SIGHUP lifts it.
 *
 *   state    event                              -> state  actions
 *   any      start                              same    wake at once (first check); --initial-up: UP, full weight
 *   any      timer, check due (none running)    same    start check
 *   UP       timer, adjust due, below weight    UP      weight x2 (slow start), report weight
 *   UP       timer, adjust due, load monitored  UP      start load program
 *   any      check done                         -       report check (duration)
 *   UNKNOWN  check failed                       DOWN    report down (reason)
 *   UP       check failed, fall-th in a row     DOWN    report down; re-entry time applies to the return
 *   !UP      check passed, rise-th in a row     UP      report up: full weight, or weight/32 (at least 1)
 *            (and, after failures, healthy for          after failures with slow start on
 *            the re-entry time)
 *   UP       load read                          UP      report weight if the load moves it
 *   any      forced down                        DOWN    cancel check, report down
 *   any      forced up                          UP      cancel check, report up
 *   forced   unforced                           same    checks resume at once, counts reset
 *   any      quit                               (exit)  cancel check, stop load, remove entry, exit
 *   fos      check failed (UP, or twice)        (exit)  as quit: pulse takes the service over
 *
 * Slow start and load steps come every adjust interval, or every check
 * interval when that is longer. A server that enters at start, at a
 * takeover or after maintenance has not failed: full weight at once. */
#ifndef NANNY_MONITOR_H
#define NANNY_MONITOR_H

#include "nanny.h"

enum health { HEALTH_UNKNOWN, HEALTH_DOWN, HEALTH_UP };
enum force { FORCE_NONE, FORCE_DOWN, FORCE_UP };

enum hm_event_type {
	HM_EV_START,		/* once, first */
	HM_EV_TIMER,		/* the wake-up asked for is due */
	HM_EV_CHECK_DONE,	/* ok, reason, usec: one check ended */
	HM_EV_LOAD_DONE,	/* load (< 0: failed, reason says why) */
	HM_EV_FORCE_DOWN,	/* SIGUSR1 */
	HM_EV_FORCE_UP,		/* SIGUSR2 */
	HM_EV_UNFORCE,		/* SIGHUP */
	HM_EV_QUIT,		/* SIGTERM, SIGINT, the report reader gone */
};

struct hm_event {
	enum hm_event_type type;
	msec_t now;
	bool ok;
	const char *reason;
	int64_t usec;		/* the check's duration */
	double load;
};

enum hm_action_type {
	HM_DO_START_CHECK,	/* a probe or send_program; its end is HM_EV_CHECK_DONE */
	HM_DO_CANCEL_CHECK,	/* the running check, if any, without a verdict */
	HM_DO_START_LOAD,	/* the load command; its end is HM_EV_LOAD_DONE */
	HM_DO_STOP_LOAD,	/* kill the load command, forget its result */
	HM_DO_REPORT,		/* act, weight, text (a down line's reason) */
	HM_DO_REPORT_CHECK,	/* ok, usec */
	HM_DO_LOG,		/* level, text */
	HM_DO_EXIT,		/* after the actions before it: leave once IPVS is done */
	HM_DO_WAKE,		/* at (-1: no timer) */
};

#define HM_MAX_ACTIONS 12
#define HM_TEXT_MAX 160

struct hm_actions {
	int n;
	struct hm_action {
		enum hm_action_type type;
		enum action act;
		int weight;
		bool ok;
		int level;
		int64_t usec;
		msec_t at;
		char text[HM_TEXT_MAX];
	} a[HM_MAX_ACTIONS];
};

struct health_fsm {
	const struct nanny_opts *o;
	enum health state;
	enum force force;
	int ok_streak, fail_streak;
	msec_t healthy_since;		/* start of the first good check in the streak */
	bool need_reentry;		/* taken out by failures: reentry time applies */
	bool ever_up;
	int weight;			/* effective weight while up */
	msec_t next_check;		/* -1: paused (forced, running, exiting) */
	msec_t next_adjust;		/* -1: no weight step pending */
	msec_t check_started;
	bool checking;
	bool loading;
	bool quit;
};

void health_init(struct health_fsm *m, const struct nanny_opts *o);
/* Handles one event; out is reset and receives the actions in order. */
void health_handle(struct health_fsm *m, const struct hm_event *ev, struct hm_actions *out);
msec_t health_step_ms(const struct nanny_opts *o);
/* Weight of a server going up: full, or the slow start weight when it
 * returns after failures took it out and slow start is on. */
int health_entry_weight(const struct nanny_opts *o, bool after_failure);
const char *health_action_name(enum hm_action_type t);

#endif
