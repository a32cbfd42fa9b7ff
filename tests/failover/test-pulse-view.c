/* pulse's renderings of its view (src/pulse/pulse_view.c): the exact JSON
 * document, the exact metrics lines and the text, for a view built by
 * hand: an active primary with two links, one of which has gone silent,
 * that has dropped some forged packets and refused a reload. */
#include "config.h"

#include <string.h>

#include "pulse_view.h"
#include "tap.h"

#define T0 1764700000.0         /* 2025-12-02T18:26:40Z */

static void build(struct pulse_view *v)
{
	*v = (struct pulse_view){
		.version = "9.9", .config = "/etc/lvs.cf", .now = T0, .started = T0 - 3600, .pid = 321,
		.role = "primary", .state = HB_ST_ACTIVE,
		.reason = "split brain: we stay active",
		.backup_active = true, .hot_standby = true, .authenticated = true,
		.keepalive = 0.5, .deadtime = 2,
		.transitions = 3, .transitions_to = { [HB_ST_BACKUP] = 1, [HB_ST_TAKING_OVER] = 1, [HB_ST_ACTIVE] = 1 },
		.last_from = HB_ST_TAKING_OVER, .last_to = HB_ST_ACTIVE, .last_transition = T0 - 600,
		.last_reason = "lvsd has built the table: bringing the addresses up",
		.config_serial = 7, .config_digest = "0123456789abcdef",
		.reloads_ok = 2, .reloads_failed = 1, .last_reload = PULSE_RELOAD_FAILED,
		.last_reload_at = T0 - 60, .reload_error = "the file has 2 errors",
		.peer_known = true, .peer_alive = true, .peer_state = HB_ST_BACKUP, .peer_role = HB_ROLE_BACKUP,
		.peer_config_serial = 7, .peer_config_same = true, .peer_boot_id = 0xfeedface01020304ULL,
		.peer_active_since = 0,
		.lvsd_pid = 400, .lvsd_ready = true,
		.n_links = 2,
	};
	v->links[0] = (struct pulse_view_link){
		.name = "public", .local = "192.0.2.1", .peer = "192.0.2.2", .port = 539, .alive = true,
		.last_heard = T0 - 1,
		.hb = { .sent = { 0, 7200, 1, 2 }, .send_errors = 0,
			.received = { [HB_OK] = 7000, [HB_ERR_HMAC] = 5, [HB_ERR_REPLAY] = 2, [HB_ERR_FOREIGN] = 1 } },
	};
	v->links[1] = (struct pulse_view_link){
		.name = "private", .local = "198.51.100.1", .peer = "198.51.100.2", .port = 539, .alive = false,
		.last_heard = 0,
		.hb = { .sent = { 0, 7200, 1, 2 }, .send_errors = 3 },
	};
}

