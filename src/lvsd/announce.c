/* lvsd's announcements in director_mode = ecmp: the decision
 * (vip_announce.c) fed with the daemon's state, carried out by the TUN
 * device (announce_tun.c). Called after every change of the director. */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "bird_client.h"
#include "log.h"
#include "lvsd.h"

static const struct vip_announce_backend tun_backend = {
	.add = announce_tun_add,
	.del = announce_tun_del,
};

static const char *bird_path(const struct lvs_config *cfg)
{
	return cfg->bird_socket ? cfg->bird_socket : LVS_BIRD_SOCKET_DEFAULT;
}

/* What BIRD says about BFD, told once per change by the client. */
static void bfd_changed(void *ctx, enum bird_bfd_state state, const char *why)
{
	struct lvsd *l = ctx;
	bool up = state == BIRD_BFD_UP;

	if (up)
		log_notice("announce_bfd: %s: announcing", why);
	else
		log_warn("announce_bfd: %s: the VIPs are withdrawn", why);
	l->bfd_up = up;
	announce_update(l);
}

/* announce_bfd = 1: ask BIRD; until it says a session is up, nothing is
 * announced. */
static int bfd_start(struct lvsd *l)
{
	struct bird_client_opts o = {
		.path = bird_path(l->cfg),
		.changed = bfd_changed,
		.ctx = l,
	};

	l->bfd_up = false;
	if (!l->cfg->announce_bfd || l->bird)
		return 0;
	l->bird = bird_client_new(l->loop, &o);
	if (!l->bird) {
		log_err("announce_bfd: cannot ask BIRD at %s: %s", o.path,
			errno == ENAMETOOLONG ? "the path is too long for a UNIX socket" : strerror(errno));
		return -1;
	}
	return 0;
}

static void bfd_stop(struct lvsd *l)
{
	bird_client_free(l->bird);
	l->bird = NULL;
	l->bfd_up = false;
}

/* A server that never reported has had its time: announce without it. */
static void reports_overdue(struct evloop *loop, struct ev_timer *timer, void *data)
{
	(void)loop, (void)timer;
	log_warn("announce: a server has not reported within its first-report time; "
		 "announcing with the servers that have");
	announce_update(data);
}

int announce_start(struct lvsd *l)
{
	if (l->cfg->director_mode != LVS_MODE_ECMP || l->test_start || l->tun)
		return 0;
	l->announce_due = evloop_timer_new(l->loop, reports_overdue, l);
	if (!l->announce_due)
		return -1;
	l->tun = announce_tun_open(l->cfg->announce_table);
	if (!l->tun) {
		evloop_timer_free(l->announce_due);
		l->announce_due = NULL;
		return -1;
	}
	vip_announce_init(&l->announcer, &tun_backend, l->tun);
	if (bfd_start(l) < 0) {
		announce_stop(l);
		return -1;
	}
	announce_update(l);
	return 0;
}

void announce_update(struct lvsd *l)
{
	struct vip_announce_input in = {
		.daemon_ok = l->table_built && !l->stopping,
		.need_bfd = l->cfg->announce_bfd,
		.bfd_up = l->bfd_up,
		.now = evloop_now(l->loop),
	};

	if (!l->tun)
		return;
	if (vip_announce_sync(&l->announcer, &l->director, &in) < 0)
		log_warn("announce: some routes could not be changed; trying again at the next change");
	if (l->announcer.next_due > 0)
		evloop_timer_arm(l->announce_due, l->announcer.next_due - in.now);
	else
		evloop_timer_disarm(l->announce_due);
}

void announce_stop(struct lvsd *l)
{
	bfd_stop(l);
	if (!l->tun)
		return;
	vip_announce_withdraw_all(&l->announcer);
	vip_announce_free(&l->announcer);
	announce_tun_close(l->tun);
	l->tun = NULL;
	evloop_timer_free(l->announce_due);
	l->announce_due = NULL;
}

void announce_reload(struct lvsd *l, const struct lvs_config *old_cfg)
{
	if (old_cfg->director_mode != l->cfg->director_mode ||
	    old_cfg->announce_table != l->cfg->announce_table)
		announce_stop(l);
	if (l->cfg->director_mode == LVS_MODE_ECMP && !l->tun) {
		if (announce_start(l) < 0)
			log_err("announce: cannot announce; the VIPs stay withdrawn");
		return;
	}
	if (l->tun && (old_cfg->announce_bfd != l->cfg->announce_bfd ||
		       strcmp(bird_path(old_cfg), bird_path(l->cfg)) != 0)) {
		bfd_stop(l);
		if (bfd_start(l) < 0)
			log_err("announce: announce_bfd cannot ask BIRD; the VIPs stay withdrawn");
	}
	announce_update(l);
}
