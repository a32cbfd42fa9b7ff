/* An ECMP director's announcements (vip_announce.c) driven by a real
 * director on an accepting fake table: which VIPs are announced as servers
 * come and go, a reload, the daemon's and BFD's conditions, a backend that
 * refuses, and the withdrawal at SIGTERM. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "director.h"
#include "vip_announce.h"
#include "tap.h"

/* The table accepts everything; the monitors are plain handles. */
static int handles[64], next_handle;

static int table_op(void *ctx, enum ipvs_op op, const struct ipvs_service *s, const struct ipvs_dest *d)
{
	(void)ctx, (void)op, (void)s, (void)d;
	return 0;
}

static void mon_start(void *ctx, struct vs_state *vs, struct rs_state *rs)
{
	(void)ctx, (void)vs;
	rs->monitor = &handles[next_handle++ % 64];
}

static void mon_stop(void *ctx, struct vs_state *vs, struct rs_state *rs)
{
	(void)ctx, (void)vs;
	rs->monitor = NULL;
}

static void mon_moved(void *ctx, struct vs_state *vs, struct rs_state *rs)
{
	(void)ctx, (void)vs, (void)rs;
}

static const struct director_backend backend = { table_op, mon_start, mon_stop, mon_moved, NULL };

/* The routes: a log of "+ADDR" and "-ADDR", and a refusal on demand. */
struct routes {
	char log[1024];
	int fail_next;
};

static int route_op(void *ctx, const struct lvs_addr *vip, char sign)
{
	struct routes *r = ctx;
	char a[INET6_ADDRSTRLEN];

	if (r->fail_next) {
		int e = r->fail_next;

		r->fail_next = 0;
		return -e;
	}
	lvs_addr_format(vip, a, sizeof(a));
	snprintf(r->log + strlen(r->log), sizeof(r->log) - strlen(r->log), "%c%s ", sign, a);
	return 0;
}

static int route_add(void *ctx, const struct lvs_addr *vip) { return route_op(ctx, vip, '+'); }
static int route_del(void *ctx, const struct lvs_addr *vip) { return route_op(ctx, vip, '-'); }

static const struct vip_announce_backend routes_backend = { route_add, route_del };

static struct lvs_config *parse(const char *text)
{
	struct lvs_config_errors errs = { 0 };
	struct lvs_config *cfg = lvs_config_parse("test.cf", text, strlen(text), &errs);

	if (!cfg)
		lvs_config_errors_print(&errs, stdout);
	lvs_config_errors_clear(&errs);
	return cfg;
}

static struct rs_state *server(struct director *d, const char *vname, const char *sname)
{
	for (size_t i = 0; i < d->n_virtuals; i++)
		for (size_t j = 0; j < d->virtuals[i].n_servers; j++)
			if (!strcmp(d->virtuals[i].cfg->name, vname) &&
			    !strcmp(d->virtuals[i].servers[j].cfg->name, sname))
				return &d->virtuals[i].servers[j];
	return NULL;
}

static void say_at(struct director *d, const char *vname, const char *sname, enum rs_health h,
		   double now)
{
	struct rs_state *rs = server(d, vname, sname);

	for (size_t i = 0; rs && i < d->n_virtuals; i++)
		if (rs >= d->virtuals[i].servers && rs < d->virtuals[i].servers + d->virtuals[i].n_servers)
			director_report(d, &d->virtuals[i], rs, h, 1, now);
}

static void say(struct director *d, const char *vname, const char *sname, enum rs_health h)
{
	say_at(d, vname, sname, h, 1.0);
}

/* The log since the last call, then cleared. */
static const char *took(struct routes *r)
{
	static char out[1024];

	snprintf(out, sizeof(out), "%s", r->log);
	r->log[0] = '\0';
	return out;
}

#define HEAD \
	"director_mode = ecmp\n" \
	"sloppy_tcp = 1\n" \
	"network = direct\n"

/* web and tls share 192.0.2.10; dns is on 192.0.2.20 with a sorry server. */
static const char *cfg1 =
	HEAD
	"virtual web {\n address = 192.0.2.10 lo\n port = 80\n scheduler = mh\n"
	" server a {\n  address = 10.0.0.1\n }\n server b {\n  address = 10.0.0.2\n }\n}\n"
	"virtual tls {\n address = 192.0.2.10 lo\n port = 443\n scheduler = mh\n"
	" server a {\n  address = 10.0.0.1\n }\n}\n"
	"virtual dns {\n address = 192.0.2.20 lo\n port = 53\n protocol = udp\n scheduler = mh\n"
	" sorry_server = 10.0.0.9\n quiesce_server = 1\n"
	" server c {\n  address = 10.0.0.3\n }\n}\n";

