#include "config.h"

#include "director.h"

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "ipvs_map.h"
#include "log.h"

static const char *health_name(enum rs_health h)
{
	switch (h) {
	case RS_UP: return "up";
	case RS_DOWN: return "down";
	default: return "unknown";
	}
}

static int table_op(struct director *d, const struct svc_state *s, enum ipvs_op op,
		    const struct ipvs_service *svc, const struct ipvs_dest *dest, const char *what)
{
	int r = d->backend->table(d->ctx, op, svc, dest);

	if (r < 0) {
		d->failed_ops++;
		log_err("virtual %s: %s failed: %s", s->cfg->name, what, ipvs_strerror(op, r));
	}
	return r;
}

static bool sorry_configured(const struct lvs_virtual *v)
{
	return v->sorry_server.family != AF_UNSPEC;
}

/* The port of a destination: 0 (the client's) in a shared service. */
static uint16_t dest_port(const struct svc_state *s, const struct lvs_virtual *v, const struct lvs_server *srv)
{
	return s->shared ? 0 : lvs_server_port(v, srv);
}

static void map_dest(const struct lvs_config *cfg, const struct svc_state *s, const struct dest_state *ds,
		     int weight, struct ipvs_dest *out)
{
	ipvs_map_dest(cfg, ds->vcfg, ds->scfg, weight, s->shared, out);
}

/* ---- bringing one service in line with what it should be ---- */

static bool same_dest(const struct ipvs_service *svc, const struct ipvs_dest *a, const struct ipvs_dest *b)
{
	int af_a = a->af ? a->af : svc->af, af_b = b->af ? b->af : svc->af;
	size_t len = af_a == AF_INET6 ? 16 : 4;

	return af_a == af_b && a->port == b->port && memcmp(&a->addr, &b->addr, len) == 0;
}

/* The service was in the table before us: an earlier lvsd died and left
 * it forwarding. Ours stay (adopted, attributes set again at the next
 * sync), the rest go. */
static void adopt_dests(struct director *d, struct svc_state *s, const struct ipvs_service *svc)
{
	struct ipvs_dest *have = NULL, want;
	size_t n = 0, kept = 0, removed = 0;
	int r;

	if (!d->backend->existing_dests)
		return;
	r = d->backend->existing_dests(d->ctx, svc, &have, &n);
	if (r < 0) {
		log_err("virtual %s: cannot list the servers an earlier run left: %s", s->cfg->name,
			ipvs_strerror(IPVS_OP_ADD_DEST, r));
		return;
	}
	for (size_t i = 0; i < n; i++) {
		struct dest_state *ds = NULL;

		for (size_t k = 0; k < s->n_dests && !ds; k++) {
			map_dest(d->cfg, s, &s->dests[k], 0, &want);
			if (same_dest(svc, &want, &have[i]))
				ds = &s->dests[k];
		}
		if (ds) {
			ds->in_table = ds->adopted = ds->force = true;
			ds->table_weight = have[i].weight;
			kept++;
			continue;
		}
		if (sorry_configured(s->cfg)) {
			ipvs_map_sorry(d->cfg, s->cfg, s->shared, &want);
			if (same_dest(svc, &want, &have[i])) {
				s->sorry_in_table = true;
				kept++;
				continue;
			}
		}
		if (table_op(d, s, IPVS_OP_DEL_DEST, svc, &have[i], "removing a server an earlier run left") == 0)
			removed++;
	}
	free(have);
	log_notice("virtual %s: adopted the service an earlier run left in the table "
		   "(%zu servers kept until their checks report, %zu removed)", s->cfg->name, kept, removed);
}

