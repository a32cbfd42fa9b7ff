/* The mapper's diagnostics and value parsers: every message names the
 * keyword, its block and, for errors, the column of the bad word. */
#include "config.h"

#include "kconf_map.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "escape.h"
#include "lvs_ranges.h"

#define WHERE_MAX 80

void km_where(const struct kconf_node *parent, char *buf, size_t len)
{
	size_t used;

	if (!parent || parent->n_w == 0) {
		snprintf(buf, len, "at top level");
		return;
	}
	used = (size_t)snprintf(buf, len, "in %s", parent->w[0].text);
	for (size_t i = 1; i < parent->n_w && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, " %s", parent->w[i].text);
	if (used >= len && len > 4)
		strcpy(buf + len - 4, "...");
}

static void vdiag(struct kmap *m, enum kconf_diag_kind kind, const struct kconf_node *n,
		  const struct kconf_word *w, const char *prefix, const char *fmt, va_list ap)
{
	char *msg;

	if (vasprintf(&msg, fmt, ap) < 0) {
		km_oom(m);
		return;
	}
	if (!w)
		w = &n->w[0];
	kconf_diag_add(m->d, kind, n->file, n->seq, w->line, w->col, "%s%s", prefix, msg);
	free(msg);
	if (kind == KCONF_ERROR)
		m->failed = true;
}

void km_error_at(struct kmap *m, const struct kconf_node *n, const struct kconf_word *w,
		 const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdiag(m, KCONF_ERROR, n, w, "", fmt, ap);
	va_end(ap);
}

static void keyword_diag(struct kmap *m, enum kconf_diag_kind kind, const struct kconf_node *n,
			 const struct kconf_node *parent, const char *what, const char *fmt,
			 va_list ap)
{
	char where[WHERE_MAX], prefix[WHERE_MAX + 200];

	km_where(parent, where, sizeof(where));
	snprintf(prefix, sizeof(prefix), "keyword '%.80s' (%s) %s", n->w[0].text, where, what);
	vdiag(m, kind, n, NULL, prefix, fmt, ap);
}

static void keyword_note(struct kmap *m, enum kconf_diag_kind kind, const struct kconf_node *n,
			 const struct kconf_node *parent, const char *what, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
static void keyword_note(struct kmap *m, enum kconf_diag_kind kind, const struct kconf_node *n,
			 const struct kconf_node *parent, const char *what, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	keyword_diag(m, kind, n, parent, what, fmt, ap);
	va_end(ap);
}

void km_dropped(struct kmap *m, const struct kconf_node *n, const struct kconf_node *parent)
{
	keyword_note(m, KCONF_DROPPED, n, parent, "has no lvs.cf equivalent: dropped", "%s", "");
}

void km_cannot(struct kmap *m, const struct kconf_node *n, const struct kconf_node *parent,
	       const char *fmt, ...)
{
	char *why;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&why, fmt, ap) < 0)
		why = NULL;
	va_end(ap);
	if (!why) {
		km_oom(m);
		return;
	}
	keyword_note(m, KCONF_DROPPED, n, parent, "cannot be converted", " (%s): dropped", why);
	free(why);
}

void km_approx(struct kmap *m, const struct kconf_node *n, const struct kconf_node *parent,
	       const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	keyword_diag(m, KCONF_APPROX, n, parent, "converted approximately: ", fmt, ap);
	va_end(ap);
}

void km_dropped_option(struct kmap *m, const struct kconf_node *n, size_t wi,
		       const struct kconf_node *parent)
{
	char where[WHERE_MAX];

	km_where(parent, where, sizeof(where));
	kconf_diag_add(m->d, KCONF_DROPPED, n->file, n->seq, n->w[wi].line, n->w[wi].col,
		       "option '%.80s' of '%.80s' (%s) has no lvs.cf equivalent: dropped",
		       n->w[wi].text, n->w[0].text, where);
}

void km_oom(struct kmap *m)
{
	m->failed = true;
	m->d->oom = true;
}

char *km_strdup(struct kmap *m, const char *s)
{
	char *d = strdup(s);

	if (!d)
		km_oom(m);
	return d;
}

bool km_is(const struct kconf_node *n, const char *kw)
{
	return n->n_w && strcmp(n->w[0].text, kw) == 0;
}

double km_ms(double seconds)
{
	return round(seconds * 1000.0) / 1000.0;
}

