#include "config.h"

#include "director.h"

#include <arpa/inet.h>
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

static int table_op(struct director *d, const struct vs_state *vs, enum ipvs_op op,
		    const struct ipvs_service *svc, const struct ipvs_dest *dest, const char *what)
{
	int r = d->backend->table(d->ctx, op, svc, dest);

	if (r < 0) {
		d->failed_ops++;
		log_err("virtual %s: %s failed: %s", vs->cfg->name, what, ipvs_strerror(op, r));
	}
	return r;
}

/* ---- bringing one entry in line with what it should be ---- */

static bool sorry_configured(const struct lvs_virtual *v)
{
	return v->sorry_server.family != AF_UNSPEC;
}

static bool any_server_up(const struct vs_state *vs)
{
	for (size_t i = 0; i < vs->n_servers; i++)
		if (vs->servers[i].health == RS_UP)
			return true;
	return false;
}

static void ensure_service(struct director *d, struct vs_state *vs)
{
	struct ipvs_service svc;

	if (vs->in_table)
		return;
	ipvs_map_service(vs->cfg, &svc);
	if (table_op(d, vs, IPVS_OP_ADD_SERVICE, &svc, NULL, "adding the service") == 0) {
		vs->in_table = true;
		log_notice("virtual %s: service created", vs->cfg->name);
	}
}

/* force: the destination's attributes changed (forwarding), edit even if
 * the weight is the same. */
static void sync_server(struct director *d, struct vs_state *vs, struct rs_state *rs, bool force)
{
	struct ipvs_service svc;
	struct ipvs_dest dest;
	bool want_in;
	int want_weight;

	if (rs->health == RS_UP) {
		want_in = true;
		want_weight = rs->weight;
	} else if (vs->cfg->quiesce_server && rs->in_table) {
		/* Quiesced: weight 0 keeps established connections flowing. */
		want_in = true;
		want_weight = 0;
	} else {
		want_in = false;
		want_weight = 0;
	}
	if (!vs->in_table)
		return;
	ipvs_map_service(vs->cfg, &svc);
	ipvs_map_dest(d->cfg, vs->cfg, rs->cfg, want_weight, &dest);
	if (want_in && !rs->in_table) {
		if (table_op(d, vs, IPVS_OP_ADD_DEST, &svc, &dest, "adding a server") == 0) {
			rs->in_table = true;
			rs->table_weight = want_weight;
		}
	} else if (want_in && (force || rs->table_weight != want_weight)) {
		if (table_op(d, vs, IPVS_OP_EDIT_DEST, &svc, &dest, "editing a server") == 0)
			rs->table_weight = want_weight;
	} else if (!want_in && rs->in_table) {
		if (table_op(d, vs, IPVS_OP_DEL_DEST, &svc, &dest, "removing a server") == 0)
			rs->in_table = false;
	}
}

static void set_sorry(struct director *d, struct vs_state *vs, bool want)
{
	struct ipvs_service svc;
	struct ipvs_dest dest;

	if (!vs->in_table || want == vs->sorry_in_table || !sorry_configured(vs->cfg))
		return;
	ipvs_map_service(vs->cfg, &svc);
	ipvs_map_sorry(d->cfg, vs->cfg, &dest);
	if (want) {
		if (table_op(d, vs, IPVS_OP_ADD_DEST, &svc, &dest, "adding the sorry server") == 0) {
			vs->sorry_in_table = true;
			log_notice("virtual %s: no server up, sorry server in", vs->cfg->name);
		}
	} else if (table_op(d, vs, IPVS_OP_DEL_DEST, &svc, &dest, "removing the sorry server") == 0) {
		vs->sorry_in_table = false;
		log_notice("virtual %s: a server is up, sorry server out", vs->cfg->name);
	}
}

/* Whole virtual: servers, then the sorry server. A server that comes up is
 * added before the sorry server leaves, and the sorry server is added before
 * the last server leaves, so the service is never empty in between. */
static void sync_virtual(struct director *d, struct vs_state *vs)
{
	bool up = any_server_up(vs);

	ensure_service(d, vs);
	if (!up)
		set_sorry(d, vs, true);
	for (size_t i = 0; i < vs->n_servers; i++)
		sync_server(d, vs, &vs->servers[i], false);
	if (up)
		set_sorry(d, vs, false);
}

