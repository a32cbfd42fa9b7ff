/* The pulse daemon: the state machine (failover.c) and heartbeat codec
 * (heartbeat.c) wired to sockets, addresses, processes and the event loop. */
#ifndef PULSE_PULSE_H
#define PULSE_PULSE_H

#include <stdbool.h>
#include <sys/socket.h>
#include <sys/types.h>

#include "clock.h"
#include "evloop.h"
#include "failover.h"
#include "heartbeat.h"
#include "lvs_config.h"
#include "process.h"
#include "pulse_view.h"

/* One heartbeat path: our socket bound to our address on it, and the
 * peer's address on it. Link 0 is the public pair, link 1 the private. */
struct pulse_link {
	int fd;
	struct sockaddr_storage own;    /* what fd is bound to */
	socklen_t own_len;
	struct sockaddr_storage peer;
	socklen_t peer_len;
	char name[8];
};

/* An address pulse brings up on the active router: a VIP or the NAT router. */
struct pulse_vip {
	struct lvs_addr addr;
	struct lvs_iface iface;
	unsigned prefix;                /* 0: host route (/32 or /128) */
};

/* What pulse counts for --status and the metrics (status.c shows it). */
struct pulse_stats {
	struct pulse_hb_counters link[2];       /* by link index, across reloads */
	uint64_t started_ms;                    /* wall clock */
	unsigned long transitions;
	unsigned long transitions_to[PULSE_NSTATES];
	int last_from, last_to;
	const char *last_reason;
	uint64_t last_transition_ms;
	unsigned long reloads_ok, reloads_failed;
	enum pulse_reload last_reload;
	uint64_t last_reload_ms;
	char reload_error[256];                 /* why the last reload failed */
};

struct status_server;
struct pulse_cmd;
struct metrics_file;

struct pulse {
	/* Set by main.c: where the parts (heartbeat sockets, lvsd's ready
	 * pipe) hand their events to the state machine. It stamps the time,
	 * runs fo_handle, carries out the actions and re-arms the timer. */
	void (*feed)(struct pulse *p, struct fo_event *ev);
	struct evloop *loop;
	struct ev_timer *fo_timer;
	struct ev_timer *link_timer;
	const char *config_path;
	struct lvs_config *cfg;
	bool verbose, norun, nodaemon;
	const char *lvsd_path;
	const char *lvsd_pidfile;       /* where lvsd writes its pid (orphans are found there) */
	const char *lvsd_socket;        /* lvsd's status socket; NULL: lvsd's default */

	struct fo fo;
	struct hb_key key;
	struct hb_sender tx;
	struct hb_receiver rx;
	struct pulse_link link[2];
	int nlinks;

	struct pulse_vip *vips;
	size_t nvips;
	bool links_ok;                  /* monitor_links: last carrier verdict */
	bool exit_pending;              /* stopped: quit once lvsd is gone */

	/* lvsd_child.c */
	pid_t lvsd_pid;
	int lvsd_ready_fd;              /* read end of lvsd's ready pipe, or -1 */
	bool lvsd_stopping;             /* SIGTERM sent, not reaped yet */
	bool lvsd_said_ready;           /* its handlers are in place: signals are safe */
	bool lvsd_start_pending;        /* start once the previous one is gone */
	bool lvsd_reload_pending;       /* SIGHUP it once it says ready */
	pid_t lvsd_orphan;              /* an earlier pulse's lvsd being retired */
	double lvsd_deadline;
	struct ev_timer *lvsd_timer;

	/* garp.c */
	int garp_fd;
	struct ev_timer *garp_timer;
	int garp_rounds_left;

	/* status.c */
	struct pulse_stats stats;
	const char *socket_path;        /* pulse's status socket */
	struct status_server *status;
	const char *metrics_path;       /* --metrics-file; NULL: none */
	const char *lvsd_metrics_path;  /* --lvsd-metrics-file: lvsd's --metrics-file */
	double metrics_interval;
	const char *metrics_interval_text;  /* as given, passed on to lvsd */
	struct metrics_file *metrics;

	/* syncd.c: the sync daemon change in progress */
	pid_t syncd_pid;
	unsigned syncd_running;         /* PULSE_SYNCD_* it is setting */
	int syncd_pending;              /* the next change, or -1 */
	struct ev_timer *syncd_timer;

	/* run.c: active_cmd/inactive_cmd still running */
	struct pulse_cmd *cmds;
	double cmd_timeout;             /* --command-timeout, s; 0: never killed */
};

enum { PULSE_SYNCD_MASTER = 1, PULSE_SYNCD_BACKUP = 2 };

/* status.c: the view, the status socket and the metrics file. */
void pulse_collect(const struct pulse *p, struct pulse_view *v);
int pulse_status_open(struct pulse *p);
void pulse_status_close(struct pulse *p);
int pulse_metrics_start(struct pulse *p);
void pulse_metrics_update(struct pulse *p);     /* after a transition or a reload */
void pulse_metrics_stop(struct pulse *p);
/* A reload's outcome; why is NULL when it went well. */
void pulse_reloaded(struct pulse *p, bool ok, const char *why);
/* pulse_reload's reason for refusing a file, kept until pulse_reloaded. */
void pulse_reload_refused(struct pulse *p, const char *why);

