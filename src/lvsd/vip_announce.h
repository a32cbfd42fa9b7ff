/* Which virtual addresses an ECMP director announces (director_mode = ecmp).
 *
 * vip_announce_wanted() is a pure function of the director's state: a VIP
 * is wanted while the daemon is healthy (its table built, not stopping),
 * the BFD requirement is met, and at least one active virtual with that
 * address has its service in the table with a destination of weight > 0
 * (the sorry server does not count). An address not announced yet also
 * waits until every server of every virtual on it has reported once, or
 * has had the time to (vip_first_report_bound): with mh, a director whose
 * table holds only the servers checked so far maps the flows that ECMP
 * sends it to other servers than its peers do, and those flows break.
 * vip_announce_sync() brings what the
 * backend announced to that set, and records only what the backend
 * confirmed, as director.c does with the table. */
#ifndef LVSD_VIP_ANNOUNCE_H
#define LVSD_VIP_ANNOUNCE_H

#include <stdbool.h>
#include <stddef.h>

#include "director.h"
#include "lvs_config.h"

struct vip_announce_backend {
	/* Announce or withdraw one address: 0 or a negative errno. */
	int (*add)(void *ctx, const struct lvs_addr *vip);
	int (*del)(void *ctx, const struct lvs_addr *vip);
};

struct vip_announcer {
	const struct vip_announce_backend *backend;
	void *ctx;
	struct lvs_addr *announced; /* what the backend confirmed */
	size_t n_announced, cap;
	unsigned failed_ops;        /* operations the backend refused, ever */
	double next_due;            /* at the last sync: vip_announce_next_deadline() */
};

/* The conditions besides the servers. */
struct vip_announce_input {
	bool daemon_ok;  /* table built, not stopping */
	bool need_bfd;   /* announce_bfd = 1 */
	bool bfd_up;     /* BIRD reports a BFD session up */
	double now;      /* the director's clock (the servers' "since") */
	/* What is announced now: kept while it serves, without waiting for
	 * reports (a server added by a reload must not withdraw it). */
	const struct lvs_addr *announced;
	size_t n_announced;
};

/* Pure: how long a server of this virtual may take to report for the
 * first time, its nanny's start included. */
double vip_first_report_bound(const struct lvs_virtual *v);

/* Pure: the wanted addresses, each once, in file order, into out (at most
 * max). Returns how many are wanted (may be more than max). */
size_t vip_announce_wanted(const struct director *d, const struct vip_announce_input *in,
			   struct lvs_addr *out, size_t max);

/* Pure: the earliest time after in->now at which an address held back
 * only by servers that have not reported will be wanted anyway; 0 if no
 * address waits for that. */
double vip_announce_next_deadline(const struct director *d, const struct vip_announce_input *in);

void vip_announce_init(struct vip_announcer *a, const struct vip_announce_backend *backend, void *ctx);
/* Withdraw what is no longer wanted, then announce what is new (in's
 * announced list is replaced by the announcer's own), and note next_due. 0, or -1
 * if an operation failed (it is tried again at the next sync) or memory
 * ran out. */
int vip_announce_sync(struct vip_announcer *a, const struct director *d,
		      const struct vip_announce_input *in);
/* Withdraw everything (SIGTERM), then forget it. */
void vip_announce_withdraw_all(struct vip_announcer *a);
bool vip_announce_is_announced(const struct vip_announcer *a, const struct lvs_addr *vip);
void vip_announce_free(struct vip_announcer *a);

#endif
