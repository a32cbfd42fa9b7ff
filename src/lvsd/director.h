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

struct rs_state {
	const struct lvs_server *cfg;
	enum rs_health health;
	int weight;          /* weight the monitor asks for while up */
	bool in_table;       /* destination present in the kernel */
	int table_weight;    /* its weight there */
	double since;        /* when health last changed */
	void *monitor;       /* the backend's handle for this server's monitor */
};

struct vs_state {
	const struct lvs_virtual *cfg;
	struct rs_state *servers;
	size_t n_servers;
	bool in_table;       /* service present in the kernel */
	bool sorry_in_table; /* sorry server present */
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
};

struct director {
	const struct lvs_config *cfg;
	struct vs_state *virtuals;
	size_t n_virtuals;
	const struct director_backend *backend;
	void *ctx;
	unsigned failed_ops; /* table operations the kernel refused, ever */
};

void director_init(struct director *d, const struct director_backend *backend, void *ctx);

/* Create every active virtual service and start the monitors of its active
 * servers. Returns 0, or -1 if some table operation failed (logged). */
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
