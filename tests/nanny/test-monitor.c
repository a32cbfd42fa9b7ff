/* Unit tests of nanny's state machine (src/nanny/monitor.c) on a simulated
 * clock, as tests/failover/test-failover.c does for pulse: events go in
 * stamped with the time, the actions it asks for (checks, load runs,
 * up/weight/down with their weights, the next wake-up) come out. No
 * sockets, no processes, no clock: the machine has none of them. */
#include "config.h"

#include "monitor.h"
#include "tap.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

/* ---- the simulated world ---- */

static msec_t clock_ms;

#define MAX_ACTS 64
static struct act_rec {
	enum action act;
	int weight;
	msec_t at;
	char reason[HM_TEXT_MAX];
} acts[MAX_ACTS];
static int n_acts;

/* The check lines (--report-checks), in order: 'o' passed, 'f' failed. */
static char checks_seen[MAX_ACTS + 1];
static int n_checks_seen;
static int64_t longest_check_us;

static int n_child_starts;	/* load program runs */
static int n_check_starts, n_check_cancels, n_load_stops, n_exits, n_warnings;
static msec_t last_wake;
static bool wake_last;		/* every action list ended with its wake-up */
static enum hm_action_type last_types[HM_MAX_ACTIONS];
static int n_last;

static void feed_ev(struct health_fsm *m, struct hm_event ev)
{
	struct hm_actions out;

	ev.now = clock_ms;
	health_handle(m, &ev, &out);
	n_last = out.n;
	if (out.n < 1 || out.a[out.n - 1].type != HM_DO_WAKE)
		wake_last = false;
	for (int i = 0; i < out.n; i++) {
		const struct hm_action *a = &out.a[i];

		last_types[i] = a->type;
		if (a->type == HM_DO_WAKE && i != out.n - 1)
			wake_last = false;
		switch (a->type) {
		case HM_DO_REPORT:
			if (a->act == ACT_REMOVE)
				break;
			if (n_acts < MAX_ACTS) {
				acts[n_acts] = (struct act_rec){ a->act, a->weight, clock_ms, "" };
				snprintf(acts[n_acts].reason, sizeof(acts[n_acts].reason), "%s", a->text);
				n_acts++;
			}
			break;
		case HM_DO_REPORT_CHECK:
			if (n_checks_seen < MAX_ACTS)
				checks_seen[n_checks_seen++] = a->ok ? 'o' : 'f';
			checks_seen[n_checks_seen] = '\0';
			if (a->usec > longest_check_us || a->usec < 0)
				longest_check_us = a->usec < 0 ? INT64_MAX : a->usec;
			break;
		case HM_DO_START_CHECK:
			n_check_starts++;
			break;
		case HM_DO_CANCEL_CHECK:
			n_check_cancels++;
			break;
		case HM_DO_START_LOAD:
			n_child_starts++;
			break;
		case HM_DO_STOP_LOAD:
			n_load_stops++;
			break;
		case HM_DO_EXIT:
			n_exits++;
			break;
		case HM_DO_LOG:
			n_warnings += a->level <= LOG_WARNING;
			break;
		case HM_DO_WAKE:
			last_wake = a->at;
			break;
		}
	}
}

static void feed(struct health_fsm *m, enum hm_event_type type)
{
	feed_ev(m, (struct hm_event){ .type = type });
}

static void monitor_init(struct health_fsm *m, const struct nanny_opts *o)
{
	health_init(m, o);
	feed(m, HM_EV_START);
}

/* SIGUSR1, SIGUSR2, SIGHUP as the shell turns them into events. */
static void monitor_signal(struct health_fsm *m, int sig)
{
	feed(m, sig == SIGUSR1 ? HM_EV_FORCE_DOWN : sig == SIGUSR2 ? HM_EV_FORCE_UP :
		sig == SIGHUP ? HM_EV_UNFORCE : HM_EV_QUIT);
}

/* A weight step is due: the timer fires at its time. */
static void monitor_adjust(struct health_fsm *m)
{
	feed(m, HM_EV_TIMER);
}

/* The load program "ran" and printed text, exit status 0; the shell
 * parses it. */
static void load_program_says(struct health_fsm *m, const char *text)
{
	double load = load_parse(text);

	feed_ev(m, (struct hm_event){ .type = HM_EV_LOAD_DONE, .ok = load >= 0, .load = load,
				      .reason = load < 0 ? "bad load average" : "" });
}

/* ---- helpers ---- */

