/* The director against a fake IPVS table that refuses what the kernel
 * refuses (duplicates, missing entries), so each test can assert the exact
 * table and the order of operations. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "director.h"
#include "tap.h"

#define MAX_ROWS 64

struct fake {
	char rows[MAX_ROWS][256]; /* "SERVICE" or "SERVICE -> DEST wN fwd" */
	int n_rows;
	char ops[4096];           /* op log, one letter each: S s E D d e */
	char order[4096];         /* the same letters, and + / - for a monitor start / stop */
	int next_monitor;
	int monitors_running;
	int starts, stops, moves;
	int fail_next;            /* make the next table op fail with this errno */
};

/* The service's kernel identity: "TCP 192.0.2.100:80" or "FWM 7". */
static void svc_id(const struct ipvs_service *s, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN];

	if (s->fwmark) {
		snprintf(buf, len, "FWM %u", s->fwmark);
		return;
	}
	inet_ntop(s->af, &s->addr, a, sizeof(a));
	snprintf(buf, len, "%s %s:%u", s->protocol == IPPROTO_UDP ? "UDP" : "TCP", a, s->port);
}

/* Rows: "ID SCHED" for a service, "ID -> ADDR:PORT wWEIGHT FWD" for a server. */
static int find_prefix(struct fake *f, const char *prefix)
{
	size_t n = strlen(prefix);

	for (int i = 0; i < f->n_rows; i++)
		if (strncmp(f->rows[i], prefix, n) == 0)
			return i;
	return -1;
}

static void del_row(struct fake *f, int i)
{
	memmove(f->rows[i], f->rows[i + 1], (size_t)(f->n_rows - i - 1) * sizeof(f->rows[0]));
	f->n_rows--;
}

static int fake_table(void *ctx, enum ipvs_op op, const struct ipvs_service *s, const struct ipvs_dest *d)
{
	struct fake *f = ctx;
	char id[128], svc_prefix[140], dest_prefix[200], a[INET6_ADDRSTRLEN];
	static const char letters[] = { [IPVS_OP_ADD_SERVICE] = 'S', [IPVS_OP_EDIT_SERVICE] = 'E',
		[IPVS_OP_DEL_SERVICE] = 's', [IPVS_OP_ADD_DEST] = 'D', [IPVS_OP_EDIT_DEST] = 'e',
		[IPVS_OP_DEL_DEST] = 'd' };
	int i, j;

	strncat(f->ops, (char[]){ letters[op], 0 }, sizeof(f->ops) - strlen(f->ops) - 1);
	strncat(f->order, (char[]){ letters[op], 0 }, sizeof(f->order) - strlen(f->order) - 1);
	if (f->fail_next) {
		int e = f->fail_next;

		f->fail_next = 0;
		return -e;
	}
	svc_id(s, id, sizeof(id));
	snprintf(svc_prefix, sizeof(svc_prefix), "%s ", id);
	i = -1;
	for (int k = 0; k < f->n_rows && i < 0; k++)
		if (strncmp(f->rows[k], svc_prefix, strlen(svc_prefix)) == 0 && !strstr(f->rows[k], "->"))
			i = k;
	switch (op) {
	case IPVS_OP_ADD_SERVICE:
		if (i >= 0)
			return -EEXIST;
		snprintf(f->rows[f->n_rows++], sizeof(f->rows[0]), "%s %s", id, s->sched_name);
		return 0;
	case IPVS_OP_EDIT_SERVICE:
		if (i < 0)
			return -ESRCH;
		snprintf(f->rows[i], sizeof(f->rows[0]), "%s %s", id, s->sched_name);
		return 0;
	case IPVS_OP_DEL_SERVICE:
		if (i < 0)
			return -ESRCH;
		for (j = f->n_rows - 1; j >= 0; j--)
			if (strncmp(f->rows[j], svc_prefix, strlen(svc_prefix)) == 0)
				del_row(f, j);
		return 0;
	default:
		break;
	}
	if (i < 0)
		return -ESRCH;
	inet_ntop(d->af, &d->addr, a, sizeof(a));
	snprintf(dest_prefix, sizeof(dest_prefix), "%s -> %s:%u ", id, a, d->port);
	j = find_prefix(f, dest_prefix);
	switch (op) {
	case IPVS_OP_ADD_DEST:
		if (j >= 0)
			return -EEXIST;
		j = f->n_rows++;
		break;
	case IPVS_OP_EDIT_DEST:
		if (j < 0)
			return -ENOENT;
		break;
	case IPVS_OP_DEL_DEST:
		if (j < 0)
			return -ENOENT;
		del_row(f, j);
		return 0;
	default:
		return -EINVAL;
	}
	snprintf(f->rows[j], sizeof(f->rows[0]), "%sw%d %s", dest_prefix, d->weight,
		 d->conn_flags == IP_VS_CONN_F_MASQ ? "masq" :
		 d->conn_flags == IP_VS_CONN_F_DROUTE ? "route" : "tunnel");
	return 0;
}

