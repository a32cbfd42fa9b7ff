#include "config.h"

#include "nanny.h"

#include <string.h>

/* The expect rules: no expect string accepts anything; "*" wants at least one
 * byte; otherwise a substring (or, with --regex, an extended regex) must be
 * found in the reply so far. final = no more data will come. */
enum match_result reply_match(const struct nanny_opts *o, const char *buf, size_t len, bool final)
{
	if (!o->expect)
		return MATCH_YES;
	if (o->expect_any)
		return len > 0 ? MATCH_YES : final ? MATCH_NO : MATCH_MORE;
	if (o->use_regex) {
		/* buf is NUL-terminated by the callers. */
		if (regexec(&o->regex, buf, 0, NULL, 0) == 0)
			return MATCH_YES;
	} else if (memmem(buf, len, o->expect, strlen(o->expect))) {
		return MATCH_YES;
	}
	return (final || len >= NANNY_REPLY_MAX) ? MATCH_NO : MATCH_MORE;
}
