/* Unit tests of nanny's state machine (src/nanny/monitor.c) on a simulated
 * clock: check results go in, the actions it asks for (up/weight/down with
 * their weights) and its timers come out. No sockets, no processes: the
 * probe, child and output layers are stubs here. */
#include "config.h"

#include "monitor.h"
#include "tap.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the simulated world ---- */

static msec_t clock_ms;

msec_t now_ms(void)
{
	return clock_ms;
}

#define MAX_ACTS 64
static struct act_rec {
	enum action act;
	int weight;
	msec_t at;
} acts[MAX_ACTS];
static int n_acts;

int nanny_action(const struct nanny_opts *o, struct output_state *out,
		 enum action act, int weight, const char *reason)
{
	(void)o;
	(void)out;
	(void)reason;
	if (n_acts < MAX_ACTS)
		acts[n_acts++] = (struct act_rec){ act, weight, clock_ms };
	return 0;
}

/* The check lines (--report-checks), in order: 'o' passed, 'f' failed. */
static char checks_seen[MAX_ACTS + 1];
static int n_checks_seen;
static int64_t longest_check_us;

int nanny_report_check(const struct nanny_opts *o, bool ok, int64_t usec)
{
	(void)o;
	if (n_checks_seen < MAX_ACTS)
		checks_seen[n_checks_seen++] = ok ? 'o' : 'f';
	checks_seen[n_checks_seen] = '\0';
	if (usec > longest_check_us || usec < 0)
		longest_check_us = usec < 0 ? INT64_MAX : usec;
	return 0;
}

void output_init(struct output_state *out)
{
	(void)out;
}

/* A check that is under way until the test says how it ended. */
void probe_start(struct probe *p, const struct nanny_opts *o)
{
	(void)o;
	p->phase = PROBE_CONNECT;
	p->fd = -1;
}

void probe_close(struct probe *p)
{
	p->fd = -1;
}

static int n_child_starts;

int child_start(struct child *c, char *const argv[], msec_t timeout_ms, unsigned flags)
{
	(void)argv;
	(void)flags;
	n_child_starts++;
	c->pid = 4242;
	c->exited = c->timed_out = false;
	c->deadline = clock_ms + timeout_ms;
	c->out_fd = -1;
	c->len = 0;
	c->out[0] = '\0';
	return 0;
}

void child_kill(struct child *c, bool timed_out)
{
	c->exited = true;
	c->timed_out = timed_out;
}

const char *child_first_line(struct child *c)
{
	return c->out;
}

/* The load program "ran" and printed text, exit status 0. */
static void load_program_says(struct monitor *m, const char *text)
{
	struct child *c = &m->load_child;

	snprintf(c->out, sizeof(c->out), "%s", text);
	c->len = strlen(c->out);
	c->status = 0;
	c->exited = true;
	monitor_load_done(m);
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
	n_checks_seen = 0;
	checks_seen[0] = '\0';
	longest_check_us = 0;
}

/* One check taking 10 ms, then the clock moves to the next one. */
static void check(struct monitor *m, bool passed)
{
	clock_ms = m->next_check > clock_ms ? m->next_check : clock_ms;
	monitor_start_check(m);
	clock_ms += 10;
	monitor_check_done(m, passed, passed ? "passed" : "connect: Connection refused");
}

/* Good checks until the server goes up (or max checks); returns the
 * number of checks. */
static int check_until_up(struct monitor *m, int max)
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
static void run_adjusts(struct monitor *m, int max, char *buf, size_t len, bool *steps_on_time)
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
	struct monitor m;

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
	struct monitor m;
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
	struct monitor m;
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
	struct monitor m;

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
	struct monitor m;

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
	struct monitor m;

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
	struct monitor m;

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

int main(void)
{
	test_check_reports();
	test_first_up_full_weight();
	test_return_with_slow_start();
	test_return_without_slow_start();
	test_initial_up();
	test_signals();
	test_load();
	return tap_done();
}
