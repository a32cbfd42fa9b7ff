/* nanny: health checker for one service on one real server. Shared types. */
#ifndef NANNY_H
#define NANNY_H

#include <regex.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>

#include "clock.h"
#include "cmdline.h"
#include "evloop.h"

/* Arm t to fire at the monotonic time at (ms). The loop counts delays from
 * the start of its iteration, which may be well before now (a fork under
 * valgrind takes a while): a deadline counted from now must not come early. */
static inline void arm_at(struct evloop *loop, struct ev_timer *t, msec_t at)
{
	evloop_timer_arm(t, (double)at / 1000.0 - evloop_now(loop));
}

/* The loop's time for this iteration, read once when epoll_wait returned.
 * Under the lab's emulated clock a clock_gettime is as dear as a connect,
 * and a check reads the time at its two wakes anyway: every other reading
 * of a check (its start, its duration, the state machine's now, the probe's
 * deadline) takes the loop's, which is at most this iteration's work old. */
static inline msec_t loop_ms(const struct evloop *loop)
{
	return (msec_t)(evloop_now(loop) * 1000.0);
}

static inline int64_t loop_us(const struct evloop *loop)
{
	return (int64_t)(evloop_now(loop) * 1e6);
}

/* The longest reply we look at: enough for any banner or status line. */
#define NANNY_REPLY_MAX 4096

enum nanny_load {
	LOAD_NONE,
	LOAD_RUP,	/* rup HOST */
	LOAD_RUPTIME,	/* ruptime HOST */
	LOAD_RSH,	/* rsh HOST uptime ("uptime" and "rsh") */
	LOAD_SSH,	/* ssh HOST uptime */
	LOAD_PROGRAM,	/* --load-program */
};

struct nanny_opts {
	/* identity */
	struct sockaddr_storage server;	/* real server, port = rport */
	socklen_t server_len;
	char server_str[64];		/* numeric address, no brackets */
	int rport;
	int port;			/* virtual service port */
	const char *vip;		/* -V, as given */
	struct sockaddr_storage vip_addr;
	unsigned fwmark;
	bool udp;

	/* check */
	char *send;			/* after unescaping */
	size_t send_len;
	char *expect;			/* after unescaping; NULL = none */
	bool expect_any;		/* expect was "*" */
	bool use_regex;
	regex_t regex;
	const char *send_program;

	/* timing */
	msec_t interval_ms;		/* between checks (end to start) */
	msec_t timeout_ms;		/* one check, connect to last byte */
	msec_t reentry_ms;
	msec_t adjust_ms;		/* slow-start / load step */
	bool slow_start;		/* ramp a server returning after failures */
	int rise;
	int fall;

	/* weight */
	int weight;
	int scale;
	enum nanny_load load;
	const char *load_program;

	/* output */
	int report_fd;			/* -1: standalone mode */
	const char *ipvsadm;
	msec_t ipvsadm_timeout_ms;	/* one ipvsadm run, then its group is killed */
	char method;			/* 'g', 'm' or 'i' */
	bool quiesce;
	bool norun;
	bool fos;			/* failover peer monitor: exit on failure */
	bool initial_up;		/* already in service: start up, full weight */
	bool report_checks;		/* report mode: a "check" line after every check */

	/* process */
	bool nodaemon;
	bool nofork;
	bool verbose;
};

/* options.c: returns 0, or the exit status to leave with (after printing why). */
int nanny_parse_options(int argc, const char **argv, struct nanny_opts *o);
void nanny_free_options(struct nanny_opts *o);
/* Seconds (a fraction allowed) from text into *ms: 0, or -1 with *why
 * saying what is wrong. The ranges are lvs.cf's (lvs_ranges.h). */
int parse_seconds(const char *text, bool allow_zero, msec_t *ms, const char **why);


/* child.c: one external program with its stdout captured, run in its own
 * process group and killed (the whole group) if it overruns. Nothing here
 * waits: the loop reaps every child on SIGCHLD with waitpid(WNOHANG) and
 * hands the status to child_exited. The child watches its own pipe and its
 * own deadline on the loop; done runs once it exited or timed out (not
 * after child_kill). */
struct child {
	pid_t pid;			/* 0: none */
	int out_fd;			/* read end of stdout, -1 once closed */
	msec_t deadline;
	int status;			/* wait status once exited */
	bool exited;
	bool timed_out;
	size_t len;
	struct evloop *loop;
	struct ev_timer *timer;		/* the deadline */
	void (*done)(struct child *c, void *arg);
	void *arg;
	char out[NANNY_REPLY_MAX + 1];	/* first bytes of stdout, NUL-terminated */
};
#define CHILD_STDERR	1u		/* stderr into the pipe too (else /dev/null) */
#define CHILD_NET_ADMIN	2u		/* CAP_NET_ADMIN in the ambient set (ipvsadm) */
/* Once, before the first start: 0, or -1 (no memory for the timer). */
int child_setup(struct child *c, struct evloop *loop, void (*done)(struct child *, void *), void *arg);
void child_cleanup(struct child *c);
int child_start(struct child *c, char *const argv[], msec_t timeout_ms, unsigned flags);
/* Started and not finished yet. */
bool child_running(const struct child *c);
/* Its wait status was reaped: drain, close, kill what is left of its group,
 * then done. */
