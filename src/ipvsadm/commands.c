#include "config.h"

#include "ipvsadm.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Result of a command that went into the restore batch and is not known yet. */
#define PENDING 1

void flush_batch(struct ipvsadm *ctx)
{
	struct ipvs_batch *b = ctx->batch;
	size_t n;
	int rc;

	if (!b || !(n = ipvs_batch_count(b)))
		return;
	fflush(stdout);
	rc = ipvs_batch_run(b);
	if (rc < 0) {
		/* the socket broke: every queued request counts as failed */
		for (size_t i = 0; i < n; i++)
			fprintf(stderr, "%s\n", ipvs_strerror(ipvs_batch_op(b, i), rc));
		ctx->batch_result = -1;
	} else {
		for (size_t i = 0; i < n; i++) {
			int err = ipvs_batch_error(b, i);

			if (err)
				fprintf(stderr, "%s\n", ipvs_strerror(ipvs_batch_op(b, i), err));
			ctx->batch_result = err ? -1 : 0;
		}
	}
	ipvs_batch_clear(b);
}

void finish(struct ipvsadm *ctx, const struct outcome *o)
{
	flush_batch(ctx);
	fflush(stdout);
	if (o->status == OUTCOME_USAGE) {
		usage(stdout, ctx->prog);
		exit(0);
	}
	if (o->status == OUTCOME_VERSION) {
		version(stdout);
		exit(0);
	}
	fprintf(stderr, "%s\n", o->msg);
	exit(o->status);
}

static int run(struct ipvsadm *ctx, enum ipvs_op op, const struct command *c,
	       const struct ipvs_service *svc, const struct ipvs_dest *dest)
{
	int err;

	if (ctx->batch) {
		err = ipvs_batch_add(ctx->batch, op, svc, dest);
		if (!err)
			return PENDING;
	} else if (op == IPVS_OP_SET_TIMEOUT) {
		err = ipvs_set_timeouts(ctx->h, &c->timeouts);
	} else if (op == IPVS_OP_START_DAEMON) {
		err = ipvs_start_daemon(ctx->h, &c->daemon);
	} else if (op == IPVS_OP_STOP_DAEMON) {
		err = ipvs_stop_daemon(ctx->h, &c->daemon);
	} else {
		err = ipvs_do(ctx->h, op, svc, dest);
	}
	if (err) {
		fprintf(stderr, "%s\n", ipvs_strerror(op, err));
		return -1;
	}
	return 0;
}

int command_parse(struct ipvsadm *ctx, int argc, char **argv, struct command *c)
{
	struct outcome o;

	if (parse_command_line(argc, argv, c, &o) == 0)
		return 0;
	if (o.status == OUTCOME_SKIP) {
		flush_batch(ctx);
		fprintf(stderr, "%s\n", o.msg);
		return -1;
	}
	finish(ctx, &o);
}

int command_run(struct ipvsadm *ctx, const struct command *c)
{
	bool batchable = c->cmd == CMD_ADD || c->cmd == CMD_EDIT || c->cmd == CMD_DEL ||
			 c->cmd == CMD_ADDDEST || c->cmd == CMD_EDITDEST || c->cmd == CMD_DELDEST ||
			 c->cmd == CMD_FLUSH || c->cmd == CMD_ZERO;

	if (!batchable)
		flush_batch(ctx);

	switch (c->cmd) {
	case CMD_LIST:
		if (c->options & OPTBIT(OPT_CONNECTION))
			return list_conn(c->format);
		if (c->options & OPTBIT(OPT_SERVICE))
			return list_service(ctx, &c->svc, c->format);
		if (c->options & OPTBIT(OPT_TIMEOUT))
			return list_timeout(ctx);
		if (c->options & OPTBIT(OPT_DAEMON))
			return list_daemon(ctx);
		return list_all(ctx, c->format);
	case CMD_SAVE:
		return list_all(ctx, c->format | FMT_RULE);
	case CMD_FLUSH:
		return run(ctx, IPVS_OP_FLUSH, c, NULL, NULL);
	case CMD_ADD:
		return run(ctx, IPVS_OP_ADD_SERVICE, c, &c->svc, NULL);
	case CMD_EDIT:
		return run(ctx, IPVS_OP_EDIT_SERVICE, c, &c->svc, NULL);
	case CMD_DEL:
		return run(ctx, IPVS_OP_DEL_SERVICE, c, &c->svc, NULL);
	case CMD_ZERO:
		return run(ctx, IPVS_OP_ZERO, c,
			   (c->options & OPTBIT(OPT_SERVICE)) ? &c->svc : NULL, NULL);
	case CMD_ADDDEST:
		return run(ctx, IPVS_OP_ADD_DEST, c, &c->svc, &c->dest);
	case CMD_EDITDEST:
		return run(ctx, IPVS_OP_EDIT_DEST, c, &c->svc, &c->dest);
	case CMD_DELDEST:
		return run(ctx, IPVS_OP_DEL_DEST, c, &c->svc, &c->dest);
	case CMD_TIMEOUT:
		return run(ctx, IPVS_OP_SET_TIMEOUT, c, NULL, NULL);
	case CMD_STARTDAEMON:
		return run(ctx, IPVS_OP_START_DAEMON, c, NULL, NULL);
	case CMD_STOPDAEMON:
		return run(ctx, IPVS_OP_STOP_DAEMON, c, NULL, NULL);
	default:
		return 0;
	}
}
