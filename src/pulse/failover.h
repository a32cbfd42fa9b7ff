/* pulse's failover state machine. Pure: no I/O, no clock of its own. The
 * daemon feeds it events stamped with the time (monotonic seconds for timers,
 * wall-clock ms for "active since") and performs the actions it returns, in
 * order. fo_next_wakeup() says when to deliver the next FO_EV_TICK.
 *
 * States (the same numbers as the heartbeat's state byte):
 *   BACKUP       standby, healthy: may take over
 *   TAKING_OVER  lvsd started, VIPs not yet up; aborts if the peer is active
 *   ACTIVE       VIPs up, lvsd running
 *   RELEASING    VIPs down, lvsd stopped, "give up" sent; waits for the ack
 *   FAILED       cannot serve (local links down, or lvsd kept dying); never
 *                takes over
 *   STOPPED      final (SIGTERM)
 *
 * Transitions ("peer alive" = a valid heartbeat on EITHER link within
 * deadtime; after start and after links return, the peer gets a full deadtime
 * to be heard before it is declared dead):
 *
 *   state        event                                  -> state        actions
 *   (start)      start                                  BACKUP          vips down, syncd backup, inactive_cmd, heartbeat
 *   (start)      start forceactive                      TAKING_OVER     (as below)
 *   BACKUP       tick, peer not alive                   TAKING_OVER     syncd master, start lvsd, heartbeat
 *   BACKUP       peer give-up                           TAKING_OVER     ack, (as above)
 *   BACKUP       peer releasing/failed/stopped          TAKING_OVER
 *   BACKUP       peer backup, we are primary            TAKING_OVER     (an idle pair: primary serves)
 *   BACKUP       peer active/taking-over                BACKUP          (no preemption: a returning primary stays backup)
 *   TAKING_OVER  tick, settle time passed / lvsd ready  ACTIVE          vips up, send_arp, active_cmd, heartbeat
 *   TAKING_OVER  peer active, or peer taking-over and   BACKUP          stop lvsd, syncd backup, heartbeat
 *                it wins the tie (below)
 *   ACTIVE       peer active (split brain), we win      ACTIVE          send_arp, active_cmd, heartbeat (once per episode)
 *   ACTIVE       peer active (split brain), we lose     BACKUP          vips down, stop lvsd, syncd backup, inactive_cmd, heartbeat
 *   ACTIVE       peer taking-over                       ACTIVE          heartbeat (so it aborts)
 *   ACTIVE       peer heard again after silence         ACTIVE          send_arp (it may have held the VIPs and
 *                                                                       stepped down before we saw it active)
 *   ACTIVE/TAKING_OVER  lvsd exit, < N in window        same            start lvsd
 *   ACTIVE/TAKING_OVER  lvsd exit, N-th in window       RELEASING->FAILED  release (below)
 *   ACTIVE/TAKING_OVER  local link down                 RELEASING->FAILED  release
 *   ACTIVE/TAKING_OVER  stop                            RELEASING->STOPPED release
 *   (release)                                           RELEASING       vips down, give-up, heartbeat, stop lvsd, syncd backup
 *                                                                       (syncd stop when stopping), inactive_cmd
 *                (vips down and inactive_cmd only when it was ACTIVE; from TAKING_OVER the VIPs never came up)
 *   RELEASING    ack, or peer active/taking-over        target          heartbeat (+ exit if STOPPED)
 *   RELEASING    tick, give-up timeout                  target          (same); give-up resent every keepalive until then
 *   BACKUP       local link down                        FAILED          heartbeat
 *   FAILED       links up and lvsd not failed           BACKUP          heartbeat
 *   FAILED       peer active (clears the lvsd failure)  BACKUP if links are up
 *   BACKUP/FAILED  stop                                 STOPPED         syncd stop, heartbeat, exit
 *   any          peer give-up                           -               ack (always; only BACKUP takes over)
 *   any          peer's config digest differs           -               warn config (once per digest)
 *   any          a heartbeat link goes silent / returns -               warn link lost / note link back
 *
 * Hot standby (cfg.hot_standby, lvs.cf "standby = hot", the default in
 * pulse) changes the table above in these rows only:
 *
 *   (start)      start                                  BACKUP          start lvsd, syncd master+backup (both, once),
 *                                                                       vips down, inactive_cmd, heartbeat
 *   BACKUP       takeover (any reason above), lvsd ready ACTIVE         start lvsd (a no-op: it runs), vips up,
 *                                                                       send_arp, tell lvsd, active_cmd, heartbeat
 *   BACKUP       takeover, lvsd not ready yet           TAKING_OVER     (then ready or settle -> ACTIVE)
 *   TAKING_OVER  peer active / wins the tie             BACKUP          heartbeat (lvsd keeps running)
 *   (release)    to BACKUP or FAILED                    RELEASING       as above but lvsd and the sync daemons stay;
 *                                                                       tell lvsd
 *   (release)    to STOPPED                             RELEASING       as above, then stop lvsd, syncd stop
 *   BACKUP/FAILED stop                                  STOPPED         stop lvsd, syncd stop, heartbeat, exit
 *   BACKUP       lvsd exit, < N in window               BACKUP          start lvsd
 *   BACKUP       lvsd exit, N-th in window              FAILED          heartbeat
 *   FAILED       recovers                               BACKUP          start lvsd, heartbeat
 *
 * Every state: lvsd's ready is remembered (lvsd_ready) until lvsd exits or
 * is stopped. A peer message whose sequence number is not newer than the
 * last one acted on (same boot id: a copy overtaken on the other link)
 * refreshes the peer's liveness only; its state is not acted on.
 *
 * Split brain rule (both ACTIVE, e.g. after a healed partition): the router
 * that became active EARLIER stays active; the other releases its VIPs. Each
 * heartbeat carries the sender's "active since" (its wall clock, fixed when
 * it became active), so both routers compare the same two numbers and reach
 * the same verdict whatever their clock skew; skew only shifts who counts as
 * earlier. Equal times: the primary wins; same role (misconfiguration): the
 * lower boot id wins. Why not "primary always wins" as the original: when the
 * primary comes back during a partition and grabs the role while the backup
 * has been serving, the backup holds the clients' ARP caches and
 * connections; keeping it avoids a second, needless failover. In the common
 * partition case (primary active all along) it is the primary that stays,
 * exactly as before. The same preference breaks a simultaneous takeover.
 */
