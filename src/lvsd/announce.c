/* lvsd's announcements in director_mode = ecmp: the decision
 * (vip_announce.c) fed with the daemon's state, carried out by the TUN
 * device (announce_tun.c). Called after every change of the director. */
#include "config.h"

#include "log.h"
#include "lvsd.h"

static const struct vip_announce_backend tun_backend = {
	.add = announce_tun_add,
	.del = announce_tun_del,
};

int announce_start(struct lvsd *l)
{
	if (l->cfg->director_mode != LVS_MODE_ECMP || l->test_start || l->tun)
		return 0;
	if (l->cfg->announce_bfd) {
		/* Not written yet: the query of BIRD's BFD sessions over
		 * bird_socket. Refused rather than never announcing. */
		log_err("announce_bfd = 1 is not supported by this lvsd yet (it cannot ask BIRD for its "
			"BFD sessions): set announce_bfd = 0; bfd on in the upstream router's BGP "
			"sessions still withdraws a director that loses its link");
		return -1;
	}
	l->tun = announce_tun_open(l->cfg->announce_table);
	if (!l->tun)
		return -1;
	vip_announce_init(&l->announcer, &tun_backend, l->tun);
	announce_update(l);
	return 0;
}

void announce_update(struct lvsd *l)
{
	struct vip_announce_input in = {
		.daemon_ok = l->table_built && !l->stopping,
		.need_bfd = l->cfg->announce_bfd,
		.bfd_up = l->bfd_up,
	};

	if (!l->tun)
		return;
	if (vip_announce_sync(&l->announcer, &l->director, &in) < 0)
		log_warn("announce: some routes could not be changed; trying again at the next change");
}

void announce_stop(struct lvsd *l)
{
	if (!l->tun)
		return;
	vip_announce_withdraw_all(&l->announcer);
	vip_announce_free(&l->announcer);
	announce_tun_close(l->tun);
	l->tun = NULL;
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
	announce_update(l);
}
