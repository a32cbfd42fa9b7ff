/* vrrp_instance onto lvs.cf's globals: the pair of routers, the heartbeat,
 * the commands run on a change of role, and where each VIP lives. */
#include "config.h"

#include "kconf_map.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct vrrp {
	const struct kconf_node *state_n, *prio_n, *advert_n, *src_n, *peer_n;
	const struct kconf_node *master_n, *backup_n;
	bool master;
	unsigned long prio;
	double advert;
	struct lvs_addr src, peer;
	char *master_cmd, *backup_cmd;
	char dev[IF_NAMESIZE];
};

/* notify_master "SCRIPT" [USER [GROUP]] */
static char *notify(struct kmap *m, const struct kconf_node *k, const struct kconf_node *parent)
{
	const char *why;

	if (km_shape(m, k, 1, 3, false) < 0)
		return NULL;
	why = km_unwritable(k->w[1].text);
	if (why) {
		km_cannot(m, k, parent, "%s", why);
		return NULL;
	}
	if (k->n_w > 2)
		km_approx(m, k, parent, "the user '%.80s' it runs as is dropped: pulse runs it as itself, "
			  "with pulse's capabilities at most", k->w[2].text);
	return km_strdup(m, k->w[1].text);
}

static void peers(struct kmap *m, const struct kconf_node *k, struct vrrp *v)
{
	size_t n = 0;

	if (km_shape(m, k, 0, 0, true) < 0)
		return;
	for (size_t i = 0; i < k->n_kids; i++) {
		const struct kconf_node *p = &k->kids[i];

		if (p->has_block) {
			km_error_at(m, p, NULL, "an address takes no { } block");
			continue;
		}
		if (km_addr(m, p, 0, n ? &(struct lvs_addr){ 0 } : &v->peer, NULL) < 0)
			continue;
		for (size_t j = 1; j < p->n_w; j++)
			km_dropped_option(m, p, j, k);
		if (n++ >= 1)
			km_cannot(m, p, k, "lvs.cf pairs two routers: the first peer is used");
	}
	if (n)
		v->peer_n = k;
}

/* ADDR[/N] [dev DEV] [label LABEL] [brd ADDR] [scope SCOPE] ... */
static void vip(struct kmap *m, const struct kconf_node *e, const struct kconf_node *block,
		const struct vrrp *v)
{
	static const char *const with_value[] = {
		"brd", "broadcast", "scope", "peer", "preferred_lft", "track_group", NULL,
	};
	struct kvip x = { .node = e, .block = block };
	const char *label = NULL;
	size_t label_wi = 0;

	if (e->has_block) {
		km_error_at(m, e, NULL, "an address takes no { } block");
		return;
	}
	if (km_addr(m, e, 0, &x.addr, &x.prefix) < 0)
		return;
	strcpy(x.iface.dev, v->dev);
	for (size_t i = 1; i < e->n_w; i++) {
		const char *o = e->w[i].text;
		bool value = strcmp(o, "dev") == 0 || strcmp(o, "label") == 0;

		for (size_t j = 0; with_value[j] && !value; j++)
			value = strcmp(o, with_value[j]) == 0;
		if (value && i + 1 == e->n_w) {
			km_error_at(m, e, &e->w[i], "option '%.80s' needs a value", o);
			return;
		}
		if (strcmp(o, "dev") == 0) {
			if (km_dev(m, e, i + 1, x.iface.dev) < 0)
				return;
		} else if (strcmp(o, "label") == 0) {
			label = e->w[i + 1].text;
			label_wi = i;
		} else {
			km_dropped_option(m, e, i, block);
		}
		i += value;
	}
	if (label) {
		size_t dl = strlen(x.iface.dev);

		/* lvs.cf writes a label as DEV:ALIAS; IPv6 addresses have none. */
		if (x.addr.family == AF_INET && dl && strncmp(label, x.iface.dev, dl) == 0 &&
		    label[dl] == ':' && km_devname_ok(label + dl + 1) && strlen(label) < IF_NAMESIZE)
			strcpy(x.iface.label, label);
		else
			kconf_diag_add(m->d, KCONF_DROPPED, e->file, e->seq, e->w[label_wi].line,
				       e->w[label_wi].col, "option 'label' of '%.80s' (in %s) cannot be "
				       "converted (lvs.cf labels %s): dropped", e->w[0].text,
				       block->w[0].text, x.addr.family == AF_INET6
				       ? "no IPv6 address" : "an address DEV:ALIAS, on its device");
	}
	for (size_t i = 0; i < m->n_vips; i++)
		if (lvs_addr_equal(&m->vips[i].addr, &x.addr)) {
			kconf_diag_add(m->d, KCONF_DROPPED, e->file, e->seq, e->w[0].line, e->w[0].col,
				       "address '%.80s' (in %s) is listed again (first at %s:%u): dropped",
				       e->w[0].text, block->w[0].text, m->vips[i].node->file,
				       m->vips[i].node->w[0].line);
			return;
		}
	{
		struct kvip *vips = realloc(m->vips, (m->n_vips + 1) * sizeof(*vips));

		if (!vips) {
			km_oom(m);
			return;
		}
		m->vips = vips;
		vips[m->n_vips++] = x;
	}
}

