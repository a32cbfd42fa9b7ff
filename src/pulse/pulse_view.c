#include "config.h"

/* The renderings of pulse's view: the --status text, the --status --json
 * document (doc/status-schema.md) and the Prometheus metrics file. Pure:
 * everything comes from the view, including the time. */

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "json_out.h"
#include "prom.h"
#include "pulse_view.h"

#define L(n, v) { n, v }

/* Message types as keys and labels: "giveup" rather than "give-up". */
static const char *type_id(int t)
{
	return t == HB_MSG_HEARTBEAT ? "heartbeat" : t == HB_MSG_GIVEUP ? "giveup" : "ack";
}

static unsigned long dropped(const struct pulse_hb_counters *c)
{
	unsigned long n = 0;

	for (int v = 1; v < HB_NVERDICTS; v++)
		n += c->received[v];
	return n;
}

static void sum_links(const struct pulse_view *v, struct pulse_hb_counters *all)
{
	memset(all, 0, sizeof(*all));
	for (int i = 0; i < v->n_links; i++) {
		const struct pulse_hb_counters *c = &v->links[i].hb;

		for (int t = HB_MSG_HEARTBEAT; t <= HB_MSG_ACK; t++)
			all->sent[t] += c->sent[t];
		all->send_errors += c->send_errors;
		for (int r = 0; r < HB_NVERDICTS; r++)
			all->received[r] += c->received[r];
	}
}

static double peer_last_heard(const struct pulse_view *v)
{
	double t = 0;

	for (int i = 0; i < v->n_links; i++)
		if (v->links[i].last_heard > t)
			t = v->links[i].last_heard;
	return t;
}

static const char *reload_word(enum pulse_reload r)
{
	return r == PULSE_RELOAD_OK ? "ok" : r == PULSE_RELOAD_FAILED ? "failed" : "none";
}

/* ---- text ---- */

static void text_counters(struct strbuf *o, const struct pulse_hb_counters *c)
{
	bool any = false;

	sb_printf(o, "sent %lu heartbeat%s, %lu give-up%s, %lu ack%s, %lu send error%s; accepted %lu; dropped %lu",
		  c->sent[HB_MSG_HEARTBEAT], c->sent[HB_MSG_HEARTBEAT] == 1 ? "" : "s",
		  c->sent[HB_MSG_GIVEUP], c->sent[HB_MSG_GIVEUP] == 1 ? "" : "s",
		  c->sent[HB_MSG_ACK], c->sent[HB_MSG_ACK] == 1 ? "" : "s",
		  c->send_errors, c->send_errors == 1 ? "" : "s", c->received[HB_OK], dropped(c));
	for (int r = 1; r < HB_NVERDICTS; r++) {
		if (!c->received[r])
			continue;
		sb_printf(o, "%s%s %lu", any ? ", " : " (", hb_verdict_name(r), c->received[r]);
		any = true;
	}
	sb_printf(o, "%s\n", any ? ")" : "");
}

void pulse_view_text(const struct pulse_view *v, struct strbuf *o)
{
	char when[32];

	sb_printf(o, "pulse %s, config %s (serial_no %ld), %s router%s\n", v->version, v->config,
		  v->config_serial, v->role, !v->backup_active ? " without a backup" :
		  v->hot_standby ? ", hot standby" : ", cold standby");
	iso8601_utc(v->last_to ? v->last_transition : v->started, when, sizeof(when));
	sb_printf(o, "state: %s since %s (%s)\n", hb_state_name(v->state), when, v->reason);
	sb_printf(o, "transitions: %lu", v->transitions);
	if (v->last_to)
		sb_printf(o, ", the last %s -> %s: %s", v->last_from ? hb_state_name(v->last_from) : "start",
			  hb_state_name(v->last_to), v->last_reason);
	sb_putc(o, '\n');
	if (v->last_reload != PULSE_RELOAD_NONE) {
		iso8601_utc(v->last_reload_at, when, sizeof(when));
		sb_printf(o, "last reload: %s at %s%s%s (%lu ok, %lu failed)\n", reload_word(v->last_reload),
			  when, v->reload_error ? ": " : "", v->reload_error ? v->reload_error : "",
			  v->reloads_ok, v->reloads_failed);
	}
	if (v->lvsd_pid)
		sb_printf(o, "lvsd: pid %ld, %s\n", v->lvsd_pid, v->lvsd_ready ? "table built" : "starting");
	else
		sb_printf(o, "lvsd: not running\n");
	if (!v->backup_active) {
		sb_printf(o, "peer: none (backup_active = 0)\n");
		return;
	}
	if (!v->peer_known) {
		sb_printf(o, "peer: never heard\n");
	} else {
		iso8601_utc(peer_last_heard(v), when, sizeof(when));
		sb_printf(o, "peer: %s, %s %s, lvs.cf %s (serial_no %" PRIu32 "), last heard %s\n",
			  v->peer_alive ? "alive" : "SILENT", hb_role_name(v->peer_role),
			  hb_state_name(v->peer_state), v->peer_config_same ? "the same" : "DIFFERENT",
			  v->peer_config_serial, when);
	}
	for (int i = 0; i < v->n_links; i++) {
		const struct pulse_view_link *l = &v->links[i];

		iso8601_utc(l->last_heard, when, sizeof(when));
		sb_printf(o, "  link %s: %s -> %s port %u, %s, last heard %s\n    ", l->name, l->local, l->peer,
			  l->port, l->alive ? "alive" : "silent", l->last_heard > 0 ? when : "never");
		text_counters(o, &l->hb);
	}
}

