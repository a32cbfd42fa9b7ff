/* lvs_config_diff: what a reload has to do. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lvs_config.h"
#include "tap.h"

static const char base[] =
	"serial_no = 1\n"
	"keepalive = 2\n"
	"tcp_timeout = 900\n"
	"network = nat\n"
	"virtual web {\n"
	"  address = 192.0.2.80 eth0:1\n"
	"  port = 80\n"
	"  scheduler = wlc\n"
	"  send = \"GET / HTTP/1.0\\r\\n\\r\\n\"\n"
	"  expect = HTTP\n"
	"  server w1 {\n    address = 198.51.100.11\n    weight = 1\n  }\n"
	"  server w2 {\n    address = 198.51.100.12\n    weight = 1\n  }\n"
	"  server w3 {\n    address = 198.51.100.13\n    active = 1\n  }\n"
	"}\n"
	"virtual mark {\n"
	"  address = 192.0.2.90 eth0:2\n"
	"  fwmark = 5\n"
	"  server m1 {\n    address = 198.51.100.31\n  }\n"
	"}\n"
	"virtual idle {\n"
	"  active = 0\n"
	"  address = 192.0.2.99 eth0:9\n"
	"  port = 80\n"
	"}\n";

static struct lvs_config *parse(const char *text)
{
	struct lvs_config_errors errs;
	struct lvs_config *c = lvs_config_parse("diff.cf", text, strlen(text), &errs);

	if (!c)
		lvs_config_errors_print(&errs, stdout);
	lvs_config_errors_clear(&errs);
	return c;
}

/* base with the first occurrence of from replaced by to */
static struct lvs_config *variant(const char *from, const char *to)
{
	const char *at = strstr(base, from);
	char *text;
	struct lvs_config *c;

	if (!at) {
		printf("# bad test: '%s' not in base\n", from);
		return NULL;
	}
	text = malloc(sizeof(base) + strlen(to));
	memcpy(text, base, (size_t)(at - base));
	strcpy(text + (at - base), to);
	strcat(text, at + strlen(from));
	c = parse(text);
	free(text);
	return c;
}

struct run {
	struct lvs_config *a, *b;
	struct lvs_diff d;
};

static bool run_diff(struct run *r, const char *from, const char *to)
{
	r->a = parse(base);
	r->b = variant(from, to);
	r->d.count = 0;
	r->d.changes = NULL;
	return r->a && r->b && lvs_config_diff(r->a, r->b, &r->d) == 0;
}

static void done(struct run *r)
{
	lvs_diff_free(&r->d);
	lvs_config_free(r->a);
	lvs_config_free(r->b);
}

static const char *describe(const struct lvs_change *c)
{
	static char buf[256];

	lvs_change_describe(c, buf, sizeof(buf));
	return buf;
}

/* The diff is exactly one change of this kind and these bits. */
static void one_change(const char *what, const char *from, const char *to,
		       enum lvs_change_kind kind, unsigned bits)
{
	struct run r;

	ok(run_diff(&r, from, to), "%s: diff runs", what);
	is_int(r.d.count, 1, "%s: one change", what);
	if (r.d.count >= 1) {
		is_int(r.d.changes[0].kind, kind, "%s: kind", what);
		is_int(r.d.changes[0].what, bits, "%s: flags", what);
		printf("# %s\n", describe(&r.d.changes[0]));
	}
	done(&r);
}

static void test_unchanged(void)
{
	struct run r;

	ok(run_diff(&r, "serial_no = 1", "serial_no = 1"), "unchanged: diff runs");
	is_int(r.d.count, 0, "unchanged config: empty diff");
	done(&r);
	ok(run_diff(&r, "  server w1 {", "  # a comment\n  server w1 {"), "comment only: diff runs");
	is_int(r.d.count, 0, "comments and line numbers do not matter");
	done(&r);
	ok(run_diff(&r, "  active = 0\n  address = 192.0.2.99 eth0:9\n  port = 80",
		    "  active = 0\n  address = 192.0.2.99 eth0:9\n  port = 81\n  scheduler = rr"),
	   "inactive virtual edited: diff runs");
	is_int(r.d.count, 0, "changes to an inactive virtual are invisible");
	done(&r);
}