static void opts_init(struct nanny_opts *o)
{
	memset(o, 0, sizeof(*o));
	snprintf(o->server_str, sizeof(o->server_str), "192.0.2.11");
	o->rport = 80;
	o->interval_ms = 1000;
	o->timeout_ms = 500;
	o->reentry_ms = 5000;
	o->adjust_ms = 20000;
	o->rise = 1;
	o->fall = 1;
	o->weight = 64;
	o->scale = 10;
	o->slow_start = true;
	o->report_fd = 99;	/* report mode; the stub never writes */
}

static void reset_world(void)
{
	clock_ms = 100000;
	n_acts = 0;
	n_child_starts = 0;
	n_check_starts = n_check_cancels = n_load_stops = n_exits = n_warnings = 0;
	last_wake = -2;
	wake_last = true;
	n_checks_seen = 0;
	checks_seen[0] = '\0';
	longest_check_us = 0;
}

/* One check taking 10 ms, then the clock moves to the next one. */
static void check(struct health_fsm *m, bool passed)
{
	clock_ms = m->next_check > clock_ms ? m->next_check : clock_ms;
	feed(m, HM_EV_TIMER);
	clock_ms += 10;
	feed_ev(m, (struct hm_event){ .type = HM_EV_CHECK_DONE, .ok = passed, .usec = 10000,
				      .reason = passed ? "passed" : "connect: Connection refused" });
}

/* Good checks until the server goes up (or max checks); returns the
 * number of checks. */
static int check_until_up(struct health_fsm *m, int max)
{
	int n = 0;

	while (m->state != HEALTH_UP && n < max) {
		check(m, true);
		n++;
	}
	return n;
}

/* Fire weight steps until none is pending (or max); the weights in order
 * go to buf as "w w w". */
static void run_adjusts(struct health_fsm *m, int max, char *buf, size_t len, bool *steps_on_time)
{
	size_t used = 0;

	buf[0] = '\0';
	*steps_on_time = true;
	for (int i = 0; i < max && m->next_adjust >= 0; i++) {
		msec_t due = m->next_adjust;
		int before = n_acts;

		clock_ms = due;
		monitor_adjust(m);
		if (n_acts == before + 1 && acts[before].act == ACT_WEIGHT)
			used += snprintf(buf + used, len - used, "%s%d", used ? " " : "", acts[before].weight);
		if (m->next_adjust >= 0 && m->next_adjust != clock_ms + 20000)
			*steps_on_time = false;
	}
}

/* ---- tests ---- */

static void test_first_up_full_weight(void)
{
	struct nanny_opts o;
	struct health_fsm m;

	opts_init(&o);
	reset_world();
	monitor_init(&m, &o);
	check(&m, true);
	is_int(n_acts, 1, "first good check: one action");
	is_int(acts[0].act, ACT_UP, "... which is up");
	is_int(acts[0].weight, 64, "first up of a server that never failed: full configured weight");
	is_int(m.next_adjust, -1, "no slow start step pending after a first up");
	clock_ms += 60000;
	check(&m, true);
	is_int(n_acts, 1, "healthy server at full weight: no further actions");

	/* Down at start (never in service), then up: not a return after a
	 * failure taking it out, so full weight too (and no re-entry wait). */
	opts_init(&o);
	reset_world();
	monitor_init(&m, &o);
	check(&m, false);
	is_int(acts[0].act, ACT_DOWN, "failing at start: down reported");
	is_int(check_until_up(&m, 20), 1, "healthy after failing at start: up on the next good check");
	is_int(acts[1].weight, 64, "... at full weight (it was never in service)");

	/* With rise 3 the first up still carries the full weight. */
	opts_init(&o);
	o.rise = 3;
	reset_world();
	monitor_init(&m, &o);
	is_int(check_until_up(&m, 20), 3, "rise 3: up after three good checks");
	is_int(acts[0].weight, 64, "rise 3: first up at full weight");
}