/* ---- JSON ---- */

static void json_counters(struct strbuf *o, const struct pulse_hb_counters *c)
{
	sb_printf(o, "\"sent\":{");
	for (int t = HB_MSG_HEARTBEAT; t <= HB_MSG_ACK; t++)
		sb_printf(o, "%s\"%s\":%lu", t > HB_MSG_HEARTBEAT ? "," : "", type_id(t), c->sent[t]);
	sb_printf(o, "},\"send_errors\":%lu,\"accepted\":%lu,\"dropped\":{", c->send_errors, c->received[HB_OK]);
	for (int r = 1; r < HB_NVERDICTS; r++)
		sb_printf(o, "%s\"%s\":%lu", r > 1 ? "," : "", hb_verdict_id(r), c->received[r]);
	sb_putc(o, '}');
}

void pulse_view_json(const struct pulse_view *v, struct strbuf *o)
{
	struct pulse_hb_counters all;

	sb_printf(o, "{\"schema_version\":%d,\"program\":\"pulse\",\"version\":", PULSE_STATUS_SCHEMA_VERSION);
	json_string(o, v->version);
	sb_printf(o, ",\"time\":");
	json_time(o, v->now);
	sb_printf(o, ",\"pid\":%ld,\"started\":", v->pid);
	json_time(o, v->started);
	sb_printf(o, ",\"config\":{\"path\":");
	json_string(o, v->config);
	sb_printf(o, ",\"serial_no\":%ld,\"digest\":\"%s\"}", v->config_serial, v->config_digest);
	sb_printf(o, ",\"reloads\":{\"ok\":%lu,\"failed\":%lu,\"last\":", v->reloads_ok, v->reloads_failed);
	if (v->last_reload == PULSE_RELOAD_NONE) {
		sb_printf(o, "null");
	} else {
		sb_printf(o, "{\"time\":");
		json_time(o, v->last_reload_at);
		sb_printf(o, ",\"result\":\"%s\",\"error\":", reload_word(v->last_reload));
		json_string(o, v->reload_error);
		sb_putc(o, '}');
	}
	sb_printf(o, "},\"role\":");
	json_string(o, v->role);
	sb_printf(o, ",\"state\":");
	json_string(o, hb_state_name(v->state));
	sb_printf(o, ",\"reason\":");
	json_string(o, v->reason);
	sb_printf(o, ",\"state_since\":");
	json_time(o, v->last_to ? v->last_transition : v->started);
	sb_printf(o, ",\"backup_active\":");
	json_bool(o, v->backup_active);
	sb_printf(o, ",\"hot_standby\":");
	json_bool(o, v->hot_standby);
	sb_printf(o, ",\"authenticated\":");
	json_bool(o, v->authenticated);
	sb_printf(o, ",\"keepalive_seconds\":");
	json_number(o, true, v->keepalive);
	sb_printf(o, ",\"deadtime_seconds\":");
	json_number(o, true, v->deadtime);
	sb_printf(o, ",\"transitions\":{\"total\":%lu,\"to\":{", v->transitions);
	for (int s = HB_ST_BACKUP; s <= HB_ST_STOPPED; s++)
		sb_printf(o, "%s\"%s\":%lu", s > HB_ST_BACKUP ? "," : "", hb_state_name(s), v->transitions_to[s]);
	sb_printf(o, "},\"last\":");
	if (!v->last_to) {
		sb_printf(o, "null");
	} else {
		sb_printf(o, "{\"time\":");
		json_time(o, v->last_transition);
		sb_printf(o, ",\"from\":");
		json_string(o, v->last_from ? hb_state_name(v->last_from) : NULL);
		sb_printf(o, ",\"to\":");
		json_string(o, hb_state_name(v->last_to));
		sb_printf(o, ",\"reason\":");
		json_string(o, v->last_reason);
		sb_putc(o, '}');
	}
	sb_printf(o, "},\"lvsd\":{\"pid\":");
	if (v->lvsd_pid)
		sb_printf(o, "%ld", v->lvsd_pid);
	else
		sb_printf(o, "null");
	sb_printf(o, ",\"ready\":");
	json_bool(o, v->lvsd_ready);
	sb_printf(o, "},\"peer\":{\"known\":");
	json_bool(o, v->peer_known);
	sb_printf(o, ",\"alive\":");
	json_bool(o, v->peer_alive);
	sb_printf(o, ",\"state\":");
	json_string(o, v->peer_known ? hb_state_name(v->peer_state) : NULL);
	sb_printf(o, ",\"role\":");
	json_string(o, v->peer_known ? hb_role_name(v->peer_role) : NULL);
	if (v->peer_known) {
		sb_printf(o, ",\"config_serial\":%" PRIu32 ",\"config_same\":", v->peer_config_serial);
		json_bool(o, v->peer_config_same);
		sb_printf(o, ",\"boot_id\":\"%016" PRIx64 "\"", v->peer_boot_id);
	} else {
		sb_printf(o, ",\"config_serial\":null,\"config_same\":null,\"boot_id\":null");
	}
	sb_printf(o, ",\"active_since\":");
	json_time(o, v->peer_known ? v->peer_active_since : 0);
	sb_printf(o, ",\"last_heard\":");
	json_time(o, peer_last_heard(v));
	sb_printf(o, ",\"links\":[");
	for (int i = 0; i < v->n_links; i++) {
		const struct pulse_view_link *l = &v->links[i];

		sb_printf(o, "%s{\"name\":\"%s\",\"local\":\"%s\",\"address\":\"%s\",\"port\":%u,\"alive\":",
			  i ? "," : "", l->name, l->local, l->peer, l->port);
		json_bool(o, l->alive);
		sb_printf(o, ",\"last_heard\":");
		json_time(o, l->last_heard);
		sb_putc(o, '}');
	}
	sum_links(v, &all);
	sb_printf(o, "]},\"heartbeats\":{");
	json_counters(o, &all);
	sb_printf(o, ",\"links\":[");
	for (int i = 0; i < v->n_links; i++) {
		sb_printf(o, "%s{\"name\":\"%s\",", i ? "," : "", v->links[i].name);
		json_counters(o, &v->links[i].hb);
		sb_putc(o, '}');
	}
	sb_printf(o, "]}}\n");
}

