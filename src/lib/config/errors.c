#include "config.h"

#include "internal.h"
#include "escape.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

static void add(struct cfg_parser *p, bool warning, unsigned line, unsigned col,
		const char *fmt, va_list ap)
{
	struct lvs_config_errors *e = p->errs;
	struct lvs_config_error *items, *it;
	char *msg;
	int n;

	if (p->gave_up)
		return;
	if (e->count == CFG_MAX_ERRORS) {
		/* Garbage in: stop before drowning the reader. */
		p->gave_up = true;
		n = asprintf(&msg, "too many errors, giving up");
		warning = false;
	} else {
		n = vasprintf(&msg, fmt, ap);
	}
	if (n < 0) {
		p->oom = true;
		return;
	}
	/* Messages quote bytes from the file (and its name): never let them
	 * reach a terminal or a log raw. */
	{
		char *safe = lvs_escape_unprintable(msg);

		free(msg);
		if (!safe) {
			p->oom = true;
			return;
		}
		msg = safe;
	}
	items = realloc(e->items, (e->count + 1) * sizeof(*items));
	if (!items) {
		free(msg);
		p->oom = true;
		return;
	}
	e->items = items;
	it = &items[e->count];
	it->file = lvs_escape_unprintable(p->file);
	if (!it->file) {
		free(msg);
		p->oom = true;
		return;
	}
	it->line = line;
	it->col = col;
	it->warning = warning;
	it->message = msg;
	e->count++;
}

void cfg_error(struct cfg_parser *p, unsigned line, unsigned col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add(p, false, line, col, fmt, ap);
	va_end(ap);
}

void cfg_warn(struct cfg_parser *p, unsigned line, unsigned col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add(p, true, line, col, fmt, ap);
	va_end(ap);
}

/* "FILE:LINE:COL: error: " with the parts that are known. */
static void format_where(const struct lvs_config_error *e, char *buf, size_t len)
{
	const char *kind = e->warning ? "warning" : "error";

	if (!e->file || !*e->file)	/* no file to name (an empty path) */
		snprintf(buf, len, "%s", kind);
	else if (e->line && e->col)
		snprintf(buf, len, "%s:%u:%u: %s", e->file, e->line, e->col, kind);
	else if (e->line)
		snprintf(buf, len, "%s:%u: %s", e->file, e->line, kind);
	else
		snprintf(buf, len, "%s: %s", e->file, kind);
}

void lvs_config_errors_print(const struct lvs_config_errors *errs, FILE *out)
{
	char where[512];

	if (!errs)
		return;
	for (size_t i = 0; i < errs->count; i++) {
		format_where(&errs->items[i], where, sizeof(where));
		fprintf(out, "%s: %s\n", where, errs->items[i].message);
	}
}

size_t lvs_config_log_errors(struct lvs_config_errors *errs)
{
	char where[512];
	size_t n = lvs_config_error_count(errs);

	if (!errs)
		return 0;
	for (size_t i = 0; i < errs->count; i++) {
		const struct lvs_config_error *e = &errs->items[i];

		format_where(e, where, sizeof(where));
		log_msg(e->warning ? LOG_WARNING : LOG_ERR, "%s: %s", where, e->message);
	}
	lvs_config_errors_clear(errs);
	return n;
}

size_t lvs_config_error_count(const struct lvs_config_errors *errs)
{
	size_t n = 0;

	for (size_t i = 0; errs && i < errs->count; i++)
		n += !errs->items[i].warning;
	return n;
}

size_t lvs_config_warning_count(const struct lvs_config_errors *errs)
{
	return errs ? errs->count - lvs_config_error_count(errs) : 0;
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
