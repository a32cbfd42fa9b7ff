#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <popt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "caps.h"
#include "log.h"
#include "popt_string.h"
#include "lvsd.h"
#include "metrics_file.h"
#include "process.h"
#include "status_sock.h"

struct options {
	char *config;
	char *socket;
	char *nanny;
	char *pidfile;
	char *role;
	char *metrics_file;
	char *metrics_interval;
	int nodaemon, nofork, test_start, verbose, test_config, status, json, version;
	int ready_fd, no_sync_daemon, no_starter, no_zygote;
	const char *positional;
};

static const struct director_backend kernel_backend = {
	.table = kernel_table,
	.monitor_start = monitors_start,
	.monitor_stop = monitors_stop,
	.monitor_moved = monitors_moved,
	.existing_dests = kernel_existing_dests,
};

static int parse_options(int argc, const char **argv, struct options *o)
{
	struct poptOption table[] = {
		{ "configfile", 'c', POPT_ARG_STRING, NULL, POPT_STRING(0),
		  "configuration file (default " SYSCONFDIR "/lvs.cf)", "FILE" },
		{ "nodaemon", 'n', POPT_ARG_NONE, &o->nodaemon, 0,
		  "stay in the foreground and log to stderr", NULL },
		{ "nofork", 0, POPT_ARG_NONE, &o->nofork, 0,
		  "detach from the terminal but do not fork (as pulse runs it)", NULL },
		{ "test-start", 't', POPT_ARG_NONE, &o->test_start, 0,
		  "print the table operations and nanny command lines, change nothing", NULL },
		{ "norun", 0, POPT_ARG_NONE, &o->test_start, 0, "same as --test-start", NULL },
		{ "verbose", 'v', POPT_ARG_NONE, &o->verbose, 0, "log debugging detail", NULL },
		{ "test-config", 0, POPT_ARG_NONE, &o->test_config, 0,
		  "check the configuration (-c FILE or FILE) and exit", NULL },
		{ "status", 0, POPT_ARG_NONE, &o->status, 0,
		  "print the running lvsd's view of every virtual and server", NULL },
		{ "json", 0, POPT_ARG_NONE, &o->json, 0, "with --status: JSON output", NULL },
		{ "socket", 0, POPT_ARG_STRING, NULL, POPT_STRING(1),
		  "status socket (default " RUNSTATEDIR "/lvsd.sock)", "PATH" },
		{ "metrics-file", 0, POPT_ARG_STRING, NULL, POPT_STRING(5),
		  "write Prometheus metrics to FILE for node_exporter's textfile collector", "FILE" },
		{ "metrics-interval", 0, POPT_ARG_STRING, NULL, POPT_STRING(6),
		  "seconds between writes of the metrics file (default 15)", "SECS" },
		{ "nanny", 0, POPT_ARG_STRING, NULL, POPT_STRING(2),
		  "health checker program (default: client_monitor, else " SBINDIR "/nanny)", "PATH" },
		{ "pidfile", 0, POPT_ARG_STRING, NULL, POPT_STRING(3),
		  "pid file when running as a daemon (default " RUNSTATEDIR "/lvsd.pid)", "PATH" },
		{ "no-starter", 0, POPT_ARG_NONE, &o->no_starter, 0,
		  "fork every nanny from lvsd itself, not from its small starter process", NULL },
		{ "no-zygote", 0, POPT_ARG_NONE, &o->no_zygote, 0,
		  "the starter execs every nanny, rather than forking each from a nanny zygote", NULL },
		{ "version", 0, POPT_ARG_NONE, &o->version, 0, "print the version", NULL },
		{ "ready-fd", 0, POPT_ARG_INT, &o->ready_fd, 0,
		  "(pulse) write \"ready\" to FD once the table is built; its closing means pulse is gone", "FD" },
		{ "no-sync-daemon", 0, POPT_ARG_NONE, &o->no_sync_daemon, 0,
		  "(pulse) leave the connection sync daemon to pulse", NULL },
		{ "role", 0, POPT_ARG_STRING, NULL, POPT_STRING(4), "(pulse) active or backup, for --status", "ROLE" },
		POPT_AUTOHELP
		POPT_TABLEEND
	};
	char **const strings[] = { &o->config, &o->socket, &o->nanny, &o->pidfile, &o->role,
				   &o->metrics_file, &o->metrics_interval };
	poptContext ctx = poptGetContext("lvsd", argc, argv, table, 0);
	int rc;

	poptSetOtherOptionHelp(ctx, "[OPTION...] [--test-config FILE]");
	while ((rc = poptGetNextOpt(ctx)) > 0)
		popt_take_string(ctx, rc, strings, sizeof(strings) / sizeof(strings[0]));
	if (rc < -1) {
		fprintf(stderr, "lvsd: %s: %s\n", poptBadOption(ctx, POPT_BADOPTION_NOALIAS), poptStrerror(rc));
		poptFreeContext(ctx);
		return 2;
	}
	/* "--nanny=" and the like: an empty path is a mistake, not a default. */
	{
		static const char *const names[] = { "--configfile", "--socket", "--nanny", "--pidfile",
						     "--metrics-file" };
		const char *paths[] = { o->config, o->socket, o->nanny, o->pidfile, o->metrics_file };

		for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (paths[i] && !*paths[i]) {
				fprintf(stderr, "lvsd: %s: the path is empty\n", names[i]);
				poptFreeContext(ctx);
				return 2;
			}
	}
	if (o->metrics_interval) {
		double secs;

		if (metrics_parse_interval(o->metrics_interval, &secs) < 0) {
			fprintf(stderr, "lvsd: --metrics-interval: \"%s\" is not a number of seconds "
				"above 0 and at most 86400\n", o->metrics_interval);
			poptFreeContext(ctx);
			return 2;
		}
	}
	o->positional = poptGetArg(ctx);
	if (o->positional)
		o->positional = strdup(o->positional);
	if (poptPeekArg(ctx) || (o->positional && !o->test_config)) {
		fprintf(stderr, "lvsd: unexpected argument \"%s\"\n",
			poptPeekArg(ctx) ? poptPeekArg(ctx) : o->positional);
		poptFreeContext(ctx);
		return 2;
	}
	poptFreeContext(ctx);
	return 0;
}

