#include "config.h"

#include "nanny.h"
#include "log.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Report mode: one line per change, written in one write() so that lines
 * from many nannies on one pipe never interleave (they are < PIPE_BUF). */
static int report(const struct nanny_opts *o, enum action act, int weight, const char *reason)
{
	char line[256];
	int n;

	switch (act) {
	case ACT_UP:
		n = snprintf(line, sizeof(line), "up %s %d %d\n", o->server_str, o->rport, weight);
		break;
	case ACT_WEIGHT:
		n = snprintf(line, sizeof(line), "weight %s %d %d\n", o->server_str, o->rport, weight);
		break;
	case ACT_DOWN:
		n = snprintf(line, sizeof(line), "down %s %d %s\n", o->server_str, o->rport,
			     reason && *reason ? reason : "-");
		break;
	default:
		return 0;	/* exit: the closed pipe says it */
	}
	if (n >= (int)sizeof(line)) {
		n = sizeof(line);
		line[n - 1] = '\n';
	}
	while (write(o->report_fd, line, n) < 0) {
		if (errno != EINTR)
			return -1;
	}
	return 0;
}

int nanny_report_check(const struct nanny_opts *o, bool ok, int64_t usec)
{
	char line[128];
	int n = snprintf(line, sizeof(line), "check %s %d %s %lld\n", o->server_str, o->rport,
			 ok ? "ok" : "fail", (long long)(usec < 0 ? 0 : usec));

	if (o->report_fd < 0 || !o->report_checks)
		return 0;
	while (write(o->report_fd, line, (size_t)n) < 0) {
		if (errno != EINTR)
			return -1;
	}
	return 0;
}

/* "-t ADDR:PORT" / "-u ADDR:PORT" / "-f MARK" for the service. */
static void service_args(const struct nanny_opts *o, char *flag, char *buf, size_t len)
{
	if (o->fwmark) {
		strcpy(flag, "-f");
		snprintf(buf, len, "%u", o->fwmark);
		return;
	}
	strcpy(flag, o->udp ? "-u" : "-t");
	if (o->vip_addr.ss_family == AF_INET6 && o->vip[0] != '[')
		snprintf(buf, len, "[%s]:%d", o->vip, o->port);
	else
		snprintf(buf, len, "%s:%d", o->vip, o->port);
}

/* The command line of one ipvsadm run; the strings live in bufs. */
struct ipvsadm_cmd {
	char *argv[10];
	char svc_flag[4], svc[80], real[80], w[16], method[3];
};

static void build_cmd(const struct nanny_opts *o, const char *op, int weight, struct ipvsadm_cmd *c)
{
	int n = 0;

	service_args(o, c->svc_flag, c->svc, sizeof(c->svc));
	if (o->server.ss_family == AF_INET6)
		snprintf(c->real, sizeof(c->real), "[%s]:%d", o->server_str, o->rport);
	else
		snprintf(c->real, sizeof(c->real), "%s:%d", o->server_str, o->rport);
	snprintf(c->w, sizeof(c->w), "%d", weight);
	c->method[0] = '-';
	c->method[1] = o->method;
	c->method[2] = '\0';
	c->argv[n++] = (char *)o->ipvsadm;
	c->argv[n++] = (char *)op;
	c->argv[n++] = c->svc_flag;
	c->argv[n++] = c->svc;
	c->argv[n++] = "-r";
	c->argv[n++] = c->real;
	if (strcmp(op, "-d")) {
		c->argv[n++] = c->method;
		c->argv[n++] = "-w";
		c->argv[n++] = c->w;
	}
	c->argv[n] = NULL;
}

/* "-a -t VIP:PORT -r RIP:PORT" for log lines. */
static void describe_cmd(const struct nanny_opts *o, const char *op, int weight, char *buf, size_t len)
{
	struct ipvsadm_cmd c;
	size_t off = 0;

	build_cmd(o, op, weight, &c);
	buf[0] = '\0';
	for (int i = 0; c.argv[i] && off < len; i++)
		off += snprintf(buf + off, len - off, "%s%s", i ? " " : "", c.argv[i]);
}