static void test_return_with_slow_start(void)
{
	struct nanny_opts o;
	struct health_fsm m;
	char steps[256];
	bool on_time;
	msec_t back;
	int n;

	opts_init(&o);
	reset_world();
	monitor_init(&m, &o);
	check(&m, true);
	check(&m, false);
	is_int(n_acts, 2, "failure of a server in service: one more action");
	is_int(acts[1].act, ACT_DOWN, "... down");
	back = clock_ms;
	n = check_until_up(&m, 50);
	is_int(n_acts, 3, "return: up once");
	ok(acts[2].at - back >= o.reentry_ms, "return only after the re-entry time (%lld ms)",
	   (long long)(acts[2].at - back));
	is_int(acts[2].act, ACT_UP, "return reported as up");
	is_int(acts[2].weight, 2, "return after a failure with slow start: weight 64/32 = 2");
	ok(n > 1 && m.next_adjust == clock_ms + 20000, "first slow start step one adjust interval later");
	run_adjusts(&m, 20, steps, sizeof(steps), &on_time);
	is_str(steps, "4 8 16 32 64", "slow start doubles up to the configured weight");
	ok(on_time, "one doubling per adjust interval");
	is_int(m.next_adjust, -1, "no step pending once at the configured weight");

	/* A relapse in the middle of the ramp starts it again. */
	check(&m, false);
	check_until_up(&m, 50);
	is_int(acts[n_acts - 1].weight, 2, "second return: slow start again from 2");

	/* Weight 16: 16/32 rounds to 0, the ramp starts at 1. */
	opts_init(&o);
	o.weight = 16;
	reset_world();
	monitor_init(&m, &o);
	check(&m, true);
	check(&m, false);
	check_until_up(&m, 50);
	is_int(acts[n_acts - 1].weight, 1, "weight 16: return at 1 (at least 1)");
	run_adjusts(&m, 20, steps, sizeof(steps), &on_time);
	is_str(steps, "2 4 8 16", "weight 16: 1 doubled up to 16");

	/* Check interval longer than the adjust interval: steps follow it. */
	opts_init(&o);
	o.interval_ms = 30000;
	reset_world();
	monitor_init(&m, &o);
	check(&m, true);
	check(&m, false);
	check_until_up(&m, 50);
	ok(m.next_adjust == clock_ms + 30000, "steps every check interval when that is longer");
}

static void test_return_without_slow_start(void)
{
	struct nanny_opts o;
	struct health_fsm m;
	msec_t back;

	opts_init(&o);
	o.slow_start = false;
	reset_world();
	monitor_init(&m, &o);
	check(&m, true);
	is_int(acts[0].weight, 64, "slow start off: first up at full weight");
	check(&m, false);
	back = clock_ms;
	check_until_up(&m, 50);
	is_int(n_acts, 3, "slow start off: down, then up");
	ok(acts[2].at - back >= o.reentry_ms, "slow start off: the re-entry time still applies");
	is_int(acts[2].weight, 64, "slow start off: return at full weight at once");
	is_int(m.next_adjust, -1, "slow start off: no weight step pending");
	clock_ms += 100000;
	check(&m, true);
	is_int(n_acts, 3, "slow start off: no weight lines afterwards");

	/* --adjust-interval 0 also means full weight (as before). */
	opts_init(&o);
	o.adjust_ms = 0;
	reset_world();
	monitor_init(&m, &o);
	check(&m, true);
	check(&m, false);
	check_until_up(&m, 50);
	is_int(acts[n_acts - 1].weight, 64, "adjust interval 0: return at full weight");
}

static void test_initial_up(void)
{
	struct nanny_opts o;
	struct health_fsm m;

	opts_init(&o);
	o.initial_up = true;
	reset_world();
	monitor_init(&m, &o);
	check(&m, true);
	check(&m, true);
	is_int(n_acts, 0, "--initial-up: healthy, nothing to report");
	check(&m, false);
	is_int(acts[0].act, ACT_DOWN, "--initial-up: failure reported");
	check_until_up(&m, 50);
	is_int(acts[1].weight, 2, "--initial-up: return after a failure ramps (slow start on)");

	opts_init(&o);
	o.initial_up = true;
	o.slow_start = false;
	reset_world();
	monitor_init(&m, &o);
	check(&m, false);
	check_until_up(&m, 50);
	is_int(acts[1].weight, 64, "--initial-up, slow start off: return at full weight");
}

static void test_signals(void)
{
	struct nanny_opts o;
	struct health_fsm m;

	/* Maintenance (SIGUSR1) is not a failure: back at full weight. */
	opts_init(&o);
	reset_world();
	monitor_init(&m, &o);
	check(&m, true);
	monitor_signal(&m, SIGUSR1);
	is_int(acts[1].act, ACT_DOWN, "SIGUSR1: down");
	monitor_signal(&m, SIGHUP);
	check_until_up(&m, 50);
	is_int(acts[2].weight, 64, "after maintenance (SIGUSR1, SIGHUP): back at full weight");

	/* SIGUSR2 on a server out after a failure: it returns, so it ramps. */
	check(&m, false);
	monitor_signal(&m, SIGUSR2);
	is_int(acts[n_acts - 1].act, ACT_UP, "SIGUSR2: up");
	is_int(acts[n_acts - 1].weight, 2, "SIGUSR2 on a server out after a failure: slow start");

	opts_init(&o);
	reset_world();
	monitor_init(&m, &o);
	monitor_signal(&m, SIGUSR2);
	is_int(acts[0].weight, 64, "SIGUSR2 on a fresh server: full weight");
}

