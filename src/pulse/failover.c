#include "config.h"

/* The failover state machine; see the table in failover.h. */

#include "failover.h"

#include <math.h>
#include <string.h>

void fo_config_defaults(struct fo_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->role = HB_ROLE_PRIMARY;
	cfg->keepalive = 2;
	cfg->deadtime = 5;
	cfg->nlinks = 1;
	cfg->max_lvsd_failures = 3;
	cfg->lvsd_failure_window = 60;
	cfg->settle = 0;                /* 0: use keepalive */
	cfg->giveup_timeout = 0;        /* 0: use deadtime */
}

void fo_init(struct fo *f, const struct fo_config *cfg)
{
	memset(f, 0, sizeof(*f));
	f->cfg = *cfg;
	if (f->cfg.nlinks < 1)
		f->cfg.nlinks = 1;
	if (f->cfg.nlinks > 2)
		f->cfg.nlinks = 2;
	if (f->cfg.settle <= 0)
		f->cfg.settle = f->cfg.keepalive;
	if (f->cfg.giveup_timeout <= 0)
		f->cfg.giveup_timeout = f->cfg.deadtime;
	if (f->cfg.max_lvsd_failures < 1)
		f->cfg.max_lvsd_failures = 1;
	f->state = FO_STOPPED;          /* until FO_EV_START */
	f->reason = "not started";
	f->last_rx[0] = f->last_rx[1] = -INFINITY;
	f->last_lvsd_failure = -INFINITY;
}

static void act(struct fo_actions *out, enum fo_action_type type, int link)
{
	for (int i = 0; i < out->n; i++)
		if (out->a[i].type == type && out->a[i].link == link)
			return;         /* once per event is enough */
	if (out->n < FO_MAX_ACTIONS)
		out->a[out->n++] = (struct fo_action){ type, link };
}

static void heartbeat_now(struct fo *f, double now, struct fo_actions *out)
{
	act(out, FO_ACT_SEND_HEARTBEAT, 0);
	f->next_send = now + f->cfg.keepalive;
}

static double peer_deadline(const struct fo *f)
{
	double last = f->quiet_since;

	for (int i = 0; i < f->cfg.nlinks; i++)
		if (f->last_rx[i] > last)
			last = f->last_rx[i];
	return last + f->cfg.deadtime;
}

/* The router to prefer when nothing else decides: the primary; between
 * two of the same role (misconfigured), the lower boot id. */
static bool preferred(const struct fo *f, const struct hb_msg *peer)
{
	if ((int)f->cfg.role != peer->role)
		return f->cfg.role == HB_ROLE_PRIMARY;
	return f->cfg.boot_id < peer->boot_id;
}

bool fo_wins_split_brain(const struct fo *f, const struct hb_msg *peer)
{
	uint64_t mine = f->active_since_ms ? f->active_since_ms : UINT64_MAX;
	uint64_t theirs = peer->active_since_ms ? peer->active_since_ms : UINT64_MAX;

	if (mine != theirs)
		return mine < theirs;
	return preferred(f, peer);
}

static void become_active(struct fo *f, const struct fo_event *ev, struct fo_actions *out)
{
	f->state = FO_ACTIVE;
	f->active_since_ms = ev->wall_ms ? ev->wall_ms : 1;
	act(out, FO_ACT_VIPS_UP, 0);
	act(out, FO_ACT_SEND_ARP, 0);
	act(out, FO_ACT_TELL_LVSD, 0);
	act(out, FO_ACT_RUN_ACTIVE_CMD, 0);
	heartbeat_now(f, ev->now, out);
}

/* Hot standby: lvsd and its table are already there, so the addresses come
 * up in this very event. Otherwise (cold, or a hot lvsd still building its
 * table) they wait in TAKING_OVER for lvsd's ready, or the settle time. */
static void take_over(struct fo *f, const struct fo_event *ev, struct fo_actions *out,
		      const char *why)
{
	f->reason = why;
	if (f->cfg.hot_standby && f->lvsd_ready) {
		become_active(f, ev, out);      /* nothing to start, nothing to wait for */
		return;
	}
	if (!f->cfg.hot_standby)
		act(out, FO_ACT_SYNCD_MASTER, 0);
	act(out, FO_ACT_START_LVSD, 0);
	f->state = FO_TAKING_OVER;
	f->deadline = ev->now + f->cfg.settle;
	heartbeat_now(f, ev->now, out);
}

