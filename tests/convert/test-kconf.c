/* lvs-config-convert's parts: the keepalived.conf lexer and block tree, the
 * status-code expressions, and mapping edge cases, through their entry
 * points. */
#include "config.h"

#include "kconf.h"
#include "kconf_map.h"
#include "tap.h"
#include "cmdline.h"

#include <stdlib.h>
#include <string.h>

static struct kconf_toks lex(const char *text, struct kconf_diags *d)
{
	struct kconf_toks t;

	memset(d, 0, sizeof(*d));
	kconf_lex("t.conf", 0, text, strlen(text), &t, d);
	return t;
}

/* The tokens as "word|{|}" with each word's line:col, for one comparison. */
static char *tok_str(const struct kconf_toks *t)
{
	static char buf[1024];
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < t->n && used < sizeof(buf); i++)
		used += (size_t)snprintf(buf + used, sizeof(buf) - used, "%s[%s]%u:%u/%u", i ? " " : "",
					 t->v[i].text, t->v[i].line, t->v[i].col, t->v[i].lline);
	return buf;
}

static char *diags_str(struct kconf_diags *d)
{
	static char buf[1 << 18];
	FILE *f = fmemopen(buf, sizeof(buf), "w");

	buf[0] = '\0';
	if (f) {
		kconf_diags_print(d, f, false);
		fclose(f);
	}
	return buf;
}

static void test_lexer(void)
{
	struct kconf_diags d;
	struct kconf_toks t;

	t = lex("virtual_server 10.0.0.1 80 {\n  weight 2\n}\n", &d);
	is_str(tok_str(&t), "[virtual_server]1:1/1 [10.0.0.1]1:16/1 [80]1:25/1 [{]1:28/1 "
	       "[weight]2:3/2 [2]2:10/2 [}]3:1/3", "words, braces, lines and columns");
	kconf_toks_free(&t);

	t = lex("TCP_CHECK{connect_timeout 3}", &d);
	is_str(tok_str(&t), "[TCP_CHECK]1:1/1 [{]1:10/1 [connect_timeout]1:11/1 [3]1:27/1 [}]1:28/1",
	       "braces split words without blanks");
	kconf_toks_free(&t);

	t = lex("a \"b c\" d\"e f\"g \"\" \"{#!}\"", &d);
	is_str(tok_str(&t), "[a]1:1/1 [b c]1:3/1 [de fg]1:9/1 []1:17/1 [{#!}]1:20/1",
	       "quotes keep blanks, braces and comment characters; they join a word; \"\" is a word");
	kconf_toks_free(&t);

	t = lex("a # b\nc ! d\ne#f\ng\\#h \\!i", &d);
	is_str(tok_str(&t), "[a]1:1/1 [c]2:1/2 [e]3:1/3 [g#h]4:1/4 [!i]4:6/4",
	       "# and ! start comments anywhere outside quotes; \\# and \\! are the characters");
	kconf_toks_free(&t);

	t = lex("misc_path \"/bin/x \\\"q\\\"\" \\n", &d);
	is_str(tok_str(&t), "[misc_path]1:1/1 [/bin/x \\\"q\\\"]1:11/1 [\\n]1:26/1",
	       "backslashes are kept; in quotes one protects a quote");
	kconf_toks_free(&t);

	t = lex("a b \\\n  c\nd\r\ne\r\n", &d);
	is_str(tok_str(&t), "[a]1:1/1 [b]1:3/1 [c]2:3/1 [d]3:1/3 [e]4:1/4",
	       "a trailing backslash continues the logical line; CR LF ends a line");
	kconf_toks_free(&t);

	t = lex("ok\nrouter_id \"LB 1\n", &d);
	is_int(t.n, 0, "unterminated quote: no tokens");
	is_str(diags_str(&d), "t.conf:2:11: error: unterminated quoted string (a quote ends on its line)\n",
	       "unterminated quote: at the opening quote");
	kconf_diags_clear(&d);

	memset(&d, 0, sizeof(d));
	kconf_lex("t.conf", 0, "ab\0c", 4, &t, &d);
	is_str(diags_str(&d), "t.conf:1:3: error: NUL character in line\n", "NUL byte: line and column");
	kconf_diags_clear(&d);
}

/* A tree reader over named in-memory files. */
struct memfs {
	const char *names[4];
	const char *texts[4];
};

