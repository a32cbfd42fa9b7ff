/* The report protocol's parser (src/lib/report.c): the lines nanny writes
 * on its report descriptor and lvsd reads. Whatever it accepts must come
 * back the same after report_format and a second parse. */
#include "config.h"

#include "fuzz.h"
#include "report.h"

#include <stdlib.h>
#include <string.h>

static void round_trip(const struct report *r)
{
	char line[REPORT_LINE_MAX];
	struct report again;
	size_t n = report_format(r, line, sizeof(line));

	if (n == 0 || line[n - 1] != '\n')
		abort();
	if (n == sizeof(line) - 1)
		return;	/* a cut reason: no longer the same line */
	if (report_parse(line, &again, NULL) < 0)
		abort();
	if (again.kind != r->kind || strcmp(again.addr, r->addr) || again.port != r->port ||
	    again.weight != r->weight || again.ok != r->ok || again.usec != r->usec)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	char *line;

	/* Each line of the input is one report, as lvsd splits them. */
	while ((line = fuzz_until(&in, '\n', NULL))) {
		struct report r;
		const char *why = NULL;

		if (report_parse(line, &r, &why) == 0) {
			if (r.kind == REPORT_DOWN) {
				/* Formatting wants the reason alone, as nanny has it. */
				char *reason = strndup(r.reason, r.reason_len);

				if (!reason)
					abort();
				r.reason = reason;
				round_trip(&r);
				free(reason);
			} else {
				round_trip(&r);
			}
		} else if (!why || !*why) {
			abort();	/* every refusal says why */
		}
		free(line);
	}
	return 0;
}