void output_init(struct output_state *out)
{
	/* Not the child's reply buffer: report-mode nannies never touch it. */
	out->want_in = out->removing = out->in_table = false;
	out->want_weight = out->table_weight = out->op_weight = 0;
	out->add_failed = out->stuck = false;
	out->op[0] = '\0';
	out->run.pid = 0;
	out->run.out_fd = -1;
	out->run.len = 0;
	out->run.exited = false;
}

/* The command that takes IPVS one step towards the wanted state, if any. */
static const char *next_op(const struct nanny_opts *o, const struct output_state *out, int *weight)
{
	*weight = 0;
	if (out->want_in) {
		*weight = out->want_weight;
		if (!out->in_table)
			/* A quiesced entry may be left over from an earlier nanny. */
			return out->add_failed && o->quiesce ? "-e" : "-a";
		return out->table_weight != out->want_weight ? "-e" : NULL;
	}
	if (!out->in_table)
		return NULL;
	if (o->quiesce && !out->removing)
		return out->table_weight != 0 ? "-e" : NULL;
	return "-d";
}

/* A command succeeded: the table holds what it said. */
static void applied(struct output_state *out, const char *op, int weight)
{
	out->add_failed = false;
	if (!strcmp(op, "-d")) {
		out->in_table = false;
		return;
	}
	out->in_table = true;
	out->table_weight = weight;
}

static void kick(const struct nanny_opts *o, struct output_state *out)
{
	while (!child_running(&out->run) && !out->stuck) {
		struct ipvsadm_cmd c;
		int weight;
		const char *op = next_op(o, out, &weight);

		if (!op)
			return;
		build_cmd(o, op, weight, &c);
		if (o->norun) {
			char line[512];

			describe_cmd(o, op, weight, line, sizeof(line));
			printf("%s\n", line);
			fflush(stdout);
			applied(out, op, weight);
			continue;
		}
		log_debug("running %s %s %s %s", c.argv[0], c.argv[1], c.argv[3], c.argv[5]);
		snprintf(out->op, sizeof(out->op), "%s", op);
		out->op_weight = weight;
		if (child_start(&out->run, c.argv, o->ipvsadm_timeout_ms, CHILD_STDERR | CHILD_NET_ADMIN) < 0) {
			log_err("cannot run %s: %m", o->ipvsadm);
			out->run.pid = 0;
			out->stuck = true;
		}
	}
}

void output_child_done(const struct nanny_opts *o, struct output_state *out)
{
	struct child *c = &out->run;
	char line[300];
	const char *said;

	c->pid = 0;
	said = child_first_line(c);
	describe_cmd(o, out->op, out->op_weight, line, sizeof(line));
	if (c->timed_out) {
		log_err("%s: still running after %lld ms: killed with its process group, counts as failed",
			line, (long long)o->ipvsadm_timeout_ms);
	} else if (WIFEXITED(c->status) && WEXITSTATUS(c->status) == 0) {
		applied(out, out->op, out->op_weight);
		kick(o, out);
		return;
	} else {
		log_err("%s failed (status %d)%s%.200s", line,
			WIFEXITED(c->status) ? WEXITSTATUS(c->status) : 128 + WTERMSIG(c->status),
			*said ? ": " : "", said);
	}
	if (!strcmp(out->op, "-a") && o->quiesce && !out->add_failed) {
		out->add_failed = true;	/* next: -e of a quiesced leftover */
	} else {
		/* Retried at the next change, not in a loop. */
		out->add_failed = false;
		out->stuck = true;
	}
	kick(o, out);
}

bool output_busy(const struct output_state *out)
{
	return child_running(&out->run);
}

int nanny_action(const struct nanny_opts *o, struct output_state *out,
		 enum action act, int weight, const char *reason)
{
	if (o->fos)
		return 0;
	if (o->report_fd >= 0)
		return report(o, act, weight, reason);
	switch (act) {
	case ACT_UP:
		out->want_in = true;
		out->want_weight = weight;
		break;
	case ACT_WEIGHT:
		if (out->want_in)
			out->want_weight = weight;
		break;
	case ACT_DOWN:
		out->want_in = false;
		break;
	case ACT_REMOVE:
		out->want_in = false;
		out->removing = true;
		break;
	}
	out->stuck = false;
	kick(o, out);
	return 0;
}
