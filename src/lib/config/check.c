#include "config.h"

#include "internal.h"
#include "index.h"
#include "regex_guard.h"

#include <regex.h>
#include <stdlib.h>
#include <string.h>

struct loc {
	unsigned line, col;
};

static struct loc kw_at(const struct cfg_meta *m, unsigned block, const char *name)
{
	size_t slot = cfg_keyword_slot(cfg_keyword_find(name, block));

	return (struct loc){ m->line[slot], m->col[slot] };
}

static bool kw_set(const struct cfg_meta *m, unsigned block, const char *name)
{
	return kw_at(m, block, name).line != 0;
}

/* Sites keep half-filled blocks as templates: no address and no "active".
 * The original read a missing "active" as 0, so they never ran; they are
 * inactive here too (with a note), and only active blocks must be complete. */
static void close_templates(struct cfg_parser *p, size_t vi)
{
	struct lvs_virtual *v = &p->cfg->virtuals[vi];
	const struct cfg_meta *vm = &p->vmeta[vi];

	if (!kw_set(vm, BLK_VIRTUAL, "active") && !kw_set(vm, BLK_VIRTUAL, "address")) {
		v->active = false;
		cfg_warn(p, v->line, vm->block_col, "virtual '%s' has no address and no 'active': "
			 "kept as an inactive template", v->name);
	}
	for (size_t i = 0; i < v->n_servers; i++) {
		struct lvs_server *s = &v->servers[i];
		const struct cfg_meta *sm = &p->smeta[vi][i];

		if (kw_set(sm, BLK_SERVER, "active") || kw_set(sm, BLK_SERVER, "address"))
			continue;
		s->active = false;
		if (v->active)
			cfg_warn(p, s->line, sm->block_col, "server '%s' has no address and no "
				 "'active': kept as an inactive template", s->name);
	}
}

/* Ports given as service names, now that the virtual's protocol is known. */
void cfg_check_virtual_close(struct cfg_parser *p, size_t vi)
{
	struct lvs_virtual *v = &p->cfg->virtuals[vi];

	for (size_t i = 0; i < p->n_pend; i++) {
		struct cfg_pending *pd = &p->pend[i];
		uint16_t *dst = pd->field == PEND_VPORT ? &v->port :
				pd->field == PEND_SORRY ? &v->sorry_port : &v->servers[pd->si].port;

		if (cfg_resolve_service(pd->name, v->protocol, dst) < 0)
			cfg_error(p, pd->line, pd->col, "unknown service name '%s' for protocol %s",
				  pd->name, lvs_protocol_name(v->protocol));
		free(pd->name);
	}
	p->n_pend = 0;
	if (!kw_set(&p->vmeta[vi], BLK_VIRTUAL, "check_interval"))
		v->interval = v->timeout;
	/* The original's default port. */
	if (!v->fwmark && !kw_set(&p->vmeta[vi], BLK_VIRTUAL, "port"))
		v->port = 80;
	close_templates(p, vi);
}

static const char *family_name(int family)
{
	return family == AF_INET6 ? "IPv6" : "IPv4";
}

/* A netmask must suit its address: a dotted quad only for IPv4, a prefix no
 * longer than the address. */
static void check_mask(struct cfg_parser *p, const struct cfg_meta *m, unsigned block,
		       const char *kw, unsigned prefix, const struct lvs_addr *addr)
{
	struct loc at = kw_at(m, block, kw);
	size_t slot = cfg_keyword_slot(cfg_keyword_find(kw, block));

	if (!at.line || !prefix || addr->family == AF_UNSPEC)
		return;
	if (m->dotted[slot] && addr->family == AF_INET6)
		cfg_error(p, at.line, at.col, "%s is a dotted IPv4 netmask but the address is IPv6 "
			  "(use a prefix length)", kw);
	else if ((int)prefix > cfg_prefix_max(addr->family))
		cfg_error(p, at.line, at.col, "%s /%u is too long for an IPv4 address (at most 32)",
			  kw, prefix);
}