static void finish_release(struct fo *f, const struct fo_event *ev, struct fo_actions *out)
{
	f->state = f->after_release;
	heartbeat_now(f, ev->now, out);
	if (f->state == FO_STOPPED)
		act(out, FO_ACT_EXIT, 0);
}

/* Drops the role. With give_up the peer is asked to take over at once and
 * we wait (RELEASING) for its ack; otherwise we go straight to target. */
static void release(struct fo *f, const struct fo_event *ev, struct fo_actions *out,
		    enum fo_state target, bool give_up, const char *why)
{
	bool was_active = f->state == FO_ACTIVE;

	f->reason = why;
	f->active_since_ms = 0;
	f->after_release = target;
	if (was_active)
		act(out, FO_ACT_VIPS_DOWN, 0);
	if (give_up) {
		/* Ask before stopping lvsd, which may take a while: the peer
		 * starts its takeover meanwhile, and our VIPs are already gone. */
		f->state = FO_RELEASING;
		f->deadline = ev->now + f->cfg.giveup_timeout;
		f->next_giveup = ev->now + f->cfg.keepalive;
		act(out, FO_ACT_SEND_GIVEUP, 0);
		heartbeat_now(f, ev->now, out);
	}
	if (f->cfg.hot_standby && target != FO_STOPPED) {
		/* A hot standby keeps its table, nannies and both sync daemons:
		 * the flows it synced can come back to it. */
		act(out, FO_ACT_TELL_LVSD, 0);
	} else {
		act(out, FO_ACT_STOP_LVSD, 0);
		f->lvsd_ready = false;
		/* Leaving for good: no point starting a backup sync daemon
		 * only to stop it a moment later. */
		act(out, target == FO_STOPPED ? FO_ACT_SYNCD_STOP : FO_ACT_SYNCD_BACKUP, 0);
	}
	if (was_active)
		act(out, FO_ACT_RUN_INACTIVE_CMD, 0);
	if (!give_up)
		finish_release(f, ev, out);
}

static void stop(struct fo *f, const struct fo_event *ev, struct fo_actions *out)
{
	switch (f->state) {
	case FO_TAKING_OVER:
	case FO_ACTIVE:
		release(f, ev, out, FO_STOPPED, true, "stopping");
		break;
	case FO_RELEASING:
		if (f->after_release != FO_STOPPED) {
			if (f->cfg.hot_standby) {
				act(out, FO_ACT_STOP_LVSD, 0);
				f->lvsd_ready = false;
			}
			act(out, FO_ACT_SYNCD_STOP, 0);
		}
		f->after_release = FO_STOPPED;
		break;
	case FO_BACKUP:
	case FO_FAILED:
		f->after_release = FO_STOPPED;
		f->reason = "stopping";
		if (f->cfg.hot_standby) {
			act(out, FO_ACT_STOP_LVSD, 0);
			f->lvsd_ready = false;
		}
		act(out, FO_ACT_SYNCD_STOP, 0);
		finish_release(f, ev, out);
		break;
	case FO_STOPPED:
		break;
	}
}

static void maybe_recover(struct fo *f, const struct fo_event *ev, struct fo_actions *out)
{
	if (f->state != FO_FAILED || f->failed)
		return;
	f->state = FO_BACKUP;
	f->reason = "able to serve again";
	f->quiet_since = ev->now;       /* give the peer a deadtime to be heard */
	if (f->cfg.hot_standby)
		act(out, FO_ACT_START_LVSD, 0);  /* a no-op if it still runs */
	heartbeat_now(f, ev->now, out);
}

static void link_event(struct fo *f, const struct fo_event *ev, struct fo_actions *out)
{
	if (!f->cfg.monitor_links)
		return;
	if (ev->up) {
		f->failed &= ~(unsigned)FO_FAIL_LINKS;
		maybe_recover(f, ev, out);
		return;
	}
	f->failed |= FO_FAIL_LINKS;
	switch (f->state) {
	case FO_TAKING_OVER:
	case FO_ACTIVE:
		release(f, ev, out, FO_FAILED, true, "local link down");
		break;
	case FO_RELEASING:
		if (f->after_release == FO_BACKUP)
			f->after_release = FO_FAILED;
		break;
	case FO_BACKUP:
		f->state = FO_FAILED;
		f->reason = "local link down";
		heartbeat_now(f, ev->now, out);
		break;
	case FO_FAILED:
	case FO_STOPPED:
		break;
	}
}