static const char *const want_json =
	"{\"schema_version\":1,\"program\":\"pulse\",\"version\":\"9.9\",\"time\":\"2025-12-02T18:26:40Z\","
	"\"pid\":321,\"started\":\"2025-12-02T17:26:40Z\","
	"\"config\":{\"path\":\"/etc/lvs.cf\",\"serial_no\":7,\"digest\":\"0123456789abcdef\"},"
	"\"reloads\":{\"ok\":2,\"failed\":1,\"last\":{\"time\":\"2025-12-02T18:25:40Z\",\"result\":\"failed\","
	"\"error\":\"the file has 2 errors\"}},"
	"\"role\":\"primary\",\"state\":\"active\",\"reason\":\"split brain: we stay active\","
	"\"state_since\":\"2025-12-02T18:16:40Z\",\"backup_active\":true,\"hot_standby\":true,\"authenticated\":true,"
	"\"keepalive_seconds\":0.5,\"deadtime_seconds\":2,"
	"\"transitions\":{\"total\":3,\"to\":{\"backup\":1,\"taking-over\":1,\"active\":1,\"releasing\":0,"
	"\"failed\":0,\"stopped\":0},\"last\":{\"time\":\"2025-12-02T18:16:40Z\",\"from\":\"taking-over\","
	"\"to\":\"active\",\"reason\":\"lvsd has built the table: bringing the addresses up\"}},"
	"\"lvsd\":{\"pid\":400,\"ready\":true},"
	"\"peer\":{\"known\":true,\"alive\":true,\"state\":\"backup\",\"role\":\"backup\",\"config_serial\":7,"
	"\"config_same\":true,\"boot_id\":\"feedface01020304\",\"active_since\":null,"
	"\"last_heard\":\"2025-12-02T18:26:39Z\",\"links\":["
	"{\"name\":\"public\",\"local\":\"192.0.2.1\",\"address\":\"192.0.2.2\",\"port\":539,\"alive\":true,"
	"\"last_heard\":\"2025-12-02T18:26:39Z\"},"
	"{\"name\":\"private\",\"local\":\"198.51.100.1\",\"address\":\"198.51.100.2\",\"port\":539,\"alive\":false,"
	"\"last_heard\":null}]},"
	"\"heartbeats\":{\"sent\":{\"heartbeat\":14400,\"giveup\":2,\"ack\":4},\"send_errors\":3,\"accepted\":7000,"
	"\"dropped\":{\"foreign_sender\":1,\"too_short\":0,\"too_long\":0,\"bad_magic\":0,\"unknown_version\":0,"
	"\"auth_mode_mismatch\":0,\"bad_hmac\":5,\"malformed\":0,\"replay\":2},"
	"\"links\":[{\"name\":\"public\",\"sent\":{\"heartbeat\":7200,\"giveup\":1,\"ack\":2},\"send_errors\":0,"
	"\"accepted\":7000,\"dropped\":{\"foreign_sender\":1,\"too_short\":0,\"too_long\":0,\"bad_magic\":0,"
	"\"unknown_version\":0,\"auth_mode_mismatch\":0,\"bad_hmac\":5,\"malformed\":0,\"replay\":2}},"
	"{\"name\":\"private\",\"sent\":{\"heartbeat\":7200,\"giveup\":1,\"ack\":2},\"send_errors\":3,"
	"\"accepted\":0,\"dropped\":{\"foreign_sender\":0,\"too_short\":0,\"too_long\":0,\"bad_magic\":0,"
	"\"unknown_version\":0,\"auth_mode_mismatch\":0,\"bad_hmac\":0,\"malformed\":0,\"replay\":0}}]}}\n";