#ifndef PULSE_FAILOVER_H
#define PULSE_FAILOVER_H

#include <stdbool.h>
#include <stdint.h>

#include "heartbeat.h"

enum fo_state {
	FO_BACKUP = HB_ST_BACKUP,
	FO_TAKING_OVER = HB_ST_TAKING_OVER,
	FO_ACTIVE = HB_ST_ACTIVE,
	FO_RELEASING = HB_ST_RELEASING,
	FO_FAILED = HB_ST_FAILED,
	FO_STOPPED = HB_ST_STOPPED,
};

enum fo_event_type {
	FO_EV_START,            /* forceactive */
	FO_EV_TICK,
	FO_EV_PEER_MSG,         /* msg, link: an accepted packet */
	FO_EV_LVSD_READY,       /* lvsd reports its services are programmed */
	FO_EV_LVSD_EXIT,        /* lvsd exited (expected or not) */
	FO_EV_LINK,             /* up: every monitored local link has carrier */
	FO_EV_STOP,             /* SIGTERM / SIGINT */
};

struct fo_event {
	enum fo_event_type type;
	double now;                     /* monotonic seconds */
	uint64_t wall_ms;               /* wall clock, ms since the Epoch */
	const struct hb_msg *msg;
	int link;                       /* heartbeat link the msg came on: 0 or 1 */
	bool up;
	bool forceactive;
};