static void ensure_service(struct director *d, struct svc_state *s)
{
	struct ipvs_service svc;
	int r;

	if (s->in_table)
		return;
	ipvs_map_service(s->cfg, &svc);
	r = d->backend->table(d->ctx, IPVS_OP_ADD_SERVICE, &svc, NULL);
	if (r == -EEXIST) {
		if (table_op(d, s, IPVS_OP_EDIT_SERVICE, &svc, NULL, "taking over the service") == 0) {
			s->in_table = true;
			adopt_dests(d, s, &svc);
		}
		return;
	}
	if (r < 0) {
		d->failed_ops++;
		log_err("virtual %s: adding the service failed: %s", s->cfg->name,
			ipvs_strerror(IPVS_OP_ADD_SERVICE, r));
		return;
	}
	s->in_table = true;
	if (s->shared)
		log_notice("virtual %s: service created (fwmark %u, shared by %zu blocks)",
			   s->cfg->name, s->cfg->fwmark, s->n_blocks);
	else
		log_notice("virtual %s: service created", s->cfg->name);
}

/* Count each destination's checks: one per block server that maps to it. */
static void tally(struct svc_state *s)
{
	for (size_t i = 0; i < s->n_dests; i++) {
		struct dest_state *ds = &s->dests[i];

		ds->n_checks = ds->n_up = ds->n_down = 0;
		ds->min_weight = INT_MAX;
	}
	for (size_t b = 0; b < s->n_blocks; b++) {
		const struct vs_state *vs = s->blocks[b];

		for (size_t i = 0; i < vs->n_servers; i++) {
			const struct rs_state *rs = &vs->servers[i];
			struct dest_state *ds = rs->dest;

			if (!ds)
				continue;
			ds->n_checks++;
			if (rs->health == RS_UP) {
				ds->n_up++;
				if (rs->weight < ds->min_weight)
					ds->min_weight = rs->weight;
			} else if (rs->health == RS_DOWN) {
				ds->n_down++;
			}
		}
	}
}

/* Every check passes. A destination in the table also passes while none
 * fails and one passes: the others were added by a reload and have not
 * reported yet (a nanny reports within its timeout, or dies and counts as
 * down), so that adding a block does not take its servers out meanwhile. */
static bool dest_passes(const struct dest_state *ds)
{
	if (ds->n_down || !ds->n_up)
		return false;
	return ds->n_up == ds->n_checks || ds->in_table || ds->was_in;
}

/* An adopted destination whose checks have not all reported, and none
 * failed: it stays as the earlier run left it. */
static bool adoption_pending(const struct dest_state *ds)
{
	return ds->adopted && !ds->n_down && ds->n_up < ds->n_checks;
}

/* Passes, or is adopted and not yet judged. */
static bool dest_serves(const struct dest_state *ds)
{
	return dest_passes(ds) || adoption_pending(ds);
}

/* The kernel's mh scheduler builds its Maglev table by walking the
 * service's destinations in list order, and the list keeps the order they
 * were added in. So that two routers (or N directors) map a client to the
 * same server, every configured server of an mh service goes in at once,
 * in the file's order, and stays in: weight 0 until it passes, and when it
 * fails (mh leaves a weight-0 destination out of its table). */
static bool keeps_server_order(const struct svc_state *s)
{
	return strcmp(s->cfg->scheduler, "mh") == 0;
}

static void sync_dest(struct director *d, struct svc_state *s, struct dest_state *ds)
{
	struct ipvs_service svc;
	struct ipvs_dest dest;
	bool want_in;
	int want_weight;

	if (!adoption_pending(ds))
		ds->adopted = false;
	if (ds->adopted && ds->in_table) {
		want_in = true;
		want_weight = ds->n_up ? ds->min_weight : ds->table_weight;
	} else if (dest_passes(ds)) {
		want_in = true;
		want_weight = ds->min_weight;
	} else if ((s->cfg->quiesce_server && ds->in_table) || keeps_server_order(s)) {
		/* Quiesced: weight 0 keeps established connections flowing. */
		want_in = true;
		want_weight = 0;
	} else {
		want_in = false;
		want_weight = 0;
	}
	if (!s->in_table)
		return;
	ipvs_map_service(s->cfg, &svc);
	map_dest(d->cfg, s, ds, want_weight, &dest);
	if (want_in && !ds->in_table) {
		if (table_op(d, s, IPVS_OP_ADD_DEST, &svc, &dest, "adding a server") == 0) {
			ds->in_table = true;
			ds->table_weight = want_weight;
		}
	} else if (want_in && (ds->force || ds->table_weight != want_weight)) {
		if (table_op(d, s, IPVS_OP_EDIT_DEST, &svc, &dest, "editing a server") == 0) {
			ds->table_weight = want_weight;
			ds->force = false;
		}
	} else if (!want_in && ds->in_table) {
		if (table_op(d, s, IPVS_OP_DEL_DEST, &svc, &dest, "removing a server") == 0)
			ds->in_table = false;
	}
	if (!ds->in_table)
		ds->force = false; /* added again with what it is now */
	ds->was_in = false;
}