static const char *const want_metrics =
	"# HELP lvs_pulse_info Always 1: the running pulse, its version and role.\n"
	"# TYPE lvs_pulse_info gauge\n"
	"lvs_pulse_info{version=\"9.9\",role=\"primary\"} 1\n"
	"# HELP lvs_pulse_state 1 for the state pulse is in, 0 for the others.\n"
	"# TYPE lvs_pulse_state gauge\n"
	"lvs_pulse_state{state=\"backup\"} 0\n"
	"lvs_pulse_state{state=\"taking-over\"} 0\n"
	"lvs_pulse_state{state=\"active\"} 1\n"
	"lvs_pulse_state{state=\"releasing\"} 0\n"
	"lvs_pulse_state{state=\"failed\"} 0\n"
	"lvs_pulse_state{state=\"stopped\"} 0\n"
	"# HELP lvs_pulse_state_since_timestamp_seconds When pulse entered its state (the last transition), seconds since the Epoch.\n"
	"# TYPE lvs_pulse_state_since_timestamp_seconds gauge\n"
	"lvs_pulse_state_since_timestamp_seconds 1764699400\n"
	"# HELP lvs_pulse_transitions_total State changes since pulse started, by the state entered.\n"
	"# TYPE lvs_pulse_transitions_total counter\n"
	"lvs_pulse_transitions_total{to=\"backup\"} 1\n"
	"lvs_pulse_transitions_total{to=\"taking-over\"} 1\n"
	"lvs_pulse_transitions_total{to=\"active\"} 1\n"
	"lvs_pulse_transitions_total{to=\"releasing\"} 0\n"
	"lvs_pulse_transitions_total{to=\"failed\"} 0\n"
	"lvs_pulse_transitions_total{to=\"stopped\"} 0\n"
	"# HELP lvs_pulse_peer_alive 1 if the peer was heard on some link within deadtime.\n"
	"# TYPE lvs_pulse_peer_alive gauge\n"
	"lvs_pulse_peer_alive 1\n"
	"# HELP lvs_pulse_link_alive 1 if the peer was heard on this link within deadtime.\n"
	"# TYPE lvs_pulse_link_alive gauge\n"
	"lvs_pulse_link_alive{link=\"public\"} 1\n"
	"lvs_pulse_link_alive{link=\"private\"} 0\n"
	"# HELP lvs_pulse_peer_last_heard_timestamp_seconds When the last heartbeat of the peer was accepted on this link, seconds since the Epoch.\n"
	"# TYPE lvs_pulse_peer_last_heard_timestamp_seconds gauge\n"
	"lvs_pulse_peer_last_heard_timestamp_seconds{link=\"public\"} 1764699999\n"
	"# HELP lvs_pulse_heartbeats_sent_total Packets sent to the peer, by link and type (heartbeat, giveup, ack).\n"
	"# TYPE lvs_pulse_heartbeats_sent_total counter\n"
	"lvs_pulse_heartbeats_sent_total{link=\"public\",type=\"heartbeat\"} 7200\n"
	"lvs_pulse_heartbeats_sent_total{link=\"public\",type=\"giveup\"} 1\n"
	"lvs_pulse_heartbeats_sent_total{link=\"public\",type=\"ack\"} 2\n"
	"lvs_pulse_heartbeats_sent_total{link=\"private\",type=\"heartbeat\"} 7200\n"
	"lvs_pulse_heartbeats_sent_total{link=\"private\",type=\"giveup\"} 1\n"
	"lvs_pulse_heartbeats_sent_total{link=\"private\",type=\"ack\"} 2\n"
	"# HELP lvs_pulse_heartbeat_send_errors_total Packets the kernel would not send.\n"
	"# TYPE lvs_pulse_heartbeat_send_errors_total counter\n"
	"lvs_pulse_heartbeat_send_errors_total{link=\"public\"} 0\n"
	"lvs_pulse_heartbeat_send_errors_total{link=\"private\"} 3\n"
	"# HELP lvs_pulse_heartbeats_accepted_total Packets from the peer that passed every check.\n"
	"# TYPE lvs_pulse_heartbeats_accepted_total counter\n"
	"lvs_pulse_heartbeats_accepted_total{link=\"public\"} 7000\n"
	"lvs_pulse_heartbeats_accepted_total{link=\"private\"} 0\n"
	"# HELP lvs_pulse_heartbeats_dropped_total Packets received and dropped, by link and the check that failed.\n"
	"# TYPE lvs_pulse_heartbeats_dropped_total counter\n"
	"lvs_pulse_heartbeats_dropped_total{link=\"public\",reason=\"foreign_sender\"} 1\n"
	"lvs_pulse_heartbeats_dropped_total{link=\"public\",reason=\"too_short\"} 0\n"
	"lvs_pulse_heartbeats_dropped_total{link=\"public\",reason=\"too_long\"} 0\n"
	"lvs_pulse_heartbeats_dropped_total{link=\"public\",reason=\"bad_magic\"} 0\n"
	"lvs_pulse_heartbeats_dropped_total{link=\"public\",reason=\"unknown_version\"} 0\n"
	"lvs_pulse_heartbeats_dropped_total{link=\"public\",reason=\"auth_mode_mismatch\"} 0\n"
	"lvs_pulse_heartbeats_dropped_total{link=\"public\",reason=\"bad_hmac\"} 5\n"
	"lvs_pulse_heartbeats_dropped_total{link=\"public\",reason=\"malformed\"} 0\n"
	"lvs_pulse_heartbeats_dropped_total{link=\"public\",reason=\"replay\"} 2\n"
	"lvs_pulse_heartbeats_dropped_total{link=\"private\",reason=\"foreign_sender\"} 0\n"
	"lvs_pulse_heartbeats_dropped_total{link=\"private\",reason=\"too_short\"} 0\n"
	"lvs_pulse_heartbeats_dropped_total{link=\"private\",reason=\"too_long\"} 0\n"
	"lvs_pulse_heartbeats_dropped_total{link=\"private\",reason=\"bad_magic\"} 0\n"
	"lvs_pulse_heartbeats_dropped_total{link=\"private\",reason=\"unknown_version\"} 0\n"
	"lvs_pulse_heartbeats_dropped_total{link=\"private\",reason=\"auth_mode_mismatch\"} 0\n"
	"lvs_pulse_heartbeats_dropped_total{link=\"private\",reason=\"bad_hmac\"} 0\n"
	"lvs_pulse_heartbeats_dropped_total{link=\"private\",reason=\"malformed\"} 0\n"
	"lvs_pulse_heartbeats_dropped_total{link=\"private\",reason=\"replay\"} 0\n"
	"# HELP lvs_pulse_reloads_total Reloads (SIGHUP) by result: ok, or failed (the running configuration stayed).\n"
	"# TYPE lvs_pulse_reloads_total counter\n"
	"lvs_pulse_reloads_total{result=\"ok\"} 2\n"
	"lvs_pulse_reloads_total{result=\"failed\"} 1\n"
	"# HELP lvs_pulse_last_reload_success 1 if the last reload was applied, else 0.\n"
	"# TYPE lvs_pulse_last_reload_success gauge\n"
	"lvs_pulse_last_reload_success 0\n"
	"# HELP lvs_pulse_last_reload_timestamp_seconds When the last reload happened, seconds since the Epoch.\n"
	"# TYPE lvs_pulse_last_reload_timestamp_seconds gauge\n"
	"lvs_pulse_last_reload_timestamp_seconds 1764699940\n"
	"# HELP lvs_pulse_config_serial The serial_no of the lvs.cf pulse runs.\n"
	"# TYPE lvs_pulse_config_serial gauge\n"
	"lvs_pulse_config_serial 7\n"
	"# HELP lvs_pulse_lvsd_running 1 if pulse's lvsd runs.\n"
	"# TYPE lvs_pulse_lvsd_running gauge\n"
	"lvs_pulse_lvsd_running 1\n"
	"# HELP lvs_pulse_lvsd_ready 1 if pulse's lvsd has built its table.\n"
	"# TYPE lvs_pulse_lvsd_ready gauge\n"
	"lvs_pulse_lvsd_ready 1\n";

