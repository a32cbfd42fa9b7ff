#include "config.h"

#include "ipvsadm.h"

#include <stdlib.h>
#include <string.h>

/* One line of the input: a command, never -R again (it would recurse). */
static int restore_line(struct ipvsadm *ctx, int argc, char **argv)
{
	struct command c;

	if (command_parse(ctx, argc, argv, &c) < 0)
		return -1;
	if (c.cmd == CMD_RESTORE) {
		struct outcome o;

		fail_outcome(&o, 255, "Try `%s -h' or '%s --help' for more information.",
			     ctx->prog, ctx->prog);
		finish(ctx, &o);
	}
	return command_run(ctx, &c);
}

int restore_table(struct ipvsadm *ctx)
{
	char *line = NULL;
	size_t cap = 0;
	int result = 0;

	ctx->batch = ipvs_batch_new(ctx->h);
	if (!ctx->batch) {
		fprintf(stderr, "Memory allocation problem\n");
		return -1;
	}
	while (getline(&line, &cap, stdin) >= 0) {
		char **argv;
		int argc = split_line(line, ctx->prog, &argv);

		if (argc > 1)
			result = restore_line(ctx, argc, argv);
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