static void set_sorry(struct director *d, struct svc_state *s, bool want)
{
	struct ipvs_service svc;
	struct ipvs_dest dest;

	if (!s->in_table || want == s->sorry_in_table || !sorry_configured(s->cfg))
		return;
	ipvs_map_service(s->cfg, &svc);
	ipvs_map_sorry(d->cfg, s->cfg, s->shared, &dest);
	if (want) {
		if (table_op(d, s, IPVS_OP_ADD_DEST, &svc, &dest, "adding the sorry server") == 0) {
			s->sorry_in_table = true;
			log_notice("virtual %s: no server up, sorry server in", s->cfg->name);
		}
	} else if (table_op(d, s, IPVS_OP_DEL_DEST, &svc, &dest, "removing the sorry server") == 0) {
		s->sorry_in_table = false;
		log_notice("virtual %s: a server is up, sorry server out", s->cfg->name);
	}
}

/* Whole service: destinations, then the sorry server. A destination that
 * comes up is added before the sorry server leaves, and the sorry server is
 * added before the last destination leaves, so the service is never empty
 * in between. The sorry server leaves only once a passing destination is
 * in the table (not when the kernel refused to add it). */
static void sync_service(struct director *d, struct svc_state *s)
{
	bool up = false, serving = false;

	tally(s);
	ensure_service(d, s);   /* first: it may adopt destinations */
	for (size_t i = 0; i < s->n_dests; i++)
		up = up || dest_serves(&s->dests[i]);
	if (!up)
		set_sorry(d, s, true);
	for (size_t i = 0; i < s->n_dests; i++) {
		sync_dest(d, s, &s->dests[i]);
		serving = serving || (s->dests[i].in_table && dest_serves(&s->dests[i]));
	}
	set_sorry(d, s, !serving);
}

/* ---- building the state ---- */

void director_init(struct director *d, const struct director_backend *backend, void *ctx)
{
	memset(d, 0, sizeof(*d));
	d->backend = backend;
	d->ctx = ctx;
}

static size_t count_active_virtuals(const struct lvs_config *cfg)
{
	size_t n = 0;

	for (size_t i = 0; i < cfg->n_virtuals; i++)
		n += cfg->virtuals[i].active;
	return n;
}

static size_t count_active_servers(const struct lvs_virtual *v)
{
	size_t n = 0;

	for (size_t i = 0; i < v->n_servers; i++)
		n += v->servers[i].active;
	return n;
}

/* One vs_state per active virtual of cfg, in file order (cfg set only). */
static struct vs_state *new_blocks(const struct lvs_config *cfg, size_t *n_out)
{
	size_t n = count_active_virtuals(cfg), k = 0;
	struct vs_state *vs = calloc(n ? n : 1, sizeof(*vs));

	if (!vs)
		return NULL;
	for (size_t i = 0; i < cfg->n_virtuals; i++)
		if (cfg->virtuals[i].active)
			vs[k++].cfg = &cfg->virtuals[i];
	*n_out = n;
	return vs;
}

static void free_services(struct svc_state *svcs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(svcs[i].blocks);
		free(svcs[i].dests);
	}
	free(svcs);
}

/* The IPVS services of the blocks vs[]: blocks with the same fwmark and
 * family make one; any other block is one of its own. */