static void check_globals(struct cfg_parser *p)
{
	const struct lvs_config *c = p->cfg;
	const struct cfg_meta *m = &p->gmeta;
	struct loc ba = kw_at(m, BLK_GLOBAL, "backup_active");

	if (c->deadtime <= c->keepalive) {
		struct loc at = kw_at(m, BLK_GLOBAL, "deadtime");

		if (!at.line)
			at = kw_at(m, BLK_GLOBAL, "keepalive");
		/* Only a running pair uses the timers; a lone router's file keeps working. */
		if (c->backup_active)
			cfg_error(p, at.line, at.col, "deadtime (%g) must be greater than keepalive (%g): "
				  "the backup would declare a live primary dead between two heartbeats",
				  c->deadtime, c->keepalive);
		else
			cfg_warn(p, at.line, at.col, "deadtime (%g) is not greater than keepalive (%g); "
				 "unused while backup_active = 0, but an error once heartbeats run",
				 c->deadtime, c->keepalive);
	}
	if (c->primary.family && c->backup.family && lvs_addr_equal(&c->primary, &c->backup)) {
		struct loc at = kw_at(m, BLK_GLOBAL, "backup");

		cfg_error(p, at.line, at.col, "backup is the same address as primary");
	}
	if (c->backup_active && !c->backup.family && !kw_set(m, BLK_GLOBAL, "backup"))
		cfg_error(p, ba.line, ba.col, "backup_active = 1 needs a backup address");
	if (c->backup_active && !c->primary.family && !kw_set(m, BLK_GLOBAL, "primary"))
		cfg_error(p, ba.line, ba.col, "backup_active = 1 needs a primary address");
	if (c->backup_active && !c->heartbeat_key_file) {
		struct loc auth = kw_at(m, BLK_GLOBAL, "heartbeat_auth");

		if (c->heartbeat_auth == LVS_HB_AUTH_HMAC)
			cfg_error(p, auth.line, auth.col, "heartbeat_auth asks for authenticated "
				  "heartbeats but heartbeat_key_file is not set (create a key with "
				  "'pulse --generate-key FILE')");
		else if (c->heartbeat_auth == LVS_HB_AUTH_AUTO)
			cfg_warn(p, ba.line, ba.col, "heartbeats are not authenticated (no "
				 "heartbeat_key_file): anyone on the heartbeat network can forge them and "
				 "take the virtual addresses over; run 'pulse --generate-key FILE' and set "
				 "heartbeat_key_file = FILE (heartbeat_auth = none accepts the risk "
				 "without this warning)");
	}
	check_mask(p, m, BLK_GLOBAL, "nat_nmask", c->nat_prefix, &c->nat_router);
}

static void check_expect_regex(struct cfg_parser *p, const struct cfg_meta *m,
			       const struct lvs_virtual *v)
{
	struct loc at = kw_at(m, BLK_VIRTUAL, "expect");
	char *plain;
	regex_t re;
	int rc, at2;

	if (!v->use_regex || !v->expect || strcmp(v->expect, "*") == 0)
		return;
	plain = lvs_unescape(v->expect, NULL, NULL);
	if (!plain)
		return; /* already reported */
	at2 = regex_stacked_repetition(plain);
	if (at2 >= 0) {
		cfg_error(p, at.line, at.col, "expect: a repetition right after another at offset %d of "
			  "the regular expression (undefined in POSIX, and glibc can spend gigabytes on "
			  "it); group it, as in (a+)+", at2);
		free(plain);
		return;
	}
	rc = regcomp(&re, plain, REG_EXTENDED | REG_NOSUB);
	if (rc) {
		char msg[128];

		regerror(rc, &re, msg, sizeof(msg));
		cfg_error(p, at.line, at.col, "expect is not a valid regular expression: %s", msg);
	} else {
		regfree(&re);
	}
	free(plain);
}

/* Keys of the duplicate checks: equal keys for equal identities. */
#define KEY_MAX 32

static size_t put(unsigned char *buf, size_t n, const void *field, size_t len)
{
	memcpy(buf + n, field, len);
	return n + len;
}

static size_t addr_key(unsigned char *buf, size_t n, const struct lvs_addr *a)
{
	n = put(buf, n, &a->family, sizeof(a->family));
	if (a->family == AF_INET)
		return put(buf, n, &a->u.v4, sizeof(a->u.v4));
	return put(buf, n, &a->u.v6, sizeof(a->u.v6));
}

