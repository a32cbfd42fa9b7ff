#include "config.h"

#include "metrics_file.h"
#include "lvs_ranges.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"

struct metrics_file {
	struct evloop *loop;
	char *path;
	double interval;
	metrics_render_fn fn;
	void *ctx;
	struct ev_timer *timer;
	bool failing;           /* the last write failed and was logged */
};

int metrics_write_atomic(const char *path, const char *data, size_t len)
{
	size_t plen = strlen(path);
	char *tmp = malloc(plen + 5);
	size_t off = 0;
	int fd, err;

	if (!tmp) {
		errno = ENOMEM;
		return -1;
	}
	memcpy(tmp, path, plen);
	memcpy(tmp + plen, ".tmp", 5);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0)
		goto fail;
	/* Whatever the daemon's umask: node_exporter must read it. */
	if (fchmod(fd, 0644) < 0)
		goto fail_fd;
	while (off < len) {
		ssize_t n = write(fd, data + off, len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto fail_fd;
		off += (size_t)n;
	}
	if (close(fd) < 0) {
		fd = -1;
		goto fail_unlink;
	}
	if (rename(tmp, path) < 0)
		goto fail_unlink;
	free(tmp);
	return 0;
fail_fd:
	err = errno;
	close(fd);
	errno = err;
fail_unlink:
	err = errno;
	unlink(tmp);
	errno = err;
fail:
	err = errno;
	free(tmp);
	errno = err;
	return -1;
}

static void write_now(struct metrics_file *m)
{
	struct strbuf b = { 0 };
	const char *text;

	if (m->fn(m->ctx, &b) < 0) {
		sb_free(&b);
		return;
	}
	text = sb_str(&b);
	if (!text) {
		if (!m->failing)
			log_err("metrics file %s: out of memory rendering it", m->path);
		m->failing = true;
	} else if (metrics_write_atomic(m->path, text, b.len) < 0) {
		if (!m->failing)
			log_err("metrics file %s: %m (retrying every %g s)", m->path, m->interval);
		m->failing = true;
	} else if (m->failing) {
		log_notice("metrics file %s written again", m->path);
		m->failing = false;
	}
	sb_free(&b);
}

static void on_timer(struct evloop *loop, struct ev_timer *t, void *data)
{
	struct metrics_file *m = data;

	(void)loop;
	write_now(m);
	evloop_timer_arm(t, m->interval);
}

struct metrics_file *metrics_file_start(struct evloop *loop, const char *path, double interval,
					metrics_render_fn fn, void *ctx)
{
	struct metrics_file *m = calloc(1, sizeof(*m));

	if (!m || !(m->path = strdup(path)) || !(m->timer = evloop_timer_new(loop, on_timer, m))) {
		if (m)
			free(m->path);
		free(m);
		errno = ENOMEM;
		return NULL;
	}
	m->loop = loop;
	m->interval = interval > 0 ? interval : METRICS_DEFAULT_INTERVAL;
	m->fn = fn;
	m->ctx = ctx;
	on_timer(loop, m->timer, m);
	return m;
}

void metrics_file_update(struct metrics_file *m)
{
	if (!m)
		return;
	evloop_timer_disarm(m->timer);
	on_timer(m->loop, m->timer, m);
}

void metrics_file_stop(struct metrics_file *m)
{
	if (!m)
		return;
	evloop_timer_free(m->timer);
	unlink(m->path);
	free(m->path);
	free(m);
}

int metrics_parse_interval(const char *text, double *out)
{
	return lvs_seconds_parse(text, false, 86400, out);
}
