/* The pulse daemon: the state machine (failover.c) and heartbeat codec
 * (heartbeat.c) wired to sockets, addresses, processes and the event loop. */
#ifndef PULSE_PULSE_H
#define PULSE_PULSE_H

#include <stdbool.h>
#include <sys/socket.h>
#include <sys/types.h>

#include "evloop.h"
#include "failover.h"
#include "heartbeat.h"
#include "lvs_config.h"

/* One heartbeat path: our socket bound to our address on it, and the
 * peer's address on it. Link 0 is the public pair, link 1 the private. */
struct pulse_link {
	int fd;
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

struct pulse {
	struct evloop *loop;
	struct ev_timer *fo_timer;
	struct ev_timer *link_timer;
	const char *config_path;
	struct lvs_config *cfg;
	bool verbose, norun, nodaemon;
	const char *lvsd_path;
	const char *send_arp_path;

	struct fo fo;
	struct hb_key key;
	struct hb_sender tx;
	struct hb_receiver rx;
	struct pulse_link link[2];
	int nlinks;

	struct pulse_vip *vips;
	size_t nvips;
	bool links_ok;                  /* monitor_links: last carrier verdict */
	pid_t lvsd_pid;
};

/* main.c: stamps ev with the time, runs the state machine, performs its
 * actions and re-arms the timer. */
void pulse_feed(struct pulse *p, struct fo_event *ev);

/* net.c: heartbeat sockets */
int pulse_links_open(struct pulse *p, enum hb_role role);
void pulse_links_close(struct pulse *p);
void pulse_send(struct pulse *p, uint8_t type);
void pulse_receive(struct pulse *p, int link);

/* vip.c: addresses and carrier */
int pulse_vips_list(const struct lvs_config *c, struct pulse_vip **out, size_t *n);
int pulse_vips_collect(struct pulse *p);   /* p->vips from p->cfg */
bool pulse_vip_listed(const struct pulse_vip *v, const struct pulse_vip *list, size_t n);
void pulse_vips_set(struct pulse *p, bool up);
void pulse_vips_apply(struct pulse *p, const struct pulse_vip *vips, size_t n, bool up);
bool pulse_links_have_carrier(const struct pulse *p);
/* Which role the local addresses say we have: HB_ROLE_PRIMARY/BACKUP, or 0. */
int pulse_find_role(const struct lvs_config *cfg);

/* reload.c: the key, the file's identity in heartbeats, and SIGHUP */
int pulse_key_for(const struct lvs_config *c, struct hb_key *key);
void pulse_config_identity(struct pulse *p);
/* Applies the file again; on any error the running configuration stays
 * and -1 is returned. on_socket watches re-opened heartbeat sockets. */
int pulse_reload(struct pulse *p, ev_io_fn on_socket);

/* run.c: child processes and the sync daemon */
void pulse_start_lvsd(struct pulse *p);
void pulse_stop_lvsd(struct pulse *p);
void pulse_send_arps(struct pulse *p);
void pulse_run_command(struct pulse *p, const char *what, const char *cmdline);
void pulse_syncd(struct pulse *p, int state);  /* IP_VS_STATE_MASTER/BACKUP, or 0: stop */
/* Reaps children; true if lvsd was one of them. */
bool pulse_reap(struct pulse *p);

#endif