static int test_config(const char *path)
{
	struct lvs_config_errors errs = { 0 };
	struct lvs_config *cfg = lvs_config_load(path, &errs);

	lvs_config_errors_print(&errs, stderr);
	if (!cfg) {
		size_t n = lvs_config_error_count(&errs);

		fprintf(stderr, "%zu error%s\n", n, n == 1 ? "" : "s");
		lvs_config_errors_clear(&errs);
		return 1;
	}
	lvs_config_errors_clear(&errs);
	printf("configuration OK\n");
	lvs_config_free(cfg);
	return 0;
}

static void shutdown_director(struct lvsd *l)
{
	l->stopping = true;
	/* Withdraw first: the upstream router moves the flows elsewhere
	 * while this table still forwards. */
	announce_stop(l);
	director_stop(&l->director);
	kernel_release_globals(l);
}

/* systemd: the variables are read once, and unset so that the nannies
 * (not the service's main process) do not see them. */
static void notify_init(struct lvsd *l)
{
	const char *why;

	sd_notify_parse(getenv("NOTIFY_SOCKET"), getenv("WATCHDOG_USEC"), getenv("WATCHDOG_PID"),
			getpid(), &l->notify, &why);
	unsetenv("NOTIFY_SOCKET");
	unsetenv("WATCHDOG_USEC");
	unsetenv("WATCHDOG_PID");
	if (why)
		log_warn("systemd: %s", why);
}

/* Fed by the loop itself: a loop that hangs stops feeding it, and systemd
 * kills lvsd; its TUN device and the routes on it go with it. */
static void on_watchdog(struct evloop *loop, struct ev_timer *t, void *data)
{
	struct lvsd *l = data;

	(void)loop;
	if (sd_notify_send(&l->notify, "WATCHDOG=1") < 0) {
		if (!l->watchdog_failed)
			log_warn("systemd: cannot send WATCHDOG=1: %m");
		l->watchdog_failed = true;
	} else {
		l->watchdog_failed = false;
	}
	evloop_timer_arm(t, sd_notify_watchdog_interval(&l->notify));
}

