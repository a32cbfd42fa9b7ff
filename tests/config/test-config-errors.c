/* Malformed lvs.cf files: each is refused with the exact FILE:LINE:COL and reason. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include "log.h"
#include "lvs_config.h"
#include "tap.h"

struct bad {
	const char *name;   /* tests/config/conf/bad-NAME.cf */
	unsigned line, col;
	const char *reason; /* substring of the message */
	size_t count;       /* errors expected in the file */
};

static const struct bad bad_files[] = {
	{ "address-dev", 2, 22, "'address' needs an address and an interface (e.g. 192.0.2.10 eth0:1)", 1 },
	{ "address-syntax", 1, 10, "address expected (IPv4, IPv6 or host name), got 'bad!host'", 1 },
	{ "address", 1, 11, "invalid IPv4 address '192.0.2'", 1 },
	{ "backslash", 4, 15, "lone backslash at the end of expect (write \\\\ for a backslash)", 1 },
	{ "backup-active-no-backup", 3, 1, "backup_active = 1 needs a backup address", 1 },
	{ "block-keyword", 1, 1, "'virtual' starts a block (virtual NAME {), not a keyword", 1 },
	{ "boolean", 4, 11, "boolean expected (0 or 1), got 'yes'", 1 },
	{ "brace-next-line", 1, 13, "expected '{' after 'virtual web' (on the same line)", 2 },
	{ "brace-next-line", 2, 1, "'{' must be on the same line as the block name", 2 },
	{ "deadtime", 2, 1, "deadtime (2) must be greater than keepalive (2): the backup would declare a live primary dead between two heartbeats", 1 },
	{ "auth-required", 3, 1, "heartbeat_auth asks for authenticated heartbeats but heartbeat_key_file is not set (create a key with 'pulse --generate-key FILE')", 1 },
	{ "debug-level", 1, 15, "invalid debug_level 'loud' (expected none, err, warning, notice, info, debug or 0-7)", 1 },
	{ "device-long", 2, 23, "interface name 'averyveryverylongname0' is too long (at most 15 characters)", 1 },
	{ "device", 1, 15, "invalid interface name 'eth0/1'", 1 },
	{ "duplicate-server", 7, 2, "duplicate server name 'a' in virtual 'web' (first at line 4)", 1 },
	{ "duplicate-virtual", 5, 1, "duplicate virtual name 'web' (first at line 1)", 1 },
	{ "duration-zero", 4, 12, "duration must be greater than 0", 1 },
	{ "duration", 1, 13, "duration in seconds expected (e.g. 2 or 0.5), got '1e3'", 1 },
	{ "ecmp-nat", 1, 1, "director_mode = ecmp cannot forward by NAT (server 'a' of virtual 'web'): a reply must pass the director that saw the request, and ECMP does not promise it; use network = direct or tunnel", 1 },
	{ "ecmp-nat-server", 10, 3, "director_mode = ecmp cannot forward by NAT (server 'a' of virtual 'web')", 1 },
	{ "ecmp-sloppy", 1, 1, "director_mode = ecmp needs sloppy_tcp = 1", 1 },
	{ "ecmp-bird-socket", 5, 1, "bird_socket is 129 bytes long; a UNIX socket path has at most 107: move BIRD's control socket (bird -s PATH) to a shorter path", 1 },
	{ "ecmp-pair", 3, 1, "director_mode = ecmp runs lvsd alone on every director, without pulse and its backup router: set backup_active = 0", 1 },
	{ "enum", 1, 11, "invalid network 'bridged' (expected nat, direct or tunnel)", 1 },
	{ "extra-token", 4, 13, "unexpected '/' after the value of 'send' (quote values that contain spaces)", 1 },
	{ "family", 5, 3, "server 'a' is IPv6 but virtual 'web' is IPv4", 1 },
	{ "fwmark-zero", 3, 11, "0 is out of range (1 to 4294967295)", 1 },
	{ "integer", 6, 12, "integer expected, got 'ten'", 1 },
	{ "long-line", 1, 4097, "line too long (at most 4096 characters)", 1 },
	{ "missing-equals", 3, 7, "missing '=' after 'port'", 1 },
	{ "missing-name", 1, 8, "missing name after 'virtual'", 1 },
	{ "missing-value", 3, 8, "missing value for 'port'", 1 },
	{ "nested", 4, 1, "a virtual block cannot be inside a virtual block (missing '}'?)", 1 },
	{ "mh-port", 5, 2, "mh_port is a flag of the mh scheduler but virtual 'web' uses sh (set scheduler = mh or remove mh_port)", 1 },
	{ "netmask-family", 4, 2, "vip_nmask is a dotted IPv4 netmask but the address is IPv6 (use a prefix length)", 1 },
	{ "netmask", 4, 14, "netmask 255.0.255.0 is not contiguous", 1 },
	{ "no-vip", 1, 1, "virtual 'web' has no address", 1 },
	{ "port-range", 3, 9, "70000 is out of range (1 to 65535)", 1 },
	{ "prefix-family", 4, 2, "pmask /64 is too long for an IPv4 address (at most 32)", 1 },
	{ "primary-backup", 2, 1, "backup is the same address as primary", 1 },
	{ "protocol", 4, 13, "invalid protocol 'icmp' (expected tcp, udp or sctp)", 1 },
	{ "quote-trailing", 4, 14, "unexpected character after closing quote", 1 },
	{ "regex", 5, 2, "expect is not a valid regular expression", 1 },
	{ "regex-stacked", 5, 2, "expect: a repetition right after another at offset 16 of the regular expression", 1 },
	{ "same-fwmark", 5, 1, "virtual 'b' is the same IPVS service (fwmark 7 (IPv4)) as virtual 'a' (line 1)", 1 },
	{ "same-server", 7, 2, "server 'b' has the same address and port as server 'a' (line 4)", 1 },
	{ "same-service", 5, 1, "virtual 'other' is the same IPVS service (tcp 192.0.2.10:80) as virtual 'web' (line 1)", 1 },
	{ "scheduler", 4, 14, "unknown scheduler 'fastest' (expected rr, wrr, lc, wlc, lblc, lblcr, dh, sh, sed, nq, fo, ovf or mh)", 1 },
	{ "server-no-address", 4, 2, "server 'a' has no address", 1 },
	{ "server-outside", 1, 1, "a server block is only allowed inside a virtual block", 1 },
	{ "service-name", 3, 9, "unknown service name 'no-such-service' for protocol tcp", 1 },
	{ "sorry-family", 4, 2, "sorry_server is IPv6 but virtual 'web' is IPv4", 1 },
	{ "stray-brace", 5, 1, "unexpected '}' (no block is open)", 1 },
	{ "unclosed", 2, 13, "block 'virtual web' opened here is never closed (missing '}')", 1 },
	{ "unknown-keyword", 4, 2, "unknown keyword 'schedular' (did you mean 'scheduler'?)", 1 },
	{ "unknown-nosuggest", 1, 1, "unknown keyword 'frobnicate' in the global section", 1 },
	{ "unterminated", 4, 9, "unterminated double-quoted string", 1 },
	{ "weight-negative", 6, 12, "-1 is out of range (0 to 65535)", 1 },
	{ "weight-range", 6, 12, "70000 is out of range (0 to 65535)", 1 },
	{ "wrong-block-global", 4, 2, "'keepalive' is not valid in a virtual block (it belongs in the global section)", 1 },
	{ "wrong-block", 4, 2, "'weight' is not valid in a virtual block (it belongs in a server block)", 1 },
};

