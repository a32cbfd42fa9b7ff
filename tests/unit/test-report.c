/* The report protocol (src/lib/report.c): every kind of line formatted
 * then parsed back, and the lines the parser must refuse, each with the
 * reason it gives. */
#include "config.h"

#include "report.h"
#include "tap.h"

#include <string.h>

static struct report parsed;

/* Format r, check the text, parse it back; 0 when it came back whole. */
static int round_trip(const struct report *r, const char *want_line)
{
	static char line[REPORT_LINE_MAX];	/* parsed.reason points into it */
	size_t n = report_format(r, line, sizeof(line));
	const char *why = "?";

	is_str(line, want_line, "formatted: %.*s", (int)(n ? n - 1 : 0), line);
	is_int((int)n, (int)strlen(want_line), "... its length");
	if (report_parse(line, &parsed, &why) < 0) {
		ok(0, "... parsed back (%s)", why);
		return -1;
	}
	ok(parsed.kind == r->kind && !strcmp(parsed.addr, r->addr) && parsed.port == r->port,
	   "... parsed back: kind, address and port");
	return 0;
}

static void test_kinds(void)
{
	struct report r = { .kind = REPORT_UP, .addr = "198.51.100.11", .port = 8080, .weight = 40 };

	if (!round_trip(&r, "up 198.51.100.11 8080 40\n"))
		is_int((int)parsed.weight, 40, "up: weight");
	r = (struct report){ .kind = REPORT_WEIGHT, .addr = "2001:db8::1", .port = 80, .weight = 3 };
	if (!round_trip(&r, "weight 2001:db8::1 80 3\n"))
		is_int((int)parsed.weight, 3, "weight: weight");
	r = (struct report){ .kind = REPORT_DOWN, .addr = "198.51.100.11", .port = 80,
			     .reason = "connect: Connection refused" };
	if (!round_trip(&r, "down 198.51.100.11 80 connect: Connection refused\n")) {
		is_int((int)parsed.reason_len, (int)strlen("connect: Connection refused"),
		       "down: reason length without the line end");
		ok(!strncmp(parsed.reason, "connect: Connection refused", parsed.reason_len),
		   "down: the reason, free text with blanks");
	}
	r = (struct report){ .kind = REPORT_DOWN, .addr = "198.51.100.11", .port = 80 };
	if (!round_trip(&r, "down 198.51.100.11 80 -\n"))
		ok(parsed.reason_len == 1 && parsed.reason[0] == '-', "down without a reason: \"-\"");
	r = (struct report){ .kind = REPORT_CHECK, .addr = "198.51.100.11", .port = 8080, .ok = true,
			     .usec = 412 };
	if (!round_trip(&r, "check 198.51.100.11 8080 ok 412\n"))
		ok(parsed.ok && parsed.usec == 412, "check: passed, microseconds");
	r = (struct report){ .kind = REPORT_CHECK, .addr = "2001:db8::1", .port = 53, .ok = false,
			     .usec = 2000000 };
	if (!round_trip(&r, "check 2001:db8::1 53 fail 2000000\n"))
		ok(!parsed.ok && parsed.usec == 2000000, "check: failed, microseconds");
}

static void test_long_reason(void)
{
	char reason[600], line[REPORT_LINE_MAX];
	struct report r = { .kind = REPORT_DOWN, .addr = "198.51.100.11", .port = 80, .reason = reason };
	size_t n;

	memset(reason, 'x', sizeof(reason) - 1);
	reason[sizeof(reason) - 1] = '\0';
	n = report_format(&r, line, sizeof(line));
	is_int((int)n, REPORT_LINE_MAX - 1, "a long reason is cut to one line");
	ok(line[n - 1] == '\n' && memchr(line, '\n', n) == line + n - 1, "... that still ends in one newline");
	is_int(report_parse(line, &parsed, NULL), 0, "... and still parses");
	is_int((int)parsed.kind, REPORT_DOWN, "... as a down line");
}

static void test_refused(void)
{
	static const struct {
		const char *line, *why;
	} bad[] = {
		{ "", "empty line" },
		{ "  \t ", "empty line" },
		{ "sideways 198.51.100.11 80 5", "unknown report" },
		{ "checks 198.51.100.11 80 ok 12", "unknown report" },
		{ "up", "no address" },
		{ "up 0000:0000:0000:0000:0000:0000:255.255.255.25500 80 5", "address too long" },
		{ "up 198.51.100.11 80", "bad weight" },
		{ "up 198.51.100.11 80 70000", "bad weight" },
		{ "up 198.51.100.11 80 5 extra", "trailing text" },
		{ "up 198.51.100.11 99999 5", "bad port" },
		{ "up 198.51.100.11 -4294967216 5", "bad port" },
		{ "up 198.51.100.11 80 -0", "bad weight" },
		{ "up 198.51.100.11 +80 5", "bad port" },
		{ "up 198.51.100.11 80 +5", "bad weight" },
		{ "down 198.51.100.11 0x50 timeout", "bad port" },
		{ "down 198.51.100.11", "bad port" },
		{ "up 198.51.100.11 080080 5", "bad port" },
		{ "up 198.51.100.11 80 99999999999999999999", "bad weight" },
		{ "weight 198.51.100.11 80 5x", "bad weight" },
		{ "check 198.51.100.11 80 ok", "bad duration" },
		{ "check 198.51.100.11 80 maybe 12", "bad check result" },
		{ "check 198.51.100.11 80 ok -5", "bad duration" },
		{ "check 198.51.100.11 80 ok 1234567890123", "bad duration" },
		{ "check 198.51.100.11 80 ok 12 extra", "trailing text" },
		{ "check 198.51.100.11 99999 ok 12", "bad port" },
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *why = NULL;

		is_int(report_parse(bad[i].line, &parsed, &why), -1, "refused: \"%s\"", bad[i].line);
		ok(why && !strncmp(why, bad[i].why, strlen(bad[i].why)), "... because: %s (want %s)",
		   why ? why : "(none)", bad[i].why);
	}
	is_int(report_parse("up 198.51.100.11 80 5\r\n", &parsed, NULL), 0, "line end tolerated");
	is_str(parsed.addr, "198.51.100.11", "address copied whole");
	is_int(report_parse("  up\t198.51.100.11  80 5", &parsed, NULL), 0, "blanks between fields");
	is_int(report_parse("up 0000:0000:0000:0000:0000:0000:255.255.255.255 80 5", &parsed, NULL), 0,
	       "an address of INET6_ADDRSTRLEN - 1 characters is taken");
}

int main(void)
{
	test_kinds();
	test_long_reason();
	test_refused();
	return tap_done();
}