static void scalars(struct kmap *m, const struct kconf_node *n, struct vrrp *v)
{
	for (size_t i = 0; i < n->n_kids; i++) {
		const struct kconf_node *k = &n->kids[i];

		if (km_is(k, "state")) {
			if (km_shape(m, k, 1, 1, false) < 0)
				continue;
			if (strcasecmp(k->w[1].text, "MASTER") && strcasecmp(k->w[1].text, "BACKUP")) {
				km_error_at(m, k, &k->w[1], "invalid value '%.80s' for 'state' (expected "
					    "MASTER or BACKUP)", k->w[1].text);
				continue;
			}
			v->master = strcasecmp(k->w[1].text, "MASTER") == 0;
			v->state_n = k;
		} else if (km_is(k, "priority")) {
			if (km_shape(m, k, 1, 1, false) == 0 && km_uint(m, k, 1, 1, 255, &v->prio) == 0)
				v->prio_n = k;
		} else if (km_is(k, "advert_int")) {
			if (km_shape(m, k, 1, 1, false) < 0 || km_timer(m, k, 1, false, &v->advert) < 0)
				continue;
			if (v->advert > 255) {
				km_error_at(m, k, &k->w[1], "invalid value '%.80s' for 'advert_int' "
					    "(expected seconds from 0.001 to 255)", k->w[1].text);
				continue;
			}
			v->advert_n = k;
		} else if (km_is(k, "interface")) {
			if (km_shape(m, k, 1, 1, false) == 0)
				km_dev(m, k, 1, v->dev);
		} else if (km_is(k, "unicast_src_ip")) {
			if (km_shape(m, k, 1, 1, false) == 0 && km_addr(m, k, 1, &v->src, NULL) == 0)
				v->src_n = k;
		} else if (km_is(k, "unicast_peer")) {
			peers(m, k, v);
		} else if (km_is(k, "notify_master")) {
			free(v->master_cmd);
			v->master_cmd = notify(m, k, n);
			v->master_n = v->master_cmd ? k : NULL;
		} else if (km_is(k, "notify_backup")) {
			free(v->backup_cmd);
			v->backup_cmd = notify(m, k, n);
			v->backup_n = v->backup_cmd ? k : NULL;
		} else if (km_is(k, "lvs_sync_daemon_interface")) {
			if (km_shape(m, k, 1, 1, false) == 0 && km_dev(m, k, 1, m->cfg->syncd_iface) == 0)
				m->cfg->syncdaemon = true;
		} else if (km_is(k, "authentication")) {
			km_cannot(m, k, n, "lvs.cf signs the heartbeats with heartbeat_key_file, "
				  "see lvs.cf(5)");
		} else if (!km_is(k, "virtual_ipaddress") && !km_is(k, "virtual_ipaddress_excluded")) {
			km_dropped(m, k, n);
		}
	}
}

