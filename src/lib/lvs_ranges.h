/* Numeric ranges that lvs.cf (parser, lvs-config-check) and nanny's
 * options must agree on: a value the check accepts is one nanny runs with. */
#ifndef LVS_RANGES_H
#define LVS_RANGES_H

#include <stdbool.h>
#include <stdint.h>

/* Durations, in seconds. Nanny counts in milliseconds, so a duration that
 * is not zero must be at least one. */
#define LVS_DURATION_MIN 0.001
#define LVS_DURATION_MAX 1000000.0

#define LVS_WEIGHT_MAX 65535
#define LVS_RISE_FALL_MAX 10000
#define LVS_FWMARK_MAX 4294967295LL

/* A range's bound as a string literal, for messages. */
#define LVS_STR_(x) #x
#define LVS_STR(x) LVS_STR_(x)

enum lvs_duration_err {
	LVS_DURATION_OK = 0,
	LVS_DURATION_NOT_FINITE,	/* nan, inf */
	LVS_DURATION_NEGATIVE,
	LVS_DURATION_ZERO,		/* zero where it is not allowed */
	LVS_DURATION_TOO_SMALL,		/* above zero, below LVS_DURATION_MIN */
	LVS_DURATION_TOO_LARGE,		/* above LVS_DURATION_MAX */
};

/* Whether seconds is a valid duration (zero only when allow_zero). */
enum lvs_duration_err lvs_duration_check(double seconds, bool allow_zero);
/* Why it is not, as a phrase for "duration ... %s" messages. */
const char *lvs_duration_strerror(enum lvs_duration_err err);
/* A checked duration in whole milliseconds, rounded to the nearest. */
int64_t lvs_duration_ms(double seconds);

/* A command-line number of seconds: all of text a number, above 0 (or 0
 * itself when allow_zero) and at most max. 0 and *out set, or -1. */
int lvs_seconds_parse(const char *text, bool allow_zero, double max, double *out);

#endif
