#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "caps.h"
#include "clock.h"
#include "log.h"
#include "lvsd.h"
#include "process.h"
#include "report.h"

#ifndef SBINDIR
#define SBINDIR "/usr/sbin"
#endif

/* The descriptor a nanny writes its reports to. */
#define REPORT_FD 3
/* Restart back-off: 1 s doubling to 30 s; a nanny that ran a minute is
 * considered healthy again and restarts at once. */
#define RESTART_MIN 1.0
#define RESTART_MAX 30.0
#define HEALTHY_RUN 60.0
/* Starting a nanny costs a fork and an exec (tens of ms under emulation,
 * with 1,000 of them at start-up); a loop turn spends at most this long
 * on them, so that reports, signals and status requests are served
 * between the batches. */
#define START_BUDGET_MS 20
/* Requests the starter may hold at once: enough to keep it busy, few
 * enough that its socket never fills (a request is under 1 KiB). */
#define STARTER_WINDOW 16

struct nanny_proc {
	struct start_item queued;  /* in lvsd's start queue (first member: the cast back) */
	struct lvsd *lvsd;
	struct vs_state *vs;
	struct rs_state *rs;
	pid_t pid;
	bool starting;             /* asked the starter; its pid is not known yet */
	int fd;
	char buf[512];
	size_t len;
	double started;
	double backoff;
	unsigned failed_starts;    /* in a row, since the last nanny started */
	char problem[160];         /* why no nanny runs now ("" while one does) */
	struct monitor_checks checks;
	char addr_text[INET6_ADDRSTRLEN];  /* the server as its reports name it */
	unsigned port;
	struct ev_timer *restart;
	struct nanny_proc *next;
};

/* ---- command line ---- */

static const char *nanny_program(const struct lvsd *l, const struct lvs_virtual *v)
{
	if (l->nanny_path)
		return l->nanny_path;
	if (v->client_monitor)
		return v->client_monitor;
	return l->default_nanny;
}

