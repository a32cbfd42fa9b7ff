/* Matching the blocks of two configurations and listing what changed
 * (lvs_config_diff), for a reload; one line per change for the logs. */
#include "config.h"

#include "internal.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

struct builder {
	struct lvs_diff *d;
	size_t cap;
	bool oom;
};

static void push(struct builder *b, enum lvs_change_kind kind, unsigned what,
		 const struct lvs_virtual *ov, const struct lvs_virtual *nv,
		 const struct lvs_server *os, const struct lvs_server *ns)
{
	if (b->oom)
		return;
	if (b->d->count == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 8;
		struct lvs_change *c = realloc(b->d->changes, cap * sizeof(*c));

		if (!c) {
			b->oom = true;
			return;
		}
		b->d->changes = c;
		b->cap = cap;
	}
	b->d->changes[b->d->count++] = (struct lvs_change){ kind, what, ov, nv, os, ns };
}

static bool live_virtual(const struct lvs_virtual *v)
{
	return v->active && v->addr.family;
}

/* Same IPVS identity and, for a fwmark block, the same protocol and port:
 * what tells apart the blocks of one fwmark service (the parser refuses two
 * alike). */
static const struct lvs_virtual *exact_block(const struct lvs_config *in, const struct lvs_virtual *v)
{
	for (size_t i = 0; i < in->n_virtuals; i++) {
		const struct lvs_virtual *w = &in->virtuals[i];

		if (live_virtual(w) && lvs_virtual_same_service(w, v) &&
		    (!v->fwmark || (w->protocol == v->protocol && w->port == v->port)))
			return w;
	}
	return NULL;
}

/* v of `of` has no exact partner in `in`: the block of `in` of the same
 * service and name that has no exact partner in `of` either. */
static const struct lvs_virtual *named_block(const struct lvs_config *in, const struct lvs_config *of,
					     const struct lvs_virtual *v)
{
	for (size_t i = 0; i < in->n_virtuals; i++) {
		const struct lvs_virtual *w = &in->virtuals[i];

		if (live_virtual(w) && lvs_virtual_same_service(w, v) && strcmp(w->name, v->name) == 0)
			return exact_block(of, w) ? NULL : w;
	}
	return NULL;
}

/* Blocks of v's fwmark service in c that pair neither exactly nor by name
 * with a block of other; *one is the last of them. */
static size_t leftover_blocks(const struct lvs_config *c, const struct lvs_config *other,
			      const struct lvs_virtual *v, const struct lvs_virtual **one)
{
	size_t n = 0;

	for (size_t i = 0; i < c->n_virtuals; i++) {
		const struct lvs_virtual *w = &c->virtuals[i];

		if (!live_virtual(w) || !lvs_virtual_same_service(w, v) || exact_block(other, w) ||
		    named_block(other, c, w))
			continue;
		n++;
		*one = w;
	}
	return n;
}

const struct lvs_virtual *lvs_virtual_counterpart(const struct lvs_config *in, const struct lvs_config *of,
						  const struct lvs_virtual *v)
{
	const struct lvs_virtual *w = exact_block(in, v), *one = NULL, *unused;

	if (w || !v->fwmark || !live_virtual(v))
		return w;
	if ((w = named_block(in, of, v)))
		return w;
	/* One block left on each side, as a lone fwmark block whose port or
	 * protocol changed. */
	if (leftover_blocks(in, of, v, &one) == 1 && leftover_blocks(of, in, v, &unused) == 1)
		return one;
	return NULL;
}

static const struct lvs_virtual *find_virtual(const struct lvs_config *in, const struct lvs_config *of,
					      const struct lvs_virtual *v)
{
	return lvs_virtual_counterpart(in, of, v);
}

static const struct lvs_server *find_server(const struct lvs_virtual *in, const struct lvs_virtual *v,
					    const struct lvs_server *s)
{
	for (size_t i = 0; i < in->n_servers; i++) {
		const struct lvs_server *o = &in->servers[i];

		if (o->active && lvs_server_same(in, o, v, s))
			return o;
	}
	return NULL;
}

