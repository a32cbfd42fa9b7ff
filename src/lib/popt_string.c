#include "config.h"

#include <stdlib.h>

#include "popt_string.h"

bool popt_take_string(poptContext ctx, int rc, char **const slots[], size_t n)
{
	if (rc < POPT_STRING_BASE || (size_t)(rc - POPT_STRING_BASE) >= n)
		return false;
	char **slot = slots[rc - POPT_STRING_BASE];

	free(*slot);
	*slot = poptGetOptArg(ctx);
	return true;
}