static bool runnable(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

void monitors_find_default(struct lvsd *l)
{
	static const char *const beside[] = { "nanny", "../nanny/nanny" };
	char exe[sizeof(l->default_nanny)];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash = NULL;

	if (n > 0) {
		exe[n] = '\0';
		slash = strrchr(exe, '/');
	}
	for (size_t i = 0; slash && i < sizeof(beside) / sizeof(beside[0]); i++) {
		int w;

		slash[1] = '\0';
		w = snprintf(l->default_nanny, sizeof(l->default_nanny), "%s%s", exe, beside[i]);
		if (w > 0 && (size_t)w < sizeof(l->default_nanny) && runnable(l->default_nanny)) {
			char real[PATH_MAX];

			if (realpath(l->default_nanny, real) && strlen(real) < sizeof(l->default_nanny))
				strcpy(l->default_nanny, real);
			return;
		}
	}
	snprintf(l->default_nanny, sizeof(l->default_nanny), "%s", SBINDIR "/nanny");
}

int monitors_check_programs(const struct lvsd *l, const struct lvs_config *cfg, char *err, size_t len)
{
	for (size_t i = 0; i < cfg->n_virtuals; i++) {
		const struct lvs_virtual *v = &cfg->virtuals[i];
		const char *prog = nanny_program(l, v);

		if (!v->active || !v->health_check || !v->n_servers || runnable(prog))
			continue;
		snprintf(err, len, "cannot run the health checker %s for virtual '%s': %s (give "
			 "--nanny=PATH, or client_monitor in lvs.cf)", prog, v->name,
			 access(prog, F_OK) < 0 ? strerror(errno) : "not an executable file");
		return -1;
	}
	return 0;
}

/* Appends printf output to buf and returns a pointer to it, or NULL. */
static const char *fmt(char *buf, size_t len, size_t *used, const char *f, ...)
	__attribute__((format(printf, 4, 5)));
static const char *fmt(char *buf, size_t len, size_t *used, const char *f, ...)
{
	va_list ap;
	int n;
	char *at = buf + *used;

	if (*used >= len)
		return NULL;
	va_start(ap, f);
	n = vsnprintf(at, len - *used, f, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= len - *used)
		return NULL;
	*used += (size_t)n + 1;
	return at;
}

int monitors_argv(const struct lvsd *l, const struct vs_state *vs, const struct rs_state *rs,
		  const char **argv, int max_args, char *buf, size_t buf_len)
{
	const struct lvs_virtual *v = vs->cfg;
	const struct lvs_server *s = rs->cfg;
	char addr[INET6_ADDRSTRLEN];
	size_t used = 0;
	int n = 0;
	bool overflow = false;

#define ARG(x) do { const char *a_ = (x); if (!a_ || n >= max_args - 1) overflow = true; else argv[n++] = a_; } while (0)
	ARG(nanny_program(l, v));
	ARG("--report-fd");
	ARG(fmt(buf, buf_len, &used, "%d", REPORT_FD));
	ARG("--nofork");
	if (l->foreground)
		ARG("--nodaemon");
	lvs_addr_format(&s->addr, addr, sizeof(addr));
	ARG("-h");
	ARG(fmt(buf, buf_len, &used, "%s", addr));
	ARG("-p");
	ARG(fmt(buf, buf_len, &used, "%u", v->port ? v->port : lvs_server_port(v, s)));
	ARG("-r");
	ARG(fmt(buf, buf_len, &used, "%u", lvs_server_port(v, s)));
	if (v->fwmark) {
		ARG("-f");
		ARG(fmt(buf, buf_len, &used, "%" PRIu32, v->fwmark));
	}
	if (v->protocol == IPPROTO_UDP)
		ARG("-u");
	if (v->send_program) {
		ARG("-e");
		ARG(v->send_program);
	} else if (v->send) {
		ARG("-s");
		ARG(v->send);
	}
	if (v->expect) {
		ARG("-x");
		ARG(v->expect);
	}
	if (v->use_regex)
		ARG("--regex");
	ARG("--timeout");
	ARG(fmt(buf, buf_len, &used, "%g", v->timeout));
	ARG("--check-interval");
	ARG(fmt(buf, buf_len, &used, "%g", v->interval > 0 ? v->interval : v->timeout));
	ARG("-a");
	ARG(fmt(buf, buf_len, &used, "%g", v->reentry));
	ARG("--rise");
	ARG(fmt(buf, buf_len, &used, "%u", v->rise ? v->rise : 1));
	ARG("--fall");
	ARG(fmt(buf, buf_len, &used, "%u", v->fall ? v->fall : 1));
	ARG("-w");
	ARG(fmt(buf, buf_len, &used, "%d", s->weight));
	/* A restarted nanny for a server in service must not take it through
	 * slow start again. */
	if (rs->health == RS_UP)
		ARG("--initial-up");
	/* Slow start is nanny's default; it only ever applies to a server
	 * back after a failure. */
	if (!v->slow_start)
		ARG("--no-slow-start");
	/* Every check's result and duration, for --status and the metrics. */
	ARG("--report-checks");
	switch (v->load_monitor) {
	case LVS_LOAD_UPTIME:
		ARG("-U");
		ARG(l->cfg->rsh_command == LVS_RSH_SSH ? "ssh" : "rsh");
		break;
	case LVS_LOAD_RUP:
		ARG("-U");
		ARG("rup");
		break;
	case LVS_LOAD_RUPTIME:
		ARG("-U");
		ARG("ruptime");
		break;
	default:
		break;
	}
	if (l->verbose)
		ARG("-v");
	ARG("--lvs");
#undef ARG
	if (overflow)
		return -1;
	argv[n] = NULL;
	return n;
}

/* ---- reports ---- */

/* The report protocol itself is src/lib/report.c; these keep lvsd's view
 * of it: a health and weight, an address in the caller's buffer. */
static int copy_addr(const struct report *r, char *addr, size_t addr_len, unsigned *port)
{
	size_t alen = strlen(r->addr);

	if (alen >= addr_len)
		return -1;	/* refused, not cut */
	memcpy(addr, r->addr, alen + 1);
	*port = r->port;
	return 0;
}

int monitors_parse_report(const char *line, enum rs_health *health, int *weight,
			  char *addr, size_t addr_len, unsigned *port)
{
	struct report r;

	if (report_parse(line, &r, NULL) < 0 || r.kind == REPORT_CHECK ||
	    copy_addr(&r, addr, addr_len, port) < 0)
		return -1;
	*health = r.kind == REPORT_DOWN ? RS_DOWN : RS_UP;
	*weight = (int)r.weight;
	return 0;
}

int monitors_parse_check(const char *line, bool *ok, uint64_t *usec,
			 char *addr, size_t addr_len, unsigned *port)
{
	struct report r;

	if (report_parse(line, &r, NULL) < 0 || r.kind != REPORT_CHECK ||
	    copy_addr(&r, addr, addr_len, port) < 0)
		return -1;
	*ok = r.ok;
	*usec = r.usec;
	return 0;
}

/* The server as its nanny's reports name it, kept so that a report line
 * (one every few checks, from each of 1,000 nannies) is matched without
 * formatting the address again. */
static void remember_server(struct nanny_proc *m)
{
	lvs_addr_format(&m->rs->cfg->addr, m->addr_text, sizeof(m->addr_text));
	m->port = lvs_server_port(m->vs->cfg, m->rs->cfg);
}

/* Whether a report names this monitor's server. */
static bool report_is_ours(const struct nanny_proc *m, const char *addr, unsigned port)
{
	return port == m->port && strcmp(addr, m->addr_text) == 0;
}

static void handle_check(struct nanny_proc *m, const struct report *r)
{
	struct monitor_checks *c = &m->checks;

	if (!report_is_ours(m, r->addr, r->port))
		return;
	c->total++;
	c->failures += !r->ok;
	c->have_last = true;
	c->last_ok = r->ok;
	c->last_at = evloop_now(m->lvsd->loop);
	c->last_us = r->usec;
	c->sum_us += r->usec;
}

static void handle_line(struct nanny_proc *m, const char *line)
{
	struct lvsd *l = m->lvsd;
	enum rs_health health;
	struct report r;
	const char *why;

	if (report_parse(line, &r, &why) < 0) {
		log_warn("virtual %s: server %s: unreadable report \"%s\" (%s)", m->vs->cfg->name,
			 m->rs->cfg->name, line, why);
		return;
	}
	if (r.kind == REPORT_CHECK) {
		handle_check(m, &r);
		return;
	}
	if (!report_is_ours(m, r.addr, r.port)) {
		log_warn("virtual %s: server %s: report for %s port %u ignored", m->vs->cfg->name,
			 m->rs->cfg->name, r.addr, r.port);
		return;
	}
	health = r.kind == REPORT_DOWN ? RS_DOWN : RS_UP;
	if (health == RS_DOWN && m->rs->health != RS_DOWN)
		log_notice("virtual %s: server %s down: %.*s", m->vs->cfg->name, m->rs->cfg->name,
			   r.reason_len ? (int)r.reason_len : 1, r.reason_len ? r.reason : "-");
	director_report(&l->director, m->vs, m->rs, health, (int)r.weight, evloop_now(l->loop));
	announce_update(l);
}

static void close_pipe(struct nanny_proc *m)
{
	if (m->fd < 0)
		return;
	evloop_del_fd(m->lvsd->loop, m->fd);
	close(m->fd);
	m->fd = -1;
	m->len = 0;
}

static void on_report(struct evloop *loop, int fd, uint32_t events, void *data)
{
	struct nanny_proc *m = data;
	ssize_t n;

	(void)loop;
	(void)events;
	for (;;) {
		size_t room = sizeof(m->buf) - 1 - m->len;
		char *nl;

		n = read(fd, m->buf + m->len, room);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		m->len += (size_t)n;
		m->buf[m->len] = '\0';
		while ((nl = strchr(m->buf, '\n'))) {
			*nl = '\0';
			handle_line(m, m->buf);
			memmove(m->buf, nl + 1, m->len - (size_t)(nl + 1 - m->buf) + 1);
			m->len -= (size_t)(nl + 1 - m->buf);
		}
		if (m->len == sizeof(m->buf) - 1) {
			log_warn("server %s: report line too long, dropped", m->rs->cfg->name);
			m->len = 0;
		}
		/* Less than asked for: the pipe is empty now, so no read to
		 * hear EAGAIN (one system call per batch of reports). What
		 * comes later, or the writer's end, wakes the loop again. */
		if ((size_t)n < room)
			return;
	}
	if (n == 0 || (n < 0 && errno != EAGAIN))
		close_pipe(m); /* the exit itself comes through SIGCHLD */
}

/* ---- processes ---- */

double monitors_next_backoff(double backoff, bool ran_long)
{
	if (ran_long)
		return 0;
	backoff = backoff < RESTART_MIN ? RESTART_MIN : backoff * 2;
	return backoff > RESTART_MAX ? RESTART_MAX : backoff;
}

const char *monitors_problem(const struct rs_state *rs)
{
	const struct nanny_proc *m = rs->monitor;

	return m && m->pid <= 0 && m->problem[0] ? m->problem : NULL;
}

const struct monitor_checks *monitors_checks(const struct rs_state *rs)
{
	const struct nanny_proc *m = rs->monitor;

	return m ? &m->checks : NULL;
}

/* What a failed fork or pipe means here: EAGAIN from fork is a process
 * limit, not a passing hiccup, and says where to look. */
static const char *start_hint(const char *what, int err)
{
	if (!strcmp(what, "fork") && err == EAGAIN)
		return " (too many processes: the RLIMIT_NPROC of lvsd's user, or the pids.max of its "
		       "cgroup, such as systemd's TasksMax=)";
	if (err == EMFILE || err == ENFILE)
		return " (too many open files)";
	return "";
}

/* A nanny could not be started: say so once per attempt, with what it
 * means for the server, and try again later. */
static void start_failed(struct nanny_proc *m, const char *what, int err)
{
	m->failed_starts++;
	m->backoff = monitors_next_backoff(m->backoff, false);
	snprintf(m->problem, sizeof(m->problem), "cannot start its nanny: %s: %s", what, strerror(err));
	log_err("virtual %s: server %s: %s%s; it stays out of service until a nanny reports, "
		"retrying in %.0f s (attempt %u)", m->vs->cfg->name, m->rs->cfg->name, m->problem,
		start_hint(what, err), m->backoff, m->failed_starts);
	evloop_timer_arm(m->restart, m->backoff);
}

/* In the child: a nanny starts with no capability. */
static int no_caps(void *arg)
{
	(void)arg;
	return caps_exec_none();
}

/* The report pipe's read end is lvsd's from the start, before the pid is
 * known: reports may come first. */
static void watch_reports(struct nanny_proc *m, int fd)
{
	fcntl(fd, F_SETFL, O_NONBLOCK);
	m->fd = fd;
	m->len = 0;
	m->started = evloop_now(m->lvsd->loop);
	if (evloop_add_fd(m->lvsd->loop, m->fd, EPOLLIN, on_report, m) < 0) {
		close(m->fd);
		m->fd = -1;
	}
}

static void started(struct nanny_proc *m, pid_t pid)
{
	m->pid = pid;
	if (m->failed_starts)
		log_notice("virtual %s: server %s: nanny %ld started after %u failed attempt%s",
			   m->vs->cfg->name, m->rs->cfg->name, (long)pid, m->failed_starts,
			   m->failed_starts == 1 ? "" : "s");
	else
		log_info("virtual %s: server %s: nanny %ld started", m->vs->cfg->name,
			 m->rs->cfg->name, (long)pid);
	m->failed_starts = 0;
	m->problem[0] = '\0';
}

/* ---- the nanny starter ---- */

static void queue_start(struct lvsd *l, struct nanny_proc *m);
static bool nanny_exited(struct lvsd *l, struct nanny_proc *m, pid_t pid, int status);

/* The starter is gone or broken: lvsd starts every nanny itself from now
 * on, beginning with those whose start was not answered (the starter's
 * pid stays known until it is reaped). A nanny it did start that way
 * finds its report pipe closed and exits. */
static int starter_open(struct lvsd *l, const char *zygote);

static void starter_lost(struct lvsd *l)
{
	bool was_zygote = l->starter.zygote;
	void *owner;

	if (l->starter.fd >= 0)
		evloop_del_fd(l->loop, l->starter.fd);
	if (l->starter.fd >= 0 && l->starter.pid > 0)
		kill(l->starter.pid, SIGKILL);
	spawner_close(&l->starter);
	/* Reaped as the lost one (its exit logged then), not taken for a
	 * nanny on its way. */
	l->lost_starter = l->starter.pid;
	l->lost_zygote = was_zygote;
	l->starter = (struct spawner){ .fd = -1 };
	/* A zygote that fails (a --nanny that is no nanny, say) leaves the
	 * plain starter, which execs every nanny. */
	if (was_zygote && !l->stopping)
		starter_open(l, NULL);
	while (spawn_track_take_oldest(&l->starts, &owner)) {
		struct nanny_proc *m = owner;

		if (!m)
			continue;
		m->starting = false;
		close_pipe(m);
		queue_start(l, m);
	}
}

static void read_answers(struct lvsd *l)
{
	struct spawn_reply r;
	int got = 0;

	while (l->starter.fd >= 0 && (got = spawner_recv(&l->starter, &r)) > 0) {
		void *owner;
		int status = 0;
		int exited = spawn_track_answered(&l->starts, r.id, r.result, &owner, &status);
		struct nanny_proc *m = owner;

		if (exited < 0) {
			log_err("the nanny starter answered request %" PRIu32 " out of order: lvsd starts "
				"its nannies itself", r.id);
			starter_lost(l);
			return;
		}
		if (!m) {
			/* Stopped while it was being started. */
			if (r.result > 0 && !exited)
				kill(r.result, SIGTERM);
			continue;
		}
		m->starting = false;
		if (r.result <= 0) {
			close_pipe(m);
			start_failed(m, "fork", -r.result);
			continue;
		}
		started(m, r.result);
		if (exited && !nanny_exited(l, m, r.result, status))
			return;
	}
	if (got < 0) {
		/* Its end closed: it died, which its reaping tells with how. */
		if (errno != EPIPE)
			log_err("the nanny starter is unreadable (%s): lvsd starts its nannies itself",
				strerror(errno));
		starter_lost(l);
	}
	/* A full window paused the queue. */
	if (l->start_timer && !start_queue_empty(&l->start_queue) && !evloop_timer_armed(l->start_timer))
		evloop_timer_arm(l->start_timer, 0);
}

static void on_starter(struct evloop *loop, int fd, uint32_t events, void *data)
{
	(void)loop;
	(void)fd;
	(void)events;
	read_answers(data);
}

/* Fork the starter, as the zygote of the given nanny or plain. -1: lvsd
 * starts its nannies itself. */
static int starter_open(struct lvsd *l, const char *zygote)
{
	if (spawner_start(&l->starter, zygote) < 0) {
		log_warn("cannot fork the nanny starter (%s): lvsd starts its nannies itself",
			 strerror(errno));
		return -1;
	}
	if (evloop_add_fd(l->loop, l->starter.fd, EPOLLIN, on_starter, l) < 0) {
		log_warn("cannot watch the nanny starter: lvsd starts its nannies itself");
		kill(l->starter.pid, SIGKILL);
		spawner_close(&l->starter);
		l->lost_starter = l->starter.pid;
		l->lost_zygote = l->starter.zygote;
		l->starter = (struct spawner){ .fd = -1 };
		return -1;
	}
	if (zygote)
		log_debug("nanny zygote %ld running (%s --zygote)", (long)l->starter.pid, zygote);
	else
		log_debug("nanny starter %ld running", (long)l->starter.pid);
	return 0;
}

void monitors_starter_start(struct lvsd *l)
{
	const char *zygote = l->nanny_path ? l->nanny_path : l->default_nanny;

	spawn_track_init(&l->starts);
	l->starter = (struct spawner){ .fd = -1 };
	if (l->no_starter || l->test_start)
		return;
	/* The zygote is the nanny every virtual without a client_monitor
	 * runs. */
	if (l->no_zygote || !runnable(zygote))
		zygote = NULL;
	starter_open(l, zygote);
}

void monitors_starter_stop(struct lvsd *l)
{
	if (l->starter.fd >= 0)
		evloop_del_fd(l->loop, l->starter.fd);
	spawner_close(&l->starter);
	spawn_track_free(&l->starts);
}

/* Hand the start to the starter. -1: lvsd starts this one itself (the
 * line does not fit a request, or the starter cannot take it). */
static int ask_starter(struct nanny_proc *m, const char **argv, int report_fd)
{
	struct lvsd *l = m->lvsd;
	char msg[SPAWN_MSG_MAX];
	ssize_t len = spawn_msg_encode_request(msg, sizeof(msg), spawn_track_next_id(&l->starts),
					       (int32_t)l->cfg->nanny_nice, REPORT_FD, argv);

	if (len < 0)
		return -1;
	if (spawner_send(&l->starter, msg, (size_t)len, report_fd) < 0) {
		log_err("the nanny %s cannot be reached (%s)", l->starter.zygote ? "zygote" : "starter",
			strerror(errno));
		starter_lost(l);
		return -1;
	}
	if (spawn_track_push(&l->starts, m) < 0) {
		/* Its answer would have nobody to go to: start the rest here. */
		log_err("out of memory: lvsd starts its nannies itself");
		starter_lost(l);
		return -1;
	}
	m->starting = true;
	return 0;
}

static int spawn(struct nanny_proc *m)
{
	struct spawn_opts so;
	struct lvsd *l = m->lvsd;
	const char *argv[SPAWN_MAX_ARGS];
	char buf[1024];
	int p[2];
	pid_t pid;

	if (monitors_argv(l, m->vs, m->rs, argv, SPAWN_MAX_ARGS, buf, sizeof(buf)) < 0) {
		/* Not worth retrying: the next try builds the same line. */
		snprintf(m->problem, sizeof(m->problem), "its nanny command line is too long");
		log_err("virtual %s: server %s: %s", m->vs->cfg->name, m->rs->cfg->name, m->problem);
		return -1;
	}
	if (l->test_start) {
		char line[2048];
		size_t used = 0;

		for (int i = 0; argv[i] && used < sizeof(line); i++)
			used += (size_t)snprintf(line + used, sizeof(line) - used, "%s%s", i ? " " : "", argv[i]);
		printf("would run: %s\n", line);
		return 0;
	}
	if (pipe2(p, O_CLOEXEC) < 0) {
		start_failed(m, "pipe", errno);
		return -1;
	}
	if (l->starter.fd >= 0 && ask_starter(m, argv, p[1]) == 0) {
		close(p[1]);
		watch_reports(m, p[0]);
		return 0;
	}
	/* The loop's blocked signals are cleared by process_spawn; a nanny
	 * reports over a pipe and needs no capability, nor does anything it
	 * runs. */
	so = spawn_defaults("lvsd");
	so.stdin_fd = SPAWN_INHERIT;
	so.pass_fd = p[1];
	so.pass_as = REPORT_FD;
	so.die_with_parent = true;
	so.before_exec = no_caps;
	so.nice = (int)l->cfg->nanny_nice;
	pid = process_spawn((char *const *)argv, &so);
	if (pid < 0) {
		int err = errno;

		close(p[0]);
		close(p[1]);
		start_failed(m, "fork", err);
		return -1;
	}
	close(p[1]);
	watch_reports(m, p[0]);
	started(m, pid);
	return 0;
}

void monitors_renice(struct lvsd *l, const struct lvs_config *old_cfg)
{
	int base, failed = 0, first_err = 0;

	if (old_cfg->nanny_nice == l->cfg->nanny_nice || l->test_start)
		return;
	errno = 0;
	base = getpriority(PRIO_PROCESS, 0);
	if (errno)
		return;
	for (struct nanny_proc *m = l->monitors; m; m = m->next)
		if (m->pid > 0 && setpriority(PRIO_PROCESS, m->pid, base + (int)l->cfg->nanny_nice) < 0 &&
		    errno != ESRCH && !failed++)
			first_err = errno;
	if (failed)
		log_warn("nanny_nice %u: %d running %s kept the old niceness (%s; lowering it needs "
			 "CAP_SYS_NICE); nannies started from now get the new one", l->cfg->nanny_nice,
			 failed, failed == 1 ? "nanny" : "nannies", strerror(first_err));
	else
		log_notice("nanny_nice %u: running nannies reniced", l->cfg->nanny_nice);
}

static void on_restart(struct evloop *loop, struct ev_timer *t, void *data)
{
	(void)loop;
	(void)t;
	spawn(data);	/* on failure it has re-armed the timer */
}

static int64_t mono_ms(void *ctx)
{
	(void)ctx;
	return clock_mono_ms();
}

static void start_queued(struct start_item *item, void *ctx)
{
	struct nanny_proc *m = (struct nanny_proc *)item;

	(void)ctx;
	m->problem[0] = '\0';
	spawn(m);	/* on failure it has armed the restart timer */
}

static void on_start_queue(struct evloop *loop, struct ev_timer *t, void *data)
{
	struct lvsd *l = data;
	size_t room = SIZE_MAX;

	(void)loop;
	if (l->starter.fd >= 0) {
		size_t open = spawn_track_open(&l->starts);

		room = open < STARTER_WINDOW ? STARTER_WINDOW - open : 0;
		if (!room)
			return;	/* its next answer resumes the queue */
	}
	start_queue_run(&l->start_queue, START_BUDGET_MS, room, mono_ms, start_queued, NULL);
	if (!start_queue_empty(&l->start_queue))
		evloop_timer_arm(t, 0);
}

static void queue_start(struct lvsd *l, struct nanny_proc *m)
{
	if (!l->start_timer) {
		l->start_timer = evloop_timer_new(l->loop, on_start_queue, l);
		if (!l->start_timer) {
			spawn(m);
			return;
		}
		start_queue_init(&l->start_queue);
	}
	snprintf(m->problem, sizeof(m->problem), "its nanny is waiting to start");
	start_queue_push(&l->start_queue, &m->queued);
	if (!evloop_timer_armed(l->start_timer))
		evloop_timer_arm(l->start_timer, 0);
}

void monitors_start(void *ctx, struct vs_state *vs, struct rs_state *rs)
{
	struct lvsd *l = ctx;
	struct nanny_proc *m = calloc(1, sizeof(*m));

	if (!m) {
		log_err("server %s: out of memory for its monitor", rs->cfg->name);
		return;
	}
	*m = (struct nanny_proc){ .lvsd = l, .vs = vs, .rs = rs, .fd = -1 };
	remember_server(m);
	m->restart = evloop_timer_new(l->loop, on_restart, m);
	if (!m->restart) {
		free(m);
		return;
	}
	m->next = l->monitors;
	l->monitors = m;
	rs->monitor = m;
	/* --test-start prints every command line at once; a real start goes
	 * through the queue, a few per loop turn. */
	if (l->test_start)
		spawn(m);
	else
		queue_start(l, m);
}

void monitors_stop(void *ctx, struct vs_state *vs, struct rs_state *rs)
{
	struct lvsd *l = ctx;
	struct nanny_proc *m = rs->monitor, **pp;

	(void)vs;
	if (!m)
		return;
	for (pp = &l->monitors; *pp; pp = &(*pp)->next) {
		if (*pp == m) {
			*pp = m->next;
			break;
		}
	}
	if (l->start_timer)
		start_queue_remove(&l->start_queue, &m->queued);
	if (m->starting)
		spawn_track_cancel(&l->starts, m);
	/* The zombie is reaped by the SIGCHLD handler, which ignores pids it no
	 * longer knows. */
	if (m->pid > 0)
		kill(m->pid, SIGTERM);
	close_pipe(m);
	evloop_timer_free(m->restart);
	free(m);
	rs->monitor = NULL;
}

void monitors_moved(void *ctx, struct vs_state *vs, struct rs_state *rs)
{
	struct nanny_proc *m = rs->monitor;

	(void)ctx;
	m->vs = vs;
	m->rs = rs;
	remember_server(m);
}

static void describe_exit(int status, char *buf, size_t len)
{
	if (WIFEXITED(status))
		snprintf(buf, len, "exit status %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(buf, len, "signal %d", WTERMSIG(status));
	else
		snprintf(buf, len, "status %#x", status);
}

/* A nanny exited. Returns false when lvsd is to stop (hard_shutdown). */
static bool nanny_exited(struct lvsd *l, struct nanny_proc *m, pid_t pid, int status)
{
	char how[64];

	describe_exit(status, how, sizeof(how));
	m->pid = 0;
	close_pipe(m);
	log_err("virtual %s: server %s: nanny %ld died (%s)", m->vs->cfg->name,
		m->rs->cfg->name, (long)pid, how);
	/* Until a new nanny reports, nobody vouches for the server. */
	director_report(&l->director, m->vs, m->rs, RS_DOWN, 0, evloop_now(l->loop));
	announce_update(l);
	if (l->cfg->hard_shutdown) {
		log_err("hard_shutdown is set: shutting the director down");
		l->exit_code = 1;
		evloop_quit(l->loop, 1);
		return false;
	}
	m->backoff = monitors_next_backoff(m->backoff, evloop_now(l->loop) - m->started >= HEALTHY_RUN);
	snprintf(m->problem, sizeof(m->problem), "its nanny died (%s), restarting", how);
	log_notice("virtual %s: server %s: restarting its nanny in %.0f s", m->vs->cfg->name,
		   m->rs->cfg->name, m->backoff);
	evloop_timer_arm(m->restart, m->backoff);
	return true;
}

void monitors_reap(struct lvsd *l)
{
	int status;
	pid_t pid;

	/* Answers already sent name children that may be among these exits. */
	read_answers(l);
	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		struct nanny_proc *m;

		if (pid == l->starter.pid || pid == l->lost_starter) {
			bool zygote = pid == l->starter.pid ? l->starter.zygote : l->lost_zygote;
			char how[64];

			describe_exit(status, how, sizeof(how));
			if (!l->stopping)
				log_err("the nanny %s %ld died (%s): lvsd starts its nannies %s",
					zygote ? "zygote" : "starter", (long)pid, how,
					zygote ? "through the plain starter" : "itself");
			if (pid == l->starter.pid) {
				l->starter.pid = 0;	/* reaped: nothing to kill */
				starter_lost(l);
			}
			l->lost_starter = 0;
			continue;
		}
		for (m = l->monitors; m && m->pid != pid; m = m->next)
			;
		if (!m) {
			/* Perhaps a nanny whose pid is still on its way. */
			spawn_track_note_exit(&l->starts, pid, status);
			continue;
		}
		if (l->stopping)
			continue;
		if (!nanny_exited(l, m, pid, status))
			return;
	}
}
