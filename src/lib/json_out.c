#include "config.h"

#include "json_out.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

void json_string(struct strbuf *b, const char *s)
{
	const char *run;

	if (!s) {
		sb_append(b, "null", 4);
		return;
	}
	sb_putc(b, '"');
	for (run = s; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c != '"' && c != '\\' && c >= 0x20)
			continue;
		sb_append(b, run, (size_t)(s - run));
		if (c == '"' || c == '\\')
			sb_printf(b, "\\%c", c);
		else if (c == '\n')
			sb_append(b, "\\n", 2);
		else if (c == '\t')
			sb_append(b, "\\t", 2);
		else
			sb_printf(b, "\\u%04x", c);
		run = s + 1;
	}
	sb_append(b, run, (size_t)(s - run));
	sb_putc(b, '"');
}

void iso8601_utc(double epoch, char *buf, unsigned len)
{
	time_t t = (time_t)floor(epoch);
	struct tm tm;

	gmtime_r(&t, &tm);
	if (!strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm) && len)
		buf[0] = '\0';
}

void json_time(struct strbuf *b, double epoch)
{
	char text[32];

	if (!(epoch > 0)) {
		sb_append(b, "null", 4);
		return;
	}
	iso8601_utc(epoch, text, sizeof(text));
	sb_printf(b, "\"%s\"", text);
}

void json_number(struct strbuf *b, bool known, double v)
{
	char text[64];
	size_t n;

	if (!known || !isfinite(v)) {
		sb_append(b, "null", 4);
		return;
	}
	snprintf(text, sizeof(text), "%.6f", v);
	/* Trailing zeros say nothing: 2.500000 is 2.5, 3.000000 is 3. */
	n = strlen(text);
	while (n > 1 && text[n - 1] == '0')
		n--;
	if (n > 1 && text[n - 1] == '.')
		n--;
	if (n == 2 && text[0] == '-' && text[1] == '0')
		text[0] = '0', n = 1;
	sb_append(b, text, n);
}

void json_bool(struct strbuf *b, bool v)
{
	if (v)
		sb_append(b, "true", 4);
	else
		sb_append(b, "false", 5);
}
