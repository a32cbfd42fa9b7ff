/* Unit tests of nanny's pure parts: command line splitting, load parsing and
 * the load weight rule, expect matching. */
#include "config.h"

#include "nanny.h"
#include "tap.h"

#include <stdlib.h>
#include <string.h>

static char *joined(char **argv)
{
	static char buf[512];

	buf[0] = '\0';
	for (int i = 0; argv && argv[i]; i++) {
		strcat(buf, i ? "|" : "");
		strcat(buf, argv[i]);
	}
	return buf;
}

static void split_is(const char *line, const char *want, const char *what)
{
	char **argv = cmdline_split(line, "2001:db8::1", 8080);

	is_str(argv ? joined(argv) : "(null)", want, "%s", what);
	free(argv);
}

int main(void)
{
	struct nanny_opts o = { 0 };
	static char flood[NANNY_REPLY_MAX + 1];
	char **argv;

	split_is("check -H %h -P %p", "check|-H|2001:db8::1|-P|8080", "%h and %p expanded");
	split_is("  a\t b  ", "a|b", "blanks and tabs separate, leading/trailing ignored");
	split_is("echo %h; rm -rf /", "echo|2001:db8::1;|rm|-rf|/", "shell metacharacters are plain text");
	split_is("echo '$(id) %h' \"a \\\"b\\\" %p\"", "echo|$(id) %h|a \"b\" 8080",
		 "quotes keep words; single quotes are literal, %p expands in double quotes");
	split_is("a\\ b 100%% %x", "a b|100%|%x", "backslash escapes a blank; %% and unknown %x");
	split_is("x '' y", "x||y", "empty quoted word kept");
	argv = cmdline_split("echo 'open", "h", 1);
	ok(argv == NULL, "unbalanced quote rejected");
	argv = cmdline_split("   ", "h", 1);
	ok(argv == NULL, "empty command rejected");
	argv = cmdline_split("a\\", "h", 1);
	ok(argv == NULL, "trailing backslash rejected");

	ok(load_parse(" 10:00:01 up 3 days,  load average: 0.52, 0.48, 0.40") == 0.52, "uptime output");
	ok(load_parse("host  up 3+01:02,  load 1.25, 0.48, 0.40") == 1.25, "rup output");
	ok(load_parse("3.5\n") == 3.5, "bare number");
	ok(load_parse("garbage") < 0, "no number: -1");
	ok(load_parse("load average: n/a") < 0, "'load' without a number: -1");

	is_int(load_adjust_weight(8, 8, 3, 0.0), 12, "load 0: +w/2");
	is_int(load_adjust_weight(8, 22, 3, 0.0), 24, "capped at scale * weight");
	is_int(load_adjust_weight(8, 12, 3, 2.0), 8, "load 2: -w/2, not below weight");
	is_int(load_adjust_weight(8, 8, 3, 1.0), 8, "load 1: unchanged");
	is_int(load_adjust_weight(100, 100, 10, 0.99), 100, "small change (< w/4) ignored");
	is_int(load_adjust_weight(100, 100, 10, 0.0), 150, "w=100 load 0: +50");
	is_int(load_adjust_weight(100, 100, 10, 1.0 - 0.125), 125, "load 0.875: +50*cbrt(0.125) = +25");
	is_int(load_adjust_weight(8, 8, 3, -1), 8, "unknown load: unchanged");

	is_int(reply_match(&o, "", 0, true), MATCH_YES, "no expect: anything passes");
	o.expect = "HTTP";
	is_int(reply_match(&o, "xxHTTP/1.0", 10, false), MATCH_YES, "substring anywhere");
	is_int(reply_match(&o, "HTT", 3, false), MATCH_MORE, "partial: read more");
	is_int(reply_match(&o, "HTT", 3, true), MATCH_NO, "partial at EOF: no");
	is_int(reply_match(&o, "a\0HTTP", 6, false), MATCH_YES, "substring after a NUL byte");
	/* A flooding server: the verdict comes when the buffer is full. */
	memset(flood, 'x', NANNY_REPLY_MAX);
	flood[NANNY_REPLY_MAX] = '\0';
	is_int(reply_match(&o, flood, NANNY_REPLY_MAX - 1, false), MATCH_MORE, "flood: room left, read on");
	is_int(reply_match(&o, flood, NANNY_REPLY_MAX, false), MATCH_NO, "flood: full buffer without a match fails");
	memcpy(flood, "HTTP", 4);
	is_int(reply_match(&o, flood, NANNY_REPLY_MAX, false), MATCH_YES, "flood: a match in its first bytes passes");
	o.expect = "*";
	o.expect_any = true;
	is_int(reply_match(&o, "", 0, false), MATCH_MORE, "*: wait for a byte");
	is_int(reply_match(&o, "", 0, true), MATCH_NO, "*: nothing at EOF fails");
	is_int(reply_match(&o, "z", 1, false), MATCH_YES, "*: one byte is enough");
	o.expect_any = false;
	o.expect = "^HTTP/1\\.[01] 200";
	o.use_regex = regcomp(&o.regex, o.expect, REG_EXTENDED | REG_NOSUB) == 0;
	ok(o.use_regex, "regex compiles");
	is_int(reply_match(&o, "HTTP/1.1 200 OK", 15, false), MATCH_YES, "regex matches");
	is_int(reply_match(&o, "HTTP/1.1 404 NF", 15, true), MATCH_NO, "regex does not match");
	memset(flood, 'x', NANNY_REPLY_MAX);
	is_int(reply_match(&o, flood, NANNY_REPLY_MAX, false), MATCH_NO, "regex, flood: full buffer without a match fails");
	regfree(&o.regex);
	return tap_done();
}
