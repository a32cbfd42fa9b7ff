/* lvsd's process-wide context, passed to every part; no globals. */
#ifndef LVSD_LVSD_H
#define LVSD_LVSD_H

#include <stdbool.h>
#include <stdint.h>

#include "director.h"
#include "evloop.h"
#include "ipvs.h"
#include "lvs_config.h"
#include "sd_notify.h"
#include "spawn_track.h"
#include "spawner.h"
#include "start_queue.h"
#include "view.h"
#include "vip_announce.h"

struct nanny_proc;
struct status_server;
struct metrics_file;
struct announce_tun;
struct bird_client;

/* The health checks of one server, as its nanny reports them (--report-checks). */
struct monitor_checks {
	unsigned long total, failures;
	bool have_last, last_ok;
	double last_at;             /* monotonic */
	uint64_t last_us, sum_us;   /* duration of the last check, of all of them */
};


struct lvsd {
	struct evloop *loop;
	const char *config_path;
	struct lvs_config *cfg;
	struct director director;
	struct ipvs_handle *ipvs;   /* NULL with --test-start */
	bool test_start;            /* print what would be done, change nothing */
	bool foreground;
	bool verbose;
	const char *nanny_path;     /* --nanny; else client_monitor; else default_nanny */
	char default_nanny[4096];   /* the nanny beside this lvsd if there is one, else SBINDIR/nanny */
	const char *socket_path;
	struct status_server *status;
	const char *metrics_path;   /* --metrics-file; NULL: none */
	double metrics_interval;
	struct metrics_file *metrics;
	unsigned long reloads[4];   /* by enum view_reload */
	enum view_reload last_reload;
	double last_reload_at;      /* monotonic */
	char reload_error[256];     /* why the last reload failed or was partial */
	struct nanny_proc *monitors;  /* every running or restarting nanny */
	struct start_queue start_queue;  /* nannies waiting to be started (valid with start_timer) */
	struct ev_timer *start_timer;    /* starts the queue, a batch per loop turn */
	struct spawner starter;     /* starts the nannies for lvsd (spawner.h); pid 0: lvsd does */
	struct spawn_track starts;  /* its requests not yet answered */
	bool no_starter;            /* --no-starter */
	bool no_zygote;             /* --no-zygote: the starter execs every nanny */
	pid_t lost_starter;         /* a starter given up, not reaped yet */
	bool lost_zygote;           /* ... and it was the zygote */
	bool stopping;
	bool sync_daemon_started;
	bool no_sync_daemon;        /* under pulse: pulse owns the sync daemon */
	int ready_fd;               /* pulse's pipe: "ready" once the table is built; -1 */
	const char *role;           /* under pulse: "active" or "backup"; else "standalone" */
	int exit_code;
	/* director_mode = ecmp: the VIPs announced through the TUN device. */
	struct vip_announcer announcer;
	struct announce_tun *tun;   /* NULL: not announcing (pair mode, or not open) */
	struct ev_timer *announce_due; /* an address waits for first reports until then */
	bool table_built;           /* director_start succeeded */
	bool bfd_up;                /* BIRD reports a BFD session up (announce_bfd) */
	struct bird_client *bird;   /* asks BIRD about BFD (announce_bfd); NULL: not asking */
	/* Under systemd (Type=notify): READY=1, WATCHDOG=1 from the loop. */
	struct sd_notifier notify;
	struct ev_timer *watchdog;
	bool watchdog_failed;       /* a WATCHDOG=1 could not be sent (logged once) */
};

/* kernel.c: the director's backend for table operations. */
int kernel_table(void *ctx, enum ipvs_op op, const struct ipvs_service *svc,
		 const struct ipvs_dest *dest);
int kernel_existing_dests(void *ctx, const struct ipvs_service *svc, struct ipvs_dest **dests, size_t *n);
int kernel_apply_globals(struct lvsd *l, const struct lvs_config *old_cfg);
void kernel_release_globals(struct lvsd *l);

