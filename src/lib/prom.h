/* The Prometheus text exposition format (version 0.0.4), as node_exporter's
 * textfile collector reads it:
 *
 *   # HELP lvs_pulse_transitions_total State changes since pulse started.
 *   # TYPE lvs_pulse_transitions_total counter
 *   lvs_pulse_transitions_total 3
 *   lvs_server_up{virtual="web",server="web1"} 1
 *
 * Every sample of one metric family must follow its HELP and TYPE lines,
 * with nothing of another family in between: callers write a family's
 * header once and then all its samples. Names are the caller's constants
 * ([a-zA-Z_:][a-zA-Z0-9_:]*); label values may hold anything. */
#ifndef LVS_PROM_H
#define LVS_PROM_H

#include <stddef.h>
#include <stdint.h>

#include "strbuf.h"

struct prom_label {
	const char *name;
	const char *value;
};

/* "# HELP name help" and "# TYPE name type" (counter, gauge, summary...). */
void prom_family(struct strbuf *b, const char *name, const char *type, const char *help);
/* One sample line: name, {labels} when n > 0, a space, the value. */
void prom_sample(struct strbuf *b, const char *name, const struct prom_label *labels, size_t n,
		 double value);
void prom_sample_u64(struct strbuf *b, const char *name, const struct prom_label *labels, size_t n,
		     uint64_t value);

/* The escapes themselves: a label value's \ " and newline; HELP text's \
 * and newline. */
void prom_label_value(struct strbuf *b, const char *value);
void prom_help_text(struct strbuf *b, const char *text);
/* A value as the format writes it: integers without a decimal point,
 * others with up to 15 significant digits, NaN, +Inf and -Inf. */
void prom_value(struct strbuf *b, double value);

#endif
