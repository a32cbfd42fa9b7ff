/* nanny's state machine: check results and signals in, state changes out. */
#ifndef NANNY_MONITOR_H
#define NANNY_MONITOR_H

#include "nanny.h"

enum health { HEALTH_UNKNOWN, HEALTH_DOWN, HEALTH_UP };
enum force { FORCE_NONE, FORCE_DOWN, FORCE_UP };

struct monitor {
	const struct nanny_opts *o;
	enum health state;
	enum force force;
	int ok_streak, fail_streak;
	msec_t healthy_since;		/* start of the first good check in the streak */
	bool need_reentry;		/* taken out by failures: reentry time applies */
	bool ever_up;
	int weight;			/* effective weight while up */
	msec_t next_check;		/* -1: paused (forced) */
	msec_t next_adjust;		/* -1: no weight step pending */
	msec_t check_started;
	int64_t check_started_us;	/* the same, in microseconds, for its duration */
	bool checking;
	bool quit;
	bool shut_down;			/* monitor_shutdown ran: only ipvsadm left */
	int exit_code;
	struct probe probe;
	struct child check_child;
	struct child load_child;
	struct output_state out;	/* last: its child buffer stays untouched in report mode */
};

void monitor_init(struct monitor *m, const struct nanny_opts *o);
void monitor_start_check(struct monitor *m);
void monitor_check_done(struct monitor *m, bool ok, const char *reason);
/* Program check or load program finished (after child_exited/child_kill). */
void monitor_check_child_done(struct monitor *m);
void monitor_load_done(struct monitor *m);
void monitor_adjust(struct monitor *m);
void monitor_signal(struct monitor *m, int sig);
/* Stop checking, kill our programs, ask for our IPVS entry to go (standalone
 * mode: the main loop then runs until output_busy() is false). */
void monitor_shutdown(struct monitor *m);
msec_t monitor_step_ms(const struct monitor *m);
/* Weight of a server going up: full, or the slow start weight when it
 * returns after failures took it out and slow start is on. */
int monitor_entry_weight(const struct nanny_opts *o, bool after_failure);

#endif
