#include "config.h"

/* pulse's lvsd: started with a ready pipe, stopped without waiting,
 * told its role by signal, and a predecessor's orphan retired before a new
 * one starts. Nothing here blocks the loop: exits arrive through SIGCHLD
 * (pulse_reap) and deadlines through one timer. */

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/wait.h>
#include <unistd.h>

#include "log.h"
#include "pulse.h"

#define LVSD_STOP_TIMEOUT 10.0   /* s between SIGTERM and SIGKILL */
#define ORPHAN_TIMEOUT 5.0       /* s a predecessor's lvsd gets to leave */
#define ORPHAN_POLL 0.02

static void ready_close(struct pulse *p)
{
	if (p->lvsd_ready_fd < 0)
		return;
	evloop_del_fd(p->loop, p->lvsd_ready_fd);
	close(p->lvsd_ready_fd);
	p->lvsd_ready_fd = -1;
}

/* lvsd writes one line, "ready", once its table is built. */
static void on_ready(struct evloop *loop, int fd, uint32_t events, void *data)
{
	struct pulse *p = data;
	char buf[64];
	ssize_t n = read(fd, buf, sizeof(buf));

	(void)loop;
	(void)events;
	if (n > 0) {
		if (memmem(buf, (size_t)n, "ready", 5)) {
			struct fo_event ev = { .type = FO_EV_LVSD_READY };

			log_notice("lvsd (pid %ld) has built the table", (long)p->lvsd_pid);
			p->lvsd_said_ready = true;
			p->feed(p, &ev);
			pulse_tell_lvsd(p);     /* the role may have changed since its start */
			if (p->lvsd_reload_pending)
				pulse_reload_lvsd(p);
		}
		return;
	}
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	ready_close(p);  /* EOF: lvsd is going; SIGCHLD tells the rest */
}

static bool comm_is(pid_t pid, const char *name)
{
	char path[64], comm[32] = "";
	size_t len = strlen(name);
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%ld/comm", (long)pid);
	f = fopen(path, "re");
	if (!f)
		return false;
	if (!fgets(comm, sizeof(comm), f))
		comm[0] = '\0';
	fclose(f);
	return strncmp(comm, name, len) == 0 && (comm[len] == '\n' || comm[len] == '\0');
}

static pid_t parent_of(pid_t pid)
{
	char path[64], buf[512], *close_paren;
	long ppid = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%ld/stat", (long)pid);
	f = fopen(path, "re");
	if (!f)
		return 0;
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = '\0';
	fclose(f);
	/* "PID (COMM) STATE PPID ...": COMM may hold spaces and parentheses. */
	close_paren = strrchr(buf, ')');
	if (!close_paren || sscanf(close_paren + 1, " %*c %ld", &ppid) != 1)
		return 0;
	return (pid_t)ppid;
}

/* Is pid a live lvsd (not a recycled number) that no live pulse runs?
 * Two instances on one file system each name their own pid file, but a
 * shared one must never make us kill the other router's lvsd. */
static bool is_lvsd(pid_t pid)
{
	pid_t parent;

	if (!comm_is(pid, "lvsd"))
		return false;
	parent = parent_of(pid);
	return parent == getpid() || !(parent > 1 && comm_is(parent, "pulse"));
}

/* A pulse killed with -9 leaves its lvsd running (the table keeps
 * forwarding until the peer's announcement moves the traffic). Its pid
 * file names it; SIGQUIT makes it leave without touching the table, which
 * the new lvsd then adopts. */
static pid_t find_orphan(const struct pulse *p)
{
	FILE *f = fopen(p->lvsd_pidfile, "re");
	long pid = 0;

	if (!f)
		return 0;
	if (fscanf(f, "%ld", &pid) != 1)
		pid = 0;
	fclose(f);
	if (pid <= 1 || pid == (long)getpid() || pid == (long)p->lvsd_pid || !is_lvsd((pid_t)pid))
		return 0;
	return (pid_t)pid;
}

static void start_now(struct pulse *p);