/* The row bits of the keyword table (scheduler... as SERVICE, the address
 * and its interface and mask as VIP, the check's keywords with protocol and
 * port as CHECK, sorry_server as SORRY), and a rename. For a fwmark service
 * the address is not its identity: it just moves. */
static unsigned virtual_what(const struct lvs_virtual *a, const struct lvs_virtual *b)
{
	unsigned what = cfg_block_diff(BLK_VIRTUAL, a, b);

	if (strcmp(a->name, b->name))
		what |= LVS_DIFF_NAME;
	return what;
}

static void diff_servers(struct builder *b, const struct lvs_config *oc, const struct lvs_virtual *ov,
			 const struct lvs_config *nc, const struct lvs_virtual *nv)
{
	for (size_t i = 0; i < ov->n_servers; i++) {
		const struct lvs_server *os = &ov->servers[i];

		if (os->active && !find_server(nv, ov, os))
			push(b, LVS_CHANGE_SERVER_REMOVED, 0, ov, nv, os, NULL);
	}
	for (size_t i = 0; i < nv->n_servers; i++) {
		const struct lvs_server *ns = &nv->servers[i], *os;
		unsigned what = 0;

		if (!ns->active || !(os = find_server(ov, nv, ns)))
			continue;
		if (os->weight != ns->weight)
			what |= LVS_DIFF_WEIGHT;
		if (lvs_server_forward(oc, ov, os) != lvs_server_forward(nc, nv, ns))
			what |= LVS_DIFF_FORWARD;
		if (strcmp(os->name, ns->name))
			what |= LVS_DIFF_NAME;
		if (what)
			push(b, LVS_CHANGE_SERVER_CHANGED, what, ov, nv, os, ns);
	}
	for (size_t i = 0; i < nv->n_servers; i++) {
		const struct lvs_server *ns = &nv->servers[i];

		if (ns->active && !find_server(ov, nv, ns))
			push(b, LVS_CHANGE_SERVER_ADDED, 0, ov, nv, NULL, ns);
	}
}

int lvs_config_diff(const struct lvs_config *old_cfg, const struct lvs_config *new_cfg,
		    struct lvs_diff *out)
{
	struct builder b = { out, 0, false };
	unsigned what = cfg_globals_diff(old_cfg, new_cfg);

	out->changes = NULL;
	out->count = 0;
	if (what)
		push(&b, LVS_CHANGE_GLOBAL, what, NULL, NULL, NULL, NULL);
	for (size_t i = 0; i < old_cfg->n_virtuals; i++) {
		const struct lvs_virtual *ov = &old_cfg->virtuals[i];

		if (live_virtual(ov) && !find_virtual(new_cfg, old_cfg, ov))
			push(&b, LVS_CHANGE_VIRTUAL_REMOVED, 0, ov, NULL, NULL, NULL);
	}
	for (size_t i = 0; i < new_cfg->n_virtuals; i++) {
		const struct lvs_virtual *nv = &new_cfg->virtuals[i], *ov;

		if (!live_virtual(nv) || !(ov = find_virtual(old_cfg, new_cfg, nv)))
			continue;
		what = virtual_what(ov, nv);
		if (what)
			push(&b, LVS_CHANGE_VIRTUAL_CHANGED, what, ov, nv, NULL, NULL);
		diff_servers(&b, old_cfg, ov, new_cfg, nv);
	}
	for (size_t i = 0; i < new_cfg->n_virtuals; i++) {
		const struct lvs_virtual *nv = &new_cfg->virtuals[i];

		if (live_virtual(nv) && !find_virtual(old_cfg, new_cfg, nv))
			push(&b, LVS_CHANGE_VIRTUAL_ADDED, 0, NULL, nv, NULL, NULL);
	}
	if (b.oom) {
		lvs_diff_free(out);
		return -1;
	}
	return 0;
}

