/* ipvsadm: command-line compatible with ipvsadm 1.31. Shared definitions. */
#ifndef LVS_IPVSADM_H
#define LVS_IPVSADM_H

#include "ipvs.h"

#include <stdint.h>
#include <stdio.h>

enum cmd {
	CMD_NONE = 0,
	CMD_ADD, CMD_EDIT, CMD_DEL, CMD_FLUSH, CMD_LIST, CMD_ADDDEST,
	CMD_DELDEST, CMD_EDITDEST, CMD_TIMEOUT, CMD_STARTDAEMON,
	CMD_STOPDAEMON, CMD_RESTORE, CMD_SAVE, CMD_ZERO,
	CMD_MAX = CMD_ZERO,
};

/* Option indexes: bit i of the options mask, and column i of the
 * command/option table (same order as ipvsadm's error messages name them). */
enum opt {
	OPT_NUMERIC, OPT_CONNECTION, OPT_SERVICE, OPT_SCHEDULER, OPT_PERSISTENT,
	OPT_NETMASK, OPT_SERVER, OPT_FORWARD, OPT_WEIGHT, OPT_UTHRESHOLD,
	OPT_LTHRESHOLD, OPT_MCAST, OPT_TIMEOUT, OPT_DAEMON, OPT_STATS,
	OPT_RATE, OPT_THRESHOLDS, OPT_PERSISTENTCONN, OPT_NOSORT, OPT_SYNCID,
	OPT_EXACT, OPT_ONEPACKET, OPT_PERSISTENCE_ENGINE, OPT_SCHED_FLAGS,
	OPT_MCAST_GROUP, OPT_MCAST_PORT, OPT_MCAST_TTL, OPT_SYNC_MAXLEN,
	OPT_TUN_INFO, OPT_TUN_TYPE, OPT_TUN_PORT, OPT_TUN_NOCSUM, OPT_TUN_CSUM,
	OPT_TUN_REMCSUM,
	NUMBER_OF_OPT,
};
#define OPTBIT(o) (1ULL << (o))

/* Listing formats */
enum {
	FMT_NONE = 0,
	FMT_NUMERIC = 0x1,
	FMT_RULE = 0x2,
	FMT_STATS = 0x4,
	FMT_RATE = 0x8,
	FMT_THRESHOLDS = 0x10,
	FMT_PERSISTENTCONN = 0x20,
	FMT_NOSORT = 0x40,
	FMT_EXACT = 0x80,
	FMT_TUN_INFO = 0x100,
};

#define DEF_SCHED "wlc"
#define DEF_MCAST_IFN "eth0"
#define MAX_TIMEOUT (86400 * 31)
#define PERSISTENT_TIMEOUT_DEFAULT 360

/* One parsed command line. */
struct command {
	enum cmd cmd;
	uint64_t options;
	unsigned int format;
	struct ipvs_service svc;
	struct ipvs_dest dest;
	struct ipvs_timeouts timeouts;
	struct ipvs_daemon daemon;
};

/* Outcome of parsing: 0 = run it; a positive exit status, after .msg
 * (to stderr) unless it is empty; or one of these. */
enum {
	OUTCOME_USAGE = -1,	/* -h: usage on stdout, exit 0 */
	OUTCOME_VERSION = -2,	/* -v: version on stdout, exit 0 */
	/* popt refused an option: print .msg and skip the command (inside -R
	 * the next line runs; on the command line ipvsadm exits 255) */
	OUTCOME_SKIP = -3,
};
struct outcome {
	int status;
	char msg[512];
};

/* Everything a run needs; no globals. */
struct ipvsadm {
	const char *prog;		/* argv[0] for messages */
	struct ipvs_handle *h;
	struct ipvs_info info;
	struct ipvs_batch *batch;	/* non-NULL while restoring */
	int batch_result;		/* of the last flushed batch entry */
};

