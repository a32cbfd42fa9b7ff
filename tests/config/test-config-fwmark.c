/* Virtual blocks that share a fwmark (one IPVS service of several ports):
 * which groups the parser accepts, the exact error for every attribute the
 * blocks must agree on, and how a reload pairs the blocks of a group. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lvs_config.h"
#include "tap.h"

/* virtual NAME { address, fwmark 7, port PORT, EXTRA lines, servers } */
static char *block(char *out, size_t len, const char *name, const char *port, const char *extra,
		   const char *servers)
{
	snprintf(out, len,
		 "virtual %s {\n"
		 "\taddress = 192.0.2.100 eth0:1\n"
		 "\tfwmark = 7\n"
		 "%s%s%s"
		 "%s"
		 "%s"
		 "}\n",
		 name, port ? "\tport = " : "", port ? port : "", port ? "\n" : "", extra, servers);
	return out;
}

static const char servers_ab[] =
	"\tserver a {\n\t\taddress = 198.51.100.11\n\t}\n"
	"\tserver b {\n\t\taddress = 198.51.100.12\n\t}\n";

static struct lvs_config *parse(const char *text, struct lvs_config_errors *errs)
{
	return lvs_config_parse("fw.cf", text, strlen(text), errs);
}

static char *errors_text(const struct lvs_config_errors *errs)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	lvs_config_errors_print(errs, f);
	fclose(f);
	return buf;
}

/* text parses; prints the errors otherwise */
static struct lvs_config *accepted(const char *what, const char *text)
{
	struct lvs_config_errors errs;
	struct lvs_config *c = parse(text, &errs);
	char *out = errors_text(&errs);

	ok(c != NULL, "accepted: %s", what);
	if (!c)
		printf("# %s", out);
	free(out);
	lvs_config_errors_clear(&errs);
	return c;
}

/* text is refused with exactly these error lines ("fw.cf:L:C: error: ..." each
 * followed by a newline), nothing else */
static void refused(const char *what, const char *text, const char *want)
{
	struct lvs_config_errors errs;
	struct lvs_config *c = parse(text, &errs);
	char *out = errors_text(&errs);

	ok(c == NULL, "refused: %s", what);
	is_str(out, want, "%s: the exact errors", what);
	free(out);
	lvs_config_free(c);
	lvs_config_errors_clear(&errs);
}

#define GLOBAL "primary = 192.0.2.1\nnetwork = nat\n"