static void test_globals(void)
{
	one_change("serial_no", "serial_no = 1", "serial_no = 2", LVS_CHANGE_GLOBAL, LVS_DIFF_OTHER);
	one_change("keepalive", "keepalive = 2", "keepalive = 1.5", LVS_CHANGE_GLOBAL,
		   LVS_DIFF_HEARTBEAT);
	one_change("tcp_timeout", "tcp_timeout = 900", "tcp_timeout = 60", LVS_CHANGE_GLOBAL,
		   LVS_DIFF_TIMEOUTS);
	one_change("syncdaemon", "serial_no = 1", "serial_no = 1\nsyncdaemon = 1",
		   LVS_CHANGE_GLOBAL, LVS_DIFF_SYNCDAEMON);
	one_change("nat_router", "serial_no = 1", "serial_no = 1\nnat_router = 198.51.100.254 eth1:1",
		   LVS_CHANGE_GLOBAL, LVS_DIFF_NAT_ROUTER);
	one_change("active_cmd", "serial_no = 1", "serial_no = 1\nactive_cmd = /bin/true",
		   LVS_CHANGE_GLOBAL, LVS_DIFF_COMMANDS);
	one_change("failover", "serial_no = 1",
		   "serial_no = 1\nfailover f {\n address = 192.0.2.7 eth0\n}\n",
		   LVS_CHANGE_GLOBAL, LVS_DIFF_FAILOVER);
}

static void test_virtuals(void)
{
	struct run r;

	ok(run_diff(&r, "virtual idle {\n  active = 0", "virtual idle {\n  active = 1"),
	   "activate: diff runs");
	is_int(r.d.count, 1, "inactive -> active: one change");
	if (r.d.count) {
		is_int(r.d.changes[0].kind, LVS_CHANGE_VIRTUAL_ADDED, "inactive -> active is an addition");
		is_str(r.d.changes[0].new_virtual->name, "idle", "the added virtual");
		ok(r.d.changes[0].old_virtual == NULL, "no old virtual for an addition");
		is_str(describe(&r.d.changes[0]), "virtual 'idle' (tcp 192.0.2.99:80) added",
		       "describe an addition");
	}
	done(&r);

	ok(run_diff(&r, "virtual web {\n", "virtual web {\n  active = 0\n"), "deactivate: diff runs");
	is_int(r.d.count, 1, "active -> inactive: one change");
	if (r.d.count) {
		is_int(r.d.changes[0].kind, LVS_CHANGE_VIRTUAL_REMOVED, "active -> inactive is a removal");
		is_str(r.d.changes[0].old_virtual->name, "web", "the removed virtual");
		is_str(describe(&r.d.changes[0]), "virtual 'web' (tcp 192.0.2.80:80) removed",
		       "describe a removal");
	}
	done(&r);

	ok(run_diff(&r, "  port = 80\n  scheduler", "  port = 8080\n  scheduler"),
	   "port change: diff runs");
	is_int(r.d.count, 2, "identity change: two changes");
	if (r.d.count == 2) {
		is_int(r.d.changes[0].kind, LVS_CHANGE_VIRTUAL_REMOVED, "identity change: removal first");
		is_int(r.d.changes[0].old_virtual->port, 80, "old identity removed");
		is_int(r.d.changes[1].kind, LVS_CHANGE_VIRTUAL_ADDED, "identity change: then addition");
		is_int(r.d.changes[1].new_virtual->port, 8080, "new identity added");
	}
	done(&r);

	ok(run_diff(&r, "virtual idle {", "virtual new {\n  address = 2001:db8::1 eth0\n"
		    "  port = 443\n}\nvirtual idle {"), "addition: diff runs");
	is_int(r.d.count, 1, "new virtual: one change");
	if (r.d.count)
		is_str(describe(&r.d.changes[0]), "virtual 'new' (tcp [2001:db8::1]:443) added",
		       "describe an IPv6 addition");
	done(&r);

	one_change("scheduler", "scheduler = wlc", "scheduler = rr", LVS_CHANGE_VIRTUAL_CHANGED,
		   LVS_DIFF_SERVICE);
	one_change("persistent", "scheduler = wlc", "scheduler = wlc\n  persistent = 60",
		   LVS_CHANGE_VIRTUAL_CHANGED, LVS_DIFF_SERVICE);
	one_change("expect", "expect = HTTP", "expect = \"200 OK\"", LVS_CHANGE_VIRTUAL_CHANGED,
		   LVS_DIFF_CHECK);
	one_change("timeout", "expect = HTTP", "expect = HTTP\n  timeout = 3",
		   LVS_CHANGE_VIRTUAL_CHANGED, LVS_DIFF_CHECK);
	one_change("slow_start off", "expect = HTTP", "expect = HTTP\n  slow_start = 0",
		   LVS_CHANGE_VIRTUAL_CHANGED, LVS_DIFF_CHECK);
	ok(run_diff(&r, "expect = HTTP", "expect = HTTP\n  slow_start = 1"),
	   "slow_start = 1 spelled out: diff runs");
	is_int(r.d.count, 0, "slow_start = 1 is the default: no change");
	done(&r);
	ok(run_diff(&r, "expect = HTTP", "expect = HTTP\n  slow_start = 0"), "slow_start off: diff runs");
	if (r.d.count)
		is_str(describe(&r.d.changes[0]),
		       "virtual 'web' (tcp 192.0.2.80:80) changed: check",
		       "describe a slow_start change: the checks restart");
	done(&r);
	one_change("label", "192.0.2.80 eth0:1", "192.0.2.80 eth0:5", LVS_CHANGE_VIRTUAL_CHANGED,
		   LVS_DIFF_VIP);
	one_change("sorry", "expect = HTTP", "expect = HTTP\n  sorry_server = 198.51.100.250",
		   LVS_CHANGE_VIRTUAL_CHANGED, LVS_DIFF_SORRY);
	one_change("rename", "virtual web {", "virtual www {", LVS_CHANGE_VIRTUAL_CHANGED,
		   LVS_DIFF_NAME);
	ok(run_diff(&r, "virtual web {", "virtual www {"), "rename: diff runs");
	if (r.d.count)
		is_str(describe(&r.d.changes[0]),
		       "virtual 'www' (tcp 192.0.2.80:80) changed: name (was 'web')",
		       "describe a rename");
	done(&r);
	one_change("fwmark VIP move", "192.0.2.90 eth0:2", "192.0.2.91 eth0:2",
		   LVS_CHANGE_VIRTUAL_CHANGED, LVS_DIFF_VIP);
	one_change("scheduler and check", "scheduler = wlc", "scheduler = sh\n  rise = 2",
		   LVS_CHANGE_VIRTUAL_CHANGED, LVS_DIFF_SERVICE | LVS_DIFF_CHECK);
}

