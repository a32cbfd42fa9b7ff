/* The Prometheus text format writer (src/lib/prom.c): exact lines, the
 * escapes of label values and HELP text, and how values are written. */
#include "config.h"

#include <math.h>
#include <stdint.h>

#include "prom.h"
#include "tap.h"

static const char *render_value(struct strbuf *b, double v)
{
	sb_free(b);
	prom_value(b, v);
	return sb_str(b);
}

int main(void)
{
	struct strbuf b = { 0 };

	prom_family(&b, "lvs_pulse_transitions_total", "counter", "State changes since pulse started.");
	prom_sample(&b, "lvs_pulse_transitions_total", NULL, 0, 3);
	is_str(sb_str(&b),
	       "# HELP lvs_pulse_transitions_total State changes since pulse started.\n"
	       "# TYPE lvs_pulse_transitions_total counter\n"
	       "lvs_pulse_transitions_total 3\n",
	       "a family: HELP, TYPE, then a sample without labels");
	sb_free(&b);

	{
		struct prom_label l[] = { { "virtual", "web" }, { "server", "web1" } };

		prom_sample(&b, "lvs_server_up", l, 2, 1);
		is_str(sb_str(&b), "lvs_server_up{virtual=\"web\",server=\"web1\"} 1\n",
		       "labels in the order given, comma-separated, values quoted");
		sb_free(&b);
	}
	{
		struct prom_label l[] = { { "virtual", "a\\b\"c\nd" } };

		prom_sample(&b, "m", l, 1, 0);
		is_str(sb_str(&b), "m{virtual=\"a\\\\b\\\"c\\nd\"} 0\n",
		       "label values: backslash, double quote and newline escaped");
		sb_free(&b);
	}
	{
		struct prom_label l[] = { { "v", "" }, { "w", NULL } };

		prom_sample(&b, "m", l, 2, 0);
		is_str(sb_str(&b), "m{v=\"\",w=\"\"} 0\n", "empty and missing label values are \"\"");
		sb_free(&b);
	}
	{
		struct prom_label l[] = { { "v", "caf\xc3\xa9 {x}=y, \ttab" } };

		prom_sample(&b, "m", l, 1, 0);
		is_str(sb_str(&b), "m{v=\"caf\xc3\xa9 {x}=y, \ttab\"} 0\n",
		       "UTF-8, braces, commas, equals signs and tabs stay as they are");
		sb_free(&b);
	}
	prom_family(&b, "m", "gauge", "A \\ and a \"quote\"\nand a second line.");
	is_str(sb_str(&b), "# HELP m A \\\\ and a \"quote\"\\nand a second line.\n# TYPE m gauge\n",
	       "HELP text: backslash and newline escaped, double quotes not");
	sb_free(&b);

	is_str(render_value(&b, 0), "0", "0");
	is_str(render_value(&b, 42), "42", "an integer has no decimal point");
	is_str(render_value(&b, -7), "-7", "a negative integer");
	is_str(render_value(&b, 0.000412), "0.000412", "a latency in seconds");
	is_str(render_value(&b, 1.5), "1.5", "a fraction");
	is_str(render_value(&b, 1.0 / 3), "0.333333333333333", "15 significant digits");
	is_str(render_value(&b, 1764700000.25), "1764700000.25", "a time stamp keeps its fraction");
	is_str(render_value(&b, 1e20), "1e+20", "a huge value in exponent form");
	is_str(render_value(&b, NAN), "NaN", "NaN");
	is_str(render_value(&b, INFINITY), "+Inf", "+Inf");
	is_str(render_value(&b, -INFINITY), "-Inf", "-Inf");
	sb_free(&b);

	{
		struct prom_label l[] = { { "direction", "in" } };

		prom_sample_u64(&b, "lvs_service_bytes_total", l, 1, UINT64_C(18446744073709551615));
		is_str(sb_str(&b), "lvs_service_bytes_total{direction=\"in\"} 18446744073709551615\n",
		       "64-bit counters exactly, past what a double holds");
		sb_free(&b);
	}
	return tap_done();
}