/* Equal exactly when lvs_virtual_same_service says so (for addressed ones). */
static size_t service_key(const struct lvs_virtual *v, unsigned char *buf)
{
	size_t n = 0;

	if (v->fwmark) {
		buf[n++] = 'F';
		n = put(buf, n, &v->addr.family, sizeof(v->addr.family));
		return put(buf, n, &v->fwmark, sizeof(v->fwmark));
	}
	buf[n++] = 'S';
	n = put(buf, n, &v->protocol, sizeof(v->protocol));
	n = put(buf, n, &v->port, sizeof(v->port));
	return addr_key(buf, n, &v->addr);
}

static size_t server_key(const struct lvs_virtual *v, const struct lvs_server *s,
			 unsigned char *buf)
{
	uint16_t port = lvs_server_port(v, s);

	return addr_key(buf, put(buf, 0, &port, sizeof(port)), &s->addr);
}

/* Whether name was used by an earlier block (then *first is its index). */
static bool name_seen(struct cfg_parser *p, struct cfg_index *ix, const char *name, size_t idx,
		      size_t *first)
{
	return cfg_index_seen(ix, name, strlen(name), idx, first, &p->oom);
}

static void check_servers(struct cfg_parser *p, size_t vi)
{
	const struct lvs_virtual *v = &p->cfg->virtuals[vi];
	struct cfg_index names, dests;
	unsigned char key[KEY_MAX];
	size_t first;

	if (cfg_index_init(&names, v->n_servers) < 0 || cfg_index_init(&dests, v->n_servers) < 0)
		p->oom = true;
	for (size_t i = 0; i < v->n_servers; i++) {
		const struct lvs_server *s = &v->servers[i];
		const struct cfg_meta *m = &p->smeta[vi][i];
		struct loc at = kw_at(m, BLK_SERVER, "address");

		if (name_seen(p, &names, s->name, i, &first))
			cfg_error(p, s->line, m->block_col, "duplicate server name '%s' in virtual '%s' "
				  "(first at line %u)", s->name, v->name, v->servers[first].line);
		if (!s->addr.family) {
			if (!at.line && s->active && v->active)
				cfg_error(p, s->line, m->block_col, "server '%s' has no address", s->name);
			continue;
		}
		if (v->addr.family && s->addr.family != v->addr.family)
			cfg_error(p, at.line, at.col, "server '%s' is %s but virtual '%s' is %s",
				  s->name, family_name(s->addr.family), v->name,
				  family_name(v->addr.family));
		if (!s->active)
			continue;
		if (cfg_index_seen(&dests, key, server_key(v, s, key), i, &first, &p->oom)) {
			const struct lvs_server *o = &v->servers[first];

			cfg_error(p, s->line, m->block_col, "server '%s' has the same address and port as "
				  "server '%s' (line %u)", s->name, o->name, o->line);
		}
	}
	cfg_index_free(&names);
	cfg_index_free(&dests);
}

/* sloppy_tcp hands a connection the router never saw to whatever server
 * the scheduler picks now: only a hash of the client (sh, mh) picks the
 * server the other router chose. */
static void check_sloppy_scheduler(struct cfg_parser *p, const struct cfg_meta *m,
				   const struct lvs_virtual *v)
{
	struct loc at = kw_at(m, BLK_VIRTUAL, "scheduler");

	if (p->cfg->sloppy_tcp != LVS_SLOPPY_ON || !v->active || v->protocol != IPPROTO_TCP ||
	    v->n_servers < 2 || !strcmp(v->scheduler, "sh") || !strcmp(v->scheduler, "mh"))
		return;
	if (!at.line)
		at = (struct loc){ v->line, m->block_col };
	cfg_warn(p, at.line, at.col, "sloppy_tcp = 1 with scheduler %s on virtual '%s': a "
		 "connection that reaches a new active router unsynced goes to whichever server %s "
		 "picks, not the one it started on (use sh or mh to keep it)", v->scheduler, v->name,
		 v->scheduler);
}

