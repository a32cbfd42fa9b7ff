#include "config.h"

/* The renderings of lvsd's view: the --status text, the --status --json
 * document (doc/status-schema.md) and the Prometheus metrics file. Pure:
 * everything comes from the view, including the time. */

#include <inttypes.h>
#include <string.h>

#include "json_out.h"
#include "prom.h"
#include "view.h"

const char *view_reload_name(enum view_reload r)
{
	switch (r) {
	case VIEW_RELOAD_OK: return "ok";
	case VIEW_RELOAD_FAILED: return "failed";
	case VIEW_RELOAD_PARTIAL: return "partial";
	default: return "none";
	}
}

static size_t count_state(const struct view_virtual *vv, const char *state)
{
	size_t n = 0;

	for (size_t i = 0; i < vv->n_servers; i++)
		n += strcmp(vv->servers[i].state, state) == 0;
	return n;
}

/* ---- text ---- */

static void text_checks(struct strbuf *o, const struct view_checks *c)
{
	if (!c->known)
		return;
	sb_printf(o, "    checks: %lu, %lu failed", c->total, c->failures);
	if (c->have_last)
		sb_printf(o, ", last %s in %.1f ms, mean %.1f ms", c->last_ok ? "passed" : "failed",
			  c->last_seconds * 1e3, c->avg_seconds * 1e3);
	sb_putc(o, '\n');
}

static void text_kernel(struct strbuf *o, const char *indent, const struct view_kernel *k, bool dest)
{
	if (!k->known)
		return;
	sb_printf(o, "%skernel: %" PRIu64 " connections", indent, k->conns);
	if (dest)
		sb_printf(o, " (%" PRIu32 " active, %" PRIu32 " inactive)", k->activeconns, k->inactconns);
	sb_printf(o, ", packets %" PRIu64 " in %" PRIu64 " out, bytes %" PRIu64 " in %" PRIu64 " out\n",
		  k->inpkts, k->outpkts, k->inbytes, k->outbytes);
}

void view_render_text(const struct lvsd_view *v, struct strbuf *o)
{
	char when[32];

	sb_printf(o, "lvsd %s, config %s, %zu virtual service%s\n", v->version, v->config,
		  v->n_virtuals, v->n_virtuals == 1 ? "" : "s");
	sb_printf(o, "role: %s\n", v->role);
	if (v->last_reload != VIEW_RELOAD_NONE) {
		iso8601_utc(v->last_reload_at, when, sizeof(when));
		sb_printf(o, "last reload: %s at %s%s%s (%lu ok, %lu failed, %lu partial)\n",
			  view_reload_name(v->last_reload), when, v->last_reload_error ? ": " : "",
			  v->last_reload_error ? v->last_reload_error : "", v->reloads[VIEW_RELOAD_OK],
			  v->reloads[VIEW_RELOAD_FAILED], v->reloads[VIEW_RELOAD_PARTIAL]);
	}
	for (size_t i = 0; i < v->n_virtuals; i++) {
		const struct view_virtual *vv = &v->virtuals[i];

		sb_printf(o, "virtual %s: %s %s", vv->name, vv->service, vv->scheduler);
		if (vv->blocks > 1)
			sb_printf(o, " (one service of %zu blocks)", vv->blocks);
		sb_printf(o, "%s\n", vv->in_table ? "" : " (NOT IN TABLE)");
		text_kernel(o, "  ", &vv->kernel, false);
		for (size_t j = 0; j < vv->n_servers; j++) {
			const struct view_server *s = &vv->servers[j];

			iso8601_utc(s->since, when, sizeof(when));
			sb_printf(o, "  server %s: %s port %u %s weight %d%s since %s", s->name, s->address,
				  s->port, s->state, s->weight, s->in_table ? "" : " (not in table)", when);
			if (s->problem)
				sb_printf(o, " (%s)", s->problem);
			sb_putc(o, '\n');
			text_checks(o, &s->checks);
			text_kernel(o, "    ", &s->kernel, true);
		}
		if (vv->has_sorry)
			sb_printf(o, "  sorry server %s: %s\n", vv->sorry_address,
				  vv->sorry_in_table ? "in table" : "standing by");
	}
}

/* ---- JSON ---- */

static void json_kernel(struct strbuf *o, const struct view_kernel *k, bool dest)
{
	if (!k->known) {
		sb_printf(o, "null");
		return;
	}
	sb_printf(o, "{\"connections\":%" PRIu64, k->conns);
	if (dest)
		sb_printf(o, ",\"active_connections\":%" PRIu32 ",\"inactive_connections\":%" PRIu32,
			  k->activeconns, k->inactconns);
	sb_printf(o, ",\"packets_in\":%" PRIu64 ",\"packets_out\":%" PRIu64 ",\"bytes_in\":%" PRIu64
		  ",\"bytes_out\":%" PRIu64 "}", k->inpkts, k->outpkts, k->inbytes, k->outbytes);
}

