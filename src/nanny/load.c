#include "config.h"

#include "nanny.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* Cube root by Newton's method: saves linking libm for one call. */
static double cube_root(double x)
{
	double r = x > 1 ? x / 3 : 1;

	if (x <= 0)
		return 0;
	for (int i = 0; i < 60; i++) {
		double next = r - (r * r * r - x) / (3 * r * r);

		if (next == r)
			break;
		r = next;
	}
	return r;
}

/* Accepts "... load average: 0.52, 0.48, 0.40" (uptime), "... load 0.52,
 * 0.48, 0.40" (rup, ruptime) or a bare number; takes the first number after
 * the word "load". */
double load_parse(const char *text)
{
	const char *s = strstr(text, "load");
	char *end;
	double v;

	if (s) {
		s += 4;
		while (*s && !isdigit((unsigned char)*s) && *s != '\n')
			s++;
	} else {
		s = text;
		while (isspace((unsigned char)*s))
			s++;
	}
	if (!isdigit((unsigned char)*s))
		return -1;
	v = strtod(s, &end);
	if (end == s || v < 0)
		return -1;
	return v;
}

/* Move the weight towards more traffic when the load is below 1 and less
 * when above, by (weight/2) * cbrt(|1 - load|), within [weight, scale *
 * weight]; changes smaller than weight/4 are ignored. Same rule as the
 * original nanny. */
int load_adjust_weight(int configured, int last, int scale, double load)
{
	double step, next;

	if (load < 0 || load == 1.0)
		return last;
	step = configured / 2.0 * cube_root(load < 1 ? 1 - load : load - 1);
	next = load < 1 ? last + step : last - step;
	if (next > (double)scale * configured)
		next = (double)scale * configured;
	if (next < configured)
		next = configured;
	if ((int)next - last >= configured / 4.0 || last - (int)next >= configured / 4.0)
		return (int)next;
	return last;
}

char **load_command(const struct nanny_opts *o)
{
	const char *line;

	switch (o->load) {
	case LOAD_RUP:
		line = "rup %h";
		break;
	case LOAD_RUPTIME:
		line = "ruptime %h";
		break;
	case LOAD_RSH:
		line = "rsh %h uptime";
		break;
	case LOAD_SSH:
		line = "ssh -o BatchMode=yes %h uptime";
		break;
	case LOAD_PROGRAM:
		line = o->load_program;
		break;
	default:
		return NULL;
	}
	return cmdline_split(line, o->server_str, o->rport);
}