static void check_virtuals(struct cfg_parser *p)
{
	const struct lvs_config *c = p->cfg;
	struct cfg_index names, services;
	unsigned char key[KEY_MAX];
	size_t first;

	if (cfg_index_init(&names, c->n_virtuals) < 0 || cfg_index_init(&services, c->n_virtuals) < 0)
		p->oom = true;
	for (size_t i = 0; i < c->n_virtuals; i++) {
		const struct lvs_virtual *v = &c->virtuals[i];
		const struct cfg_meta *m = &p->vmeta[i];
		struct loc sorry = kw_at(m, BLK_VIRTUAL, "sorry_server");

		if (name_seen(p, &names, v->name, i, &first))
			cfg_error(p, v->line, m->block_col, "duplicate virtual name '%s' (first at line %u)",
				  v->name, c->virtuals[first].line);
		if (v->active && !v->addr.family && !kw_set(m, BLK_VIRTUAL, "address"))
			cfg_error(p, v->line, m->block_col, "virtual '%s' has no address", v->name);
		check_mask(p, m, BLK_VIRTUAL, "vip_nmask", v->vip_prefix, &v->addr);
		check_mask(p, m, BLK_VIRTUAL, "pmask", v->pmask_prefix, &v->addr);
		if (v->sorry_server.family && v->addr.family &&
		    v->sorry_server.family != v->addr.family)
			cfg_error(p, sorry.line, sorry.col, "sorry_server is %s but virtual '%s' is %s",
				  family_name(v->sorry_server.family), v->name,
				  family_name(v->addr.family));
		check_expect_regex(p, m, v);
		check_servers(p, i);
		check_sloppy_scheduler(p, m, v);
		if (!v->active || !v->addr.family)
			continue;
		/* The first earlier live block of the same IPVS service. */
		if (cfg_index_seen(&services, key, service_key(v, key), i, &first, &p->oom)) {
			const struct lvs_virtual *o = &c->virtuals[first];
			char id[128];

			if (v->fwmark) {
				/* Blocks sharing a fwmark: one service (fwmark_group.c). */
				cfg_check_fwmark_group(p, first, i);
				continue;
			}
			cfg_identity_format(v, id, sizeof(id));
			cfg_error(p, v->line, m->block_col, "virtual '%s' is the same IPVS service (%s) as "
				  "virtual '%s' (line %u)", v->name, id, o->name, o->line);
		}
	}
	cfg_index_free(&names);
	cfg_index_free(&services);
}

static void check_failovers(struct cfg_parser *p)
{
	const struct lvs_config *c = p->cfg;
	struct cfg_index names;
	size_t first;

	if (cfg_index_init(&names, c->n_failovers) < 0)
		p->oom = true;
	for (size_t i = 0; i < c->n_failovers; i++) {
		const struct lvs_failover *f = &c->failovers[i];
		const struct cfg_meta *m = &p->fmeta[i];

		if (name_seen(p, &names, f->name, i, &first))
			cfg_error(p, f->line, m->block_col, "duplicate failover name '%s' (first at line %u)",
				  f->name, c->failovers[first].line);
		if (!f->addr.family && !kw_set(m, BLK_FAILOVER, "address"))
			cfg_error(p, f->line, m->block_col, "failover '%s' has no address", f->name);
		check_mask(p, m, BLK_FAILOVER, "vip_nmask", f->vip_prefix, &f->addr);
	}
	cfg_index_free(&names);
}

/* mh_port and mh_fallback are flags of the mh scheduler only. */
static void check_mh_flags(struct cfg_parser *p)
{
	static const char *const flags[] = { "mh_port", "mh_fallback" };

	for (size_t i = 0; i < p->cfg->n_virtuals; i++) {
		const struct lvs_virtual *v = &p->cfg->virtuals[i];
		bool on[] = { v->mh_port, v->mh_fallback };

		if (!strcmp(v->scheduler, "mh"))
			continue;
		for (size_t f = 0; f < 2; f++) {
			struct loc at = kw_at(&p->vmeta[i], BLK_VIRTUAL, flags[f]);

			if (on[f])
				cfg_error(p, at.line, at.col, "%s is a flag of the mh scheduler but virtual "
					  "'%s' uses %s (set scheduler = mh or remove %s)", flags[f],
					  v->name, v->scheduler, flags[f]);
		}
	}
}

/* Where the forwarding method of a server was chosen: its own network
 * line, its virtual's, the global one, else (the default, nat) the line
 * that asked for ECMP. */
static struct loc forward_at(struct cfg_parser *p, size_t vi, size_t si, struct loc mode)
{
	struct loc at = kw_at(&p->smeta[vi][si], BLK_SERVER, "network");

