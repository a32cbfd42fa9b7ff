#include "config.h"

#include "ipvsadm.h"

#include <arpa/inet.h>
#include <limits.h>
#include <popt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const char *const cmdnames[] = {
	"add-service", "edit-service", "delete-service", "flush", "list",
	"add-server", "delete-server", "edit-server", "set", "start-daemon",
	"stop-daemon", "restore", "save", "zero",
};

static const char *const optnames[NUMBER_OF_OPT] = {
	"numeric", "connection", "service-address", "scheduler", "persistent",
	"netmask", "real-server", "forwarding-method", "weight", "u-threshold",
	"l-threshold", "mcast-interface", "timeout", "daemon", "stats", "rate",
	"thresholds", "persistent-conn", "nosort", "syncid", "exact", "ops",
	"pe", "sched-flags", "mcast-group", "mcast-port", "mcast-ttl",
	"sync-maxlen", "tun-info", "tun-type", "tun-port", "tun-nocsum",
	"tun-csum", "tun-remcsum",
};

/* Which options each command takes: '+' required, 'x' illegal,
 * '1' at most one of these, ' ' optional. Columns follow enum opt. */
static const char cmd_v_opt[CMD_MAX][NUMBER_OF_OPT + 1] = {
	/*            0123456789012345678901234567890123 */
	[CMD_ADD - 1] =      "xx+   xxxxxxxxxxxxxxx   xxxxxxxxxx",
	[CMD_EDIT - 1] =     "xx+   xxxxxxxxxxxxxxx   xxxxxxxxxx",
	[CMD_DEL - 1] =      "xx+xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
	[CMD_FLUSH - 1] =    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
	[CMD_LIST - 1] =     " 11xxxxxxxxx11       xxxxxxx xxxxx",
	[CMD_ADDDEST - 1] =  "xx+xxx+    xxxxxxxxxxxxxxxxxx     ",
	[CMD_DELDEST - 1] =  "xx+xxx+xxxxxxxxxxxxxxxxxxxxxxxxxxx",
	[CMD_EDITDEST - 1] = "xx+xxx+    xxxxxxxxxxxxxxxxxx     ",
	[CMD_TIMEOUT - 1] =  "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
	[CMD_STARTDAEMON - 1] = "xxxxxxxxxxx xxxxxxx xxxx    xxxxxx",
	[CMD_STOPDAEMON - 1] = "xxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxx",
	[CMD_RESTORE - 1] =  "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
	[CMD_SAVE - 1] =     " xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
	[CMD_ZERO - 1] =     "xx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
};

/* Per tunnel type, the options tun-port, tun-nocsum, tun-csum, tun-remcsum. */
static const enum opt tunopts[] = { OPT_TUN_PORT, OPT_TUN_NOCSUM, OPT_TUN_CSUM, OPT_TUN_REMCSUM };
static const char tun_v_opt[3][5] = { "xxxx", "+111", "x11x" };

enum {
	TAG_SET = 128, TAG_START_DAEMON, TAG_STOP_DAEMON, TAG_MCAST_INTERFACE,
	TAG_TIMEOUT, TAG_DAEMON, TAG_STATS, TAG_RATE, TAG_THRESHOLDS,
	TAG_PERSISTENTCONN, TAG_SORT, TAG_NO_SORT, TAG_PERSISTENCE_ENGINE,
	TAG_SCTP_SERVICE, TAG_MCAST_GROUP, TAG_MCAST_PORT, TAG_MCAST_TTL,
	TAG_SYNC_MAXLEN, TAG_TUN_INFO, TAG_TUN_TYPE, TAG_TUN_PORT,
	TAG_TUN_NOCSUM, TAG_TUN_CSUM, TAG_TUN_REMCSUM,
};

void fail_outcome(struct outcome *o, int status, const char *fmt, ...)
{
	va_list ap;

	o->status = status;
	va_start(ap, fmt);
	vsnprintf(o->msg, sizeof(o->msg), fmt, ap);
	va_end(ap);
}

/* Returns non-zero (and fills o) when the option was already given. */
static int set_option(struct command *c, enum opt opt, struct outcome *o)
{
	if (c->options & OPTBIT(opt)) {
		fail_outcome(o, 2, "multiple '%s' options specified", optnames[opt]);
		return -1;
	}
	c->options |= OPTBIT(opt);
	return 0;
}