static void notify_ready(struct lvsd *l)
{
	if (!l->notify.enabled)
		return;
	if (sd_notify_send(&l->notify, "READY=1") < 0)
		log_warn("systemd: cannot send READY=1: %m");
	if (!l->notify.watchdog_usec)
		return;
	l->watchdog = evloop_timer_new(l->loop, on_watchdog, l);
	if (!l->watchdog) {
		log_err("systemd: no watchdog timer; systemd will kill lvsd at WatchdogSec");
		return;
	}
	log_info("systemd: WATCHDOG=1 every %g s", sd_notify_watchdog_interval(&l->notify));
	on_watchdog(l->loop, l->watchdog, l);
}

static void on_term(struct evloop *loop, int signo, void *data)
{
	struct lvsd *l = data;

	log_notice("signal %d: removing our services and exiting", signo);
	sd_notify_send(&l->notify, "STOPPING=1");
	shutdown_director(l);
	evloop_quit(loop, 0);
}

/* SIGQUIT: a new pulse replaces us after its predecessor crashed. The
 * table keeps forwarding; the next lvsd adopts it. */
static void on_quit(struct evloop *loop, int signo, void *data)
{
	struct lvsd *l = data;

	(void)signo;
	log_notice("SIGQUIT: leaving the table as it is to the next lvsd and exiting");
	l->stopping = true;
	announce_stop(l);
	director_abandon(&l->director);
	evloop_quit(loop, 0);
}

/* pulse says which role the router has now (SIGUSR1 active, SIGUSR2 backup). */
static void on_role(struct evloop *loop, int signo, void *data)
{
	struct lvsd *l = data;

	(void)loop;
	l->role = signo == SIGUSR1 ? "active" : "backup";
	log_notice("this router is %s now", l->role);
}

/* The read end of the ready pipe closed: pulse died. Keep serving: the
 * table forwards until the peer's announcement moves the traffic, and the
 * next pulse retires us with SIGQUIT. */
static void on_pulse_gone(struct evloop *loop, int fd, uint32_t events, void *data)
{
	struct lvsd *l = data;

	(void)events;
	evloop_del_fd(loop, fd);
	close(fd);
	l->ready_fd = -1;
	log_warn("pulse is gone: keeping the table and the health checks as they are");
}

/* The outcome of a reload, for --status and the metrics. */
static void reloaded(struct lvsd *l, enum view_reload result, const char *error)
{
	size_t n = error ? strnlen(error, sizeof(l->reload_error) - 1) : 0;

	memcpy(l->reload_error, error ? error : "", n);
	l->reload_error[n] = '\0';
	l->reloads[result]++;
	l->last_reload = result;
	l->last_reload_at = evloop_now(l->loop);
	metrics_file_update(l->metrics);
}

static void on_hup(struct evloop *loop, int signo, void *data)
{
	struct lvsd *l = data;
	struct lvs_config_errors errs = { 0 };
	struct lvs_config *next, *old;
	const char *refused;
	char why[8192];
	size_t n_errors;
	bool partial;

	(void)signo;
	next = lvs_config_load(l->config_path, &errs);
	if (!next)
		log_err("reload: %s has errors; the running configuration stays", l->config_path);
	n_errors = lvs_config_log_errors(&errs);
	if (!next) {
		snprintf(why, sizeof(why), "%s has %zu error%s", l->config_path, n_errors,
			 n_errors == 1 ? "" : "s");
		reloaded(l, VIEW_RELOAD_FAILED, why);
		return;
	}
	refused = lvs_config_reload_refusal(l->cfg, next);
	if (refused) {
		log_err("reload: %s: %s; the running configuration stays", l->config_path, refused);
		reloaded(l, VIEW_RELOAD_FAILED, refused);
		lvs_config_free(next);
		return;
	}
	if (monitors_check_programs(l, next, why, sizeof(why)) < 0) {
		log_err("reload: %s; the running configuration stays", why);
		reloaded(l, VIEW_RELOAD_FAILED, why);
		lvs_config_free(next);
		return;
	}
	old = l->cfg;
	l->cfg = next;
	if (!l->verbose)
		log_set_level(next->debug_level);
	partial = director_reload(&l->director, next, evloop_now(loop)) < 0;
	if (partial)
		log_err("reload: some table operations failed (see above)");
	if (kernel_apply_globals(l, old) < 0)
		partial = true;
	announce_reload(l, old);
	monitors_renice(l, old);
	lvs_config_free(old);
	log_notice("reloaded %s", l->config_path);
	reloaded(l, partial ? VIEW_RELOAD_PARTIAL : VIEW_RELOAD_OK,
		 partial ? "some table operations or global settings failed (see the log)" : NULL);
}