static void test_servers(void)
{
	struct run r;

	one_change("weight", "198.51.100.12\n    weight = 1", "198.51.100.12\n    weight = 5",
		   LVS_CHANGE_SERVER_CHANGED, LVS_DIFF_WEIGHT);
	ok(run_diff(&r, "198.51.100.12\n    weight = 1", "198.51.100.12\n    weight = 5"),
	   "weight: diff runs");
	if (r.d.count) {
		is_str(r.d.changes[0].old_server->name, "w2", "weight: old server");
		is_int(r.d.changes[0].new_server->weight, 5, "weight: new server");
		is_str(r.d.changes[0].new_virtual->name, "web", "weight: its virtual");
		is_str(describe(&r.d.changes[0]),
		       "server 'w2' (198.51.100.12:80) of virtual 'web' changed: weight (weight 1 -> 5)",
		       "describe a weight change");
	}
	done(&r);
	one_change("server network", "198.51.100.12\n    weight = 1",
		   "198.51.100.12\n    weight = 1\n    network = direct", LVS_CHANGE_SERVER_CHANGED,
		   LVS_DIFF_FORWARD);
	ok(run_diff(&r, "198.51.100.12\n    weight = 1", "198.51.100.12\n    weight = 1\n    network = nat"),
	   "explicit network equal to the inherited one: diff runs");
	is_int(r.d.count, 0, "same effective forwarding: no change");
	done(&r);

	ok(run_diff(&r, "198.51.100.13\n    active = 1", "198.51.100.13\n    active = 0"),
	   "server deactivated: diff runs");
	is_int(r.d.count, 1, "server deactivated: one change");
	if (r.d.count) {
		is_int(r.d.changes[0].kind, LVS_CHANGE_SERVER_REMOVED, "inactive server counts as removed");
		is_str(r.d.changes[0].old_server->name, "w3", "removed server");
		is_str(describe(&r.d.changes[0]), "server 'w3' (198.51.100.13:80) of virtual 'web' removed",
		       "describe a server removal");
	}
	done(&r);

	ok(run_diff(&r, "  server m1 {", "  server m2 {\n    address = 198.51.100.32\n  }\n  server m1 {"),
	   "server added: diff runs");
	is_int(r.d.count, 1, "server added: one change");
	if (r.d.count) {
		is_int(r.d.changes[0].kind, LVS_CHANGE_SERVER_ADDED, "server addition");
		is_str(r.d.changes[0].new_server->name, "m2", "added server");
	}
	done(&r);

	ok(run_diff(&r, "198.51.100.11\n    weight = 1", "198.51.100.11\n    weight = 1\n    port = 8080"),
	   "server port change: diff runs");
	is_int(r.d.count, 2, "server port change: remove + add");
	if (r.d.count == 2) {
		is_int(r.d.changes[0].kind, LVS_CHANGE_SERVER_REMOVED, "old destination removed first");
		is_int(r.d.changes[1].kind, LVS_CHANGE_SERVER_ADDED, "new destination added");
		is_int(lvs_server_port(r.d.changes[1].new_virtual, r.d.changes[1].new_server), 8080,
		       "new destination port");
	}
	done(&r);

	ok(run_diff(&r, "network = nat", "network = tunnel"), "global network: diff runs");
	is_int(r.d.count, 5, "global network: the global change and one per live server");
	if (r.d.count == 5) {
		is_int(r.d.changes[0].kind, LVS_CHANGE_GLOBAL, "global first");
		is_int(r.d.changes[0].what, LVS_DIFF_NETWORK, "network bit");
		for (size_t i = 1; i < 5; i++)
			ok(r.d.changes[i].kind == LVS_CHANGE_SERVER_CHANGED &&
			   r.d.changes[i].what == LVS_DIFF_FORWARD, "server %zu: forward changed", i);
	}
	done(&r);

	ok(run_diff(&r, "virtual web {\n", "virtual web {\n  network = direct\n"),
	   "virtual network: diff runs");
	is_int(r.d.count, 3, "virtual network: its three servers change forwarding");
	done(&r);
}