static const char *const want_text =
	"pulse 9.9, config /etc/lvs.cf (serial_no 7), primary router, hot standby\n"
	"state: active since 2025-12-02T18:16:40Z (split brain: we stay active)\n"
	"transitions: 3, the last taking-over -> active: lvsd has built the table: bringing the addresses up\n"
	"last reload: failed at 2025-12-02T18:25:40Z: the file has 2 errors (2 ok, 1 failed)\n"
	"lvsd: pid 400, table built\n"
	"peer: alive, backup backup, lvs.cf the same (serial_no 7), last heard 2025-12-02T18:26:39Z\n"
	"  link public: 192.0.2.1 -> 192.0.2.2 port 539, alive, last heard 2025-12-02T18:26:39Z\n"
	"    sent 7200 heartbeats, 1 give-up, 2 acks, 0 send errors; accepted 7000; dropped 8"
	" (foreign sender 1, bad HMAC 5, replay 2)\n"
	"  link private: 198.51.100.1 -> 198.51.100.2 port 539, silent, last heard never\n"
	"    sent 7200 heartbeats, 1 give-up, 2 acks, 3 send errors; accepted 0; dropped 0\n";

int main(void)
{
	struct pulse_view v;
	struct strbuf b = { 0 };

	build(&v);
	pulse_view_json(&v, &b);
	is_str(sb_str(&b), want_json, "JSON: the whole document");
	sb_free(&b);
	pulse_view_metrics(&v, &b);
	is_lines(sb_str(&b), want_metrics, "metrics");
	sb_free(&b);
	pulse_view_text(&v, &b);
	is_lines(sb_str(&b), want_text, "text");
	sb_free(&b);

	/* A router without a peer that has never reloaded: no peer fields
	 * beyond the defaults, no last-reload lines. */
	v.backup_active = false;
	v.peer_known = v.peer_alive = false;
	v.n_links = 0;
	v.last_reload = PULSE_RELOAD_NONE;
	v.lvsd_pid = 0;
	v.lvsd_ready = false;
	pulse_view_json(&v, &b);
	ok(strstr(sb_str(&b), "\"peer\":{\"known\":false,\"alive\":false,\"state\":null,\"role\":null,"
		   "\"config_serial\":null,\"config_same\":null,\"boot_id\":null,\"active_since\":null,"
		   "\"last_heard\":null,\"links\":[]}") != NULL, "JSON: an unknown peer is all nulls, no links");
	ok(strstr(sb_str(&b), "\"reloads\":{\"ok\":2,\"failed\":1,\"last\":null}") != NULL &&
	   strstr(sb_str(&b), "\"lvsd\":{\"pid\":null,\"ready\":false}") != NULL,
	   "JSON: no reload yet, no lvsd: null");
	sb_free(&b);
	pulse_view_metrics(&v, &b);
	ok(strstr(sb_str(&b), "lvs_pulse_last_reload") == NULL && strstr(sb_str(&b), "{link=") == NULL,
	   "metrics: no last-reload lines, no per-link lines");
	sb_free(&b);
	pulse_view_text(&v, &b);
	ok(strstr(sb_str(&b), "peer: none (backup_active = 0)\n") != NULL &&
	   strstr(sb_str(&b), "lvsd: not running\n") != NULL, "text: no peer, no lvsd");
	sb_free(&b);
	return tap_done();
}
