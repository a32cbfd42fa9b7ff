/* virtual_server and real_server onto lvs.cf's virtual and server blocks. */
#include "config.h"

#include "kconf_map.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct krs {
	const struct kconf_node *n;
	struct lvs_addr addr;
	uint16_t port;                  /* as written; 0: none */
	uint16_t final_port;            /* the lvs.cf server's port; 0: the virtual's */
	unsigned long weight;
	enum lvs_forward fwd;
	bool inhibit;
	const struct kconf_node *inhibit_n;
	struct kcheck chk;
	bool has_chk, drop;
};

struct kvs {
	const struct kconf_node *n;
	struct lvs_addr addr;           /* AF_UNSPEC for a fwmark service until it gets one */
	int family;
	uint16_t port;
	uint32_t fwmark;
	int protocol;
	char sched[16];
	enum lvs_forward fwd;
	unsigned persistent;
	const struct kconf_node *pmask_n, *sorry_n, *family_n;
	struct lvs_addr sorry;
	uint16_t sorry_port;
	struct ktiming tm;
	bool inhibit;
	const struct kconf_node *inhibit_n;
	struct krs *rs;
	size_t n_rs;
	struct lvs_iface iface;
	unsigned vip_prefix;
	bool drop;
};

/* lvs_method NAT|DR|TUN [type ipip|gue port N|gre] [nocsum|csum|remcsum] */
static int method(struct kmap *m, const struct kconf_node *k, const struct kconf_node *parent,
		  enum lvs_forward *out)
{
	const char *s;

	if (km_shape(m, k, 1, 8, false) < 0)
		return -1;
	s = k->w[1].text;
	if (!strcasecmp(s, "NAT"))
		*out = LVS_FWD_NAT;
	else if (!strcasecmp(s, "DR"))
		*out = LVS_FWD_DIRECT;
	else if (!strcasecmp(s, "TUN"))
		*out = LVS_FWD_TUNNEL;
	else {
		km_error_at(m, k, &k->w[1], "invalid value '%.80s' for '%s' (expected NAT, DR or TUN)", s,
			    k->w[0].text);
		return -1;
	}
	if (k->n_w > 2) {
		if (*out != LVS_FWD_TUNNEL) {
			km_error_at(m, k, &k->w[2], "'%s %s' takes no options", k->w[0].text, s);
			return -1;
		}
		/* ipip is what lvs.cf's tunnel is; anything else is not. */
		if (!(k->n_w == 4 && !strcmp(k->w[2].text, "type") && !strcmp(k->w[3].text, "ipip")))
			km_approx(m, k, parent, "lvs.cf's tunnel is IP-in-IP: the tunnel options are "
				  "dropped");
	}
	return 0;
}

static void free_rs(struct krs *r)
{
	km_check_free(&r->chk);
}

static void read_rs(struct kmap *m, struct kvs *vs, const struct kconf_node *n)
{
	struct krs r = { .n = n, .weight = 1, .fwd = vs->fwd, .inhibit = vs->inhibit };
	struct ktiming tm = vs->tm;
	struct krs *arr;

	if (km_shape(m, n, 1, 2, true) < 0 || km_addr(m, n, 1, &r.addr, NULL) < 0)
		return;
	if (n->n_w == 3) {
		unsigned long port;

		/* 0, as for a fwmark service: the client's port. */
		if (km_uint(m, n, 2, 0, 65535, &port) < 0)
			return;
		r.port = (uint16_t)port;
	}
	for (size_t i = 0; i < n->n_kids; i++) {
		const struct kconf_node *k = &n->kids[i];

		if (km_is_checker(k->w[0].text) || km_timing_keyword(m, k, n, &tm))
			continue;
		if (km_is(k, "weight")) {
			if (km_shape(m, k, 1, 1, false) == 0)
				km_uint(m, k, 1, 0, 65535, &r.weight);
		} else if (km_is(k, "lvs_method")) {
			method(m, k, n, &r.fwd);
		} else if (km_is(k, "inhibit_on_failure")) {
			if (km_shape(m, k, 0, 1, false) == 0 && km_bool(m, k, 1, &r.inhibit) == 0)
				r.inhibit_n = k;
		} else {
			km_dropped(m, k, n);
		}
	}
	/* The checks last: they start from what the server sets, wherever. */
	for (size_t i = 0; i < n->n_kids; i++) {
		const struct kconf_node *k = &n->kids[i];
		struct kcheck c;
		int rc;

		if (!km_is_checker(k->w[0].text))
			continue;
		rc = km_checker(m, k, n, &tm, vs->protocol, n->w[1].text, &c);
		if (rc == 0 && r.has_chk)
			km_cannot(m, k, n, "lvs.cf runs one check per server: the first, at line %u, is "
				  "used", r.chk.n->w[0].line);
		if (rc == 0 && !r.has_chk) {
			r.chk = c;
			r.has_chk = true;
		} else {
			km_check_free(&c);
		}
	}
	arr = realloc(vs->rs, (vs->n_rs + 1) * sizeof(*arr));
	if (!arr) {
		free_rs(&r);
		km_oom(m);
		return;
	}
	vs->rs = arr;
	arr[vs->n_rs++] = r;
}