/* dns gone, a new IPv6 virtual. */
static const char *cfg2 =
	HEAD
	"virtual web {\n address = 192.0.2.10 lo\n port = 80\n scheduler = mh\n"
	" server a {\n  address = 10.0.0.1\n }\n server b {\n  address = 10.0.0.2\n }\n}\n"
	"virtual tls {\n address = 192.0.2.10 lo\n port = 443\n scheduler = mh\n"
	" server a {\n  address = 10.0.0.1\n }\n}\n"
	"virtual six {\n address = 2001:db8::10 lo\n port = 80\n scheduler = mh\n"
	" server s {\n  address = 2001:db8:1::1\n }\n}\n";

/* web gains a server; seven (192.0.2.30) has two, checked fast with rise 3. */
static const char *cfg3 =
	HEAD
	"virtual web {\n address = 192.0.2.10 lo\n port = 80\n scheduler = mh\n"
	" server a {\n  address = 10.0.0.1\n }\n server b {\n  address = 10.0.0.2\n }\n"
	" server n {\n  address = 10.0.0.4\n }\n}\n"
	"virtual tls {\n address = 192.0.2.10 lo\n port = 443\n scheduler = mh\n"
	" server a {\n  address = 10.0.0.1\n }\n}\n"
	"virtual six {\n address = 2001:db8::10 lo\n port = 80\n scheduler = mh\n"
	" server s {\n  address = 2001:db8:1::1\n }\n}\n"
	"virtual seven {\n address = 192.0.2.30 lo\n port = 80\n scheduler = mh\n"
	" timeout = 1\n check_interval = 0.5\n rise = 3\n"
	" server u {\n  address = 10.0.0.5\n }\n server w {\n  address = 10.0.0.6\n }\n}\n";