/* Whether lvsd should be running now: on the active router always, on
 * every serving router with a hot standby. */
static bool lvsd_wanted(const struct fo *f)
{
	switch (f->state) {
	case FO_ACTIVE:
	case FO_TAKING_OVER:
		return true;
	case FO_BACKUP:
		return f->cfg.hot_standby;
	case FO_RELEASING:
		return f->cfg.hot_standby && f->after_release != FO_STOPPED && !(f->failed & FO_FAIL_LVSD);
	case FO_FAILED:
		return f->cfg.hot_standby && !(f->failed & FO_FAIL_LVSD);
	default:
		return false;
	}
}

static void lvsd_exit(struct fo *f, const struct fo_event *ev, struct fo_actions *out)
{
	f->lvsd_ready = false;
	if (!lvsd_wanted(f))
		return;                 /* we stopped it, or it is not ours to run */
	if (ev->now - f->last_lvsd_failure > f->cfg.lvsd_failure_window)
		f->lvsd_failures = 0;
	f->lvsd_failures++;
	f->last_lvsd_failure = ev->now;
	if (f->lvsd_failures < f->cfg.max_lvsd_failures) {
		f->reason = "lvsd died: restarting it";
		act(out, FO_ACT_START_LVSD, 0);
		return;
	}
	f->failed |= FO_FAIL_LVSD;
	f->lvsd_failures = 0;
	if (f->state == FO_ACTIVE || f->state == FO_TAKING_OVER) {
		release(f, ev, out, FO_FAILED, true, "lvsd keeps dying: giving up the role");
	} else if (f->state == FO_BACKUP) {
		f->state = FO_FAILED;
		f->reason = "lvsd keeps dying: cannot stand by";
		heartbeat_now(f, ev->now, out);
	} else if (f->state == FO_RELEASING && f->after_release == FO_BACKUP) {
		f->after_release = FO_FAILED;
	}
}