static void vs_keyword(struct kmap *m, struct kvs *x, const struct kconf_node *k)
{
	const struct kconf_node *n = x->n;
	unsigned long v;

	if (km_is(k, "lb_algo") || km_is(k, "lvs_sched")) {
		if (km_shape(m, k, 1, 1, false) < 0)
			return;
		if (lvs_scheduler_known(k->w[1].text))
			strcpy(x->sched, k->w[1].text);
		else
			km_cannot(m, k, n, "lvs.cf knows no scheduler '%.20s': wlc is used", k->w[1].text);
	} else if (km_is(k, "lb_kind") || km_is(k, "lvs_method")) {
		method(m, k, n, &x->fwd);
	} else if (km_is(k, "persistence_timeout")) {
		if (km_shape(m, k, 0, 1, false) < 0)
			return;
		x->persistent = 360;    /* keepalived's default */
		if (k->n_w == 2 && km_uint(m, k, 1, 1, 2147483, &v) == 0)
			x->persistent = (unsigned)v;
	} else if (km_is(k, "persistence_granularity")) {
		if (km_shape(m, k, 1, 1, false) == 0)
			x->pmask_n = k;
	} else if (km_is(k, "protocol")) {
		const char *s;

		if (km_shape(m, k, 1, 1, false) < 0)
			return;
		s = k->w[1].text;
		if (!strcasecmp(s, "TCP"))
			x->protocol = IPPROTO_TCP;
		else if (!strcasecmp(s, "UDP"))
			x->protocol = IPPROTO_UDP;
		else if (!strcasecmp(s, "SCTP"))
			x->protocol = IPPROTO_SCTP;
		else
			km_error_at(m, k, &k->w[1], "invalid value '%.80s' for 'protocol' (expected TCP, "
				    "UDP or SCTP)", s);
	} else if (km_is(k, "sorry_server")) {
		if (km_shape(m, k, 1, 2, false) < 0 || km_addr(m, k, 1, &x->sorry, NULL) < 0)
			return;
		if (k->n_w == 3 && km_port(m, k, 2, &x->sorry_port) < 0)
			return;
		x->sorry_n = k;
	} else if (km_is(k, "inhibit_on_failure")) {
		if (km_shape(m, k, 0, 1, false) == 0 && km_bool(m, k, 1, &x->inhibit) == 0)
			x->inhibit_n = k;
	} else if (km_is(k, "ip_family")) {
		if (km_shape(m, k, 1, 1, false) < 0)
			return;
		if (strcmp(k->w[1].text, "inet") && strcmp(k->w[1].text, "inet6")) {
			km_error_at(m, k, &k->w[1], "invalid value '%.80s' for 'ip_family' (expected inet "
				    "or inet6)", k->w[1].text);
			return;
		}
		x->family_n = k;
	} else if (!km_timing_keyword(m, k, n, &x->tm)) {
		km_dropped(m, k, n);
	}
}