void child_exited(struct child *c, int status);
/* Kill the whole group now, without waiting for it and without done. The
 * child counts as finished (killed by SIGKILL) at once. */
void child_kill(struct child *c);
/* First line of output (newline removed); valid after it finished. */
const char *child_first_line(struct child *c);

/* match.c: the expect rules shared by socket and program checks. */
enum match_result { MATCH_NO, MATCH_YES, MATCH_MORE };
enum match_result reply_match(const struct nanny_opts *o, const char *buf, size_t len, bool final);

/* probe.c: one TCP or UDP check on the loop: it watches its socket and
 * its deadline, and done runs once with the verdict in ok and reason
 * (never from within probe_start: a check that ends at once ends in the
 * loop's next turn). */
enum probe_phase { PROBE_IDLE, PROBE_CONNECT, PROBE_SEND, PROBE_READ, PROBE_DONE };
struct probe {
	enum probe_phase phase;
	int fd;
	msec_t deadline;
	size_t sent;
	size_t len;
	bool ok;
	char reason[128];
	const struct nanny_opts *o;
	struct evloop *loop;
	struct ev_timer *timer;		/* the deadline, or "done at once" */
	void (*done)(struct probe *p, void *arg);
	void *arg;
	char buf[NANNY_REPLY_MAX + 1];
};
int probe_setup(struct probe *p, const struct nanny_opts *o, struct evloop *loop,
		void (*done)(struct probe *, void *), void *arg);
void probe_cleanup(struct probe *p);
void probe_start(struct probe *p);
/* Stop a check under way without a verdict. */
void probe_cancel(struct probe *p);

/* load.c */
/* Parse the 1-minute load average out of uptime/rup/ruptime style output or
 * a bare number. Returns -1 if none found. */
double load_parse(const char *text);
/* The original's load-based weight nudge. */
int load_adjust_weight(int configured, int last, int scale, double load);
char **load_command(const struct nanny_opts *o);

/* action.c: tell the world (report line, src/lib/report.h, or ipvsadm). */
enum action { ACT_UP, ACT_DOWN, ACT_WEIGHT, ACT_REMOVE };
/* Standalone mode: what IPVS should hold, what it holds (as far as the
 * ipvsadm runs that succeeded tell), and the one ipvsadm running. Changes
 * that come while it runs are merged: when it ends, the next command is
 * the one that takes IPVS to the latest wanted state. */
struct output_state {
	const struct nanny_opts *o;
	bool want_in;			/* entry wanted in the table */
	int want_weight;
	bool removing;			/* exiting: delete even a quiesced entry */
	bool in_table;			/* entry exists in IPVS */
	int table_weight;
	bool add_failed;		/* -a failed: try -e (quiesced leftover) */
	bool stuck;			/* a command failed: wait for the next change */
	char op[4];			/* the running command: "-a", "-e" or "-d" */
	int op_weight;
	/* --report-checks lines not written yet: they go out together, one
	 * write (and one wake-up of lvsd) per batch instead of one per check. */
	size_t checks_len;
	unsigned checks_lines;
	char checks[1024];
	struct child run;		/* the running ipvsadm (keep last: 4 KiB) */
};
/* The ipvsadm child's done callback is output_child_done. */
int output_init(struct output_state *out, const struct nanny_opts *o, struct evloop *loop);
void output_cleanup(struct output_state *out);
/* Report mode: writes the line (returns -1 if the reader is gone).
 * Standalone: records the wanted state and starts ipvsadm if none runs;
 * never waits for it (returns 0). */
int nanny_action(const struct nanny_opts *o, struct output_state *out,
		 enum action act, int weight, const char *reason);
/* Report mode with --report-checks: "check ADDR PORT ok|fail MICROSECONDS",
 * the result and duration of one check. The line joins a batch, written
 * when CHECK_BATCH_LINES are waiting, before any other report (so lvsd
 * sees a server's checks before its change), or by nanny_flush_checks(),
 * which the shell calls at most CHECK_FLUSH_S after the first waiting line
 * and at exit. 0, or -1 if the pipe is gone. */
#define CHECK_BATCH_LINES 8
#define CHECK_FLUSH_S 5.0
int nanny_report_check(const struct nanny_opts *o, struct output_state *out, bool ok, int64_t usec);
int nanny_flush_checks(const struct nanny_opts *o, struct output_state *out);
/* Check lines are waiting. */
bool nanny_checks_pending(const struct output_state *out);
/* An ipvsadm runs, or one is due. */
bool output_busy(const struct output_state *out);

/* zygote.c: nanny --zygote, lvsd's starter socket as descriptor 3.
 * Serves start requests until lvsd goes; a request for this program runs
 * run() in a forked child, without an exec. Returns only when it cannot
 * start (an exit status). */
typedef int (*nanny_main_fn)(int argc, char **argv);
int nanny_zygote(int argc, char **argv, nanny_main_fn run);

/* caps.c */
int caps_restrict(bool standalone);
/* In a child about to exec ipvsadm: make CAP_NET_ADMIN survive execve. */
void caps_child_ambient(void);

#endif