void lvs_diff_free(struct lvs_diff *diff)
{
	if (!diff)
		return;
	free(diff->changes);
	diff->changes = NULL;
	diff->count = 0;
}

static const struct {
	unsigned bit;
	const char *name;
} bit_names[] = {
	{ LVS_DIFF_HEARTBEAT, "heartbeat" }, { LVS_DIFF_TIMEOUTS, "timeouts" },
	{ LVS_DIFF_SYNCDAEMON, "syncdaemon" }, { LVS_DIFF_NETWORK, "network" },
	{ LVS_DIFF_NAT_ROUTER, "nat_router" }, { LVS_DIFF_COMMANDS, "commands" },
	{ LVS_DIFF_OTHER, "other" }, { LVS_DIFF_FAILOVER, "failover" }, { LVS_DIFF_SYSCTL, "sysctl" },
	{ LVS_DIFF_ANNOUNCE, "announce" },
	{ LVS_DIFF_SERVICE, "service" }, { LVS_DIFF_VIP, "vip" }, { LVS_DIFF_CHECK, "check" },
	{ LVS_DIFF_SORRY, "sorry_server" }, { LVS_DIFF_ACTIVE, "active" },
	{ LVS_DIFF_NAME, "name" }, { LVS_DIFF_WEIGHT, "weight" }, { LVS_DIFF_FORWARD, "forward" },
};

static void bits_text(unsigned what, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < sizeof(bit_names) / sizeof(bit_names[0]); i++) {
		if (!(what & bit_names[i].bit))
			continue;
		n += (size_t)snprintf(buf + (n < len ? n : len), n < len ? len - n : 0, "%s%s",
				      n ? ", " : "", bit_names[i].name);
	}
}

int lvs_change_describe(const struct lvs_change *c, char *buf, size_t len)
{
	const struct lvs_virtual *v = c->new_virtual ? c->new_virtual : c->old_virtual;
	const struct lvs_server *s = c->new_server ? c->new_server : c->old_server;
	char bits[200], id[128], addr[INET6_ADDRSTRLEN];

	bits_text(c->what, bits, sizeof(bits));
	if (v)
		cfg_identity_format(v, id, sizeof(id));
	switch (c->kind) {
	case LVS_CHANGE_GLOBAL:
		return snprintf(buf, len, "global settings changed: %s", bits);
	case LVS_CHANGE_VIRTUAL_ADDED:
		return snprintf(buf, len, "virtual '%s' (%s) added", v->name, id);
	case LVS_CHANGE_VIRTUAL_REMOVED:
		return snprintf(buf, len, "virtual '%s' (%s) removed", v->name, id);
	case LVS_CHANGE_VIRTUAL_CHANGED:
		if (c->what & LVS_DIFF_NAME)
			return snprintf(buf, len, "virtual '%s' (%s) changed: %s (was '%s')", v->name,
					id, bits, c->old_virtual->name);
		return snprintf(buf, len, "virtual '%s' (%s) changed: %s", v->name, id, bits);
	default:
		break;
	}
	lvs_addr_format(&s->addr, addr, sizeof(addr));
	if (c->kind == LVS_CHANGE_SERVER_CHANGED) {
		char extra[160] = "";

		if (c->what & LVS_DIFF_WEIGHT)
			snprintf(extra, sizeof(extra), " (weight %d -> %d)", c->old_server->weight,
				 c->new_server->weight);
		return snprintf(buf, len, s->addr.family == AF_INET6 ?
				"server '%s' ([%s]:%u) of virtual '%s' changed: %s%s" :
				"server '%s' (%s:%u) of virtual '%s' changed: %s%s",
				s->name, addr, lvs_server_port(v, s), v->name, bits, extra);
	}
	return snprintf(buf, len, s->addr.family == AF_INET6 ?
			"server '%s' ([%s]:%u) of virtual '%s' %s" :
			"server '%s' (%s:%u) of virtual '%s' %s",
			s->name, addr, lvs_server_port(v, s), v->name,
			c->kind == LVS_CHANGE_SERVER_ADDED ? "added" : "removed");
}