static __attribute__((noinline)) char *print_errors(const struct lvs_config_errors *errs)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	lvs_config_errors_print(errs, f);
	fclose(f);
	return buf;
}

static void check_file(const char *dir, const struct bad *b)
{
	struct lvs_config_errors errs;
	struct lvs_config *cfg;
	char path[512], want[640], *out, *hit;
	size_t count = b->count;

	snprintf(path, sizeof(path), "%s/tests/config/conf/bad-%s.cf", dir, b->name);
	cfg = lvs_config_load(path, &errs);
	ok(cfg == NULL, "bad-%s.cf is refused", b->name);
	is_int(errs.count, count, "bad-%s.cf: %zu error(s)", b->name, count);
	out = print_errors(&errs);
	snprintf(want, sizeof(want), "%s:%u:%u: error: ", path, b->line, b->col);
	hit = strstr(out, want);
	ok(hit && (hit == out || hit[-1] == '\n'), "bad-%s.cf: error at %u:%u", b->name, b->line, b->col);
	if (hit) {
		char *eol = strchr(hit, '\n');

		if (eol)
			*eol = '\0';
	}
	ok(hit && strstr(hit, b->reason), "bad-%s.cf: reason \"%s\"", b->name, b->reason);
	if (!hit || !strstr(hit, b->reason))
		printf("# got: %s\n", out);
	free(out);
	lvs_config_free(cfg);
	lvs_config_errors_clear(&errs);
}