/* ---- lifecycle ---- */

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

int director_start(struct director *d, const struct lvs_config *cfg, double now)
{
	unsigned failed_before = d->failed_ops;
	size_t n = count_active_virtuals(cfg), k = 0;

	d->cfg = cfg;
	d->virtuals = n ? calloc(n, sizeof(*d->virtuals)) : NULL;
	if (n && !d->virtuals)
		return -1;
	d->n_virtuals = n;
	for (size_t i = 0; i < cfg->n_virtuals; i++) {
		struct vs_state *vs;

		if (!cfg->virtuals[i].active)
			continue;
		vs = &d->virtuals[k++];
		vs->cfg = &cfg->virtuals[i];
		if (init_servers(vs, vs->cfg, now) < 0)
			return -1;
		sync_virtual(d, vs);
		start_monitors(d, vs);
	}
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
	sync_virtual(d, vs);
	return d->failed_ops == failed_before ? 0 : -1;
}

static void remove_virtual(struct director *d, struct vs_state *vs)
{
	struct ipvs_service svc;

	stop_monitors(d, vs);
	if (vs->in_table) {
		ipvs_map_service(vs->cfg, &svc);
		/* Deleting the service takes its destinations with it. */
		if (table_op(d, vs, IPVS_OP_DEL_SERVICE, &svc, NULL, "deleting the service") == 0) {
			vs->in_table = false;
			log_notice("virtual %s: service deleted", vs->cfg->name);
		}
	}
	free(vs->servers);
	vs->servers = NULL;
	vs->n_servers = 0;
}

