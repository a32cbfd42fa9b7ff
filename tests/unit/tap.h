/* A tiny TAP producer for unit tests: each check prints one "ok"/"not ok" line,
 * so automake's tap-driver counts every assertion. */
#ifndef LVS_TAP_H
#define LVS_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int tap_count;
static int tap_failed;

static inline void tap_result(int ok, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static inline void tap_result(int ok, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	tap_count++;
	if (!ok)
		tap_failed++;
	printf("%sok %d - ", ok ? "" : "not ", tap_count);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!ok)
		printf("# failed at %s:%d\n", file, line);
	fflush(stdout);
}

#define ok(cond, ...) tap_result(!!(cond), __FILE__, __LINE__, __VA_ARGS__)
#define is_int(got, want, ...) do { \
	long long got_ = (got), want_ = (want); \
	tap_result(got_ == want_, __FILE__, __LINE__, __VA_ARGS__); \
	if (got_ != want_) printf("#   got %lld, want %lld\n", got_, want_); \
} while (0)
#define is_str(got, want, ...) do { \
	const char *got_ = (got), *want_ = (want); \
	int same_ = (got_ && want_) ? strcmp(got_, want_) == 0 : got_ == want_; \
	tap_result(same_, __FILE__, __LINE__, __VA_ARGS__); \
	if (!same_) printf("#   got \"%s\"\n#  want \"%s\"\n", got_ ? got_ : "(null)", want_ ? want_ : "(null)"); \
} while (0)

/* Call last: prints the plan and returns the exit status. */
/* Compares two texts line by line, so that a failure names the first line
 * that differs (one check). */
static inline void is_lines(const char *got, const char *want, const char *what)
{
	int line = 1;
	const char *g = got, *w = want;

	while (*g && *w) {
		size_t gl = strcspn(g, "\n"), wl = strcspn(w, "\n");

		if (gl != wl || memcmp(g, w, gl) != 0)
			break;
		g += gl + (g[gl] == '\n');
		w += wl + (w[wl] == '\n');
		line++;
	}
	ok(!*g && !*w, "%s: every line as expected", what);
	if (*g || *w)
		printf("#   first difference at line %d\n#   got:  %.*s\n#   want: %.*s\n", line,
		       (int)strcspn(g, "\n"), g, (int)strcspn(w, "\n"), w);
}

static inline int tap_done(void)
{
	printf("1..%d\n", tap_count);
	return tap_failed ? 1 : 0;
}

#endif
