/* lvsd's reader of BIRD's control socket (src/lvsd/bird_reply.c): any
 * bytes, cut into reads where the input says. Whatever comes in, it never
 * takes more than it was given, it makes progress, a refusal says why, and
 * session counts come only from a finished reply. */
#include "config.h"

#include "fuzz.h"
#include "bird_reply.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	struct bird_parser p;
	uint8_t step = fuzz_byte(&in);

	bird_parser_init(&p);
	while (in.left) {
		size_t n = step ? (step < in.left ? step : in.left) : in.left;
		const char *b = (const char *)in.p;
		size_t left = n;

		while (left) {
			enum bird_event ev;
			size_t took = bird_parser_feed(&p, b, left, &ev);

			if (took > left || (took == 0 && ev == BIRD_NONE))
				abort();
			if (ev == BIRD_GARBAGE && (!p.broken || !p.text[0]))
				abort();
			if (ev == BIRD_ERROR && p.final_code < 8000)
				abort();
			if (memchr(p.text, '\n', strlen(p.text)))
				abort();
			b += took;
			left -= took;
		}
		in.p += n;
		in.left -= n;
	}
	return 0;
}
