/* The announcement decision of an ECMP director and its bookkeeping; the
 * routes themselves are the backend's (announce_tun.c in lvsd). */
#include "config.h"

#include "vip_announce.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* A destination of the service that takes new connections. */
static bool svc_serving(const struct svc_state *svc)
{
	if (!svc || !svc->in_table)
		return false;
	for (size_t i = 0; i < svc->n_dests; i++)
		if (svc->dests[i].in_table && svc->dests[i].table_weight > 0)
			return true;
	return false;
}

static bool listed(const struct lvs_addr *list, size_t n, const struct lvs_addr *a)
{
	for (size_t i = 0; i < n; i++)
		if (lvs_addr_equal(&list[i], a))
			return true;
	return false;
}

size_t vip_announce_wanted(const struct director *d, const struct vip_announce_input *in,
			   struct lvs_addr *out, size_t max)
{
	size_t n = 0;

	if (!in->daemon_ok || (in->need_bfd && !in->bfd_up))
		return 0;
	for (size_t i = 0; i < d->n_virtuals; i++) {
		const struct vs_state *vs = &d->virtuals[i];
		const struct lvs_addr *vip = &vs->cfg->addr;
		bool dup = false;

		if (vip->family != AF_INET && vip->family != AF_INET6)
			continue;
		if (!svc_serving(vs->svc))
			continue;
		/* Seen already (several ports on one address)? */
		for (size_t j = 0; j < i && !dup; j++) {
			const struct vs_state *o = &d->virtuals[j];

			dup = lvs_addr_equal(&o->cfg->addr, vip) && svc_serving(o->svc);
		}
		if (dup)
			continue;
		if (n < max)
			out[n] = *vip;
		n++;
	}
	return n;
}

void vip_announce_init(struct vip_announcer *a, const struct vip_announce_backend *backend, void *ctx)
{
	memset(a, 0, sizeof(*a));
	a->backend = backend;
	a->ctx = ctx;
}

bool vip_announce_is_announced(const struct vip_announcer *a, const struct lvs_addr *vip)
{
	return listed(a->announced, a->n_announced, vip);
}

static void forget(struct vip_announcer *a, size_t i)
{
	a->announced[i] = a->announced[--a->n_announced];
}

int vip_announce_sync(struct vip_announcer *a, const struct director *d,
		      const struct vip_announce_input *in)
{
	size_t n = vip_announce_wanted(d, in, NULL, 0);
	struct lvs_addr *want = n ? calloc(n, sizeof(*want)) : NULL;
	int rc = 0;

	if (n && !want)
		return -1;
	vip_announce_wanted(d, in, want, n);
	for (size_t i = a->n_announced; i-- > 0;) {
		if (listed(want, n, &a->announced[i]))
			continue;
		if (a->backend->del(a->ctx, &a->announced[i]) < 0) {
			a->failed_ops++;
			rc = -1;
			continue;
		}
		forget(a, i);
	}
	for (size_t i = 0; i < n; i++) {
		if (listed(a->announced, a->n_announced, &want[i]))
			continue;
		if (a->n_announced == a->cap) {
			size_t cap = a->cap ? a->cap * 2 : 8;
			struct lvs_addr *grown = realloc(a->announced, cap * sizeof(*grown));

			if (!grown) {
				rc = -1;
				break;
			}
			a->announced = grown;
			a->cap = cap;
		}
		if (a->backend->add(a->ctx, &want[i]) < 0) {
			a->failed_ops++;
			rc = -1;
			continue;
		}
		a->announced[a->n_announced++] = want[i];
	}
	free(want);
	return rc;
}

void vip_announce_withdraw_all(struct vip_announcer *a)
{
	for (size_t i = a->n_announced; i-- > 0;) {
		if (a->backend->del(a->ctx, &a->announced[i]) < 0)
			a->failed_ops++;
		forget(a, i);
	}
}

void vip_announce_free(struct vip_announcer *a)
{
	free(a->announced);
	a->announced = NULL;
	a->n_announced = a->cap = 0;
}
