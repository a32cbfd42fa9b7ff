#include "config.h"

/* pulse's view (pulse_view.h) collected from the running daemon, and
 * where it goes: the status socket behind "pulse --status" and the
 * metrics file. The renderings are pulse_view.c's. */

#include <arpa/inet.h>
#include <errno.h>
#include <math.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "metrics_file.h"
#include "pulse.h"
#include "status_sock.h"

static void addr_text(const struct sockaddr_storage *ss, char *buf, size_t len, unsigned *port)
{
	buf[0] = '\0';
	if (ss->ss_family == AF_INET) {
		const struct sockaddr_in *sin = (const struct sockaddr_in *)ss;

		inet_ntop(AF_INET, &sin->sin_addr, buf, (socklen_t)len);
		*port = ntohs(sin->sin_port);
	} else if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)ss;

		inet_ntop(AF_INET6, &sin6->sin6_addr, buf, (socklen_t)len);
		*port = ntohs(sin6->sin6_port);
	}
}

void pulse_collect(const struct pulse *p, struct pulse_view *v)
{
	const struct pulse_stats *st = &p->stats;
	const struct fo *f = &p->fo;
	double now = clock_wall_s(), mono = evloop_now(p->loop);

	memset(v, 0, sizeof(*v));
	v->version = PACKAGE_VERSION;
	v->config = p->config_path;
	v->now = now;
	v->started = (double)st->started_ms / 1e3;
	v->pid = (long)getpid();
	v->role = hb_role_name(p->tx.role);
	v->state = f->state;
	v->reason = f->reason;
	v->backup_active = p->cfg->backup_active;
	v->hot_standby = f->cfg.hot_standby;
	v->authenticated = p->key.len > 0;
	v->keepalive = f->cfg.keepalive;
	v->deadtime = f->cfg.deadtime;
	v->transitions = st->transitions;
	memcpy(v->transitions_to, st->transitions_to, sizeof(v->transitions_to));
	v->last_from = st->last_from;
	v->last_to = st->last_to;
	v->last_transition = (double)st->last_transition_ms / 1e3;
	v->last_reason = st->last_reason;
	v->config_serial = p->cfg->serial_no;
	for (int i = 0; i < HB_DIGEST_LEN; i++)
		snprintf(v->config_digest + 2 * i, 3, "%02x", p->tx.config_digest[i]);
	v->reloads_ok = st->reloads_ok;
	v->reloads_failed = st->reloads_failed;
	v->last_reload = st->last_reload;
	v->last_reload_at = (double)st->last_reload_ms / 1e3;
	v->reload_error = st->last_reload == PULSE_RELOAD_FAILED && st->reload_error[0] ? st->reload_error : NULL;
	v->peer_known = f->peer_known;
	v->peer_state = f->peer.state;
	v->peer_role = f->peer.role;
	v->peer_config_serial = f->peer.config_serial;
	v->peer_config_same = memcmp(f->peer.config_digest, f->cfg.config_digest, HB_DIGEST_LEN) == 0;
	v->peer_boot_id = f->peer.boot_id;
	v->peer_active_since = (double)f->peer.active_since_ms / 1e3;
	v->lvsd_pid = p->lvsd_pid > 0 ? (long)p->lvsd_pid : 0;
	v->lvsd_ready = p->lvsd_pid > 0 && f->lvsd_ready;
	v->n_links = p->nlinks;
	for (int i = 0; i < p->nlinks && i < 2; i++) {
		struct pulse_view_link *l = &v->links[i];
		unsigned port = 0;

		l->name = p->link[i].name;
		addr_text(&p->link[i].own, l->local, sizeof(l->local), &port);
		addr_text(&p->link[i].peer, l->peer, sizeof(l->peer), &l->port);
		l->alive = f->link_alive[i];
		l->last_heard = isfinite(f->last_rx[i]) && f->link_heard[i] ? now - (mono - f->last_rx[i]) : 0;
		l->hb = st->link[i];
		v->peer_alive |= l->alive;
	}
}

/* ---- the status socket ---- */

static int on_request(void *ctx, const char *request, struct strbuf *out)
{
	struct pulse_view v;

	pulse_collect(ctx, &v);
	if (strcmp(request, "status json") == 0)
		pulse_view_json(&v, out);
	else
		pulse_view_text(&v, out);
	return 0;
}

int pulse_status_open(struct pulse *p)
{
	p->status = status_server_open(p->loop, p->socket_path, on_request, p);
	if (!p->status) {
		if (errno == EADDRINUSE)
			log_warn("status socket %s: another pulse answers on it; pulse --status will not "
				 "reach this one (give each its own --socket)", p->socket_path);
		else
			log_warn("status socket %s: %m; pulse --status will not work", p->socket_path);
		return -1;
	}
	return 0;
}

void pulse_status_close(struct pulse *p)
{
	status_server_close(p->status);
	p->status = NULL;
}

/* ---- the metrics file ---- */

static int render_metrics(void *ctx, struct strbuf *out)
{
	struct pulse_view v;

	pulse_collect(ctx, &v);
	pulse_view_metrics(&v, out);
	return 0;
}

int pulse_metrics_start(struct pulse *p)
{
	if (!p->metrics_path)
		return 0;
	p->metrics = metrics_file_start(p->loop, p->metrics_path, p->metrics_interval, render_metrics, p);
	if (!p->metrics) {
		log_err("metrics file %s: %m", p->metrics_path);
		return -1;
	}
	log_info("writing metrics to %s every %g s", p->metrics_path, p->metrics_interval);
	return 0;
}

void pulse_metrics_update(struct pulse *p)
{
	metrics_file_update(p->metrics);
}

void pulse_metrics_stop(struct pulse *p)
{
	metrics_file_stop(p->metrics);
	p->metrics = NULL;
}

void pulse_reload_refused(struct pulse *p, const char *why)
{
	size_t n = strnlen(why, sizeof(p->stats.reload_error) - 1);

	memcpy(p->stats.reload_error, why, n);
	p->stats.reload_error[n] = '\0';
}

void pulse_reloaded(struct pulse *p, bool ok, const char *why)
{
	struct pulse_stats *st = &p->stats;

	if (ok) {
		st->reloads_ok++;
		st->reload_error[0] = '\0';
	} else {
		st->reloads_failed++;
		if (why)
			pulse_reload_refused(p, why);
	}
	st->last_reload = ok ? PULSE_RELOAD_OK : PULSE_RELOAD_FAILED;
	st->last_reload_ms = clock_wall_ms();
	pulse_metrics_update(p);
}
