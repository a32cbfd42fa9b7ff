#include "config.h"

#include "ipvsadm.h"

#include <stdlib.h>
#include <string.h>

int restore_table(struct ipvsadm *ctx, int reading_stdin)
{
	char *line = NULL;
	size_t cap = 0;
	int result = 0;

	/* "-R" inside the input would recurse */
	if (reading_stdin) {
		struct outcome o;

		fail_outcome(&o, 255, "Try `%s -h' or '%s --help' for more information.",
			     ctx->prog, ctx->prog);
		finish(ctx, &o);
	}
	ctx->batch = ipvs_batch_new(ctx->h);
	if (!ctx->batch) {
		fprintf(stderr, "Memory allocation problem\n");
		return -1;
	}
	while (getline(&line, &cap, stdin) >= 0) {
		char **argv;
		int argc = split_line(line, ctx->prog, &argv);

		if (argc > 1)
			result = process_options(ctx, argc, argv, 1);
		if (argc >= 0)
			free_line_argv(argc, argv);
	}
	free(line);
	flush_batch(ctx);
	if (result > 0)
		result = ctx->batch_result;
	ipvs_batch_free(ctx->batch);
	ctx->batch = NULL;
	return result;
}
