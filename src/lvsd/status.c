#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "lvsd.h"

/* The protocol: the client sends one line, "status" or "status json", and
 * reads until the server closes. */

static const char *health_word(enum rs_health h)
{
	return h == RS_UP ? "up" : h == RS_DOWN ? "down" : "unknown";
}

static void service_text(const struct lvs_virtual *v, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN];

	if (v->fwmark) {
		snprintf(buf, len, "FWM %u%s", v->fwmark, v->addr.family == AF_INET6 ? " IPv6" : "");
		return;
	}
	lvs_addr_format(&v->addr, a, sizeof(a));
	snprintf(buf, len, v->addr.family == AF_INET6 ? "%s [%s]:%u" : "%s %s:%u",
		 v->protocol == IPPROTO_UDP ? "UDP" : v->protocol == IPPROTO_SCTP ? "SCTP" : "TCP", a, v->port);
}

static bool svc_in(const struct vs_state *vs)
{
	return vs->svc && vs->svc->in_table;
}

static bool sorry_in(const struct vs_state *vs)
{
	return vs->svc && vs->svc->sorry_in_table;
}

/* A server's destination: in a service of several blocks, one per address. */
static bool rs_in(const struct rs_state *rs)
{
	return rs->dest && rs->dest->in_table;
}

static int rs_weight(const struct rs_state *rs)
{
	return rs_in(rs) ? rs->dest->table_weight : 0;
}

static size_t svc_blocks(const struct vs_state *vs)
{
	return vs->svc ? vs->svc->n_blocks : 1;
}

/* Monotonic "since" to wall-clock ISO 8601 (UTC). */
static void since_text(const struct lvsd *l, double since, char *buf, size_t len)
{
	time_t t = time(NULL) - (time_t)(evloop_now(l->loop) - since);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

struct out {
	char *buf;
	size_t len, cap;
	bool failed;
};

static void put(struct out *o, const char *f, ...) __attribute__((format(printf, 2, 3)));
static void put(struct out *o, const char *f, ...)
{
	va_list ap;
	int n;

	if (o->failed)
		return;
	for (;;) {
		va_start(ap, f);
		n = vsnprintf(o->buf + o->len, o->cap - o->len, f, ap);
		va_end(ap);
		if (n < 0) {
			o->failed = true;
			return;
		}
		if ((size_t)n < o->cap - o->len) {
			o->len += (size_t)n;
			return;
		}
		{
			size_t cap = (o->cap + (size_t)n + 1) * 2;
			char *b = realloc(o->buf, cap);

			if (!b) {
				o->failed = true;
				return;
			}
			o->buf = b;
			o->cap = cap;
		}
	}
}

/* Names are identifiers, but a JSON string must survive anything. */
static void put_json_string(struct out *o, const char *s)
{
	put(o, "\"");
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			put(o, "\\%c", c);
		else if (c < 0x20)
			put(o, "\\u%04x", c);
		else
			put(o, "%c", c);
	}
	put(o, "\"");
}

static void render_text(const struct lvsd *l, struct out *o)
{
	const struct director *d = &l->director;

	put(o, "lvsd %s, config %s, %zu virtual service%s\n", PACKAGE_VERSION, l->config_path,
	    d->n_virtuals, d->n_virtuals == 1 ? "" : "s");
	put(o, "role: %s\n", l->role);
	for (size_t i = 0; i < d->n_virtuals; i++) {
		const struct vs_state *vs = &d->virtuals[i];
		char svc[128], a[INET6_ADDRSTRLEN], since[32];

		service_text(vs->cfg, svc, sizeof(svc));
		put(o, "virtual %s: %s %s", vs->cfg->name, svc, vs->cfg->scheduler);
		if (svc_blocks(vs) > 1)
			put(o, " (one service of %zu blocks)", svc_blocks(vs));
		put(o, "%s\n", svc_in(vs) ? "" : " (NOT IN TABLE)");
		for (size_t j = 0; j < vs->n_servers; j++) {
			const struct rs_state *rs = &vs->servers[j];

			lvs_addr_format(&rs->cfg->addr, a, sizeof(a));
			since_text(l, rs->since, since, sizeof(since));
			put(o, "  server %s: %s port %u %s weight %d%s since %s", rs->cfg->name, a,
			    lvs_server_port(vs->cfg, rs->cfg), health_word(rs->health),
			    rs_weight(rs), rs_in(rs) ? "" : " (not in table)", since);
			if (monitors_problem(rs))
				put(o, " (%s)", monitors_problem(rs));
			put(o, "\n");
		}
		if (vs->cfg->sorry_server.family != AF_UNSPEC) {
			lvs_addr_format(&vs->cfg->sorry_server, a, sizeof(a));
			put(o, "  sorry server %s: %s\n", a, sorry_in(vs) ? "in table" : "standing by");
		}
	}
}