static int mem_read(void *ctx, const char *from, const char *pattern, struct kconf_file **files,
		    size_t *n, char *why, size_t why_len)
{
	const struct memfs *fs = ctx;

	(void)from;
	*files = NULL;
	*n = 0;
	for (size_t i = 0; i < 4 && fs->names[i]; i++) {
		if (strcmp(fs->names[i], pattern))
			continue;
		*files = calloc(1, sizeof(**files));
		(*files)->name = strdup(pattern);
		(*files)->text = strdup(fs->texts[i]);
		(*files)->len = strlen(fs->texts[i]);
		*n = 1;
		return 0;
	}
	if (!strcmp(pattern, "unreadable")) {
		snprintf(why, why_len, "permission denied");
		return -1;
	}
	return 0;
}

static int tree(const char *text, const struct kconf_reader *rd, struct kconf_tree *t,
		struct kconf_diags *d)
{
	memset(d, 0, sizeof(*d));
	return kconf_tree_build("t.conf", text, strlen(text), rd, t, d);
}

static void test_tree(void)
{
	struct memfs fs = {
		.names = { "vs.conf", "loop.conf", "unbalanced.conf" },
		.texts = { "virtual_server 10.0.0.1 80 {\n}\n", "include loop.conf\n", "}\n" },
	};
	struct kconf_reader rd = { .read = mem_read, .ctx = &fs };
	struct kconf_diags d;
	struct kconf_tree t;
	char deep[200] = "";

	ok(tree("a 1\n{\n  b 2 { c }\n} d\n", NULL, &t, &d) == 0, "block on the next line: builds");
	is_int(t.root.n_kids, 2, "two statements at the top: a and d");
	ok(t.root.kids[0].has_block && t.root.kids[0].n_kids == 1, "a has a block with b");
	ok(t.root.kids[0].kids[0].n_kids == 1 && !strcmp(t.root.kids[0].kids[0].kids[0].w[0].text, "c"),
	   "b { c } on one line: c is b's");
	is_str(t.root.kids[1].w[0].text, "d", "after '}' on the same line a new statement starts");
	kconf_tree_free(&t);
	kconf_diags_clear(&d);

	ok(tree("a {\n  b {\n", NULL, &t, &d) < 0, "unclosed blocks: refused");
	is_str(diags_str(&d), "t.conf:2:3: error: block 'b' opened here is never closed (missing '}')\n",
	       "unclosed: the innermost block, where it opens");
	kconf_diags_clear(&d);

	ok(tree("a {\n}\n}\n", NULL, &t, &d) < 0, "a '}' too many: refused");
	is_str(diags_str(&d), "t.conf:3:1: error: unexpected '}' (no block is open)\n", "extra '}': where");
	kconf_diags_clear(&d);

	for (int i = 0; i < 40; i++)
		strcat(deep, "a{");
	ok(tree(deep, NULL, &t, &d) < 0, "40 nested blocks: refused");
	ok(strstr(diags_str(&d), "blocks nested too deeply (at most 32 levels)") != NULL, "depth: said why");
	kconf_diags_clear(&d);

	ok(tree("include vs.conf\n", NULL, &t, &d) < 0, "include without a reader: refused");
	is_str(diags_str(&d), "t.conf:1:1: error: 'include vs.conf' cannot be followed here\n",
	       "include without a reader: says so");
	kconf_diags_clear(&d);

	ok(tree("x 1\ninclude vs.conf\ny 2\n", &rd, &t, &d) == 0, "include: builds");
	is_int(t.root.n_kids, 3, "include: the file's statements in its place");
	is_str(t.root.kids[1].w[0].text, "virtual_server", "include: spliced in order");
	is_str(t.root.kids[1].file, "vs.conf", "include: its statements name their file");
	is_int(t.root.kids[1].seq, 1, "include: the second file read");
	kconf_tree_free(&t);
	kconf_diags_clear(&d);

	ok(tree("include loop.conf\n", &rd, &t, &d) < 0, "an include loop: refused");
	ok(strstr(diags_str(&d), "loop.conf:1:1: error: includes nested too deeply (at most 8 levels): a loop?")
	   != NULL, "include loop: found at the depth limit");
	kconf_diags_clear(&d);

	ok(tree("a {\ninclude unbalanced.conf\n}\n", &rd, &t, &d) < 0,
	   "an included file cannot close the block that includes it");
	kconf_diags_clear(&d);

	ok(tree("include unreadable\n", &rd, &t, &d) < 0, "unreadable include: refused");
	is_str(diags_str(&d), "t.conf:1:9: error: cannot include 'unreadable': permission denied\n",
	       "unreadable include: the reader's reason");
	kconf_diags_clear(&d);

	ok(tree("include nothing*.conf\n", &rd, &t, &d) == 0, "an include that matches nothing: builds");
	is_str(diags_str(&d), "t.conf:1: 'include nothing*.conf' matches no file: nothing included\n",
	       "no match: reported (not an error)");
	is_int(kconf_diag_count(&d, KCONF_DROPPED), 1, "no match counts as not converted");
	kconf_tree_free(&t);
	kconf_diags_clear(&d);
}

