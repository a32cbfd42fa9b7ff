#include "config.h"

/* Child processes of pulse (lvsd, send_arp, active_cmd/inactive_cmd) and
 * the kernel's connection sync daemon. */

#include <errno.h>
#include <fcntl.h>
#include <linux/ip_vs.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cmdline.h"
#include "ipvs.h"
#include "log.h"
#include "pulse.h"

/* fork + exec with the signal mask and dispositions a fresh program
 * expects (the event loop blocks the signals it takes via signalfd). */
static pid_t spawn(char *const argv[], bool die_with_us)
{
	pid_t pid = fork();

	if (pid != 0) {
		if (pid < 0)
			log_err("cannot fork for %s: %m", argv[0]);
		return pid;
	}
	{
		sigset_t none;
		int null = open("/dev/null", O_RDONLY | O_CLOEXEC);

		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		for (int s = 1; s < NSIG; s++)
			signal(s, SIG_DFL);
		if (null >= 0)
			dup2(null, STDIN_FILENO);
		if (die_with_us)
			prctl(PR_SET_PDEATHSIG, SIGTERM);
		setpgid(0, 0);
		execv(argv[0], argv);
		fprintf(stderr, "pulse: cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
}

void pulse_start_lvsd(struct pulse *p)
{
	char *argv[8];
	int n = 0;

	if (p->lvsd_pid > 0)
		return;
	argv[n++] = (char *)p->lvsd_path;
	argv[n++] = (char *)"--nofork";
	argv[n++] = (char *)"-c";
	argv[n++] = (char *)p->config_path;
	if (p->verbose)
		argv[n++] = (char *)"-v";
	argv[n] = NULL;
	if (p->norun) {
		log_notice("(norun) would start %s --nofork -c %s", p->lvsd_path, p->config_path);
		return;
	}
	/* lvsd goes with us: a restarted pulse must not find an orphan
	 * lvsd next to the one it starts (systemd would kill it too). */
	p->lvsd_pid = spawn(argv, true);
	if (p->lvsd_pid > 0)
		log_notice("started lvsd (pid %ld)", (long)p->lvsd_pid);
}

/* Waits for lvsd to go, so that a new one never overlaps the old: SIGTERM,
 * up to 10 s, then SIGKILL. Blocks the loop meanwhile; lvsd tears down in
 * well under a second. */
void pulse_stop_lvsd(struct pulse *p)
{
	pid_t pid = p->lvsd_pid;
	int status;

	if (pid <= 0)
		return;
	kill(pid, SIGTERM);
	for (int i = 0; i < 1000; i++) {
		struct timespec ts = { 0, 10 * 1000 * 1000 };

		if (waitpid(pid, &status, WNOHANG) == pid) {
			p->lvsd_pid = 0;
			log_notice("lvsd (pid %ld) stopped", (long)pid);
			return;
		}
		nanosleep(&ts, NULL);
	}
	log_warn("lvsd (pid %ld) ignored SIGTERM for 10 s: killing it", (long)pid);
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	p->lvsd_pid = 0;
}

void pulse_send_arps(struct pulse *p)
{
	for (size_t i = 0; i < p->nvips; i++) {
		char addr[64];
		char *argv[] = { (char *)p->send_arp_path, (char *)"-i", p->vips[i].iface.dev,
				 (char *)"-c", (char *)"5", (char *)"-I", (char *)"1", addr, NULL };

		lvs_addr_format(&p->vips[i].addr, addr, sizeof(addr));
		if (p->norun) {
			log_notice("(norun) would run %s -i %s -c 5 -I 1 %s", p->send_arp_path,
				   p->vips[i].iface.dev, addr);
			continue;
		}
		spawn(argv, false);
	}
}

/* active_cmd / inactive_cmd: split by us, never by a shell, so that a
 * configuration value cannot smuggle in a second command; not waited for. */
void pulse_run_command(struct pulse *p, const char *what, const char *cmdline)
{
	char **argv;

	if (!cmdline || !*cmdline)
		return;
	if (p->norun) {
		log_notice("(norun) would run %s: %s", what, cmdline);
		return;
	}
	argv = cmdline_split(cmdline, NULL, 0);
	if (!argv) {
		log_err("%s: cannot split \"%s\" into words (unbalanced quote?)", what, cmdline);
		return;
	}
	if (spawn(argv, false) > 0)
		log_info("running %s: %s", what, cmdline);
	free(argv);
}

static const char *syncd_name(int state)
{
	return state == IP_VS_STATE_MASTER ? "master" : state == IP_VS_STATE_BACKUP ? "backup" : "stopped";
}

/* Brings the kernel's sync daemons to the wanted state, touching only what
 * differs. Returns an exit status for the child that runs it. */
static int syncd_apply(const struct lvs_config *c, int state)
{
	struct ipvs_daemon run[2], d;
	struct ipvs_handle *h;
	int err = 0, n = 0, rc = 0;
	bool have = false;

	h = ipvs_open(&err);
	if (!h) {
		log_err("cannot reach IPVS for the sync daemon: %s", strerror(err < 0 ? -err : err));
		return 1;
	}
	if (ipvs_get_daemons(h, run, &n) < 0)
		n = 0;
	for (int i = 0; i < n; i++) {
		if ((int)run[i].state == state && strcmp(run[i].mcast_ifn, c->syncd_iface) == 0 &&
		    run[i].syncid == (c->syncd_id & 0xff)) {
			have = true;
			continue;
		}
		memset(&d, 0, sizeof(d));
		d.state = run[i].state;
		if (ipvs_stop_daemon(h, &d) < 0) {
			log_err("cannot stop the %s sync daemon: %s", syncd_name((int)d.state), ipvs_last_error(h));
			rc = 1;
		}
	}
	if (state && !have) {
		memset(&d, 0, sizeof(d));
		d.state = (uint32_t)state;
		snprintf(d.mcast_ifn, sizeof(d.mcast_ifn), "%s", c->syncd_iface);
		d.syncid = c->syncd_id & 0xff;
		if (ipvs_start_daemon(h, &d) < 0) {
			log_err("cannot start the sync daemon as %s on %s: %s", syncd_name(state),
				c->syncd_iface, ipvs_last_error(h));
			rc = 1;
		} else {
			log_notice("sync daemon: %s on %s, syncid %u", syncd_name(state), c->syncd_iface, d.syncid);
		}
	} else if (!state) {
		log_notice("sync daemon stopped");
	}
	ipvs_close(h);
	return rc;
}

/* In a child, waited for at most 5 s: a sync daemon change that never
 * returns must not stop the heartbeats. (Seen once in the VM lab: pulse
 * waited forever for the kernel's answer to stopping a backup daemon it had
 * started a millisecond before; that start-then-stop no longer happens.) */
void pulse_syncd(struct pulse *p, int state)
{
	pid_t pid;

	if (!p->cfg->syncdaemon)
		return;
	if (p->norun) {
		log_notice("(norun) would set the sync daemon to %s", syncd_name(state));
		return;
	}
	pid = fork();
	if (pid < 0) {
		log_err("cannot fork for the sync daemon: %m");
		return;
	}
	if (pid == 0)
		_exit(syncd_apply(p->cfg, state));
	for (int i = 0; i < 500; i++) {
		struct timespec ts = { 0, 10 * 1000 * 1000 };
		int status;

		if (waitpid(pid, &status, WNOHANG) == pid)
			return;
		nanosleep(&ts, NULL);
	}
	log_err("setting the sync daemon to %s did not finish in 5 s; going on without it",
		syncd_name(state));
}

bool pulse_reap(struct pulse *p)
{
	bool lvsd = false;
	int status;
	pid_t pid;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		if (pid == p->lvsd_pid) {
			p->lvsd_pid = 0;
			lvsd = true;
			if (WIFEXITED(status))
				log_warn("lvsd exited with status %d", WEXITSTATUS(status));
			else if (WIFSIGNALED(status))
				log_warn("lvsd killed by signal %d", WTERMSIG(status));
		} else if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
			log_warn("child %ld exited with status %d", (long)pid, WEXITSTATUS(status));
		}
	}
	return lvsd;
}
