/* keepalived.conf's top level onto lvs.cf: global_defs here, vrrp_instance
 * in kconf_map_vrrp.c, virtual_server in kconf_map_vs.c. */
#include "config.h"

#include "kconf_map.h"

#include <stdlib.h>
#include <string.h>

/* lvs_sync_daemon IFACE [[inst] INSTANCE] [id N] [maxlen N] [port N] [ttl N] [group ADDR] */
static void sync_daemon(struct kmap *m, const struct kconf_node *k, const struct kconf_node *parent)
{
	static const char *const dropped[] = { "maxlen", "port", "ttl", "group", NULL };
	size_t i = 2;
	char dev[IF_NAMESIZE];

	if (km_shape(m, k, 1, 16, false) < 0 || km_dev(m, k, 1, dev) < 0)
		return;
	/* [[inst] INSTANCE]: the instance whose state drives the daemon; in
	 * lvs.cf, pulse's role. */
	if (i + 1 < k->n_w && strcmp(k->w[i].text, "inst") == 0) {
		i += 2;
	} else if (i < k->n_w && strcmp(k->w[i].text, "id") != 0) {
		bool option = false;

		for (size_t j = 0; dropped[j]; j++)
			option |= strcmp(k->w[i].text, dropped[j]) == 0;
		if (!option)
			i++;
	}
	for (; i < k->n_w; i += 2) {
		bool known = strcmp(k->w[i].text, "id") == 0;

		for (size_t j = 0; dropped[j]; j++)
			known |= strcmp(k->w[i].text, dropped[j]) == 0;
		if (!known) {
			km_error_at(m, k, &k->w[i], "unknown option '%.80s' of '%s' (expected id, maxlen, "
				    "port, ttl or group)", k->w[i].text, k->w[0].text);
			return;
		}
		if (i + 1 == k->n_w) {
			km_error_at(m, k, &k->w[i], "option '%s' of '%s' needs a value", k->w[i].text,
				    k->w[0].text);
			return;
		}
		if (strcmp(k->w[i].text, "id") == 0) {
			unsigned long id;

			if (km_uint(m, k, i + 1, 0, 255, &id) < 0)
				return;
			m->cfg->syncd_id = (unsigned)id;
		} else {
			km_dropped_option(m, k, i, parent);
		}
	}
	m->cfg->syncdaemon = true;
	strcpy(m->cfg->syncd_iface, dev);
}

/* lvs_timeouts [tcp N] [tcpfin N] [udp N] */
static void lvs_timeouts(struct kmap *m, const struct kconf_node *k)
{
	if (km_shape(m, k, 2, 6, false) < 0)
		return;
	for (size_t i = 1; i < k->n_w; i += 2) {
		const char *what = k->w[i].text;
		unsigned *dst = strcmp(what, "tcp") == 0 ? &m->cfg->tcp_timeout
			      : strcmp(what, "tcpfin") == 0 ? &m->cfg->tcpfin_timeout
			      : strcmp(what, "udp") == 0 ? &m->cfg->udp_timeout : NULL;
		unsigned long v;

		if (!dst) {
			km_error_at(m, k, &k->w[i], "unknown option '%.80s' of 'lvs_timeouts' (expected tcp, "
				    "tcpfin or udp)", what);
			return;
		}
		if (i + 1 == k->n_w) {
			km_error_at(m, k, &k->w[i], "option '%s' of 'lvs_timeouts' needs a value", what);
			return;
		}
		if (km_uint(m, k, i + 1, 1, 2147483, &v) < 0)
			return;
		*dst = (unsigned)v;
	}
}

void km_global_defs(struct kmap *m, const struct kconf_node *n)
{
	for (size_t i = 0; i < n->n_kids; i++) {
		const struct kconf_node *k = &n->kids[i];

		if (km_is(k, "lvs_sync_daemon"))
			sync_daemon(m, k, n);
		else if (km_is(k, "lvs_timeouts"))
			lvs_timeouts(m, k);
		else
			km_dropped(m, k, n);
	}
}

/* The addresses of the vrrp_instances that no virtual_server uses. */
static void unused_vips(struct kmap *m)
{
	for (size_t i = 0; i < m->n_vips; i++) {
		const struct kvip *v = &m->vips[i];

		if (v->used)
			continue;
		kconf_diag_add(m->d, KCONF_DROPPED, v->node->file, v->node->seq, v->node->w[0].line,
			       v->node->w[0].col, "address '%.80s' (in %s) cannot be converted (no "
			       "virtual_server uses it, and lvs.cf brings up only the addresses of its "
			       "virtual services): dropped", v->node->w[0].text, v->block->w[0].text);
	}
}

