/* lvs.cf files written for the original suite load here: each class of
 * difference is accepted, with the warning it deserves at the right place. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lvs_config.h"
#include "tap.h"

static const char *srcdir;

static struct lvs_config *load(const char *name, struct lvs_config_errors *errs)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/tests/config/conf/%s", srcdir, name);
	return lvs_config_load(path, errs);
}

/* The diagnostics must be exactly these warnings (line, col, text fragment). */
struct want {
	unsigned line, col;
	const char *text;
};

static void expect_warnings(const char *name, const struct lvs_config_errors *errs,
			    const struct want *w, size_t n)
{
	is_int(lvs_config_error_count(errs), 0, "%s: no errors", name);
	is_int(lvs_config_warning_count(errs), n, "%s: %zu warning(s)", name, n);
	for (size_t i = 0; i < n; i++) {
		bool found = false;

		for (size_t j = 0; j < errs->count; j++)
			if (errs->items[j].warning && errs->items[j].line == w[i].line &&
			    errs->items[j].col == w[i].col && strstr(errs->items[j].message, w[i].text))
				found = true;
		ok(found, "%s: warning at %u:%u: %s", name, w[i].line, w[i].col, w[i].text);
	}
	for (size_t j = 0; j < errs->count && lvs_config_warning_count(errs) != n; j++)
		printf("#   got %u:%u: %s\n", errs->items[j].line, errs->items[j].col,
		       errs->items[j].message);
}

/* Written back and read again, the file means the same. */
static void round_trip(const char *name, const struct lvs_config *cfg)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct lvs_config *again;

	lvs_config_write(cfg, f);
	fclose(f);
	again = lvs_config_parse("written", buf, len, NULL);
	ok(again && lvs_config_equal(cfg, again), "%s: written back, reads the same", name);
	lvs_config_free(again);
	free(buf);
}

static void test_no_auth(void)
{
	static const struct want w[] = {
		{ 5, 1, "heartbeats are not authenticated (no heartbeat_key_file): anyone on the "
			"heartbeat network can forge them" },
	};
	struct lvs_config_errors errs;
	struct lvs_config *c = load("compat-no-auth.cf", &errs);
	char *printed = NULL;
	size_t len = 0;
	FILE *f;

	ok(c != NULL, "class 1: a two-router file without authentication loads");
	expect_warnings("class 1", &errs, w, 1);
	ok(errs.count && strstr(errs.items[0].message, "pulse --generate-key FILE") &&
	   strstr(errs.items[0].message, "heartbeat_auth = none"),
	   "class 1: the warning names the fix and the opt-out");
	f = open_memstream(&printed, &len);
	lvs_config_errors_print(&errs, f);
	fclose(f);
	ok(strstr(printed, "compat-no-auth.cf:5:1: warning: heartbeats are not authenticated") != NULL,
	   "class 1: printed as FILE:LINE:COL: warning:");
	free(printed);
	if (c) {
		is_int(c->heartbeat_auth, LVS_HB_AUTH_AUTO, "class 1: authentication not set");
		ok(c->heartbeat_key_file == NULL, "class 1: no key file");
		round_trip("class 1", c);
	}
	lvs_config_free(c);
	lvs_config_errors_clear(&errs);
}

static struct lvs_config *parse(const char *text, struct lvs_config_errors *errs)
{
	return lvs_config_parse("inline.cf", text, strlen(text), errs);
}

