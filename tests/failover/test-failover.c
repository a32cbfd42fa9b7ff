#include "config.h"

/* pulse's failover state machine with simulated time: exact action lists for
 * single events, then two routers wired together through the real heartbeat
 * codec over two simulated links that the tests cut and heal. No sleeping. */

#include <arpa/inet.h>
#include <math.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "failover.h"
#include "heartbeat.h"
#include "tap.h"

#define WALL0 1700000000000ull

/* ---- single-node helpers ---- */

static char acts_buf[1024];

static const char *acts(const struct fo_actions *a)
{
	acts_buf[0] = '\0';
	for (int i = 0; i < a->n; i++) {
		char one[64];

		snprintf(one, sizeof(one), "%s%s", i ? ", " : "", fo_action_name(a->a[i].type));
		if (a->a[i].type == FO_ACT_WARN_LINK_LOST || a->a[i].type == FO_ACT_NOTE_LINK_BACK)
			snprintf(one + strlen(one), sizeof(one) - strlen(one), " %d", a->a[i].link);
		strncat(acts_buf, one, sizeof(acts_buf) - strlen(acts_buf) - 1);
	}
	return acts_buf;
}

static struct fo_actions out;

static const char *ev(struct fo *f, enum fo_event_type type, double now)
{
	struct fo_event e = { .type = type, .now = now, .wall_ms = WALL0 + (uint64_t)(now * 1000) };

	fo_handle(f, &e, &out);
	return acts(&out);
}

static const char *ev_link(struct fo *f, bool up, double now)
{
	struct fo_event e = { .type = FO_EV_LINK, .now = now, .up = up,
			      .wall_ms = WALL0 + (uint64_t)(now * 1000) };

	fo_handle(f, &e, &out);
	return acts(&out);
}

static const char *peer(struct fo *f, double now, int link, uint8_t type, uint8_t role,
			uint8_t state, uint64_t active_since)
{
	static uint64_t seq;    /* a real peer numbers every packet */
	struct hb_msg m = { .type = type, .role = role, .state = state, .boot_id = 77,
			    .seq = ++seq, .active_since_ms = active_since };
	struct fo_event e = { .type = FO_EV_PEER_MSG, .now = now, .msg = &m, .link = link,
			      .wall_ms = WALL0 + (uint64_t)(now * 1000) };

	memcpy(m.config_digest, f->cfg.config_digest, HB_DIGEST_LEN);
	fo_handle(f, &e, &out);
	return acts(&out);
}

static void cfg_init(struct fo_config *c, enum hb_role role)
{
	fo_config_defaults(c);
	c->role = role;
	c->boot_id = role == HB_ROLE_PRIMARY ? 1000 : 2000;
	c->nlinks = 2;
	memcpy(c->config_digest, "cfgdig01", HB_DIGEST_LEN);
}

static void test_single_node(void)
{
	struct fo_config c;
	struct fo f;

	cfg_init(&c, HB_ROLE_BACKUP);
	fo_init(&f, &c);
	is_str(ev(&f, FO_EV_START, 0), "VIPs down, sync daemon backup, run inactive_cmd, send heartbeat",
	       "start: clean standby");
	is_int(f.state, FO_BACKUP, "start: BACKUP");
	ok(fo_next_wakeup(&f) == 2, "next wakeup: the keepalive at 2 s");
	is_str(ev(&f, FO_EV_TICK, 2), "send heartbeat", "tick at 2: heartbeat");
	is_str(ev(&f, FO_EV_TICK, 4), "send heartbeat", "tick at 4: heartbeat");
	ok(fo_next_wakeup(&f) == 5, "next wakeup: deadtime at 5 s");
	is_str(ev(&f, FO_EV_TICK, 4.999), "", "4.999 s of silence: nothing yet");
	is_str(ev(&f, FO_EV_TICK, 5), "sync daemon master, start lvsd, send heartbeat",
	       "5 s of silence: take over");
	is_int(f.state, FO_TAKING_OVER, "TAKING_OVER");
	ok(fo_next_wakeup(&f) == 7, "settle ends one keepalive later");
	is_str(ev(&f, FO_EV_LVSD_READY, 5.5), "VIPs up, send_arp, tell lvsd the role, run active_cmd, send heartbeat",
	       "lvsd ready: VIPs up, ARP, active_cmd");
	is_int(f.state, FO_ACTIVE, "ACTIVE");
	ok(f.active_since_ms == WALL0 + 5500, "active since = wall clock at activation");
	is_str(ev(&f, FO_EV_STOP, 9), "VIPs down, send give-up, send heartbeat, stop lvsd, sync daemon stop, run inactive_cmd",
	       "SIGTERM while active: release and ask the peer to take over");
	is_int(f.state, FO_RELEASING, "RELEASING");
	is_str(ev(&f, FO_EV_TICK, 11), "send give-up, send heartbeat", "no ack: give-up resent each keepalive");
	is_str(ev(&f, FO_EV_TICK, 13), "send give-up, send heartbeat", "and again at 13 s");
	is_str(ev(&f, FO_EV_TICK, 13.9), "", "not yet the give-up timeout");
	is_str(ev(&f, FO_EV_TICK, 14), "send heartbeat, exit", "give-up timeout (deadtime): exit");
	is_int(f.state, FO_STOPPED, "STOPPED");
	ok(isinf(fo_next_wakeup(&f)), "no more wakeups");
	is_str(ev(&f, FO_EV_TICK, 20), "", "stopped: inert");

	/* Acked give-up exits at once. */
	fo_init(&f, &c);
	ev(&f, FO_EV_START, 0);
	ev(&f, FO_EV_TICK, 5);
	ev(&f, FO_EV_TICK, 7);
	is_int(f.state, FO_ACTIVE, "settle time passed without lvsd ready: ACTIVE");
	ev(&f, FO_EV_STOP, 8);
	is_str(peer(&f, 8.001, 1, HB_MSG_ACK, HB_ROLE_PRIMARY, HB_ST_TAKING_OVER, 0),
	       "send heartbeat, exit", "ack on the private link: exit");

	/* A standby stops at once. */
	fo_init(&f, &c);
	ev(&f, FO_EV_START, 0);
	is_str(ev(&f, FO_EV_STOP, 1), "sync daemon stop, send heartbeat, exit", "SIGTERM in BACKUP: exit");

	/* forceactive */
	{
		struct fo_event e = { .type = FO_EV_START, .now = 0, .forceactive = true };

		fo_init(&f, &c);
		fo_handle(&f, &e, &out);
	}
	is_str(acts(&out), "sync daemon master, start lvsd, send heartbeat", "--forceactive: straight to taking over");
	is_int(f.state, FO_TAKING_OVER, "--forceactive: TAKING_OVER at once");
	is_str(peer(&f, 0.1, 0, HB_MSG_HEARTBEAT, HB_ROLE_PRIMARY, HB_ST_ACTIVE, WALL0 - 5000),
	       "stop lvsd, sync daemon backup, send heartbeat", "--forceactive but the peer is active: takeover aborted");
	is_int(f.state, FO_BACKUP, "back to BACKUP, VIPs never came up");
}