static void peer_msg(struct fo *f, const struct fo_event *ev, struct fo_actions *out)
{
	const struct hb_msg *m = ev->msg;
	int link = ev->link == 1 && f->cfg.nlinks == 2 ? 1 : 0;
	bool was_active = f->peer_known && f->peer.state == HB_ST_ACTIVE;
	bool returning = f->peer_lost;

	f->last_rx[link] = ev->now;
	if (!f->link_alive[link] && f->link_heard[link])
		act(out, FO_ACT_NOTE_LINK_BACK, link);
	f->link_alive[link] = f->link_heard[link] = true;
	f->peer_lost = false;
	/* A copy overtaken on the other link, or a late one: it proves the
	 * peer alive (and a give-up is acknowledged whatever its age), but
	 * its state is older than what we acted on. */
	if (f->peer_known && m->boot_id == f->peer.boot_id && m->seq <= f->peer.seq) {
		if (m->type == HB_MSG_GIVEUP)
			act(out, FO_ACT_SEND_ACK, 0);
		return;
	}
	f->peer = *m;
	f->peer_known = true;

	if (memcmp(m->config_digest, f->cfg.config_digest, HB_DIGEST_LEN) == 0) {
		f->config_warned = false;
	} else if (!f->config_warned || memcmp(f->warned_digest, m->config_digest, HB_DIGEST_LEN)) {
		act(out, FO_ACT_WARN_CONFIG, 0);
		f->config_warned = true;
		memcpy(f->warned_digest, m->config_digest, HB_DIGEST_LEN);
	}
	if (m->type == HB_MSG_GIVEUP)
		act(out, FO_ACT_SEND_ACK, 0);

	switch (f->state) {
	case FO_BACKUP:
		if (m->type == HB_MSG_GIVEUP)
			take_over(f, ev, out, "peer gave up the role");
		else if (m->state == HB_ST_RELEASING || m->state == HB_ST_FAILED ||
			 m->state == HB_ST_STOPPED)
			take_over(f, ev, out, "peer cannot serve");
		else if (m->state == HB_ST_BACKUP && preferred(f, m))
			take_over(f, ev, out, "both standing by: the primary serves");
		break;
	case FO_TAKING_OVER:
		if (m->state == HB_ST_ACTIVE ||
		    (m->state == HB_ST_TAKING_OVER && !preferred(f, m))) {
			f->state = FO_BACKUP;
			f->reason = "peer is active: takeover aborted";
			if (!f->cfg.hot_standby) {
				act(out, FO_ACT_STOP_LVSD, 0);
				f->lvsd_ready = false;
				act(out, FO_ACT_SYNCD_BACKUP, 0);
			}
			heartbeat_now(f, ev->now, out);
		}
		break;
	case FO_ACTIVE:
		if (m->state == HB_ST_ACTIVE) {
			if (!fo_wins_split_brain(f, m)) {
				release(f, ev, out, FO_BACKUP, false,
					"split brain: the peer has been active longer");
			} else if (!was_active) {
				/* Re-assert: upstream caches may point at the peer. */
				f->reason = "split brain: we stay active";
				act(out, FO_ACT_SEND_ARP, 0);
				act(out, FO_ACT_RUN_ACTIVE_CMD, 0);
				heartbeat_now(f, ev->now, out);
			}
		} else if (m->state == HB_ST_TAKING_OVER) {
			heartbeat_now(f, ev->now, out);
		}
		/* The peer was cut off and may have held the VIPs meanwhile,
		 * even if it stepped down before we saw it active. */
		if (f->state == FO_ACTIVE && returning)
			act(out, FO_ACT_SEND_ARP, 0);
		break;
	case FO_RELEASING:
		if (m->type == HB_MSG_ACK || m->state == HB_ST_ACTIVE ||
		    m->state == HB_ST_TAKING_OVER) {
			f->reason = m->type == HB_MSG_ACK ? "the peer acknowledged the give-up"
							  : "the peer took over";
			finish_release(f, ev, out);
		}
		break;
	case FO_FAILED:
		if (m->state == HB_ST_ACTIVE && (f->failed & FO_FAIL_LVSD)) {
			f->failed &= ~(unsigned)FO_FAIL_LVSD;
			if (f->cfg.hot_standby)
				act(out, FO_ACT_START_LVSD, 0);  /* even while the links keep us FAILED */
			maybe_recover(f, ev, out);
		}
		break;
	case FO_STOPPED:
		break;
	}
}

static void tick(struct fo *f, const struct fo_event *ev, struct fo_actions *out)
{
	bool any_alive = false;

	for (int i = 0; i < f->cfg.nlinks; i++) {
		if (f->link_alive[i] && ev->now >= f->last_rx[i] + f->cfg.deadtime) {
			f->link_alive[i] = false;
			act(out, FO_ACT_WARN_LINK_LOST, i);
		}
		any_alive |= f->link_alive[i];
	}
	if (f->peer_known && !any_alive)
		f->peer_lost = true;
	switch (f->state) {
	case FO_BACKUP:
		if (ev->now >= peer_deadline(f))
			take_over(f, ev, out, "no heartbeat from the peer for deadtime");
		break;
	case FO_TAKING_OVER:
		if (ev->now >= f->deadline) {
			f->reason = "lvsd did not say ready in time: bringing the addresses up anyway";
			become_active(f, ev, out);
		}
		break;
	case FO_RELEASING:
		if (ev->now >= f->deadline) {
			f->reason = "give-up not acknowledged";
			finish_release(f, ev, out);
		} else if (ev->now >= f->next_giveup) {
			act(out, FO_ACT_SEND_GIVEUP, 0);
			f->next_giveup = ev->now + f->cfg.keepalive;
		}
		break;
	default:
		break;
	}
	if (f->state != FO_STOPPED && ev->now >= f->next_send) {
		/* On a fixed grid: a tick that runs a little late must not push
		 * every later heartbeat back too, or the gaps the peer sees grow
		 * past the keepalive (at 10 ms, a 1-2 ms late wake-up each time
		 * made them 12 ms on average and over 30 ms at the worst). */
		act(out, FO_ACT_SEND_HEARTBEAT, 0);
		f->next_send += f->cfg.keepalive;
		if (f->next_send <= ev->now)
			f->next_send = ev->now + f->cfg.keepalive;
	}
}