static void test_accepted(void)
{
	char a[1024], b[1024], c3[1024], text[4096];
	struct lvs_config *c;

	snprintf(text, sizeof(text), GLOBAL "%s%s",
		 block(a, sizeof(a), "http", "80", "\tpersistent = 300\n\tscheduler = rr\n", servers_ab),
		 block(b, sizeof(b), "https", "443", "\tpersistent = 300\n\tscheduler = rr\n", servers_ab));
	c = accepted("http + https, one fwmark, persistence", text);
	if (c) {
		is_int(c->n_virtuals, 2, "two blocks");
		ok(lvs_virtual_same_service(&c->virtuals[0], &c->virtuals[1]), "... of one IPVS service");
		is_int(c->virtuals[1].port, 443, "each with its own port");
	}
	lvs_config_free(c);

	/* DNS over TCP and UDP: the protocol may differ, the port may be the same. */
	snprintf(text, sizeof(text), GLOBAL "%s%s",
		 block(a, sizeof(a), "dns-tcp", "53", "", servers_ab),
		 block(b, sizeof(b), "dns-udp", "53", "\tprotocol = udp\n", servers_ab));
	c = accepted("tcp 53 + udp 53", text);
	lvs_config_free(c);

	/* Explicit values that equal the other block's defaults. */
	snprintf(text, sizeof(text), GLOBAL "%s%s",
		 block(a, sizeof(a), "http", "80",
		       "\tscheduler = wlc\n\tpmask = 255.255.255.255\n\tnetwork = nat\n"
		       "\tquiesce_server = 0\n\tpersistent = 0\n", servers_ab),
		 block(b, sizeof(b), "https", "443", "", servers_ab));
	c = accepted("effective values compared: explicit defaults agree with omitted ones", text);
	lvs_config_free(c);

	/* Blocks that differ only in what is theirs: checks, address, health_check,
	 * weights; a server-level network equal to the other's effective one. */
	snprintf(text, sizeof(text), GLOBAL "%s%s%s",
		 block(a, sizeof(a), "http", "80",
		       "\tsend = \"GET / HTTP/1.0\\r\\n\\r\\n\"\n\texpect = HTTP\n\ttimeout = 3\n",
		       "\tserver a {\n\t\taddress = 198.51.100.11\n\t\tweight = 5\n\t}\n"),
		 block(b, sizeof(b), "https", "443", "\thealth_check = 0\n",
		       "\tserver a2 {\n\t\taddress = 198.51.100.11\n\t\tnetwork = nat\n\t\tweight = 2\n\t}\n"),
		 block(c3, sizeof(c3), "alt", "8443", "", "\tserver c {\n\t\taddress = 198.51.100.13\n"
		       "\t\tport = 9443\n\t}\n"));
	c = accepted("three blocks; per-block checks, weights and server ports", text);
	lvs_config_free(c);

	/* The same fwmark in both families: two services. */
	snprintf(text, sizeof(text), GLOBAL "%s"
		 "virtual six {\n\taddress = 2001:db8::100 eth0\n\tfwmark = 7\n\tport = 80\n"
		 "\tscheduler = rr\n\tserver s {\n\t\taddress = 2001:db8:2::11\n\t}\n}\n",
		 block(a, sizeof(a), "four", "80", "", servers_ab));
	c = accepted("same fwmark, IPv4 and IPv6: two services, no agreement needed", text);
	if (c)
		ok(!lvs_virtual_same_service(&c->virtuals[0], &c->virtuals[1]), "... not one service");
	lvs_config_free(c);

	/* An inactive block does not count. */
	snprintf(text, sizeof(text), GLOBAL "%s%s",
		 block(a, sizeof(a), "http", "80", "", servers_ab),
		 block(b, sizeof(b), "old", "80", "\tactive = 0\n\tscheduler = sh\n", servers_ab));
	c = accepted("an inactive block with the same port and another scheduler", text);
	lvs_config_free(c);
}