/* A reload from a file caught while being rewritten in place: empty, or cut
 * before its first virtual. Both parse; neither may take every service down. */
static void test_reload_refusal(void)
{
	struct lvs_config *running = parse(base), *empty = parse(""), *head = parse("serial_no = 1\nkeepalive = 2\n");
	struct lvs_config *idle = parse("virtual idle {\n  active = 0\n  address = 192.0.2.99 eth0:9\n  port = 80\n}\n");
	struct lvs_config *fewer = variant("virtual mark {", "virtual mark {\n  active = 0");

	ok(running && empty && head && idle && fewer, "refusal: the files parse");
	if (running && empty && head && idle && fewer) {
		ok(lvs_config_reload_refusal(running, empty) != NULL, "an empty file is refused");
		ok(lvs_config_reload_refusal(running, head) != NULL,
		   "a file with the globals and no virtual is refused");
		ok(lvs_config_reload_refusal(running, idle) == NULL,
		   "every virtual inactive: taken (that is how to take every service down)");
		ok(lvs_config_reload_refusal(running, fewer) == NULL, "fewer virtuals: taken");
		ok(lvs_config_reload_refusal(running, running) == NULL, "the same file: taken");
		ok(lvs_config_reload_refusal(empty, head) == NULL && lvs_config_reload_refusal(empty, running) == NULL,
		   "running with no virtual: any valid file is taken");
		printf("# %s\n", lvs_config_reload_refusal(running, empty));
	}
	lvs_config_free(running);
	lvs_config_free(empty);
	lvs_config_free(head);
	lvs_config_free(idle);
	lvs_config_free(fewer);
}

int main(void)
{
	test_unchanged();
	test_globals();
	test_virtuals();
	test_servers();
	test_reload_refusal();
	return tap_done();
}