/* The first instance sets the pair; the others must agree with it. */
static void first_instance(struct kmap *m, const struct kconf_node *n, struct vrrp *v)
{
	struct lvs_config *c = m->cfg;
	bool primary = v->state_n ? v->master : v->prio_n && v->prio == 255;

	m->first_vrrp = n;
	m->vrrp_primary = primary;
	strcpy(m->vrrp_dev, v->dev);
	c->keepalive = v->advert;
	c->deadtime = km_ms(3 * v->advert);
	c->active_cmd = v->master_cmd;
	c->inactive_cmd = v->backup_cmd;
	v->master_cmd = v->backup_cmd = NULL;
	if (v->src_n && v->peer_n && !lvs_addr_equal(&v->src, &v->peer) &&
	    v->src.family == v->peer.family) {
		c->primary = primary ? v->src : v->peer;
		c->backup = primary ? v->peer : v->src;
		c->backup_active = true;
		c->heartbeat = true;
	} else {
		km_approx(m, n, NULL, "without unicast_src_ip and one unicast_peer of the same family "
			  "the routers' addresses are unknown: set primary, backup and "
			  "backup_active = 1 in the output (it runs one router alone)");
	}
}

static void later_instance(struct kmap *m, const struct kconf_node *n, struct vrrp *v)
{
	const struct lvs_config *c = m->cfg;
	const struct kconf_node *first = m->first_vrrp;
	bool primary = v->state_n ? v->master : v->prio_n && v->prio == 255;
	const struct lvs_addr *self = m->vrrp_primary ? &c->primary : &c->backup;
	const struct lvs_addr *other = m->vrrp_primary ? &c->backup : &c->primary;
	const struct kconf_node *differ[6] = { 0 };

	if (v->advert_n && v->advert != c->keepalive)
		differ[0] = v->advert_n;
	if ((v->state_n || v->prio_n) && primary != m->vrrp_primary)
		differ[1] = v->state_n ? v->state_n : v->prio_n;
	if (v->src_n && !lvs_addr_equal(&v->src, self))
		differ[2] = v->src_n;
	if (v->peer_n && !lvs_addr_equal(&v->peer, other))
		differ[3] = v->peer_n;
	if (v->master_n && (!c->active_cmd || strcmp(v->master_cmd, c->active_cmd)))
		differ[4] = v->master_n;
	if (v->backup_n && (!c->inactive_cmd || strcmp(v->backup_cmd, c->inactive_cmd)))
		differ[5] = v->backup_n;
	for (size_t i = 0; i < 6; i++)
		if (differ[i])
			km_cannot(m, differ[i], n, "lvs.cf has one pair of routers with one heartbeat: "
				  "that of the first vrrp_instance (%s:%u) is used", first->file,
				  first->w[0].line);
}

void km_vrrp_instance(struct kmap *m, const struct kconf_node *n)
{
	struct vrrp v = { .advert = 1, .prio = 100 };

	scalars(m, n, &v);
	for (size_t i = 0; i < n->n_kids; i++) {
		const struct kconf_node *k = &n->kids[i];

		if (!km_is(k, "virtual_ipaddress") && !km_is(k, "virtual_ipaddress_excluded"))
			continue;
		if (km_shape(m, k, 0, 0, true) < 0)
			continue;
		for (size_t j = 0; j < k->n_kids; j++)
			vip(m, &k->kids[j], k, &v);
	}
	if (!m->first_vrrp)
		first_instance(m, n, &v);
	else
		later_instance(m, n, &v);
	free(v.master_cmd);
	free(v.backup_cmd);
}
