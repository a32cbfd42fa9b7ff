#include "config.h"

#include "monitor.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>

/* ---- building the action list ---- */

static struct hm_action *add(struct hm_actions *out, enum hm_action_type type)
{
	struct hm_action *a;

	if (out->n >= HM_MAX_ACTIONS - 1 && type != HM_DO_WAKE)
		return NULL;	/* never happens: room for the longest transition */
	a = &out->a[out->n++];
	memset(a, 0, offsetof(struct hm_action, text));
	a->type = type;
	a->text[0] = '\0';
	return a;
}

static void say(struct hm_actions *out, int level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void say(struct hm_actions *out, int level, const char *fmt, ...)
{
	struct hm_action *a = add(out, HM_DO_LOG);
	va_list ap;

	if (!a)
		return;
	a->level = level;
	va_start(ap, fmt);
	vsnprintf(a->text, sizeof(a->text), fmt, ap);
	va_end(ap);
}

static void report(struct hm_actions *out, enum action act, int weight, const char *reason)
{
	struct hm_action *a = add(out, HM_DO_REPORT);

	if (!a)
		return;
	a->act = act;
	a->weight = weight;
	snprintf(a->text, sizeof(a->text), "%s", reason ? reason : "");
}

static void simple(struct hm_actions *out, enum hm_action_type type)
{
	add(out, type);
}

/* ---- the rules ---- */

void health_init(struct health_fsm *m, const struct nanny_opts *o)
{
	memset(m, 0, sizeof(*m));
	m->o = o;
	m->state = HEALTH_UNKNOWN;
	m->next_check = -1;
	m->next_adjust = -1;
}

/* Slow start and load steps come every adjust-interval, or every check
 * interval when that is longer (as the original: 20 s or each cycle). */
msec_t health_step_ms(const struct nanny_opts *o)
{
	return o->adjust_ms > o->interval_ms ? o->adjust_ms : o->interval_ms;
}

/* The weight a server enters with: the configured weight, except for a
 * server coming back after failures took it out, which starts at weight/32
 * (at least 1) and doubles every adjust step when slow start is on. */
int health_entry_weight(const struct nanny_opts *o, bool after_failure)
{
	int w = o->weight / 32;

	if (!after_failure || !o->slow_start || o->adjust_ms == 0)
		return o->weight;
	if (w < 1)
		w = 1;
	return w > o->weight ? o->weight : w;
}

static void stop_load(struct health_fsm *m, struct hm_actions *out)
{
	if (!m->loading)
		return;
	m->loading = false;
	simple(out, HM_DO_STOP_LOAD);
}

static void cancel_check(struct health_fsm *m, struct hm_actions *out)
{
	if (!m->checking)
		return;
	m->checking = false;
	simple(out, HM_DO_CANCEL_CHECK);
}

static void go_up(struct health_fsm *m, msec_t now, const char *why, struct hm_actions *out)
{
	const struct nanny_opts *o = m->o;
	int w = health_entry_weight(o, m->need_reentry);

	m->state = HEALTH_UP;
	m->ever_up = true;
	m->need_reentry = false;
	m->weight = w;
	if (w < o->weight)
		say(out, LOG_NOTICE, "[ active ] making %s:%d available (%s, slow start: weight %d of %d)",
		    o->server_str, o->rport, why, w, o->weight);
	else
		say(out, LOG_NOTICE, "[ active ] making %s:%d available (%s, weight %d)", o->server_str,
		    o->rport, why, w);
	report(out, ACT_UP, w, NULL);
	m->next_adjust = (w < o->weight || o->load != LOAD_NONE) ? now + health_step_ms(o) : -1;
}

static void go_down(struct health_fsm *m, const char *reason, struct hm_actions *out)
{
	const struct nanny_opts *o = m->o;

	if (m->state == HEALTH_UP)
		say(out, LOG_NOTICE, "[inactive] shutting down %s:%d: %s", o->server_str, o->rport, reason);
	else
		say(out, LOG_NOTICE, "[inactive] %s:%d is not available: %s", o->server_str, o->rport, reason);
	m->state = HEALTH_DOWN;
	m->next_adjust = -1;
	stop_load(m, out);
	report(out, ACT_DOWN, 0, reason);
}

static void quit(struct health_fsm *m, struct hm_actions *out)
{
	if (m->quit)
		return;
	m->quit = true;
	m->next_check = m->next_adjust = -1;
	cancel_check(m, out);
	stop_load(m, out);
	/* Standalone: take our entry out of IPVS; report mode writes nothing. */
	report(out, ACT_REMOVE, 0, NULL);
	simple(out, HM_DO_EXIT);
}

static void check_done(struct health_fsm *m, const struct hm_event *ev, struct hm_actions *out)
{
	const struct nanny_opts *o = m->o;
	const char *reason = ev->reason ? ev->reason : "";
	msec_t now = ev->now;
	struct hm_action *a;

	if (!m->checking)
		return;	/* cancelled meanwhile */
	m->checking = false;
	m->next_check = m->force == FORCE_NONE ? now + o->interval_ms : -1;
	say(out, LOG_DEBUG, "check of %s:%d %s: %s", o->server_str, o->rport,
	    ev->ok ? "passed" : "failed", reason);
	a = add(out, HM_DO_REPORT_CHECK);
	if (a) {
		a->ok = ev->ok;
		a->usec = ev->usec < 0 ? 0 : ev->usec;
	}
	if (m->force != FORCE_NONE)
		return;
	if (ev->ok) {
		m->fail_streak = 0;
		if (m->ok_streak++ == 0)
			m->healthy_since = m->check_started;
		if (m->state == HEALTH_UP || m->ok_streak < o->rise)
			return;
		if (m->need_reentry && now - m->healthy_since < o->reentry_ms) {
			say(out, LOG_DEBUG, "%s:%d healthy for %lld ms, re-entry after %lld ms",
			    o->server_str, o->rport, (long long)(now - m->healthy_since),
			    (long long)o->reentry_ms);
			return;
		}
		go_up(m, now, m->need_reentry ? "re-entry" : "passed checks", out);
		return;
	}
	m->ok_streak = 0;
	m->fail_streak++;
	if (o->fos && (m->state == HEALTH_UP || m->fail_streak > 1)) {
		/* A failover monitor exits: pulse takes the service over. */
		say(out, LOG_NOTICE, "peer service %s:%d failed (%s): exiting for failover",
		    o->server_str, o->rport, reason);
		quit(m, out);
		return;
	}
	if (m->state == HEALTH_UP && m->fail_streak >= o->fall) {
		m->need_reentry = true;
		go_down(m, reason, out);
	} else if (m->state == HEALTH_UNKNOWN) {
		go_down(m, reason, out);
	}
}

static void load_done(struct health_fsm *m, const struct hm_event *ev, struct hm_actions *out)
{
	const struct nanny_opts *o = m->o;
	int w;

	if (!m->loading)
		return;
	m->loading = false;
	if (m->state != HEALTH_UP)
		return;
	if (ev->load < 0) {
		say(out, LOG_WARNING, "%s", ev->reason ? ev->reason : "cannot read the load");
		return;
	}
	w = load_adjust_weight(o->weight, m->weight, o->scale, ev->load);
	say(out, LOG_DEBUG, "load of %s is %.2f: weight %d -> %d", o->server_str, ev->load, m->weight, w);
	if (w != m->weight) {
		m->weight = w;
		say(out, LOG_INFO, "weight of %s:%d set to %d (load %.2f)", o->server_str, o->rport, w, ev->load);
		report(out, ACT_WEIGHT, w, NULL);
	}
}

static void adjust(struct health_fsm *m, msec_t now, struct hm_actions *out)
{
	const struct nanny_opts *o = m->o;

	m->next_adjust = -1;
	if (m->state != HEALTH_UP)
		return;
	if (m->weight < o->weight) {
		m->weight = m->weight * 2 > o->weight ? o->weight : m->weight * 2;
		say(out, LOG_INFO, "slow start: weight of %s:%d now %d", o->server_str, o->rport, m->weight);
		report(out, ACT_WEIGHT, m->weight, NULL);
	} else if (o->load != LOAD_NONE && !m->loading) {
		m->loading = true;
		simple(out, HM_DO_START_LOAD);
	}
	if (m->weight < o->weight || o->load != LOAD_NONE)
		m->next_adjust = now + health_step_ms(o);
}

static void timer(struct health_fsm *m, msec_t now, struct hm_actions *out)
{
	if (!m->checking && m->next_check >= 0 && now >= m->next_check && !m->quit) {
		m->checking = true;
		m->check_started = now;
		m->next_check = -1;
		simple(out, HM_DO_START_CHECK);
	}
	if (m->next_adjust >= 0 && now >= m->next_adjust)
		adjust(m, now, out);
}

static void start(struct health_fsm *m, msec_t now)
{
	const struct nanny_opts *o = m->o;

	m->next_check = now;
	if (o->initial_up) {
		/* Restarted by lvsd for a server in service: no slow start and
		 * no report until something changes. */
		m->state = HEALTH_UP;
		m->ever_up = true;
		m->weight = o->weight;
		if (o->load != LOAD_NONE)
			m->next_adjust = now + health_step_ms(o);
	}
}

static void force(struct health_fsm *m, enum hm_event_type type, msec_t now, struct hm_actions *out)
{
	const struct nanny_opts *o = m->o;

	switch (type) {
	case HM_EV_FORCE_DOWN:
		say(out, LOG_NOTICE, "SIGUSR1: forcing %s:%d down", o->server_str, o->rport);
		m->force = FORCE_DOWN;
		cancel_check(m, out);
		m->next_check = -1;
		if (m->state != HEALTH_DOWN)
			go_down(m, "forced down (SIGUSR1)", out);
		break;
	case HM_EV_FORCE_UP:
		say(out, LOG_NOTICE, "SIGUSR2: forcing %s:%d up", o->server_str, o->rport);
		m->force = FORCE_UP;
		cancel_check(m, out);
		m->next_check = -1;
		if (m->state != HEALTH_UP)
			go_up(m, now, "forced up (SIGUSR2)", out);
		break;
	default:	/* HM_EV_UNFORCE */
		if (m->force == FORCE_NONE)
			break;
		say(out, LOG_NOTICE, "SIGHUP: back to normal checking of %s:%d", o->server_str, o->rport);
		m->force = FORCE_NONE;
		m->ok_streak = m->fail_streak = 0;
		m->need_reentry = false;
		m->next_check = now;
		break;
	}
}

static msec_t earliest(msec_t a, msec_t b)
{
	if (a < 0)
		return b;
	if (b < 0)
		return a;
	return a < b ? a : b;
}

void health_handle(struct health_fsm *m, const struct hm_event *ev, struct hm_actions *out)
{
	struct hm_action *wake;

	out->n = 0;
	switch (ev->type) {
	case HM_EV_START:
		start(m, ev->now);
		break;
	case HM_EV_TIMER:
		timer(m, ev->now, out);
		break;
	case HM_EV_CHECK_DONE:
		if (!m->quit)
			check_done(m, ev, out);
		break;
	case HM_EV_LOAD_DONE:
		if (!m->quit)
			load_done(m, ev, out);
		break;
	case HM_EV_FORCE_DOWN:
	case HM_EV_FORCE_UP:
	case HM_EV_UNFORCE:
		if (!m->quit)	/* exiting: no more state changes */
			force(m, ev->type, ev->now, out);
		break;
	case HM_EV_QUIT:
		quit(m, out);
		break;
	}
	wake = add(out, HM_DO_WAKE);
	wake->at = m->checking ? m->next_adjust : earliest(m->next_check, m->next_adjust);
}

const char *health_action_name(enum hm_action_type t)
{
	static const char *const names[] = {
		[HM_DO_START_CHECK] = "start-check", [HM_DO_CANCEL_CHECK] = "cancel-check",
		[HM_DO_START_LOAD] = "start-load", [HM_DO_STOP_LOAD] = "stop-load",
		[HM_DO_REPORT] = "report", [HM_DO_REPORT_CHECK] = "report-check",
		[HM_DO_LOG] = "log", [HM_DO_EXIT] = "exit", [HM_DO_WAKE] = "wake",
	};

	return (unsigned)t < sizeof(names) / sizeof(names[0]) ? names[t] : "?";
}
