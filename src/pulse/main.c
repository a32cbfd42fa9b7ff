#include "config.h"

/* pulse: decides which of the two LVS routers is active by exchanging
 * authenticated heartbeats, and makes the active one serve (lvsd, VIPs,
 * gratuitous ARP). The decisions are failover.c's; this file feeds it
 * events and carries out its actions. */

#include <errno.h>
#include <fcntl.h>
#include <linux/ip_vs.h>
#include <math.h>
#include <popt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "caps.h"
#include "log.h"
#include "lvs_ranges.h"
#include "metrics_file.h"
#include "popt_string.h"
#include "pulse.h"
#include "status_sock.h"

static void perform(struct pulse *p, const struct fo_actions *out)
{
	const struct lvs_config *c = p->cfg;

	for (int i = 0; i < out->n; i++) {
		const struct fo_action *a = &out->a[i];

		log_debug("action: %s", fo_action_name(a->type));
		switch (a->type) {
		case FO_ACT_SEND_HEARTBEAT: pulse_send(p, HB_MSG_HEARTBEAT); break;
		case FO_ACT_SEND_GIVEUP: pulse_send(p, HB_MSG_GIVEUP); break;
		case FO_ACT_SEND_ACK: pulse_send(p, HB_MSG_ACK); break;
		case FO_ACT_START_LVSD: pulse_start_lvsd(p); break;
		case FO_ACT_STOP_LVSD: pulse_stop_lvsd(p); break;
		case FO_ACT_VIPS_UP: pulse_vips_set(p, true); break;
		case FO_ACT_VIPS_DOWN:
			pulse_garp_cancel(p);
			pulse_vips_set(p, false);
			break;
		case FO_ACT_SEND_ARP: pulse_send_arps(p); break;
		case FO_ACT_RUN_ACTIVE_CMD: pulse_run_command(p, "active_cmd", c->active_cmd); break;
		case FO_ACT_RUN_INACTIVE_CMD: pulse_run_command(p, "inactive_cmd", c->inactive_cmd); break;
		case FO_ACT_SYNCD_MASTER: pulse_syncd(p, PULSE_SYNCD_MASTER); break;
		case FO_ACT_SYNCD_BACKUP: pulse_syncd(p, PULSE_SYNCD_BACKUP); break;
		case FO_ACT_SYNCD_BOTH: pulse_syncd(p, PULSE_SYNCD_MASTER | PULSE_SYNCD_BACKUP); break;
		case FO_ACT_SYNCD_STOP: pulse_syncd(p, 0); break;
		case FO_ACT_TELL_LVSD: pulse_tell_lvsd(p); break;
		case FO_ACT_WARN_CONFIG:
			log_warn("the peer's lvs.cf differs from ours (peer serial_no %u, ours %ld): keep them identical",
				 p->fo.peer.config_serial, c->serial_no);
			break;
		case FO_ACT_WARN_LINK_LOST:
			log_warn("no heartbeat on the %s link for %g s", p->link[a->link].name, c->deadtime);
			break;
		case FO_ACT_NOTE_LINK_BACK:
			log_notice("heartbeats on the %s link again", p->link[a->link].name);
			break;
		case FO_ACT_EXIT:
			/* lvsd removes its services on SIGTERM: let it finish. */
			if (pulse_lvsd_running(p))
				p->exit_pending = true;
			else
				evloop_quit(p->loop, 0);
			break;
		case FO_NACTION_TYPES: break;
		}
	}
}

static void arm(struct pulse *p)
{
	double at = fo_next_wakeup(&p->fo), now = evloop_now(p->loop);

	if (isfinite(at))
		evloop_timer_arm(p->fo_timer, at > now ? at - now : 0);
	else
		evloop_timer_disarm(p->fo_timer);
}

/* p->feed: stamps ev with the time, runs the state machine, performs its
 * actions and re-arms the timer. */
static void feed(struct pulse *p, struct fo_event *ev)
{
	enum fo_state before = p->fo.state;
	struct fo_actions out;

	ev->now = evloop_now(p->loop);
	ev->wall_ms = clock_wall_ms();
	fo_handle(&p->fo, ev, &out);
	if (p->fo.state != before) {
		struct pulse_stats *st = &p->stats;

		log_notice("%s -> %s: %s", hb_state_name(before), hb_state_name(p->fo.state), p->fo.reason);
		st->transitions++;
		st->transitions_to[p->fo.state]++;
		st->last_from = (int)before;
		st->last_to = (int)p->fo.state;
		st->last_reason = p->fo.reason;
		st->last_transition_ms = ev->wall_ms;
	}
	perform(p, &out);
	arm(p);
	if (p->fo.state != before)
		pulse_metrics_update(p);
}