static void test_auth_choices(void)
{
	static const char pair[] = "primary = 192.0.2.2\nbackup = 192.0.2.3\nbackup_active = 1\n";
	struct lvs_config_errors errs;
	struct lvs_config *c;
	char text[512];

	snprintf(text, sizeof(text), "%sheartbeat_auth = none\n", pair);
	c = parse(text, &errs);
	ok(c && errs.count == 0, "heartbeat_auth = none: unauthenticated on purpose, no warning");
	lvs_config_free(c);
	lvs_config_errors_clear(&errs);

	snprintf(text, sizeof(text), "%sheartbeat_key_file = /etc/lvs/hb.key\n", pair);
	c = parse(text, &errs);
	ok(c && errs.count == 0, "a key file without heartbeat_auth: authenticated, no warning");
	lvs_config_free(c);
	lvs_config_errors_clear(&errs);

	snprintf(text, sizeof(text), "%sheartbeat_auth = required\n", pair);
	c = parse(text, &errs);
	ok(c == NULL && lvs_config_error_count(&errs) == 1 && errs.items[0].line == 4,
	   "heartbeat_auth = required without a key file: an error on its line");
	lvs_config_free(c);
	lvs_config_errors_clear(&errs);

	snprintf(text, sizeof(text), "%sheartbeat_auth = required\nheartbeat_key_file = /k\n", pair);
	c = parse(text, &errs);
	ok(c && errs.count == 0 && c->heartbeat_auth == LVS_HB_AUTH_HMAC,
	   "heartbeat_auth = required with a key file: accepted");
	lvs_config_free(c);
	lvs_config_errors_clear(&errs);

	c = parse("primary = 192.0.2.2\n", &errs);
	ok(c && errs.count == 0, "one router (backup_active = 0): no heartbeats, no warning");
	lvs_config_free(c);
	lvs_config_errors_clear(&errs);
}

static void test_no_port(void)
{
	struct lvs_config_errors errs;
	struct lvs_config *c = load("compat-no-port.cf", &errs);

	ok(c != NULL, "class 2: virtuals without port load");
	expect_warnings("class 2", &errs, NULL, 0);
	if (c && c->n_virtuals == 2) {
		is_int(c->virtuals[0].port, 80, "class 2: the port defaults to 80");
		is_int(lvs_server_port(&c->virtuals[0], &c->virtuals[0].servers[0]), 80,
		       "class 2: so does the server's check port");
		is_int(c->virtuals[1].port, 0, "class 2: a fwmark virtual keeps no port");
		round_trip("class 2", c);
	}
	lvs_config_free(c);
	lvs_config_errors_clear(&errs);
}

static void test_nmask_zero(void)
{
	struct lvs_config_errors errs;
	struct lvs_config *c = load("compat-nmask-zero.cf", &errs);

	ok(c != NULL, "class 3: vip_nmask = 0.0.0.0 and nat_nmask = 0.0.0.0 load");
	expect_warnings("class 3", &errs, NULL, 0);
	if (c) {
		is_int(c->virtuals[0].vip_prefix, 0, "class 3: vip_nmask 0.0.0.0 is not set");
		is_int(c->nat_prefix, 0, "class 3: nat_nmask 0.0.0.0 is not set");
		is_int(c->virtuals[0].pmask_prefix, 24, "class 3: other masks still read (pmask /24)");
		round_trip("class 3", c);
	}
	lvs_config_free(c);
	lvs_config_errors_clear(&errs);
}

static void test_repeat(void)
{
	static const struct want w[] = {
		{ 3, 1, "'service' is set again (first at line 2): the last value is used" },
		{ 7, 1, "'backup_active' is set again (first at line 4)" },
		{ 12, 2, "'port' is set again (first at line 11)" },
		{ 14, 2, "'send' is set again (first at line 13)" },
		{ 16, 2, "'sorry_server' is set again (first at line 15)" },
		{ 20, 3, "'weight' is set again (first at line 19)" },
	};
	struct lvs_config_errors errs;
	struct lvs_config *c = load("compat-repeat.cf", &errs);

	ok(c != NULL, "class 4: repeated keywords load");
	expect_warnings("class 4", &errs, w, sizeof(w) / sizeof(w[0]));
	if (c) {
		const struct lvs_virtual *v = &c->virtuals[0];

		is_int(c->service, LVS_SERVICE_LVS, "class 4: service: the last value wins");
		is_int(c->backup_active, 0, "class 4: backup_active: the last value wins");
		is_int(v->port, 8080, "class 4: a later number beats an earlier service name");
		is_str(v->send, "GET / HTTP/1.0\\r\\n\\r\\n", "class 4: send: the last value wins");
		is_int(v->sorry_port, 0, "class 4: the earlier sorry_server's port is gone too");
		is_int(v->servers[0].weight, 5, "class 4: weight: the last value wins");
		round_trip("class 4", c);
	}
	lvs_config_free(c);
	lvs_config_errors_clear(&errs);
}