static void tryhelp(struct outcome *o, const char *prog)
{
	fail_outcome(o, 255, "Try `%s -h' or '%s --help' for more information.", prog, prog);
}

static int daemon_state(const char *arg)
{
	if (!strcmp(arg, "master"))
		return IP_VS_STATE_MASTER;
	if (!strcmp(arg, "backup"))
		return IP_VS_STATE_BACKUP;
	return -1;
}

#define FAIL(...) do { fail_outcome(o, 2, __VA_ARGS__); goto out; } while (0)
#define SET(opt) do { if (set_option(c, (opt), o)) goto out; } while (0)

int parse_options(int argc, char **argv, struct command *c, struct outcome *o,
		  const char *prog)
{
	char *optarg = NULL;
	const struct poptOption table[] = {
		{ "add-service", 'A', POPT_ARG_NONE, NULL, 'A', NULL, NULL },
		{ "edit-service", 'E', POPT_ARG_NONE, NULL, 'E', NULL, NULL },
		{ "delete-service", 'D', POPT_ARG_NONE, NULL, 'D', NULL, NULL },
		{ "clear", 'C', POPT_ARG_NONE, NULL, 'C', NULL, NULL },
		{ "list", 'L', POPT_ARG_NONE, NULL, 'L', NULL, NULL },
		{ "list", 'l', POPT_ARG_NONE, NULL, 'l', NULL, NULL },
		{ "zero", 'Z', POPT_ARG_NONE, NULL, 'Z', NULL, NULL },
		{ "add-server", 'a', POPT_ARG_NONE, NULL, 'a', NULL, NULL },
		{ "edit-server", 'e', POPT_ARG_NONE, NULL, 'e', NULL, NULL },
		{ "delete-server", 'd', POPT_ARG_NONE, NULL, 'd', NULL, NULL },
		{ "set", '\0', POPT_ARG_NONE, NULL, TAG_SET, NULL, NULL },
		{ "help", 'h', POPT_ARG_NONE, NULL, 'h', NULL, NULL },
		{ "version", 'v', POPT_ARG_NONE, NULL, 'v', NULL, NULL },
		{ "restore", 'R', POPT_ARG_NONE, NULL, 'R', NULL, NULL },
		{ "save", 'S', POPT_ARG_NONE, NULL, 'S', NULL, NULL },
		{ "start-daemon", '\0', POPT_ARG_STRING, NULL, TAG_START_DAEMON, NULL, NULL },
		{ "stop-daemon", '\0', POPT_ARG_STRING, NULL, TAG_STOP_DAEMON, NULL, NULL },
		{ "tcp-service", 't', POPT_ARG_STRING, NULL, 't', NULL, NULL },
		{ "udp-service", 'u', POPT_ARG_STRING, NULL, 'u', NULL, NULL },
		{ "sctp-service", '\0', POPT_ARG_STRING, NULL, TAG_SCTP_SERVICE, NULL, NULL },
		{ "fwmark-service", 'f', POPT_ARG_STRING, NULL, 'f', NULL, NULL },
		{ "scheduler", 's', POPT_ARG_STRING, NULL, 's', NULL, NULL },
		{ "persistent", 'p', POPT_ARG_STRING | POPT_ARGFLAG_OPTIONAL, NULL, 'p', NULL, NULL },
		{ "netmask", 'M', POPT_ARG_STRING, NULL, 'M', NULL, NULL },
		{ "real-server", 'r', POPT_ARG_STRING, NULL, 'r', NULL, NULL },
		{ "masquerading", 'm', POPT_ARG_NONE, NULL, 'm', NULL, NULL },
		{ "ipip", 'i', POPT_ARG_NONE, NULL, 'i', NULL, NULL },
		{ "gatewaying", 'g', POPT_ARG_NONE, NULL, 'g', NULL, NULL },
		{ "weight", 'w', POPT_ARG_STRING, NULL, 'w', NULL, NULL },
		{ "u-threshold", 'x', POPT_ARG_STRING, NULL, 'x', NULL, NULL },
		{ "l-threshold", 'y', POPT_ARG_STRING, NULL, 'y', NULL, NULL },
		{ "numeric", 'n', POPT_ARG_NONE, NULL, 'n', NULL, NULL },
		{ "connection", 'c', POPT_ARG_NONE, NULL, 'c', NULL, NULL },
		{ "mcast-interface", '\0', POPT_ARG_STRING, NULL, TAG_MCAST_INTERFACE, NULL, NULL },
		{ "syncid", '\0', POPT_ARG_STRING, NULL, 'I', NULL, NULL },
		{ "timeout", '\0', POPT_ARG_NONE, NULL, TAG_TIMEOUT, NULL, NULL },
		{ "daemon", '\0', POPT_ARG_NONE, NULL, TAG_DAEMON, NULL, NULL },
		{ "stats", '\0', POPT_ARG_NONE, NULL, TAG_STATS, NULL, NULL },
		{ "rate", '\0', POPT_ARG_NONE, NULL, TAG_RATE, NULL, NULL },
		{ "thresholds", '\0', POPT_ARG_NONE, NULL, TAG_THRESHOLDS, NULL, NULL },
		{ "persistent-conn", '\0', POPT_ARG_NONE, NULL, TAG_PERSISTENTCONN, NULL, NULL },
		{ "tun-info", '\0', POPT_ARG_NONE, NULL, TAG_TUN_INFO, NULL, NULL },
		{ "nosort", '\0', POPT_ARG_NONE, NULL, TAG_NO_SORT, NULL, NULL },
		{ "sort", '\0', POPT_ARG_NONE, NULL, TAG_SORT, NULL, NULL },
		{ "exact", 'X', POPT_ARG_NONE, NULL, 'X', NULL, NULL },
		{ "ipv6", '6', POPT_ARG_NONE, NULL, '6', NULL, NULL },
		{ "ops", 'o', POPT_ARG_NONE, NULL, 'o', NULL, NULL },
		{ "pe", '\0', POPT_ARG_STRING, NULL, TAG_PERSISTENCE_ENGINE, NULL, NULL },
		{ "sched-flags", 'b', POPT_ARG_STRING, NULL, 'b', NULL, NULL },
		{ "mcast-group", '\0', POPT_ARG_STRING, NULL, TAG_MCAST_GROUP, NULL, NULL },
		{ "mcast-port", '\0', POPT_ARG_STRING, NULL, TAG_MCAST_PORT, NULL, NULL },
		{ "mcast-ttl", '\0', POPT_ARG_STRING, NULL, TAG_MCAST_TTL, NULL, NULL },
		{ "sync-maxlen", '\0', POPT_ARG_STRING, NULL, TAG_SYNC_MAXLEN, NULL, NULL },
		{ "tun-type", '\0', POPT_ARG_STRING, NULL, TAG_TUN_TYPE, NULL, NULL },
		{ "tun-port", '\0', POPT_ARG_STRING, NULL, TAG_TUN_PORT, NULL, NULL },
		{ "tun-nocsum", '\0', POPT_ARG_NONE, NULL, TAG_TUN_NOCSUM, NULL, NULL },
		{ "tun-csum", '\0', POPT_ARG_NONE, NULL, TAG_TUN_CSUM, NULL, NULL },
		{ "tun-remcsum", '\0', POPT_ARG_NONE, NULL, TAG_TUN_REMCSUM, NULL, NULL },
		POPT_TABLEEND
	};
	poptContext ctx;
	int opt, parse, rc = -1;

	o->status = 0;
	o->msg[0] = '\0';
	ctx = poptGetContext("ipvsadm", argc, (const char **)argv, table, 0);

	/* popt hands out each option's argument as a fresh string */
	opt = poptGetNextOpt(ctx);
	optarg = poptGetOptArg(ctx);
	switch (opt) {
	case 'A': c->cmd = CMD_ADD; break;
	case 'E': c->cmd = CMD_EDIT; break;
	case 'D': c->cmd = CMD_DEL; break;
	case 'a': c->cmd = CMD_ADDDEST; break;
	case 'e': c->cmd = CMD_EDITDEST; break;
	case 'd': c->cmd = CMD_DELDEST; break;
	case 'C': c->cmd = CMD_FLUSH; break;
	case 'L': case 'l': c->cmd = CMD_LIST; break;
	case 'Z': c->cmd = CMD_ZERO; break;
	case TAG_SET: c->cmd = CMD_TIMEOUT; break;
	case 'R': c->cmd = CMD_RESTORE; break;
	case 'S': c->cmd = CMD_SAVE; break;
	case TAG_START_DAEMON:
		c->cmd = CMD_STARTDAEMON;
		if ((parse = daemon_state(optarg)) < 0)
			FAIL("illegal start-daemon parameter specified");
		c->daemon.state = parse;
		break;
	case TAG_STOP_DAEMON:
		c->cmd = CMD_STOPDAEMON;
		if ((parse = daemon_state(optarg)) < 0)
			FAIL("illegal start_daemon specified");
		c->daemon.state = parse;
		break;
	case 'h':
		o->status = OUTCOME_USAGE;
		goto out;
	case 'v':
		o->status = OUTCOME_VERSION;
		goto out;
	default:
		tryhelp(o, prog);
		goto out;
	}

	while ((opt = poptGetNextOpt(ctx)) >= 0) {
		free(optarg);
		optarg = poptGetOptArg(ctx);
		switch (opt) {
		case 't':
		case 'u':
		case TAG_SCTP_SERVICE:
			SET(OPT_SERVICE);
			c->svc.protocol = opt == 't' ? IPPROTO_TCP :
					  opt == 'u' ? IPPROTO_UDP : IPPROTO_SCTP;
			if (!(parse_service(optarg, &c->svc) & SERVICE_ADDR))
				FAIL("illegal virtual server address[:port] specified");
			break;
		case 'f': {
			long long mark;

			SET(OPT_SERVICE);
			/* fwmark services still carry a sane family and protocol */
			c->svc.af = AF_INET;
			c->svc.protocol = IPPROTO_TCP;
			if ((mark = parse_fwmark(optarg)) < 0)
				FAIL("invalid fwmark value `%s' specified", optarg);
			c->svc.fwmark = (uint32_t)mark;
			break;
		}
		case 's':
			SET(OPT_SCHEDULER);
			snprintf(c->svc.sched_name, sizeof(c->svc.sched_name), "%s", optarg);
			break;
		case 'p': {
			long t;

			SET(OPT_PERSISTENT);
			c->svc.flags |= IP_VS_SVC_F_PERSISTENT;
			if ((t = parse_timeout(optarg, 1, MAX_TIMEOUT)) < 0)
				FAIL("invalid timeout value `%s' specified", optarg);
			c->svc.timeout = t;
			break;
		}
		case 'M':
			SET(OPT_NETMASK);
			if (c->svc.af != AF_INET6) {
				if (parse_netmask(optarg, &c->svc.netmask) != 1)
					FAIL("illegal virtual server persistent mask specified");
			} else {
				c->svc.netmask = atoi(optarg);
				if (c->svc.netmask < 1 || c->svc.netmask > 128)
					FAIL("illegal ipv6 netmask specified");
			}
			break;
		case 'r': {
			struct ipvs_service t = c->svc;

			SET(OPT_SERVER);
			parse = parse_service(optarg, &t);
			c->dest.af = t.af;
			c->dest.addr = t.addr;
			c->dest.port = t.port;
			if (!(parse & SERVICE_ADDR))
				FAIL("illegal real server address[:port] specified");
			/* no port given: the service's */
			if (parse == SERVICE_ADDR)
				c->dest.port = c->svc.port;
			break;
		}
		case 'i':
			SET(OPT_FORWARD);
			c->dest.conn_flags = IP_VS_CONN_F_TUNNEL;
			break;
		case 'g':
			SET(OPT_FORWARD);
			c->dest.conn_flags = IP_VS_CONN_F_DROUTE;
			break;
		case 'm':
			SET(OPT_FORWARD);
			c->dest.conn_flags = IP_VS_CONN_F_MASQ;
			break;
		case 'w':
			SET(OPT_WEIGHT);
			if ((c->dest.weight = string_to_number(optarg, 0, INT_MAX)) == -1)
				FAIL("illegal weight specified");
			break;
		case 'x':
			SET(OPT_UTHRESHOLD);
			if ((parse = string_to_number(optarg, 0, INT_MAX)) == -1)
				FAIL("illegal u_threshold specified");
			c->dest.u_threshold = parse;
			break;
		case 'y':
			SET(OPT_LTHRESHOLD);
			if ((parse = string_to_number(optarg, 0, INT_MAX)) == -1)
				FAIL("illegal l_threshold specified");
			c->dest.l_threshold = parse;
			break;
		case 'c':
			SET(OPT_CONNECTION);
			break;
		case 'n':
			SET(OPT_NUMERIC);
			c->format |= FMT_NUMERIC;
			break;
		case TAG_MCAST_INTERFACE:
			SET(OPT_MCAST);
			snprintf(c->daemon.mcast_ifn, sizeof(c->daemon.mcast_ifn), "%s", optarg);
			break;
		case 'I':
			SET(OPT_SYNCID);
			if ((parse = string_to_number(optarg, 0, 255)) == -1)
				FAIL("illegal syncid specified");
			c->daemon.syncid = parse;
			break;
		case TAG_TIMEOUT:
			SET(OPT_TIMEOUT);
			break;
		case TAG_DAEMON:
			SET(OPT_DAEMON);
			break;
		case TAG_STATS:
			SET(OPT_STATS);
			c->format |= FMT_STATS;
			break;
		case TAG_RATE:
			SET(OPT_RATE);
			c->format |= FMT_RATE;
			break;
		case TAG_THRESHOLDS:
			SET(OPT_THRESHOLDS);
			c->format |= FMT_THRESHOLDS;
			break;
		case TAG_PERSISTENTCONN:
			SET(OPT_PERSISTENTCONN);
			c->format |= FMT_PERSISTENTCONN;
			break;
		case TAG_NO_SORT:
			SET(OPT_NOSORT);
			c->format |= FMT_NOSORT;
			break;
		case TAG_SORT:
			/* sorting is the default; kept for old scripts */
			break;
		case 'X':
			SET(OPT_EXACT);
			c->format |= FMT_EXACT;
			break;
		case '6':
			if (!c->svc.fwmark)
				FAIL("-6 used before -f\n");
			c->svc.af = AF_INET6;
			c->svc.netmask = 128;
			break;
		case 'o':
			SET(OPT_ONEPACKET);
			c->svc.flags |= IP_VS_SVC_F_ONEPACKET;
			break;
		case TAG_PERSISTENCE_ENGINE:
			SET(OPT_PERSISTENCE_ENGINE);
			snprintf(c->svc.pe_name, sizeof(c->svc.pe_name), "%s", optarg);
			break;
		case 'b': {
			uint32_t fl;
			char bad[64];

			SET(OPT_SCHED_FLAGS);
			parse = parse_sched_flags(c->svc.sched_name, optarg, &fl, bad, sizeof(bad));
			if (parse == -3)
				FAIL("no scheduler flag given in `%s'", bad);
			if (parse == -2)
				FAIL("incompatible scheduler flag `%s'", bad);
			if (parse < 0)
				FAIL("invalid scheduler flag `%s'", bad);
			c->svc.flags |= fl;
			break;
		}
		case TAG_MCAST_GROUP:
			SET(OPT_MCAST_GROUP);
			if (strchr(optarg, ':')) {
				if (inet_pton(AF_INET6, optarg, &c->daemon.mcast_group.in6) <= 0 ||
				    !IN6_IS_ADDR_MULTICAST(&c->daemon.mcast_group.in6))
					FAIL("invalid IPv6 mcast-group `%s'", optarg);
				c->daemon.mcast_af = AF_INET6;
			} else {
				if (inet_pton(AF_INET, optarg, &c->daemon.mcast_group.ip) <= 0 ||
				    !IN_MULTICAST(ntohl(c->daemon.mcast_group.ip)))
					FAIL("invalid IPv4 mcast-group `%s'", optarg);
				c->daemon.mcast_af = AF_INET;
			}
			break;
		case TAG_MCAST_PORT:
			SET(OPT_MCAST_PORT);
			if ((parse = string_to_number(optarg, 1, 65535)) == -1)
				FAIL("illegal mcast-port specified");
			c->daemon.mcast_port = parse;
			break;
		case TAG_MCAST_TTL:
			SET(OPT_MCAST_TTL);
			if ((parse = string_to_number(optarg, 1, 255)) == -1)
				FAIL("illegal mcast-ttl specified");
			c->daemon.mcast_ttl = parse;
			break;
		case TAG_SYNC_MAXLEN:
			SET(OPT_SYNC_MAXLEN);
			if ((parse = string_to_number(optarg, 1, 65535 - 20 - 8)) == -1)
				FAIL("illegal sync-maxlen specified");
			c->daemon.sync_maxlen = parse;
			break;
		case TAG_TUN_INFO:
			SET(OPT_TUN_INFO);
			c->format |= FMT_TUN_INFO;
			break;
		case TAG_TUN_TYPE:
			SET(OPT_TUN_TYPE);
			if ((parse = parse_tun_type(optarg)) < 0)
				FAIL("illegal tunnel type specified");
			c->dest.tun_type = parse;
			break;
		case TAG_TUN_PORT:
			SET(OPT_TUN_PORT);
			if ((parse = string_to_number(optarg, 1, 65535)) == -1)
				FAIL("illegal tunnel port specified");
			c->dest.tun_port = parse;
			break;
		case TAG_TUN_NOCSUM:
			SET(OPT_TUN_NOCSUM);
			c->dest.tun_flags |= IP_VS_TUNNEL_ENCAP_FLAG_NOCSUM;
			break;
		case TAG_TUN_CSUM:
			SET(OPT_TUN_CSUM);
			c->dest.tun_flags |= IP_VS_TUNNEL_ENCAP_FLAG_CSUM;
			break;
		case TAG_TUN_REMCSUM:
			SET(OPT_TUN_REMCSUM);
			c->dest.tun_flags |= IP_VS_TUNNEL_ENCAP_FLAG_REMCSUM;
			break;
		default:
			FAIL("invalid option `%s'", poptBadOption(ctx, POPT_BADOPTION_NOALIAS));
		}
	}

	if (opt < -1) {
		/* popt's own complaint; the command is then skipped */
		fail_outcome(o, 255, "%s: %s", poptBadOption(ctx, POPT_BADOPTION_NOALIAS),
			     poptStrerror(opt));
		o->status = OUTCOME_SKIP;
		goto out;
	}

	if (c->cmd == CMD_TIMEOUT) {
		const char *a1, *a2, *a3;
		long v[3];

		if (!(a1 = poptGetArg(ctx)) || !(a2 = poptGetArg(ctx)) || !(a3 = poptGetArg(ctx)))
			FAIL("--set option requires 3 timeout values");
		const char *args[3] = { a1, a2, a3 };
		for (int i = 0; i < 3; i++)
			if ((v[i] = parse_timeout(args[i], 0, MAX_TIMEOUT)) < 0)
				FAIL("invalid timeout value `%s' specified", args[i]);
		c->timeouts.tcp = v[0];
		c->timeouts.tcp_fin = v[1];
		c->timeouts.udp = v[2];
	}
	{
		const char *extra = poptGetArg(ctx);

		if (extra)
			FAIL("unexpected argument %s", extra);
	}
	rc = 0;
out:
	free(optarg);
	poptFreeContext(ctx);
	return rc;
}