/* ---- Prometheus ---- */

void pulse_view_metrics(const struct pulse_view *v, struct strbuf *o)
{
	{
		struct prom_label l[] = { L("version", v->version), L("role", v->role) };

		prom_family(o, "lvs_pulse_info", "gauge", "Always 1: the running pulse, its version and role.");
		prom_sample(o, "lvs_pulse_info", l, 2, 1);
	}
	prom_family(o, "lvs_pulse_state", "gauge", "1 for the state pulse is in, 0 for the others.");
	for (int s = HB_ST_BACKUP; s <= HB_ST_STOPPED; s++) {
		struct prom_label l[] = { L("state", hb_state_name(s)) };

		prom_sample(o, "lvs_pulse_state", l, 1, v->state == s);
	}
	prom_family(o, "lvs_pulse_state_since_timestamp_seconds", "gauge",
		    "When pulse entered its state (the last transition), seconds since the Epoch.");
	prom_sample(o, "lvs_pulse_state_since_timestamp_seconds", NULL, 0,
		    v->last_to ? v->last_transition : v->started);
	prom_family(o, "lvs_pulse_transitions_total", "counter",
		    "State changes since pulse started, by the state entered.");
	for (int s = HB_ST_BACKUP; s <= HB_ST_STOPPED; s++) {
		struct prom_label l[] = { L("to", hb_state_name(s)) };

		prom_sample(o, "lvs_pulse_transitions_total", l, 1, (double)v->transitions_to[s]);
	}
	prom_family(o, "lvs_pulse_peer_alive", "gauge", "1 if the peer was heard on some link within deadtime.");
	prom_sample(o, "lvs_pulse_peer_alive", NULL, 0, v->peer_alive);
	prom_family(o, "lvs_pulse_link_alive", "gauge", "1 if the peer was heard on this link within deadtime.");
	for (int i = 0; i < v->n_links; i++) {
		struct prom_label l[] = { L("link", v->links[i].name) };

		prom_sample(o, "lvs_pulse_link_alive", l, 1, v->links[i].alive);
	}
	prom_family(o, "lvs_pulse_peer_last_heard_timestamp_seconds", "gauge",
		    "When the last heartbeat of the peer was accepted on this link, seconds since the Epoch.");
	for (int i = 0; i < v->n_links; i++) {
		struct prom_label l[] = { L("link", v->links[i].name) };

		if (v->links[i].last_heard > 0)
			prom_sample(o, "lvs_pulse_peer_last_heard_timestamp_seconds", l, 1, v->links[i].last_heard);
	}
	prom_family(o, "lvs_pulse_heartbeats_sent_total", "counter",
		    "Packets sent to the peer, by link and type (heartbeat, giveup, ack).");
	for (int i = 0; i < v->n_links; i++) {
		for (int t = HB_MSG_HEARTBEAT; t <= HB_MSG_ACK; t++) {
			struct prom_label l[] = { L("link", v->links[i].name), L("type", type_id(t)) };

			prom_sample(o, "lvs_pulse_heartbeats_sent_total", l, 2, (double)v->links[i].hb.sent[t]);
		}
	}
	prom_family(o, "lvs_pulse_heartbeat_send_errors_total", "counter", "Packets the kernel would not send.");
	for (int i = 0; i < v->n_links; i++) {
		struct prom_label l[] = { L("link", v->links[i].name) };

		prom_sample(o, "lvs_pulse_heartbeat_send_errors_total", l, 1, (double)v->links[i].hb.send_errors);
	}
	prom_family(o, "lvs_pulse_heartbeats_accepted_total", "counter",
		    "Packets from the peer that passed every check.");
	for (int i = 0; i < v->n_links; i++) {
		struct prom_label l[] = { L("link", v->links[i].name) };

		prom_sample(o, "lvs_pulse_heartbeats_accepted_total", l, 1, (double)v->links[i].hb.received[HB_OK]);
	}
	prom_family(o, "lvs_pulse_heartbeats_dropped_total", "counter",
		    "Packets received and dropped, by link and the check that failed.");
	for (int i = 0; i < v->n_links; i++) {
		for (int r = 1; r < HB_NVERDICTS; r++) {
			struct prom_label l[] = { L("link", v->links[i].name), L("reason", hb_verdict_id(r)) };

			prom_sample(o, "lvs_pulse_heartbeats_dropped_total", l, 2, (double)v->links[i].hb.received[r]);
		}
	}
	prom_family(o, "lvs_pulse_reloads_total", "counter",
		    "Reloads (SIGHUP) by result: ok, or failed (the running configuration stayed).");
	{
		struct prom_label l[] = { L("result", "ok") };

		prom_sample(o, "lvs_pulse_reloads_total", l, 1, (double)v->reloads_ok);
		l[0].value = "failed";
		prom_sample(o, "lvs_pulse_reloads_total", l, 1, (double)v->reloads_failed);
	}
	if (v->last_reload != PULSE_RELOAD_NONE) {
		prom_family(o, "lvs_pulse_last_reload_success", "gauge", "1 if the last reload was applied, else 0.");
		prom_sample(o, "lvs_pulse_last_reload_success", NULL, 0, v->last_reload == PULSE_RELOAD_OK);
		prom_family(o, "lvs_pulse_last_reload_timestamp_seconds", "gauge",
			    "When the last reload happened, seconds since the Epoch.");
		prom_sample(o, "lvs_pulse_last_reload_timestamp_seconds", NULL, 0, v->last_reload_at);
	}
	prom_family(o, "lvs_pulse_config_serial", "gauge", "The serial_no of the lvs.cf pulse runs.");
	prom_sample(o, "lvs_pulse_config_serial", NULL, 0, (double)v->config_serial);
	prom_family(o, "lvs_pulse_lvsd_running", "gauge", "1 if pulse's lvsd runs.");
	prom_sample(o, "lvs_pulse_lvsd_running", NULL, 0, v->lvsd_pid != 0);
	prom_family(o, "lvs_pulse_lvsd_ready", "gauge", "1 if pulse's lvsd has built its table.");
	prom_sample(o, "lvs_pulse_lvsd_ready", NULL, 0, v->lvsd_ready);
}