static int cmp_rows(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* The table as one sorted string, rows separated by "|". */
static const char *table(struct fake *f)
{
	static char out[MAX_ROWS * 260];
	char sorted[MAX_ROWS][256];

	memcpy(sorted, f->rows, sizeof(sorted));
	qsort(sorted, (size_t)f->n_rows, sizeof(sorted[0]), cmp_rows);
	out[0] = '\0';
	for (int i = 0; i < f->n_rows; i++) {
		if (i)
			strcat(out, "|");
		strcat(out, sorted[i]);
	}
	return out;
}

struct fake_monitor {
	int id;
	struct vs_state *vs;
	struct rs_state *rs;
};

static struct fake_monitor monitors[64];

static void fake_start(void *ctx, struct vs_state *vs, struct rs_state *rs)
{
	struct fake *f = ctx;
	struct fake_monitor *m = &monitors[f->next_monitor];

	*m = (struct fake_monitor){ ++f->next_monitor, vs, rs };
	rs->monitor = m;
	strncat(f->order, "+", sizeof(f->order) - strlen(f->order) - 1);
	f->starts++;
	f->monitors_running++;
}

static void fake_stop(void *ctx, struct vs_state *vs, struct rs_state *rs)
{
	struct fake *f = ctx;
	struct fake_monitor *m = rs->monitor;

	(void)vs;
	m->rs = NULL;
	m->vs = NULL;
	rs->monitor = NULL;
	strncat(f->order, "-", sizeof(f->order) - strlen(f->order) - 1);
	f->stops++;
	f->monitors_running--;
}

static void fake_moved(void *ctx, struct vs_state *vs, struct rs_state *rs)
{
	struct fake *f = ctx;
	struct fake_monitor *m = rs->monitor;

	m->vs = vs;
	m->rs = rs;
	f->moves++;
}

/* The rows of svc's destinations, as the kernel would list them. */
static int fake_existing(void *ctx, const struct ipvs_service *svc, struct ipvs_dest **dests, size_t *n)
{
	struct fake *f = ctx;
	char id[128], prefix[140], addr[INET6_ADDRSTRLEN];
	struct ipvs_dest *v = calloc(MAX_ROWS, sizeof(*v));
	unsigned port;
	int w;

	if (!v)
		return -ENOMEM;
	*n = 0;
	svc_id(svc, id, sizeof(id));
	snprintf(prefix, sizeof(prefix), "%s -> ", id);
	for (int i = 0; i < f->n_rows; i++) {
		const char *r = f->rows[i];
		char *colon;

		if (strncmp(r, prefix, strlen(prefix)) != 0)
			continue;
		if (sscanf(r + strlen(prefix), "%45s w%d", addr, &w) != 2 || !(colon = strrchr(addr, ':')))
			continue;
		*colon = '\0';
		port = (unsigned)atoi(colon + 1);
		v[*n].af = svc->af;
		inet_pton(svc->af, addr, &v[*n].addr);
		v[*n].port = (uint16_t)port;
		v[*n].weight = w;
		(*n)++;
	}
	*dests = v;
	return 0;
}

static const struct director_backend backend = { fake_table, fake_start, fake_stop, fake_moved, fake_existing };

static struct lvs_config *parse(const char *text)
{
	struct lvs_config_errors errs = { 0 };
	struct lvs_config *cfg = lvs_config_parse("test.cf", text, strlen(text), &errs);

	if (!cfg) {
		lvs_config_errors_print(&errs, stdout);
		lvs_config_errors_clear(&errs);
	}
	return cfg;
}

/* Report through the monitor handle, as lvsd does: the handle must always
 * point at the current state. */
static int report(struct director *d, struct fake_monitor *m, enum rs_health h, int w)
{
	if (!m->rs)
		return -99;
	return director_report(d, m->vs, m->rs, h, w, 1.0);
}

static struct fake_monitor *monitor_of(struct director *d, const char *vname, const char *sname)
{
	for (size_t i = 0; i < d->n_virtuals; i++)
		for (size_t j = 0; j < d->virtuals[i].n_servers; j++)
			if (!strcmp(d->virtuals[i].cfg->name, vname) &&
			    !strcmp(d->virtuals[i].servers[j].cfg->name, sname))
				return d->virtuals[i].servers[j].monitor;
	return NULL;
}

#define BASE \
	"primary = 192.0.2.1\n" \
	"network = nat\n"

static const char *cfg1 =
	BASE
	"virtual web {\n"
	"  address = 192.0.2.100 eth0:1\n"
	"  port = 80\n"
	"  scheduler = wlc\n"
	"  sorry_server = 198.51.100.99\n"
	"  server web1 {\n    address = 198.51.100.11\n    weight = 5\n  }\n"
	"  server web2 {\n    address = 198.51.100.12\n    weight = 10\n  }\n"
	"  server web3 {\n    address = 198.51.100.13\n    active = 0\n  }\n"
	"}\n"
	"virtual mark {\n"
	"  address = 192.0.2.101 eth0:2\n"
	"  fwmark = 7\n"
	"  quiesce_server = 1\n"
	"  server m1 {\n    address = 198.51.100.21\n    port = 8080\n  }\n"
	"}\n"
	"virtual off {\n"
	"  active = 0\n"
	"  address = 192.0.2.102 eth0:3\n"
	"  port = 25\n"
	"  server o1 {\n    address = 198.51.100.31\n  }\n"
	"}\n";

/* Reload: web1's weight 5 -> 7, web2 removed, web4 added, scheduler of web
 * wlc -> rr, virtual dns added, mark unchanged. */
static const char *cfg2 =
	BASE
	"virtual web {\n"
	"  address = 192.0.2.100 eth0:1\n"
	"  port = 80\n"
	"  scheduler = rr\n"
	"  sorry_server = 198.51.100.99\n"
	"  server web1 {\n    address = 198.51.100.11\n    weight = 7\n  }\n"
	"  server web4 {\n    address = 198.51.100.14\n  }\n"
	"}\n"
	"virtual mark {\n"
	"  address = 192.0.2.101 eth0:2\n"
	"  fwmark = 7\n"
	"  quiesce_server = 1\n"
	"  server m1 {\n    address = 198.51.100.21\n    port = 8080\n  }\n"
	"}\n"
	"virtual dns {\n"
	"  address = 192.0.2.103 eth0:4\n"
	"  port = 53\n"
	"  protocol = udp\n"
	"  server d1 {\n    address = 198.51.100.41\n  }\n"
	"}\n";

/* ---- several blocks with one fwmark: one service ---- */

/* A block of fwmark 9 (one VIP for all), sorry server without a port. */
#define FW_BLOCK(name, port, sched, servers) \
	"virtual " name " {\n" \
	"  address = 192.0.2.120 eth0:5\n" \
	"  fwmark = 9\n" \
	"  port = " port "\n" \
	"  scheduler = " sched "\n" \
	"  persistent = 300\n" \
	"  sorry_server = 198.51.100.99\n" \
	servers \
	"}\n"
#define SRV(name, addr, weight) \
	"  server " name " {\n    address = " addr "\n    weight = " weight "\n  }\n"
#define A_HTTP SRV("a", "198.51.100.61", "5")
#define A_HTTPS SRV("a", "198.51.100.61", "2")
#define A_IMAPS SRV("a", "198.51.100.61", "1")
#define B_ SRV("b", "198.51.100.62", "3")
#define C_ SRV("c", "198.51.100.63", "1")

static int count_ops(const struct fake *f, char op)
{
	int n = 0;

	for (const char *p = f->ops; *p; p++)
		n += *p == op;
	return n;
}

static void reset_counts(struct fake *f)
{
	f->ops[0] = '\0';
	f->order[0] = '\0';
	f->starts = f->stops = f->moves = 0;
}

static bool reload_to(struct director *d, struct lvs_config **cur, const char *text, double now)
{
	struct lvs_config *next = parse(text);

	if (!next)
		return false;
	if (director_reload(d, next, now) < 0) {
		lvs_config_free(next);
		return false;
	}
	lvs_config_free(*cur);
	*cur = next;
	return true;
}

/* A reload that changes only weights: a server in service takes its new
 * weight in the reload's own table step, before its monitor restarts
 * (starting a process is the slow part), whatever weight it had reached in
 * slow start; a server out of service gets no table operation; only the
 * changed servers' monitors restart. */
static void test_weight_reload(void)
{
#define W_BLOCK(w1, w2, w3) \
	"virtual web {\n  address = 192.0.2.130 eth0:6\n  port = 80\n" \
	SRV("w1", "198.51.100.81", w1) SRV("w2", "198.51.100.82", w2) SRV("w3", "198.51.100.83", w3) "}\n"
	static const char *w0 = BASE W_BLOCK("5", "10", "4");
	static const char *w1 = BASE W_BLOCK("7", "10", "4");
	static const char *w2 = BASE W_BLOCK("7", "12", "6");
#undef W_BLOCK
	struct fake f = { 0 };
	struct director d;
	struct lvs_config *cur = parse(w0);
	struct fake_monitor *m1, *m2, *m3;

	ok(cur != NULL, "weight: configuration parses");
	if (!cur)
		return;
	director_init(&d, &backend, &f);
	director_start(&d, cur, 0.0);
	report(&d, monitor_of(&d, "web", "w1"), RS_UP, 5);
	report(&d, monitor_of(&d, "web", "w2"), RS_UP, 10);
	report(&d, monitor_of(&d, "web", "w3"), RS_DOWN, 0);
	m2 = monitor_of(&d, "web", "w2");
	m3 = monitor_of(&d, "web", "w3");

	reset_counts(&f);
	ok(reload_to(&d, &cur, w1, 1.0), "weight: reload 5 -> 7 of w1");
	is_str(f.order, "e-+", "the table edit comes before the monitor restart");
	ok(strstr(table(&f), "198.51.100.81:80 w7 masq") != NULL, "w1 at its new weight once the reload returns");
	is_int(f.stops, 1, "one monitor stopped");
	is_int(f.starts, 1, "and one started");
	ok(monitor_of(&d, "web", "w2") == m2 && monitor_of(&d, "web", "w3") == m3,
	   "the unchanged servers keep their monitors");
	m1 = monitor_of(&d, "web", "w1");
	is_int(report(&d, m1, RS_UP, 7), 0, "the restarted monitor reports the new weight");

	/* w2 in slow start (reported 2 of 10) and w3 down, both changed. */
	report(&d, m2, RS_UP, 2);
	ok(strstr(table(&f), "198.51.100.82:80 w2 masq") != NULL, "w2 in slow start at weight 2");
	reset_counts(&f);
	ok(reload_to(&d, &cur, w2, 2.0), "weight: reload w2 10 -> 12, w3 4 -> 6");
	is_str(f.ops, "e", "one table operation: w2's edit; w3, down, stays out");
	ok(strstr(table(&f), "198.51.100.82:80 w12 masq") != NULL,
	   "w2 at its new configured weight (its restarted nanny starts up at full weight)");
	ok(!strstr(table(&f), "198.51.100.83"), "w3 still out");
	is_int(f.stops, 2, "two monitors stopped");
	is_int(f.starts, 2, "two started");
	is_int((int)strcspn(f.order, "+-"), 1, "after the table step");
	ok(monitor_of(&d, "web", "w1") == m1, "w1, unchanged this time, keeps its monitor");
	report(&d, monitor_of(&d, "web", "w3"), RS_UP, 6);
	ok(strstr(table(&f), "198.51.100.83:80 w6 masq") != NULL, "w3 enters at its new weight when it passes");
	director_stop(&d);
	lvs_config_free(cur);
}

/* A service left in the table by an lvsd that died: ours stay until
 * their checks report, strangers go, and nothing flaps meanwhile. */
static void test_adopt(void)
{
	struct fake f = { 0 };
	struct director d;
	struct lvs_config *c = parse(cfg1);
	struct fake_monitor *web1, *web2;

	if (!c)
		return;
	snprintf(f.rows[f.n_rows++], sizeof(f.rows[0]), "TCP 192.0.2.100:80 rr");
	snprintf(f.rows[f.n_rows++], sizeof(f.rows[0]), "TCP 192.0.2.100:80 -> 198.51.100.11:80 w5 masq");
	snprintf(f.rows[f.n_rows++], sizeof(f.rows[0]), "TCP 192.0.2.100:80 -> 198.51.100.12:80 w3 masq");
	snprintf(f.rows[f.n_rows++], sizeof(f.rows[0]), "TCP 192.0.2.100:80 -> 198.51.100.50:80 w1 masq");
	director_init(&d, &backend, &f);
	is_int(director_start(&d, c, 0.0), 0, "adopt: start over a table an earlier run left");
	is_int((int)d.failed_ops, 0, "adopt: the existing service is no failure");
	is_str(table(&f),
	       "FWM 7 wlc|"
	       "TCP 192.0.2.100:80 -> 198.51.100.11:80 w5 masq|TCP 192.0.2.100:80 -> 198.51.100.12:80 w3 masq|"
	       "TCP 192.0.2.100:80 wlc",
	       "adopt: scheduler from lvs.cf, our servers kept at their weights, the stranger gone, no sorry server");
	ok(strchr(f.ops, 'D') == NULL, "adopt: no server added meanwhile (nothing flapped)");
	web1 = monitor_of(&d, "web", "web1");
	web2 = monitor_of(&d, "web", "web2");
	reset_counts(&f);
	report(&d, web1, RS_UP, 5);
	is_str(f.ops, "", "adopt: web1 up at the weight it had: nothing to do");
	report(&d, web2, RS_DOWN, 0);
	is_str(table(&f),
	       "FWM 7 wlc|TCP 192.0.2.100:80 -> 198.51.100.11:80 w5 masq|TCP 192.0.2.100:80 wlc",
	       "adopt: the first failing report takes web2 out");
	report(&d, web2, RS_UP, 10);
	ok(strstr(table(&f), "198.51.100.12:80 w10 masq") != NULL, "adopt: web2 back as any server, at its weight");
	report(&d, web1, RS_DOWN, 0);
	report(&d, web2, RS_DOWN, 0);
	ok(strstr(table(&f), "198.51.100.99:80") != NULL, "adopt: afterwards the sorry server works as usual");
	director_stop(&d);
	is_str(table(&f), "", "adopt: stop removes the adopted services too");
	lvs_config_free(c);

	/* An adopted server whose check reports down first goes at once, and
	 * the sorry server comes in when no adopted server is left. */
	c = parse(cfg1);
	memset(&f, 0, sizeof(f));
	snprintf(f.rows[f.n_rows++], sizeof(f.rows[0]), "TCP 192.0.2.100:80 wlc");
	snprintf(f.rows[f.n_rows++], sizeof(f.rows[0]), "TCP 192.0.2.100:80 -> 198.51.100.11:80 w5 masq");
	director_init(&d, &backend, &f);
	director_start(&d, c, 0.0);
	web1 = monitor_of(&d, "web", "web1");
	report(&d, web1, RS_DOWN, 0);
	is_str(table(&f),
	       "FWM 7 wlc|TCP 192.0.2.100:80 -> 198.51.100.99:80 w1 masq|TCP 192.0.2.100:80 wlc",
	       "adopt: the only adopted server down: sorry server in, server out");
	director_stop(&d);
	lvs_config_free(c);
}

/* mh: the kernel's Maglev table follows the order of the service's
 * destinations, so every configured server is in the table from the start,
 * in the file's order, at weight 0 until it passes, and a failure sets
 * weight 0 instead of removing it. Two routers then order their
 * destinations alike whatever order their checks report in. */
static void test_mh_order(void)
{
	static const char *text =
		BASE
		"virtual mh {\n  address = 192.0.2.130 eth0:6\n  port = 80\n  scheduler = mh\n"
		SRV("a", "198.51.100.81", "3") SRV("b", "198.51.100.82", "3") SRV("c", "198.51.100.83", "3") "}\n";
	struct lvs_config *c = parse(text);
	struct fake g = { 0 };
	struct director e;
	struct fake_monitor *b;

	ok(c != NULL, "mh: configuration parses");
	if (!c)
		return;
	director_init(&e, &backend, &g);
	director_start(&e, c, 0.0);
	is_str(g.ops, "SDDD", "mh: the service, then every server at once");
	ok(strstr(g.rows[1], "198.51.100.81:80 w0") && strstr(g.rows[2], "198.51.100.82:80 w0") &&
	   strstr(g.rows[3], "198.51.100.83:80 w0"), "mh: added in the file's order, at weight 0");
	b = monitor_of(&e, "mh", "b");
	g.ops[0] = '\0';
	report(&e, b, RS_UP, 3);
	is_str(g.ops, "e", "mh: a server that passes gets its weight, in place");
	ok(strstr(table(&g), "198.51.100.82:80 w3") != NULL, "mh: b at weight 3");
	g.ops[0] = '\0';
	report(&e, b, RS_DOWN, 0);
	is_str(g.ops, "e", "mh: a server that fails goes to weight 0, not out");
	ok(strstr(table(&g), "198.51.100.82:80 w0") != NULL, "mh: b at weight 0 again");
	director_stop(&e);
	lvs_config_free(c);
}

static void test_shared_fwmark(void)
{
	static const char *s0 =
		BASE
		FW_BLOCK("http", "80", "rr", A_HTTP B_)
		FW_BLOCK("https", "443", "rr", A_HTTPS B_);
	static const char *s1 =
		BASE
		FW_BLOCK("http", "80", "rr", A_HTTP B_)
		FW_BLOCK("https", "443", "rr", A_HTTPS B_)
		FW_BLOCK("imaps", "993", "rr", A_IMAPS C_);
	/* https moves to 8443; the scheduler changes in every block. */
	static const char *s2 =
		BASE
		FW_BLOCK("http", "80", "wlc", A_HTTP B_)
		FW_BLOCK("https", "8443", "wlc", A_HTTPS B_)
		FW_BLOCK("imaps", "993", "wlc", A_IMAPS C_);
	/* c moves from imaps to http, b leaves https. */
	static const char *s3 =
		BASE
		FW_BLOCK("http", "80", "wlc", A_HTTP B_ C_)
		FW_BLOCK("https", "8443", "wlc", A_HTTPS)
		FW_BLOCK("imaps", "993", "wlc", A_IMAPS);
	static const char *s4 =
		BASE
		FW_BLOCK("http", "80", "wlc", A_HTTP B_ C_)
		FW_BLOCK("https", "8443", "wlc", A_HTTPS);
	static const char *s5 =
		BASE
		FW_BLOCK("http", "80", "wlc", A_HTTP B_ C_);
	static const char *s6 =
		BASE
		FW_BLOCK("http", "80", "wlc", A_HTTP B_ C_)
		FW_BLOCK("https", "443", "wlc", A_HTTPS B_);
	struct fake f = { 0 };
	struct director d;
	struct lvs_config *cur = parse(s0);
	struct fake_monitor *ha, *hb, *sa, *sb, *ia, *ic, *ha_before, *hb_before;

	ok(cur != NULL, "shared fwmark: configuration parses");
	if (!cur)
		return;
	director_init(&d, &backend, &f);

	/* ---- start: one service, a monitor per block and server ---- */
	is_int(director_start(&d, cur, 0.0), 0, "shared: start succeeds");
	is_int(count_ops(&f, 'S'), 1, "shared: the service is created once for two blocks");
	is_int(d.n_virtuals, 2, "shared: two blocks");
	is_int(d.n_services, 1, "shared: one service");
	is_str(table(&f), "FWM 9 -> 198.51.100.99:0 w1 masq|FWM 9 rr",
	       "shared: the sorry server keeps the client's port (0) while no server is in");
	is_int(f.starts, 4, "shared: each block checks each of its servers");
	ha = monitor_of(&d, "http", "a");
	hb = monitor_of(&d, "http", "b");
	sa = monitor_of(&d, "https", "a");
	sb = monitor_of(&d, "https", "b");
	ok(ha && hb && sa && sb, "shared: monitors found");
	if (!ha || !hb || !sa || !sb)
		return;
	ok(ha->rs->dest == sa->rs->dest && ha->rs->dest != hb->rs->dest,
	   "shared: one destination per address, whichever block lists it");

	/* ---- the combine rule ---- */
	f.ops[0] = '\0';
	report(&d, ha, RS_UP, 5);
	is_str(f.ops, "", "one block passes, the other has not reported: not in");
	report(&d, sa, RS_UP, 2);
	is_str(f.ops, "Dd", "both pass: in (before the sorry server leaves)");
	is_str(table(&f), "FWM 9 -> 198.51.100.61:0 w2 masq|FWM 9 rr",
	       "port 0 (the client's) and the smallest weight of its blocks (5, 2)");
	report(&d, sa, RS_UP, 4);
	ok(strstr(table(&f), "198.51.100.61:0 w4 masq") != NULL, "a block's load report raises it to 4 (http asks 5)");
	report(&d, ha, RS_UP, 1);
	ok(strstr(table(&f), "198.51.100.61:0 w1 masq") != NULL, "the other block's report lowers it to 1");
	f.ops[0] = '\0';
	report(&d, sa, RS_DOWN, 0);
	is_str(f.ops, "Dd", "https fails on a: the sorry server comes in, then a leaves");
	is_str(table(&f), "FWM 9 -> 198.51.100.99:0 w1 masq|FWM 9 rr",
	       "a server whose check fails in one block leaves the shared service");
	report(&d, hb, RS_UP, 3);
	report(&d, sb, RS_UP, 3);
	report(&d, sa, RS_UP, 2);
	is_str(table(&f), "FWM 9 -> 198.51.100.61:0 w1 masq|FWM 9 -> 198.51.100.62:0 w3 masq|FWM 9 rr",
	       "both back: each at its smallest weight, no sorry server");
	report(&d, hb, RS_DOWN, 0);
	ok(!strstr(table(&f), "198.51.100.62"), "http fails on b: b leaves although https passes");
	report(&d, hb, RS_UP, 3);
	ok(strstr(table(&f), "198.51.100.62:0 w3") != NULL, "and returns");

	/* ---- reload 1: a block added ---- */
	reset_counts(&f);
	ha_before = ha;
	hb_before = hb;
	ok(reload_to(&d, &cur, s1, 1.0), "reload 1 (imaps added) succeeds");
	is_int(count_ops(&f, 's') + count_ops(&f, 'S'), 0, "reload 1: the service is neither deleted nor created");
	is_int(count_ops(&f, 'd'), 0, "reload 1: no server leaves while the new block's checks start");
	is_int(f.starts, 2, "reload 1: monitors start for the new block only");
	is_int(f.stops, 0, "reload 1: no monitor of the other blocks stops");
	ok(monitor_of(&d, "http", "a") == ha_before && monitor_of(&d, "http", "b") == hb_before,
	   "reload 1: the other blocks keep their monitors");
	ok(ha->rs && ha->rs->cfg == &cur->virtuals[0].servers[0], "reload 1: ... which point at the new state");
	is_str(table(&f), "FWM 9 -> 198.51.100.61:0 w1 masq|FWM 9 -> 198.51.100.62:0 w3 masq|FWM 9 rr",
	       "reload 1: a stays in; c waits for its first check");
	ia = monitor_of(&d, "imaps", "a");
	ic = monitor_of(&d, "imaps", "c");
	ok(ia && ic, "reload 1: the new block's monitors");
	if (!ia || !ic)
		goto out;
	report(&d, ia, RS_DOWN, 0);
	ok(!strstr(table(&f), "198.51.100.61"), "the new block's failing check takes a out");
	report(&d, ia, RS_UP, 1);
	ok(strstr(table(&f), "198.51.100.61:0 w1") != NULL, "and its passing check brings it back");
	report(&d, ic, RS_UP, 1);
	ok(strstr(table(&f), "198.51.100.63:0 w1") != NULL, "c, listed by imaps alone, is in once it passes");

	/* ---- reload 2: one block's port changes, the scheduler everywhere ---- */
	reset_counts(&f);
	sa = monitor_of(&d, "https", "a");
	ok(reload_to(&d, &cur, s2, 2.0), "reload 2 (https 443 -> 8443, scheduler wlc) succeeds");
	is_int(count_ops(&f, 'E'), 1, "reload 2: the shared service is edited once");
	is_int(count_ops(&f, 's') + count_ops(&f, 'S') + count_ops(&f, 'd'), 0,
	       "reload 2: nothing deleted or created (%s)", f.ops);
	is_int(f.stops, 2, "reload 2: https's two monitors stop (their checked port changed)");
	is_int(f.starts, 2, "reload 2: ... and start for 8443; the other blocks' run on");
	ok(monitor_of(&d, "http", "a") == ha_before && monitor_of(&d, "imaps", "a") == ia,
	   "reload 2: the other blocks keep their monitors");
	is_str(table(&f), "FWM 9 -> 198.51.100.61:0 w1 masq|FWM 9 -> 198.51.100.62:0 w3 masq|"
	       "FWM 9 -> 198.51.100.63:0 w1 masq|FWM 9 wlc", "reload 2: every server stays in");
	sa = monitor_of(&d, "https", "a");
	sb = monitor_of(&d, "https", "b");
	if (!sa || !sb)
		goto out;
	report(&d, sa, RS_UP, 2);
	report(&d, sb, RS_UP, 3);

	/* ---- reload 3: servers leave one block's list but stay in another ---- */
	reset_counts(&f);
	ok(reload_to(&d, &cur, s3, 3.0), "reload 3 (c moves imaps -> http, b leaves https) succeeds");
	ok(strstr(table(&f), "198.51.100.62:0 w3") != NULL,
	   "reload 3: b stays: its remaining block (http) passes");
	ok(!strstr(table(&f), "198.51.100.63"),
	   "reload 3: c leaves: its remaining check (http, new) has not passed");
	is_int(count_ops(&f, 's') + count_ops(&f, 'S'), 0, "reload 3: the service stays");
	report(&d, monitor_of(&d, "http", "c"), RS_UP, 1);
	ok(strstr(table(&f), "198.51.100.63:0 w1") != NULL, "c returns once http's check of it passes");

	/* ---- reload 4: a block removed ---- */
	reset_counts(&f);
	ok(reload_to(&d, &cur, s4, 4.0), "reload 4 (imaps removed) succeeds");
	is_int(count_ops(&f, 's') + count_ops(&f, 'S') + count_ops(&f, 'd'), 0,
	       "reload 4: the service and its servers stay (%s)", f.ops);
	is_int(f.stops, 1, "reload 4: the removed block's monitor stops");
	is_int(f.starts, 0, "reload 4: no other monitor restarts");
	is_int(d.n_services, 1, "reload 4: still one service");

	/* ---- reload 5: one block left: as a plain fwmark virtual ---- */
	reset_counts(&f);
	ok(reload_to(&d, &cur, s5, 5.0), "reload 5 (https removed) succeeds");
	is_int(count_ops(&f, 's') + count_ops(&f, 'S'), 0, "reload 5: the service stays");
	is_str(table(&f), "FWM 9 -> 198.51.100.61:80 w1 masq|FWM 9 -> 198.51.100.62:80 w3 masq|"
	       "FWM 9 -> 198.51.100.63:80 w1 masq|FWM 9 wlc",
	       "reload 5: a lone block's servers get their port again");
	report(&d, monitor_of(&d, "http", "a"), RS_UP, 5);
	ok(strstr(table(&f), "198.51.100.61:80 w5") != NULL, "reload 5: and their own block's weight");

	/* ---- reload 6: shared again ---- */
	reset_counts(&f);
	ok(reload_to(&d, &cur, s6, 6.0), "reload 6 (https back) succeeds");
	is_int(count_ops(&f, 's') + count_ops(&f, 'S'), 0, "reload 6: the service stays");
	is_str(table(&f), "FWM 9 -> 198.51.100.61:0 w5 masq|FWM 9 -> 198.51.100.62:0 w3 masq|"
	       "FWM 9 -> 198.51.100.63:0 w1 masq|FWM 9 wlc",
	       "reload 6: shared again, port 0; servers whose new checks have not reported stay");
	report(&d, monitor_of(&d, "https", "a"), RS_UP, 2);
	ok(strstr(table(&f), "198.51.100.61:0 w2") != NULL, "https's report brings a to its weight 2");
	report(&d, monitor_of(&d, "https", "b"), RS_DOWN, 0);
	ok(!strstr(table(&f), "198.51.100.62"), "https's failing check takes b out");

	/* A refused add keeps the sorry server in. */
	report(&d, monitor_of(&d, "http", "a"), RS_DOWN, 0);
	report(&d, monitor_of(&d, "http", "b"), RS_DOWN, 0);
	report(&d, monitor_of(&d, "http", "c"), RS_DOWN, 0);
	ok(strstr(table(&f), "198.51.100.99:0") != NULL, "all down: the sorry server is in");
	f.fail_next = ENOMEM;
	report(&d, monitor_of(&d, "http", "c"), RS_UP, 1);
	ok(strstr(table(&f), "198.51.100.99:0") != NULL, "a refused add: the sorry server stays in");
	report(&d, monitor_of(&d, "http", "c"), RS_UP, 1);
	is_str(table(&f), "FWM 9 -> 198.51.100.63:0 w1 masq|FWM 9 wlc", "retried: c in, sorry out");

out:
	/* ---- stop: deleted once ---- */
	reset_counts(&f);
	director_stop(&d);
	is_int(count_ops(&f, 's'), 1, "stop: the shared service is deleted once");
	is_str(table(&f), "", "stop empties the table");
	is_int(f.monitors_running, 0, "stop: every monitor stopped");
	lvs_config_free(cur);

	/* Quiesce in a shared service: weight 0 while any block fails. */
	{
		static const char *q =
			BASE
			"virtual http {\n  address = 192.0.2.121 eth0\n  fwmark = 10\n  port = 80\n"
			"  quiesce_server = 1\n" SRV("a", "198.51.100.71", "4") "}\n"
			"virtual https {\n  address = 192.0.2.121 eth0\n  fwmark = 10\n  port = 443\n"
			"  quiesce_server = 1\n" SRV("a", "198.51.100.71", "4") "}\n";
		struct lvs_config *qc = parse(q);
		struct fake g = { 0 };
		struct director e;
		struct fake_monitor *qa, *qb;

		ok(qc != NULL, "quiesce: configuration parses");
		if (!qc)
			return;
		director_init(&e, &backend, &g);
		director_start(&e, qc, 0.0);
		qa = monitor_of(&e, "http", "a");
		qb = monitor_of(&e, "https", "a");
		report(&e, qa, RS_UP, 4);
		report(&e, qb, RS_UP, 4);
		is_str(table(&g), "FWM 10 -> 198.51.100.71:0 w4 masq|FWM 10 wlc", "quiesce: both pass, in");
		report(&e, qb, RS_DOWN, 0);
		is_str(table(&g), "FWM 10 -> 198.51.100.71:0 w0 masq|FWM 10 wlc", "quiesce: one block fails: weight 0");
		report(&e, qa, RS_DOWN, 0);
		report(&e, qa, RS_UP, 4);
		ok(strstr(table(&g), "w0") != NULL, "quiesce: still 0 while the other block fails");
		report(&e, qb, RS_UP, 4);
		ok(strstr(table(&g), "198.51.100.71:0 w4") != NULL, "quiesce: back to 4 when both pass");
		director_stop(&e);
		lvs_config_free(qc);
	}
}

int main(void)
{
	struct fake f = { 0 };
	struct director d;
	struct lvs_config *c1 = parse(cfg1), *c2 = parse(cfg2);
	struct fake_monitor *web1, *web2, *m1, *m1_after;

	ok(c1 && c2, "test configurations parse");
	if (!c1 || !c2)
		return tap_done();
	director_init(&d, &backend, &f);

	/* Start: services of active virtuals, no server before its monitor says
	 * up, the sorry server while no server is up. */
	is_int(director_start(&d, c1, 0.0), 0, "start succeeds");
	is_str(table(&f),
	       "FWM 7 wlc|"
	       "TCP 192.0.2.100:80 -> 198.51.100.99:80 w1 masq|TCP 192.0.2.100:80 wlc",
	       "start: two services, sorry server in, no real server yet");
	is_int(f.starts, 3, "one monitor per active server of active virtuals");
	web1 = monitor_of(&d, "web", "web1");
	web2 = monitor_of(&d, "web", "web2");
	m1 = monitor_of(&d, "mark", "m1");
	ok(web1 && web2 && m1, "monitors found");

	/* Up: server in, then sorry out. */
	f.ops[0] = '\0';
	is_int(report(&d, web1, RS_UP, 5), 0, "web1 up");
	is_str(f.ops, "Dd", "server added before the sorry server leaves");
	is_str(table(&f),
	       "FWM 7 wlc|TCP 192.0.2.100:80 -> 198.51.100.11:80 w5 masq|TCP 192.0.2.100:80 wlc",
	       "web1 in with its weight, sorry out");
	f.ops[0] = '\0';
	is_int(report(&d, web1, RS_UP, 5), 0, "same report again");
	is_str(f.ops, "", "a repeated report changes nothing");
	is_int(report(&d, web1, RS_UP, 2), 0, "weight change while up (slow start / load)");
	ok(strstr(table(&f), "198.51.100.11:80 w2 masq") != NULL, "weight edited in place");
	report(&d, web2, RS_UP, 10);

	/* Down: the last server down brings the sorry server back first. */
	report(&d, web2, RS_DOWN, 0);
	ok(!strstr(table(&f), "198.51.100.12"), "web2 removed when down");
	f.ops[0] = '\0';
	report(&d, web1, RS_DOWN, 0);
	is_str(f.ops, "Dd", "sorry server added before the last server leaves");
	is_str(table(&f),
	       "FWM 7 wlc|TCP 192.0.2.100:80 -> 198.51.100.99:80 w1 masq|TCP 192.0.2.100:80 wlc",
	       "all down: only the sorry server");

	/* Quiesce: down sets weight 0 and keeps the entry. */
	report(&d, m1, RS_UP, 1);
	ok(strstr(table(&f), "FWM 7 -> 198.51.100.21:8080 w1 masq") != NULL, "fwmark server in");
	report(&d, m1, RS_DOWN, 0);
	ok(strstr(table(&f), "FWM 7 -> 198.51.100.21:8080 w0 masq") != NULL,
	   "quiesce: weight 0 instead of removal");
	report(&d, m1, RS_UP, 1);
	ok(strstr(table(&f), "FWM 7 -> 198.51.100.21:8080 w1 masq") != NULL, "quiesce: weight back");

	/* Reload. */
	report(&d, web1, RS_UP, 5);
	report(&d, web2, RS_UP, 10);
	f.ops[0] = '\0';
	f.starts = f.stops = f.moves = 0;
	is_int(director_reload(&d, c2, 2.0), 0, "reload succeeds");
	ok(!strchr(f.ops, 's'), "no service deleted (%s)", f.ops);
	ok(strchr(f.ops, 'E') != NULL, "scheduler change edits the service in place");
	is_str(table(&f),
	       "FWM 7 -> 198.51.100.21:8080 w1 masq|FWM 7 wlc|"
	       "TCP 192.0.2.100:80 -> 198.51.100.11:80 w7 masq|TCP 192.0.2.100:80 rr|"
	       "UDP 192.0.2.103:53 wlc",
	       "table after reload: web2 gone, web1 weight 7, scheduler rr, dns added");
	m1_after = monitor_of(&d, "mark", "m1");
	ok(m1_after == m1, "unchanged server kept its monitor");
	ok(m1->rs && m1->rs->cfg == &c2->virtuals[1].servers[0], "its monitor now points at the new state");
	is_int(f.stops, 2, "monitors stopped: web2 (removed) and web1 (weight change restarts it)");
	is_int(f.starts, 3, "monitors started: web1 (restart), web4 and d1 (new)");
	web1 = monitor_of(&d, "web", "web1");
	is_int(report(&d, web1, RS_DOWN, 0), 0, "report through the restarted monitor");
	ok(!strstr(table(&f), "198.51.100.11"), "web1 removed after the reload too");
	ok(strstr(table(&f), "198.51.100.99") != NULL, "and the sorry server is back in");

	/* A failing kernel operation leaves the model as the table is. */
	f.fail_next = ENOMEM;
	is_int(report(&d, monitor_of(&d, "web", "web4"), RS_UP, 1), -1, "refused operation reported");
	ok(!strstr(table(&f), "198.51.100.14"), "nothing recorded for the refused add");
	is_int(report(&d, monitor_of(&d, "web", "web4"), RS_UP, 1), 0, "same report again retries");
	ok(strstr(table(&f), "198.51.100.14:80 w1 masq") != NULL, "refused add retried on the next report");

	/* Stop: only what the director created goes away. */
	snprintf(f.rows[f.n_rows++], sizeof(f.rows[0]), "TCP 192.0.2.200:22 rr");
	director_stop(&d);
	is_str(table(&f), "TCP 192.0.2.200:22 rr", "stop removes its services and only those");
	is_int(f.monitors_running, 0, "every monitor stopped");

	/* No health check; forwarding from the virtual and from a server. */
	{
		static const char *c3_text =
			BASE
			"virtual nocheck {\n"
			"  address = 192.0.2.110 eth0\n"
			"  port = 443\n"
			"  health_check = 0\n"
			"  network = direct\n"
			"  server a {\n    address = 198.51.100.51\n    weight = 4\n  }\n"
			"  server b {\n    address = 198.51.100.52\n    network = tunnel\n  }\n"
			"}\n";
		char c4_text[1024];
		struct lvs_config *c3 = parse(c3_text), *c4;
		struct fake g = { 0 };
		struct director e;

		/* The same with checks switched on. */
		snprintf(c4_text, sizeof(c4_text), "%s", c3_text);
		memcpy(strstr(c4_text, "health_check = 0"), "health_check = 1", 16);
		c4 = parse(c4_text);
		ok(c3 && c4, "health_check configurations parse");
		if (!c3 || !c4)
			return tap_done();
		director_init(&e, &backend, &g);
		is_int(director_start(&e, c3, 0.0), 0, "start without health checks");
		is_str(table(&g),
		       "TCP 192.0.2.110:443 -> 198.51.100.51:443 w4 route|"
		       "TCP 192.0.2.110:443 -> 198.51.100.52:443 w1 tunnel|"
		       "TCP 192.0.2.110:443 wlc",
		       "health_check = 0: servers in at once; forwarding from the virtual, or the server's own");
		is_int(g.starts, 0, "no monitor runs without health checks");
		is_int(director_reload(&e, c4, 1.0), 0, "reload: checks switched on");
		is_int(g.starts, 2, "a monitor per server now");
		ok(!strchr(g.ops, 'd'), "the servers stay in while their monitors start");
		is_int(director_report(&e, &e.virtuals[0], &e.virtuals[0].servers[0], RS_DOWN, 0, 2.0), 0,
		       "a monitor reports a failure");
		ok(!strstr(table(&g), "198.51.100.51"), "and the server leaves");
		is_int(director_reload(&e, c3, 3.0), 0, "reload: checks switched off again");
		is_int(g.monitors_running, 0, "monitors stopped");
		ok(strstr(table(&g), "198.51.100.51:443 w4 route") != NULL, "the unchecked server is back in");
		director_stop(&e);
		is_str(table(&g), "", "stop empties the table");
		lvs_config_free(c3);
		lvs_config_free(c4);
	}

	test_shared_fwmark();
	test_mh_order();
	test_adopt();
	test_weight_reload();

	lvs_config_free(c1);
	lvs_config_free(c2);
	return tap_done();
}