/* Heartbeats keep their grid when the ticks come late; a tick later than a
 * whole keepalive starts a new grid rather than sending a burst. */
static void test_heartbeat_grid(void)
{
	struct fo_config c;
	struct fo f;
	int sent = 0;
	double t = 0, worst = 0, last = 0;

	cfg_init(&c, HB_ROLE_PRIMARY);
	c.keepalive = 0.01;
	c.deadtime = 0.03;
	fo_init(&f, &c);
	ev(&f, FO_EV_START, 0);
	while (t < 10) {
		t = fo_next_wakeup(&f) + 0.0015;        /* every wake-up 1.5 ms late */
		if (strstr(ev(&f, FO_EV_TICK, t), "send heartbeat")) {
			if (t - last > worst)
				worst = t - last;
			last = t;
			sent++;
		}
	}
	ok(sent >= 995 && sent <= 1001, "10 s at keepalive 10 ms, each tick 1.5 ms late: %d heartbeats (1000 due)", sent);
	ok(worst < 0.0116, "the longest gap between two stays near the keepalive (%.1f ms)", worst * 1000);
	ev(&f, FO_EV_TICK, 20);
	ok(fo_next_wakeup(&f) > 20 && fo_next_wakeup(&f) <= 20.01 + 1e-9,
	   "after a 10 s stall: the next heartbeat one keepalive later, no burst");
}

/* A router just started listens for startup_listen when that is longer
 * than deadtime. */
static void test_startup_listen(void)
{
	struct fo_config c;
	struct fo f;

	cfg_init(&c, HB_ROLE_BACKUP);
	c.keepalive = 0.01;
	c.deadtime = 0.03;
	c.startup_listen = 1;
	fo_init(&f, &c);
	ev(&f, FO_EV_START, 0);
	ok(!strstr(ev(&f, FO_EV_TICK, 0.5), "start lvsd") && f.state == FO_BACKUP,
	   "start-up listening: silent for 0.5 s, still backup");
	ok(fabs(fo_next_wakeup(&f) - 0.51) < 1e-9, "next wake-up: the next heartbeat");
	double t = 0.5;

	while (f.state == FO_BACKUP && t < 2) {
		t = fo_next_wakeup(&f);
		ev(&f, FO_EV_TICK, t);
	}
	ok(f.state == FO_TAKING_OVER && t >= 1.0 && t < 1.011,
	   "takes over once 1 s has passed without a heartbeat");
	c.startup_listen = 0.01;
	fo_init(&f, &c);
	ev(&f, FO_EV_START, 0);
	ev(&f, FO_EV_TICK, 0.03);
	is_int(f.state, FO_TAKING_OVER, "start-up listening shorter than deadtime: deadtime rules");
}

static void test_peer_rules(void)
{
	struct fo_config c;
	struct fo f;

	/* Either link keeps the peer alive. */
	cfg_init(&c, HB_ROLE_BACKUP);
	fo_init(&f, &c);
	ev(&f, FO_EV_START, 0);
	peer(&f, 1, 0, HB_MSG_HEARTBEAT, HB_ROLE_PRIMARY, HB_ST_ACTIVE, WALL0);
	for (double t = 2; t <= 30; t += 2)
		peer(&f, t, 1, HB_MSG_HEARTBEAT, HB_ROLE_PRIMARY, HB_ST_ACTIVE, WALL0);
	ev(&f, FO_EV_TICK, 30);
	is_int(f.state, FO_BACKUP, "public link silent for 29 s, private still heard: no takeover");
	is_str(ev(&f, FO_EV_TICK, 35), "warn: heartbeat link lost 1, sync daemon master, start lvsd, send heartbeat",
	       "private link silent too: link lost and takeover");

	/* Idle pair: the primary serves; the backup waits. */
	cfg_init(&c, HB_ROLE_PRIMARY);
	fo_init(&f, &c);
	ev(&f, FO_EV_START, 0);
	is_str(peer(&f, 0.5, 0, HB_MSG_HEARTBEAT, HB_ROLE_BACKUP, HB_ST_BACKUP, 0),
	       "sync daemon master, start lvsd, send heartbeat", "primary hearing a standby backup takes over");
	cfg_init(&c, HB_ROLE_BACKUP);
	fo_init(&f, &c);
	ev(&f, FO_EV_START, 0);
	is_str(peer(&f, 0.5, 0, HB_MSG_HEARTBEAT, HB_ROLE_PRIMARY, HB_ST_BACKUP, 0), "",
	       "backup hearing a standby primary waits");
	is_str(peer(&f, 0.6, 0, HB_MSG_HEARTBEAT, HB_ROLE_PRIMARY, HB_ST_FAILED, 0),
	       "sync daemon master, start lvsd, send heartbeat", "backup hearing a failed primary takes over");
	fo_init(&f, &c);
	ev(&f, FO_EV_START, 0);
	is_str(peer(&f, 0.5, 0, HB_MSG_GIVEUP, HB_ROLE_PRIMARY, HB_ST_RELEASING, 0),
	       "send ack, sync daemon master, start lvsd, send heartbeat", "give-up: ack and take over at once");

	/* A primary that returns while the backup serves stays standby. */
	cfg_init(&c, HB_ROLE_PRIMARY);
	fo_init(&f, &c);
	ev(&f, FO_EV_START, 0);
	is_str(peer(&f, 0.5, 0, HB_MSG_HEARTBEAT, HB_ROLE_BACKUP, HB_ST_ACTIVE, WALL0 - 60000), "",
	       "returning primary, backup active: no preemption");
	ev(&f, FO_EV_TICK, 5.4);
	is_int(f.state, FO_BACKUP, "... still BACKUP (that heartbeat keeps the peer alive until 5.5 s)");
	ev(&f, FO_EV_TICK, 5.5);
	is_int(f.state, FO_TAKING_OVER, "... and the peer dead at 5.5 s: takeover");
}