static void test_templates(void)
{
	static const struct want w[] = {
		{ 2, 1, "virtual 'template' has no address and no 'active': kept as an inactive template" },
		{ 22, 2, "server 'spare' has no address and no 'active': kept as an inactive template" },
	};
	struct lvs_config_errors errs;
	struct lvs_config *c = load("compat-template.cf", &errs);

	ok(c != NULL, "class 5: incomplete template blocks load");
	expect_warnings("class 5", &errs, w, sizeof(w) / sizeof(w[0]));
	if (c && c->n_virtuals == 3) {
		ok(!c->virtuals[0].active, "class 5: the template is inactive");
		ok(!c->virtuals[1].active, "class 5: active = 0 without an address: inactive, silent");
		ok(c->virtuals[2].active && c->virtuals[2].servers[0].active &&
		   !c->virtuals[2].servers[1].active, "class 5: the complete virtual runs, its spare server does not");
		round_trip("class 5", c);
	}
	lvs_config_free(c);
	lvs_config_errors_clear(&errs);
}

static void test_deadtime(void)
{
	static const struct want w[] = {
		{ 4, 1, "deadtime (6) is not greater than keepalive (6); unused while backup_active = 0" },
	};
	struct lvs_config_errors errs;
	struct lvs_config *c = load("compat-deadtime.cf", &errs);

	ok(c != NULL, "class 7: deadtime = keepalive loads where the pair does not run");
	expect_warnings("class 7", &errs, w, 1);
	lvs_config_free(c);
	lvs_config_errors_clear(&errs);
}

/* sloppy_tcp = 1 keeps a connection only where both routers pick the same
 * server for it: a warning names each virtual where they may not. */
static void test_sloppy(void)
{
	static const struct want w[] = {
		{ 7, 2, "sloppy_tcp = 1 with scheduler rr on virtual 'rr_two'" },
	};
	struct lvs_config_errors errs;
	struct lvs_config *c = load("sloppy-schedulers.cf", &errs);

	ok(c != NULL, "sloppy_tcp: loads");
	if (c)
		is_int(c->sloppy_tcp, LVS_SLOPPY_ON, "sloppy_tcp = 1 is read as on");
	expect_warnings("sloppy_tcp", &errs, w, 1);
	if (c)
		round_trip("sloppy_tcp", c);
	lvs_config_free(c);
	lvs_config_errors_clear(&errs);
}

/* director_mode = ecmp: its keywords read, the scheduler that is not mh
 * warned about, and the whole written back the same. */
static void test_ecmp(void)
{
	static const struct want w[] = {
		{ 25, 2, "director_mode = ecmp with scheduler rr on virtual 'rr': the directors do "
			 "not pick the same server" },
	};
	struct lvs_config_errors errs;
	struct lvs_config *c = load("ecmp.cf", &errs);

	ok(c != NULL, "ecmp: loads");
	expect_warnings("ecmp", &errs, w, 1);
	if (c) {
		is_int(c->director_mode, LVS_MODE_ECMP, "ecmp: director_mode = ecmp");
		ok(c->bird_socket && !strcmp(c->bird_socket, "/run/bird/bird-lvs.ctl"),
		   "ecmp: bird_socket read");
		is_int(c->announce_table, 120, "ecmp: announce_table read");
		ok(c->announce_bfd, "ecmp: announce_bfd read");
		ok(c->virtuals[0].mh_port && !c->virtuals[0].mh_fallback, "ecmp: mh_port read");
		is_int(lvs_server_forward(c, &c->virtuals[0], &c->virtuals[0].servers[1]),
		       LVS_FWD_TUNNEL, "ecmp: a tunnelled server is accepted");
		round_trip("ecmp", c);
	}
	lvs_config_free(c);
	lvs_config_errors_clear(&errs);
}

int main(void)
{
	srcdir = getenv("top_srcdir");
	if (!srcdir)
		srcdir = ".";
	test_no_auth();
	test_auth_choices();
	test_no_port();
	test_nmask_zero();
	test_repeat();
	test_templates();
	test_deadtime();
	test_sloppy();
	test_ecmp();
	return tap_done();
}