static void on_fo_timer(struct evloop *loop, struct ev_timer *t, void *data)
{
	struct fo_event ev = { .type = FO_EV_TICK };

	(void)loop;
	(void)t;
	pulse_realtime_report();
	feed(data, &ev);
}

static void on_link_timer(struct evloop *loop, struct ev_timer *t, void *data)
{
	struct pulse *p = data;
	bool ok = pulse_links_have_carrier(p);

	(void)loop;
	if (ok != p->links_ok) {
		struct fo_event ev = { .type = FO_EV_LINK, .up = ok };

		p->links_ok = ok;
		log_warn("monitor_links: local links %s", ok ? "up again" : "down");
		feed(p, &ev);
	}
	evloop_timer_arm(t, p->cfg->keepalive);
}

static void log_counters(const struct pulse *p)
{
	for (int v = 0; v < HB_NVERDICTS; v++)
		log_notice("heartbeats %s: %lu", hb_verdict_name(v), p->rx.count[v]);
	log_notice("state %s (%s), lvsd pid %ld", hb_state_name(p->fo.state), p->fo.reason,
		   (long)p->lvsd_pid);
}

static void on_signal(struct evloop *loop, int signo, void *data)
{
	struct pulse *p = data;
	struct fo_event ev = { 0 };

	switch (signo) {
	case SIGTERM:
	case SIGINT:
		log_notice("signal %d: stopping", signo);
		ev.type = FO_EV_STOP;
		feed(p, &ev);
		break;
	case SIGCHLD:
		if (pulse_reap(p)) {
			ev.type = FO_EV_LVSD_EXIT;
			feed(p, &ev);
		}
		if (p->exit_pending && !pulse_lvsd_running(p))
			evloop_quit(loop, 0);
		break;
	case SIGHUP:
		/* Heartbeat settings and addresses here; lvsd re-reads the file
		 * itself, only when pulse took it: a file pulse refused (one
		 * caught while being written, say) must not reach the table
		 * either, or lvsd could read it whole a moment later and the two
		 * would run different files. */
		if (pulse_reload(p) == 0) {
			pulse_reloaded(p, true, NULL);
			ev.type = FO_EV_TICK; /* re-arms the timers with the new values */
			feed(p, &ev);
			pulse_reload_lvsd(p);
		} else {
			pulse_reloaded(p, false, NULL);
		}
		break;
	case SIGUSR1:
		log_counters(p);
		break;
	}
}

struct options {
	char *config, *lvsd, *send_arp, *pidfile, *generate_key, *lvsd_pidfile, *lvsd_socket;
	char *socket, *metrics_file, *metrics_interval, *lvsd_metrics_file, *command_timeout;
	int nodaemon, forceactive, verbose, norun, version, realtime, status, json;
};

#define COMMAND_TIMEOUT_DEFAULT 60.0