static void test_split_brain_rule(void)
{
	struct fo_config c;
	struct fo f;

	/* Each case from both sides: exactly one keeps the role. */
	struct { uint64_t p_since, b_since; int winner; const char *what; } cases[] = {
		{ WALL0, WALL0 + 1, HB_ROLE_PRIMARY, "primary active earlier" },
		{ WALL0 + 1, WALL0, HB_ROLE_BACKUP, "backup active earlier" },
		{ WALL0, WALL0, HB_ROLE_PRIMARY, "same millisecond: primary" },
	};
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct hb_msg pm = { .role = HB_ROLE_PRIMARY, .state = HB_ST_ACTIVE, .boot_id = 1000,
				     .active_since_ms = cases[i].p_since };
		struct hb_msg bm = { .role = HB_ROLE_BACKUP, .state = HB_ST_ACTIVE, .boot_id = 2000,
				     .active_since_ms = cases[i].b_since };
		struct fo p, b;
		bool p_wins, b_wins;

		cfg_init(&c, HB_ROLE_PRIMARY);
		fo_init(&p, &c);
		p.active_since_ms = cases[i].p_since;
		cfg_init(&c, HB_ROLE_BACKUP);
		fo_init(&b, &c);
		b.active_since_ms = cases[i].b_since;
		p_wins = fo_wins_split_brain(&p, &bm);
		b_wins = fo_wins_split_brain(&b, &pm);
		ok(p_wins != b_wins, "%s: exactly one wins", cases[i].what);
		ok(p_wins == (cases[i].winner == HB_ROLE_PRIMARY), "%s: the %s wins", cases[i].what,
		   cases[i].winner == HB_ROLE_PRIMARY ? "primary" : "backup");
	}

	/* Misconfigured: both primary, same time; lower boot id wins. */
	cfg_init(&c, HB_ROLE_PRIMARY);
	fo_init(&f, &c);
	f.active_since_ms = WALL0;
	{
		struct hb_msg m = { .role = HB_ROLE_PRIMARY, .state = HB_ST_ACTIVE, .boot_id = 999,
				    .active_since_ms = WALL0 };

		ok(!fo_wins_split_brain(&f, &m), "both primary, same time: lower boot id (peer 999 < 1000) wins");
		m.boot_id = 1001;
		ok(fo_wins_split_brain(&f, &m), "both primary, same time: we win against boot id 1001");
	}

	/* The winner re-asserts once per episode; the loser steps down. */
	cfg_init(&c, HB_ROLE_BACKUP);
	fo_init(&f, &c);
	ev(&f, FO_EV_START, 0);
	ev(&f, FO_EV_TICK, 5);
	ev(&f, FO_EV_TICK, 7);
	is_int(f.state, FO_ACTIVE, "backup active since 7 s");
	is_str(peer(&f, 20, 0, HB_MSG_HEARTBEAT, HB_ROLE_PRIMARY, HB_ST_ACTIVE, WALL0 + 19000),
	       "send_arp, run active_cmd, send heartbeat", "split brain, we were earlier: re-ARP and active_cmd");
	is_str(peer(&f, 20.1, 1, HB_MSG_HEARTBEAT, HB_ROLE_PRIMARY, HB_ST_ACTIVE, WALL0 + 19000), "",
	       "same episode, other link: no repeat");
	is_str(peer(&f, 21, 0, HB_MSG_HEARTBEAT, HB_ROLE_PRIMARY, HB_ST_ACTIVE, WALL0 + 1000),
	       "VIPs down, stop lvsd, sync daemon backup, run inactive_cmd, send heartbeat",
	       "peer claims an earlier activation: we release, no give-up");
	is_int(f.state, FO_BACKUP, "loser is BACKUP");
}

static void test_lvsd_and_links(void)
{
	struct fo_config c;
	struct fo f;

	cfg_init(&c, HB_ROLE_PRIMARY);
	c.monitor_links = true;
	fo_init(&f, &c);
	ev(&f, FO_EV_START, 0);
	ev(&f, FO_EV_TICK, 5);
	ev(&f, FO_EV_LVSD_READY, 5.1);
	is_int(f.state, FO_ACTIVE, "active");
	is_str(ev(&f, FO_EV_LVSD_EXIT, 10), "start lvsd", "lvsd died once: restarted");
	is_str(ev(&f, FO_EV_LVSD_EXIT, 20), "start lvsd", "twice within 60 s: restarted");
	is_str(ev(&f, FO_EV_LVSD_EXIT, 30),
	       "VIPs down, send give-up, send heartbeat, stop lvsd, sync daemon backup, run inactive_cmd",
	       "third time within 60 s: give up the role");
	is_str(peer(&f, 30.01, 0, HB_MSG_ACK, HB_ROLE_BACKUP, HB_ST_TAKING_OVER, 0), "send heartbeat", "acked");
	is_int(f.state, FO_FAILED, "FAILED");
	is_str(ev(&f, FO_EV_TICK, 100), "warn: heartbeat link lost 0, send heartbeat",
	       "FAILED never takes over, even with the peer silent");
	is_int(f.state, FO_FAILED, "still FAILED at 100 s");
	is_str(peer(&f, 101, 0, HB_MSG_HEARTBEAT, HB_ROLE_BACKUP, HB_ST_ACTIVE, WALL0 + 30000),
	       "heartbeat link back 0, send heartbeat", "peer seen active: back to standby");
	is_int(f.state, FO_BACKUP, "BACKUP again");

	fo_init(&f, &c);
	ev(&f, FO_EV_START, 0);
	ev(&f, FO_EV_TICK, 5);
	ev(&f, FO_EV_LVSD_READY, 5.1);
	ev(&f, FO_EV_LVSD_EXIT, 10);
	ev(&f, FO_EV_LVSD_EXIT, 71);
	is_str(ev(&f, FO_EV_LVSD_EXIT, 132), "start lvsd", "failures 61 s apart never add up");
	is_int(f.state, FO_ACTIVE, "still ACTIVE");

	is_str(ev_link(&f, false, 140),
	       "VIPs down, send give-up, send heartbeat, stop lvsd, sync daemon backup, run inactive_cmd",
	       "monitor_links: local link down while active: release");
	ev(&f, FO_EV_TICK, 145);
	is_int(f.state, FO_FAILED, "no ack: FAILED after the give-up timeout");
	ev(&f, FO_EV_TICK, 200);
	is_int(f.state, FO_FAILED, "links down: never takes over");
	is_str(ev_link(&f, true, 201), "send heartbeat", "links back: standby");
	is_int(f.state, FO_BACKUP, "BACKUP");
	ev(&f, FO_EV_TICK, 205.9);
	is_int(f.state, FO_BACKUP, "peer gets a full deadtime after links return");
	ev(&f, FO_EV_TICK, 206);
	is_int(f.state, FO_TAKING_OVER, "then the silent peer is dead: takeover");

	fo_init(&f, &c);
	ev(&f, FO_EV_START, 0);
	is_str(ev_link(&f, false, 1), "send heartbeat", "link down in BACKUP: FAILED, heartbeat says so");
	is_int(f.state, FO_FAILED, "FAILED");
	c.monitor_links = false;
	fo_init(&f, &c);
	ev(&f, FO_EV_START, 0);
	is_str(ev_link(&f, false, 1), "", "without monitor_links a link event is ignored");

	/* Config digest mismatch: warned once per distinct digest. */
	cfg_init(&c, HB_ROLE_BACKUP);
	fo_init(&f, &c);
	ev(&f, FO_EV_START, 0);
	{
		struct hb_msg m = { .type = HB_MSG_HEARTBEAT, .role = HB_ROLE_PRIMARY, .state = HB_ST_ACTIVE,
				    .active_since_ms = WALL0 };
		struct fo_event e = { .type = FO_EV_PEER_MSG, .now = 1, .msg = &m };

		memcpy(m.config_digest, "otherdig", HB_DIGEST_LEN);
		m.seq = 1;
		fo_handle(&f, &e, &out);
		is_str(acts(&out), "warn: config differs", "different config digest: warned");
		m.seq = 2;
		e.now = 2;
		fo_handle(&f, &e, &out);
		is_str(acts(&out), "", "not again for the same digest");
		memcpy(m.config_digest, "cfgdig01", HB_DIGEST_LEN);
		m.seq = 3;
		e.now = 3;
		fo_handle(&f, &e, &out);
		memcpy(m.config_digest, "otherdig", HB_DIGEST_LEN);
		m.seq = 4;
		e.now = 4;
		fo_handle(&f, &e, &out);
		is_str(acts(&out), "warn: config differs", "matched in between: warned again");
	}
}