void km_virtual_server(struct kmap *m, const struct kconf_node *n)
{
	struct kvs x = {
		.n = n, .protocol = IPPROTO_TCP, .sched = "wlc", .fwd = LVS_FWD_NAT,
		.tm = { .delay_loop = 60, .connect_timeout = 5, .retry = -1 },
	};
	struct kvs *arr;
	unsigned long v;

	if (km_shape(m, n, 1, 2, true) < 0)
		return;
	if (!strcmp(n->w[1].text, "group")) {
		km_cannot(m, n, NULL, "lvs.cf has no virtual_server_group: write a virtual_server for "
			  "each address");
		return;
	}
	if (!strcmp(n->w[1].text, "fwmark")) {
		if (n->n_w != 3) {
			km_error_at(m, n, &n->w[1], "'virtual_server fwmark' needs the mark");
			return;
		}
		if (km_uint(m, n, 2, 1, 4294967295UL, &v) < 0)
			return;
		x.fwmark = (uint32_t)v;
	} else {
		if (km_addr(m, n, 1, &x.addr, NULL) < 0)
			return;
		x.family = x.addr.family;
		if (n->n_w != 3) {
			km_cannot(m, n, NULL, "a service of every port: lvs.cf needs the port");
			return;
		}
		if (km_port(m, n, 2, &x.port) < 0)
			return;
	}
	/* Its own keywords first: the servers inherit them, wherever written. */
	for (size_t i = 0; i < n->n_kids; i++)
		if (!km_is(&n->kids[i], "real_server"))
			vs_keyword(m, &x, &n->kids[i]);
	for (size_t i = 0; i < n->n_kids; i++)
		if (km_is(&n->kids[i], "real_server"))
			read_rs(m, &x, &n->kids[i]);
	arr = realloc(m->vs, (m->n_vs + 1) * sizeof(*arr));
	if (!arr) {
		for (size_t i = 0; i < x.n_rs; i++)
			free_rs(&x.rs[i]);
		free(x.rs);
		km_oom(m);
		return;
	}
	m->vs = arr;
	arr[m->n_vs++] = x;
}

static const char *family_name(int family)
{
	return family == AF_INET6 ? "IPv6" : "IPv4";
}

/* The family of a fwmark service: ip_family, else its servers'. */
static void fwmark_family(struct kvs *x)
{
	if (x->family_n) {
		x->family = strcmp(x->family_n->w[1].text, "inet6") ? AF_INET : AF_INET6;
		return;
	}
	x->family = AF_INET;
	if (x->n_rs)
		x->family = x->rs[0].addr.family;
	else if (x->sorry_n)
		x->family = x->sorry.family;
}

static bool same_service(const struct kvs *a, const struct kvs *b)
{
	if (a->fwmark || b->fwmark)
		return a->fwmark == b->fwmark && a->family == b->family;
	return a->protocol == b->protocol && a->port == b->port && lvs_addr_equal(&a->addr, &b->addr);
}

/* Servers of the other family, duplicates, and the ports a connect_port
 * changes; the settings lvs.cf keeps per virtual. */
static void check_servers(struct kmap *m, struct kvs *x)
{
	for (size_t i = 0; i < x->n_rs; i++) {
		struct krs *r = &x->rs[i];
		uint16_t eff = r->port ? r->port : x->port;

		if (r->addr.family != x->family) {
			km_cannot(m, r->n, x->n, "it is %s but the virtual service is %s, and lvs.cf "
				  "cannot mix them", family_name(r->addr.family), family_name(x->family));
			r->drop = true;
			continue;
		}
		r->final_port = r->port == x->port ? 0 : r->port;
		if (r->has_chk && r->chk.port && r->chk.port != eff) {
			if (eff == 0) {
				r->final_port = r->chk.port;
				km_approx(m, r->chk.port_n, r->chk.n, "lvs.cf checks a server on the port "
					  "it forwards to: the server gets port %u in IPVS too", r->chk.port);
			} else {
				km_cannot(m, r->chk.port_n, r->chk.n, "lvs.cf checks a server on the port "
					  "it forwards to, %u", eff);
			}
		}
		for (size_t j = 0; j < i; j++) {
			const struct krs *o = &x->rs[j];

			if (!o->drop && lvs_addr_equal(&o->addr, &r->addr) && o->final_port == r->final_port) {
				km_cannot(m, r->n, x->n, "the same server as the real_server at line %u",
					  o->n->w[0].line);
				r->drop = true;
				break;
			}
		}
	}
}

/* Where the VIP of x lives, from the vrrp_instances. fwmark services take
 * an address of their family that no other virtual_server has. */