static void on_chld(struct evloop *loop, int signo, void *data)
{
	(void)loop;
	(void)signo;
	monitors_reap(data);
}

static int run(struct lvsd *l, const struct options *o)
{
	static const cap_value_t keep[] = { CAP_NET_ADMIN };
	/* A daemon always has a pid file; in the foreground only when asked
	 * (pulse asks, so that its successor can find us). */
	const char *pidfile = o->pidfile ? o->pidfile :
			      (!o->nodaemon && !o->nofork) ? RUNSTATEDIR "/lvsd.pid" : NULL;
	int rc;

	if (!l->test_start) {
		int err = 0;

		l->ipvs = ipvs_open(&err);
		if (!l->ipvs) {
			log_err("cannot talk to IPVS: %s (is the ip_vs module loaded?)", strerror(-err));
			return 1;
		}
		/* The bounding set goes empty: lvsd runs only the monitors
		 * (nanny in report mode), which need no capability, and a
		 * monitor that execs a program as root gets none back. */
		if (caps_limit(keep, 1, NULL, 0) < 0)
			log_warn("dropping capabilities failed: %m");
	}
	l->loop = evloop_new();
	if (!l->loop)
		return 1;
	/* Now, while lvsd holds little: every later fork of the starter
	 * copies only this much. Before the signals are routed to the loop,
	 * so that the starter's own stay plain. */
	monitors_starter_start(l);
	if (!l->test_start) {
		if (evloop_add_signal(l->loop, SIGTERM, on_term, l) < 0 ||
		    evloop_add_signal(l->loop, SIGINT, on_term, l) < 0 ||
		    evloop_add_signal(l->loop, SIGHUP, on_hup, l) < 0 ||
		    evloop_add_signal(l->loop, SIGCHLD, on_chld, l) < 0 ||
		    evloop_add_signal(l->loop, SIGQUIT, on_quit, l) < 0 ||
		    evloop_add_signal(l->loop, SIGUSR1, on_role, l) < 0 ||
		    evloop_add_signal(l->loop, SIGUSR2, on_role, l) < 0) {
			log_err("signal setup: %m");
			return 1;
		}
		if (status_listen(l) < 0)
			log_warn("no status socket; lvsd --status will not work");
	}
	if (l->test_start)
		l->metrics_path = NULL;
	director_init(&l->director, &kernel_backend, l);
	if (kernel_apply_globals(l, NULL) < 0 || director_start(&l->director, l->cfg, evloop_now(l->loop)) < 0) {
		/* Never leave a half-built table behind. */
		log_err("could not build the table from %s; removing what was created", l->config_path);
		shutdown_director(l);
		status_close(l);
		return 1;
	}
	if (l->test_start) {
		l->stopping = true;
		director_stop(&l->director);
		return 0;
	}
	l->table_built = true;
	if (announce_start(l) < 0) {
		log_err("director_mode = ecmp: cannot announce the VIPs; exiting");
		shutdown_director(l);
		status_close(l);
		return 1;
	}
	log_notice("running with %zu virtual service%s from %s", l->director.n_virtuals,
		   l->director.n_virtuals == 1 ? "" : "s", l->config_path);
	if (pidfile && pidfile_write(pidfile) < 0)
		log_warn("pid file %s: %m", pidfile);
	status_metrics_start(l);
	notify_ready(l);
	if (l->ready_fd >= 0) {
		/* Events 0: the pipe reports only its error, pulse's end closing. */
		if (write(l->ready_fd, "ready\n", 6) != 6 ||
		    evloop_add_fd(l->loop, l->ready_fd, 0, on_pulse_gone, l) < 0)
			log_warn("cannot tell pulse the table is ready: %m");
	}
	rc = evloop_run(l->loop);
	evloop_timer_free(l->watchdog);
	l->watchdog = NULL;
	sd_notify_close(&l->notify);
	status_metrics_stop(l);
	status_close(l);
	if (pidfile)
		pidfile_remove_own(pidfile);
	return rc < 0 ? 1 : l->exit_code ? l->exit_code : rc;
}