static struct lvs_config *parse_str(const char *text, struct lvs_config_errors *errs)
{
	return lvs_config_parse("inline.cf", text, strlen(text), errs);
}

static void test_collects_all(void)
{
	struct lvs_config_errors errs;
	struct lvs_config *cfg = parse_str(
		"keepalive = x\n"
		"virtual web {\n"
		"  address = 192.0.2.1 eth0:1\n"
		"  port = 80\n"
		"  server a {\n"
		"    weigth = 3\n"
		"    address = 198.51.100.1\n"
		"  }\n"
		"  active = maybe\n"
		"}\n"
		"vritual other {\n", &errs);

	ok(cfg == NULL, "several errors: refused");
	is_int(errs.count, 4, "several errors: all four reported");
	if (errs.count == 4) {
		is_int(errs.items[0].line, 1, "first error on line 1");
		is_int(errs.items[1].line, 6, "second error on line 6");
		ok(strstr(errs.items[1].message, "did you mean 'weight'?") != NULL,
		   "server block keyword suggestion");
		is_int(errs.items[2].line, 9, "third error on line 9");
		is_int(errs.items[3].line, 11, "fourth error on line 11");
		ok(strstr(errs.items[3].message, "did you mean 'virtual'?") != NULL,
		   "block opener suggestion: %s", errs.items[3].message);
		is_str(errs.items[3].file, "inline.cf", "the name given is used as the file");
	}
	lvs_config_errors_clear(&errs);
	is_int(errs.count, 0, "errors_clear empties the list");
	ok(errs.items == NULL, "errors_clear frees the items");
}

static void test_null_errs_and_missing_file(void)
{
	struct lvs_config_errors errs;
	struct lvs_config *cfg = parse_str("port = 1\n", NULL);
	char *out;

	ok(cfg == NULL, "errors without an error list: still refused");
	cfg = lvs_config_load("/nonexistent/lvs.cf", &errs);
	ok(cfg == NULL, "missing file: refused");
	is_int(errs.count, 1, "missing file: one error");
	out = print_errors(&errs);
	ok(strstr(out, "/nonexistent/lvs.cf: error: cannot open") == out,
	   "missing file: message without line number");
	free(out);
	lvs_config_errors_clear(&errs);
	cfg = lvs_config_load("/", &errs);
	ok(cfg == NULL && errs.count == 1 && strstr(errs.items[0].message, "cannot read"),
	   "a directory: cannot read");
	lvs_config_errors_clear(&errs);
}

static void test_too_many(void)
{
	struct lvs_config_errors errs;
	size_t n = 3000;
	char *text = malloc(n * 6 + 1), *p = text;

	for (size_t i = 0; i < n; i++)
		p += sprintf(p, "oops\n");
	ok(lvs_config_parse("junk.cf", text, strlen(text), &errs) == NULL, "junk: refused");
	ok(errs.count > 0 && errs.count <= 1001, "junk: the error list is capped (%zu)", errs.count);
	ok(errs.count && strstr(errs.items[errs.count - 1].message, "too many errors") != NULL,
	   "junk: says it gave up");
	lvs_config_errors_clear(&errs);
	free(text);
}

