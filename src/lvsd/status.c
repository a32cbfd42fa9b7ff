#include "config.h"

/* lvsd's view (view.h) collected from the director, the monitors and the
 * kernel's counters, and where it goes: the status socket behind
 * "lvsd --status" and the metrics file. The renderings are view_render.c's. */

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "ipvs_map.h"
#include "log.h"
#include "lvsd.h"
#include "metrics_file.h"
#include "status_sock.h"

static const char *health_word(enum rs_health h)
{
	return h == RS_UP ? "up" : h == RS_DOWN ? "down" : "unknown";
}

static void service_text(const struct lvs_virtual *v, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN];

	if (v->fwmark) {
		snprintf(buf, len, "FWM %u%s", v->fwmark, v->addr.family == AF_INET6 ? " IPv6" : "");
		return;
	}
	lvs_addr_format(&v->addr, a, sizeof(a));
	snprintf(buf, len, v->addr.family == AF_INET6 ? "%s [%s]:%u" : "%s %s:%u",
		 v->protocol == IPPROTO_UDP ? "UDP" : v->protocol == IPPROTO_SCTP ? "SCTP" : "TCP", a, v->port);
}

static void copy_stats(const struct ipvs_stats *s, struct view_kernel *k)
{
	k->known = true;
	k->conns = s->conns;
	k->inpkts = s->inpkts;
	k->outpkts = s->outpkts;
	k->inbytes = s->inbytes;
	k->outbytes = s->outbytes;
}

static bool same_dest(const struct ipvs_dest *a, const struct ipvs_dest *b)
{
	if (a->af != b->af || a->port != b->port)
		return false;
	return a->af == AF_INET6 ? memcmp(&a->addr.in6, &b->addr.in6, 16) == 0 : a->addr.ip == b->addr.ip;
}

/* A server's destination counters, from the service's dump. */
static void dest_counters(const struct lvsd *l, const struct vs_state *vs, const struct rs_state *rs,
			  const struct ipvs_dest *dests, size_t n, struct view_kernel *k)
{
	const struct dest_state *d = rs->dest;
	struct ipvs_dest want;

	if (!d || !d->in_table)
		return;
	ipvs_map_dest(l->cfg, d->vcfg, d->scfg, 0, vs->svc && vs->svc->shared, &want);
	for (size_t i = 0; i < n; i++) {
		if (!same_dest(&dests[i], &want))
			continue;
		copy_stats(&dests[i].stats, k);
		k->activeconns = dests[i].activeconns;
		k->inactconns = dests[i].inactconns;
		return;
	}
}

/* The kernel's counters of one block's service and its servers: the
 * queries ipvsadm -L --stats makes (a netlink round trip to the local
 * kernel each, no waiting on anything else). */
static void kernel_counters(const struct lvsd *l, const struct vs_state *vs, struct view_virtual *vv)
{
	struct ipvs_service key, svc;
	struct ipvs_dest *dests = NULL;
	size_t n = 0;

	if (!l->ipvs || !vs->svc || !vs->svc->in_table)
		return;
	ipvs_map_service(vs->svc->cfg, &key);
	if (ipvs_get_service(l->ipvs, &key, &svc) < 0)
		return;
	copy_stats(&svc.stats, &vv->kernel);
	if (ipvs_get_dests(l->ipvs, &key, &dests, &n) < 0)
		return;
	for (size_t j = 0; j < vs->n_servers; j++)
		dest_counters(l, vs, &vs->servers[j], dests, n, &vv->servers[j].kernel);
	free(dests);
}

static void checks_view(const struct lvsd *l, double now, const struct rs_state *rs, struct view_checks *c)
{
	const struct monitor_checks *m = monitors_checks(rs);

	if (!m)
		return;
	c->known = true;
	c->total = m->total;
	c->failures = m->failures;
	c->have_last = m->have_last;
	c->last_ok = m->last_ok;
	c->last_at = now - (evloop_now(l->loop) - m->last_at);
	c->last_seconds = (double)m->last_us / 1e6;
	c->sum_seconds = (double)m->sum_us / 1e6;
	c->avg_seconds = m->total ? c->sum_seconds / (double)m->total : 0;
}