static void free_options(struct options *o)
{
	free((void *)o->positional);
	free(o->config);
	free(o->socket);
	free(o->nanny);
	free(o->pidfile);
	free(o->role);
	free(o->metrics_file);
	free(o->metrics_interval);
}

static int lvsd_main(struct options *o)
{
	struct lvsd l = { .metrics_interval = METRICS_DEFAULT_INTERVAL, .notify = { .fd = -1 },
			  .starter = { .fd = -1 } };
	struct lvs_config_errors errs = { 0 };
	char why[8192];
	int rc;

	if (o->version) {
		printf("lvsd %s\n", PACKAGE_VERSION);
		return 0;
	}
	l.config_path = o->config ? o->config : SYSCONFDIR "/lvs.cf";
	l.socket_path = o->socket ? o->socket : RUNSTATEDIR "/lvsd.sock";
	if (o->test_config)
		return test_config(o->positional ? o->positional : l.config_path);
	if (o->status)
		return status_query("lvsd", l.socket_path, o->json ? "status json\n" : "status\n",
				    STDOUT_FILENO);
	l.metrics_path = o->metrics_file;
	if (o->metrics_interval)
		metrics_parse_interval(o->metrics_interval, &l.metrics_interval);

	l.test_start = o->test_start;
	l.foreground = o->nodaemon || o->test_start;
	l.verbose = o->verbose;
	l.nanny_path = o->nanny;
	l.ready_fd = o->ready_fd > 2 ? o->ready_fd : -1;
	l.no_sync_daemon = o->no_sync_daemon;
	l.no_starter = o->no_starter;
	l.no_zygote = o->no_zygote;
	l.role = o->role && (strcmp(o->role, "active") == 0 || strcmp(o->role, "backup") == 0) ?
		 (strcmp(o->role, "active") == 0 ? "active" : "backup") : "standalone";
	signal(SIGPIPE, SIG_IGN);

	l.cfg = lvs_config_load(l.config_path, &errs);
	if (!l.cfg) {
		lvs_config_errors_print(&errs, stderr);
		lvs_config_errors_clear(&errs);
		return 1;
	}
	log_open("lvsd", l.foreground ? LOG_TO_STDERR : LOG_TO_SYSLOG,
		 o->verbose ? LOG_DEBUG : l.cfg->debug_level);
	lvs_config_log_errors(&errs); /* warnings */
	monitors_find_default(&l);
	if (monitors_check_programs(&l, l.cfg, why, sizeof(why)) < 0) {
		/* Before detaching: a daemon that restarts a missing nanny for
		 * ever, with an empty table, helps nobody. */
		if (!l.foreground)
			fprintf(stderr, "lvsd: %s\n", why);
		log_err("%s", why);
		lvs_config_free(l.cfg);
		return 1;
	}
	if (!l.foreground && process_detach(!o->nofork, -1) < 0) {
		log_err("cannot detach: %m");
		lvs_config_free(l.cfg);
		return 1;
	}
	notify_init(&l); /* after the fork: WATCHDOG_PID is compared with our pid */
	rc = run(&l, o);
	director_stop(&l.director);
	monitors_starter_stop(&l);
	evloop_timer_free(l.start_timer);
	if (l.ipvs)
		ipvs_close(l.ipvs);
	evloop_free(l.loop);
	lvs_config_free(l.cfg);
	log_close();
	return rc;
}

int main(int argc, const char **argv)
{
	struct options o = { 0 };
	int rc = parse_options(argc, argv, &o);

	if (rc == 0)
		rc = lvsd_main(&o);
	free_options(&o);
	return rc;
}