static int parse_options(int argc, const char **argv, struct options *o)
{
	struct poptOption table[] = {
		{ "configfile", 'c', POPT_ARG_STRING, NULL, POPT_STRING(0),
		  "configuration file (default " SYSCONFDIR "/lvs.cf)", "FILE" },
		{ "nodaemon", 'n', POPT_ARG_NONE, &o->nodaemon, 0, "stay in the foreground, log to stderr", NULL },
		{ "forceactive", 0, POPT_ARG_NONE, &o->forceactive, 0, "take the active role at once", NULL },
		{ "lvsd", 0, POPT_ARG_STRING, NULL, POPT_STRING(1), "lvsd program (default " SBINDIR "/lvsd)", "PATH" },
		{ "lvs", 0, POPT_ARG_STRING, NULL, POPT_STRING(1), "same as --lvsd", "PATH" },
		{ "send-arp", 0, POPT_ARG_STRING, NULL, POPT_STRING(2),
		  "accepted for compatibility: pulse announces the addresses itself", "PATH" },
		{ "lvsd-pidfile", 0, POPT_ARG_STRING, NULL, POPT_STRING(3),
		  "lvsd's pid file (default " RUNSTATEDIR "/lvsd.pid)", "PATH" },
		{ "lvsd-socket", 0, POPT_ARG_STRING, NULL, POPT_STRING(4),
		  "lvsd's status socket (default: lvsd's)", "PATH" },
		{ "pidfile", 0, POPT_ARG_STRING, NULL, POPT_STRING(5),
		  "pid file when a daemon (default " RUNSTATEDIR "/pulse.pid)", "PATH" },
		{ "verbose", 'v', POPT_ARG_NONE, &o->verbose, 0, "log debugging detail (passed to lvsd)", NULL },
		{ "test-start", 't', POPT_ARG_NONE, &o->norun, 0,
		  "log what would be started and changed, start and change nothing", NULL },
		{ "norun", 0, POPT_ARG_NONE, &o->norun, 0, "same as --test-start", NULL },
		{ "version", 0, POPT_ARG_NONE, &o->version, 0, "print the version", NULL },
		{ "realtime", 0, POPT_ARG_INT, &o->realtime, 0,
		  "SCHED_RR priority of pulse itself (default 1; 0: normal scheduling)", "PRIO" },
		{ "generate-key", 0, POPT_ARG_STRING, NULL, POPT_STRING(6),
		  "write a new random heartbeat key to FILE (mode 0600) and exit", "FILE" },
		{ "status", 0, POPT_ARG_NONE, &o->status, 0,
		  "print the running pulse's state, peer, heartbeat counters and reloads", NULL },
		{ "json", 0, POPT_ARG_NONE, &o->json, 0, "with --status: JSON output", NULL },
		{ "socket", 0, POPT_ARG_STRING, NULL, POPT_STRING(7),
		  "status socket (default " RUNSTATEDIR "/pulse.sock)", "PATH" },
		{ "metrics-file", 0, POPT_ARG_STRING, NULL, POPT_STRING(8),
		  "write Prometheus metrics to FILE for node_exporter's textfile collector", "FILE" },
		{ "metrics-interval", 0, POPT_ARG_STRING, NULL, POPT_STRING(9),
		  "seconds between writes of the metrics files (default 15)", "SECS" },
		{ "lvsd-metrics-file", 0, POPT_ARG_STRING, NULL, POPT_STRING(10),
		  "lvsd's metrics file (lvsd --metrics-file)", "FILE" },
		{ "command-timeout", 0, POPT_ARG_STRING, NULL, POPT_STRING(11),
		  "seconds active_cmd and inactive_cmd may run before they are killed (default 60; 0: never)",
		  "SECS" },
		POPT_AUTOHELP
		POPT_TABLEEND
	};
	char **const strings[] = { &o->config, &o->lvsd, &o->send_arp, &o->lvsd_pidfile,
				   &o->lvsd_socket, &o->pidfile, &o->generate_key, &o->socket,
				   &o->metrics_file, &o->metrics_interval, &o->lvsd_metrics_file,
				   &o->command_timeout };
	poptContext ctx = poptGetContext("pulse", argc, argv, table, 0);
	int rc;

	while ((rc = poptGetNextOpt(ctx)) > 0)
		popt_take_string(ctx, rc, strings, sizeof(strings) / sizeof(strings[0]));
	if (rc < -1 || poptPeekArg(ctx)) {
		if (rc < -1)
			fprintf(stderr, "pulse: %s: %s\n", poptBadOption(ctx, POPT_BADOPTION_NOALIAS), poptStrerror(rc));
		else
			fprintf(stderr, "pulse: unexpected argument \"%s\"\n", poptPeekArg(ctx));
		poptFreeContext(ctx);
		return 2;
	}
	poptFreeContext(ctx);
	{
		static const char *const names[] = { "--socket", "--metrics-file", "--lvsd-metrics-file" };
		const char *paths[] = { o->socket, o->metrics_file, o->lvsd_metrics_file };

		for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (paths[i] && !*paths[i]) {
				fprintf(stderr, "pulse: %s: the path is empty\n", names[i]);
				return 2;
			}
	}
	if (o->metrics_interval) {
		double secs;

		if (metrics_parse_interval(o->metrics_interval, &secs) < 0) {
			fprintf(stderr, "pulse: --metrics-interval: \"%s\" is not a number of seconds "
				"above 0 and at most 86400\n", o->metrics_interval);
			return 2;
		}
	}
	if (o->command_timeout && lvs_seconds_parse(o->command_timeout, true, 86400, NULL) < 0) {
		fprintf(stderr, "pulse: --command-timeout: \"%s\" is not a number of seconds "
			"from 0 to 86400\n", o->command_timeout);
		return 2;
	}
	return 0;
}

