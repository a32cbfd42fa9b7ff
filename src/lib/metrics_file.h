/* A metrics file for node_exporter's textfile collector, rewritten every
 * interval from the daemon's event loop.
 *
 * Each write goes to PATH.tmp, which is then renamed over PATH, so a reader
 * sees the old file or the new one, never a part (the collector reads only
 * *.prom files, so it never picks up the temporary one). The file is made
 * readable by everyone (mode 0644): node_exporter does not run as root. At
 * a clean stop the daemon removes it, so the collector stops exporting a
 * daemon that no longer runs; after a crash the file stays, and
 * node_exporter's node_textfile_mtime_seconds tells its age. */
#ifndef LVS_METRICS_FILE_H
#define LVS_METRICS_FILE_H

#include <stddef.h>

#include "evloop.h"
#include "strbuf.h"

#define METRICS_DEFAULT_INTERVAL 15.0

/* Renders the whole file into out; 0, or -1 to skip this round. */
typedef int (*metrics_render_fn)(void *ctx, struct strbuf *out);

struct metrics_file;

/* Writes data to path atomically (path.tmp, then rename). 0, or -1 with
 * errno set (the temporary file removed). */
int metrics_write_atomic(const char *path, const char *data, size_t len);

/* Writes the file now and then every interval seconds. NULL (errno set) if
 * out of memory; a failing write is logged, once until one succeeds. */
struct metrics_file *metrics_file_start(struct evloop *loop, const char *path, double interval,
					metrics_render_fn fn, void *ctx);
/* Writes it at once (after a state change, say) and restarts the interval. */
void metrics_file_update(struct metrics_file *m);
/* Stops the timer and removes the file. NULL is fine. */
void metrics_file_stop(struct metrics_file *m);

/* Parses --metrics-interval: a positive number of seconds (at most a day).
 * 0, or -1 if text is not one. */
int metrics_parse_interval(const char *text, double *out);

#endif
