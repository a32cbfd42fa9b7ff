/* The announcement decision of an ECMP director and its bookkeeping; the
 * routes themselves are the backend's (announce_tun.c in lvsd). */
#include "config.h"

#include "vip_announce.h"

#include <errno.h>
#include <math.h>
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

/* Room for a nanny that starts late: a loaded router, a long start queue. */
#define FIRST_REPORT_SLACK 2.0

double vip_first_report_bound(const struct lvs_virtual *v)
{
	unsigned checks = v->rise > v->fall ? v->rise : v->fall;

	if (checks == 0)
		checks = 1;
	return checks * (v->timeout + v->interval) + v->interval + FIRST_REPORT_SLACK;
}

/* When the last server on vip that has not reported counts as reported
 * anyway; -HUGE_VAL when every one has reported. */
static double reports_due(const struct director *d, const struct lvs_addr *vip)
{
	double due = -HUGE_VAL;

	for (size_t i = 0; i < d->n_virtuals; i++) {
		const struct vs_state *vs = &d->virtuals[i];
		double bound;

		if (!lvs_addr_equal(&vs->cfg->addr, vip))
			continue;
		bound = vip_first_report_bound(vs->cfg);
		for (size_t j = 0; j < vs->n_servers; j++) {
			const struct rs_state *rs = &vs->servers[j];

			if (rs->health == RS_UNKNOWN && rs->since + bound > due)
				due = rs->since + bound;
		}
	}
	return due;
}

/* The i-th virtual's address is the first serving one of its kind. */
static bool first_serving(const struct director *d, size_t i)
{
	const struct lvs_addr *vip = &d->virtuals[i].cfg->addr;

	if (vip->family != AF_INET && vip->family != AF_INET6)
		return false;
	if (!svc_serving(d->virtuals[i].svc))
		return false;
	/* Seen already (several ports on one address)? */
	for (size_t j = 0; j < i; j++) {
		const struct vs_state *o = &d->virtuals[j];

		if (lvs_addr_equal(&o->cfg->addr, vip) && svc_serving(o->svc))
			return false;
	}
	return true;
}

/* Until when vip is held back for first reports (it waits while this is
 * after in->now); -HUGE_VAL for an address announced already. */
static double held_until(const struct director *d, const struct vip_announce_input *in,
			 const struct lvs_addr *vip)
{
	if (listed(in->announced, in->n_announced, vip))
		return -HUGE_VAL;
	return reports_due(d, vip);
}

size_t vip_announce_wanted(const struct director *d, const struct vip_announce_input *in,
			   struct lvs_addr *out, size_t max)
{
	size_t n = 0;

	if (!in->daemon_ok || (in->need_bfd && !in->bfd_up))
		return 0;
	for (size_t i = 0; i < d->n_virtuals; i++) {
		const struct lvs_addr *vip = &d->virtuals[i].cfg->addr;

		if (!first_serving(d, i) || held_until(d, in, vip) > in->now)
			continue;
		if (n < max)
			out[n] = *vip;
		n++;
	}
	return n;
}

double vip_announce_next_deadline(const struct director *d, const struct vip_announce_input *in)
{
	double next = 0;

	if (!in->daemon_ok || (in->need_bfd && !in->bfd_up))
		return 0;
	for (size_t i = 0; i < d->n_virtuals; i++) {
		const struct lvs_addr *vip = &d->virtuals[i].cfg->addr;
		double due;

		if (!first_serving(d, i))
			continue;
		due = held_until(d, in, vip);
		if (due > in->now && (next == 0 || due < next))
			next = due;
	}
	return next;
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
		      const struct vip_announce_input *given)
{
	struct vip_announce_input in = *given;
	size_t n;
	struct lvs_addr *want;
	int rc = 0;

	in.announced = a->announced;
	in.n_announced = a->n_announced;
	n = vip_announce_wanted(d, &in, NULL, 0);
	want = n ? calloc(n, sizeof(*want)) : NULL;
	if (n && !want)
		return -1;
	vip_announce_wanted(d, &in, want, n);
	a->next_due = vip_announce_next_deadline(d, &in);
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
