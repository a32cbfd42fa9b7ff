#include "config.h"

#include "config_internal.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void cfg_error(struct cfg_parser *p, unsigned line, unsigned col, const char *fmt, ...)
{
	struct lvs_config_errors *e = p->errs;
	struct lvs_config_error *items, *it;
	va_list ap;
	char *msg;
	int n;

	if (p->gave_up)
		return;
	if (e->count == CFG_MAX_ERRORS) {
		/* Garbage in: stop before drowning the reader. */
		p->gave_up = true;
		fmt = "too many errors, giving up";
	}
	va_start(ap, fmt);
	n = vasprintf(&msg, fmt, ap);
	va_end(ap);
	if (n < 0) {
		p->oom = true;
		return;
	}
	items = realloc(e->items, (e->count + 1) * sizeof(*items));
	if (!items) {
		free(msg);
		p->oom = true;
		return;
	}
	e->items = items;
	it = &items[e->count];
	it->file = strdup(p->file);
	if (!it->file) {
		free(msg);
		p->oom = true;
		return;
	}
	it->line = line;
	it->col = col;
	it->message = msg;
	e->count++;
}

void lvs_config_errors_print(const struct lvs_config_errors *errs, FILE *out)
{
	if (!errs)
		return;
	for (size_t i = 0; i < errs->count; i++) {
		const struct lvs_config_error *e = &errs->items[i];

		if (e->line && e->col)
			fprintf(out, "%s:%u:%u: error: %s\n", e->file, e->line, e->col, e->message);
		else if (e->line)
			fprintf(out, "%s:%u: error: %s\n", e->file, e->line, e->message);
		else
			fprintf(out, "%s: error: %s\n", e->file, e->message);
	}
}

void lvs_config_errors_clear(struct lvs_config_errors *errs)
{
	if (!errs)
		return;
	for (size_t i = 0; i < errs->count; i++) {
		free(errs->items[i].file);
		free(errs->items[i].message);
	}
	free(errs->items);
	errs->items = NULL;
	errs->count = 0;
}