static int bad(struct kmap *m, const struct kconf_node *n, size_t wi, const char *expected)
{
	/* A list entry (an address of virtual_ipaddress) is its own keyword. */
	if (wi == 0) {
		km_error_at(m, n, &n->w[0], "invalid value '%.80s' (expected %s)", n->w[0].text, expected);
		return -1;
	}
	km_error_at(m, n, &n->w[wi], "invalid value '%.80s' for '%.80s' (expected %s)", n->w[wi].text,
		    n->w[0].text, expected);
	return -1;
}

int km_shape(struct kmap *m, const struct kconf_node *n, size_t min, size_t max, bool block)
{
	size_t args = n->n_w - 1;
	const struct kconf_word *kw = &n->w[0];

	if (args < min) {
		struct kconf_word at = *kw;

		at.col += (unsigned)strlen(kw->text);
		km_error_at(m, n, &at, "'%.80s' needs %s%zu value%s", kw->text, min == max ? "" : "at least ",
			    min, min == 1 ? "" : "s");
		return -1;
	}
	if (args > max) {
		km_error_at(m, n, &n->w[max + 1], "'%.80s' takes %s%zu value%s", kw->text,
			    min == max ? "" : "at most ", max, max == 1 ? "" : "s");
		return -1;
	}
	if (block && !n->has_block) {
		km_error_at(m, n, NULL, "'%.80s' needs a { } block", kw->text);
		return -1;
	}
	if (!block && n->has_block) {
		km_error_at(m, n, NULL, "'%.80s' takes no { } block", kw->text);
		return -1;
	}
	return 0;
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

int km_uint(struct kmap *m, const struct kconf_node *n, size_t wi, unsigned long min,
	    unsigned long max, unsigned long *out)
{
	const char *s = n->w[wi].text;
	char expected[96];
	unsigned long v;

	snprintf(expected, sizeof(expected), "an integer from %lu to %lu", min, max);
	if (!all_digits(s) || strlen(s) > 19)
		return bad(m, n, wi, expected);
	errno = 0;
	v = strtoul(s, NULL, 10);
	if (errno || v < min || v > max)
		return bad(m, n, wi, expected);
	*out = v;
	return 0;
}

int km_timer(struct kmap *m, const struct kconf_node *n, size_t wi, bool allow_zero, double *out)
{
	const char *s = n->w[wi].text, *dot = strchr(s, '.');
	char expected[96];
	double v;

	snprintf(expected, sizeof(expected), "seconds from %s to %.0f, fractions allowed",
		 allow_zero ? "0" : "0.001", LVS_DURATION_MAX);
	/* Digits with at most one dot: no signs, exponents or hex. */
	if (strspn(s, "0123456789.") != strlen(s) || !*s || strcmp(s, ".") == 0 ||
	    (dot && strchr(dot + 1, '.')) || strlen(s) > 30)
		return bad(m, n, wi, expected);
	v = km_ms(strtod(s, NULL));
	if (lvs_duration_check(v, allow_zero) != LVS_DURATION_OK)
		return bad(m, n, wi, expected);
	*out = v;
	return 0;
}

int km_bool(struct kmap *m, const struct kconf_node *n, size_t wi, bool *out)
{
	static const char *const yes[] = { "on", "true", "yes", NULL };
	static const char *const no[] = { "off", "false", "no", NULL };
	const char *s;

	if (wi >= n->n_w) {
		*out = true;
		return 0;
	}
	s = n->w[wi].text;
	for (size_t i = 0; yes[i]; i++) {
		if (strcasecmp(s, yes[i]) == 0) {
			*out = true;
			return 0;
		}
		if (strcasecmp(s, no[i]) == 0) {
			*out = false;
			return 0;
		}
	}
	return bad(m, n, wi, "on, off, true, false, yes or no");
}

int km_addr(struct kmap *m, const struct kconf_node *n, size_t wi, struct lvs_addr *out,
	    unsigned *prefix)
{
	const char *s = n->w[wi].text, *slash = prefix ? strchr(s, '/') : NULL;
	char buf[INET6_ADDRSTRLEN];
	size_t len = slash ? (size_t)(slash - s) : strlen(s);

	if (prefix)
		*prefix = 0;
	if (len >= sizeof(buf))
		goto fail;
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (lvs_addr_parse(buf, out) < 0)
		goto fail;
	if (slash) {
		unsigned long max = out->family == AF_INET6 ? 128 : 32, v;

		if (!all_digits(slash + 1) || strlen(slash + 1) > 3 ||
		    (v = strtoul(slash + 1, NULL, 10)) < 1 || v > max)
			goto fail;
		*prefix = (unsigned)v;
	}
	return 0;
fail:
	return bad(m, n, wi, prefix ? "an IPv4 or IPv6 address, with an optional /prefix"
				    : "an IPv4 or IPv6 address");
}

int km_port(struct kmap *m, const struct kconf_node *n, size_t wi, uint16_t *out)
{
	unsigned long v;

	if (km_uint(m, n, wi, 1, 65535, &v) < 0)
		return -1;
	*out = (uint16_t)v;
	return 0;
}

int km_mask(struct kmap *m, const struct kconf_node *n, size_t wi, int family, unsigned *prefix)
{
	const char *s = n->w[wi].text;
	unsigned long max = family == AF_INET6 ? 128 : 32;

	if (family == AF_INET && strchr(s, '.')) {
		struct in_addr a;
		uint32_t mask;
		unsigned ones = 0;

		if (inet_pton(AF_INET, s, &a) != 1)
			return bad(m, n, wi, "a dotted netmask or a prefix length");
		mask = ntohl(a.s_addr);
		while (ones < 32 && (mask & (0x80000000u >> ones)))
			ones++;
		if (ones < 32 && (mask << ones))
			return bad(m, n, wi, "a netmask with contiguous ones");
		*prefix = ones;
		return 0;
	}
	if (s[0] == '/')
		s++;
	if (!all_digits(s) || strlen(s) > 3 || strtoul(s, NULL, 10) > max)
		return bad(m, n, wi, family == AF_INET6 ? "a prefix length from 0 to 128"
							: "a dotted netmask or a prefix length");
	*prefix = (unsigned)strtoul(s, NULL, 10);
	return 0;
}

bool km_devname_ok(const char *s)
{
	size_t len = strlen(s);

	if (len == 0 || len >= IF_NAMESIZE || strcmp(s, ".") == 0 || strcmp(s, "..") == 0)
		return false;
	for (; *s; s++)
		if (!isgraph((unsigned char)*s) || strchr("/:#\"'\\", *s))
			return false;
	return true;
}

int km_dev(struct kmap *m, const struct kconf_node *n, size_t wi, char out[IF_NAMESIZE])
{
	if (!km_devname_ok(n->w[wi].text))
		return bad(m, n, wi, "an interface name of at most 15 characters");
	strcpy(out, n->w[wi].text);
	return 0;
}

/* Does s hold the quote q other than after a backslash? */
const char *km_unwritable(const char *s)
{
	size_t len = strlen(s), tail = 0;

	if (len > 4000)
		return "it is longer than 4000 characters";
	for (const char *c = s; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			return "it holds a control character";
	while (tail < len && s[len - 1 - tail] == '\\')
		tail++;
	/* lvs_config_write quotes it when it has blanks, or starts like a
	 * quote or a comment; inside quotes a backslash protects the next
	 * character, so an odd one at the end would swallow the closing quote. */
	if (!*s || strchr(s, ' ') || *s == '"' || *s == '\'' || *s == '#') {
		if (lvs_has_bare_quote(s, '"') && lvs_has_bare_quote(s, '\''))
			return "it holds both kinds of quote";
		if (tail % 2)
			return "it ends in a backslash";
	}
	return NULL;
}

char *km_join_words(const struct kconf_node *n, size_t wi)
{
	size_t cap = 1;
	char *out, *p;

	if (n->n_w - wi == 1)
		return strdup(n->w[wi].text);   /* one word is the command line as written */
	for (size_t i = wi; i < n->n_w; i++)
		cap += 2 * strlen(n->w[i].text) + 3;
	out = malloc(cap);
	if (!out)
		return NULL;
	p = out;
	/* A backslash before each blank, quote and backslash keeps a word
	 * whole (cmdline_split takes the next character literally) and leaves
	 * no bare quote for lvs.cf's own quoting to trip on. */
	for (size_t i = wi; i < n->n_w; i++) {
		const char *s = n->w[i].text;

		if (i > wi)
			*p++ = ' ';
		if (!*s)
			p = stpcpy(p, "''");
		for (; *s; s++) {
			if (strchr(" \t\f\v'\"\\", *s))
				*p++ = '\\';
			*p++ = *s;
		}
	}
	*p = '\0';
	return out;
}