/* monitors.c: one nanny process per server, its report pipe, restarts. */
void monitors_start(void *ctx, struct vs_state *vs, struct rs_state *rs);
void monitors_stop(void *ctx, struct vs_state *vs, struct rs_state *rs);
void monitors_moved(void *ctx, struct vs_state *vs, struct rs_state *rs);
void monitors_reap(struct lvsd *l);
/* Fork the nanny starter, early, while lvsd is small (unless
 * --no-starter); without one lvsd starts its nannies itself. */
void monitors_starter_start(struct lvsd *l);
void monitors_starter_stop(struct lvsd *l);
/* After a reload that changed nanny_nice: the running nannies take it. */
void monitors_renice(struct lvsd *l, const struct lvs_config *old_cfg);
/* Pure: the wait before the next start of a nanny that could not start or
 * died: 0 after a long healthy run, else 1 s doubling up to 30 s. */
double monitors_next_backoff(double backoff, bool ran_long);
/* Why the server's nanny is not running (NULL: it runs, or it has none). */
const char *monitors_problem(const struct rs_state *rs);
/* Its checks so far (NULL: it has no monitor). */
const struct monitor_checks *monitors_checks(const struct rs_state *rs);
/* Find the default health checker: a nanny beside the running lvsd (an
 * installed tree, or a build tree's src/nanny/), else SBINDIR/nanny. */
void monitors_find_default(struct lvsd *l);
/* Every health checker cfg would run must be an executable file. 0, or -1
 * with one line naming the program, the virtual and the fix in err. */
int monitors_check_programs(const struct lvsd *l, const struct lvs_config *cfg, char *err, size_t len);
/* Pure: the nanny command line for one server; argv is NULL-terminated,
 * strings point into buf or the config. Returns argc, or -1 if too long. */
int monitors_argv(const struct lvsd *l, const struct vs_state *vs, const struct rs_state *rs,
		  const char **argv, int max_args, char *buf, size_t buf_len);
/* Parse one report line ("up ADDR PORT WEIGHT", "weight ADDR PORT WEIGHT",
 * "down ADDR PORT REASON"). Returns 0 and fills health/weight, or -1;
 * also -1 when the address does not fit in addr_len, or a number is not
 * plain decimal digits from 0 to 65535. */
int monitors_parse_report(const char *line, enum rs_health *health, int *weight,
			  char *addr, size_t addr_len, unsigned *port);
/* Parse a check line ("check ADDR PORT ok|fail MICROSECONDS"). 0, or -1 as
 * monitors_parse_report (the duration: 1 to 12 decimal digits). */
int monitors_parse_check(const char *line, bool *ok, uint64_t *usec,
			 char *addr, size_t addr_len, unsigned *port);

/* announce_tun.c: the device that carries an ECMP director's routes. */
#define ANNOUNCE_DEVICE "lvs-announce"
struct announce_tun *announce_tun_open(unsigned table);
void announce_tun_close(struct announce_tun *t);
int announce_tun_add(void *ctx, const struct lvs_addr *vip);
int announce_tun_del(void *ctx, const struct lvs_addr *vip);
/* announce.c: start, follow and stop the announcements as the director and
 * the configuration change (director_mode = ecmp only). */
int announce_start(struct lvsd *l);
void announce_update(struct lvsd *l);
void announce_stop(struct lvsd *l);
/* A reload changed the mode or the table: stop, and start over. */
void announce_reload(struct lvsd *l, const struct lvs_config *old_cfg);

/* status.c: the view of lvsd (view.h) collected from the director, the
 * monitors and the kernel; the status socket and the metrics file. */
/* Fills v (free it with status_view_free); now is the wall clock. -1 if
 * out of memory. */
int status_collect(const struct lvsd *l, double now, struct lvsd_view *v);
void status_view_free(struct lvsd_view *v);
int status_listen(struct lvsd *l);
void status_close(struct lvsd *l);
/* The metrics file, when --metrics-file asks for one. */
int status_metrics_start(struct lvsd *l);
void status_metrics_stop(struct lvsd *l);

#endif
