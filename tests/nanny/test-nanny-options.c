/* nanny's command line: numbers it refuses, strings given twice, and the
 * ranges it shares with lvs.cf's check. */
#include "config.h"

#include "nanny.h"
#include "lvs_config.h"
#include "tap.h"

#include <arpa/inet.h>
#include <malloc.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Parse a command line (words split on spaces) with stderr silenced;
 * returns nanny_parse_options' status, the options freed. */
static int parse_line(const char *line, struct nanny_opts *keep)
{
	const char *argv[64];
	char *copy = strdup(line), *save = NULL;
	struct nanny_opts o = { 0 };
	int argc = 0, rc, err = dup(STDERR_FILENO);

	argv[argc++] = "nanny";
	for (char *w = strtok_r(copy, " ", &save); w && argc < 63; w = strtok_r(NULL, " ", &save))
		argv[argc++] = w;
	argv[argc] = NULL;
	fflush(stderr);
	if (!freopen("/dev/null", "w", stderr))
		return -100;
	rc = nanny_parse_options(argc, argv, &o);
	fflush(stderr);
	dup2(err, STDERR_FILENO);
	close(err);
	if (keep && rc == 0)
		*keep = o;
	else
		nanny_free_options(&o);
	free(copy);
	return rc;
}

#define BASE "--report-fd 1 -h 192.0.2.7 -p 80 "

static void test_numbers(void)
{
	struct nanny_opts o;
	static const char *const refused[] = {
		"-t nan", "-t NaN", "-t inf", "-t -inf", "-t 1e400", "--timeout nan",
		"--check-interval inf", "-a nan", "--adjust-interval inf", "--ipvsadm-timeout nan",
		"-t 0", "-t -1", "-t ''", "-t 5x", "-t 0.0004", "-t 1000001",
		"-f -1", "-f 4294967296", "-f x", "-w 65536", "--rise 0", "--fall 10001",
	};

	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		char line[128];

		snprintf(line, sizeof(line), BASE "%s", refused[i]);
		is_int(parse_line(line, NULL), 1, "'%s' refused", refused[i]);
	}
	/* Stacked repetitions cost glibc's regcomp gigabytes (found by fuzz-nanny). */
	is_int(parse_line(BASE "--regex -x HTTP/++1", NULL), 1, "--regex 'a++' refused");
	is_int(parse_line(BASE "--regex -x a*{2}", NULL), 1, "--regex 'a*{2}' refused");
	is_int(parse_line(BASE "--regex -x (a+)+[+*]+x{1,2}", &o), 0, "grouped and bracketed ones accepted");
	nanny_free_options(&o);
	is_int(parse_line(BASE "-t 0.5 -a 0 -f 4294967295", &o), 0, "good numbers accepted");
	is_int(o.interval_ms, 500, "interval in ms");
	is_int(o.timeout_ms, 500, "-t sets the timeout too");
	is_int(o.reentry_ms, 0, "reentry 0 allowed");
	ok(o.fwmark == 4294967295U, "largest fwmark");
	nanny_free_options(&o);
	is_int(parse_line(BASE "-t 0.001", &o), 0, "one millisecond accepted");
	is_int(o.timeout_ms, 1, "one millisecond");
	nanny_free_options(&o);
}

/* Bytes in use by malloc: a leak shows as growth over many calls. */
static size_t in_use(void)
{
	return mallinfo2().uordblks;
}

#define REPEATS BASE "-s one -s two -t 1 -t 2 -h 192.0.2.8 -M g -M m -e x -e y " \
	"-V 192.0.2.1 -V 192.0.2.2 -U rup -U none -f 1 -f 2 --timeout 1 --timeout 2"

static void test_repeated_strings(void)
{
	struct nanny_opts o;
	size_t before, after;

	is_int(parse_line(BASE "-s one -s two -x a -x b -I /a -I /b", &o), 0, "repeats accepted");
	is_str(o.send, "two", "the last -s wins");
	is_str(o.expect, "b", "the last -x wins");
	is_str(o.ipvsadm, "/b", "the last -I wins");
	nanny_free_options(&o);

	/* The first calls fill caches (resolver, stdio) once; then each call
	 * must give back all it took. */
	for (int i = 0; i < 20; i++)
		parse_line(REPEATS, NULL);
	before = in_use();
	for (int i = 0; i < 200; i++)
		parse_line(REPEATS, NULL);
	after = in_use();
	ok(after <= before, "no memory kept by repeated string options (%zu -> %zu bytes)",
	   before, after);
}