static int group_services(struct vs_state *vs, size_t n_vs, struct svc_state **out, size_t *n_out)
{
	struct svc_state *svcs = calloc(n_vs ? n_vs : 1, sizeof(*svcs));
	size_t n = 0;

	if (!svcs)
		return -1;
	for (size_t i = 0; i < n_vs; i++) {
		struct svc_state *s = NULL;

		if (vs[i].cfg->fwmark)
			for (size_t k = 0; k < n && !s; k++)
				if (svcs[k].cfg->fwmark && lvs_virtual_same_service(svcs[k].cfg, vs[i].cfg))
					s = &svcs[k];
		if (!s) {
			s = &svcs[n++];
			s->cfg = vs[i].cfg;
		}
		s->n_blocks++;
		vs[i].svc = s;
	}
	for (size_t k = 0; k < n; k++) {
		svcs[k].shared = svcs[k].n_blocks > 1;
		svcs[k].blocks = calloc(svcs[k].n_blocks, sizeof(*svcs[k].blocks));
		svcs[k].n_blocks = 0;
		if (!svcs[k].blocks) {
			for (size_t i = 0; i < n_vs; i++)
				vs[i].svc = NULL;
			free_services(svcs, n);
			return -1;
		}
	}
	for (size_t i = 0; i < n_vs; i++)
		vs[i].svc->blocks[vs[i].svc->n_blocks++] = &vs[i];
	*out = svcs;
	*n_out = n;
	return 0;
}

/* The destinations of s from its blocks' servers: one per address and port,
 * or per address in a shared service. Fresh: nothing in the table. */
static int build_dests(struct svc_state *s)
{
	size_t n = 0;

	for (size_t b = 0; b < s->n_blocks; b++)
		n += s->blocks[b]->n_servers;
	s->n_dests = 0;
	s->dests = n ? calloc(n, sizeof(*s->dests)) : NULL;
	if (n && !s->dests)
		return -1;
	for (size_t b = 0; b < s->n_blocks; b++) {
		struct vs_state *vs = s->blocks[b];

		for (size_t i = 0; i < vs->n_servers; i++) {
			struct rs_state *rs = &vs->servers[i];
			uint16_t port = dest_port(s, vs->cfg, rs->cfg);
			struct dest_state *ds = NULL;

			/* The parser makes (address, port) unique within one block. */
			for (size_t k = 0; k < s->n_dests && !ds && s->shared; k++)
				if (lvs_addr_equal(&s->dests[k].scfg->addr, &rs->cfg->addr) &&
				    dest_port(s, s->dests[k].vcfg, s->dests[k].scfg) == port)
					ds = &s->dests[k];
			if (!ds) {
				ds = &s->dests[s->n_dests++];
				ds->vcfg = vs->cfg;
				ds->scfg = rs->cfg;
			}
			rs->dest = ds;
		}
	}
	return 0;
}

/* A server nobody checks (health_check = 0) is up at its weight. */
static struct rs_state fresh_server(const struct lvs_virtual *v, const struct lvs_server *s, double now)
{
	if (!v->health_check)
		return (struct rs_state){ .cfg = s, .health = RS_UP, .weight = s->weight, .since = now };
	return (struct rs_state){ .cfg = s, .health = RS_UNKNOWN, .since = now };
}

/* Fresh runtime state for v's active servers. */
static int init_servers(struct vs_state *vs, const struct lvs_virtual *v, double now)
{
	size_t n = count_active_servers(v), k = 0;

	vs->servers = n ? calloc(n, sizeof(*vs->servers)) : NULL;
	if (n && !vs->servers)
		return -1;
	for (size_t i = 0; i < v->n_servers; i++) {
		if (!v->servers[i].active)
			continue;
		vs->servers[k++] = fresh_server(v, &v->servers[i], now);
	}
	vs->n_servers = n;
	return 0;
}

static void start_monitors(struct director *d, struct vs_state *vs)
{
	if (!vs->cfg->health_check)
		return;
	for (size_t i = 0; i < vs->n_servers; i++)
		d->backend->monitor_start(d->ctx, vs, &vs->servers[i]);
}

static void stop_monitors(struct director *d, struct vs_state *vs)
{
	for (size_t i = 0; i < vs->n_servers; i++)
		if (vs->servers[i].monitor)
			d->backend->monitor_stop(d->ctx, vs, &vs->servers[i]);
}