static int generic_opt_check(const struct command *c, struct outcome *o)
{
	const char *row = cmd_v_opt[c->cmd - 1];
	const char *cmd = cmdnames[c->cmd - 1];
	int last = 0, count = 0;

	for (int j = 0; j < NUMBER_OF_OPT; j++) {
		if (!(c->options & OPTBIT(j))) {
			if (row[j] == '+') {
				fail_outcome(o, 2, "You need to supply the '%s' option for the '%s' command",
					     optnames[j], cmd);
				return -1;
			}
			continue;
		}
		if (row[j] == 'x') {
			fail_outcome(o, 2, "Illegal '%s' option with the '%s' command", optnames[j], cmd);
			return -1;
		}
		if (row[j] == '1') {
			if (++count == 1) {
				last = j;
				continue;
			}
			fail_outcome(o, 2, "The option '%s' conflicts with the '%s' option in the '%s' command",
				     optnames[j], optnames[last], cmd);
			return -1;
		}
	}
	return 0;
}

static int tunnel_opt_check(const struct command *c, struct outcome *o)
{
	int t = c->dest.tun_type;
	const char *tname = tun_type_name(t);
	int last = 0, count = 0;

	if (t < 0 || t > 2)
		return 0;
	for (int j = 0; j < 4; j++) {
		enum opt k = tunopts[j];
		char rule = tun_v_opt[t][j];

		if (!(c->options & OPTBIT(k))) {
			if (rule == '+') {
				fail_outcome(o, 2, "You need to supply the '%s' option for the '%s' tunnel type",
					     optnames[k], tname);
				return -1;
			}
			continue;
		}
		if (rule == 'x') {
			fail_outcome(o, 2, "Illegal '%s' option with the '%s' tunnel type",
				     optnames[k], tname);
			return -1;
		}
		if (rule == '1') {
			if (++count == 1) {
				last = k;
				continue;
			}
			fail_outcome(o, 2, "The option '%s' conflicts with the '%s' option in the '%s' tunnel type",
				     optnames[k], optnames[last], tname);
			return -1;
		}
	}
	return 0;
}

