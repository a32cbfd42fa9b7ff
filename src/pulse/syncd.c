#include "config.h"

/* The kernel's connection sync daemon of a router pair: pulse is its one
 * owner (lvsd runs with --no-sync-daemon). The state machine says which
 * one this router runs (FO_ACT_SYNCD_*); a child process makes the change,
 * since the kernel can take seconds to answer. */

#include <linux/ip_vs.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ipvs.h"
#include "log.h"
#include "pulse.h"

static const char *syncd_name(unsigned want)
{
	switch (want) {
	case PULSE_SYNCD_MASTER: return "master";
	case PULSE_SYNCD_BACKUP: return "backup";
	case PULSE_SYNCD_MASTER | PULSE_SYNCD_BACKUP: return "master and backup";
	default: return "stopped";
	}
}

static unsigned state_bit(uint32_t state)
{
	return state == IP_VS_STATE_MASTER ? PULSE_SYNCD_MASTER :
	       state == IP_VS_STATE_BACKUP ? PULSE_SYNCD_BACKUP : 0;
}

/* Brings the kernel's sync daemons to the wanted set (PULSE_SYNCD_* bits),
 * touching only what differs. Returns an exit status for the child that
 * runs it. */
static int syncd_apply(const struct lvs_config *c, unsigned want)
{
	struct ipvs_daemon run[2], d;
	struct ipvs_handle *h;
	int err = 0, n = 0, rc = 0;
	unsigned have = 0;

	h = ipvs_open(&err);
	if (!h) {
		log_err("cannot reach IPVS for the sync daemon: %s", strerror(err < 0 ? -err : err));
		return 1;
	}
	if (ipvs_get_daemons(h, run, &n) < 0)
		n = 0;
	for (int i = 0; i < n; i++) {
		unsigned bit = state_bit(run[i].state);

		if ((want & bit) && strcmp(run[i].mcast_ifn, c->syncd_iface) == 0 &&
		    run[i].syncid == (c->syncd_id & 0xff)) {
			have |= bit;
			continue;
		}
		memset(&d, 0, sizeof(d));
		d.state = run[i].state;
		if (ipvs_stop_daemon(h, &d) < 0) {
			log_err("cannot stop the %s sync daemon: %s", syncd_name(bit), ipvs_last_error(h));
			rc = 1;
		}
	}
	for (unsigned bit = PULSE_SYNCD_MASTER; bit <= PULSE_SYNCD_BACKUP; bit <<= 1) {
		if (!(want & bit) || (have & bit))
			continue;
		memset(&d, 0, sizeof(d));
		d.state = bit == PULSE_SYNCD_MASTER ? IP_VS_STATE_MASTER : IP_VS_STATE_BACKUP;
		snprintf(d.mcast_ifn, sizeof(d.mcast_ifn), "%s", c->syncd_iface);
		d.syncid = c->syncd_id & 0xff;
		if (ipvs_start_daemon(h, &d) < 0) {
			log_err("cannot start the %s sync daemon on %s: %s", syncd_name(bit),
				c->syncd_iface, ipvs_last_error(h));
			rc = 1;
		}
	}
	if (!rc)
		log_notice("sync daemon: %s%s%s, syncid %u", syncd_name(want), want ? " on " : "",
			   want ? c->syncd_iface : "", c->syncd_id & 0xff);
	ipvs_close(h);
	return rc;
}

#define SYNCD_TIMEOUT 5.0

static void syncd_run(struct pulse *p, unsigned want)
{
	pid_t pid = fork();

	if (pid < 0) {
		log_err("cannot fork for the sync daemon: %m");
		return;
	}
	if (pid == 0)
		_exit(syncd_apply(p->cfg, want));
	p->syncd_pid = pid;
	p->syncd_running = want;
	evloop_timer_arm(p->syncd_timer, SYNCD_TIMEOUT);
}

/* The kernel's answer to a sync daemon change can take seconds (once in
 * the lab it never came), so a child makes it while the loop goes on
 * sending heartbeats. A change asked for meanwhile waits for that child. */
static void on_syncd_timer(struct evloop *loop, struct ev_timer *t, void *data)
{
	struct pulse *p = data;

	(void)loop;
	(void)t;
	if (p->syncd_pid <= 0)
		return;
	log_err("setting the sync daemon to %s did not finish in %g s; going on without it",
		syncd_name(p->syncd_running), SYNCD_TIMEOUT);
	kill(p->syncd_pid, SIGKILL);
}

void pulse_syncd_init(struct pulse *p)
{
	p->syncd_timer = evloop_timer_new(p->loop, on_syncd_timer, p);
	p->syncd_pending = -1;
}

void pulse_syncd_free(struct pulse *p)
{
	evloop_timer_free(p->syncd_timer);
	p->syncd_timer = NULL;
}

void pulse_syncd(struct pulse *p, unsigned want)
{
	if (!p->cfg->syncdaemon)
		return;
	if (p->norun) {
		log_notice("(norun) would set the sync daemon to %s", syncd_name(want));
		return;
	}
	if (p->syncd_pid > 0) {
		p->syncd_pending = (int)want;
		return;
	}
	syncd_run(p, want);
}

void pulse_syncd_exited(struct pulse *p)
{
	p->syncd_pid = 0;
	evloop_timer_disarm(p->syncd_timer);
	if (p->syncd_pending >= 0) {
		unsigned want = (unsigned)p->syncd_pending;

		p->syncd_pending = -1;
		syncd_run(p, want);
	}
}
