#include "config.h"

#include <errno.h>
#include <stdlib.h>

#include "escape.h"
#include "tap.h"

static void check(const char *raw, const char *want, size_t want_len, const char *what)
{
	size_t len = 99;
	char *got = lvs_unescape(raw, &len, NULL);

	is_str(got, want, "%s", what);
	is_int(len, want_len, "%s: length", what);
	free(got);
}

int main(void)
{
	unsigned col = 0;
	char *bad;

	check("GET / HTTP/1.0\\r\\n\\r\\n", "GET / HTTP/1.0\r\n\r\n", 18, "HTTP request escapes");
	check("a\\tb", "a\tb", 3, "tab");
	check("back\\\\slash", "back\\slash", 10, "escaped backslash");
	check("\\\"quoted\\\"", "\"quoted\"", 8, "escaped double quote");
	check("it\\'s", "it's", 4, "escaped single quote");
	check("\\q", "q", 1, "backslash before any other character gives it");
	check("", "", 0, "empty string");
	check("plain", "plain", 5, "no escapes");
	errno = 0;
	bad = lvs_unescape("oops\\", NULL, &col);
	ok(bad == NULL, "trailing lone backslash is rejected");
	is_int(errno, EINVAL, "errno EINVAL for a lone backslash");
	is_int(col, 5, "column of the lone backslash");

	static const struct { const char *in, *out, *what; } safe[] = {
		{ "plain text", "plain text", "printable ASCII kept" },
		{ "a\033[2Jb", "a\\x1b[2Jb", "ESC quoted" },
		{ "tab\tnl\ncr\r", "tab\\tnl\\ncr\\r", "tab, newline, return" },
		{ "\x7f\x80\xff", "\\x7f\\x80\\xff", "DEL and 8-bit bytes" },
		{ "back\\slash", "back\\slash", "backslash kept" },
		{ "", "", "empty" },
	};
	for (size_t i = 0; i < sizeof(safe) / sizeof(safe[0]); i++) {
		char *q = lvs_escape_unprintable(safe[i].in);

		is_str(q, safe[i].out, "escape_unprintable: %s", safe[i].what);
		free(q);
	}
	return tap_done();
}
