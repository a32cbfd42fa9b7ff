#include "config.h"

#include "monitor.h"
#include "log.h"

#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

static int64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

void monitor_init(struct monitor *m, const struct nanny_opts *o)
{
	/* Zero the state but not the reply buffers: untouched, their
	 * stack pages are never made resident (memory per nanny matters). */
	memset(m, 0, offsetof(struct monitor, probe));
	m->probe.phase = PROBE_IDLE;
	m->probe.len = 0;
	m->check_child.pid = m->load_child.pid = 0;
	m->check_child.len = m->load_child.len = 0;
	output_init(&m->out);
	m->o = o;
	m->state = HEALTH_UNKNOWN;
	m->next_check = now_ms();
	m->next_adjust = -1;
	if (o->initial_up) {
		/* Restarted by lvsd for a server in service: no slow start and
		 * no report until something changes. */
		m->state = HEALTH_UP;
		m->ever_up = true;
		m->weight = o->weight;
		if (o->load != LOAD_NONE)
			m->next_adjust = now_ms() + monitor_step_ms(m);
	}
	m->probe.fd = -1;
	m->check_child.out_fd = -1;
	m->load_child.out_fd = -1;
}

/* Slow start and load steps come every adjust-interval, or every check
 * interval when that is longer (as the original: 20 s or each cycle). */
msec_t monitor_step_ms(const struct monitor *m)
{
	return m->o->adjust_ms > m->o->interval_ms ? m->o->adjust_ms : m->o->interval_ms;
}

static void act(struct monitor *m, enum action a, int weight, const char *reason)
{
	if (nanny_action(m->o, &m->out, a, weight, reason) == 0)
		return;
	if (m->o->report_fd >= 0) {
		/* lvsd is gone: nobody to report to. */
		log_notice("report descriptor closed (%s), exiting", strerror(errno));
		m->quit = true;
	}
	/* A failed ipvsadm was logged; we keep monitoring. */
}

/* The weight a server enters with: the configured weight, except for a
 * server coming back after failures took it out, which starts at weight/32
 * (at least 1) and doubles every adjust step when slow start is on. A
 * server entering at start, at a takeover or after maintenance has not
 * failed: it gets its full weight at once. */
int monitor_entry_weight(const struct nanny_opts *o, bool after_failure)
{
	int w = o->weight / 32;

	if (!after_failure || !o->slow_start || o->adjust_ms == 0)
		return o->weight;
	if (w < 1)
		w = 1;
	return w > o->weight ? o->weight : w;
}

static void go_up(struct monitor *m, const char *why)
{
	const struct nanny_opts *o = m->o;
	int w = monitor_entry_weight(o, m->need_reentry);

	m->state = HEALTH_UP;
	m->ever_up = true;
	m->need_reentry = false;
	m->weight = w;
	if (w < o->weight)
		log_notice("[ active ] making %s:%d available (%s, slow start: weight %d of %d)",
			   o->server_str, o->rport, why, w, o->weight);
	else
		log_notice("[ active ] making %s:%d available (%s, weight %d)",
			   o->server_str, o->rport, why, w);
	act(m, ACT_UP, w, NULL);
	m->next_adjust = (w < o->weight || o->load != LOAD_NONE) ? now_ms() + monitor_step_ms(m) : -1;
}

static void go_down(struct monitor *m, const char *reason)
{
	const struct nanny_opts *o = m->o;

	if (m->state == HEALTH_UP)
		log_notice("[inactive] shutting down %s:%d: %s", o->server_str, o->rport, reason);
	else
		log_notice("[inactive] %s:%d is not available: %s", o->server_str, o->rport, reason);
	m->state = HEALTH_DOWN;
	m->next_adjust = -1;
	if (m->load_child.pid && !m->load_child.exited)
		child_kill(&m->load_child, false);
	m->load_child.pid = 0;
	act(m, ACT_DOWN, 0, reason);
}

void monitor_start_check(struct monitor *m)
{
	const struct nanny_opts *o = m->o;

	m->checking = true;
	m->check_started = now_ms();
	m->check_started_us = now_us();
	if (o->send_program) {
		char **argv = cmdline_split(o->send_program, o->server_str, o->rport);

		if (!argv || child_start(&m->check_child, argv, o->timeout_ms, 0) < 0) {
			char msg[96];

			snprintf(msg, sizeof(msg), "cannot run send_program: %s", strerror(errno));
			free(argv);
			monitor_check_done(m, false, msg);
			return;
		}
		free(argv);
		return;
	}
	probe_start(&m->probe, o);
	if (m->probe.phase == PROBE_DONE)
		monitor_check_done(m, m->probe.ok, m->probe.reason);
}

void monitor_check_child_done(struct monitor *m)
{
	struct child *c = &m->check_child;
	const char *line;
	char msg[128];
	bool ok = false;

	c->pid = 0;
	line = child_first_line(c);
	if (c->timed_out) {
		snprintf(msg, sizeof(msg), "send_program timed out (killed)");
	} else if (WIFSIGNALED(c->status)) {
		snprintf(msg, sizeof(msg), "send_program killed by signal %d", WTERMSIG(c->status));
	} else if (WEXITSTATUS(c->status) != 0) {
		snprintf(msg, sizeof(msg), "send_program exited with status %d", WEXITSTATUS(c->status));
	} else if (reply_match(m->o, line, strlen(line), true) != MATCH_YES) {
		snprintf(msg, sizeof(msg), "send_program output did not match");
	} else {
		ok = true;
		snprintf(msg, sizeof(msg), "send_program passed");
	}
	monitor_check_done(m, ok, msg);
}