/* ---- two routers, real codec, simulated links ---- */

struct packet {
	double at;
	int to, link;
	uint8_t buf[HB_LEN];
};

struct node {
	const char *name;
	struct fo fo;
	struct hb_key key;
	struct hb_sender tx;
	struct hb_receiver rx;
	bool running, vips, lvsd, lvsd_ready_at_once;
	int arps, active_cmds, inactive_cmds, giveups, acks, lvsd_starts, rx_errors, link_lost, exits;
	double entered[7];              /* last time each state was entered */
	uint64_t skew_ms;
};

struct sim {
	double now, latency, overlap;
	int nlinks;
	bool link_up[2];
	struct node n[2];
	struct packet q[512];
	int nq;
	long steps;
};

static uint64_t wall(const struct sim *s, int i)
{
	return WALL0 + (uint64_t)llround(s->now * 1000) + s->n[i].skew_ms;
}

static void node_handle(struct sim *s, int i, struct fo_event *e);

static void send_msg(struct sim *s, int i, uint8_t type)
{
	struct node *nd = &s->n[i];

	for (int l = 0; l < s->nlinks; l++) {
		struct hb_msg m = { .type = type, .state = (uint8_t)nd->fo.state, .sent_ms = wall(s, i),
				    .active_since_ms = nd->fo.active_since_ms };
		struct packet *p;

		if (!s->link_up[l] || s->nq >= (int)(sizeof(s->q) / sizeof(s->q[0])))
			continue;
		p = &s->q[s->nq++];
		p->at = s->now + s->latency;
		p->to = !i;
		p->link = l;
		hb_sender_encode(&nd->tx, &m, p->buf);
	}
}

static void apply(struct sim *s, int i, const struct fo_actions *a)
{
	struct node *nd = &s->n[i];

	for (int k = 0; k < a->n; k++) {
		switch (a->a[k].type) {
		case FO_ACT_SEND_HEARTBEAT: send_msg(s, i, HB_MSG_HEARTBEAT); break;
		case FO_ACT_SEND_GIVEUP: send_msg(s, i, HB_MSG_GIVEUP); nd->giveups++; break;
		case FO_ACT_SEND_ACK: send_msg(s, i, HB_MSG_ACK); nd->acks++; break;
		case FO_ACT_START_LVSD: nd->lvsd = true; nd->lvsd_starts++; break;
		case FO_ACT_STOP_LVSD: nd->lvsd = false; break;
		case FO_ACT_VIPS_UP: nd->vips = true; break;
		case FO_ACT_VIPS_DOWN: nd->vips = false; break;
		case FO_ACT_SEND_ARP: nd->arps++; break;
		case FO_ACT_RUN_ACTIVE_CMD: nd->active_cmds++; break;
		case FO_ACT_RUN_INACTIVE_CMD: nd->inactive_cmds++; break;
		case FO_ACT_WARN_LINK_LOST: nd->link_lost++; break;
		case FO_ACT_EXIT: nd->running = false; nd->exits++; break;
		default: break;
		}
	}
	for (int k = 0; k < a->n; k++)
		if (a->a[k].type == FO_ACT_START_LVSD && nd->lvsd_ready_at_once) {
			struct fo_event e = { .type = FO_EV_LVSD_READY };

			node_handle(s, i, &e);
		}
}

static void node_handle(struct sim *s, int i, struct fo_event *e)
{
	struct node *nd = &s->n[i];
	struct fo_actions a;
	enum fo_state before = nd->fo.state;

	e->now = s->now;
	e->wall_ms = wall(s, i);
	fo_handle(&nd->fo, e, &a);
	if (nd->fo.state != before || e->type == FO_EV_START)
		nd->entered[nd->fo.state] = s->now;
	apply(s, i, &a);
}

static bool sim_hot;            /* routers built by sim_init run a hot standby */

static void sim_init(struct sim *s, double keepalive, double deadtime, int nlinks)
{
	struct sockaddr_in a;
	struct fo_config c;

	memset(s, 0, sizeof(*s));
	s->latency = 0.001;
	s->nlinks = nlinks;
	s->link_up[0] = s->link_up[1] = true;
	for (int i = 0; i < 2; i++) {
		struct node *nd = &s->n[i];

		nd->name = i ? "backup" : "primary";
		cfg_init(&c, i ? HB_ROLE_BACKUP : HB_ROLE_PRIMARY);
		c.keepalive = keepalive;
		c.deadtime = deadtime;
		c.nlinks = nlinks;
		c.monitor_links = true;
		c.hot_standby = sim_hot;
		fo_init(&nd->fo, &c);
		hb_key_set(&nd->key, "a shared secret of some length", 30);
		nd->tx.key = &nd->key;
		nd->tx.boot_id = c.boot_id;
		nd->tx.role = (uint8_t)c.role;
		memcpy(nd->tx.config_digest, c.config_digest, HB_DIGEST_LEN);
		nd->rx.key = &nd->key;
		memset(&a, 0, sizeof(a));
		a.sin_family = AF_INET;
		inet_pton(AF_INET, i ? "192.0.2.1" : "192.0.2.2", &a.sin_addr);
		hb_receiver_add_peer(&nd->rx, (struct sockaddr *)&a);
		inet_pton(AF_INET, i ? "10.0.0.1" : "10.0.0.2", &a.sin_addr);
		hb_receiver_add_peer(&nd->rx, (struct sockaddr *)&a);
		for (int k = 0; k < 7; k++)
			nd->entered[k] = -1;
	}
}

static void node_start(struct sim *s, int i, bool force)
{
	struct fo_event e = { .type = FO_EV_START, .forceactive = force };

	s->n[i].running = true;
	node_handle(s, i, &e);
}

static void node_event(struct sim *s, int i, enum fo_event_type type, bool up)
{
	struct fo_event e = { .type = type, .up = up };

	node_handle(s, i, &e);
}

/* The machine goes down hard: no more packets, its VIPs vanish with it. */
static void node_crash(struct sim *s, int i)
{
	s->n[i].running = false;
	s->n[i].vips = false;
	s->n[i].lvsd = false;
}

static void node_restart(struct sim *s, int i, uint64_t boot_id)
{
	struct node *nd = &s->n[i];
	struct fo_config c = nd->fo.cfg;

	c.boot_id = boot_id;
	fo_init(&nd->fo, &c);
	nd->tx.boot_id = boot_id;
	nd->tx.last_seq = 0;
	node_start(s, i, false);
}