static void test_load(void)
{
	struct nanny_opts o;
	struct health_fsm m;

	opts_init(&o);
	o.weight = 8;
	o.scale = 3;
	o.load = LOAD_PROGRAM;
	o.load_program = "/bin/true";
	reset_world();
	monitor_init(&m, &o);
	check(&m, true);
	is_int(acts[0].weight, 8, "load monitoring: first up at full weight");
	ok(m.next_adjust == clock_ms + 20000, "load monitoring: first load step one adjust interval later");
	clock_ms = m.next_adjust;
	monitor_adjust(&m);
	is_int(n_child_starts, 1, "load step runs the load program (no slow start step first)");
	load_program_says(&m, "12:00 up 3 days, load average: 0.00, 0.10, 0.20");
	is_int(n_acts, 2, "idle server: one weight action");
	is_int(acts[1].act, ACT_WEIGHT, "... a weight change");
	is_int(acts[1].weight, 12, "... 8 + 8/2 * cbrt(1) = 12, as before");
	clock_ms = m.next_adjust;
	monitor_adjust(&m);
	load_program_says(&m, "2.0");
	is_int(acts[2].weight, 8, "busy server: back down to the configured weight");

	/* After a failure: the ramp first, then load steps. */
	check(&m, false);
	check_until_up(&m, 50);
	is_int(acts[n_acts - 1].weight, 1, "load monitoring, return: slow start from 8/32 -> 1");
	n_child_starts = 0;
	for (int i = 0; i < 3; i++) {
		clock_ms = m.next_adjust;
		monitor_adjust(&m);
	}
	is_int(acts[n_acts - 1].weight, 8, "ramp 1 2 4 8 before any load step");
	is_int(n_child_starts, 0, "no load program during the ramp");
	clock_ms = m.next_adjust;
	monitor_adjust(&m);
	is_int(n_child_starts, 1, "load steps resume at full weight");
}

/* Every finished check is reported with its result, whatever the state
 * does (rise 2: the first good check changes nothing, yet it is counted). */
static void test_check_reports(void)
{
	struct nanny_opts o;
	struct health_fsm m;

	opts_init(&o);
	o.rise = 2;
	reset_world();
	monitor_init(&m, &o);
	check(&m, true);
	is_int(n_acts, 0, "rise 2: one good check, no state change yet");
	is_str(checks_seen, "o", "... but the check itself is reported");
	check(&m, true);
	check(&m, false);
	check(&m, true);
	is_str(checks_seen, "oofo", "each check reported once, in order, with its result");
	ok(longest_check_us >= 0 && longest_check_us < 1000000,
	   "durations are measured, not negative (longest %lld us)", (long long)longest_check_us);
}

/* The machine's own timers: the first check at once, the next one an
 * interval after the last ended, nothing while one runs. */
static void test_wakeups(void)
{
	struct nanny_opts o;
	struct health_fsm m;

	opts_init(&o);
	reset_world();
	monitor_init(&m, &o);
	is_int(n_last, 1, "start: one action");
	is_int(last_wake, clock_ms, "start: wake at once for the first check");
	feed(&m, HM_EV_TIMER);
	is_int(n_check_starts, 1, "timer due: a check starts");
	is_int(last_wake, -1, "while the check runs: no wake-up (its end is an event)");
	feed(&m, HM_EV_TIMER);
	is_int(n_check_starts, 1, "a second timer does not start a second check");
	clock_ms += 30;
	feed_ev(&m, (struct hm_event){ .type = HM_EV_CHECK_DONE, .ok = true, .usec = 30000 });
	is_int(last_wake, clock_ms + 1000, "next check one interval after the last ended");
	clock_ms += 999;
	feed(&m, HM_EV_TIMER);
	is_int(n_check_starts, 1, "timer early (999 ms): no check yet");
	is_int(last_wake, clock_ms + 1, "... and the wake-up is asked again");
	clock_ms += 1;
	feed(&m, HM_EV_TIMER);
	is_int(n_check_starts, 2, "timer on time: the check starts");
	feed_ev(&m, (struct hm_event){ .type = HM_EV_CHECK_DONE, .ok = true, .usec = -5 });
	is_int(longest_check_us, 30000, "a negative duration is reported as 0, not as itself");
	ok(wake_last, "every action list ends with its wake-up");
}