/* keepalived users list the real servers' NAT gateway among the VRRP
 * addresses: with NAT in use, the first IPv4 one no virtual_server has is
 * lvs.cf's nat_router. */
static void nat_router(struct kmap *m)
{
	struct lvs_config *c = m->cfg;
	bool nat = false;

	for (size_t i = 0; i < c->n_virtuals; i++) {
		const struct lvs_virtual *v = &c->virtuals[i];

		nat |= v->forward == LVS_FWD_NAT;
		for (size_t j = 0; j < v->n_servers; j++)
			nat |= v->servers[j].forward == LVS_FWD_NAT;
	}
	if (!nat)
		return;
	for (size_t i = 0; i < m->n_vips; i++) {
		struct kvip *v = &m->vips[i];

		if (v->used || v->addr.family != AF_INET || !v->iface.dev[0])
			continue;
		c->nat_router = v->addr;
		c->nat_router_iface = v->iface;
		c->nat_prefix = v->prefix;
		v->used = true;
		kconf_diag_add(m->d, KCONF_APPROX, v->node->file, v->node->seq, v->node->w[0].line,
			       v->node->w[0].col, "address '%.80s' (in %s) converted approximately: no "
			       "virtual_server has it, so it is taken as nat_router, the NAT gateway of "
			       "the real servers", v->node->w[0].text, v->block->w[0].text);
		return;
	}
}

/* The most common forwarding method becomes the global network; the
 * virtuals and servers that differ say so. */
static void forwarding(struct lvs_config *cfg)
{
	size_t count[LVS_FWD_TUNNEL + 1] = { 0 };
	enum lvs_forward best = LVS_FWD_NAT;

	for (size_t i = 0; i < cfg->n_virtuals; i++)
		count[cfg->virtuals[i].forward]++;
	for (int f = LVS_FWD_NAT; f <= LVS_FWD_TUNNEL; f++)
		if (count[f] > count[best])
			best = (enum lvs_forward)f;
	cfg->network = best;
	for (size_t i = 0; i < cfg->n_virtuals; i++)
		if (cfg->virtuals[i].forward == best)
			cfg->virtuals[i].forward = LVS_FWD_DEFAULT;
}

struct lvs_config *kconf_map(const struct kconf_tree *t, struct kconf_diags *d)
{
	struct kmap m = { .d = d };
	const struct kconf_node *root = &t->root;

	m.cfg = lvs_config_new();
	if (!m.cfg) {
		km_oom(&m);
		return NULL;
	}
	/* The VRRP side first: it says where the virtual addresses live. */
	for (size_t i = 0; i < root->n_kids; i++) {
		const struct kconf_node *k = &root->kids[i];

		if (km_is(k, "global_defs")) {
			if (km_shape(&m, k, 0, 0, true) == 0)
				km_global_defs(&m, k);
		} else if (km_is(k, "vrrp_instance")) {
			if (km_shape(&m, k, 1, 1, true) == 0)
				km_vrrp_instance(&m, k);
		} else if (km_is(k, "virtual_server_group")) {
			km_cannot(&m, k, root, "lvs.cf has no groups of virtual services: write a "
				  "virtual_server for each address");
		} else if (!km_is(k, "virtual_server")) {
			km_dropped(&m, k, root);
		}
	}
	for (size_t i = 0; i < root->n_kids; i++)
		if (km_is(&root->kids[i], "virtual_server"))
			km_virtual_server(&m, &root->kids[i]);
	km_virtual_finish(&m);
	nat_router(&m);
	unused_vips(&m);
	forwarding(m.cfg);
	free(m.vips);
	if (m.failed) {
		lvs_config_free(m.cfg);
		return NULL;
	}
	return m.cfg;
}

struct lvs_config *kconf_convert(const char *name, const char *text, size_t len,
				 const struct kconf_reader *rd, struct kconf_diags *d)
{
	struct kconf_tree t;
	struct lvs_config *cfg;

	if (kconf_tree_build(name, text, len, rd, &t, d) < 0)
		return NULL;
	cfg = kconf_map(&t, d);
	kconf_tree_free(&t);
	if (cfg && d->oom) {
		lvs_config_free(cfg);
		cfg = NULL;
	}
	if (!cfg && kconf_diag_count(d, KCONF_ERROR) == 0)
		kconf_diag_add(d, KCONF_ERROR, name, 0, 0, 0, "out of memory");
	return cfg;
}