static void deliver(struct sim *s, struct packet *p)
{
	struct node *nd = &s->n[p->to];
	struct sockaddr_in from = { .sin_family = AF_INET };
	struct hb_msg m;

	if (!nd->running)
		return;
	inet_pton(AF_INET, p->link ? (p->to ? "10.0.0.1" : "10.0.0.2") : (p->to ? "192.0.2.1" : "192.0.2.2"),
		  &from.sin_addr);
	if (hb_receive(&nd->rx, p->buf, HB_LEN, (struct sockaddr *)&from, &m) != HB_OK) {
		nd->rx_errors++;
		return;
	}
	{
		struct fo_event e = { .type = FO_EV_PEER_MSG, .msg = &m, .link = p->link };

		node_handle(s, p->to, &e);
	}
}

/* Event-driven: jumps to the next wakeup or delivery, so a wrong
 * fo_next_wakeup() shows up as a missed deadline. */
static void run_until(struct sim *s, double until)
{
	for (;;) {
		double next = until + 1;
		double prev = s->now;

		for (int i = 0; i < 2; i++)
			if (s->n[i].running && fo_next_wakeup(&s->n[i].fo) < next)
				next = fo_next_wakeup(&s->n[i].fo);
		for (int k = 0; k < s->nq; k++)
			if (s->q[k].at < next)
				next = s->q[k].at;
		if (next > until) {
			if (s->n[0].vips && s->n[1].vips)
				s->overlap += until - prev;
			s->now = until;
			return;
		}
		if (next > s->now)
			s->now = next;
		if (s->n[0].vips && s->n[1].vips)
			s->overlap += s->now - prev;
		if (++s->steps > 10000000) {
			ok(0, "simulation stuck at %.3f", s->now);
			exit(1);
		}
		for (int k = 0; k < s->nq;) {
			if (s->q[k].at <= s->now) {
				struct packet p = s->q[k];

				s->q[k] = s->q[--s->nq];
				deliver(s, &p);
			} else {
				k++;
			}
		}
		for (int i = 0; i < 2; i++)
			if (s->n[i].running && fo_next_wakeup(&s->n[i].fo) <= s->now) {
				struct fo_event e = { .type = FO_EV_TICK };

				node_handle(s, i, &e);
			}
	}
}

static int nactive(const struct sim *s)
{
	return (s->n[0].running && s->n[0].fo.state == FO_ACTIVE) +
	       (s->n[1].running && s->n[1].fo.state == FO_ACTIVE);
}

static void test_sim_normal_start(void)
{
	struct sim s;

	sim_init(&s, 2, 5, 2);
	node_start(&s, 0, false);
	node_start(&s, 1, false);
	run_until(&s, 0.5);
	is_int(s.n[0].fo.state, FO_TAKING_OVER, "both start: the primary hears a standby backup and takes over at once");
	run_until(&s, 60);
	is_int(s.n[0].fo.state, FO_ACTIVE, "primary ACTIVE");
	is_int(s.n[1].fo.state, FO_BACKUP, "backup BACKUP");
	ok(s.n[0].vips && !s.n[1].vips, "VIPs only on the primary");
	ok(s.overlap == 0, "never both with VIPs");
	is_int(s.n[0].rx_errors + s.n[1].rx_errors, 0, "every heartbeat passed the codec (both links, replay window)");
	ok(s.n[1].rx.count[HB_OK] >= 58, "backup accepted %lu heartbeats in 60 s over 2 links", s.n[1].rx.count[HB_OK]);
	is_int(s.n[0].lvsd_starts, 1, "lvsd started once");

	/* Backup alone first; the primary arrives later and does not preempt. */
	sim_init(&s, 2, 5, 2);
	node_start(&s, 1, false);
	run_until(&s, 10);
	is_int(s.n[1].fo.state, FO_ACTIVE, "backup alone: active after deadtime + settle");
	ok(fabs(s.n[1].entered[FO_TAKING_OVER] - 5) < 1e-9, "took over exactly at deadtime (5 s)");
	node_start(&s, 0, false);
	run_until(&s, 60);
	is_int(s.n[0].fo.state, FO_BACKUP, "late primary stays standby");
	is_int(s.n[1].fo.state, FO_ACTIVE, "backup keeps serving");
	ok(s.overlap == 0, "never both with VIPs");
}

static void test_sim_takeover(void)
{
	struct sim s;
	double t;

	/* Fractional timers: keepalive 0.05 s, deadtime 0.2 s. */
	sim_init(&s, 0.05, 0.2, 2);
	node_start(&s, 0, false);
	node_start(&s, 1, false);
	run_until(&s, 5);
	is_int(nactive(&s), 1, "fast timers: one active");
	node_crash(&s, 0);
	run_until(&s, 6);
	t = s.n[1].entered[FO_TAKING_OVER] - 5;
	ok(t > 0.2 - 0.05 && t <= 0.2 + 1e-9, "primary crashed at 5 s: backup took over %.3f s later (deadtime 0.2, keepalive 0.05)", t);
	is_int(s.n[1].fo.state, FO_ACTIVE, "backup ACTIVE");
	ok(s.n[1].vips && s.n[1].arps == 1 && s.n[1].active_cmds == 1, "backup: VIPs up, one send_arp round, active_cmd");
	ok(s.n[1].link_lost == 2, "both heartbeat links reported lost");

	/* The crashed primary reboots (new boot id): stays standby. */
	node_restart(&s, 0, 4242);
	run_until(&s, 10);
	is_int(s.n[0].fo.state, FO_BACKUP, "rebooted primary: BACKUP (no preemption)");
	is_int(s.n[1].fo.state, FO_ACTIVE, "backup still ACTIVE");
	is_int(s.n[1].rx_errors, 0, "the new boot id is not taken for a replay");
	ok(s.overlap == 0, "never both with VIPs");

	/* No takeover while either link answers. */
	sim_init(&s, 0.05, 0.2, 2);
	node_start(&s, 0, false);
	node_start(&s, 1, false);
	run_until(&s, 2);
	s.link_up[0] = false;
	run_until(&s, 20);
	is_int(s.n[1].fo.state, FO_BACKUP, "public link cut for 18 s: backup stays standby");
	is_int(s.n[1].link_lost, 1, "... and warns that link 0 is lost");
	s.link_up[0] = true;
	s.link_up[1] = false;
	run_until(&s, 40);
	is_int(s.n[1].fo.state, FO_BACKUP, "private link cut instead: still standby");
	is_int(nactive(&s), 1, "exactly one active throughout");
	ok(s.overlap == 0, "never both with VIPs");
	s.link_up[0] = false;
	run_until(&s, 41);
	is_int(nactive(&s), 2, "both links cut: partition, both active (split brain begins)");
}

