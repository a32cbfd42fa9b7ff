#include "report.h"

#include <stdio.h>
#include <string.h>

static const char *const kind_word[] = {
	[REPORT_UP] = "up", [REPORT_WEIGHT] = "weight", [REPORT_DOWN] = "down", [REPORT_CHECK] = "check",
};

size_t report_format(const struct report *r, char *buf, size_t len)
{
	int n;

	if (len < 2)
		return 0;
	switch (r->kind) {
	case REPORT_UP:
	case REPORT_WEIGHT:
		n = snprintf(buf, len, "%s %s %u %u\n", kind_word[r->kind], r->addr, r->port, r->weight);
		break;
	case REPORT_DOWN:
		n = snprintf(buf, len, "down %s %u %s\n", r->addr, r->port,
			     r->reason && *r->reason ? r->reason : "-");
		break;
	case REPORT_CHECK:
		n = snprintf(buf, len, "check %s %u %s %llu\n", r->addr, r->port, r->ok ? "ok" : "fail",
			     (unsigned long long)r->usec);
		break;
	default:
		buf[0] = '\0';
		return 0;
	}
	if (n < 0)
		n = 0;
	if ((size_t)n >= len) {
		/* Cut, but still one whole line. */
		n = (int)len - 1;
		buf[n - 1] = '\n';
	}
	return (size_t)n;
}

#define BLANKS " \t\r\n"

/* The next blank-separated field after from: [*start, *end). */
static void next_field(const char *from, const char **start, const char **end)
{
	*start = from + strspn(from, BLANKS);
	*end = *start + strcspn(*start, BLANKS);
}

static bool word_is(const char *s, const char *e, const char *word)
{
	size_t n = strlen(word);

	return (size_t)(e - s) == n && !strncmp(s, word, n);
}

/* Plain decimal digits, at most max_digits of them (no sign, no base
 * prefix, nothing that wraps around). */
static bool decimal(const char *s, const char *e, int max_digits, uint64_t *out)
{
	uint64_t v = 0;

	if (e == s || e - s > max_digits)
		return false;
	for (; s < e; s++) {
		if (*s < '0' || *s > '9')
			return false;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	*out = v;
	return true;
}

/* A port or weight: 1 to 5 decimal digits, at most 65535. */
static bool number16(const char *s, const char *e, unsigned *out)
{
	uint64_t v;

	if (!decimal(s, e, 5, &v) || v > 65535)
		return false;
	*out = (unsigned)v;
	return true;
}

static int refuse(const char **why, const char *what)
{
	if (why)
		*why = what;
	return -1;
}

int report_parse(const char *line, struct report *r, const char **why)
{
	const char *w0, *w1, *a0, *a1, *p0, *p1, *x0, *x1;
	size_t alen;

	next_field(line, &w0, &w1);
	if (w0 == w1)
		return refuse(why, "empty line");
	if (word_is(w0, w1, "up"))
		r->kind = REPORT_UP;
	else if (word_is(w0, w1, "weight"))
		r->kind = REPORT_WEIGHT;
	else if (word_is(w0, w1, "down"))
		r->kind = REPORT_DOWN;
	else if (word_is(w0, w1, "check"))
		r->kind = REPORT_CHECK;
	else
		return refuse(why, "unknown report (not up, weight, down or check)");
	next_field(w1, &a0, &a1);
	alen = (size_t)(a1 - a0);
	if (!alen)
		return refuse(why, "no address");
	if (alen > INET6_ADDRSTRLEN)
		return refuse(why, "address too long");
	next_field(a1, &p0, &p1);
	if (!number16(p0, p1, &r->port))
		return refuse(why, "bad port (1 to 5 digits, at most 65535)");
	r->weight = 0;
	r->reason = "";
	r->reason_len = 0;
	r->ok = false;
	r->usec = 0;
	switch (r->kind) {
	case REPORT_UP:
	case REPORT_WEIGHT:
		next_field(p1, &x0, &x1);
		if (!number16(x0, x1, &r->weight))
			return refuse(why, "bad weight (1 to 5 digits, at most 65535)");
		break;
	case REPORT_DOWN:
		/* The reason is free text: the rest of the line. */
		r->reason = p1 + strspn(p1, " \t");
		r->reason_len = strcspn(r->reason, "\r\n");
		x1 = NULL;
		break;
	case REPORT_CHECK:
		next_field(p1, &x0, &x1);
		if (word_is(x0, x1, "ok"))
			r->ok = true;
		else if (!word_is(x0, x1, "fail"))
			return refuse(why, "bad check result (not ok or fail)");
		next_field(x1, &x0, &x1);
		if (!decimal(x0, x1, 12, &r->usec))
			return refuse(why, "bad duration (1 to 12 digits)");
		break;
	}
	if (x1 && x1[strspn(x1, BLANKS)])
		return refuse(why, "trailing text after the last field");
	memcpy(r->addr, a0, alen);
	r->addr[alen] = '\0';
	return 0;
}