static void json_checks(struct strbuf *o, const struct view_checks *c)
{
	if (!c->known) {
		sb_printf(o, "null");
		return;
	}
	sb_printf(o, "{\"total\":%lu,\"failures\":%lu,\"last_result\":", c->total, c->failures);
	json_string(o, c->have_last ? (c->last_ok ? "ok" : "failed") : NULL);
	sb_printf(o, ",\"last_time\":");
	json_time(o, c->have_last ? c->last_at : 0);
	sb_printf(o, ",\"latency_last_seconds\":");
	json_number(o, c->have_last, c->last_seconds);
	sb_printf(o, ",\"latency_avg_seconds\":");
	json_number(o, c->have_last, c->avg_seconds);
	sb_putc(o, '}');
}

static void json_server(struct strbuf *o, const struct view_server *s)
{
	sb_printf(o, "{\"name\":");
	json_string(o, s->name);
	sb_printf(o, ",\"address\":\"%s\",\"port\":%u,\"state\":\"%s\",\"weight\":%d,\"in_table\":",
		  s->address, s->port, s->state, s->weight);
	json_bool(o, s->in_table);
	sb_printf(o, ",\"since\":");
	json_time(o, s->since);
	sb_printf(o, ",\"problem\":");
	json_string(o, s->problem);
	sb_printf(o, ",\"checks\":");
	json_checks(o, &s->checks);
	sb_printf(o, ",\"kernel\":");
	json_kernel(o, &s->kernel, true);
	sb_putc(o, '}');
}

void view_render_json(const struct lvsd_view *v, struct strbuf *o)
{
	sb_printf(o, "{\"schema_version\":%d,\"program\":\"lvsd\",\"version\":", LVSD_STATUS_SCHEMA_VERSION);
	json_string(o, v->version);
	sb_printf(o, ",\"time\":");
	json_time(o, v->now);
	sb_printf(o, ",\"role\":");
	json_string(o, v->role);
	sb_printf(o, ",\"config\":");
	json_string(o, v->config);
	sb_printf(o, ",\"reloads\":{\"ok\":%lu,\"failed\":%lu,\"partial\":%lu,\"last\":",
		  v->reloads[VIEW_RELOAD_OK], v->reloads[VIEW_RELOAD_FAILED], v->reloads[VIEW_RELOAD_PARTIAL]);
	if (v->last_reload == VIEW_RELOAD_NONE) {
		sb_printf(o, "null");
	} else {
		sb_printf(o, "{\"time\":");
		json_time(o, v->last_reload_at);
		sb_printf(o, ",\"result\":\"%s\",\"error\":", view_reload_name(v->last_reload));
		json_string(o, v->last_reload_error);
		sb_putc(o, '}');
	}
	sb_printf(o, "},\"table_operation_failures\":%lu,\"virtuals\":[", v->table_failures);
	for (size_t i = 0; i < v->n_virtuals; i++) {
		const struct view_virtual *vv = &v->virtuals[i];

		sb_printf(o, "%s{\"name\":", i ? "," : "");
		json_string(o, vv->name);
		sb_printf(o, ",\"service\":");
		json_string(o, vv->service);
		sb_printf(o, ",\"scheduler\":");
		json_string(o, vv->scheduler);
		sb_printf(o, ",\"blocks\":%zu,\"in_table\":", vv->blocks);
		json_bool(o, vv->in_table);
		sb_printf(o, ",\"servers_up\":%zu,\"servers_down\":%zu,\"servers_unknown\":%zu,\"kernel\":",
			  count_state(vv, "up"), count_state(vv, "down"), count_state(vv, "unknown"));
		json_kernel(o, &vv->kernel, false);
		sb_printf(o, ",\"servers\":[");
		for (size_t j = 0; j < vv->n_servers; j++) {
			if (j)
				sb_putc(o, ',');
			json_server(o, &vv->servers[j]);
		}
		sb_printf(o, "],\"sorry_server\":");
		if (vv->has_sorry) {
			sb_printf(o, "{\"address\":\"%s\",\"in_table\":", vv->sorry_address);
			json_bool(o, vv->sorry_in_table);
			sb_putc(o, '}');
		} else {
			sb_printf(o, "null");
		}
		sb_putc(o, '}');
	}
	sb_printf(o, "]}\n");
}

/* ---- Prometheus ---- */

#define L(n, v) { n, v }

