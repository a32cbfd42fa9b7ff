#include "config.h"

#include "lvs_ranges.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>

enum lvs_duration_err lvs_duration_check(double seconds, bool allow_zero)
{
	if (!isfinite(seconds))
		return LVS_DURATION_NOT_FINITE;
	if (seconds < 0)
		return LVS_DURATION_NEGATIVE;
	if (seconds == 0)
		return allow_zero ? LVS_DURATION_OK : LVS_DURATION_ZERO;
	if (seconds < LVS_DURATION_MIN)
		return LVS_DURATION_TOO_SMALL;
	if (seconds > LVS_DURATION_MAX)
		return LVS_DURATION_TOO_LARGE;
	return LVS_DURATION_OK;
}

const char *lvs_duration_strerror(enum lvs_duration_err err)
{
	switch (err) {
	case LVS_DURATION_OK: return "is valid";
	case LVS_DURATION_NOT_FINITE: return "is not a finite number";
	case LVS_DURATION_NEGATIVE: return "is negative";
	case LVS_DURATION_ZERO: return "must be greater than 0";
	case LVS_DURATION_TOO_SMALL: return "is below the resolution (at least 0.001 seconds)";
	case LVS_DURATION_TOO_LARGE: return "is out of range (at most 1000000 seconds)";
	}
	return "is invalid";
}

int64_t lvs_duration_ms(double seconds)
{
	return (int64_t)(seconds * 1000.0 + 0.5);
}

int lvs_seconds_parse(const char *text, bool allow_zero, double max, double *out)
{
	char *end;
	double v;

	if (!text || !*text)
		return -1;
	errno = 0;
	v = strtod(text, &end);
	if (errno || *end || !isfinite(v) || v < 0 || (v == 0 && !allow_zero) || v > max)
		return -1;
	if (out)
		*out = v;
	return 0;
}
