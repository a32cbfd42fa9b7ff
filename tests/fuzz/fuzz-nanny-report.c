/* lvsd's reader of the lines nanny writes on its report descriptor:
 * state lines and check lines. */
#include "config.h"

#include "fuzz.h"
#include "lvsd.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	char *line;

	/* Each line of the input is one report, as lvsd splits them. */
	while ((line = fuzz_until(&in, '\n', NULL))) {
		enum rs_health health;
		int weight;
		char addr[64];
		unsigned port;

		monitors_parse_report(line, &health, &weight, addr, sizeof(addr), &port);
		/* A short address buffer must be refused, not overrun. */
		monitors_parse_report(line, &health, &weight, addr, 8, &port);
		/* And the check lines of --report-checks. */
		{
			bool ok;
			uint64_t usec;

			monitors_parse_check(line, &ok, &usec, addr, sizeof(addr), &port);
			monitors_parse_check(line, &ok, &usec, addr, 8, &port);
		}
		free(line);
	}
	return 0;
}
