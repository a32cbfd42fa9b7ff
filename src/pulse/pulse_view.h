/* pulse's view for --status and the metrics file: plain values copied out
 * of the running daemon by status.c, so that the renderers
 * (pulse_view.c) are pure functions of it. Times are seconds since the
 * Epoch; 0 means never. */
#ifndef PULSE_PULSE_VIEW_H
#define PULSE_PULSE_VIEW_H

#include <stdbool.h>
#include <stdint.h>

#include "heartbeat.h"
#include "strbuf.h"

#define PULSE_STATUS_SCHEMA_VERSION 1
#define PULSE_NSTATES (HB_ST_STOPPED + 1)      /* states are 1..6 */

/* Heartbeat packets of one link, counted by pulse as it sends and receives. */
struct pulse_hb_counters {
	unsigned long sent[HB_MSG_ACK + 1];     /* by enum hb_type (1..3) */
	unsigned long send_errors;              /* sendto() failed */
	unsigned long received[HB_NVERDICTS];   /* by verdict: [HB_OK] accepted, the rest dropped */
};

struct pulse_view_link {
	const char *name;                       /* "public", "private" */
	char local[46], peer[46];
	unsigned port;
	bool alive;                             /* heard within deadtime */
	double last_heard;
	struct pulse_hb_counters hb;
};

enum pulse_reload { PULSE_RELOAD_NONE, PULSE_RELOAD_OK, PULSE_RELOAD_FAILED };

struct pulse_view {
	const char *version;
	const char *config;
	double now, started;
	long pid;
	const char *role;                       /* "primary", "backup" */
	int state;                              /* enum hb_state */
	const char *reason;                     /* of the state machine's latest decision */
	bool backup_active, hot_standby, authenticated;
	double keepalive, deadtime;
	unsigned long transitions;
	unsigned long transitions_to[PULSE_NSTATES];
	int last_from, last_to;                 /* 0: no transition yet (from 0: pulse's start) */
	double last_transition;
	const char *last_reason;                /* why the last transition happened */
	long config_serial;
	char config_digest[2 * HB_DIGEST_LEN + 1];
	unsigned long reloads_ok, reloads_failed;
	enum pulse_reload last_reload;
	double last_reload_at;
	const char *reload_error;               /* NULL when it went well */
	bool peer_known, peer_alive;
	int peer_state, peer_role;              /* from its last accepted heartbeat */
	uint32_t peer_config_serial;
	bool peer_config_same;                  /* its lvs.cf digest is ours */
	uint64_t peer_boot_id;
	double peer_active_since;
	long lvsd_pid;                          /* 0: not running */
	bool lvsd_ready;
	int n_links;
	struct pulse_view_link links[2];
};

void pulse_view_text(const struct pulse_view *v, struct strbuf *out);
void pulse_view_json(const struct pulse_view *v, struct strbuf *out);
void pulse_view_metrics(const struct pulse_view *v, struct strbuf *out);

#endif