int main(void)
{
	struct lvs_config *c1 = parse(cfg1), *c2 = parse(cfg2), *c3 = parse(cfg3);
	struct vip_announce_input ok_in = { .daemon_ok = true };
	struct director d;
	struct vip_announcer a;
	struct routes r = { 0 };
	struct lvs_addr want[4], web, dns;

	ok(c1 && c2 && c3, "the configurations parse");
	if (!c1 || !c2 || !c3)
		return tap_done();
	lvs_addr_parse("192.0.2.10", &web);
	lvs_addr_parse("192.0.2.20", &dns);
	director_init(&d, &backend, NULL);
	ok(director_start(&d, c1, 0.0) == 0, "the director starts");
	vip_announce_init(&a, &routes_backend, &r);

	ok(vip_announce_sync(&a, &d, &ok_in) == 0 && !strcmp(took(&r), ""),
	   "no server has reported: nothing announced");
	is_int(vip_announce_wanted(&d, &ok_in, want, 4), 0, "nothing wanted");

	/* An address waits for every server on it: with mh, a table that
	 * holds only the first server up maps flows elsewhere than the peers. */
	say(&d, "web", "a", RS_UP);
	vip_announce_sync(&a, &d, &ok_in);
	is_str(took(&r), "", "web's first server up, b and tls's a not reported: nothing yet");
	ok(vip_announce_next_deadline(&d, &ok_in) == 32.0,
	   "it waits at most until 32 s (1 x (10 + 10) + 10 + 2), got %g",
	   vip_announce_next_deadline(&d, &ok_in));
	ok(a.next_due == 32.0, "the sync noted it for lvsd's timer (%g)", a.next_due);
	say(&d, "tls", "a", RS_UP);
	vip_announce_sync(&a, &d, &ok_in);
	is_str(took(&r), "", "tls's server up too: still waiting for web's b");
	say(&d, "web", "b", RS_DOWN);
	vip_announce_sync(&a, &d, &ok_in);
	is_str(took(&r), "+192.0.2.10 ", "b reports down: every server has reported, announced");
	ok(vip_announce_next_deadline(&d, &ok_in) == 0, "nothing waits any more");
	say(&d, "web", "b", RS_UP);
	vip_announce_sync(&a, &d, &ok_in);
	is_str(took(&r), "", "the second virtual on the same address: announced once");
	is_int(vip_announce_wanted(&d, &ok_in, want, 4), 1, "one address wanted");

	say(&d, "web", "a", RS_DOWN);
	say(&d, "web", "b", RS_DOWN);
	vip_announce_sync(&a, &d, &ok_in);
	is_str(took(&r), "", "web empty but tls still serves 192.0.2.10: kept");
	say(&d, "tls", "a", RS_DOWN);
	vip_announce_sync(&a, &d, &ok_in);
	is_str(took(&r), "-192.0.2.10 ", "the last server of the address leaves: withdrawn");
	ok(!vip_announce_is_announced(&a, &web), "and forgotten");

	/* dns: its sorry server is in the table while c is unknown or down,
	 * and with quiesce_server a down c stays at weight 0. */
	vip_announce_sync(&a, &d, &ok_in);
	is_str(took(&r), "", "a sorry server alone is no reason to announce");
	say(&d, "dns", "c", RS_UP);
	vip_announce_sync(&a, &d, &ok_in);
	is_str(took(&r), "+192.0.2.20 ", "dns's server up: announced");
	say(&d, "dns", "c", RS_DOWN);
	vip_announce_sync(&a, &d, &ok_in);
	is_str(took(&r), "-192.0.2.20 ", "quiesced at weight 0: withdrawn");

	/* The daemon's condition and BFD. */
	say(&d, "dns", "c", RS_UP);
	say(&d, "web", "a", RS_UP);
	vip_announce_sync(&a, &d, &ok_in);
	is_str(took(&r), "+192.0.2.10 +192.0.2.20 ", "both back, in file order");
	{
		struct vip_announce_input sick = { .daemon_ok = false };
		struct vip_announce_input no_bfd = { .daemon_ok = true, .need_bfd = true, .bfd_up = false };
		struct vip_announce_input bfd = { .daemon_ok = true, .need_bfd = true, .bfd_up = true };

		vip_announce_sync(&a, &d, &sick);
		is_int(a.n_announced, 0, "the daemon not healthy: everything withdrawn");
		took(&r);
		vip_announce_sync(&a, &d, &no_bfd);
		is_str(took(&r), "", "announce_bfd without a BFD session up: nothing announced");
		vip_announce_sync(&a, &d, &bfd);
		is_str(took(&r), "+192.0.2.10 +192.0.2.20 ", "a BFD session up: announced");
	}

	/* A backend that refuses: not recorded, tried again. */
	say(&d, "dns", "c", RS_DOWN);
	r.fail_next = EBUSY;
	ok(vip_announce_sync(&a, &d, &ok_in) < 0, "a refused withdrawal is an error");
	ok(vip_announce_is_announced(&a, &dns) && a.failed_ops == 1,
	   "still counted as announced, one failed operation");
	vip_announce_sync(&a, &d, &ok_in);
	is_str(took(&r), "-192.0.2.20 ", "withdrawn at the next sync");
	say(&d, "dns", "c", RS_UP);
	r.fail_next = ENOMEM;
	vip_announce_sync(&a, &d, &ok_in);
	ok(!vip_announce_is_announced(&a, &dns) && a.failed_ops == 2, "a refused route is not recorded");
	vip_announce_sync(&a, &d, &ok_in);
	is_str(took(&r), "+192.0.2.20 ", "announced at the next sync");

	/* A reload: dns goes, an IPv6 virtual comes. */
	ok(director_reload(&d, c2, 2.0) == 0, "reload");
	vip_announce_sync(&a, &d, &ok_in);
	is_str(took(&r), "-192.0.2.20 ", "the removed virtual's address withdrawn");
	say(&d, "six", "s", RS_UP);
	vip_announce_sync(&a, &d, &ok_in);
	is_str(took(&r), "+2001:db8::10 ", "the new IPv6 virtual announced once up");

	/* A reload adds a server to an announced address and a new virtual
	 * of two servers, one of which never reports. */
	ok(director_reload(&d, c3, 3.0) == 0, "reload with more servers");
	{
		struct vip_announce_input at = { .daemon_ok = true, .now = 3.0 };

		vip_announce_sync(&a, &d, &at);
		is_str(took(&r), "", "a new server on an announced address: still announced");
		ok(vip_announce_is_announced(&a, &web), "192.0.2.10 kept");
		at.now = 4.0;
		say_at(&d, "seven", "u", RS_UP, 4.0);
		vip_announce_sync(&a, &d, &at);
		is_str(took(&r), "", "seven: u up, w not reported: held back");
		ok(vip_announce_next_deadline(&d, &at) == 3.0 + 7.0,
		   "until w's bound (3 x (1 + 0.5) + 0.5 + 2 = 7 s after the reload), got %g",
		   vip_announce_next_deadline(&d, &at));
		at.now = 9.99;
		vip_announce_sync(&a, &d, &at);
		is_str(took(&r), "", "just before the bound: still held back");
		at.now = 10.0;
		vip_announce_sync(&a, &d, &at);
		is_str(took(&r), "+192.0.2.30 ", "at the bound: announced without w");
		ok(vip_announce_next_deadline(&d, &at) == 3.0 + 32.0,
		   "told nothing is announced, 192.0.2.10 would wait for n until 35 s");
		at.announced = a.announced;
		at.n_announced = a.n_announced;
		ok(vip_announce_next_deadline(&d, &at) == 0, "told what is: nothing waits any more");
	}

	/* SIGTERM. */
	vip_announce_withdraw_all(&a);
	{
		const char *log = took(&r);

		ok(strstr(log, "-192.0.2.10 ") && strstr(log, "-2001:db8::10 ") &&
		   strstr(log, "-192.0.2.30 ") && a.n_announced == 0,
		   "SIGTERM: every address withdrawn (%s)", log);
	}
	vip_announce_free(&a);
	director_stop(&d);
	lvs_config_free(c1);
	lvs_config_free(c2);
	lvs_config_free(c3);
	return tap_done();
}