/* Every value lvs.cf's check accepts nanny takes, and the reverse; line
 * is "keyword = value", a server's for weight, else a virtual's. */
static int config_accepts(const char *line)
{
	char text[256];
	struct lvs_config_errors errs;
	struct lvs_config *cfg;
	int ok_;

	snprintf(text, sizeof(text),
		 "virtual v {\n address = 192.0.2.1 eth0\n port = 80\n %s\n"
		 " server s {\n  address = 198.51.100.1\n  %s\n }\n}\n",
		 strncmp(line, "weight", 6) ? line : "", strncmp(line, "weight", 6) ? "" : line);
	cfg = lvs_config_parse("agree.cf", text, strlen(text), &errs);
	ok_ = cfg != NULL;
	lvs_config_free(cfg);
	lvs_config_errors_clear(&errs);
	return ok_;
}

static void test_ranges_agree(void)
{
	static const struct {
		const char *keyword, *option;
	} pairs[] = {
		{ "timeout", "--timeout" }, { "check_interval", "--check-interval" },
		{ "reentry", "-a" }, { "rise", "--rise" }, { "fall", "--fall" }, { "weight", "-w" },
	};
	static const char *const values[] = {
		"0", "0.0004", "0.0005", "0.0009", "0.001", "0.0011", "1", "10000", "10001",
		"65535", "65536", "999999.9999", "1000000", "1000000.0001", "1000001",
	};

	for (size_t p = 0; p < sizeof(pairs) / sizeof(pairs[0]); p++)
		for (size_t v = 0; v < sizeof(values) / sizeof(values[0]); v++) {
			char kw[64], line[160];
			int cfg_ok, nanny_ok;

			snprintf(kw, sizeof(kw), "%s = %s", pairs[p].keyword, values[v]);
			cfg_ok = config_accepts(kw);
			snprintf(line, sizeof(line), BASE "%s %s", pairs[p].option, values[v]);
			nanny_ok = parse_line(line, NULL) == 0;
			ok(cfg_ok == nanny_ok, "%s: lvs.cf %s, nanny %s %s", kw,
			   cfg_ok ? "accepts" : "refuses", pairs[p].option,
			   nanny_ok ? "accepts" : "refuses");
		}
}

/* -h: numbers only, IPv4 or IPv6, brackets and a link-local zone allowed. */
static void test_addresses(void)
{
	struct nanny_opts o;
	const struct sockaddr_in *sin = (const struct sockaddr_in *)&o.server;
	const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)&o.server;
	static const char *const refused[] = {
		"www.example.com", "192.0.2", "192.0.2.300", "0x7f000001", "1.2.3.4%lo",
		"fe80::1%", "fe80::1%no-such-if0", "[192.0.2.7", "::g",
	};

	is_int(parse_line("--report-fd 1 -h 192.0.2.7 -p 80", &o), 0, "IPv4 accepted");
	ok(o.server.ss_family == AF_INET && ntohl(sin->sin_addr.s_addr) == 0xc0000207 &&
	   ntohs(sin->sin_port) == 80, "IPv4 address and port");
	nanny_free_options(&o);
	is_int(parse_line("--report-fd 1 -h [2001:db8::5] -p 443", &o), 0, "bracketed IPv6 accepted");
	ok(o.server.ss_family == AF_INET6 && sin6->sin6_addr.s6_addr[15] == 5 &&
	   sin6->sin6_addr.s6_addr[0] == 0x20 && ntohs(sin6->sin6_port) == 443 && !sin6->sin6_scope_id,
	   "IPv6 address and port, no zone");
	nanny_free_options(&o);
	is_int(parse_line("--report-fd 1 -h fe80::1%lo -p 80", &o), 0, "a zone by name accepted");
	ok(o.server.ss_family == AF_INET6 && sin6->sin6_scope_id == if_nametoindex("lo"),
	   "the zone is the interface's index");
	nanny_free_options(&o);
	is_int(parse_line("--report-fd 1 -h fe80::1%7 -p 80", &o), 0, "a zone by number accepted");
	ok(sin6->sin6_scope_id == 7, "numeric zone kept");
	nanny_free_options(&o);
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		char line[128];

		snprintf(line, sizeof(line), "--report-fd 1 -p 80 -h %s", refused[i]);
		is_int(parse_line(line, NULL), 1, "-h '%s' refused", refused[i]);
	}
}

int main(void)
{
	test_addresses();
	test_numbers();
	test_repeated_strings();
	test_ranges_agree();
	return tap_done();
}
