/* nanny's command line (with the send/expect escapes it translates) and its
 * expect matching. The input is NUL-separated words for argv (after
 * "nanny"); after an empty word comes a reply to match against the expect
 * string of a command line that parsed. */
#include "config.h"

#include "escape.h"
#include "fuzz.h"
#include "nanny.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ARGS 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	char *words[MAX_ARGS];
	const char *argv[MAX_ARGS + 2];
	int argc = 0, rc;
	struct nanny_opts o;
	char *reply = NULL;
	size_t reply_len = 0;

	argv[argc++] = "nanny";
	while (argc <= MAX_ARGS) {
		size_t len;
		char *w = fuzz_until(&in, '\0', &len);

		if (!w)
			break;
		if (!len) {		/* the reply follows */
			free(w);
			break;
		}
		words[argc - 1] = w;
		argv[argc++] = w;
	}
	argv[argc] = NULL;
	memset(&o, 0, sizeof(o));
	o.report_fd = -1;
	rc = nanny_parse_options(argc, argv, &o);
	if (rc == 0) {
		reply = fuzz_until(&in, '\0', &reply_len);
		if (!reply)
			reply = strdup("");
		/* As the probe sees it: growing prefixes, then the whole. */
		for (size_t n = 0; reply && n <= reply_len; n += 1 + n / 2) {
			char saved = reply[n];

			reply[n] = '\0';
			reply_match(&o, reply, n, false);
			reply[n] = saved;
		}
		if (reply)
			reply_match(&o, reply, reply_len, true);
	}
	nanny_free_options(&o);
	/* The escapes on their own, on whatever is left. */
	{
		char *rest = fuzz_until(&in, '\0', NULL);
		unsigned col;
		size_t len;
		char *plain = rest ? lvs_unescape(rest, &len, &col) : NULL;

		free(plain);
		free(rest);
	}
	free(reply);
	for (int i = 0; i < argc - 1; i++)
		free(words[i]);
	fflush(stdout);
	return 0;
}
