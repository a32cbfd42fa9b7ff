#include "config.h"

#include "nanny.h"
#include "log.h"

#include <errno.h>
#include <signal.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/syscall.h>
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

/* ipvsadm normally takes milliseconds; one stuck on a lock must not stop
 * nanny forever, so it gets IPVSADM_TIMEOUT_MS, then SIGKILL. */
#define IPVSADM_TIMEOUT_MS 10000

static void wait_bounded(pid_t pid, int *status)
{
	int pidfd = syscall(SYS_pidfd_open, pid, 0);

	if (pidfd >= 0) {
		struct pollfd p = { .fd = pidfd, .events = POLLIN };
		msec_t end = now_ms() + IPVSADM_TIMEOUT_MS;
		int rc;

		while ((rc = poll(&p, 1, (int)(end - now_ms()))) < 0 && errno == EINTR && now_ms() < end)
			;
		if (rc == 0) {
			log_err("%s still running after %d ms: killed", "ipvsadm", IPVSADM_TIMEOUT_MS);
			kill(pid, SIGKILL);
		}
		close(pidfd);
	}
	while (waitpid(pid, status, 0) < 0 && errno == EINTR)
		;
}

static int run_ipvsadm(const struct nanny_opts *o, char *argv[])
{
	int status = 0;
	pid_t pid;

	if (o->norun) {
		char line[512];
		size_t off = 0;

		for (int i = 0; argv[i] && off < sizeof(line) - 1; i++)
			off += snprintf(line + off, sizeof(line) - off, "%s%s", i ? " " : "", argv[i]);
		printf("%s\n", line);
		fflush(stdout);
		return 0;
	}
	log_debug("running %s %s", argv[0], argv[1]);
	pid = fork();
	if (pid < 0) {
		log_err("fork: %m");
		return -1;
	}
	if (pid == 0) {
		sigset_t none;

		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		signal(SIGPIPE, SIG_DFL);
		caps_child_ambient();
		execv(argv[0], argv);
		_exit(127);
	}
	wait_bounded(pid, &status);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		log_err("%s %s %s %s failed (status %d)", argv[0], argv[1], argv[2], argv[3],
			WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
		return -1;
	}
	return 0;
}

static int ipvsadm(const struct nanny_opts *o, const char *op, int weight)
{
	char svc_flag[4], svc[80], real[80], w[16], method[3] = { '-', o->method, 0 };
	char *argv[10];
	int n = 0;

	service_args(o, svc_flag, svc, sizeof(svc));
	if (o->server.ss_family == AF_INET6)
		snprintf(real, sizeof(real), "[%s]:%d", o->server_str, o->rport);
	else
		snprintf(real, sizeof(real), "%s:%d", o->server_str, o->rport);
	snprintf(w, sizeof(w), "%d", weight);
	argv[n++] = (char *)o->ipvsadm;
	argv[n++] = (char *)op;
	argv[n++] = svc_flag;
	argv[n++] = svc;
	argv[n++] = "-r";
	argv[n++] = real;
	if (strcmp(op, "-d")) {
		argv[n++] = method;
		argv[n++] = "-w";
		argv[n++] = w;
	}
	argv[n] = NULL;
	return run_ipvsadm(o, argv);
}

/* Standalone mode: the same changes applied to IPVS with ipvsadm. */
static int standalone(const struct nanny_opts *o, struct output_state *out,
		      enum action act, int weight)
{
	switch (act) {
	case ACT_UP:
		if (out->in_table)
			return ipvsadm(o, "-e", weight);
		/* A quiesced entry may be left over from an earlier nanny. */
		if (ipvsadm(o, "-a", weight) < 0 && !(o->quiesce && ipvsadm(o, "-e", weight) == 0))
			return -1;
		out->in_table = true;
		return 0;
	case ACT_WEIGHT:
		return out->in_table ? ipvsadm(o, "-e", weight) : 0;
	case ACT_DOWN:
		if (!out->in_table)
			return 0;
		if (o->quiesce)
			return ipvsadm(o, "-e", 0);
		out->in_table = false;
		return ipvsadm(o, "-d", 0);
	case ACT_REMOVE:
		if (!out->in_table)
			return 0;
		out->in_table = false;
		return ipvsadm(o, "-d", 0);
	}
	return 0;
}

int nanny_action(const struct nanny_opts *o, struct output_state *out,
		 enum action act, int weight, const char *reason)
{
	if (o->fos)
		return 0;
	if (o->report_fd >= 0)
		return report(o, act, weight, reason);
	return standalone(o, out, act, weight);
}
