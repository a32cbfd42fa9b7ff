/* lvsd's view for --status and the metrics file: plain values, copied out
 * of the director, the monitors and the kernel by status.c, so that the
 * renderers (view_render.c) are pure functions of it. Times are seconds
 * since the Epoch; 0 means never. */
#ifndef LVSD_VIEW_H
#define LVSD_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "strbuf.h"

#define LVSD_STATUS_SCHEMA_VERSION 1

/* The kernel's counters of one service or destination (ipvsadm --stats). */
struct view_kernel {
	bool known;             /* read from the kernel this time */
	uint64_t conns, inpkts, outpkts, inbytes, outbytes;
	uint32_t activeconns, inactconns;   /* destinations only */
};

struct view_checks {
	bool known;             /* the server has a monitor */
	unsigned long total, failures;
	bool have_last;         /* a check has reported */
	bool last_ok;
	double last_at;
	double last_seconds, avg_seconds;  /* latency of the last check, mean of all */
	double sum_seconds;     /* of every check */
};

struct view_server {
	const char *name;
	char address[46];
	unsigned port;
	const char *state;      /* "up", "down" or "unknown" */
	int weight;             /* in the table; 0 when not in it */
	bool in_table;
	double since;           /* its state's start */
	const char *problem;    /* why its nanny does not run, or NULL */
	bool first_listing;     /* the first block listing its destination (metrics count it there) */
	struct view_checks checks;
	struct view_kernel kernel;
};

struct view_virtual {
	const char *name;
	char service[128];      /* "TCP 192.0.2.100:80", "FWM 5" */
	const char *scheduler;
	size_t blocks;          /* blocks sharing its IPVS service */
	bool first_block;       /* the first of them (metrics count the service there) */
	bool in_table;
	struct view_server *servers;
	size_t n_servers;
	bool has_sorry;
	char sorry_address[46];
	bool sorry_in_table;
	struct view_kernel kernel;
};

enum view_reload { VIEW_RELOAD_NONE, VIEW_RELOAD_OK, VIEW_RELOAD_FAILED, VIEW_RELOAD_PARTIAL };

struct lvsd_view {
	const char *version;
	const char *role;       /* "standalone", "active", "backup" */
	const char *config;
	double now;
	unsigned long reloads[4];       /* by enum view_reload; [0] unused */
	enum view_reload last_reload;
	double last_reload_at;
	const char *last_reload_error;  /* NULL when it went well */
	unsigned long table_failures;   /* table operations the kernel refused */
	struct view_virtual *virtuals;
	size_t n_virtuals;
};

const char *view_reload_name(enum view_reload r);  /* "ok", "failed", "partial" */

/* view_render.c: the three renderings, appended to out. */
void view_render_text(const struct lvsd_view *v, struct strbuf *out);
void view_render_json(const struct lvsd_view *v, struct strbuf *out);
void view_render_metrics(const struct lvsd_view *v, struct strbuf *out);

#endif