/* One gauge or counter per server: value picks it out of a server. */
typedef double (*server_value)(const struct view_server *s, bool *emit);

static void per_server(const struct lvsd_view *v, struct strbuf *o, const char *name,
		       const char *type, const char *help, server_value fn)
{
	prom_family(o, name, type, help);
	for (size_t i = 0; i < v->n_virtuals; i++) {
		const struct view_virtual *vv = &v->virtuals[i];

		for (size_t j = 0; j < vv->n_servers; j++) {
			struct prom_label l[] = { L("virtual", vv->name), L("server", vv->servers[j].name) };
			bool emit = true;
			double x = fn(&vv->servers[j], &emit);

			if (emit)
				prom_sample(o, name, l, 2, x);
		}
	}
}

static double s_up(const struct view_server *s, bool *emit)
{
	(void)emit;
	return strcmp(s->state, "up") == 0;
}

static double s_in_table(const struct view_server *s, bool *emit)
{
	(void)emit;
	return s->in_table;
}

static double s_weight(const struct view_server *s, bool *emit)
{
	(void)emit;
	return s->weight;
}

static double s_failures(const struct view_server *s, bool *emit)
{
	*emit = s->checks.known;
	return (double)s->checks.failures;
}

static double s_last_latency(const struct view_server *s, bool *emit)
{
	*emit = s->checks.have_last;
	return s->checks.last_seconds;
}

static void check_summary(const struct lvsd_view *v, struct strbuf *o)
{
	static const char *const name = "lvs_server_check_duration_seconds";

	prom_family(o, name, "summary", "Time the health checks of a real server took.");
	for (size_t i = 0; i < v->n_virtuals; i++) {
		const struct view_virtual *vv = &v->virtuals[i];

		for (size_t j = 0; j < vv->n_servers; j++) {
			const struct view_server *s = &vv->servers[j];
			struct prom_label l[] = { L("virtual", vv->name), L("server", s->name) };

			if (!s->checks.known)
				continue;
			prom_sample(o, "lvs_server_check_duration_seconds_sum", l, 2,
				    s->checks.sum_seconds);
			prom_sample_u64(o, "lvs_server_check_duration_seconds_count", l, 2, s->checks.total);
		}
	}
}

/* A kernel counter of services (dest false) or destinations: field picks
 * it; direction, when set, labels in and out. */
enum kfield { K_CONNS, K_PKTS_IN, K_PKTS_OUT, K_BYTES_IN, K_BYTES_OUT, K_ACTIVE, K_INACTIVE };

static uint64_t kget(const struct view_kernel *k, enum kfield f)
{
	switch (f) {
	case K_CONNS: return k->conns;
	case K_PKTS_IN: return k->inpkts;
	case K_PKTS_OUT: return k->outpkts;
	case K_BYTES_IN: return k->inbytes;
	case K_BYTES_OUT: return k->outbytes;
	case K_ACTIVE: return k->activeconns;
	case K_INACTIVE: return k->inactconns;
	}
	return 0;
}

static void kernel_family(const struct lvsd_view *v, struct strbuf *o, bool dest, const char *name,
			  const char *type, const char *help, enum kfield f, enum kfield f_out)
{
	prom_family(o, name, type, help);
	for (size_t i = 0; i < v->n_virtuals; i++) {
		const struct view_virtual *vv = &v->virtuals[i];

		if (!dest) {
			struct prom_label l[] = { L("virtual", vv->name), L("service", vv->service),
						  L("direction", "in") };

			if (!vv->first_block || !vv->kernel.known)
				continue;
			if (f == f_out) {
				prom_sample_u64(o, name, l, 2, kget(&vv->kernel, f));
				continue;
			}
			prom_sample_u64(o, name, l, 3, kget(&vv->kernel, f));
			l[2].value = "out";
			prom_sample_u64(o, name, l, 3, kget(&vv->kernel, f_out));
			continue;
		}
		for (size_t j = 0; j < vv->n_servers; j++) {
			const struct view_server *s = &vv->servers[j];
			struct prom_label l[] = { L("virtual", vv->name), L("server", s->name),
						  L("direction", "in") };

			if (!s->first_listing || !s->kernel.known)
				continue;
			if (f == f_out) {
				prom_sample_u64(o, name, l, 2, kget(&s->kernel, f));
				continue;
			}
			prom_sample_u64(o, name, l, 3, kget(&s->kernel, f));
			l[2].value = "out";
			prom_sample_u64(o, name, l, 3, kget(&s->kernel, f_out));
		}
	}
}