/* The checks ipvsadm makes between parsing and acting; may fill in
 * defaults (hence the non-const c). */
int check_command(const struct command *cc, struct outcome *o)
{
	struct command *c = (struct command *)cc;
	unsigned fwd;

	if (generic_opt_check(c, o))
		return -1;
	if (c->cmd == CMD_ADD || c->cmd == CMD_EDIT) {
		if (!c->svc.fwmark && !c->svc.port && !(c->svc.flags & IP_VS_SVC_F_PERSISTENT)) {
			fail_outcome(o, 2, "Zero port specified for non-persistent service");
			return -1;
		}
		if ((c->svc.flags & IP_VS_SVC_F_ONEPACKET) && !c->svc.fwmark &&
		    c->svc.protocol != IPPROTO_UDP) {
			fail_outcome(o, 2, "One-Packet Scheduling is only for UDP virtual services");
			return -1;
		}
		if (!c->svc.sched_name[0])
			strcpy(c->svc.sched_name, DEF_SCHED);
	}
	if (c->cmd == CMD_STARTDAEMON && !c->daemon.mcast_ifn[0])
		strcpy(c->daemon.mcast_ifn, DEF_MCAST_IFN);

	fwd = c->dest.conn_flags & IP_VS_CONN_F_FWD_MASK;
	if (c->cmd == CMD_ADDDEST || c->cmd == CMD_EDITDEST) {
		/* DR and tunnels cannot change the port (unless fwmark) */
		if (!c->svc.fwmark && (fwd == IP_VS_CONN_F_TUNNEL || fwd == IP_VS_CONN_F_DROUTE))
			c->dest.port = c->svc.port;
		if (c->dest.af != c->svc.af && fwd != IP_VS_CONN_F_TUNNEL) {
			fail_outcome(o, 2, "Different address family is allowed only for tunneling servers");
			return -1;
		}
		if ((c->options & (OPTBIT(OPT_TUN_TYPE) | OPTBIT(OPT_TUN_PORT) |
				   OPTBIT(OPT_TUN_NOCSUM) | OPTBIT(OPT_TUN_CSUM) |
				   OPTBIT(OPT_TUN_REMCSUM))) && fwd != IP_VS_CONN_F_TUNNEL) {
			fail_outcome(o, 2, "Tunnel options conflict with forward method");
			return -1;
		}
		if (tunnel_opt_check(c, o))
			return -1;
	}
	if (c->cmd == CMD_LIST) {
		uint64_t opts = c->options;

		if (((opts & (OPTBIT(OPT_CONNECTION) | OPTBIT(OPT_TIMEOUT) | OPTBIT(OPT_DAEMON))) &&
		     (opts & (OPTBIT(OPT_STATS) | OPTBIT(OPT_RATE) | OPTBIT(OPT_THRESHOLDS)))) ||
		    ((opts & (OPTBIT(OPT_TIMEOUT) | OPTBIT(OPT_DAEMON))) &&
		     (opts & OPTBIT(OPT_PERSISTENTCONN)))) {
			fail_outcome(o, 2, "options conflicts in the list command");
			return -1;
		}
	}
	return 0;
}