static void test_rise_fall(void)
{
	struct nanny_opts o;
	struct health_fsm m;

	opts_init(&o);
	o.rise = 3;
	o.fall = 3;
	reset_world();
	monitor_init(&m, &o);
	check(&m, true);
	check(&m, true);
	check(&m, false);
	is_int(n_acts, 1, "rise 3: a failure before the third good check is a verdict (unknown -> down)");
	is_int(acts[0].act, ACT_DOWN, "... down");
	is_str(acts[0].reason, "connect: Connection refused", "... with the check's reason");
	check(&m, true);
	check(&m, true);
	is_int(n_acts, 1, "the failure reset the streak: two good checks are not enough");
	check(&m, true);
	is_int(n_acts, 2, "third good check in a row: up");
	is_int(acts[1].act, ACT_UP, "... up");
	check(&m, false);
	check(&m, false);
	is_int(n_acts, 2, "fall 3: two failures leave it up");
	check(&m, true);
	check(&m, false);
	check(&m, false);
	is_int(n_acts, 2, "a good check in between resets the failures");
	check(&m, false);
	is_int(n_acts, 3, "third failure in a row: down");
	is_int(acts[2].act, ACT_DOWN, "... down");
	is_int(m.state, HEALTH_DOWN, "state down");
	check(&m, false);
	is_int(n_acts, 3, "more failures while down: nothing more to say");
}

/* Re-entry: a server taken out by failures returns after it has been
 * healthy (from the start of the first good check) for the re-entry time,
 * not before, and not later than the first check after it. */
static void test_reentry(void)
{
	struct nanny_opts o;
	struct health_fsm m;
	msec_t first_good = 0;

	opts_init(&o);
	o.slow_start = false;
	o.reentry_ms = 3500;
	reset_world();
	monitor_init(&m, &o);
	check(&m, true);
	check(&m, false);
	for (int i = 0; i < 10 && m.state != HEALTH_UP; i++) {
		if (i == 0)
			first_good = m.next_check;
		check(&m, true);
	}
	is_int(acts[2].act, ACT_UP, "back up after re-entry");
	ok(acts[2].at - first_good >= 3500 && acts[2].at - first_good < 3500 + 1010,
	   "up at the first check ending 3.5 s after the first good one began (%lld ms)",
	   (long long)(acts[2].at - first_good));
	/* A failure during the re-entry wait starts it again. */
	check(&m, false);
	check(&m, true);
	check(&m, true);
	check(&m, false);
	first_good = m.next_check;
	for (int i = 0; i < 10 && m.state != HEALTH_UP; i++)
		check(&m, true);
	ok(acts[n_acts - 1].at - first_good >= 3500, "a failure in the wait restarts the re-entry time");
}

static void test_forced(void)
{
	struct nanny_opts o;
	struct health_fsm m;

	opts_init(&o);
	reset_world();
	monitor_init(&m, &o);
	check(&m, true);
	clock_ms = m.next_check;
	feed(&m, HM_EV_TIMER);
	is_int(n_check_starts, 2, "a check runs");
	monitor_signal(&m, SIGUSR1);
	is_int(n_check_cancels, 1, "forced down: the running check is cancelled");
	is_int(acts[1].act, ACT_DOWN, "forced down: down reported");
	is_str(acts[1].reason, "forced down (SIGUSR1)", "... with the reason");
	is_int(last_wake, -1, "forced: no check is due");
	clock_ms += 100000;
	feed_ev(&m, (struct hm_event){ .type = HM_EV_CHECK_DONE, .ok = true });
	is_int(n_checks_seen, 1, "a check ending after its cancel is ignored");
	feed(&m, HM_EV_TIMER);
	is_int(n_check_starts, 2, "no checks while forced");
	monitor_signal(&m, SIGUSR1);
	is_int(n_acts, 2, "forced down twice: reported once");
	monitor_signal(&m, SIGUSR2);
	is_int(acts[2].act, ACT_UP, "forced up from forced down: up");
	is_int(acts[2].weight, 64, "... at full weight (maintenance is not a failure)");
	monitor_signal(&m, SIGUSR2);
	is_int(n_acts, 3, "forced up twice: reported once");
	monitor_signal(&m, SIGHUP);
	is_int(last_wake, clock_ms, "SIGHUP: checks resume at once");
	is_int(n_acts, 3, "SIGHUP: no report by itself");
	check(&m, false);
	is_int(acts[3].act, ACT_DOWN, "after SIGHUP a failure counts again");
	monitor_signal(&m, SIGHUP);
	is_int(n_last, 1, "SIGHUP when nothing is forced: nothing but the wake-up");
}

