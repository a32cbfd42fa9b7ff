#include "config.h"

#include "nanny.h"
#include "log.h"
#include "report.h"

#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

static void report_of(const struct nanny_opts *o, struct report *r, enum report_kind kind)
{
	/* A numeric address: it fits (INET6_ADDRSTRLEN at most). */
	size_t n = strnlen(o->server_str, sizeof(r->addr) - 1);

	*r = (struct report){ .kind = kind, .port = (unsigned)o->rport };
	memcpy(r->addr, o->server_str, n);
	r->addr[n] = '\0';
}

int nanny_flush_checks(const struct nanny_opts *o, struct output_state *out)
{
	int rc = 0;

	if (out->checks_len && o->report_fd >= 0)
		rc = write_all(o->report_fd, out->checks, out->checks_len);
	out->checks_len = 0;
	out->checks_lines = 0;
	return rc;
}

bool nanny_checks_pending(const struct output_state *out)
{
	return out->checks_len > 0;
}

static int report(const struct nanny_opts *o, struct output_state *out, enum action act, int weight,
		  const char *reason)
{
	char buf[sizeof(out->checks) + REPORT_LINE_MAX];
	_Static_assert(sizeof(buf) <= PIPE_BUF, "a report must be one atomic write");
	struct report r;
	size_t n;

	switch (act) {
	case ACT_UP:
	case ACT_WEIGHT:
		report_of(o, &r, act == ACT_UP ? REPORT_UP : REPORT_WEIGHT);
		r.weight = weight < 0 ? 0 : (unsigned)weight;
		break;
	case ACT_DOWN:
		report_of(o, &r, REPORT_DOWN);
		r.reason = reason;
		break;
	default:
		/* exit: the closed pipe says it, after the checks that led to it */
		return nanny_flush_checks(o, out);
	}
	/* The checks that led to this change first, in the same write: one
	 * wake-up of lvsd, and under PIPE_BUF, so never split or interleaved. */
	n = out->checks_len;
	memcpy(buf, out->checks, n);
	n += report_format(&r, buf + n, sizeof(buf) - n);
	out->checks_len = 0;
	out->checks_lines = 0;
	return write_all(o->report_fd, buf, n);
}

int nanny_report_check(const struct nanny_opts *o, struct output_state *out, bool ok, int64_t usec)
{
	char line[REPORT_LINE_MAX];
	struct report r;
	size_t n;

	if (o->report_fd < 0 || !o->report_checks)
		return 0;
	report_of(o, &r, REPORT_CHECK);
	r.ok = ok;
	r.usec = usec < 0 ? 0 : (uint64_t)usec;
	n = report_format(&r, line, sizeof(line));
	if (out->checks_len + n > sizeof(out->checks) && nanny_flush_checks(o, out) < 0)
		return -1;
	memcpy(out->checks + out->checks_len, line, n);
	out->checks_len += n;
	if (++out->checks_lines >= CHECK_BATCH_LINES)
		return nanny_flush_checks(o, out);
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

static void ipvsadm_done(struct child *c, void *arg);

int output_init(struct output_state *out, const struct nanny_opts *o, struct evloop *loop)
{
	/* Not the child's reply buffer: report-mode nannies never touch it. */
	out->o = o;
	out->want_in = out->removing = out->in_table = false;
	out->want_weight = out->table_weight = out->op_weight = 0;
	out->add_failed = out->stuck = false;
	out->op[0] = '\0';
	out->checks_len = 0;
	out->checks_lines = 0;
	return child_setup(&out->run, loop, ipvsadm_done, out);
}

void output_cleanup(struct output_state *out)
{
	child_cleanup(&out->run);
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

/* The running ipvsadm finished (exited or timed out): account for it and
 * start the next command if one is needed. */
static void ipvsadm_done(struct child *c, void *arg)
{
	struct output_state *out = arg;
	const struct nanny_opts *o = out->o;
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
		return report(o, out, act, weight, reason);
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