void version(FILE *f)
{
	fprintf(f, "ipvsadm v1.31 2019/12/24 (compiled with popt and IPVS v%d.%d.%d)\n",
		IP_VS_VERSION_CODE >> 16, (IP_VS_VERSION_CODE >> 8) & 0xff,
		IP_VS_VERSION_CODE & 0xff);
}

void usage(FILE *f, const char *p)
{
	version(f);
	fprintf(f,
		"Usage:\n"
		"  %s -A|E virtual-service [-s scheduler] [-p [timeout]] [-M netmask] [--pe persistence_engine] [-b sched-flags]\n"
		"  %s -D virtual-service\n"
		"  %s -C\n"
		"  %s -R\n"
		"  %s -S [-n]\n"
		"  %s -a|e virtual-service -r server-address [options]\n"
		"  %s -d virtual-service -r server-address\n"
		"  %s -L|l [virtual-service] [options]\n"
		"  %s -Z [virtual-service]\n"
		"  %s --set tcp tcpfin udp\n"
		"  %s --start-daemon {master|backup} [daemon-options]\n"
		"  %s --stop-daemon {master|backup}\n"
		"  %s -h\n\n",
		p, p, p, p, p, p, p, p, p, p, p, p, p);
	fputs("Commands:\n"
	      "Either long or short options are allowed.\n"
	      "  --add-service     -A        add virtual service with options\n"
	      "  --edit-service    -E        edit virtual service with options\n"
	      "  --delete-service  -D        delete virtual service\n"
	      "  --clear           -C        clear the whole table\n"
	      "  --restore         -R        restore rules from stdin\n"
	      "  --save            -S        save rules to stdout\n"
	      "  --add-server      -a        add real server with options\n"
	      "  --edit-server     -e        edit real server with options\n"
	      "  --delete-server   -d        delete real server\n"
	      "  --list            -L|-l     list the table\n"
	      "  --zero            -Z        zero counters in a service or all services\n"
	      "  --set tcp tcpfin udp        set connection timeout values\n"
	      "  --start-daemon              start connection sync daemon\n"
	      "  --stop-daemon               stop connection sync daemon\n"
	      "  --help            -h        display this help message\n\n", f);
	fputs("virtual-service:\n"
	      "  --tcp-service|-t  service-address   service-address is host[:port]\n"
	      "  --udp-service|-u  service-address   service-address is host[:port]\n"
	      "  --sctp-service    service-address   service-address is host[:port]\n"
	      "  --fwmark-service|-f fwmark          fwmark is an integer greater than zero\n\n", f);
	fprintf(f,
		"Options:\n"
		"  --ipv6         -6                   fwmark entry uses IPv6\n"
		"  --scheduler    -s scheduler         one of rr|wrr|lc|wlc|lblc|lblcr|dh|sh|sed|nq|fo|ovf|mh,\n"
		"                                      the default scheduler is %s.\n"
		"  --pe            engine              alternate persistence engine may be sip,\n"
		"                                      not set by default.\n"
		"  --persistent   -p [timeout]         persistent service\n"
		"  --netmask      -M netmask           persistent granularity mask\n"
		"  --real-server  -r server-address    server-address is host (and port)\n"
		"  --gatewaying   -g                   gatewaying (direct routing) (default)\n"
		"  --ipip         -i                   ipip encapsulation (tunneling)\n"
		"  --masquerading -m                   masquerading (NAT)\n"
		"  --tun-type      type                one of ipip|gue|gre,\n"
		"                                      the default tunnel type is %s.\n"
		"  --tun-port      port                tunnel destination port\n"
		"  --tun-nocsum                        tunnel encapsulation without checksum\n"
		"  --tun-csum                          tunnel encapsulation with checksum\n"
		"  --tun-remcsum                       tunnel encapsulation with remote checksum\n"
		"  --weight       -w weight            capacity of real server\n"
		"  --u-threshold  -x uthreshold        upper threshold of connections\n"
		"  --l-threshold  -y lthreshold        lower threshold of connections\n"
		"  --connection   -c                   output of current IPVS connections\n"
		"  --timeout                           output of timeout (tcp tcpfin udp)\n"
		"  --daemon                            output of daemon information\n"
		"  --stats                             output of statistics information\n"
		"  --rate                              output of rate information\n"
		"  --exact                             expand numbers (display exact values)\n"
		"  --thresholds                        output of thresholds information\n"
		"  --persistent-conn                   output of persistent connection info\n"
		"  --tun-info                          output of tunnel information\n"
		"  --nosort                            disable sorting output of service/server entries\n"
		"  --sort                              does nothing, for backwards compatibility\n"
		"  --ops          -o                   one-packet scheduling\n"
		"  --numeric      -n                   numeric output of addresses and ports\n"
		"  --sched-flags  -b flags             scheduler flags (comma-separated)\n",
		DEF_SCHED, "ipip");
	fputs("Daemon Options:\n"
	      "  --syncid sid                        syncid for connection sync (default=255)\n"
	      "  --sync-maxlen length                Max sync message length (default=1472)\n"
	      "  --mcast-interface interface         multicast interface for connection sync\n"
	      "  --mcast-group address               IPv4/IPv6 group (default=224.0.0.81)\n"
	      "  --mcast-port port                   UDP port (default=8848)\n"
	      "  --mcast-ttl ttl                     Multicast TTL (default=1)\n", f);
}

int parse_command_line(int argc, char **argv, struct command *c, struct outcome *o)
{
	memset(c, 0, sizeof(*c));
	c->dest.weight = 1;
	c->dest.conn_flags = IP_VS_CONN_F_DROUTE;
	c->svc.netmask = 0xffffffffU;
	if (parse_options(argc, argv, c, o, argv[0]))
		return -1;
	return check_command(c, o) ? -1 : 0;
}