static void free_options(struct options *o)
{
	free(o->config);
	free(o->lvsd);
	free(o->send_arp);
	free(o->pidfile);
	free(o->generate_key);
	free(o->lvsd_pidfile);
	free(o->lvsd_socket);
	free(o->socket);
	free(o->metrics_file);
	free(o->metrics_interval);
	free(o->lvsd_metrics_file);
	free(o->command_timeout);
}

int main(int argc, const char **argv)
{
	/* After start-up: addresses, the sync daemon and lvsd (NET_ADMIN);
	 * new heartbeat sockets on port 539 at a reload (NET_BIND_SERVICE).
	 * CAP_SYS_NICE and CAP_NET_RAW are used once, below, and go. */
	static const cap_value_t keep[] = { CAP_NET_ADMIN, CAP_NET_BIND_SERVICE };
	/* Held until exit, whichever return ends it (as pl below). */
	static struct options o = { .realtime = 1 };
	struct lvs_config_errors errs = { 0 };
	struct fo_config fc;
	struct fo_event start = { .type = FO_EV_START };
	static struct pulse pl;         /* the key lives here: not on a stack that gets reused */
	struct pulse *p = &pl;
	int role, rc;

	p->feed = feed;
	if ((rc = parse_options(argc, argv, &o)) != 0) {
		free_options(&o);
		return rc;
	}
	if (o.status) {
		rc = status_query("pulse", o.socket ? o.socket : RUNSTATEDIR "/pulse.sock",
				  o.json ? "status json\n" : "status\n", STDOUT_FILENO);
		free_options(&o);
		return rc;
	}
	if (o.version) {
		printf("pulse (%s) %s\n", PACKAGE_NAME, PACKAGE_VERSION);
		free_options(&o);
		return 0;
	}
	if (o.generate_key) {
		char err[512];

		rc = 0;
		if (!*o.generate_key || hb_key_generate(o.generate_key, err, sizeof(err)) < 0) {
			fprintf(stderr, "pulse: %s\n", *o.generate_key ? err : "--generate-key needs a file name");
			rc = 1;
		} else {
			printf("pulse: wrote a new heartbeat key to %s; copy it to the other router "
			       "and set heartbeat_key_file = %s\n", o.generate_key, o.generate_key);
		}
		free_options(&o);
		return rc;
	}
	/* Until it detaches, a daemon's start-up errors go to the terminal
	 * that started it as well as to syslog. */
	log_open("pulse", o.nodaemon ? LOG_TO_STDERR : LOG_TO_BOTH, o.verbose ? LOG_DEBUG : LOG_NOTICE);
	p->config_path = o.config ? o.config : SYSCONFDIR "/lvs.cf";
	p->lvsd_path = o.lvsd ? o.lvsd : SBINDIR "/lvsd";
	p->lvsd_pidfile = o.lvsd_pidfile ? o.lvsd_pidfile : RUNSTATEDIR "/lvsd.pid";
	p->lvsd_socket = o.lvsd_socket;
	p->cmd_timeout = COMMAND_TIMEOUT_DEFAULT;
	if (o.command_timeout)
		lvs_seconds_parse(o.command_timeout, true, 86400, &p->cmd_timeout);
	p->verbose = o.verbose;
	p->norun = o.norun;
	p->nodaemon = o.nodaemon;
	p->socket_path = o.socket ? o.socket : RUNSTATEDIR "/pulse.sock";
	p->metrics_path = o.metrics_file;
	p->lvsd_metrics_path = o.lvsd_metrics_file;
	p->metrics_interval = METRICS_DEFAULT_INTERVAL;
	p->metrics_interval_text = o.metrics_interval;
	if (o.metrics_interval)
		metrics_parse_interval(o.metrics_interval, &p->metrics_interval);

	p->cfg = lvs_config_load(p->config_path, &errs);
	lvs_config_log_errors(&errs); /* every start repeats the warnings too */
	if (!p->cfg)
		return 1;
	if (p->cfg->service != LVS_SERVICE_LVS) {
		log_err("service = fos is not supported by this pulse");
		return 1;
	}
	role = pulse_find_role(p->cfg);
	if (!role) {
		log_err("no local interface holds the primary or the backup address");
		return 1;
	}
	if (role == HB_ROLE_BACKUP && !p->cfg->backup_active) {
		log_notice("this is the backup and backup_active = 0: nothing to do");
		return 0;
	}
	if (pulse_key_for(p->cfg, &p->key) < 0 || pulse_vips_collect(p) < 0)
		return 1;
	if (!p->nvips)
		log_warn("no active virtual server has an address: nothing to bring up");

	p->tx.key = p->rx.key = &p->key;
	p->tx.boot_id = hb_new_boot_id();
	p->tx.role = (uint8_t)role;
	p->rx.npeers = 0;
	p->link[0].fd = p->link[1].fd = -1;
	if (p->cfg->backup_active && pulse_links_open(p, p->cfg) < 0)
		return 1;

	fo_config_defaults(&fc);
	fc.role = role;
	fc.boot_id = p->tx.boot_id;
	fc.keepalive = p->cfg->keepalive;
	fc.deadtime = p->cfg->deadtime;
	fc.nlinks = p->nlinks ? p->nlinks : 1;
	fc.monitor_links = p->cfg->monitor_links && p->cfg->backup_active;
	fc.hot_standby = p->cfg->backup_active && p->cfg->standby == LVS_STANDBY_HOT;
	/* Addresses wait for lvsd's table; this long at most if lvsd never says so. */
	fc.settle = p->norun ? p->cfg->keepalive : 10;
	/* At least 1 s of listening after a start: at 10 ms timers a backup
	 * that is still spawning lvsd missed the first heartbeats and took
	 * over from a healthy peer, briefly, at every start in the lab. */
	fc.startup_listen = 1;
	fo_init(&p->fo, &fc);
	pulse_config_identity(p);

	if (!o.nodaemon) {
		if (process_detach(true, -1) < 0) {
			log_err("cannot become a daemon: %m");
			return 1;
		}
		log_open("pulse", LOG_TO_SYSLOG, o.verbose ? LOG_DEBUG : LOG_NOTICE);
	}
	/* After daemon(): the policy does not survive a fork. Before the
	 * capabilities go: it needs CAP_SYS_NICE, the packet socket
	 * CAP_NET_RAW. */
	if (pulse_realtime(o.realtime) < 0 || pulse_garp_open(p) < 0)
		return 1;
	if (caps_keep_only(keep, sizeof(keep) / sizeof(keep[0])) < 0)
		log_warn("cannot drop capabilities: %m");
	if (!o.nodaemon && pidfile_write(o.pidfile ? o.pidfile : RUNSTATEDIR "/pulse.pid") < 0)
		log_warn("cannot write the pid file: %m");

	p->loop = evloop_new();
	if (!p->loop)
		return 1;
	p->fo_timer = evloop_timer_new(p->loop, on_fo_timer, p);
	p->link_timer = evloop_timer_new(p->loop, on_link_timer, p);
	pulse_lvsd_init(p);
	pulse_syncd_init(p);
	pulse_garp_init(p);
	pulse_links_watch(p);
	evloop_add_signal(p->loop, SIGTERM, on_signal, p);
	evloop_add_signal(p->loop, SIGINT, on_signal, p);
	evloop_add_signal(p->loop, SIGHUP, on_signal, p);
	evloop_add_signal(p->loop, SIGCHLD, on_signal, p);
	evloop_add_signal(p->loop, SIGUSR1, on_signal, p);
	signal(SIGPIPE, SIG_IGN);

	log_notice("starting as %s%s (keepalive %g s, deadtime %g s, %d heartbeat link%s, %s)",
		   hb_role_name(role), p->cfg->backup_active ? "" : " without a backup",
		   fc.keepalive, fc.deadtime, p->nlinks, p->nlinks == 1 ? "" : "s",
		   p->key.len ? "HMAC-SHA256" : "unauthenticated");
	pulse_status_open(p);
	p->stats.started_ms = clock_wall_ms();
	start.forceactive = o.forceactive || !p->cfg->backup_active;
	feed(p, &start);
	pulse_metrics_start(p);
	p->links_ok = true;
	if (fc.monitor_links)
		on_link_timer(p->loop, p->link_timer, p);
	rc = evloop_run(p->loop);

	log_counters(p);
	pulse_metrics_stop(p);
	pulse_status_close(p);
	pulse_links_close(p);
	pulse_lvsd_free(p);
	pulse_syncd_free(p);
	pulse_garp_free(p);
	pulse_commands_free(p);
	evloop_timer_free(p->fo_timer);
	evloop_timer_free(p->link_timer);
	evloop_free(p->loop);
	hb_key_clear(&p->key);
	free(p->vips);
	lvs_config_free(p->cfg);
	if (!o.nodaemon)
		pidfile_remove_own(o.pidfile ? o.pidfile : RUNSTATEDIR "/pulse.pid");
	free_options(&o);
	return rc < 0 ? 1 : 0;
}