static void on_lvsd_timer(struct evloop *loop, struct ev_timer *t, void *data)
{
	struct pulse *p = data;

	(void)loop;
	if (p->lvsd_orphan > 0) {
		if (kill(p->lvsd_orphan, 0) == 0 && is_lvsd(p->lvsd_orphan)) {
			if (evloop_now(p->loop) < p->lvsd_deadline) {
				evloop_timer_arm(t, ORPHAN_POLL);
				return;
			}
			log_warn("the earlier lvsd (pid %ld) did not leave: killing it", (long)p->lvsd_orphan);
			kill(p->lvsd_orphan, SIGKILL);
		}
		log_notice("the earlier lvsd (pid %ld) is gone", (long)p->lvsd_orphan);
		p->lvsd_orphan = 0;
		if (p->lvsd_start_pending)
			start_now(p);
		return;
	}
	if (p->lvsd_pid > 0 && p->lvsd_stopping) {
		log_warn("lvsd (pid %ld) ignored SIGTERM for %g s: killing it", (long)p->lvsd_pid,
			 LVSD_STOP_TIMEOUT);
		kill(p->lvsd_pid, SIGKILL);
	}
}

static void start_now(struct pulse *p)
{
	char fdarg[32], *argv[24];
	int fds[2], n = 0;

	p->lvsd_start_pending = false;
	if (pipe2(fds, O_CLOEXEC) < 0) {
		log_err("cannot make lvsd's ready pipe: %m");
		fds[0] = fds[1] = -1;
	}
	argv[n++] = (char *)p->lvsd_path;
	/* In the foreground, lvsd logs where pulse does (a container may have
	 * no syslog); as a daemon, both go to syslog. */
	argv[n++] = (char *)(p->nodaemon ? "--nodaemon" : "--nofork");
	argv[n++] = (char *)"-c";
	argv[n++] = (char *)p->config_path;
	argv[n++] = (char *)"--pidfile";
	argv[n++] = (char *)p->lvsd_pidfile;
	if (p->lvsd_socket) {
		argv[n++] = (char *)"--socket";
		argv[n++] = (char *)p->lvsd_socket;
	}
	if (p->lvsd_metrics_path) {
		argv[n++] = (char *)"--metrics-file";
		argv[n++] = (char *)p->lvsd_metrics_path;
		if (p->metrics_interval_text) {
			argv[n++] = (char *)"--metrics-interval";
			argv[n++] = (char *)p->metrics_interval_text;
		}
	}
	if (fds[1] >= 0) {
		snprintf(fdarg, sizeof(fdarg), "--ready-fd=%d", PULSE_CHILD_FD);
		argv[n++] = fdarg;
	}
	/* pulse owns the sync daemon of a pair. */
	argv[n++] = (char *)"--no-sync-daemon";
	argv[n++] = (char *)(p->fo.state == FO_ACTIVE ? "--role=active" : "--role=backup");
	if (p->verbose)
		argv[n++] = (char *)"-v";
	argv[n] = NULL;
	/* A hot standby's lvsd is not tied to us by a parent-death signal: if
	 * pulse dies, lvsd keeps the table forwarding until the peer takes
	 * over, and the next pulse retires it (find_orphan); lvsd notices our
	 * death on its pipe. A cold one goes with us, as it always did. */
	{
		struct spawn_opts o = pulse_spawn_opts(fds[1], !p->fo.cfg.hot_standby);

		p->lvsd_pid = process_spawn(argv, &o);
		if (p->lvsd_pid < 0)
			log_err("cannot fork for %s: %m", argv[0]);
	}
	if (fds[1] >= 0)
		close(fds[1]);
	if (p->lvsd_pid <= 0) {
		p->lvsd_pid = 0;
		if (fds[0] >= 0)
			close(fds[0]);
		return;
	}
	p->lvsd_stopping = false;
	p->lvsd_said_ready = false;
	p->lvsd_reload_pending = false; /* it reads the file as it is now */
	log_notice("started lvsd (pid %ld)", (long)p->lvsd_pid);
	if (fds[0] >= 0) {
		fcntl(fds[0], F_SETFL, O_NONBLOCK);
		p->lvsd_ready_fd = fds[0];
		evloop_add_fd(p->loop, fds[0], EPOLLIN, on_ready, p);
	}
}