void monitor_check_done(struct monitor *m, bool ok, const char *reason)
{
	const struct nanny_opts *o = m->o;
	msec_t now = now_ms();

	m->checking = false;
	m->next_check = m->force == FORCE_NONE ? now + o->interval_ms : -1;
	log_debug("check of %s:%d %s: %s", o->server_str, o->rport, ok ? "passed" : "failed", reason);
	if (nanny_report_check(o, ok, now_us() - m->check_started_us) < 0) {
		log_notice("report descriptor closed (%s), exiting", strerror(errno));
		m->quit = true;
		return;
	}
	if (m->force != FORCE_NONE)
		return;
	if (ok) {
		m->fail_streak = 0;
		if (m->ok_streak++ == 0)
			m->healthy_since = m->check_started;
		if (m->state == HEALTH_UP || m->ok_streak < o->rise)
			return;
		if (m->need_reentry && now - m->healthy_since < o->reentry_ms) {
			log_debug("%s:%d healthy for %lld ms, re-entry after %lld ms", o->server_str,
				  o->rport, (long long)(now - m->healthy_since), (long long)o->reentry_ms);
			return;
		}
		go_up(m, m->need_reentry ? "re-entry" : "passed checks");
		return;
	}
	m->ok_streak = 0;
	m->fail_streak++;
	if (o->fos && (m->state == HEALTH_UP || m->fail_streak > 1)) {
		/* A failover monitor exits: pulse takes the service over. */
		log_notice("peer service %s:%d failed (%s): exiting for failover",
			   o->server_str, o->rport, reason);
		m->quit = true;
		return;
	}
	if (m->state == HEALTH_UP && m->fail_streak >= o->fall) {
		m->need_reentry = true;
		go_down(m, reason);
	} else if (m->state == HEALTH_UNKNOWN) {
		go_down(m, reason);
	}
}

void monitor_load_done(struct monitor *m)
{
	struct child *c = &m->load_child;
	const struct nanny_opts *o = m->o;
	double load;
	int w;

	c->pid = 0;
	if (m->state != HEALTH_UP)
		return;
	if (c->timed_out || !WIFEXITED(c->status) || WEXITSTATUS(c->status) != 0) {
		log_warn("failed to read the load of %s (%s)", o->server_str,
			 c->timed_out ? "timed out" : "program failed");
		return;
	}
	load = load_parse(c->out);
	if (load < 0) {
		log_warn("bad load average from %s: %.60s", o->server_str, child_first_line(c));
		return;
	}
	w = load_adjust_weight(o->weight, m->weight, o->scale, load);
	log_debug("load of %s is %.2f: weight %d -> %d", o->server_str, load, m->weight, w);
	if (w != m->weight) {
		m->weight = w;
		log_info("weight of %s:%d set to %d (load %.2f)", o->server_str, o->rport, w, load);
		act(m, ACT_WEIGHT, w, NULL);
	}
}

void monitor_adjust(struct monitor *m)
{
	const struct nanny_opts *o = m->o;

	m->next_adjust = -1;
	if (m->state != HEALTH_UP)
		return;
	if (m->weight < o->weight) {
		m->weight = m->weight * 2 > o->weight ? o->weight : m->weight * 2;
		log_info("slow start: weight of %s:%d now %d", o->server_str, o->rport, m->weight);
		act(m, ACT_WEIGHT, m->weight, NULL);
	} else if (o->load != LOAD_NONE && !m->load_child.pid) {
		char **argv = load_command(o);

		if (!argv || child_start(&m->load_child, argv, o->timeout_ms, 0) < 0)
			log_warn("cannot run the load command: %s", strerror(errno));
		free(argv);
	}
	if (m->weight < o->weight || o->load != LOAD_NONE)
		m->next_adjust = now_ms() + monitor_step_ms(m);
}

static void cancel_check(struct monitor *m)
{
	if (!m->checking)
		return;
	probe_close(&m->probe);
	m->probe.phase = PROBE_IDLE;
	if (m->check_child.pid) {
		child_kill(&m->check_child, false);
		m->check_child.pid = 0;
	}
	m->checking = false;
}

void monitor_signal(struct monitor *m, int sig)
{
	if (m->quit)
		return;	/* exiting: no more state changes */
	switch (sig) {
	case SIGUSR1:
		log_notice("SIGUSR1: forcing %s:%d down", m->o->server_str, m->o->rport);
		m->force = FORCE_DOWN;
		cancel_check(m);
		m->next_check = -1;
		if (m->state != HEALTH_DOWN)
			go_down(m, "forced down (SIGUSR1)");
		break;
	case SIGUSR2:
		log_notice("SIGUSR2: forcing %s:%d up", m->o->server_str, m->o->rport);
		m->force = FORCE_UP;
		cancel_check(m);
		m->next_check = -1;
		if (m->state != HEALTH_UP)
			go_up(m, "forced up (SIGUSR2)");
		break;
	case SIGHUP:
		if (m->force == FORCE_NONE)
			break;
		log_notice("SIGHUP: back to normal checking of %s:%d", m->o->server_str, m->o->rport);
		m->force = FORCE_NONE;
		m->ok_streak = m->fail_streak = 0;
		m->need_reentry = false;
		m->next_check = now_ms();
		break;
	case SIGTERM:
	case SIGINT:
		log_notice("signal %d: exiting", sig);
		m->quit = true;
		break;
	}
}

void monitor_shutdown(struct monitor *m)
{
	m->quit = m->shut_down = true;
	m->next_check = m->next_adjust = -1;
	cancel_check(m);
	if (m->load_child.pid && !m->load_child.exited)
		child_kill(&m->load_child, false);
	m->load_child.pid = 0;
	/* Standalone: take our entry out of IPVS; report mode writes nothing. */
	nanny_action(m->o, &m->out, ACT_REMOVE, 0, NULL);
}