/* ---- lifecycle ---- */

int director_start(struct director *d, const struct lvs_config *cfg, double now)
{
	unsigned failed_before = d->failed_ops;

	d->cfg = cfg;
	d->virtuals = new_blocks(cfg, &d->n_virtuals);
	if (!d->virtuals || group_services(d->virtuals, d->n_virtuals, &d->services, &d->n_services) < 0)
		return -1;
	for (size_t i = 0; i < d->n_virtuals; i++)
		if (init_servers(&d->virtuals[i], d->virtuals[i].cfg, now) < 0)
			return -1;
	/* Each service once, however many blocks make it. */
	for (size_t i = 0; i < d->n_services; i++) {
		if (build_dests(&d->services[i]) < 0)
			return -1;
		sync_service(d, &d->services[i]);
	}
	for (size_t i = 0; i < d->n_virtuals; i++)
		start_monitors(d, &d->virtuals[i]);
	return d->failed_ops == failed_before ? 0 : -1;
}

int director_report(struct director *d, struct vs_state *vs, struct rs_state *rs,
		    enum rs_health health, int weight, double now)
{
	unsigned failed_before = d->failed_ops;
	char addr[INET6_ADDRSTRLEN];

	if (health == RS_UP && weight < 0)
		weight = rs->cfg->weight;
	/* No early return for a repeated report: reconciling is idempotent, and
	 * it retries what the kernel refused last time. */
	if (health != rs->health) {
		lvs_addr_format(&rs->cfg->addr, addr, sizeof(addr));
		log_notice("virtual %s: server %s (%s port %u) %s -> %s", vs->cfg->name,
			   rs->cfg->name, addr, lvs_server_port(vs->cfg, rs->cfg),
			   health_name(rs->health), health_name(health));
		rs->since = now;
	}
	rs->health = health;
	if (health == RS_UP)
		rs->weight = weight;
	if (vs->svc)
		sync_service(d, vs->svc);
	return d->failed_ops == failed_before ? 0 : -1;
}

static void delete_service(struct director *d, struct svc_state *s)
{
	struct ipvs_service svc;

	if (!s->in_table)
		return;
	ipvs_map_service(s->cfg, &svc);
	/* Deleting the service takes its destinations with it. */
	if (table_op(d, s, IPVS_OP_DEL_SERVICE, &svc, NULL, "deleting the service") == 0) {
		s->in_table = false;
		log_notice("virtual %s: service deleted", s->cfg->name);
	}
}

void director_stop(struct director *d)
{
	for (size_t i = 0; i < d->n_virtuals; i++)
		stop_monitors(d, &d->virtuals[i]);
	for (size_t i = 0; i < d->n_services; i++)
		delete_service(d, &d->services[i]);
	free_services(d->services, d->n_services);
	for (size_t i = 0; i < d->n_virtuals; i++)
		free(d->virtuals[i].servers);
	free(d->virtuals);
	d->virtuals = NULL;
	d->n_virtuals = 0;
	d->services = NULL;
	d->n_services = 0;
}

void director_abandon(struct director *d)
{
	for (size_t i = 0; i < d->n_virtuals; i++) {
		stop_monitors(d, &d->virtuals[i]);
		free(d->virtuals[i].servers);
	}
	free(d->virtuals);
	d->virtuals = NULL;
	d->n_virtuals = 0;
}

struct vs_state *director_find_virtual(struct director *d, const struct lvs_virtual *cfg)
{
	for (size_t i = 0; i < d->n_virtuals; i++)
		if (d->virtuals[i].cfg == cfg)
			return &d->virtuals[i];
	return NULL;
}

/* ---- reload ---- */

static unsigned change_flags(const struct lvs_diff *diff, enum lvs_change_kind kind,
			     const void *old_entry)
{
	unsigned what = 0;

	for (size_t i = 0; i < diff->count; i++) {
		const struct lvs_change *c = &diff->changes[i];
		const void *entry = kind == LVS_CHANGE_SERVER_CHANGED ? (const void *)c->old_server
								      : (const void *)c->old_virtual;

		if (c->kind == kind && entry == old_entry)
			what |= c->what;
	}
	return what;
}

