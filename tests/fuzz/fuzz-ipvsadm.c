/* ipvsadm's command line and its -R input: each line is split and parsed
 * as ipvsadm -R does, a command that parses is built into the netlink
 * request it would send (and its service rendered as -L and -S print it),
 * and each line also goes through the /proc/net/ip_vs_conn reader. */
#include "config.h"

#include "fuzz.h"
#include "ipvs_msg.h"
#include "ipvsadm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An add or edit request carries the whole service: read back with the
 * reply parser, it must give the service that was parsed. */
static void read_back(const struct command *c, struct nl_msg *msg)
{
	const struct ipvs_service *w = &c->svc;
	struct ipvs_service got;
	size_t alen = w->af == AF_INET6 ? 16 : 4;

	if (ipvs_parse_service_msg(nlmsg_hdr(msg), &got) != 0)
		abort();
	if (got.af != w->af || got.fwmark != w->fwmark || got.timeout != w->timeout ||
	    got.netmask != w->netmask || got.flags != w->flags ||
	    strcmp(got.sched_name, w->sched_name) || strcmp(got.pe_name, w->pe_name))
		abort();
	if (!w->fwmark && (got.protocol != w->protocol || got.port != w->port ||
			   memcmp(&got.addr, &w->addr, alen)))
		abort();
}

static void build(const struct command *c)
{
	static const struct { enum cmd cmd; enum ipvs_op op; bool dest; } ops[] = {
		{ CMD_ADD, IPVS_OP_ADD_SERVICE, false }, { CMD_EDIT, IPVS_OP_EDIT_SERVICE, false },
		{ CMD_DEL, IPVS_OP_DEL_SERVICE, false }, { CMD_ADDDEST, IPVS_OP_ADD_DEST, true },
		{ CMD_EDITDEST, IPVS_OP_EDIT_DEST, true }, { CMD_DELDEST, IPVS_OP_DEL_DEST, true },
		{ CMD_FLUSH, IPVS_OP_FLUSH, false }, { CMD_ZERO, IPVS_OP_ZERO, false },
	};
	struct nl_msg *msg;

	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		if (ops[i].cmd != c->cmd)
			continue;
		msg = ipvs_msg_op(42, ops[i].op, &c->svc, ops[i].dest ? &c->dest : NULL);
		if (msg && (c->cmd == CMD_ADD || c->cmd == CMD_EDIT))
			read_back(c, msg);
		if (msg)
			nlmsg_free(msg);
	}
	if (c->cmd == CMD_TIMEOUT || c->cmd == CMD_STARTDAEMON || c->cmd == CMD_STOPDAEMON) {
		msg = ipvs_msg_new(42, IPVS_CMD_SET_CONFIG, 0);
		if (msg) {
			if (c->cmd == CMD_TIMEOUT)
				ipvs_msg_put_timeouts(msg, &c->timeouts);
			else
				ipvs_msg_put_daemon(msg, &c->daemon, c->cmd == CMD_STARTDAEMON);
			nlmsg_free(msg);
		}
	}
}

static void render(const struct command *c, FILE *out)
{
	char name[128];

	if (c->cmd != CMD_ADD && c->cmd != CMD_EDIT && c->cmd != CMD_ADDDEST &&
	    c->cmd != CMD_EDITDEST)
		return;
	for (unsigned format = 0; format <= (FMT_RULE | FMT_NUMERIC | FMT_STATS); format++) {
		format_service_name(name, sizeof(name), &c->svc, format | FMT_NUMERIC);
		print_service_line(out, &c->svc, name, format | FMT_NUMERIC);
		print_dest_line(out, &c->svc, &c->dest, name, format | FMT_NUMERIC);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	FILE *out = fopen("/dev/null", "w");
	char *line;

	if (!out)
		return 0;
	while ((line = fuzz_until(&in, '\n', NULL))) {
		char **argv;
		int argc = split_line(line, "ipvsadm", &argv);

		if (argc > 1) {
			struct command c;
			struct outcome o;

			if (parse_command_line(argc, argv, &c, &o) == 0) {
				build(&c);
				render(&c, out);
			}
		}
		if (argc >= 0)
			free_line_argv(argc, argv);
		print_conn_line(out, line, FMT_NUMERIC);
		print_conn_line(out, line, FMT_NUMERIC | FMT_PERSISTENTCONN);
		free(line);
	}
	fclose(out);
	return 0;
}