static void server_view(const struct lvsd *l, double now, const struct vs_state *vs,
			const struct rs_state *rs, struct view_server *s)
{
	bool in = rs->dest && rs->dest->in_table;

	s->name = rs->cfg->name;
	lvs_addr_format(&rs->cfg->addr, s->address, sizeof(s->address));
	s->port = lvs_server_port(vs->cfg, rs->cfg);
	s->state = health_word(rs->health);
	s->in_table = in;
	s->weight = in ? rs->dest->table_weight : 0;
	s->since = now - (evloop_now(l->loop) - rs->since);
	s->problem = monitors_problem(rs);
	s->first_listing = !rs->dest || (rs->dest->vcfg == vs->cfg && rs->dest->scfg == rs->cfg);
	checks_view(l, now, rs, &s->checks);
}

int status_collect(const struct lvsd *l, double now, struct lvsd_view *v)
{
	const struct director *d = &l->director;

	memset(v, 0, sizeof(*v));
	v->version = PACKAGE_VERSION;
	v->role = l->role;
	v->config = l->config_path;
	v->now = now;
	for (int i = 0; i < 4; i++)
		v->reloads[i] = l->reloads[i];
	v->last_reload = l->last_reload;
	v->last_reload_at = now - (evloop_now(l->loop) - l->last_reload_at);
	v->last_reload_error = l->reload_error[0] ? l->reload_error : NULL;
	v->table_failures = d->failed_ops;
	v->virtuals = calloc(d->n_virtuals ? d->n_virtuals : 1, sizeof(*v->virtuals));
	if (!v->virtuals)
		return -1;
	v->n_virtuals = d->n_virtuals;
	for (size_t i = 0; i < d->n_virtuals; i++) {
		const struct vs_state *vs = &d->virtuals[i];
		struct view_virtual *vv = &v->virtuals[i];

		vv->name = vs->cfg->name;
		service_text(vs->cfg, vv->service, sizeof(vv->service));
		vv->scheduler = vs->cfg->scheduler;
		vv->blocks = vs->svc ? vs->svc->n_blocks : 1;
		vv->first_block = !vs->svc || vs->svc->cfg == vs->cfg;
		vv->in_table = vs->svc && vs->svc->in_table;
		if (vs->cfg->sorry_server.family != AF_UNSPEC) {
			vv->has_sorry = true;
			lvs_addr_format(&vs->cfg->sorry_server, vv->sorry_address, sizeof(vv->sorry_address));
			vv->sorry_in_table = vs->svc && vs->svc->sorry_in_table;
		}
		vv->servers = calloc(vs->n_servers ? vs->n_servers : 1, sizeof(*vv->servers));
		if (!vv->servers) {
			status_view_free(v);
			return -1;
		}
		vv->n_servers = vs->n_servers;
		for (size_t j = 0; j < vs->n_servers; j++)
			server_view(l, now, vs, &vs->servers[j], &vv->servers[j]);
		kernel_counters(l, vs, vv);
	}
	return 0;
}

void status_view_free(struct lvsd_view *v)
{
	for (size_t i = 0; i < v->n_virtuals; i++)
		free(v->virtuals[i].servers);
	free(v->virtuals);
	v->virtuals = NULL;
	v->n_virtuals = 0;
}

/* ---- the status socket ---- */

static int on_request(void *ctx, const char *request, struct strbuf *out)
{
	struct lvsd_view v;

	if (status_collect(ctx, clock_wall_s(), &v) < 0)
		return -1;
	if (strcmp(request, "status json") == 0)
		view_render_json(&v, out);
	else
		view_render_text(&v, out);
	status_view_free(&v);
	return 0;
}

int status_listen(struct lvsd *l)
{
	l->status = status_server_open(l->loop, l->socket_path, on_request, l);
	if (!l->status) {
		log_err("status socket %s: %m", l->socket_path);
		return -1;
	}
	return 0;
}

void status_close(struct lvsd *l)
{
	status_server_close(l->status);
	l->status = NULL;
}

/* ---- the metrics file ---- */

static int render_metrics(void *ctx, struct strbuf *out)
{
	struct lvsd_view v;

	if (status_collect(ctx, clock_wall_s(), &v) < 0)
		return -1;
	view_render_metrics(&v, out);
	status_view_free(&v);
	return 0;
}

int status_metrics_start(struct lvsd *l)
{
	if (!l->metrics_path)
		return 0;
	l->metrics = metrics_file_start(l->loop, l->metrics_path, l->metrics_interval, render_metrics, l);
	if (!l->metrics) {
		log_err("metrics file %s: %m", l->metrics_path);
		return -1;
	}
	log_info("writing metrics to %s every %g s", l->metrics_path, l->metrics_interval);
	return 0;
}

void status_metrics_stop(struct lvsd *l)
{
	metrics_file_stop(l->metrics);
	l->metrics = NULL;
}