/* parse.c: value parsers, no side effects. */
#define SERVICE_NONE 0x0
#define SERVICE_ADDR 0x1
#define SERVICE_PORT 0x2
int string_to_number(const char *s, int min, int max);
int parse_service(const char *arg, struct ipvs_service *svc);
int parse_netmask(const char *arg, uint32_t *mask);
/* -1 when not valid */
long parse_timeout(const char *arg, int min, int max);
long long parse_fwmark(const char *arg);
/* Returns 0 and sets *flags, or -1 invalid / -2 incompatible / -3 no flag
 * at all (arg empty or only commas), with the culprit in bad. */
int parse_sched_flags(const char *sched, const char *arg, uint32_t *flags,
		      char *bad, size_t badlen);
int parse_tun_type(const char *arg);
const char *tun_type_name(int type);

/* format.c: rendering, shared by listing and save. */
void print_largenum(FILE *f, unsigned long long n, unsigned int format);
/* "addr:port" with names unless FMT_NUMERIC; returns malloc'ed string. */
char *addrport_to_anyname(int af, const union ipvs_addr *addr, unsigned short port,
			  unsigned short proto, unsigned int format);
/* svc_name column of a listing or -S line into buf (>= 64 bytes). */
void format_service_name(char *buf, size_t len, const struct ipvs_service *se,
			 unsigned int format);
void print_service_line(FILE *f, const struct ipvs_service *se, const char *svc_name,
			unsigned int format);
void print_dest_line(FILE *f, const struct ipvs_service *se, const struct ipvs_dest *d,
		     const char *svc_name, unsigned int format);
void print_title(FILE *f, unsigned int format);
void print_sched_flags(FILE *f, const struct ipvs_service *se);
int cmp_services(const void *a, const void *b);
int cmp_dests(const void *a, const void *b);
/* One line of /proc/net/ip_vs_conn rendered like ipvsadm -c. Returns 0
 * when printed, 1 when the line has fewer than CONN_LINE_FIELDS columns
 * (nothing printed), -1 on error. */
#define CONN_LINE_FIELDS 9
int print_conn_line(FILE *f, const char *line, unsigned int format);

/* options.c */
/* Parse argv into c. Returns 0, or sets o (status and message). */
int parse_options(int argc, char **argv, struct command *c, struct outcome *o,
		  const char *prog);
int check_command(const struct command *c, struct outcome *o);
/* One whole command line (argv[0] names the program), as ipvsadm and each
 * line of -R take it: defaults, parse_options, check_command. 0, or -1
 * with o set; never exits. */
int parse_command_line(int argc, char **argv, struct command *c, struct outcome *o);
void usage(FILE *f, const char *prog);
void version(FILE *f);
void fail_outcome(struct outcome *o, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* commands.c */
/* Parses one command line (argv[0] names the program) into c. 0: run it;
 * -1: skipped (message printed); any other outcome exits through finish. */
int command_parse(struct ipvsadm *ctx, int argc, char **argv, struct command *c);
/* Runs a parsed command other than CMD_RESTORE: at once, or queued while
 * restoring. 0, 1 (queued), or -1 after the kernel's message. */
int command_run(struct ipvsadm *ctx, const struct command *c);
/* Flush a pending restore batch, printing kernel errors in order. */
void flush_batch(struct ipvsadm *ctx);
/* Print outcome message, flush pending work, exit. */
void finish(struct ipvsadm *ctx, const struct outcome *o) __attribute__((noreturn));

/* list.c */
int list_all(struct ipvsadm *ctx, unsigned int format);
int list_service(struct ipvsadm *ctx, const struct ipvs_service *svc, unsigned int format);
int list_timeout(struct ipvsadm *ctx);
int list_daemon(struct ipvsadm *ctx);
int list_conn(unsigned int format);

/* restore.c */
/* Split one input line into argv (argv[0] = prog). Returns argc; *argv
 * allocated (free with free_line_argv). */
int split_line(const char *line, const char *prog, char ***argv);
void free_line_argv(int argc, char **argv);
/* -R: every line of stdin as a command, table changes in one batch. */
int restore_table(struct ipvsadm *ctx);

#endif