static char *codes(const char *spec)
{
	static char buf[512];
	bool set[KM_STATUS_MAX + 1] = { false };
	char *copy = strdup(spec), *save = NULL, *r;

	for (char *tok = strtok_r(copy, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		unsigned lo, hi;

		if (sscanf(tok, "%u-%u", &lo, &hi) != 2)
			hi = lo = (unsigned)atoi(tok);
		for (unsigned c = lo; c <= hi; c++)
			set[c] = true;
	}
	free(copy);
	r = km_status_regex(set);
	snprintf(buf, sizeof(buf), "%s", r ? r : "(null)");
	free(r);
	return buf;
}

static void test_status_regex(void)
{
	is_str(codes("200-299"), "2[0-9][0-9]", "200-299");
	is_str(codes("200-204 301"), "20[0-4]|301", "200-204 and 301");
	is_str(codes("100-599"), "[1-5][0-9][0-9]", "every code");
	is_str(codes("250-305"), "2[5-9][0-9]|30[0-5]", "across a hundred");
	is_str(codes("199-201"), "199|20[0-1]", "199 to 201");
	is_str(codes("404"), "404", "one code");
	is_str(codes("200 202 204"), "200|202|204", "codes apart stay apart");
	is_str(codes(""), "(null)", "no code: no expression");
}

/* 192.0.2.1 on eth0, last so that it moves no line of the test's text. */
#define VIP "vrrp_instance V {\n unicast_src_ip 10.9.0.1\n unicast_peer {\n  10.9.0.2\n }\n" \
	"virtual_ipaddress {\n  192.0.2.1 dev eth0\n }\n}\n"

static struct lvs_config *conv(const char *text, struct kconf_diags *d)
{
	memset(d, 0, sizeof(*d));
	return kconf_convert("k.conf", text, strlen(text), NULL, d);
}

/* The output passes our parser and reads back as the model. */
static bool emits(const struct lvs_config *cfg)
{
	struct lvs_config_errors errs;
	char *text;
	size_t len;
	enum kconf_emit_result r = kconf_emit(cfg, "k.conf", "out.cf", &text, &len, &errs);

	lvs_config_errors_clear(&errs);
	if (r == KCONF_EMIT_OK)
		free(text);
	return r == KCONF_EMIT_OK;
}

static void test_vrrp(void)
{
	struct kconf_diags d;
	struct lvs_config *c;
	char buf[64];

	c = conv("vrrp_instance V {\n state BACKUP\n advert_int 0.5\n unicast_src_ip 10.0.0.3\n"
		 " unicast_peer {\n  10.0.0.2\n }\n}\n", &d);
	ok(c != NULL, "vrrp BACKUP: converts");
	lvs_addr_format(&c->primary, buf, sizeof(buf));
	is_str(buf, "10.0.0.2", "BACKUP: the peer is the primary");
	lvs_addr_format(&c->backup, buf, sizeof(buf));
	is_str(buf, "10.0.0.3", "BACKUP: this router is the backup");
	ok(c->keepalive == 0.5 && c->deadtime == 1.5, "advert_int 0.5: keepalive 0.5, deadtime 1.5");
	ok(c->backup_active && c->heartbeat, "both addresses: the pair runs");
	ok(emits(c), "vrrp BACKUP: the output reads back");
	lvs_config_free(c);
	kconf_diags_clear(&d);

	c = conv("vrrp_instance V {\n priority 255\n unicast_src_ip 10.0.0.3\n"
		 " unicast_peer {\n  10.0.0.2\n }\n}\n", &d);
	lvs_addr_format(&c->primary, buf, sizeof(buf));
	is_str(buf, "10.0.0.3", "no state, priority 255: this router is the primary");
	lvs_config_free(c);
	kconf_diags_clear(&d);

	c = conv("global_defs {\n lvs_sync_daemon eth3 inst VI_1 id 9\n}\n", &d);
	ok(c && c->syncdaemon && !strcmp(c->syncd_iface, "eth3") && c->syncd_id == 9,
	   "lvs_sync_daemon IFACE inst INSTANCE id N");
	is_int(kconf_diag_count(&d, KCONF_DROPPED) + kconf_diag_count(&d, KCONF_APPROX), 0,
	       "lvs_sync_daemon: the instance name is no dropped option");
	lvs_config_free(c);
	kconf_diags_clear(&d);

	c = conv("vrrp_instance V {\n state MASTER\n}\nvrrp_instance W {\n state BACKUP\n advert_int 3\n}\n", &d);
	ok(c && !c->backup_active, "no unicast addresses: one router alone");
	ok(strstr(diags_str(&d), "k.conf:1: keyword 'vrrp_instance' (at top level) converted approximately: "
		  "without unicast_src_ip") != NULL, "no unicast addresses: said so");
	ok(strstr(diags_str(&d), "k.conf:5: keyword 'state' (in vrrp_instance W) cannot be converted "
		  "(lvs.cf has one pair of routers with one heartbeat: that of the first vrrp_instance "
		  "(k.conf:1) is used): dropped") != NULL, "a second instance's other role: dropped");
	ok(strstr(diags_str(&d), "k.conf:6: keyword 'advert_int' (in vrrp_instance W)") != NULL,
	   "a second instance's other advert_int: dropped");
	is_int(c->keepalive, 1, "the first instance's advert_int (the default, 1) stays");
	lvs_config_free(c);
	kconf_diags_clear(&d);
}

static const struct lvs_virtual *one_virtual(const struct lvs_config *c)
{
	return c && c->n_virtuals == 1 ? &c->virtuals[0] : NULL;
}

static void test_checks(void)
{
	struct kconf_diags d;
	struct lvs_config *c;
	const struct lvs_virtual *v;

	c = conv("virtual_server 192.0.2.1 80 {\n real_server 10.0.0.1 80 {\n  HTTP_GET {\n"
		 "   url {\n    path /a'b\\c\n   }\n   http_protocol 1.1\n   virtualhost w.example\n"
		 "  }\n }\n}\n", &d);
	v = one_virtual(c);
	ok(v != NULL, "HTTP_GET: converts");
	is_str(v ? v->send : NULL, "GET /a\\'b\\\\c HTTP/1.1\\r\\nHost: w.example\\r\\nConnection: close\\r\\n\\r\\n",
	       "HTTP/1.1 with a virtualhost; quote and backslash escaped for send");
	is_str(v->expect, "^HTTP/[0-9.]+ (2[0-9][0-9])", "no status_code: keepalived's 200-299");
	ok(v->use_regex, "the expect is a regular expression");
	ok(v->timeout == 5 && v->interval == 60 && v->fall == 2,
	   "keepalived's defaults: connect_timeout 5, delay_loop 60, retry 1");
	ok(v->reentry == 0 && !v->slow_start, "servers come back at once, at their weight");
	ok(emits(c), "HTTP_GET: the output reads back");
	lvs_config_free(c);
	kconf_diags_clear(&d);

	c = conv("virtual_server 192.0.2.1 80 {\n delay_loop 7\n retry 4\n"
		 " real_server 10.0.0.1 80 {\n  MISC_CHECK {\n   misc_path \"/bin/chk 10.0.0.1 10.0.0.10 5%\"\n  }\n }\n"
		 " real_server 10.0.0.2 80 {\n  MISC_CHECK {\n   misc_path \"/bin/chk 10.0.0.2 10.0.0.10 5%\"\n  }\n }\n}\n" VIP, &d);
	v = one_virtual(c);
	is_str(v ? v->send_program : NULL, "/bin/chk %h 10.0.0.10 5%%",
	       "misc_path: the server's own address is %%h, not a longer one; %% doubled");
	ok(v && v->timeout == 7 && v->interval == 7 && v->fall == 5,
	   "MISC_CHECK: misc_timeout defaults to delay_loop; retry 4 is fall 5");
	is_int(kconf_diag_count(&d, KCONF_DROPPED) + kconf_diag_count(&d, KCONF_APPROX), 0,
	       "commands that differ only by the server's address: one send_program, nothing dropped");
	ok(emits(c), "MISC_CHECK: the output reads back");
	lvs_config_free(c);
	kconf_diags_clear(&d);

	c = conv("virtual_server 192.0.2.1 80 {\n real_server 10.0.0.1 80 {\n  MISC_CHECK {\n"
		 "   misc_path /bin/chk \"a b\" 'c' \"\" 10.0.0.1\n  }\n }\n}\n" VIP, &d);
	v = one_virtual(c);
	is_str(v ? v->send_program : NULL, "/bin/chk a\\ b \\'c\\' '' %h",
	       "misc_path of several words: blanks and quotes escaped, an empty word quoted");
	{
		char **argv = v ? cmdline_split(v->send_program, "10.0.0.1", 80) : NULL;

		ok(argv && !strcmp(argv[1], "a b") && !strcmp(argv[2], "'c'") && !strcmp(argv[3], "") &&
		   !strcmp(argv[4], "10.0.0.1") && !argv[5], "... which nanny splits into the same words");
		free(argv);
	}
	ok(c && emits(c), "several words: the output reads back");
	lvs_config_free(c);
	kconf_diags_clear(&d);

	c = conv("virtual_server 192.0.2.1 80 {\n real_server 10.0.0.1 80 {\n  TCP_CHECK {\n   connect_timeout 2\n  }\n }\n"
		 " real_server 10.0.0.2 80 {\n  TCP_CHECK {\n   connect_timeout 3\n   connect_port 8080\n  }\n }\n}\n" VIP, &d);
	ok(c != NULL, "checks that differ: converts");
	is_str(diags_str(&d),
	       "k.conf:8: keyword 'TCP_CHECK' (in real_server 10.0.0.2 80) cannot be converted (lvs.cf has one "
	       "check per virtual service: that of real_server 10.0.0.1 (line 2) is used): dropped\n"
	       "k.conf:10: keyword 'connect_port' (in TCP_CHECK) cannot be converted (lvs.cf checks a server "
	       "on the port it forwards to, 80): dropped\n",
	       "the second server's other check and its connect_port: dropped, in file order");
	lvs_config_free(c);
	kconf_diags_clear(&d);

	c = conv("vrrp_instance V {\n virtual_ipaddress {\n  192.0.2.9/24 dev eth2\n }\n}\n"
		 "virtual_server fwmark 9 {\n real_server 10.0.0.1 {\n  TCP_CHECK {\n   connect_port 443\n  }\n }\n}\n", &d);
	v = one_virtual(c);
	ok(v && v->fwmark == 9 && v->port == 0, "fwmark: a firewall-mark service");
	ok(v && !strcmp(v->iface.dev, "eth2") && v->vip_prefix == 24, "fwmark: the one VRRP address, on its device");
	ok(v && v->n_servers == 1 && v->servers[0].port == 443,
	   "fwmark server without a port and a connect_port: the server gets that port");
	ok(emits(c), "fwmark: the output reads back");
	lvs_config_free(c);
	kconf_diags_clear(&d);

	c = conv("virtual_server 192.0.2.1 80 {\n}\nvirtual_server 192.0.2.1 80 {\n}\n"
		 "virtual_server 192.0.2.1 80 {\n protocol UDP\n}\n", &d);
	ok(c && c->n_virtuals == 2, "the same service twice: the second is dropped, UDP stays");
	ok(strstr(diags_str(&d), "k.conf:3: keyword 'virtual_server' (at top level) cannot be converted "
		  "(the same IPVS service as the virtual_server at line 1): dropped") != NULL,
	   "duplicate service: named with the first one's line");
	ok(c && !c->virtuals[0].health_check, "no checker at all: health_check = 0");
	lvs_config_free(c);
	kconf_diags_clear(&d);

	c = conv("virtual_server 192.0.2.1 80 {\n real_server 10.0.0.1 80 {\n  MISC_CHECK {\n"
		 "   misc_path \"/bin/x 'unbalanced\"\n  }\n }\n}\n", &d);
	ok(c && c->virtuals[0].send_program == NULL && !c->virtuals[0].health_check,
	   "a command that does not split into words: not used");
	ok(strstr(diags_str(&d), "keyword 'misc_path' (in MISC_CHECK) cannot be converted (it does not "
		  "split into words") != NULL, "unsplittable command: said so");
	lvs_config_free(c);
	kconf_diags_clear(&d);
}

static void test_values(void)
{
	struct kconf_diags d;
	struct lvs_config *c;

	c = conv("virtual_server 192.0.2.1 80 {\n persistence_granularity 255.0.255.0\n"
		 " real_server 10.0.0.1 80 {\n  weight 70000\n }\n}\n", &d);
	ok(c == NULL, "bad values: no configuration");
	is_int(kconf_diag_count(&d, KCONF_ERROR), 2, "weight and mask: both errors");
	ok(strstr(diags_str(&d), "k.conf:4:10: error: invalid value '70000' for 'weight' (expected an "
		  "integer from 0 to 65535)") != NULL, "weight out of range: file, line, column");
	ok(strstr(diags_str(&d), "k.conf:2:26: error: invalid value '255.0.255.0' for "
		  "'persistence_granularity' (expected a netmask with contiguous ones)") != NULL,
	   "mask with holes: file, line, column");
	kconf_diags_clear(&d);

	c = conv("virtual_server 192.0.2.1 {\n}\nvirtual_server 192.0.2.2 80 extra {\n}\n"
		 "virtual_server 192.0.2.3 80\n", &d);
	ok(c == NULL, "bad shapes: no configuration");
	ok(strstr(diags_str(&d), "k.conf:3:29: error: 'virtual_server' takes at most 2 values") != NULL,
	   "a word too many: at the word");
	ok(strstr(diags_str(&d), "k.conf:5:1: error: 'virtual_server' needs a { } block") != NULL,
	   "no block: said so");
	ok(strstr(diags_str(&d), "k.conf:1: keyword 'virtual_server' (at top level) cannot be converted "
		  "(a service of every port: lvs.cf needs the port): dropped") != NULL,
	   "no port: dropped, not an error");
	kconf_diags_clear(&d);

	c = conv("vrrp_instance V {\n virtual_ipaddress {\n  192.0.2.2/0\n }\n}\n", &d);
	ok(c == NULL, "a VRRP address with a bad prefix: refused");
	ok(strstr(diags_str(&d), "\nk.conf:3:3: error: invalid value '192.0.2.2/0' (expected an IPv4 or IPv6 "
		  "address, with an optional /prefix)\n"), "bad VRRP address: named as a value of its own");
	kconf_diags_clear(&d);

	{
		size_t len = 0, lines = 0;
		char *big = malloc(1500 * 16 + 64), *out;

		len = (size_t)sprintf(big, "virtual_server 192.0.2.1 80 {\n");
		for (int i = 0; i < 1500; i++)
			len += (size_t)sprintf(big + len, " frob%d 1\n", i);
		strcpy(big + len, "}\n" VIP);
		c = conv(big, &d);
		ok(c != NULL, "1500 unknown keywords: converts");
		is_int(kconf_diag_count(&d, KCONF_DROPPED), 1500, "all 1500 counted");
		out = diags_str(&d);
		for (char *p = out; (p = strchr(p, '\n')); p++)
			lines++;
		is_int(lines, 1001, "1000 shown, and a line for the rest");
		ok(strstr(out, "lvs-config-convert: 500 more diagnostics not shown (at most 1000 are)\n") != NULL,
		   "the rest: counted");
		lvs_config_free(c);
		kconf_diags_clear(&d);
		free(big);
	}

	ok(km_unwritable("plain") == NULL, "a plain word can be written");
	ok(km_unwritable("with 'single' quotes") == NULL, "blanks and one kind of quote can be written");
	ok(km_unwritable("both \" and '") != NULL, "blanks and both kinds of quote cannot");
	ok(km_unwritable("ends in \\") != NULL, "a quoted value ending in a backslash cannot");
	ok(km_unwritable("no\\") == NULL, "an unquoted one can");
	ok(km_unwritable("tab\there") != NULL, "a control character cannot");
}

int main(void)
{
	test_lexer();
	test_tree();
	test_status_regex();
	test_vrrp();
	test_checks();
	test_values();
	return tap_done();
}
