#include "config.h"

#include "prom.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

static void escaped(struct strbuf *b, const char *s, bool quotes)
{
	const char *run = s;

	for (; *s; s++) {
		const char *rep = *s == '\\' ? "\\\\" : *s == '\n' ? "\\n" :
				  (quotes && *s == '"') ? "\\\"" : NULL;

		if (!rep)
			continue;
		sb_append(b, run, (size_t)(s - run));
		sb_append(b, rep, 2);
		run = s + 1;
	}
	sb_append(b, run, (size_t)(s - run));
}

void prom_label_value(struct strbuf *b, const char *value)
{
	escaped(b, value ? value : "", true);
}

void prom_help_text(struct strbuf *b, const char *text)
{
	escaped(b, text, false);
}

void prom_family(struct strbuf *b, const char *name, const char *type, const char *help)
{
	sb_printf(b, "# HELP %s ", name);
	prom_help_text(b, help);
	sb_printf(b, "\n# TYPE %s %s\n", name, type);
}

void prom_value(struct strbuf *b, double v)
{
	if (isnan(v))
		sb_append(b, "NaN", 3);
	else if (isinf(v))
		sb_append(b, v > 0 ? "+Inf" : "-Inf", 4);
	else if (v == floor(v) && fabs(v) < 1e15)
		sb_printf(b, "%.0f", v);
	else
		sb_printf(b, "%.15g", v);
}

static void head(struct strbuf *b, const char *name, const struct prom_label *labels, size_t n)
{
	sb_append(b, name, strlen(name));
	if (!n)
		return;
	sb_putc(b, '{');
	for (size_t i = 0; i < n; i++) {
		sb_printf(b, "%s%s=\"", i ? "," : "", labels[i].name);
		prom_label_value(b, labels[i].value);
		sb_putc(b, '"');
	}
	sb_putc(b, '}');
}

void prom_sample(struct strbuf *b, const char *name, const struct prom_label *labels, size_t n,
		 double value)
{
	head(b, name, labels, n);
	sb_putc(b, ' ');
	prom_value(b, value);
	sb_putc(b, '\n');
}

void prom_sample_u64(struct strbuf *b, const char *name, const struct prom_label *labels, size_t n,
		     uint64_t value)
{
	/* Exact, where a double would round counters past 2^53. */
	head(b, name, labels, n);
	sb_printf(b, " %" PRIu64 "\n", value);
}