static void test_one_liners(void)
{
	static const struct {
		const char *text;
		unsigned line, col;
		const char *reason;
	} cases[] = {
		{ "primary = 192.0.2.1 eth0\n", 1, 21, "quote values that contain spaces" },
		{ "virtual v {\n address = 192.0.2.1 eth0:1 extra\n port = 1\n}\n", 2, 29,
		  "unexpected 'extra'" },
		{ "virtual v {\n address = 192.0.2.1 eth0:\n port = 1\n}\n", 2, 22,
		  "invalid interface alias" },
		{ "nat_router = 198.51.100.1\n", 1, 26, "needs an address and an interface" },
		{ "nat_router = 2001:db8::1 eth1\nnat_nmask = 255.255.255.0\n", 2, 1,
		  "dotted IPv4 netmask but the address is IPv6" },
		{ "virtual v {\n address = 192.0.2.1 eth0\n port = 80\n sorry_server = 198.51.100.1:\n}\n",
		  4, 30, "port expected after ':'" },
		{ "virtual v {\n address = 192.0.2.1 eth0\n port = 80\n rise = 0\n}\n", 4, 9,
		  "out of range (1 to 10000)" },
		{ "syncd_id = 256\n", 1, 12, "out of range (0 to 255)" },
		{ "nanny_nice = 20\n", 1, 14, "out of range (0 to 19)" },
		{ "reentry = 5\n", 1, 1, "belongs in a virtual block or a failover block" },
		{ "hard_shutdown = 2\n", 1, 17, "boolean expected (0 or 1)" },
		{ "hard_shutdown = true\n", 1, 17, "boolean expected (0 or 1)" },
		{ "heartbeat_auth = md5\n", 1, 18, "expected hmac-sha256, required or none" },
		{ "serial_no = 12abc\n", 1, 13, "integer expected" },
		{ "keepalive = -1\n", 1, 13, "duration in seconds expected" },
		/* nanny counts milliseconds: what rounds to 0 ms is refused here too. */
		{ "virtual v {\n address = 192.0.2.1 eth0\n port = 80\n timeout = 0.0004\n}\n", 4, 12,
		  "duration 0.0004 is below the resolution (at least 0.001 seconds)" },
		{ "vip_nmask = 24\n", 1, 1, "belongs in a virtual block or a failover block" },
		{ "virtual v {\n address = 192.0.2.1 eth0\n port = 80\n pmask = /0\n}\n", 4, 10,
		  "out of range (1 to 128)" },
		{ "virtual v {\n address = 192.0.2.1 eth0\n port = 80\n}\n}\n", 5, 1, "no block is open" },
		/* 0.0.0.0 means "not set" only for address masks, never for persistence. */
		{ "virtual v {\n address = 192.0.2.1 eth0\n pmask = 0.0.0.0\n}\n", 3, 10,
		  "netmask 0.0.0.0 is empty" },
		/* An inactive template may be incomplete, an active block may not. */
		{ "virtual v {\n active = 1\n}\n", 1, 1, "virtual 'v' has no address" },
		{ "virtual v {\n address = 192.0.2.1 eth0\n port = 80\n} junk\n", 4, 3,
		  "unexpected 'junk' after '}'" },
		{ "virtual v {\n address = 192.0.2.1 eth0\n port = 80\n server s {\n", 4, 11,
		  "block 'server s' opened here is never closed" },
		{ "failover f {\n port = 21\n}\n", 1, 1, "failover 'f' has no address" },
		{ "Primary = 192.0.2.1\n", 1, 1, "did you mean 'primary'?" },
		{ "schedular = rr\n", 1, 1,
		  "did you mean 'scheduler'? it belongs in a virtual block" },
		{ "virtual v {\n address = 192.0.2.1 eth0\n port = 80\n deadtim = 5\n}\n", 4, 2,
		  "did you mean 'deadtime'? it belongs in the global section" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct lvs_config_errors errs;
		struct lvs_config *cfg = parse_str(cases[i].text, &errs);
		bool found = false;

		ok(cfg == NULL, "inline %zu refused", i);
		for (size_t j = 0; j < errs.count; j++)
			if (errs.items[j].line == cases[i].line && errs.items[j].col == cases[i].col &&
			    strstr(errs.items[j].message, cases[i].reason))
				found = true;
		ok(found, "inline %zu: %u:%u %s", i, cases[i].line, cases[i].col, cases[i].reason);
		if (!found)
			for (size_t j = 0; j < errs.count; j++)
				printf("#   got %u:%u: %s\n", errs.items[j].line, errs.items[j].col,
				       errs.items[j].message);
		lvs_config_free(cfg);
		lvs_config_errors_clear(&errs);
	}
}

static size_t count_of(const char *s, const char *what)
{
	size_t n = 0;

	for (; (s = strstr(s, what)); s += strlen(what))
		n++;
	return n;
}

/* lvs_config_log_errors: every diagnostic through log.h at its priority,
 * "FILE:LINE:COL: error|warning: MESSAGE", then the list is empty. */
static void test_log_errors(void)
{
	static const char text[] = "serial_no = 1\nserial_no = 2\nhard_shutdown = 2\n";
	struct lvs_config_errors errs = { 0 };
	char path[] = "/tmp/test-config-errors.XXXXXX", got[2048] = "";
	int fd = mkstemp(path), saved = dup(STDERR_FILENO);
	struct lvs_config *cfg;
	size_t n, warn_only;
	ssize_t len;

	ok(fd >= 0 && saved >= 0, "stderr redirected to %s", path);
	cfg = lvs_config_parse("t.cf", text, sizeof(text) - 1, &errs);
	ok(cfg == NULL && errs.count == 2, "one warning and one error to log (%zu)", errs.count);
	fflush(stderr);
	dup2(fd, STDERR_FILENO);
	log_open("test-config-errors", LOG_TO_STDERR, LOG_DEBUG);
	n = lvs_config_log_errors(&errs);
	/* At LOG_ERR the warning is dropped: it was logged as a warning. */
	cfg = lvs_config_parse("t.cf", text, 28, &errs);
	log_set_level(LOG_ERR);
	warn_only = lvs_config_log_errors(&errs);
	log_close();
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	is_int(n, 1, "returns the number of errors, warnings not counted");
	is_int(errs.count, 0, "the list is cleared");
	ok(errs.items == NULL, "... and its memory freed");
	ok(cfg != NULL, "a file with only a warning loads");
	is_int(warn_only, 0, "no errors in it");
	lvs_config_free(cfg);
	len = pread(fd, got, sizeof(got) - 1, 0);
	got[len > 0 ? len : 0] = '\0';
	close(fd);
	unlink(path);
	ok(strstr(got, "t.cf:2:1: warning: 'serial_no' is set again (first at line 1): the last value is used") != NULL,
	   "the warning logged with file, line, column");
	ok(strstr(got, "t.cf:3:17: error: boolean expected (0 or 1)") != NULL,
	   "the error logged with file, line, column");
	is_int(count_of(got, "t.cf:2:1: warning:"), 1, "the second warning was dropped at LOG_ERR (it went at LOG_WARNING)");
	is_int(count_of(got, "t.cf:3:17: error:"), 1, "one error logged");
	if (!strstr(got, "t.cf:3:17: error"))
		printf("#   logged: %s\n", got);
	is_int(lvs_config_log_errors(NULL), 0, "NULL: nothing to log");
}

int main(void)
{
	const char *dir = getenv("top_srcdir");

	if (!dir)
		dir = ".";
	for (size_t i = 0; i < sizeof(bad_files) / sizeof(bad_files[0]); i++)
		check_file(dir, &bad_files[i]);
	test_collects_all();
	test_null_errs_and_missing_file();
	test_too_many();
	test_one_liners();
	test_log_errors();
	return tap_done();
}
