#include "config.h"

#include "monitor.h"
#include "log.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

msec_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (msec_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Without -n: leave the terminal (setsid) and, without -c, fork too.
 * Descriptors 0-2 go to /dev/null except the report descriptor. */
static int detach(const struct nanny_opts *o)
{
	int null;

	if (!o->nofork) {
		pid_t pid = fork();

		if (pid < 0)
			return -1;
		if (pid > 0)
			_exit(0);
	}
	setsid();	/* fails harmlessly if we already lead a group */
	if (chdir("/") < 0)
		return -1;
	null = open("/dev/null", O_RDWR);
	if (null < 0)
		return -1;
	for (int fd = 0; fd <= 2; fd++)
		if (fd != o->report_fd)
			dup2(null, fd);
	if (null > 2)
		close(null);
	return 0;
}

static int setup_signals(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGUSR2);
	sigaddset(&set, SIGCHLD);
	if (sigprocmask(SIG_BLOCK, &set, NULL) < 0)
		return -1;
	/* Blocked now: an ignore inherited from a shell (SIGINT of a background
	 * job) must not swallow the signal before signalfd reads it. */
	for (int signo = 1; signo < NSIG; signo++)
		if (sigismember(&set, signo) == 1)
			signal(signo, SIG_DFL);
	signal(SIGPIPE, SIG_IGN);
	return signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
}

/* Every child that exited, without waiting: the one running the check,
 * the load program, ipvsadm, or one killed earlier whose zombie is
 * collected now (child_kill does not wait). */
static void reap_children(struct monitor *m)
{
	int status;
	pid_t pid;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		if (child_running(&m->check_child) && pid == m->check_child.pid) {
			child_exited(&m->check_child, status);
			monitor_check_child_done(m);
		} else if (child_running(&m->load_child) && pid == m->load_child.pid) {
			child_exited(&m->load_child, status);
			monitor_load_done(m);
		} else if (child_running(&m->out.run) && pid == m->out.run.pid) {
			child_exited(&m->out.run, status);
			output_child_done(m->o, &m->out);
		}
	}
}

static void handle_signals(struct monitor *m, int sfd)
{
	struct signalfd_siginfo si;
	bool chld = false;

	while (read(sfd, &si, sizeof(si)) == sizeof(si)) {
		if (si.ssi_signo == SIGCHLD)
			chld = true;
		else
			monitor_signal(m, si.ssi_signo);
	}
	if (chld)
		reap_children(m);
}

static msec_t earliest(msec_t a, msec_t b)
{
	if (a < 0)
		return b;
	if (b < 0)
		return a;
	return a < b ? a : b;
}

/* Fire whatever is due: check timeouts, the next check, a weight step. */
static void run_timers(struct monitor *m)
{
	msec_t now = now_ms();

	if (m->checking && m->check_child.pid && now >= m->check_child.deadline) {
		child_kill(&m->check_child, true);
		monitor_check_child_done(m);
	}
	if (m->checking && !m->o->send_program && now >= m->probe.deadline) {
		probe_timeout(&m->probe, m->o);
		monitor_check_done(m, m->probe.ok, m->probe.reason);
	}
	if (m->load_child.pid && !m->load_child.exited && now >= m->load_child.deadline) {
		child_kill(&m->load_child, true);
		monitor_load_done(m);
	}
	if (child_running(&m->out.run) && now >= m->out.run.deadline) {
		child_kill(&m->out.run, true);
		output_child_done(m->o, &m->out);
	}
	if (!m->checking && m->next_check >= 0 && now >= m->next_check && !m->quit)
		monitor_start_check(m);
	if (m->next_adjust >= 0 && now >= m->next_adjust)
		monitor_adjust(m);
}

/* Until asked to quit; then, in standalone mode, until the ipvsadm runs
 * that take our entry out are done (each bounded by its time-out). */