void pulse_lvsd_init(struct pulse *p)
{
	p->lvsd_ready_fd = -1;
	p->lvsd_timer = evloop_timer_new(p->loop, on_lvsd_timer, p);
}

void pulse_start_lvsd(struct pulse *p)
{
	if (p->norun) {
		if (!p->lvsd_pid)
			log_notice("(norun) would start %s --nofork -c %s", p->lvsd_path, p->config_path);
		return;
	}
	if (p->lvsd_pid > 0 && !p->lvsd_stopping)
		return;
	if (p->lvsd_pid > 0 || p->lvsd_orphan > 0) {
		/* Never two at once: start when the old one is gone. */
		p->lvsd_start_pending = true;
		return;
	}
	p->lvsd_orphan = find_orphan(p);
	if (p->lvsd_orphan > 0) {
		log_notice("an lvsd left by an earlier pulse runs (pid %ld): asking it to leave the "
			   "table to its successor", (long)p->lvsd_orphan);
		kill(p->lvsd_orphan, SIGQUIT);
		p->lvsd_start_pending = true;
		p->lvsd_deadline = evloop_now(p->loop) + ORPHAN_TIMEOUT;
		evloop_timer_arm(p->lvsd_timer, ORPHAN_POLL);
		return;
	}
	start_now(p);
}

void pulse_stop_lvsd(struct pulse *p)
{
	p->lvsd_start_pending = false;
	if (p->lvsd_pid <= 0 || p->lvsd_stopping)
		return;
	kill(p->lvsd_pid, SIGTERM);
	p->lvsd_stopping = true;
	p->lvsd_deadline = evloop_now(p->loop) + LVSD_STOP_TIMEOUT;
	if (p->lvsd_orphan <= 0)
		evloop_timer_arm(p->lvsd_timer, LVSD_STOP_TIMEOUT);
}

void pulse_tell_lvsd(struct pulse *p)
{
	/* Only once lvsd said ready: before that its handlers may not be in
	 * place, and a signal would kill it. It got --role at its start. */
	if (p->lvsd_pid > 0 && !p->lvsd_stopping && p->lvsd_said_ready)
		kill(p->lvsd_pid, p->fo.state == FO_ACTIVE ? SIGUSR1 : SIGUSR2);
}

/* A file pulse took: lvsd takes it too. One still starting may have read
 * the file before it changed, and a SIGHUP before its handlers are in place
 * would kill it: it gets the signal once it says ready. */
void pulse_reload_lvsd(struct pulse *p)
{
	if (p->lvsd_pid <= 0 || p->lvsd_stopping)
		return;
	p->lvsd_reload_pending = !p->lvsd_said_ready;
	if (p->lvsd_said_ready)
		kill(p->lvsd_pid, SIGHUP);
	else
		log_notice("lvsd (pid %ld) is still starting: it reloads once it has built the table",
			   (long)p->lvsd_pid);
}

bool pulse_lvsd_exited(struct pulse *p, pid_t pid, int status)
{
	bool expected = p->lvsd_stopping;

	if (pid != p->lvsd_pid || pid <= 0)
		return false;
	p->lvsd_pid = 0;
	p->lvsd_stopping = false;
	ready_close(p);
	if (p->lvsd_orphan <= 0)
		evloop_timer_disarm(p->lvsd_timer);
	if (expected)
		log_notice("lvsd (pid %ld) stopped", (long)pid);
	else if (WIFEXITED(status))
		log_warn("lvsd exited with status %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		log_warn("lvsd killed by signal %d", WTERMSIG(status));
	if (p->lvsd_start_pending && p->lvsd_orphan <= 0)
		start_now(p);
	return !expected;
}

bool pulse_lvsd_running(const struct pulse *p)
{
	return p->lvsd_pid > 0;
}

void pulse_lvsd_free(struct pulse *p)
{
	ready_close(p);
	evloop_timer_free(p->lvsd_timer);
	p->lvsd_timer = NULL;
}