void director_stop(struct director *d)
{
	for (size_t i = 0; i < d->n_virtuals; i++)
		remove_virtual(d, &d->virtuals[i]);
	free(d->virtuals);
	d->virtuals = NULL;
	d->n_virtuals = 0;
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

/* Carry one surviving virtual over to its new configuration (d->cfg is
 * already the new one): servers that stay keep their health, table entry and
 * monitor; the others leave or start fresh. */
static int carry_virtual(struct director *d, const struct lvs_config *old_cfg,
			 const struct lvs_diff *diff, struct vs_state *old,
			 const struct lvs_virtual *nv, struct vs_state *out, double now)
{
	unsigned vwhat = change_flags(diff, LVS_CHANGE_VIRTUAL_CHANGED, old->cfg);
	size_t n = count_active_servers(nv), k = 0;
	bool *kept = old->n_servers ? calloc(old->n_servers, sizeof(*kept)) : NULL;
	struct ipvs_service svc;
	struct ipvs_dest dest;

	if (old->n_servers && !kept)
		return -1;
	*out = (struct vs_state){ .cfg = nv, .in_table = old->in_table,
				  .sorry_in_table = old->sorry_in_table };
	out->servers = n ? calloc(n, sizeof(*out->servers)) : NULL;
	if (n && !out->servers) {
		free(kept);
		return -1;
	}
	out->n_servers = n;

	/* Servers that went away: monitor stopped, destination removed under
	 * the old configuration, which is what the table holds. */
	for (size_t j = 0; j < old->n_servers; j++) {
		struct rs_state *ors = &old->servers[j];

		for (size_t i = 0; i < nv->n_servers && !kept[j]; i++)
			kept[j] = nv->servers[i].active && lvs_server_same(old->cfg, ors->cfg, nv, &nv->servers[i]);
		if (kept[j])
			continue;
		if (ors->monitor)
			d->backend->monitor_stop(d->ctx, old, ors);
		if (ors->in_table && old->in_table) {
			ipvs_map_service(old->cfg, &svc);
			ipvs_map_dest(old_cfg, old->cfg, ors->cfg, ors->table_weight, &dest);
			table_op(d, old, IPVS_OP_DEL_DEST, &svc, &dest, "removing a server");
		}
	}

	/* A changed sorry server leaves under its old address. */
	if ((vwhat & LVS_DIFF_SORRY) && old->sorry_in_table && old->in_table) {
		ipvs_map_service(old->cfg, &svc);
		ipvs_map_sorry(old_cfg, old->cfg, &dest);
		if (table_op(d, old, IPVS_OP_DEL_DEST, &svc, &dest, "removing the sorry server") == 0)
			out->sorry_in_table = false;
	}

	/* Scheduler, persistence: edited in place, connections survive. */
	if ((vwhat & LVS_DIFF_SERVICE) && out->in_table) {
		ipvs_map_service(nv, &svc);
		if (table_op(d, out, IPVS_OP_EDIT_SERVICE, &svc, NULL, "editing the service") == 0)
			log_notice("virtual %s: service edited", nv->name);
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
		ors->cfg = NULL; /* consumed */
		if (rs->monitor)
			d->backend->monitor_moved(d->ctx, out, rs);
		if (swhat & LVS_DIFF_WEIGHT)
			rs->weight = ns->weight; /* at once; the new monitor reports it from now on */
		if (!nv->health_check) {
			/* Checks switched off: nobody vouches, everybody is in. */
			if (rs->monitor)
				d->backend->monitor_stop(d->ctx, out, rs);
			if (rs->health != RS_UP)
				rs->since = now;
			rs->health = RS_UP;
			rs->weight = ns->weight;
		} else if ((vwhat & LVS_DIFF_CHECK) || (swhat & LVS_DIFF_WEIGHT) || !rs->monitor) {
			if (rs->monitor)
				d->backend->monitor_stop(d->ctx, out, rs);
			d->backend->monitor_start(d->ctx, out, rs);
		}
		sync_server(d, out, rs, (swhat & LVS_DIFF_FORWARD) != 0);
	}
	free(kept);
	return 0;
}

int director_reload(struct director *d, const struct lvs_config *new_cfg, double now)
{
	unsigned failed_before = d->failed_ops;
	size_t n = count_active_virtuals(new_cfg), k = 0;
	struct vs_state *next = n ? calloc(n, sizeof(*next)) : NULL;
	const struct lvs_config *old_cfg = d->cfg;
	struct lvs_diff diff = { 0 };

	if ((n && !next) || lvs_config_diff(old_cfg, new_cfg, &diff) < 0) {
		free(next);
		return -1;
	}
	for (size_t i = 0; i < diff.count; i++) {
		char line[512];

		if (lvs_change_describe(&diff.changes[i], line, sizeof(line)) >= 0)
			log_notice("reload: %s", line);
	}
	d->cfg = new_cfg;

	/* Virtuals that are gone go first, so that an identity change of one
	 * virtual frees its address and port before the new one claims them. */
	for (size_t j = 0; j < d->n_virtuals; j++) {
		bool stays = false;

		for (size_t i = 0; i < new_cfg->n_virtuals && !stays; i++)
			stays = new_cfg->virtuals[i].active &&
				lvs_virtual_same_service(d->virtuals[j].cfg, &new_cfg->virtuals[i]);
		if (!stays) {
			remove_virtual(d, &d->virtuals[j]);
			d->virtuals[j].cfg = NULL;
		}
	}

	for (size_t i = 0; i < new_cfg->n_virtuals; i++) {
		const struct lvs_virtual *nv = &new_cfg->virtuals[i];
		struct vs_state *vs, *old = NULL;

		if (!nv->active)
			continue;
		vs = &next[k++];
		for (size_t j = 0; j < d->n_virtuals && !old; j++)
			if (d->virtuals[j].cfg && lvs_virtual_same_service(d->virtuals[j].cfg, nv))
				old = &d->virtuals[j];
		if (!old) {
			/* Out of memory here loses only this new virtual. */
			vs->cfg = nv;
			if (init_servers(vs, nv, now) == 0)
				start_monitors(d, vs);
		} else {
			if (carry_virtual(d, old_cfg, &diff, old, nv, vs, now) < 0)
				vs->cfg = nv; /* empty; its old monitors keep running unowned */
			free(old->servers);
			old->cfg = NULL;
		}
		sync_virtual(d, vs);
	}

	free(d->virtuals);
	d->virtuals = next;
	d->n_virtuals = n;
	lvs_diff_free(&diff);
	return d->failed_ops == failed_before ? 0 : -1;
}