static void test_sim_giveup(void)
{
	struct sim s;
	double t;

	sim_init(&s, 2, 5, 2);
	node_start(&s, 0, false);
	node_start(&s, 1, false);
	run_until(&s, 30);
	node_event(&s, 0, FO_EV_STOP, false);
	ok(!s.n[0].vips, "SIGTERM: primary's VIPs down at once");
	is_int(s.n[0].fo.state, FO_RELEASING, "primary RELEASING");
	run_until(&s, 30.01);
	t = s.n[1].entered[FO_TAKING_OVER] - 30;
	ok(t >= 0 && t < 0.01, "give-up: backup took over %.3f s later, not after a deadtime", t);
	is_int(s.n[1].acks, 2, "backup acked each copy of the give-up (2 links)");
	ok(!s.n[0].running && s.n[0].exits == 1, "primary got the ack and exited");
	run_until(&s, 33);
	is_int(s.n[1].fo.state, FO_ACTIVE, "backup ACTIVE");
	ok(s.n[1].vips, "backup holds the VIPs");
	ok(s.overlap == 0, "never both with VIPs");

	/* Ack lost: the give-up is resent and the releaser exits after the timeout. */
	sim_init(&s, 2, 5, 2);
	node_start(&s, 0, false);
	node_start(&s, 1, false);
	run_until(&s, 30);
	node_crash(&s, 1);
	node_event(&s, 0, FO_EV_STOP, false);
	run_until(&s, 34.9);
	ok(s.n[0].running && s.n[0].giveups == 3, "no ack: give-up sent %d times in 4.9 s (at 30, 32, 34)", s.n[0].giveups);
	run_until(&s, 35);
	ok(!s.n[0].running, "exits after the give-up timeout (deadtime)");
}

static void test_sim_split_brain(void)
{
	struct sim s;
	int arps;

	/* Order 1: primary active all along, partition, backup takes over, heal. */
	sim_init(&s, 0.05, 0.2, 2);
	node_start(&s, 0, false);
	node_start(&s, 1, false);
	run_until(&s, 5);
	s.link_up[0] = s.link_up[1] = false;
	run_until(&s, 10);
	is_int(nactive(&s), 2, "partition: both active");
	arps = s.n[0].arps;
	s.overlap = 0;
	s.link_up[0] = s.link_up[1] = true;
	run_until(&s, 11);
	is_int(s.n[0].fo.state, FO_ACTIVE, "healed: the primary (active earlier) stays");
	is_int(s.n[1].fo.state, FO_BACKUP, "healed: the backup releases");
	ok(!s.n[1].vips && !s.n[1].lvsd, "backup's VIPs down, lvsd stopped");
	is_int(s.n[0].arps - arps, 1, "primary re-ARPs once");
	ok(s.overlap > 0 && s.overlap < 0.01, "overlap after healing %.4f s (one latency)", s.overlap);
	run_until(&s, 20);
	is_int(nactive(&s), 1, "stays resolved");

	/* Order 2: backup serving; primary boots during the partition and
	 * takes over too; heal: the backup, active earlier, stays. */
	sim_init(&s, 0.05, 0.2, 2);
	s.link_up[0] = s.link_up[1] = false;
	node_start(&s, 1, false);
	run_until(&s, 5);
	is_int(s.n[1].fo.state, FO_ACTIVE, "backup alone and active");
	node_start(&s, 0, false);
	run_until(&s, 10);
	is_int(nactive(&s), 2, "partitioned primary became active too");
	arps = s.n[1].arps;
	s.overlap = 0;
	s.link_up[1] = true;            /* heal just the private link */
	run_until(&s, 11);
	is_int(s.n[1].fo.state, FO_ACTIVE, "healed: the backup (active earlier) stays");
	is_int(s.n[0].fo.state, FO_BACKUP, "healed: the primary releases");
	is_int(s.n[1].arps - arps, 1, "backup re-ARPs once");
	ok(s.overlap < 0.01, "overlap after healing %.4f s", s.overlap);

	/* Skewed clocks do not break agreement: the primary's clock is 10 s
	 * ahead, so it counts as later even though it became active first. */
	sim_init(&s, 0.05, 0.2, 2);
	s.n[0].skew_ms = 10000;
	node_start(&s, 0, false);
	node_start(&s, 1, false);
	run_until(&s, 5);
	s.link_up[0] = s.link_up[1] = false;
	run_until(&s, 10);
	s.link_up[0] = s.link_up[1] = true;
	run_until(&s, 11);
	is_int(nactive(&s), 1, "10 s clock skew: still exactly one active");
	is_int(s.n[1].fo.state, FO_ACTIVE, "(the backup, by the clocks' say-so)");

	/* Simultaneous forced takeover: the primary keeps it. */
	sim_init(&s, 0.05, 0.2, 2);
	node_start(&s, 0, true);
	node_start(&s, 1, true);
	run_until(&s, 3);
	is_int(s.n[0].fo.state, FO_ACTIVE, "both --forceactive: primary ACTIVE");
	is_int(s.n[1].fo.state, FO_BACKUP, "backup aborted its takeover");
	ok(s.overlap == 0 && !s.n[1].vips, "the backup never raised VIPs");

	/* --forceactive on the backup while the primary starts normally. */
	sim_init(&s, 0.05, 0.2, 2);
	node_start(&s, 1, true);
	node_start(&s, 0, false);
	run_until(&s, 3);
	is_int(s.n[1].fo.state, FO_ACTIVE, "--forceactive backup: ACTIVE");
	is_int(s.n[0].fo.state, FO_BACKUP, "normal primary hears taking-over and waits");
}

static void test_sim_failures(void)
{
	struct sim s;
	double t;

	/* lvsd keeps dying on the active router. */
	sim_init(&s, 0.05, 0.2, 2);
	s.n[0].lvsd_ready_at_once = s.n[1].lvsd_ready_at_once = true;
	node_start(&s, 0, false);
	node_start(&s, 1, false);
	run_until(&s, 1);
	is_int(s.n[0].fo.state, FO_ACTIVE, "lvsd ready at once: primary ACTIVE without waiting to settle");
	node_event(&s, 0, FO_EV_LVSD_EXIT, false);
	run_until(&s, 2);
	node_event(&s, 0, FO_EV_LVSD_EXIT, false);
	run_until(&s, 3);
	is_int(s.n[0].fo.state, FO_ACTIVE, "two lvsd deaths: restarted, still ACTIVE");
	is_int(s.n[0].lvsd_starts, 3, "lvsd started 3 times");
	node_event(&s, 0, FO_EV_LVSD_EXIT, false);
	run_until(&s, 3.01);
	t = s.n[1].entered[FO_ACTIVE] - 3;
	ok(t >= 0 && t < 0.01, "third death: primary gave up, backup active %.3f s later", t);
	is_int(s.n[0].fo.state, FO_BACKUP, "primary saw the backup active: standby again");
	ok(s.overlap == 0, "never both with VIPs");

	/* monitor_links on the active primary. */
	sim_init(&s, 0.05, 0.2, 2);
	node_start(&s, 0, false);
	node_start(&s, 1, false);
	run_until(&s, 1);
	node_event(&s, 0, FO_EV_LINK, false);
	s.link_up[0] = s.link_up[1] = false;    /* its NIC is gone: nothing gets through */
	run_until(&s, 5);
	is_int(s.n[0].fo.state, FO_FAILED, "primary lost its link: FAILED");
	is_int(s.n[1].fo.state, FO_ACTIVE, "backup took over");
	ok(!s.n[0].vips, "primary holds no VIPs");
	ok(s.overlap == 0, "never both with VIPs");
	s.link_up[0] = s.link_up[1] = true;
	node_event(&s, 0, FO_EV_LINK, true);
	run_until(&s, 10);
	is_int(s.n[0].fo.state, FO_BACKUP, "links back: primary standby (no preemption)");
	is_int(s.n[1].fo.state, FO_ACTIVE, "backup keeps serving");
	node_crash(&s, 1);
	run_until(&s, 11);
	is_int(s.n[0].fo.state, FO_ACTIVE, "backup crashes: primary takes over again");
}

