/* The director: lvsd's model of what the IPVS table must hold.
 *
 * It owns no processes and no sockets. It turns the configuration and the
 * health reports of the monitors into table operations and monitor
 * start/stop requests, which it hands to a backend (the kernel through
 * src/lib/ipvs in lvsd, a recorder in the tests). It only records what the
 * backend confirmed, so its view is the table's view even when an operation
 * fails. */
#ifndef LVSD_DIRECTOR_H
#define LVSD_DIRECTOR_H

#include <stdbool.h>
#include <stddef.h>

#include "ipvs.h"
#include "lvs_config.h"

enum rs_health {
	RS_UNKNOWN = 0, /* monitor not reported yet */
	RS_UP,
	RS_DOWN,
};

/* One IPVS destination of a service. In a service of one block it is one
 * server; in a service that several blocks share (one fwmark) it is one
 * server address, listed by one or more blocks, each with its own check. */
struct dest_state {
	const struct lvs_virtual *vcfg; /* the first block and server listing it: */
	const struct lvs_server *scfg;  /* what it is mapped from */
	bool in_table;       /* present in the kernel */
	int table_weight;    /* its weight there */
	bool force;          /* its attributes changed: edit at the next sync */
	bool taken;          /* reload: carried over to the new configuration */
	bool was_in;         /* reload: its address was in under another port (a
				block joined or left the service): as if in the table */
	bool adopted;        /* found in the table at start, left by an earlier
				lvsd: kept until its checks have reported */
	/* Its checks, counted by every sync. */
	unsigned n_checks, n_up, n_down;
	int min_weight;      /* the smallest weight asked for by a check that is up */
};

struct rs_state {
	const struct lvs_server *cfg;
	enum rs_health health;
	int weight;          /* weight the monitor asks for while up */
	double since;        /* when health last changed */
	void *monitor;       /* the backend's handle for this server's monitor */
	struct dest_state *dest; /* its destination */
	bool restart;        /* reload: its monitor restarts once the table is in line */
};

struct svc_state;

/* One active virtual block. */
struct vs_state {
	const struct lvs_virtual *cfg;
	struct rs_state *servers;
	size_t n_servers;
	struct svc_state *svc; /* its IPVS service */
};

/* One IPVS service: the blocks that make it (one, or several with one
 * fwmark and family) and its destinations. */
struct svc_state {
	const struct lvs_virtual *cfg; /* its first block: the service's attributes */
	bool shared;         /* two or more blocks: destinations keep the client's port */
	bool in_table;       /* service present in the kernel */
	bool sorry_in_table; /* sorry server present */
	struct vs_state **blocks;
	size_t n_blocks;
	struct dest_state *dests;
	size_t n_dests;
};

struct director_backend {
	/* One table operation; returns 0 or a negative errno. svc and dest are
	 * built from the configuration by ipvs_map. */
	int (*table)(void *ctx, enum ipvs_op op, const struct ipvs_service *svc,
		     const struct ipvs_dest *dest);
	/* Start the monitor of one server (store a handle in rs->monitor), or
	 * stop it (and clear the handle). Restart = stop + start. */
	void (*monitor_start)(void *ctx, struct vs_state *vs, struct rs_state *rs);
	void (*monitor_stop)(void *ctx, struct vs_state *vs, struct rs_state *rs);
	/* A reload moved the state of a running monitor: vs and rs are its new
	 * places (rs->monitor is unchanged). */
	void (*monitor_moved)(void *ctx, struct vs_state *vs, struct rs_state *rs);
	/* The destinations a service already has in the table (it existed
	 * before we added it): a malloc'ed array the director frees. Returns 0
	 * or a negative errno. */
	int (*existing_dests)(void *ctx, const struct ipvs_service *svc,
			      struct ipvs_dest **dests, size_t *n);
};

struct director {
	const struct lvs_config *cfg;
	struct vs_state *virtuals;   /* every active block, in file order */
	size_t n_virtuals;
	struct svc_state *services;
	size_t n_services;
	const struct director_backend *backend;
	void *ctx;
	unsigned failed_ops; /* table operations the kernel refused, ever */
};

void director_init(struct director *d, const struct director_backend *backend, void *ctx);

/* Create every active virtual service and start the monitors of its active
 * servers. Returns 0, or -1 if some table operation failed (logged).
 *
 * A destination is in its service while every check of it passes (in a
 * shared service: the check of each block that lists its address), at the
 * smallest weight they ask for. A destination already in the table stays
 * while none of its checks fails and one passes: a check that a reload
 * added has not reported yet. With quiesce_server a failing destination
 * stays at weight 0. The sorry server is in while no destination passes.
 *
 * A service already in the table (an earlier lvsd died and left it
 * forwarding) is adopted: its attributes are set from the configuration,
 * destinations that are not ours are removed, and ours stay, at the weight
 * they had, until each of their checks has reported: the first failing
 * report takes one out. So a restarted lvsd does not interrupt the service
 * while its new monitors make their first checks. */
int director_start(struct director *d, const struct lvs_config *cfg, double now);

/* A monitor's report: health and, when up, the weight to use. */
int director_report(struct director *d, struct vs_state *vs, struct rs_state *rs,
		    enum rs_health health, int weight, double now);

/* Apply only the difference to new_cfg. The caller keeps old config alive
 * until this returns, then may free it. */
int director_reload(struct director *d, const struct lvs_config *new_cfg, double now);

/* Stop every monitor and delete the services this director created (and
 * only those). */
void director_stop(struct director *d);

/* Stop every monitor but leave the table as it is, for a successor lvsd
 * that adopts it (pulse restarted after a crash). No table operation. */
void director_abandon(struct director *d);

struct vs_state *director_find_virtual(struct director *d, const struct lvs_virtual *cfg);

#endif