/* Carry one surviving block over to its new configuration (out->cfg is the
 * new block): servers that stay keep their health and monitor; the others'
 * monitors stop, new ones start. The table is the service's business. */
static int carry_block(struct director *d, const struct lvs_diff *diff, struct vs_state *old,
		       struct vs_state *out, double now)
{
	const struct lvs_virtual *nv = out->cfg;
	unsigned vwhat = change_flags(diff, LVS_CHANGE_VIRTUAL_CHANGED, old->cfg);
	size_t n = count_active_servers(nv), k = 0;
	bool *kept = old->n_servers ? calloc(old->n_servers, sizeof(*kept)) : NULL;

	if (old->n_servers && !kept)
		return -1;
	out->servers = n ? calloc(n, sizeof(*out->servers)) : NULL;
	if (n && !out->servers) {
		free(kept);
		return -1;
	}
	out->n_servers = n;

	for (size_t j = 0; j < old->n_servers; j++) {
		struct rs_state *ors = &old->servers[j];

		for (size_t i = 0; i < nv->n_servers && !kept[j]; i++)
			kept[j] = nv->servers[i].active && lvs_server_same(old->cfg, ors->cfg, nv, &nv->servers[i]);
		if (!kept[j] && ors->monitor)
			d->backend->monitor_stop(d->ctx, old, ors);
	}

	for (size_t i = 0; i < nv->n_servers; i++) {
		const struct lvs_server *ns = &nv->servers[i];
		struct rs_state *rs, *ors = NULL;
		unsigned swhat;

		if (!ns->active)
			continue;
		rs = &out->servers[k++];
		for (size_t j = 0; j < old->n_servers && !ors; j++)
			if (kept[j] && old->servers[j].cfg && lvs_server_same(old->cfg, old->servers[j].cfg, nv, ns))
				ors = &old->servers[j];
		if (!ors) {
			*rs = fresh_server(nv, ns, now);
			if (nv->health_check)
				d->backend->monitor_start(d->ctx, out, rs);
			continue;
		}
		swhat = change_flags(diff, LVS_CHANGE_SERVER_CHANGED, ors->cfg);
		*rs = *ors;
		rs->cfg = ns;
		rs->dest = NULL;
		ors->cfg = NULL; /* consumed */
		if (rs->monitor)
			d->backend->monitor_moved(d->ctx, out, rs);
		/* A server in service takes its new configured weight in this
		 * reload's table step, before its monitor restarts: the restarted
		 * nanny (--initial-up) reports exactly that weight first, and its
		 * slow start or load steps go on from there. */
		if (swhat & LVS_DIFF_WEIGHT)
			rs->weight = ns->weight;
		if (!nv->health_check) {
			/* Checks switched off: nobody vouches, everybody is in. */
			if (rs->monitor)
				d->backend->monitor_stop(d->ctx, out, rs);
			if (rs->health != RS_UP)
				rs->since = now;
			rs->health = RS_UP;
			rs->weight = ns->weight;
		} else if ((vwhat & LVS_DIFF_CHECK) || (swhat & LVS_DIFF_WEIGHT) || !rs->monitor) {
			rs->restart = true; /* after the table step: see restart_monitors */
		}
	}
	free(kept);
	return 0;
}

static bool same_service_attributes(const struct lvs_virtual *a, const struct lvs_virtual *b)
{
	struct ipvs_service x, y;

	ipvs_map_service(a, &x);
	ipvs_map_service(b, &y);
	return strcmp(x.sched_name, y.sched_name) == 0 && x.flags == y.flags && x.timeout == y.timeout &&
	       x.netmask == y.netmask;
}

/* Carry a service whose identity stays (d->cfg is the new configuration,
 * ns has its blocks and destinations): destinations with the same address
 * and port keep their table state; the sorry server and the service are
 * edited or replaced as needed; then the service is brought in line, and
 * destinations that went away leave last, under their old mapping. */