static void render_json(const struct lvsd *l, struct out *o)
{
	const struct director *d = &l->director;

	put(o, "{\"version\":\"%s\",\"role\":\"%s\",\"config\":", PACKAGE_VERSION, l->role);
	put_json_string(o, l->config_path);
	put(o, ",\"virtuals\":[");
	for (size_t i = 0; i < d->n_virtuals; i++) {
		const struct vs_state *vs = &d->virtuals[i];
		char svc[128], a[INET6_ADDRSTRLEN], since[32];

		service_text(vs->cfg, svc, sizeof(svc));
		put(o, "%s{\"name\":", i ? "," : "");
		put_json_string(o, vs->cfg->name);
		put(o, ",\"service\":\"%s\",\"scheduler\":\"%s\",\"blocks\":%zu,\"in_table\":%s,"
		    "\"servers\":[", svc, vs->cfg->scheduler, svc_blocks(vs), svc_in(vs) ? "true" : "false");
		for (size_t j = 0; j < vs->n_servers; j++) {
			const struct rs_state *rs = &vs->servers[j];

			lvs_addr_format(&rs->cfg->addr, a, sizeof(a));
			since_text(l, rs->since, since, sizeof(since));
			put(o, "%s{\"name\":", j ? "," : "");
			put_json_string(o, rs->cfg->name);
			put(o, ",\"address\":\"%s\",\"port\":%u,\"state\":\"%s\",\"weight\":%d,"
			    "\"in_table\":%s,\"since\":\"%s\"", a, lvs_server_port(vs->cfg, rs->cfg),
			    health_word(rs->health), rs_weight(rs), rs_in(rs) ? "true" : "false", since);
			if (monitors_problem(rs)) {
				put(o, ",\"problem\":");
				put_json_string(o, monitors_problem(rs));
			}
			put(o, "}");
		}
		put(o, "]");
		if (vs->cfg->sorry_server.family != AF_UNSPEC) {
			lvs_addr_format(&vs->cfg->sorry_server, a, sizeof(a));
			put(o, ",\"sorry_server\":{\"address\":\"%s\",\"in_table\":%s}", a,
			    sorry_in(vs) ? "true" : "false");
		}
		put(o, "}");
	}
	put(o, "]}\n");
}

int status_render(const struct lvsd *l, bool json, char **out, size_t *len)
{
	struct out o = { 0 };

	if (json)
		render_json(l, &o);
	else
		render_text(l, &o);
	if (o.failed) {
		free(o.buf);
		return -1;
	}
	*out = o.buf;
	*len = o.len;
	return 0;
}

/* ---- server side ---- */

static void on_client(struct evloop *loop, int fd, uint32_t events, void *data)
{
	struct lvsd *l = data;
	char req[64] = "";
	char *text = NULL;
	size_t len = 0, off = 0;
	ssize_t n;

	(void)events;
	n = read(fd, req, sizeof(req) - 1);
	evloop_del_fd(loop, fd);
	if (n > 0) {
		req[n] = '\0';
		if (status_render(l, strncmp(req, "status json", 11) == 0, &text, &len) == 0) {
			/* Blocking with a send timeout: a stuck client cannot hold
			 * the daemon for more than a second. */
			int fl = fcntl(fd, F_GETFL);
			struct timeval tv = { 1, 0 };

			fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
			setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
			while (off < len && (n = write(fd, text + off, len - off)) > 0)
				off += (size_t)n;
			free(text);
		}
	}
	close(fd);
}

static void on_accept(struct evloop *loop, int fd, uint32_t events, void *data)
{
	int c;

	(void)events;
	while ((c = accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0)
		if (evloop_add_fd(loop, c, EPOLLIN, on_client, data) < 0)
			close(c);
}

int status_listen(struct lvsd *l)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd;
	mode_t old;

	if (strlen(l->socket_path) >= sizeof(sa.sun_path)) {
		log_err("status socket path too long: %s", l->socket_path);
		return -1;
	}
	strcpy(sa.sun_path, l->socket_path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	unlink(l->socket_path);
	old = umask(0077); /* status is for root and whom root lets in */
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(fd, 16) < 0) {
		umask(old);
		log_err("status socket %s: %m", l->socket_path);
		close(fd);
		return -1;
	}
	umask(old);
	if (evloop_add_fd(l->loop, fd, EPOLLIN, on_accept, l) < 0) {
		close(fd);
		return -1;
	}
	l->status_fd = fd;
	return 0;
}

void status_close(struct lvsd *l)
{
	if (l->status_fd < 0)
		return;
	evloop_del_fd(l->loop, l->status_fd);
	close(l->status_fd);
	unlink(l->socket_path);
	l->status_fd = -1;
}

/* ---- client side (lvsd --status) ---- */

int status_query(const char *socket_path, bool json)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	const char *req = json ? "status json\n" : "status\n";
	char buf[4096];
	ssize_t n;
	int fd;

	if (strlen(socket_path) >= sizeof(sa.sun_path)) {
		fprintf(stderr, "lvsd: socket path too long: %s\n", socket_path);
		return 1;
	}
	strcpy(sa.sun_path, socket_path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		fprintf(stderr, "lvsd: is lvsd running? cannot connect to %s: %s\n", socket_path,
			strerror(errno));
		if (fd >= 0)
			close(fd);
		return 1;
	}
	if (write(fd, req, strlen(req)) < 0) {
		close(fd);
		return 1;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		fwrite(buf, 1, (size_t)n, stdout);
	close(fd);
	return n < 0 ? 1 : 0;
}
