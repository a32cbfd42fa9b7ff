/* JSON output pieces (src/lib/json_out.c) and the buffer under them. */
#include "config.h"

#include <math.h>

#include "json_out.h"
#include "tap.h"

static const char *str(struct strbuf *b, const char *s)
{
	sb_free(b);
	json_string(b, s);
	return sb_str(b);
}

static const char *num(struct strbuf *b, bool known, double v)
{
	sb_free(b);
	json_number(b, known, v);
	return sb_str(b);
}

int main(void)
{
	struct strbuf b = { 0 };

	is_str(sb_str(&b), "", "an empty buffer is an empty string");
	is_str(str(&b, "web"), "\"web\"", "a plain string");
	is_str(str(&b, "a\"b\\c"), "\"a\\\"b\\\\c\"", "quote and backslash escaped");
	is_str(str(&b, "l1\nl2\tx\x01\x1f"), "\"l1\\nl2\\tx\\u0001\\u001f\"", "control characters escaped");
	is_str(str(&b, "caf\xc3\xa9"), "\"caf\xc3\xa9\"", "UTF-8 passes through");
	is_str(str(&b, NULL), "null", "NULL is null");
	sb_free(&b);

	json_time(&b, 1764700201.9);
	is_str(sb_str(&b), "\"2025-12-02T18:30:01Z\"", "a time: ISO 8601 UTC, whole seconds");
	sb_free(&b);
	json_time(&b, 0);
	is_str(sb_str(&b), "null", "time 0: never, null");
	sb_free(&b);

	is_str(num(&b, true, 0.000412), "0.000412", "a latency");
	is_str(num(&b, true, 2.5), "2.5", "trailing zeros dropped");
	is_str(num(&b, true, 3), "3", "a whole number");
	is_str(num(&b, true, 0.0000004), "0", "below a microsecond rounds to 0");
	is_str(num(&b, true, -0.0000001), "0", "no negative zero");
	is_str(num(&b, false, 1), "null", "unknown: null");
	is_str(num(&b, true, NAN), "null", "NaN: null");
	sb_free(&b);

	json_bool(&b, true);
	sb_putc(&b, ',');
	json_bool(&b, false);
	is_str(sb_str(&b), "true,false", "booleans");
	sb_free(&b);

	for (int i = 0; i < 1000; i++)
		sb_printf(&b, "%04d,", i);
	ok(b.len == 5000 && sb_str(&b) && strncmp(sb_str(&b) + 4995, "0999,", 5) == 0,
	   "the buffer grows past its first allocation (%zu bytes)", b.len);
	sb_free(&b);
	return tap_done();
}
