/* Virtual blocks that share a fwmark: one IPVS service built from several
 * blocks (a multi-port service, e.g. http and https marked alike). What
 * belongs to the service must be the same in every block; what belongs to
 * the health checks (port, protocol, send/expect...) may differ, but no two
 * blocks may check the same protocol and port. */
#include "config.h"

#include "internal.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

struct loc {
	unsigned line, col;
};

/* Where kw was set in a block, else the line that opens the block. */
static struct loc at_or_block(const struct cfg_meta *m, unsigned block, const char *kw, unsigned line)
{
	size_t slot = cfg_keyword_slot(cfg_keyword_find(kw, block));

	if (m->line[slot])
		return (struct loc){ m->line[slot], m->col[slot] };
	return (struct loc){ line, m->block_col };
}

static bool live(const struct lvs_virtual *v)
{
	return v->active && v->addr.family;
}

static bool in_group(const struct lvs_virtual *first, const struct lvs_virtual *v)
{
	return live(v) && lvs_virtual_same_service(first, v);
}

static enum lvs_forward forward_of(const struct lvs_config *c, const struct lvs_virtual *v)
{
	return lvs_server_forward(c, v, NULL);
}

static unsigned pmask_of(const struct lvs_virtual *v)
{
	return v->pmask_prefix ? v->pmask_prefix : (unsigned)cfg_prefix_max(v->addr.family);
}

static void sorry_text(const struct lvs_virtual *v, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN];

	if (!v->sorry_server.family) {
		snprintf(buf, len, "none");
		return;
	}
	lvs_addr_format(&v->sorry_server, a, sizeof(a));
	if (!v->sorry_port)
		snprintf(buf, len, "%s", a);
	else
		snprintf(buf, len, v->sorry_server.family == AF_INET6 ? "[%s]:%u" : "%s:%u", a,
			 v->sorry_port);
}

static void differs(struct cfg_parser *p, size_t first, size_t vi, const char *kw,
		    const char *have, const char *want)
{
	const struct lvs_virtual *f = &p->cfg->virtuals[first], *v = &p->cfg->virtuals[vi];
	struct loc at = at_or_block(&p->vmeta[vi], BLK_VIRTUAL, kw, v->line);
	char id[128];

	cfg_identity_format(v, id, sizeof(id));
	cfg_error(p, at.line, at.col, "virtual '%s' shares %s with virtual '%s' (line %u) but has "
		  "%s %s, not %s", v->name, id, f->name, f->line, kw, have, want);
}

/* The attributes of the IPVS service and of its destinations, compared with
 * the group's first block. */
static void check_service_attributes(struct cfg_parser *p, size_t first, size_t vi)
{
	const struct lvs_config *c = p->cfg;
	const struct lvs_virtual *f = &c->virtuals[first], *v = &c->virtuals[vi];
	char have[96], want[96];

	if (strcmp(v->scheduler, f->scheduler) != 0)
		differs(p, first, vi, "scheduler", v->scheduler, f->scheduler);
	if (v->persistent != f->persistent) {
		snprintf(have, sizeof(have), "%u", v->persistent);
		snprintf(want, sizeof(want), "%u", f->persistent);
		differs(p, first, vi, "persistent", have, want);
	}
	if (pmask_of(v) != pmask_of(f)) {
		snprintf(have, sizeof(have), "/%u", pmask_of(v));
		snprintf(want, sizeof(want), "/%u", pmask_of(f));
		differs(p, first, vi, "pmask", have, want);
	}
	if (forward_of(c, v) != forward_of(c, f))
		differs(p, first, vi, "network", lvs_forward_name(forward_of(c, v)),
			lvs_forward_name(forward_of(c, f)));
	if (v->quiesce_server != f->quiesce_server)
		differs(p, first, vi, "quiesce_server", v->quiesce_server ? "1" : "0",
			f->quiesce_server ? "1" : "0");
	if (!lvs_addr_equal(&v->sorry_server, &f->sorry_server) || v->sorry_port != f->sorry_port) {
		sorry_text(v, have, sizeof(have));
		sorry_text(f, want, sizeof(want));
		differs(p, first, vi, "sorry_server", have, want);
	}
}

/* Each block stands for one protocol and port of the service: its checks,
 * and how a reload tells the blocks apart. */
static void check_distinct(struct cfg_parser *p, size_t first, size_t vi)
{
	const struct lvs_config *c = p->cfg;
	const struct lvs_virtual *v = &c->virtuals[vi];

	for (size_t j = first; j < vi; j++) {
		const struct lvs_virtual *o = &c->virtuals[j];
		char id[128], what[64];

		if (!in_group(v, o) || o->protocol != v->protocol || o->port != v->port)
			continue;
		cfg_identity_format(v, id, sizeof(id));
		if (v->port)
			snprintf(what, sizeof(what), "%s port %u", lvs_protocol_name(v->protocol), v->port);
		else
			snprintf(what, sizeof(what), "%s, no port", lvs_protocol_name(v->protocol));
		cfg_error(p, v->line, p->vmeta[vi].block_col, "virtual '%s' is the same IPVS service (%s) "
			  "as virtual '%s' (line %u) with the same protocol and port (%s); blocks that "
			  "share a fwmark need different ports or protocols", v->name, id, o->name,
			  o->line, what);
		return;
	}
}

/* Servers are one destination per address in the shared service: every
 * listing of an address must forward the same way. Server si of block vi is
 * compared with the first earlier listing of its address. */
static void check_server_forwarding(struct cfg_parser *p, size_t first, size_t vi, size_t si)
{
	const struct lvs_config *c = p->cfg;
	const struct lvs_virtual *v = &c->virtuals[vi];
	const struct lvs_server *s = &v->servers[si];

	if (!s->active || !s->addr.family)
		return;
	for (size_t j = first; j <= vi; j++) {
		const struct lvs_virtual *o = &c->virtuals[j];

		/* Blocks that forward differently are reported as such. */
		if (!in_group(v, o) || forward_of(c, o) != forward_of(c, v))
			continue;
		for (size_t k = 0; k < (j == vi ? si : o->n_servers); k++) {
			const struct lvs_server *os = &o->servers[k];
			enum lvs_forward want = lvs_server_forward(c, o, os), have = lvs_server_forward(c, v, s);
			struct loc at;
			char id[128];

			if (!os->active || !lvs_addr_equal(&os->addr, &s->addr))
				continue;
			if (have == want)
				return;
			at = at_or_block(&p->smeta[vi][si], BLK_SERVER, "network", s->line);
			cfg_identity_format(v, id, sizeof(id));
			cfg_error(p, at.line, at.col, "server '%s' has network %s but the same address has "
				  "network %s in server '%s' (line %u) of virtual '%s', which shares %s",
				  s->name, lvs_forward_name(have), lvs_forward_name(want), os->name,
				  os->line, o->name, id);
			return;
		}
	}
}

void cfg_check_fwmark_group(struct cfg_parser *p, size_t first, size_t vi)
{
	const struct lvs_config *c = p->cfg;
	bool second = true;

	for (size_t j = first + 1; j < vi && second; j++)
		second = !in_group(&c->virtuals[vi], &c->virtuals[j]);
	check_distinct(p, first, vi);
	check_service_attributes(p, first, vi);
	/* The first block's own servers are checked with the second block. */
	if (second)
		for (size_t si = 0; si < c->virtuals[first].n_servers; si++)
			check_server_forwarding(p, first, first, si);
	for (size_t si = 0; si < c->virtuals[vi].n_servers; si++)
		check_server_forwarding(p, first, vi, si);
}