static void carry_service(struct director *d, const struct lvs_config *old_cfg, struct svc_state *os,
			  struct svc_state *ns)
{
	struct ipvs_service svc;
	struct ipvs_dest od, nd;

	ns->in_table = os->in_table;
	ns->sorry_in_table = os->sorry_in_table;
	for (size_t j = 0; j < os->n_dests; j++)
		os->dests[j].taken = false;
	for (size_t i = 0; i < ns->n_dests; i++) {
		struct dest_state *n = &ns->dests[i];
		uint16_t port = dest_port(ns, n->vcfg, n->scfg);

		for (size_t j = 0; j < os->n_dests; j++) {
			struct dest_state *o = &os->dests[j];

			if (o->taken || !lvs_addr_equal(&o->scfg->addr, &n->scfg->addr) ||
			    dest_port(os, o->vcfg, o->scfg) != port)
				continue;
			o->taken = true;
			n->in_table = o->in_table;
			n->adopted = o->adopted;
			n->table_weight = o->table_weight;
			if (n->in_table) {
				/* A new forwarding method: edit it in place. */
				map_dest(old_cfg, os, o, o->table_weight, &od);
				map_dest(d->cfg, ns, n, o->table_weight, &nd);
				n->force = od.conn_flags != nd.conn_flags;
			}
			break;
		}
		/* A block joined or left: the destination port changes (0 or
		 * the server's), the address stays. */
		for (size_t j = 0; j < os->n_dests && !n->in_table && os->shared != ns->shared; j++)
			n->was_in = n->was_in || (os->dests[j].in_table &&
						  lvs_addr_equal(&os->dests[j].scfg->addr, &n->scfg->addr));
	}

	/* A changed (or removed) sorry server leaves under its old mapping. */
	if (os->sorry_in_table && os->in_table) {
		bool same = false;

		ipvs_map_sorry(old_cfg, os->cfg, os->shared, &od);
		if (sorry_configured(ns->cfg)) {
			ipvs_map_sorry(d->cfg, ns->cfg, ns->shared, &nd);
			same = memcmp(&od, &nd, sizeof(od)) == 0;
		}
		ipvs_map_service(os->cfg, &svc);
		if (!same && table_op(d, ns, IPVS_OP_DEL_DEST, &svc, &od, "removing the sorry server") == 0)
			ns->sorry_in_table = false;
	}

	/* Scheduler, persistence: edited in place, connections survive. */
	if (ns->in_table && !same_service_attributes(os->cfg, ns->cfg)) {
		ipvs_map_service(ns->cfg, &svc);
		if (table_op(d, ns, IPVS_OP_EDIT_SERVICE, &svc, NULL, "editing the service") == 0)
			log_notice("virtual %s: service edited", ns->cfg->name);
	}

	sync_service(d, ns);

	if (!os->in_table)
		return;
	ipvs_map_service(os->cfg, &svc);
	for (size_t j = 0; j < os->n_dests; j++) {
		struct dest_state *o = &os->dests[j];

		if (o->taken || !o->in_table)
			continue;
		map_dest(old_cfg, os, o, o->table_weight, &od);
		if (table_op(d, ns, IPVS_OP_DEL_DEST, &svc, &od, "removing a server") == 0)
			o->in_table = false;
	}
}

/* The monitors carry_block marked, restarted once the reload's table
 * operations are done: starting a process is the slow part of a reload
 * (in an emulated guest tens of ms each), and a weight change must not
 * wait for it. */
static void restart_monitors(struct director *d, struct vs_state *vs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < vs[i].n_servers; k++) {
			struct rs_state *rs = &vs[i].servers[k];

			if (!rs->restart)
				continue;
			rs->restart = false;
			if (rs->monitor)
				d->backend->monitor_stop(d->ctx, &vs[i], rs);
			d->backend->monitor_start(d->ctx, &vs[i], rs);
		}
	}
}

