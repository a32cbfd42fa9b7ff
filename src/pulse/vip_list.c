#include "config.h"

/* The addresses the active router holds, as lists: which ones a
 * configuration asks for, and what a reload adds and removes. Pure. */

#include <stdlib.h>
#include <string.h>

#include "pulse.h"

static bool same_vip(const struct pulse_vip *a, const struct lvs_addr *addr, const struct lvs_iface *ifc)
{
	return lvs_addr_equal(&a->addr, addr) && strcmp(a->iface.dev, ifc->dev) == 0;
}

static int add_vip(struct pulse_vip **vips, size_t *n, const struct lvs_addr *addr,
		   const struct lvs_iface *ifc, unsigned prefix)
{
	struct pulse_vip *grown;

	for (size_t i = 0; i < *n; i++)
		if (same_vip(&(*vips)[i], addr, ifc))
			return 0;
	grown = realloc(*vips, (*n + 1) * sizeof(*grown));
	if (!grown)
		return -1;
	*vips = grown;
	grown[*n] = (struct pulse_vip){ .addr = *addr, .iface = *ifc, .prefix = prefix };
	(*n)++;
	return 0;
}

int pulse_vips_list(const struct lvs_config *c, struct pulse_vip **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	for (size_t i = 0; i < c->n_virtuals; i++) {
		const struct lvs_virtual *v = &c->virtuals[i];

		if (v->active && v->addr.family != AF_UNSPEC && v->iface.dev[0] &&
		    add_vip(out, n, &v->addr, &v->iface, v->vip_prefix) < 0)
			goto oom;
	}
	if (c->nat_router.family != AF_UNSPEC && c->nat_router_iface.dev[0] &&
	    add_vip(out, n, &c->nat_router, &c->nat_router_iface, c->nat_prefix) < 0)
		goto oom;
	return 0;
oom:
	free(*out);
	*out = NULL;
	*n = 0;
	return -1;
}

bool pulse_vip_listed(const struct pulse_vip *v, const struct pulse_vip *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (same_vip(&list[i], &v->addr, &v->iface) && list[i].prefix == v->prefix &&
		    strcmp(list[i].iface.label, v->iface.label) == 0)
			return true;
	return false;
}

static int not_in(const struct pulse_vip *from, size_t nfrom, const struct pulse_vip *other,
		  size_t nother, struct pulse_vip **out, size_t *n)
{
	*n = 0;
	*out = calloc(nfrom ? nfrom : 1, sizeof(**out));
	if (!*out)
		return -1;
	for (size_t i = 0; i < nfrom; i++)
		if (!pulse_vip_listed(&from[i], other, nother))
			(*out)[(*n)++] = from[i];
	return 0;
}

int pulse_vips_diff(const struct pulse_vip *old, size_t nold, const struct pulse_vip *new,
		    size_t nnew, struct pulse_vip **gone, size_t *ngone,
		    struct pulse_vip **added, size_t *nadded)
{
	if (not_in(old, nold, new, nnew, gone, ngone) < 0)
		return -1;
	if (not_in(new, nnew, old, nold, added, nadded) < 0) {
		free(*gone);
		*gone = NULL;
		*ngone = 0;
		return -1;
	}
	return 0;
}