	if (!at.line)
		at = kw_at(&p->vmeta[vi], BLK_VIRTUAL, "network");
	if (!at.line)
		at = kw_at(&p->gmeta, BLK_GLOBAL, "network");
	return at.line ? at : mode;
}

/* director_mode = ecmp: several active directors, each its own lvsd
 * without pulse. NAT needs the replies back through the director that saw
 * the request, which ECMP does not promise: refused. A director that picks
 * up a connection another one started needs sloppy_tcp, and the same
 * server only comes out of a hash of the flow (mh; sh moves more). */
static void check_ecmp(struct cfg_parser *p)
{
	const struct lvs_config *c = p->cfg;
	struct loc mode = kw_at(&p->gmeta, BLK_GLOBAL, "director_mode");

	if (c->director_mode != LVS_MODE_ECMP)
		return;
	if (c->backup_active) {
		struct loc at = kw_at(&p->gmeta, BLK_GLOBAL, "backup_active");

		cfg_error(p, at.line, at.col, "director_mode = ecmp runs lvsd alone on every director, "
			  "without pulse and its backup router: set backup_active = 0 (or director_mode = "
			  "pair)");
	}
	if (c->service == LVS_SERVICE_FOS) {
		struct loc at = kw_at(&p->gmeta, BLK_GLOBAL, "service");

		cfg_error(p, at.line, at.col, "director_mode = ecmp announces IPVS services: service = "
			  "fos has none (use service = lvs)");
	}
	if (c->sloppy_tcp != LVS_SLOPPY_ON) {
		struct loc at = kw_at(&p->gmeta, BLK_GLOBAL, "sloppy_tcp");

		if (!at.line)
			at = mode;
		cfg_error(p, at.line, at.col, "director_mode = ecmp needs sloppy_tcp = 1: when the "
			  "upstream router moves a flow to another director (one joined or left), that "
			  "director must take up a TCP connection it never saw open, else it resets it");
	}
	/* The size of sun_path in struct sockaddr_un, less its NUL. */
	if (c->announce_bfd && c->bird_socket && strlen(c->bird_socket) > 107) {
		struct loc at = kw_at(&p->gmeta, BLK_GLOBAL, "bird_socket");

		cfg_error(p, at.line, at.col, "bird_socket is %zu bytes long; a UNIX socket path has at "
			  "most 107: move BIRD's control socket (bird -s PATH) to a shorter path",
			  strlen(c->bird_socket));
	}
	for (size_t i = 0; i < c->n_virtuals; i++) {
		const struct lvs_virtual *v = &c->virtuals[i];
		struct loc sched = kw_at(&p->vmeta[i], BLK_VIRTUAL, "scheduler");

		if (!v->active)
			continue;
		if (strcmp(v->scheduler, "mh")) {
			if (!sched.line)
				sched = (struct loc){ v->line, p->vmeta[i].block_col };
			cfg_warn(p, sched.line, sched.col, "director_mode = ecmp with scheduler %s on "
				 "virtual '%s': the directors do not pick the same server for a flow, so "
				 "a flow that moves to another director breaks (use scheduler = mh)",
				 v->scheduler, v->name);
		}
		for (size_t j = 0; j < v->n_servers; j++) {
			const struct lvs_server *s = &v->servers[j];
			struct loc at;

			if (!s->active || lvs_server_forward(c, v, s) != LVS_FWD_NAT)
				continue;
			at = forward_at(p, i, j, mode);
			cfg_error(p, at.line, at.col, "director_mode = ecmp cannot forward by NAT (server "
				  "'%s' of virtual '%s'): a reply must pass the director that saw the "
				  "request, and ECMP does not promise it; use network = direct or tunnel",
				  s->name, v->name);
		}
		if (v->sorry_server.family && (v->forward != LVS_FWD_DEFAULT ? v->forward : c->network) ==
		    LVS_FWD_NAT) {
			struct loc at = kw_at(&p->vmeta[i], BLK_VIRTUAL, "sorry_server");

			cfg_error(p, at.line, at.col, "director_mode = ecmp cannot forward by NAT (the "
				  "sorry_server of virtual '%s'); use network = direct or tunnel", v->name);
		}
	}
}

void cfg_check_all(struct cfg_parser *p)
{
	check_globals(p);
	check_mh_flags(p);
	check_ecmp(p);
	check_virtuals(p);
	check_failovers(p);
}