static void test_disagreements(void)
{
	char a[1024], b[1024], c3[1024], text[4096];

	/* Each service-level keyword, set in the second block: the error points
	 * at it (line 15 is the first keyword after the port). */
	static const struct {
		const char *kw_line, *first, *message;
	} cases[] = {
		{ "\tscheduler = rr\n", "",
		  "but has scheduler rr, not wlc" },
		{ "\tpersistent = 60\n", "\tpersistent = 300\n",
		  "but has persistent 60, not 300" },
		{ "\tpmask = 255.255.255.0\n", "",
		  "but has pmask /24, not /32" },
		{ "\tnetwork = direct\n", "",
		  "but has network direct, not nat" },
		{ "\tquiesce_server = 1\n", "",
		  "but has quiesce_server 1, not 0" },
		{ "\tsorry_server = 198.51.100.99:8080\n", "\tsorry_server = 198.51.100.99\n",
		  "but has sorry_server 198.51.100.99:8080, not 198.51.100.99" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char want[512], what[64];

		snprintf(text, sizeof(text), GLOBAL "%s%s",
			 block(a, sizeof(a), "http", "80", cases[i].first, servers_ab),
			 block(b, sizeof(b), "https", "443", cases[i].kw_line, servers_ab));
		/* Line of the second block's keyword: 2 global lines, the first
		 * block (4 + its extra line + 6 server lines + "}"), then 4. */
		snprintf(want, sizeof(want),
			 "fw.cf:%d:2: error: virtual 'https' shares fwmark 7 (IPv4) with virtual 'http' "
			 "(line 3) %s\n", *cases[i].first ? 19 : 18, cases[i].message);
		snprintf(what, sizeof(what), "%.*s", (int)strcspn(cases[i].kw_line + 1, " "),
			 cases[i].kw_line + 1);
		refused(what, text, want);
	}

	/* Set only in the first block: the second block's line is the place. */
	snprintf(text, sizeof(text), GLOBAL "%s%s",
		 block(a, sizeof(a), "http", "80", "\tscheduler = rr\n\tquiesce_server = 1\n", servers_ab),
		 block(b, sizeof(b), "https", "443", "", servers_ab));
	refused("omitted in the later block", text,
		"fw.cf:16:1: error: virtual 'https' shares fwmark 7 (IPv4) with virtual 'http' (line 3) "
		"but has scheduler wlc, not rr\n"
		"fw.cf:16:1: error: virtual 'https' shares fwmark 7 (IPv4) with virtual 'http' (line 3) "
		"but has quiesce_server 0, not 1\n");

	/* The global network against a block's own. */
	snprintf(text, sizeof(text), "primary = 192.0.2.1\nnetwork = direct\n%s%s",
		 block(a, sizeof(a), "http", "80", "\tnetwork = nat\n", servers_ab),
		 block(b, sizeof(b), "https", "443", "", servers_ab));
	refused("inherited network", text,
		"fw.cf:15:1: error: virtual 'https' shares fwmark 7 (IPv4) with virtual 'http' (line 3) "
		"but has network direct, not nat\n");

	/* IPv6 sorry server text. */
	snprintf(text, sizeof(text), GLOBAL
		 "virtual a {\n\taddress = 2001:db8::100 eth0\n\tfwmark = 7\n\tport = 80\n"
		 "\tsorry_server = [2001:db8::99]:8080\n}\n"
		 "virtual b {\n\taddress = 2001:db8::100 eth0\n\tfwmark = 7\n\tport = 443\n}\n");
	refused("IPv6 sorry_server", text,
		"fw.cf:9:1: error: virtual 'b' shares fwmark 7 (IPv6) with virtual 'a' (line 3) "
		"but has sorry_server none, not [2001:db8::99]:8080\n");

	/* Two blocks with the same protocol and port. */
	snprintf(text, sizeof(text), GLOBAL "%s%s",
		 block(a, sizeof(a), "http", "80", "", servers_ab),
		 block(b, sizeof(b), "www", "80", "", servers_ab));
	refused("same protocol and port", text,
		"fw.cf:14:1: error: virtual 'www' is the same IPVS service (fwmark 7 (IPv4)) as virtual "
		"'http' (line 3) with the same protocol and port (tcp port 80); blocks that share a "
		"fwmark need different ports or protocols\n");
	snprintf(text, sizeof(text), GLOBAL "%s%s",
		 block(a, sizeof(a), "one", NULL, "", servers_ab),
		 block(b, sizeof(b), "two", NULL, "", servers_ab));
	refused("neither block has a port", text,
		"fw.cf:13:1: error: virtual 'two' is the same IPVS service (fwmark 7 (IPv4)) as virtual "
		"'one' (line 3) with the same protocol and port (tcp, no port); blocks that share a "
		"fwmark need different ports or protocols\n");

	/* A third block is compared with the first; the duplicate it makes is
	 * the one with the second. */
	snprintf(text, sizeof(text), GLOBAL "%s%s%s",
		 block(a, sizeof(a), "http", "80", "", servers_ab),
		 block(b, sizeof(b), "https", "443", "", servers_ab),
		 block(c3, sizeof(c3), "tls", "443", "\tpersistent = 10\n", servers_ab));
	refused("third block", text,
		"fw.cf:25:1: error: virtual 'tls' is the same IPVS service (fwmark 7 (IPv4)) as virtual "
		"'https' (line 14) with the same protocol and port (tcp port 443); blocks that share a "
		"fwmark need different ports or protocols\n"
		"fw.cf:29:2: error: virtual 'tls' shares fwmark 7 (IPv4) with virtual 'http' (line 3) "
		"but has persistent 10, not 0\n");

	/* One address forwarded two ways. */
	snprintf(text, sizeof(text), GLOBAL "%s%s",
		 block(a, sizeof(a), "http", "80", "", servers_ab),
		 block(b, sizeof(b), "https", "443", "",
		       "\tserver b2 {\n\t\taddress = 198.51.100.12\n\t\tnetwork = tunnel\n\t}\n"));
	refused("server forwarding differs", text,
		"fw.cf:20:3: error: server 'b2' has network tunnel but the same address has network nat "
		"in server 'b' (line 10) of virtual 'http', which shares fwmark 7 (IPv4)\n");
	snprintf(text, sizeof(text), GLOBAL "%s%s",
		 block(a, sizeof(a), "http", "80", "",
		       "\tserver a {\n\t\taddress = 198.51.100.11\n\t\tnetwork = direct\n\t}\n"),
		 block(b, sizeof(b), "https", "443", "", servers_ab));
	refused("server forwarding set only in the first block", text,
		"fw.cf:16:2: error: server 'a' has network nat but the same address has network direct "
		"in server 'a' (line 7) of virtual 'http', which shares fwmark 7 (IPv4)\n");
	/* Within the first block: two ports of one address are one destination. */
	snprintf(text, sizeof(text), GLOBAL "%s%s",
		 block(a, sizeof(a), "http", "80", "",
		       "\tserver a {\n\t\taddress = 198.51.100.11\n\t}\n"
		       "\tserver a8080 {\n\t\taddress = 198.51.100.11\n\t\tport = 8080\n"
		       "\t\tnetwork = direct\n\t}\n"),
		 block(b, sizeof(b), "https", "443", "", "\tserver c {\n\t\taddress = 198.51.100.13\n\t}\n"));
	refused("forwarding differs inside the first block", text,
		"fw.cf:13:3: error: server 'a8080' has network direct but the same address has network "
		"nat in server 'a' (line 7) of virtual 'http', which shares fwmark 7 (IPv4)\n");
}

/* ---- reload pairing ---- */

struct pair_case {
	const char *what;
	const char *old_blocks, *new_blocks;
	const char *want; /* "new->old" for each live new virtual, by name, "-" for none */
};

static void pairs_text(const struct lvs_config *o, const struct lvs_config *n, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n->n_virtuals; i++) {
		const struct lvs_virtual *v = &n->virtuals[i], *w;

		if (!v->active)
			continue;
		w = lvs_virtual_counterpart(o, n, v);
		used += (size_t)snprintf(buf + used, len - used, "%s%s->%s", used ? " " : "", v->name,
					 w ? w->name : "-");
		/* The pairing is the same seen from the other side. */
		if (w && lvs_virtual_counterpart(n, o, w) != v)
			used += (size_t)snprintf(buf + used, len - used, "(asymmetric)");
	}
}