static void test_quit(void)
{
	struct nanny_opts o;
	struct health_fsm m;

	opts_init(&o);
	o.load = LOAD_PROGRAM;
	o.load_program = "/bin/true";
	reset_world();
	monitor_init(&m, &o);
	check(&m, true);
	clock_ms = m.next_adjust;
	monitor_adjust(&m);
	is_int(n_child_starts, 1, "load program running");
	monitor_signal(&m, SIGTERM);
	is_int(n_check_cancels, 1, "quit: the running check is cancelled");
	is_int(n_load_stops, 1, "quit: the load program is stopped");
	is_int(n_exits, 1, "quit: exit");
	ok(n_last >= 2 && last_types[n_last - 2] == HM_DO_EXIT, "... after the entry is removed");
	ok(n_last >= 3 && last_types[n_last - 3] == HM_DO_REPORT, "... (the remove)");
	is_int(last_wake, -1, "quit: no more wake-ups");
	monitor_signal(&m, SIGUSR1);
	monitor_signal(&m, SIGTERM);
	load_program_says(&m, "0.0");
	is_int(n_acts, 1, "after quit: no more state changes");
	is_int(n_exits, 1, "... and exit once");

	/* A failover monitor exits when the peer's service fails. */
	opts_init(&o);
	o.fos = true;
	reset_world();
	monitor_init(&m, &o);
	check(&m, false);
	is_int(n_exits, 0, "fos: a first failure at start is not yet a failover");
	check(&m, false);
	is_int(n_exits, 1, "fos: the second failure in a row exits for failover");
	opts_init(&o);
	o.fos = true;
	reset_world();
	monitor_init(&m, &o);
	check(&m, true);
	check(&m, false);
	is_int(n_exits, 1, "fos: a failure of a service that was up exits at once");
}

static void test_load_weights(void)
{
	struct nanny_opts o;
	struct health_fsm m;

	opts_init(&o);
	o.weight = 8;
	o.scale = 3;
	o.load = LOAD_PROGRAM;
	o.load_program = "/bin/true";
	reset_world();
	monitor_init(&m, &o);
	check(&m, true);
	for (int i = 0; i < 5; i++) {
		clock_ms = m.next_adjust;
		monitor_adjust(&m);
		load_program_says(&m, "0.0");
	}
	is_int(n_acts, 5, "an idle server: four weight steps in five readings");
	ok(acts[1].weight == 12 && acts[2].weight == 16 && acts[3].weight == 20 && acts[4].weight == 24,
	   "... 12 16 20 24: up by weight/2 each time, to scale x weight (3 x 8) and no further");
	clock_ms = m.next_adjust;
	monitor_adjust(&m);
	load_program_says(&m, "1.0");
	is_int(n_acts, 5, "load exactly 1: no change");
	clock_ms = m.next_adjust;
	monitor_adjust(&m);
	load_program_says(&m, "not a load");
	is_int(n_acts, 5, "unreadable load: the weight stays");
	is_int(n_warnings, 1, "... and it is said once");
	clock_ms = m.next_adjust;
	monitor_adjust(&m);
	is_int(n_child_starts, 8, "one load run per step");
	monitor_adjust(&m);
	is_int(n_child_starts, 8, "no second load run while one runs");
	load_program_says(&m, "4.0");
	is_int(acts[n_acts - 1].weight, 18, "a busy server (load 4): down by 8/2 * cbrt(3) to 18");
	clock_ms = m.next_adjust;
	monitor_adjust(&m);
	check(&m, false);
	is_int(n_load_stops, 1, "going down stops the load program");
	load_program_says(&m, "0.0");
	is_int(acts[n_acts - 1].act, ACT_DOWN, "a load reading after going down is ignored");
}

int main(void)
{
	test_check_reports();
	test_first_up_full_weight();
	test_return_with_slow_start();
	test_return_without_slow_start();
	test_initial_up();
	test_signals();
	test_load();
	test_wakeups();
	test_rise_fall();
	test_reentry();
	test_forced();
	test_quit();
	test_load_weights();
	return tap_done();
}