/* Invariants every router keeps after every event. */
static int check_invariants(const struct sim *s, const char **why)
{
	for (int i = 0; i < 2; i++) {
		const struct node *nd = &s->n[i];

		if (!nd->running)
			continue;
		if (nd->vips != (nd->fo.state == FO_ACTIVE)) {
			*why = "VIPs up exactly when ACTIVE";
			return 0;
		}
		if (!nd->fo.cfg.hot_standby &&
		    nd->lvsd != (nd->fo.state == FO_ACTIVE || nd->fo.state == FO_TAKING_OVER)) {
			*why = "lvsd runs exactly when TAKING_OVER or ACTIVE";
			return 0;
		}
		if (nd->fo.cfg.hot_standby) {
			enum fo_state st = nd->fo.state;
			bool want = st == FO_ACTIVE || st == FO_TAKING_OVER || st == FO_BACKUP ||
				    (st == FO_RELEASING && nd->fo.after_release != FO_STOPPED &&
				     !(nd->fo.failed & FO_FAIL_LVSD)) ||
				    (st == FO_FAILED && !(nd->fo.failed & FO_FAIL_LVSD));

			if (nd->lvsd != want) {
				static char buf[160];

				snprintf(buf, sizeof(buf), "hot standby: lvsd runs in every serving state "
					 "(%s: %s, lvsd %d, failed %u, after release %s)", nd->name,
					 hb_state_name(st), nd->lvsd, nd->fo.failed,
					 hb_state_name(nd->fo.after_release));
				*why = buf;
				return 0;
			}
		}
		if (fo_next_wakeup(&nd->fo) < s->now - 1e-9) {
			*why = "next wakeup not in the past";
			return 0;
		}
	}
	return 1;
}

/* Random partitions, crashes, restarts, SIGTERMs, lvsd deaths and local link
 * failures; then everything heals and the pair must settle with exactly one
 * router active (or both refusing because lvsd kept failing on both, the
 * documented dead end), without both holding the VIPs once settled. */
static void test_sim_random(bool hot)
{
	int scenarios = 300, settled = 0, stuck_both_lvsd = 0, broken = 0;
	const char *why = "";
	uint64_t boot = 5000;

	sim_hot = hot;
	srand(4242);
	for (int sc = 0; sc < scenarios; sc++) {
		struct sim s;
		bool link_down[2] = { false, false };   /* monitor_links view per node */
		int good = 1;

		sim_init(&s, 0.05, 0.2, 2);
		s.latency = 0.001 + (rand() % 20) / 1000.0;
		s.n[0].lvsd_ready_at_once = rand() % 2;
		s.n[1].lvsd_ready_at_once = rand() % 2;
		node_start(&s, 0, rand() % 4 == 0);
		node_start(&s, 1, rand() % 4 == 0);
		for (int step = 0; step < 40 && good; step++) {
			int i = rand() % 2, what = rand() % 10;

			switch (what) {
			case 0: s.link_up[rand() % 2] = false; break;
			case 1: s.link_up[rand() % 2] = true; break;
			case 2:
				if (s.n[i].running)
					node_crash(&s, i);
				else
					node_restart(&s, i, boot++);
				break;
			case 3:
				if (s.n[i].running)
					node_event(&s, i, FO_EV_STOP, false);
				break;
			case 4:
				if (s.n[i].running && s.n[i].lvsd) {
					s.n[i].lvsd = false;
					node_event(&s, i, FO_EV_LVSD_EXIT, false);
				}
				break;
			case 5:
				if (s.n[i].running) {
					link_down[i] = !link_down[i];
					node_event(&s, i, FO_EV_LINK, !link_down[i]);
				}
				break;
			default:
				break;          /* just let time pass */
			}
			good = check_invariants(&s, &why);
			run_until(&s, s.now + (rand() % 300) / 100.0);
			good = good && check_invariants(&s, &why);
		}
		/* Heal: links up, local links up, dead routers back. */
		s.link_up[0] = s.link_up[1] = true;
		for (int i = 0; i < 2; i++) {
			if (!s.n[i].running)
				node_restart(&s, i, boot++);
			if (link_down[i])
				node_event(&s, i, FO_EV_LINK, true);
		}
		run_until(&s, s.now + 5);
		s.overlap = 0;
		run_until(&s, s.now + 10);
		good = good && check_invariants(&s, &why);
		if (!good) {
			broken++;
			printf("# scenario %d: invariant broken: %s\n", sc, why);
			continue;
		}
		if (nactive(&s) == 1 && s.overlap == 0) {
			settled++;
		} else if (nactive(&s) == 0 && s.n[0].fo.state == FO_FAILED && s.n[1].fo.state == FO_FAILED &&
			   (s.n[0].fo.failed & FO_FAIL_LVSD) && (s.n[1].fo.failed & FO_FAIL_LVSD)) {
			stuck_both_lvsd++;
		} else {
			broken++;
			printf("# scenario %d: %d active (%s / %s), overlap %.3f\n", sc, nactive(&s),
			       hb_state_name(s.n[0].fo.state), hb_state_name(s.n[1].fo.state), s.overlap);
		}
	}
	is_int(broken, 0, "%s: %d random scenarios: invariants held and the pair settled (%d with one "
	       "active, %d with lvsd failed on both)", hot ? "hot standby" : "cold standby", scenarios,
	       settled, stuck_both_lvsd);
	ok(settled > scenarios / 2, "most scenarios end with one active router");
}

/* Hot standby (lvs.cf standby = hot): lvsd on both routers, takeover only
 * moves the addresses. */