/* realtime.c: SCHED_RR for pulse alone (0: none); -1 on a bad priority. */
int pulse_realtime(int priority);
/* Logs, once, that the real-time CPU limit dropped pulse to normal scheduling. */
void pulse_realtime_report(void);

/* net.c: heartbeat sockets, for this router's role (p->tx.role) */
/* Opens the links c asks for beside the running ones (a link whose own
 * address and port stay the same keeps its socket), then switches to them:
 * the sockets not kept close, the new ones are watched once the loop runs,
 * and only the new peers' heartbeats count. On any failure (logged) -1,
 * with nothing new left open and the running links as they were. */
int pulse_links_open(struct pulse *p, const struct lvs_config *c);
/* Once the loop exists: watch the links opened before it (at start). */
void pulse_links_watch(struct pulse *p);
void pulse_links_close(struct pulse *p);
void pulse_send(struct pulse *p, uint8_t type);

/* vip_list.c: pure, the address lists */
/* The addresses c asks for (each address and interface once); -1 when
 * out of memory. */
int pulse_vips_list(const struct lvs_config *c, struct pulse_vip **out, size_t *n);
/* v is in list with the same address, interface, label and prefix. */
bool pulse_vip_listed(const struct pulse_vip *v, const struct pulse_vip *list, size_t n);
/* The difference between two lists: *gone those of old not in new, *added
 * those of new not in old (allocated; free both). -1 when out of memory,
 * with nothing allocated. */
int pulse_vips_diff(const struct pulse_vip *old, size_t nold, const struct pulse_vip *new,
		    size_t nnew, struct pulse_vip **gone, size_t *ngone,
		    struct pulse_vip **added, size_t *nadded);

/* vip.c: addresses and carrier */
int pulse_vips_collect(struct pulse *p);   /* p->vips from p->cfg */
void pulse_vips_set(struct pulse *p, bool up);
void pulse_vips_apply(struct pulse *p, const struct pulse_vip *vips, size_t n, bool up);
bool pulse_links_have_carrier(const struct pulse *p);
/* Which role the local addresses say we have: HB_ROLE_PRIMARY/BACKUP, or 0. */
int pulse_find_role(const struct lvs_config *cfg);

/* reload.c: the key, the file's identity in heartbeats, and SIGHUP */
int pulse_key_for(const struct lvs_config *c, struct hb_key *key);
void pulse_config_identity(struct pulse *p);
/* Applies the file again; on any error the running configuration stays
 * and -1 is returned. */
int pulse_reload(struct pulse *p);

/* How pulse starts a child (process_spawn): stdin from /dev/null, its own
 * process group (so that a signal to pulse's group spares it), pass_fd (or
 * -1) as the child's PULSE_CHILD_FD, and, with die_with_us, SIGTERM when
 * pulse dies. */
#define PULSE_CHILD_FD 3
static inline struct spawn_opts pulse_spawn_opts(int pass_fd, bool die_with_us)
{
	struct spawn_opts o = spawn_defaults("pulse");

	o.pass_fd = pass_fd;
	o.pass_as = pass_fd >= 0 ? PULSE_CHILD_FD : -1;
	o.new_group = true;
	o.die_with_parent = die_with_us;
	return o;
}

/* run.c: active_cmd/inactive_cmd, reaping */
void pulse_run_command(struct pulse *p, const char *what, const char *cmdline);
void pulse_commands_free(struct pulse *p);
/* Reaps children; true if lvsd exited without being asked to. */
bool pulse_reap(struct pulse *p);

/* syncd.c: the sync daemon, pulse's alone in a pair */
void pulse_syncd_init(struct pulse *p);
void pulse_syncd_free(struct pulse *p);
void pulse_syncd(struct pulse *p, unsigned want);  /* PULSE_SYNCD_* bits; 0: stop */
void pulse_syncd_exited(struct pulse *p);          /* for pulse_reap: its child is gone */

/* lvsd_child.c: lvsd, never waited for in a loop */
void pulse_lvsd_init(struct pulse *p);
void pulse_lvsd_free(struct pulse *p);
void pulse_start_lvsd(struct pulse *p);
void pulse_stop_lvsd(struct pulse *p);      /* SIGTERM now, SIGKILL after 10 s */
void pulse_tell_lvsd(struct pulse *p);      /* SIGUSR1 active, SIGUSR2 standby */
void pulse_reload_lvsd(struct pulse *p);    /* SIGHUP now, or once it is ready */
bool pulse_lvsd_running(const struct pulse *p);
/* For pulse_reap: pid is lvsd; returns whether the exit was unexpected. */
bool pulse_lvsd_exited(struct pulse *p, pid_t pid, int status);

/* garp.c: gratuitous ARP / unsolicited NA from pulse itself */
int pulse_garp_open(struct pulse *p);
void pulse_garp_init(struct pulse *p);
void pulse_garp_free(struct pulse *p);
void pulse_send_arps(struct pulse *p);      /* one round now, the rest from a timer */
void pulse_garp_cancel(struct pulse *p);

#endif