void fo_handle(struct fo *f, const struct fo_event *ev, struct fo_actions *out)
{
	out->n = 0;
	if (ev->type == FO_EV_START) {
		f->quiet_since = ev->now;
		if (f->cfg.startup_listen > f->cfg.deadtime)
			f->quiet_since += f->cfg.startup_listen - f->cfg.deadtime;
		f->state = FO_BACKUP;
		f->reason = "started";
		if (f->cfg.hot_standby) {
			act(out, FO_ACT_START_LVSD, 0);
			act(out, FO_ACT_SYNCD_BOTH, 0);
		}
		if (ev->forceactive) {
			take_over(f, ev, out, "started with --forceactive");
			return;
		}
		/* Clean up after a crash: a standby holds no VIPs. */
		act(out, FO_ACT_VIPS_DOWN, 0);
		if (!f->cfg.hot_standby)
			act(out, FO_ACT_SYNCD_BACKUP, 0);
		act(out, FO_ACT_RUN_INACTIVE_CMD, 0);
		heartbeat_now(f, ev->now, out);
		return;
	}
	if (f->state == FO_STOPPED)
		return;
	switch (ev->type) {
	case FO_EV_TICK:
		tick(f, ev, out);
		break;
	case FO_EV_PEER_MSG:
		if (ev->msg)
			peer_msg(f, ev, out);
		break;
	case FO_EV_LVSD_READY:
		f->lvsd_ready = true;
		if (f->state == FO_TAKING_OVER) {
			f->reason = "lvsd has built the table: bringing the addresses up";
			become_active(f, ev, out);
		}
		break;
	case FO_EV_LVSD_EXIT:
		lvsd_exit(f, ev, out);
		break;
	case FO_EV_LINK:
		link_event(f, ev, out);
		break;
	case FO_EV_STOP:
		stop(f, ev, out);
		break;
	case FO_EV_START:
		break;
	}
}

double fo_next_wakeup(const struct fo *f)
{
	double t = f->next_send;

	if (f->state == FO_STOPPED)
		return INFINITY;
	for (int i = 0; i < f->cfg.nlinks; i++)
		if (f->link_alive[i] && f->last_rx[i] + f->cfg.deadtime < t)
			t = f->last_rx[i] + f->cfg.deadtime;
	if (f->state == FO_BACKUP && peer_deadline(f) < t)
		t = peer_deadline(f);
	if ((f->state == FO_TAKING_OVER || f->state == FO_RELEASING) && f->deadline < t)
		t = f->deadline;
	if (f->state == FO_RELEASING && f->next_giveup < t)
		t = f->next_giveup;
	return t;
}

const char *fo_action_name(enum fo_action_type t)
{
	static const char *const names[FO_NACTION_TYPES] = {
		[FO_ACT_SEND_HEARTBEAT] = "send heartbeat",
		[FO_ACT_SEND_GIVEUP] = "send give-up",
		[FO_ACT_SEND_ACK] = "send ack",
		[FO_ACT_START_LVSD] = "start lvsd",
		[FO_ACT_STOP_LVSD] = "stop lvsd",
		[FO_ACT_VIPS_UP] = "VIPs up",
		[FO_ACT_VIPS_DOWN] = "VIPs down",
		[FO_ACT_SEND_ARP] = "send_arp",
		[FO_ACT_RUN_ACTIVE_CMD] = "run active_cmd",
		[FO_ACT_RUN_INACTIVE_CMD] = "run inactive_cmd",
		[FO_ACT_SYNCD_MASTER] = "sync daemon master",
		[FO_ACT_SYNCD_BACKUP] = "sync daemon backup",
		[FO_ACT_SYNCD_STOP] = "sync daemon stop",
		[FO_ACT_SYNCD_BOTH] = "sync daemons master and backup",
		[FO_ACT_TELL_LVSD] = "tell lvsd the role",
		[FO_ACT_WARN_CONFIG] = "warn: config differs",
		[FO_ACT_WARN_LINK_LOST] = "warn: heartbeat link lost",
		[FO_ACT_NOTE_LINK_BACK] = "heartbeat link back",
		[FO_ACT_EXIT] = "exit",
	};

	return (unsigned)t < FO_NACTION_TYPES ? names[t] : "?";
}