static void test_hot_standby(void)
{
	struct fo_config c;
	struct fo f;
	struct sim s;
	int starts;

	cfg_init(&c, HB_ROLE_BACKUP);
	c.hot_standby = true;
	c.settle = 10;
	fo_init(&f, &c);
	is_str(ev(&f, FO_EV_START, 0), "start lvsd, sync daemons master and backup, VIPs down, "
	       "run inactive_cmd, send heartbeat", "hot: start runs lvsd and both sync daemons at once");
	is_str(ev(&f, FO_EV_LVSD_READY, 0.5), "", "hot: lvsd ready on the standby: nothing to do");
	ok(f.lvsd_ready, "... but remembered");
	ev(&f, FO_EV_TICK, 2);
	ev(&f, FO_EV_TICK, 4);
	is_str(ev(&f, FO_EV_TICK, 5), "VIPs up, send_arp, tell lvsd the role, run active_cmd, send heartbeat",
	       "hot: peer silent for deadtime: addresses up and announced in the same event, nothing started");
	is_int(f.state, FO_ACTIVE, "hot: straight to ACTIVE, no TAKING_OVER");
	is_str(peer(&f, 6, 0, HB_MSG_HEARTBEAT, HB_ROLE_PRIMARY, HB_ST_ACTIVE, WALL0),
	       "VIPs down, tell lvsd the role, run inactive_cmd, send heartbeat",
	       "hot: losing the split brain rule: addresses down, lvsd and sync daemons stay");
	is_int(f.state, FO_BACKUP, "... BACKUP");
	is_str(ev(&f, FO_EV_LVSD_EXIT, 7), "start lvsd", "hot: lvsd dies on the standby: restarted");
	ok(!f.lvsd_ready, "... and not ready until it says so");
	is_str(ev(&f, FO_EV_TICK, 12), "warn: heartbeat link lost 0, start lvsd, send heartbeat",
	       "hot: takeover while lvsd is not ready: wait for it (TAKING_OVER)");
	is_int(f.state, FO_TAKING_OVER, "... TAKING_OVER");
	is_str(ev(&f, FO_EV_LVSD_READY, 12.3), "VIPs up, send_arp, tell lvsd the role, run active_cmd, send heartbeat",
	       "hot: lvsd ready: addresses up");
	is_str(ev(&f, FO_EV_STOP, 13), "VIPs down, send give-up, send heartbeat, stop lvsd, sync daemon stop, run inactive_cmd",
	       "hot: SIGTERM when active: addresses down, give-up, then lvsd and the sync daemons stop");

	/* lvsd keeps dying on a hot standby: it stops standing by. */
	fo_init(&f, &c);
	ev(&f, FO_EV_START, 0);
	ev(&f, FO_EV_LVSD_EXIT, 0.1);
	ev(&f, FO_EV_LVSD_EXIT, 0.2);
	is_str(ev(&f, FO_EV_LVSD_EXIT, 0.3), "send heartbeat", "hot: third lvsd death in the window: no restart");
	is_int(f.state, FO_FAILED, "... FAILED, so the peer knows this router cannot take over");
	is_str(peer(&f, 1, 0, HB_MSG_HEARTBEAT, HB_ROLE_PRIMARY, HB_ST_ACTIVE, WALL0),
	       "send heartbeat, start lvsd, send heartbeat" + 16,
	       "hot: the peer active clears the failure: standby again, lvsd started");
	is_int(f.state, FO_BACKUP, "... BACKUP");

	/* Two hot routers: the backup's takeover takes exactly the deadtime. */
	sim_hot = true;
	sim_init(&s, 0.05, 0.15, 2);
	s.n[0].lvsd_ready_at_once = s.n[1].lvsd_ready_at_once = true;
	node_start(&s, 0, false);
	node_start(&s, 1, false);
	run_until(&s, 2);
	is_int(s.n[0].fo.state, FO_ACTIVE, "hot pair: primary ACTIVE");
	ok(s.n[1].lvsd && s.n[1].fo.state == FO_BACKUP, "hot pair: backup's lvsd runs on standby");
	node_crash(&s, 0);
	run_until(&s, 2.5);
	ok(s.n[1].entered[FO_ACTIVE] - 2 <= 0.15 + 0.05 + 1e-9,
	   "hot pair: power loss of the active: backup ACTIVE %.3f s later (deadtime 0.15, keepalive 0.05)",
	   s.n[1].entered[FO_ACTIVE] - 2);
	is_int(s.n[1].lvsd_starts, 1, "hot pair: the takeover started no lvsd");
	node_restart(&s, 0, 9000);
	run_until(&s, 4);
	ok(s.n[0].fo.state == FO_BACKUP && s.n[0].lvsd && !s.n[0].vips,
	   "hot pair: the primary returns as a hot standby (lvsd running, no addresses)");
	starts = s.n[0].lvsd_starts;
	node_event(&s, 1, FO_EV_STOP, false);
	run_until(&s, 4.1);
	ok(s.n[0].fo.state == FO_ACTIVE && s.n[0].lvsd_starts == starts,
	   "hot pair: SIGTERM hands back to the primary without starting lvsd there");
	ok(s.overlap == 0, "hot pair: never both with the addresses");
	sim_hot = false;
}

/* A heartbeat copy overtaken on the other link must not move the peer's
 * state backwards. */
static void test_stale_messages(void)
{
	struct fo_config c;
	struct fo f;
	struct hb_msg m = { .type = HB_MSG_HEARTBEAT, .role = HB_ROLE_PRIMARY, .state = HB_ST_ACTIVE,
			    .boot_id = 55, .seq = 10, .active_since_ms = WALL0 };
	struct fo_event e = { .type = FO_EV_PEER_MSG, .now = 1, .msg = &m };

	cfg_init(&c, HB_ROLE_BACKUP);
	fo_init(&f, &c);
	ev(&f, FO_EV_START, 0);
	memcpy(m.config_digest, c.config_digest, HB_DIGEST_LEN);
	fo_handle(&f, &e, &out);
	m.state = HB_ST_RELEASING;      /* what the peer said before it became active */
	m.seq = 9;
	e.now = 1.01;
	fo_handle(&f, &e, &out);
	is_str(acts(&out), "", "an older sequence number: not acted on (no takeover)");
	is_int(f.state, FO_BACKUP, "... still BACKUP");
	is_int(f.peer.state, HB_ST_ACTIVE, "... the peer is still known as active");
	ok(f.last_rx[0] == 1.01, "... but it counts as a sign of life");
	m.type = HB_MSG_GIVEUP;
	m.seq = 8;
	fo_handle(&f, &e, &out);
	is_str(acts(&out), "send ack", "an old give-up is still acknowledged, and nothing else");
	m.type = HB_MSG_HEARTBEAT;
	m.boot_id = 56;                 /* the peer restarted: numbering starts again */
	m.seq = 1;
	fo_handle(&f, &e, &out);
	is_int(f.state, FO_TAKING_OVER, "a new boot id's first message counts: peer releasing -> take over");
}

int main(void)
{
	test_single_node();
	test_heartbeat_grid();
	test_startup_listen();
	test_peer_rules();
	test_split_brain_rule();
	test_lvsd_and_links();
	test_sim_normal_start();
	test_sim_takeover();
	test_sim_giveup();
	test_sim_split_brain();
	test_sim_failures();
	test_sim_random(false);
	test_sim_random(true);
	sim_hot = false;
	test_hot_standby();
	test_stale_messages();
	return tap_done();
}
