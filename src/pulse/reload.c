#include "config.h"

/* SIGHUP: apply a new lvs.cf to a running pulse. Everything is prepared
 * from the new file first (a file with errors, a role change, a key that
 * cannot be read or a heartbeat port that cannot be bound leave pulse
 * exactly as it was); only then are the key, the heartbeat sockets, the
 * timers and the addresses switched over. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "pulse.h"

int pulse_key_for(const struct lvs_config *c, struct hb_key *key)
{
	char err[512];

	memset(key, 0, sizeof(*key));
	if (c->heartbeat_auth == LVS_HB_AUTH_NONE) {
		log_notice("heartbeat_auth = none: heartbeats are not authenticated");
		return 0;
	}
	if (!c->heartbeat_key_file) {
		/* The parser refuses this for heartbeat_auth = required and warned
		 * otherwise; say it once more at the point where it matters. */
		if (c->heartbeat_auth == LVS_HB_AUTH_HMAC) {
			log_err("heartbeat_auth requires heartbeat_key_file");
			return -1;
		}
		if (c->backup_active)
			log_warn("heartbeats are NOT authenticated: anyone on the heartbeat network can "
				 "take the virtual addresses; create a key with 'pulse --generate-key "
				 "FILE' and set heartbeat_key_file");
		return 0;
	}
	if (hb_key_load(key, c->heartbeat_key_file, err, sizeof(err)) < 0) {
		log_err("%s", err);
		return -1;
	}
	return 0;
}

void pulse_config_identity(struct pulse *p)
{
	if (hb_config_digest_file(p->config_path, p->tx.config_digest) < 0)
		log_warn("cannot read %s for its digest: %m", p->config_path);
	memcpy(p->fo.cfg.config_digest, p->tx.config_digest, HB_DIGEST_LEN);
	p->tx.config_serial = (uint32_t)p->cfg->serial_no;
}

/* The heartbeat timers follow keepalive and deadtime; settle and give-up
 * waits that were derived from them follow too. */
static void apply_timers(struct pulse *p, const struct lvs_config *old, const struct lvs_config *n)
{
	struct fo_config *fc = &p->fo.cfg;

	if (fc->settle == old->keepalive)
		fc->settle = n->keepalive;
	if (fc->giveup_timeout == old->deadtime)
		fc->giveup_timeout = n->deadtime;
	fc->keepalive = n->keepalive;
	fc->deadtime = n->deadtime;
	fc->monitor_links = n->monitor_links && n->backup_active;
}

/* While active the addresses change by difference; otherwise they are
 * brought up with the new list at the next takeover. */
static void switch_vips(struct pulse *p, struct pulse_vip *vips, size_t nvips)
{
	if (p->fo.state == FO_ACTIVE) {
		struct pulse_vip *gone, *added;
		size_t ngone, nadded;

		if (pulse_vips_diff(p->vips, p->nvips, vips, nvips, &gone, &ngone, &added, &nadded) == 0) {
			pulse_vips_apply(p, gone, ngone, false);
			pulse_vips_apply(p, added, nadded, true);
			free(gone);
			free(added);
		}
	}
	free(p->vips);
	p->vips = vips;
	p->nvips = nvips;
	if (p->fo.state == FO_ACTIVE)
		pulse_send_arps(p);
}

int pulse_reload(struct pulse *p)
{
	struct lvs_config_errors errs = { 0 };
	struct lvs_config *n = lvs_config_load(p->config_path, &errs), *old = p->cfg;
	struct pulse_vip *vips = NULL;
	size_t nvips = 0;
	struct hb_key key;

	if (!n)
		log_err("reload: %s has errors; the running configuration stays", p->config_path);
	size_t count = lvs_config_log_errors(&errs);

	if (!n) {
		char why[128];

		snprintf(why, sizeof(why), "the file has %zu error%s", count, count == 1 ? "" : "s");
		pulse_reload_refused(p, why);
	}
	if (!n)
		return -1;
	if (lvs_config_reload_refusal(old, n)) {
		log_err("reload: %s: %s; the running configuration stays", p->config_path,
			lvs_config_reload_refusal(old, n));
		pulse_reload_refused(p, lvs_config_reload_refusal(old, n));
		lvs_config_free(n);
		return -1;
	}
	if (n->service != LVS_SERVICE_LVS || pulse_find_role(n) != p->tx.role ||
	    n->backup_active != old->backup_active || n->standby != old->standby) {
		log_err("reload: the new file changes this router's role, service, backup_active "
			"or standby: restart pulse for that; the running configuration stays");
		pulse_reload_refused(p, "it changes the role, service, backup_active or standby: restart pulse for that");
		lvs_config_free(n);
		return -1;
	}
	/* The new sockets last: nothing after them can fail. A port that is
	 * taken keeps pulse on its running sockets, heartbeating as before. */
	if (pulse_key_for(n, &key) < 0 || pulse_vips_list(n, &vips, &nvips) < 0 ||
	    (n->backup_active && pulse_links_open(p, n) < 0)) {
		log_err("reload: the running configuration stays");
		pulse_reload_refused(p, "its key, addresses or heartbeat sockets could not be set up (see the log)");
		hb_key_clear(&key);
		free(vips);
		lvs_config_free(n);
		return -1;
	}

	/* From here on the new file is the configuration. */
	p->cfg = n;
	hb_key_clear(&p->key);
	p->key = key;
	apply_timers(p, old, n);
	switch_vips(p, vips, nvips);
	pulse_config_identity(p);
	lvs_config_free(old);
	log_notice("reloaded %s: keepalive %g s, deadtime %g s, %d heartbeat link%s, %zu address%s",
		   p->config_path, n->keepalive, n->deadtime, p->nlinks, p->nlinks == 1 ? "" : "s",
		   p->nvips, p->nvips == 1 ? "" : "es");
	return 0;
}