static void place(struct kmap *m, struct kvs *x)
{
	const char *fallback = m->vrrp_dev[0] ? m->vrrp_dev : "eth0";
	struct kvip *vip = NULL;
	size_t free_ones = 0;

	if (!x->fwmark) {
		for (size_t i = 0; i < m->n_vips && !vip; i++)
			if (lvs_addr_equal(&m->vips[i].addr, &x->addr))
				vip = &m->vips[i];
	} else {
		for (size_t i = 0; i < m->n_vips; i++) {
			struct kvip *c = &m->vips[i];

			if (c->addr.family != x->family || (c->used && !c->fwmark_only))
				continue;
			if (!vip)
				vip = c;
			free_ones++;
		}
		if (!vip)
			for (size_t i = 0; i < m->n_vips && !vip; i++)
				if (m->vips[i].addr.family == x->family)
					vip = &m->vips[i];
		if (!vip) {
			km_cannot(m, x->n, NULL, "lvs.cf needs an address for pulse to bring up, and no "
				  "vrrp_instance has an %s one", family_name(x->family));
			x->drop = true;
			return;
		}
		x->addr = vip->addr;
		if (free_ones != 1) {
			char buf[INET6_ADDRSTRLEN];

			lvs_addr_format(&vip->addr, buf, sizeof(buf));
			if (free_ones)
				km_approx(m, x->n, NULL, "lvs.cf gives a fwmark service an address for pulse "
					  "to bring up: %s, the first %s address of the vrrp_instances that "
					  "no other virtual_server has, was taken", buf, family_name(x->family));
			else
				km_approx(m, x->n, NULL, "lvs.cf gives a fwmark service an address for pulse "
					  "to bring up: %s was taken, which a virtual_server has too (no %s "
					  "address of the vrrp_instances is free)", buf, family_name(x->family));
		}
	}
	if (!vip || !vip->iface.dev[0]) {
		km_approx(m, x->n, NULL, "%s: lvs.cf brings the address up on %s, check the device",
			  vip ? "its virtual_ipaddress names no device"
			      : "its address is in no vrrp_instance's virtual_ipaddress", fallback);
		strcpy(x->iface.dev, fallback);
	} else {
		x->iface = vip->iface;
	}
	if (vip) {
		if (!vip->used)
			vip->fwmark_only = x->fwmark != 0;
		vip->used = true;
		x->vip_prefix = vip->prefix;
	}
}

/* The check of the virtual: the first server's; the others must agree. */
static void the_check(struct kmap *m, const struct kvs *x, struct lvs_virtual *v)
{
	const struct krs *ref = NULL, *first = NULL;

	for (size_t i = 0; i < x->n_rs; i++) {
		if (x->rs[i].drop)
			continue;
		if (!first)
			first = &x->rs[i];
		if (!ref && x->rs[i].has_chk)
			ref = &x->rs[i];
	}
	v->health_check = ref != NULL;
	v->timeout = x->tm.connect_timeout;
	v->interval = x->tm.delay_loop;
	v->quiesce_server = first ? first->inhibit : x->inhibit;
	if (ref) {
		v->timeout = ref->chk.timeout;
		v->interval = ref->chk.interval;
		v->fall = ref->chk.fall;
		v->use_regex = ref->chk.regex;
		if ((ref->chk.send && !(v->send = km_strdup(m, ref->chk.send))) ||
		    (ref->chk.expect && !(v->expect = km_strdup(m, ref->chk.expect))) ||
		    (ref->chk.program && !(v->send_program = km_strdup(m, ref->chk.program))))
			return;
	}
	for (size_t i = 0; i < x->n_rs; i++) {
		const struct krs *r = &x->rs[i];

		if (r->drop)
			continue;
		if (ref && r->has_chk && r != ref && !km_check_same(&r->chk, &ref->chk))
			km_cannot(m, r->chk.n, r->n, "lvs.cf has one check per virtual service: that of "
				  "real_server %.60s (line %u) is used", ref->n->w[1].text,
				  ref->n->w[0].line);
		if (ref && !r->has_chk)
			km_approx(m, r->n, x->n, "it has no check lvs.cf can run, but lvs.cf checks every "
				  "server of a virtual service: it gets the check of real_server %.60s "
				  "(line %u)",
				  ref->n->w[1].text, ref->n->w[0].line);
		if (r->inhibit != first->inhibit) {
			if (r->inhibit_n)
				km_cannot(m, r->inhibit_n, r->n, "lvs.cf sets quiesce_server per virtual "
					  "service: real_server %.60s (line %u) decides", first->n->w[1].text,
					  first->n->w[0].line);
			else
				km_approx(m, r->n, x->n, "lvs.cf sets quiesce_server per virtual service: "
					  "real_server %.60s (line %u) decides", first->n->w[1].text,
					  first->n->w[0].line);
		}
	}
}