static int loop(struct monitor *m, int sfd)
{
	const struct nanny_opts *o = m->o;

	for (;;) {
		struct pollfd pfd[6];
		int n = 0, i_probe = -1, i_child = -1, i_load = -1, i_report = -1, i_run = -1;
		msec_t due = -1, now;
		int timeout;

		if (m->quit && !m->shut_down)
			monitor_shutdown(m);
		if (m->shut_down && !output_busy(&m->out))
			break;
		run_timers(m);
		if (m->quit && !m->shut_down)
			continue;
		pfd[n++] = (struct pollfd){ .fd = sfd, .events = POLLIN };
		if (m->checking && m->probe.fd >= 0 && probe_events(&m->probe)) {
			i_probe = n;
			pfd[n++] = (struct pollfd){ .fd = m->probe.fd, .events = probe_events(&m->probe) };
		}
		if (m->check_child.pid && m->check_child.out_fd >= 0) {
			i_child = n;
			pfd[n++] = (struct pollfd){ .fd = m->check_child.out_fd, .events = POLLIN };
		}
		if (m->load_child.pid && m->load_child.out_fd >= 0) {
			i_load = n;
			pfd[n++] = (struct pollfd){ .fd = m->load_child.out_fd, .events = POLLIN };
		}
		if (child_running(&m->out.run) && m->out.run.out_fd >= 0) {
			i_run = n;
			pfd[n++] = (struct pollfd){ .fd = m->out.run.out_fd, .events = POLLIN };
		}
		if (o->report_fd >= 0 && !m->shut_down) {
			/* events 0: only POLLERR, i.e. the reader went away. */
			i_report = n;
			pfd[n++] = (struct pollfd){ .fd = o->report_fd, .events = 0 };
		}

		if (m->checking)
			due = o->send_program ? m->check_child.deadline : m->probe.deadline;
		else
			due = m->next_check;
		due = earliest(due, m->next_adjust);
		if (m->load_child.pid && !m->load_child.exited)
			due = earliest(due, m->load_child.deadline);
		if (child_running(&m->out.run))
			due = earliest(due, m->out.run.deadline);
		now = now_ms();
		timeout = due < 0 ? -1 : due <= now ? 0 : (due - now > 3600000 ? 3600000 : (int)(due - now));

		if (poll(pfd, n, timeout) < 0) {
			if (errno == EINTR)
				continue;
			log_err("poll: %m");
			return 2;
		}
		if (pfd[0].revents)
			handle_signals(m, sfd);
		if (i_probe >= 0 && pfd[i_probe].revents && m->checking && m->probe.fd == pfd[i_probe].fd) {
			probe_io(&m->probe, o, pfd[i_probe].revents);
			if (m->probe.phase == PROBE_DONE)
				monitor_check_done(m, m->probe.ok, m->probe.reason);
		}
		if (i_child >= 0 && pfd[i_child].revents && m->check_child.out_fd == pfd[i_child].fd)
			child_read(&m->check_child);
		if (i_load >= 0 && pfd[i_load].revents && m->load_child.out_fd == pfd[i_load].fd)
			child_read(&m->load_child);
		if (i_run >= 0 && pfd[i_run].revents && m->out.run.out_fd == pfd[i_run].fd)
			child_read(&m->out.run);
		if (i_report >= 0 && (pfd[i_report].revents & (POLLERR | POLLHUP | POLLNVAL))) {
			log_notice("report descriptor closed, exiting");
			m->quit = true;
		}
	}
	return m->exit_code;
}

int main(int argc, const char **argv)
{
	struct nanny_opts o = { 0 };
	struct monitor m;
	int rc, sfd;

	rc = nanny_parse_options(argc, argv, &o);
	if (rc) {
		nanny_free_options(&o);	/* what was parsed before the error */
		return rc < 0 ? 0 : rc;
	}
	if (o.report_fd >= 0)
		fcntl(o.report_fd, F_SETFD, FD_CLOEXEC);
	if (!o.nodaemon && detach(&o) < 0) {
		fprintf(stderr, "nanny: cannot detach: %s\n", strerror(errno));
		nanny_free_options(&o);
		return 2;
	}
	log_open("nanny", o.nodaemon ? LOG_TO_BOTH : LOG_TO_SYSLOG, o.verbose ? LOG_DEBUG : LOG_NOTICE);
	if (caps_restrict(o.report_fd < 0 && !o.fos && !o.norun) < 0)
		log_warn("cannot drop capabilities: %m");
	/* Under lvsd (no fork of our own) we die with our parent. */
	if (o.report_fd >= 0 && (o.nodaemon || o.nofork))
		prctl(PR_SET_PDEATHSIG, SIGTERM);
	sfd = setup_signals();
	if (sfd < 0) {
		log_err("signalfd: %m");
		nanny_free_options(&o);
		return 2;
	}
	if (o.fwmark)
		log_notice("starting LVS client monitor for fwmark %u -> %s:%d", o.fwmark,
			   o.server_str, o.rport);
	else
		log_notice("starting %s monitor for %s:%d -> %s:%d", o.fos ? "failover" : "LVS client",
			   o.vip ? o.vip : "-", o.port, o.server_str, o.rport);

	monitor_init(&m, &o);
	rc = loop(&m, sfd);
	if (!m.shut_down)
		monitor_shutdown(&m);	/* after a poll failure: kill what we run */
	close(sfd);
	nanny_free_options(&o);
	log_close();
	return rc;
}