int director_reload(struct director *d, const struct lvs_config *new_cfg, double now)
{
	unsigned failed_before = d->failed_ops;
	const struct lvs_config *old_cfg = d->cfg;
	struct lvs_diff diff = { 0 };
	size_t n = 0, n_svc = 0;
	struct vs_state *next = new_blocks(new_cfg, &n);
	struct svc_state *svcs = NULL, **old_svc = NULL;
	struct vs_state **old_vs = NULL;
	bool *claimed = NULL;

	if (!next || group_services(next, n, &svcs, &n_svc) < 0) {
		free(next);
		return -1;
	}
	old_svc = calloc(n_svc ? n_svc : 1, sizeof(*old_svc));
	old_vs = calloc(n ? n : 1, sizeof(*old_vs));
	claimed = calloc(d->n_virtuals ? d->n_virtuals : 1, sizeof(*claimed));
	if (!old_svc || !old_vs || !claimed || lvs_config_diff(old_cfg, new_cfg, &diff) < 0) {
		free(old_svc);
		free(old_vs);
		free(claimed);
		free_services(svcs, n_svc);
		free(next);
		return -1;
	}
	for (size_t i = 0; i < diff.count; i++) {
		char line[512];

		if (lvs_change_describe(&diff.changes[i], line, sizeof(line)) >= 0)
			log_notice("reload: %s", line);
	}
	d->cfg = new_cfg;

	/* Services are paired by their IPVS identity, whatever happens to their
	 * blocks. The ones that are gone go first, so that an identity change
	 * of one virtual frees its address and port before the new one claims
	 * them. */
	for (size_t j = 0; j < d->n_services; j++) {
		struct svc_state *os = &d->services[j];
		bool stays = false;

		for (size_t i = 0; i < n_svc && !stays; i++)
			if (!old_svc[i] && lvs_virtual_same_service(os->cfg, svcs[i].cfg)) {
				old_svc[i] = os;
				stays = true;
			}
		if (stays)
			continue;
		for (size_t b = 0; b < os->n_blocks; b++)
			stop_monitors(d, os->blocks[b]);
		delete_service(d, os);
	}

	/* Blocks are paired as lvs_config_diff pairs them; the monitors of
	 * blocks that are gone stop before new ones start. */
	for (size_t i = 0; i < n; i++) {
		const struct lvs_virtual *ov = lvs_virtual_counterpart(old_cfg, new_cfg, next[i].cfg);

		for (size_t j = 0; j < d->n_virtuals && ov && !old_vs[i]; j++)
			if (d->virtuals[j].cfg == ov && !claimed[j]) {
				old_vs[i] = &d->virtuals[j];
				claimed[j] = true;
			}
	}
	for (size_t j = 0; j < d->n_virtuals; j++)
		if (!claimed[j])
			stop_monitors(d, &d->virtuals[j]);
	for (size_t i = 0; i < n; i++) {
		struct vs_state *vs = &next[i];

		if (old_vs[i] && carry_block(d, &diff, old_vs[i], vs, now) == 0)
			continue;
		if (old_vs[i])
			stop_monitors(d, old_vs[i]); /* out of memory: start afresh */
		if (init_servers(vs, vs->cfg, now) == 0)
			start_monitors(d, vs);
	}

	/* Each service once: its destinations from the new blocks, its table
	 * state from the old service of the same identity. */
	for (size_t i = 0; i < n_svc; i++) {
		struct svc_state *s = &svcs[i];

		if (build_dests(s) < 0)
			log_err("virtual %s: out of memory for its servers", s->cfg->name);
		if (old_svc[i])
			carry_service(d, old_cfg, old_svc[i], s);
		else
			sync_service(d, s);
	}

	restart_monitors(d, next, n);

	for (size_t j = 0; j < d->n_virtuals; j++)
		free(d->virtuals[j].servers);
	free(d->virtuals);
	free_services(d->services, d->n_services);
	d->virtuals = next;
	d->n_virtuals = n;
	d->services = svcs;
	d->n_services = n_svc;
	free(old_svc);
	free(old_vs);
	free(claimed);
	lvs_diff_free(&diff);
	return d->failed_ops == failed_before ? 0 : -1;
}
