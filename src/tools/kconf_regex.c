/* HTTP status codes as a regular expression for nanny's expect. */
#include "config.h"

#include "kconf_map.h"

#include <stdlib.h>
#include <string.h>

/* One piece: the digits prefix[0..plen) with the last one ranging over
 * [lo_digit, hi_digit], then `any` digits of [0-9]. */
struct piece {
	char prefix[4];
	size_t plen;
	char lo_digit, hi_digit;
	unsigned any;
};

static void put_piece(char **p, const struct piece *pc)
{
	*p += sprintf(*p, "%.*s", (int)(pc->plen - 1), pc->prefix);
	if (pc->lo_digit == pc->hi_digit)
		*(*p)++ = pc->lo_digit;
	else
		*p += sprintf(*p, "[%c-%c]", pc->lo_digit, pc->hi_digit);
	for (unsigned i = 0; i < pc->any; i++)
		*p = stpcpy(*p, "[0-9]");
}

char *km_status_regex(const bool set[KM_STATUS_MAX + 1])
{
	/* At most 500 pieces of at most 3 + 5 + 10 characters and a '|'. */
	char *out = malloc(500 * 20 + 1), *p = out;
	struct piece cur = { .plen = 0 };
	bool have = false;

	if (!out)
		return NULL;
	for (unsigned v = KM_STATUS_MIN; v <= KM_STATUS_MAX;) {
		unsigned hi, k, span;
		struct piece pc;

		if (!set[v]) {
			v++;
			continue;
		}
		for (hi = v; hi + 1 <= KM_STATUS_MAX && set[hi + 1]; hi++)
			;
		/* Split [v, hi] into blocks of 100, 10 or 1 aligned codes. */
		while (v <= hi) {
			for (k = 2, span = 100; k > 0; k--, span /= 10)
				if (v % span == 0 && v + span - 1 <= hi)
					break;
			snprintf(pc.prefix, sizeof(pc.prefix), "%03u", v);
			pc.plen = 3 - k;
			pc.lo_digit = pc.hi_digit = pc.prefix[pc.plen - 1];
			pc.any = k;
			/* Next to the previous piece: widen its last digit's range. */
			if (have && cur.any == pc.any && cur.plen == pc.plen &&
			    memcmp(cur.prefix, pc.prefix, pc.plen - 1) == 0 &&
			    cur.hi_digit + 1 == pc.lo_digit) {
				cur.hi_digit = pc.lo_digit;
			} else {
				if (have) {
					put_piece(&p, &cur);
					*p++ = '|';
				}
				cur = pc;
				have = true;
			}
			v += span;
		}
	}
	if (!have) {
		free(out);
		return NULL;
	}
	put_piece(&p, &cur);
	*p = '\0';
	return out;
}