static void test_pairing(void)
{
	char a[1024], b[1024], c3[1024], d[1024], old_text[4096], new_text[4096], got[256];
	struct lvs_config_errors errs;
	struct lvs_config *o, *n;
	struct lvs_diff diff;

	/* Reordered blocks: matched by port, not by position. */
	snprintf(old_text, sizeof(old_text), GLOBAL "%s%s",
		 block(a, sizeof(a), "http", "80", "", servers_ab),
		 block(b, sizeof(b), "https", "443", "", servers_ab));
	snprintf(new_text, sizeof(new_text), GLOBAL "%s%s%s",
		 block(b, sizeof(b), "https", "443", "", servers_ab),
		 block(c3, sizeof(c3), "imaps", "993", "", servers_ab),
		 block(a, sizeof(a), "http", "80", "", servers_ab));
	o = parse(old_text, &errs);
	lvs_config_errors_clear(&errs);
	n = parse(new_text, &errs);
	lvs_config_errors_clear(&errs);
	ok(o && n, "pairing configurations parse");
	if (!o || !n)
		return;
	pairs_text(o, n, got, sizeof(got));
	is_str(got, "https->https imaps->- http->http", "blocks paired by protocol and port");
	ok(lvs_config_diff(o, n, &diff) == 0, "diff runs");
	is_int(diff.count, 1, "a block added to a group: one change");
	if (diff.count) {
		is_int(diff.changes[0].kind, LVS_CHANGE_VIRTUAL_ADDED, "... its addition");
		is_str(diff.changes[0].new_virtual->name, "imaps", "... of the new block only");
	}
	lvs_diff_free(&diff);
	ok(lvs_config_diff(n, o, &diff) == 0 && diff.count == 1 &&
	   diff.changes[0].kind == LVS_CHANGE_VIRTUAL_REMOVED &&
	   strcmp(diff.changes[0].old_virtual->name, "imaps") == 0,
	   "a block removed from a group: its removal only");
	lvs_diff_free(&diff);
	lvs_config_free(o);
	lvs_config_free(n);

	/* A block of a group changes its port: paired by name, a check change. */
	snprintf(old_text, sizeof(old_text), GLOBAL "%s%s",
		 block(a, sizeof(a), "http", "80", "", servers_ab),
		 block(b, sizeof(b), "https", "443", "", servers_ab));
	snprintf(new_text, sizeof(new_text), GLOBAL "%s%s",
		 block(a, sizeof(a), "http", "80", "", servers_ab),
		 block(b, sizeof(b), "https", "8443", "", servers_ab));
	o = parse(old_text, &errs);
	lvs_config_errors_clear(&errs);
	n = parse(new_text, &errs);
	lvs_config_errors_clear(&errs);
	ok(o && n, "port change configurations parse");
	if (!o || !n)
		return;
	pairs_text(o, n, got, sizeof(got));
	is_str(got, "http->http https->https", "port change: paired by name");
	ok(lvs_config_diff(o, n, &diff) == 0, "diff runs");
	/* The block's check port changes, and so does each server's identity
	 * (address, checked port): they are removed and added again. */
	is_int(diff.count, 5, "port change: the block's change and its servers' removal and addition");
	if (diff.count == 5) {
		is_int(diff.changes[0].kind, LVS_CHANGE_VIRTUAL_CHANGED, "... an in-place change");
		is_int(diff.changes[0].what, LVS_DIFF_CHECK, "... of its checks");
	}
	lvs_diff_free(&diff);
	lvs_config_free(o);
	lvs_config_free(n);

	/* Renamed and moved to another port: the lone leftover on each side pair,
	 * several leftovers do not. */
	snprintf(old_text, sizeof(old_text), GLOBAL "%s%s",
		 block(a, sizeof(a), "http", "80", "", servers_ab),
		 block(b, sizeof(b), "https", "443", "", servers_ab));
	snprintf(new_text, sizeof(new_text), GLOBAL "%s%s",
		 block(a, sizeof(a), "http", "80", "", servers_ab),
		 block(b, sizeof(b), "tls", "8443", "", servers_ab));
	o = parse(old_text, &errs);
	lvs_config_errors_clear(&errs);
	n = parse(new_text, &errs);
	lvs_config_errors_clear(&errs);
	ok(o && n, "rename configurations parse");
	if (o && n) {
		pairs_text(o, n, got, sizeof(got));
		is_str(got, "http->http tls->https", "one leftover block on each side: paired");
	}
	lvs_config_free(n);
	snprintf(new_text, sizeof(new_text), GLOBAL "%s%s%s",
		 block(a, sizeof(a), "http", "80", "", servers_ab),
		 block(b, sizeof(b), "tls", "8443", "", servers_ab),
		 block(d, sizeof(d), "imaps", "993", "", servers_ab));
	n = parse(new_text, &errs);
	lvs_config_errors_clear(&errs);
	if (o && n) {
		pairs_text(o, n, got, sizeof(got));
		is_str(got, "http->http tls->- imaps->-", "two leftovers against one: none paired");
	}
	lvs_config_free(n);

	/* A lone fwmark block that changes its port stays one service, as before
	 * groups existed. */
	snprintf(new_text, sizeof(new_text), GLOBAL "%s",
		 block(a, sizeof(a), "web", "8080", "", servers_ab));
	lvs_config_free(o);
	snprintf(old_text, sizeof(old_text), GLOBAL "%s",
		 block(a, sizeof(a), "http", "80", "", servers_ab));
	o = parse(old_text, &errs);
	lvs_config_errors_clear(&errs);
	n = parse(new_text, &errs);
	lvs_config_errors_clear(&errs);
	if (o && n) {
		pairs_text(o, n, got, sizeof(got));
		is_str(got, "web->http", "lone fwmark block: port and name change keep the pairing");
	}
	lvs_config_free(o);
	lvs_config_free(n);
}

int main(void)
{
	test_accepted();
	test_disagreements();
	test_pairing();
	return tap_done();
}