enum fo_action_type {
	FO_ACT_SEND_HEARTBEAT,          /* on every link, with the current state */
	FO_ACT_SEND_GIVEUP,             /* on every link */
	FO_ACT_SEND_ACK,                /* on every link */
	FO_ACT_START_LVSD,
	FO_ACT_STOP_LVSD,
	FO_ACT_VIPS_UP,
	FO_ACT_VIPS_DOWN,
	FO_ACT_SEND_ARP,                /* gratuitous ARP / NA for every VIP */
	FO_ACT_RUN_ACTIVE_CMD,
	FO_ACT_RUN_INACTIVE_CMD,
	FO_ACT_SYNCD_MASTER,
	FO_ACT_SYNCD_BACKUP,
	FO_ACT_SYNCD_STOP,
	FO_ACT_SYNCD_BOTH,              /* hot standby: master and backup together */
	FO_ACT_TELL_LVSD,               /* lvsd learns whether we are active now */
	FO_ACT_WARN_CONFIG,             /* peer's lvs.cf digest differs from ours */
	FO_ACT_WARN_LINK_LOST,          /* .link: no heartbeat on it for deadtime */
	FO_ACT_NOTE_LINK_BACK,          /* .link: heartbeats again */
	FO_ACT_EXIT,
	FO_NACTION_TYPES
};

#define FO_MAX_ACTIONS 24

struct fo_actions {
	int n;
	struct fo_action {
		enum fo_action_type type;
		int link;
	} a[FO_MAX_ACTIONS];
};

struct fo_config {
	enum hb_role role;
	uint64_t boot_id;               /* last tie-break of the split brain rule */
	double keepalive;               /* s between heartbeats */
	double deadtime;                /* s of silence before the peer is dead */
	int nlinks;                     /* heartbeat links, 1 or 2 */
	bool monitor_links;
	int max_lvsd_failures;          /* lvsd deaths within the window that make us give up */
	double lvsd_failure_window;     /* s */
	double settle;                  /* s in TAKING_OVER when lvsd never says ready */
	bool hot_standby;               /* lvs.cf standby = hot: lvsd runs in every state */
	double giveup_timeout;          /* s RELEASING waits for the ack */
	/* s a freshly started router listens before it may take over, when
	 * that is longer than deadtime: a daemon that is still starting its
	 * children can miss the first heartbeats at tight timers. */
	double startup_listen;
	uint8_t config_digest[HB_DIGEST_LEN];
};

/* Fills in the defaults: keepalive 2, deadtime 5, 1 link, 3 lvsd failures in
 * 60 s, settle = keepalive, give-up timeout = deadtime, no start-up listening
 * beyond deadtime. */
void fo_config_defaults(struct fo_config *cfg);

enum { FO_FAIL_LINKS = 1, FO_FAIL_LVSD = 2 };

struct fo {
	struct fo_config cfg;
	enum fo_state state;
	const char *reason;             /* why the last transition happened */
	double quiet_since;             /* peer deadline counts from max(this, last rx) */
	double last_rx[2];
	bool link_alive[2];
	bool link_heard[2];
	double next_send;
	double deadline;                /* TAKING_OVER settle / RELEASING timeout */
	double next_giveup;
	enum fo_state after_release;
	uint64_t active_since_ms;       /* 0 unless TAKING_OVER/ACTIVE */
	bool peer_known;
	bool peer_lost;                 /* heard once, then silent on every link */
	struct hb_msg peer;             /* last accepted message */
	unsigned failed;                /* FO_FAIL_* */
	int lvsd_failures;
	double last_lvsd_failure;
	bool config_warned;
	uint8_t warned_digest[HB_DIGEST_LEN];
	bool lvsd_ready;                /* lvsd said its table is built, and has not exited since */
};

void fo_init(struct fo *f, const struct fo_config *cfg);
/* Handles one event; out is reset and receives the actions in order. */
void fo_handle(struct fo *f, const struct fo_event *ev, struct fo_actions *out);
/* The monotonic time at which the next FO_EV_TICK is due. */
double fo_next_wakeup(const struct fo *f);
/* Whether the split brain rule keeps us (true) or the peer active. */
bool fo_wins_split_brain(const struct fo *f, const struct hb_msg *peer);

const char *fo_action_name(enum fo_action_type t);

#endif
