/* Diagnostics of lvs-config-convert: errors, dropped keywords and
 * approximations, printed in file order. */
#include "config.h"

#include "kconf.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"

static bool push(struct kconf_diags *d, enum kconf_diag_kind kind, const char *file, unsigned seq,
		 unsigned line, unsigned col, char *msg)
{
	struct kconf_diag *it;

	if (d->count == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 16;
		struct kconf_diag *items = realloc(d->items, cap * sizeof(*items));

		if (!items)
			return false;
		d->items = items;
		d->cap = cap;
	}
	it = &d->items[d->count];
	it->file = lvs_escape_unprintable(file ? file : "");
	if (!it->file)
		return false;
	it->kind = kind;
	it->seq = seq;
	it->line = line;
	it->col = col;
	it->msg = msg;
	it->order = d->count;
	d->count++;
	d->kept[kind]++;
	return true;
}

void kconf_diag_add(struct kconf_diags *d, enum kconf_diag_kind kind, const char *file,
		    unsigned seq, unsigned line, unsigned col, const char *fmt, ...)
{
	char *raw, *msg;
	va_list ap;
	int n;

	/* Garbage in: keep the reader afloat, but count everything. */
	if (d->kept[kind] >= KCONF_MAX_DIAGS) {
		d->unshown[kind]++;
		return;
	}
	va_start(ap, fmt);
	n = vasprintf(&raw, fmt, ap);
	va_end(ap);
	if (n < 0) {
		d->oom = true;
		return;
	}
	/* Messages quote the input: never let its bytes reach a terminal raw. */
	msg = lvs_escape_unprintable(raw);
	free(raw);
	if (!msg || !push(d, kind, file, seq, line, col, msg)) {
		free(msg);
		d->oom = true;
	}
}

size_t kconf_diag_count(const struct kconf_diags *d, enum kconf_diag_kind kind)
{
	return d->kept[kind] + d->unshown[kind];
}

static int by_place(const void *pa, const void *pb)
{
	const struct kconf_diag *a = pa, *b = pb;

	if (a->seq != b->seq)
		return a->seq < b->seq ? -1 : 1;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	/* Equal places keep the order they were found in. */
	return a->order < b->order ? -1 : a->order > b->order;
}

void kconf_diags_print(struct kconf_diags *d, FILE *out, bool errors_only)
{
	if (d->count)
		qsort(d->items, d->count, sizeof(*d->items), by_place);
	for (size_t i = 0; i < d->count; i++) {
		const struct kconf_diag *it = &d->items[i];

		if (errors_only && it->kind != KCONF_ERROR)
			continue;
		if (!it->line)
			fprintf(out, "%s: ", it->file);
		else if (it->kind == KCONF_ERROR && it->col)
			fprintf(out, "%s:%u:%u: ", it->file, it->line, it->col);
		else
			fprintf(out, "%s:%u: ", it->file, it->line);
		fprintf(out, "%s%s\n", it->kind == KCONF_ERROR ? "error: " : "", it->msg);
	}
	{
		size_t more = d->unshown[KCONF_ERROR] + (errors_only ? 0 : d->unshown[KCONF_DROPPED] +
							 d->unshown[KCONF_APPROX]);

		if (more)
			fprintf(out, "lvs-config-convert: %zu more diagnostic%s not shown (at most %d are)\n",
				more, more == 1 ? "" : "s", KCONF_MAX_DIAGS);
	}
	if (d->oom)
		fputs("lvs-config-convert: out of memory: some diagnostics are missing\n", out);
}

void kconf_diags_clear(struct kconf_diags *d)
{
	for (size_t i = 0; i < d->count; i++) {
		free(d->items[i].file);
		free(d->items[i].msg);
	}
	free(d->items);
	memset(d, 0, sizeof(*d));
}