void view_render_metrics(const struct lvsd_view *v, struct strbuf *o)
{
	static const char *const states[] = { "up", "down", "unknown" };
	static const enum view_reload results[] = { VIEW_RELOAD_OK, VIEW_RELOAD_FAILED, VIEW_RELOAD_PARTIAL };

	{
		struct prom_label l[] = { L("version", v->version), L("role", v->role) };

		prom_family(o, "lvs_lvsd_info", "gauge", "Always 1: the running lvsd, its version and role.");
		prom_sample(o, "lvs_lvsd_info", l, 2, 1);
	}
	prom_family(o, "lvs_lvsd_reloads_total", "counter",
		    "Reloads (SIGHUP) by result: ok, failed (the file was refused), partial (some table operations failed).");
	for (size_t i = 0; i < sizeof(results) / sizeof(results[0]); i++) {
		struct prom_label l[] = { L("result", view_reload_name(results[i])) };

		prom_sample(o, "lvs_lvsd_reloads_total", l, 1, (double)v->reloads[results[i]]);
	}
	if (v->last_reload != VIEW_RELOAD_NONE) {
		prom_family(o, "lvs_lvsd_last_reload_success", "gauge",
			    "1 if the last reload was applied in full, else 0.");
		prom_sample(o, "lvs_lvsd_last_reload_success", NULL, 0, v->last_reload == VIEW_RELOAD_OK);
		prom_family(o, "lvs_lvsd_last_reload_timestamp_seconds", "gauge",
			    "When the last reload happened, seconds since the Epoch.");
		prom_sample(o, "lvs_lvsd_last_reload_timestamp_seconds", NULL, 0, v->last_reload_at);
	}
	prom_family(o, "lvs_lvsd_table_operation_failures_total", "counter",
		    "IPVS table operations the kernel refused.");
	prom_sample(o, "lvs_lvsd_table_operation_failures_total", NULL, 0, (double)v->table_failures);

	prom_family(o, "lvs_virtual_in_table", "gauge", "1 if the virtual's IPVS service is in the kernel's table.");
	for (size_t i = 0; i < v->n_virtuals; i++) {
		struct prom_label l[] = { L("virtual", v->virtuals[i].name) };

		prom_sample(o, "lvs_virtual_in_table", l, 1, v->virtuals[i].in_table);
	}
	prom_family(o, "lvs_virtual_servers", "gauge", "Real servers of a virtual by health: up, down, unknown.");
	for (size_t i = 0; i < v->n_virtuals; i++) {
		for (size_t k = 0; k < 3; k++) {
			struct prom_label l[] = { L("virtual", v->virtuals[i].name), L("state", states[k]) };

			prom_sample(o, "lvs_virtual_servers", l, 2, (double)count_state(&v->virtuals[i], states[k]));
		}
	}
	per_server(v, o, "lvs_server_up", "gauge", "1 if the real server's health check passes, else 0.", s_up);
	per_server(v, o, "lvs_server_in_table", "gauge", "1 if the real server is in the IPVS table.", s_in_table);
	per_server(v, o, "lvs_server_weight", "gauge", "The real server's weight in the IPVS table (0 when out).",
		   s_weight);
	per_server(v, o, "lvs_server_check_failures_total", "counter", "Health checks of the real server that failed.",
		   s_failures);
	check_summary(v, o);
	per_server(v, o, "lvs_server_check_last_duration_seconds", "gauge",
		   "Time the last health check of the real server took.", s_last_latency);

	kernel_family(v, o, false, "lvs_service_connections_total", "counter",
		      "Connections the kernel scheduled for the service.", K_CONNS, K_CONNS);
	kernel_family(v, o, false, "lvs_service_packets_total", "counter",
		      "Packets of the service, in (from clients) and out (to clients).", K_PKTS_IN, K_PKTS_OUT);
	kernel_family(v, o, false, "lvs_service_bytes_total", "counter",
		      "Bytes of the service, in (from clients) and out (to clients).", K_BYTES_IN, K_BYTES_OUT);
	kernel_family(v, o, true, "lvs_server_connections_total", "counter",
		      "Connections the kernel sent to the real server.", K_CONNS, K_CONNS);
	kernel_family(v, o, true, "lvs_server_active_connections", "gauge",
		      "The real server's active connections (ESTABLISHED, for TCP).", K_ACTIVE, K_ACTIVE);
	kernel_family(v, o, true, "lvs_server_inactive_connections", "gauge",
		      "The real server's other connections.", K_INACTIVE, K_INACTIVE);
	kernel_family(v, o, true, "lvs_server_packets_total", "counter",
		      "Packets through the real server, in and out.", K_PKTS_IN, K_PKTS_OUT);
	kernel_family(v, o, true, "lvs_server_bytes_total", "counter",
		      "Bytes through the real server, in and out.", K_BYTES_IN, K_BYTES_OUT);
}