static void add(struct kmap *m, const struct kvs *x)
{
	char addr[INET6_ADDRSTRLEN], name[96];
	struct lvs_virtual *v;

	lvs_addr_format(&x->addr, addr, sizeof(addr));
	if (x->fwmark)
		snprintf(name, sizeof(name), "fwmark-%u%s", x->fwmark, x->family == AF_INET6 ? "-v6" : "");
	else
		snprintf(name, sizeof(name), "%s-%s-%u", lvs_protocol_name(x->protocol), addr, x->port);
	v = lvs_config_add_virtual(m->cfg, name);
	if (!v) {
		km_oom(m);
		return;
	}
	v->line = x->n->w[0].line;
	v->addr = x->addr;
	v->iface = x->iface;
	v->vip_prefix = x->vip_prefix;
	v->port = x->port;
	v->protocol = x->protocol;
	v->fwmark = x->fwmark;
	v->persistent = x->persistent;
	strcpy(v->scheduler, x->sched);
	v->forward = x->fwd;
	/* keepalived puts a server back at once, at its weight. */
	v->reentry = 0;
	v->slow_start = false;
	if (x->pmask_n) {
		unsigned prefix;

		if (km_mask(m, x->pmask_n, 1, x->family, &prefix) == 0) {
			if (prefix == 0)
				km_cannot(m, x->pmask_n, x->n, "lvs.cf's pmask cannot be 0");
			else
				v->pmask_prefix = prefix;
		}
	}
	if (x->sorry_n) {
		if (x->sorry.family != x->family) {
			km_cannot(m, x->sorry_n, x->n, "it is %s but the virtual service is %s",
				  family_name(x->sorry.family), family_name(x->family));
		} else {
			v->sorry_server = x->sorry;
			v->sorry_port = x->sorry_port == x->port ? 0 : x->sorry_port;
		}
	}
	the_check(m, x, v);
	for (size_t i = 0; i < x->n_rs; i++) {
		const struct krs *r = &x->rs[i];
		struct lvs_server *s;

		if (r->drop)
			continue;
		lvs_addr_format(&r->addr, addr, sizeof(addr));
		if (r->final_port)
			snprintf(name, sizeof(name), "rs-%s-%u", addr, r->final_port);
		else
			snprintf(name, sizeof(name), "rs-%s", addr);
		s = lvs_virtual_add_server(v, name);
		if (!s) {
			km_oom(m);
			return;
		}
		s->line = r->n->w[0].line;
		s->addr = r->addr;
		s->weight = (int)r->weight;
		s->port = r->final_port;
		s->forward = r->fwd == x->fwd ? LVS_FWD_DEFAULT : r->fwd;
	}
}

void km_virtual_finish(struct kmap *m)
{
	for (size_t i = 0; i < m->n_vs; i++) {
		struct kvs *x = &m->vs[i];

		if (x->fwmark)
			fwmark_family(x);
		for (size_t j = 0; j < i && !x->drop; j++)
			if (!m->vs[j].drop && same_service(&m->vs[j], x)) {
				km_cannot(m, x->n, NULL, "the same IPVS service as the virtual_server at "
					  "line %u", m->vs[j].n->w[0].line);
				x->drop = true;
			}
		if (!x->drop)
			check_servers(m, x);
	}
	/* Addresses: the services of an address first, then the fwmark ones. */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < m->n_vs; i++)
			if (!m->vs[i].drop && (m->vs[i].fwmark != 0) == pass)
				place(m, &m->vs[i]);
	for (size_t i = 0; i < m->n_vs; i++)
		if (!m->vs[i].drop)
			add(m, &m->vs[i]);
	for (size_t i = 0; i < m->n_vs; i++) {
		for (size_t j = 0; j < m->vs[i].n_rs; j++)
			free_rs(&m->vs[i].rs[j]);
		free(m->vs[i].rs);
	}
	free(m->vs);
	m->vs = NULL;
	m->n_vs = 0;
}
