#include "config.h"

#include "run.h"
#include "evloop.h"
#include "log.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/wait.h>
#include <time.h>

/* Events wait here while the machine's actions run: an action may end in
 * an event (a check that cannot start fails at once), and the machine
 * takes one event at a time. */
#define QUEUE_LEN 8

struct queued {
	struct hm_event ev;
	char reason[HM_TEXT_MAX];
};

struct nanny {
	const struct nanny_opts *o;
	struct evloop *loop;
	struct health_fsm fsm;
	struct ev_timer *wake;
	struct ev_timer *check_flush;	/* writes the waiting check lines */
	msec_t wake_at;			/* n->wake's deadline; -1: disarmed */
	msec_t flush_at;		/* check_flush's deadline, while armed */
	bool pumping;
	bool exiting;			/* HM_DO_EXIT done: only ipvsadm left */
	bool report_watched;
	int exit_code;
	int64_t check_started_us;
	unsigned q_head, q_len;
	struct queued q[QUEUE_LEN];
	/* Last: the reply buffers. Untouched, their pages are never made
	 * resident (memory per nanny matters). */
	struct probe probe;
	struct child check_child;
	struct child load_child;
	struct output_state out;	/* its child buffer stays untouched in report mode */
};

static void pump(struct nanny *n);

static void post(struct nanny *n, enum hm_event_type type, bool ok, const char *reason, double load)
{
	struct queued *q;

	if (n->q_len == QUEUE_LEN) {
		log_err("internal: event queue full, event %d dropped", (int)type);
		return;
	}
	q = &n->q[(n->q_head + n->q_len++) % QUEUE_LEN];
	q->ev = (struct hm_event){ .type = type, .ok = ok, .load = load };
	if (type == HM_EV_CHECK_DONE)
		q->ev.usec = loop_us(n->loop) - n->check_started_us;
	snprintf(q->reason, sizeof(q->reason), "%s", reason ? reason : "");
	pump(n);
}

/* ---- actions ---- */

static void reader_gone(struct nanny *n)
{
	log_notice("report descriptor closed (%s), exiting", strerror(errno));
	post(n, HM_EV_QUIT, false, NULL, 0);
}

static void start_check(struct nanny *n)
{
	const struct nanny_opts *o = n->o;

	n->check_started_us = loop_us(n->loop);
	if (o->send_program) {
		char **argv = cmdline_split(o->send_program, o->server_str, o->rport);

		if (!argv || child_start(&n->check_child, argv, o->timeout_ms, 0) < 0) {
			char msg[96];

			snprintf(msg, sizeof(msg), "cannot run send_program: %s", strerror(errno));
			free(argv);
			post(n, HM_EV_CHECK_DONE, false, msg, 0);
			return;
		}
		free(argv);
		return;
	}
	probe_start(&n->probe);
}

static void cancel_check(struct nanny *n)
{
	probe_cancel(&n->probe);
	child_kill(&n->check_child);
	n->check_child.pid = 0;
}

static void start_load(struct nanny *n)
{
	char **argv = load_command(n->o);

	if (!argv || child_start(&n->load_child, argv, n->o->timeout_ms, 0) < 0) {
		char msg[96];

		/* Nothing runs: the machine hears of it as a failed reading
		 * (and says so while the server is up). */
		snprintf(msg, sizeof(msg), "cannot run the load command: %s", strerror(errno));
		free(argv);
		n->load_child.pid = 0;
		post(n, HM_EV_LOAD_DONE, false, msg, -1);
		return;
	}
	free(argv);
}

static void stop_load(struct nanny *n)
{
	child_kill(&n->load_child);
	n->load_child.pid = 0;
}

static void arm_wake(struct nanny *n, msec_t at)
{
	n->wake_at = at;
	if (at < 0) {
		evloop_timer_disarm(n->wake);
		return;
	}
	arm_at(n->loop, n->wake, at);
}

static void perform(struct nanny *n, const struct hm_action *a)
{
	switch (a->type) {
	case HM_DO_START_CHECK:
		start_check(n);
		break;
	case HM_DO_CANCEL_CHECK:
		cancel_check(n);
		break;
	case HM_DO_START_LOAD:
		start_load(n);
		break;
	case HM_DO_STOP_LOAD:
		stop_load(n);
		break;
	case HM_DO_REPORT:
		if (nanny_action(n->o, &n->out, a->act, a->weight, a->text) < 0 && n->o->report_fd >= 0)
			reader_gone(n);	/* lvsd is gone: nobody to report to */
		/* A failed ipvsadm was logged; we keep monitoring. */
		break;
	case HM_DO_REPORT_CHECK:
		if (nanny_report_check(n->o, &n->out, a->ok, a->usec) < 0)
			reader_gone(n);
		else if (nanny_checks_pending(&n->out) && !evloop_timer_armed(n->check_flush)) {
			evloop_timer_arm(n->check_flush, CHECK_FLUSH_S);
			n->flush_at = loop_ms(n->loop) + (msec_t)(CHECK_FLUSH_S * 1000);
		}
		break;
	case HM_DO_LOG:
		log_msg(a->level, "%s", a->text);
		break;
	case HM_DO_EXIT:
		nanny_flush_checks(n->o, &n->out);
		n->exiting = true;
		if (n->report_watched) {
			evloop_del_fd(n->loop, n->o->report_fd);
			n->report_watched = false;
		}
		break;
	case HM_DO_WAKE:
		arm_wake(n, a->at);
		break;
	}
}

/* The waiting check lines go out in a wake-up we have anyway: the last
 * one before their flush time, when the next (the next check, or the end
 * of the one in flight) would come after it. The flush timer then has
 * nothing to do, and a nanny checking every second wakes once per check,
 * not once more every CHECK_FLUSH_S. */
static void flush_checks_now_if_last_wake(struct nanny *n)
{
	if (!nanny_checks_pending(&n->out)) {
		/* Written with a report, or as a full batch: no wake-up for nothing. */
		evloop_timer_disarm(n->check_flush);
		return;
	}
	if (!evloop_timer_armed(n->check_flush) || n->fsm.checking)
		return;
	if (n->wake_at >= 0 && n->wake_at <= n->flush_at)
		return;
	evloop_timer_disarm(n->check_flush);
	if (nanny_flush_checks(n->o, &n->out) < 0)
		reader_gone(n);
}

/* Feed every queued event to the machine and perform its actions. */
static void pump(struct nanny *n)
{
	struct hm_actions acts;

	if (n->pumping)
		return;	/* the outer call takes it */
	n->pumping = true;
	while (n->q_len) {
		struct queued *q = &n->q[n->q_head];
		struct hm_event ev = q->ev;
		char reason[HM_TEXT_MAX];

		memcpy(reason, q->reason, sizeof(reason));
		n->q_head = (n->q_head + 1) % QUEUE_LEN;
		n->q_len--;
		ev.reason = reason;
		ev.now = loop_ms(n->loop);
		health_handle(&n->fsm, &ev, &acts);
		for (int i = 0; i < acts.n; i++)
			perform(n, &acts.a[i]);
	}
	n->pumping = false;
	if (!n->exiting) {
		flush_checks_now_if_last_wake(n);
		return;
	}
	if (!output_busy(&n->out)) {
		evloop_quit(n->loop, n->exit_code);
		return;
	}
	/* Standalone: the ipvsadm that takes our entry out still runs. Look
	 * again when its time is up (it ends sooner: SIGCHLD pumps too). */
	arm_at(n->loop, n->wake, n->out.run.deadline + 1);
}

/* ---- events ---- */

static void on_wake(struct evloop *loop, struct ev_timer *t, void *data)
{
	(void)loop;
	(void)t;
	post(data, HM_EV_TIMER, false, NULL, 0);
}

static void on_check_flush(struct evloop *loop, struct ev_timer *t, void *data)
{
	struct nanny *n = data;

	(void)loop;
	(void)t;
	if (nanny_flush_checks(n->o, &n->out) < 0)
		reader_gone(n);
}

static void probe_done(struct probe *p, void *arg)
{
	post(arg, HM_EV_CHECK_DONE, p->ok, p->reason, 0);
}

static void check_child_done(struct child *c, void *arg)
{
	struct nanny *n = arg;
	const char *line;
	char msg[128];
	bool ok = false;

	c->pid = 0;
	line = child_first_line(c);
	if (c->timed_out) {
		snprintf(msg, sizeof(msg), "send_program timed out (killed)");
	} else if (WIFSIGNALED(c->status)) {
		snprintf(msg, sizeof(msg), "send_program killed by signal %d", WTERMSIG(c->status));
	} else if (WEXITSTATUS(c->status) != 0) {
		snprintf(msg, sizeof(msg), "send_program exited with status %d", WEXITSTATUS(c->status));
	} else if (reply_match(n->o, line, strlen(line), true) != MATCH_YES) {
		snprintf(msg, sizeof(msg), "send_program output did not match");
	} else {
		ok = true;
		snprintf(msg, sizeof(msg), "send_program passed");
	}
	post(n, HM_EV_CHECK_DONE, ok, msg, 0);
}

static void load_child_done(struct child *c, void *arg)
{
	struct nanny *n = arg;
	const struct nanny_opts *o = n->o;
	char msg[HM_TEXT_MAX];
	double load = -1;

	c->pid = 0;
	if (c->timed_out || !WIFEXITED(c->status) || WEXITSTATUS(c->status) != 0) {
		snprintf(msg, sizeof(msg), "failed to read the load of %s (%s)", o->server_str,
			 c->timed_out ? "timed out" : "program failed");
	} else {
		load = load_parse(c->out);
		if (load < 0)
			snprintf(msg, sizeof(msg), "bad load average from %s: %.60s", o->server_str,
				 child_first_line(c));
		else
			msg[0] = '\0';
	}
	post(n, HM_EV_LOAD_DONE, load >= 0, msg, load);
}

/* Every child that exited, without waiting: the one running the check,
 * the load program, ipvsadm, or one killed earlier whose zombie is
 * collected now (child_kill does not wait). */
static void reap_children(struct nanny *n)
{
	int status;
	pid_t pid;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		if (child_running(&n->check_child) && pid == n->check_child.pid)
			child_exited(&n->check_child, status);
		else if (child_running(&n->load_child) && pid == n->load_child.pid)
			child_exited(&n->load_child, status);
		else if (child_running(&n->out.run) && pid == n->out.run.pid)
			child_exited(&n->out.run, status);
	}
}

static void on_signal(struct evloop *loop, int signo, void *data)
{
	struct nanny *n = data;

	(void)loop;
	switch (signo) {
	case SIGCHLD:
		reap_children(n);
		/* The last ipvsadm of an exit may have ended. */
		pump(n);
		break;
	case SIGUSR1:
		post(n, HM_EV_FORCE_DOWN, false, NULL, 0);
		break;
	case SIGUSR2:
		post(n, HM_EV_FORCE_UP, false, NULL, 0);
		break;
	case SIGHUP:
		post(n, HM_EV_UNFORCE, false, NULL, 0);
		break;
	default:
		if (!n->fsm.quit)
			log_notice("signal %d: exiting", signo);
		post(n, HM_EV_QUIT, false, NULL, 0);
		break;
	}
}

/* The report descriptor is watched for errors only: the reader went away. */
static void on_report_fd(struct evloop *loop, int fd, uint32_t events, void *data)
{
	struct nanny *n = data;

	(void)fd;
	if (!(events & (EPOLLERR | EPOLLHUP)))
		return;
	evloop_del_fd(loop, n->o->report_fd);
	n->report_watched = false;
	log_notice("report descriptor closed, exiting");
	post(n, HM_EV_QUIT, false, NULL, 0);
}

/* ---- setup ---- */

static int setup(struct nanny *n, const struct nanny_opts *o)
{
	static const int signals[] = { SIGTERM, SIGINT, SIGHUP, SIGUSR1, SIGUSR2, SIGCHLD };

	/* Zero the state but not the reply buffers. */
	memset(n, 0, offsetof(struct nanny, probe));
	n->o = o;
	n->wake_at = -1;
	n->loop = evloop_new();
	if (!n->loop) {
		log_err("cannot create the event loop: %m");
		return -1;
	}
	evloop_clock_on_wake_only(n->loop);
	signal(SIGPIPE, SIG_IGN);
	{
		int r = evloop_add_signals(n->loop, signals, sizeof(signals) / sizeof(signals[0]), on_signal, n);

		if (r < 0) {
			errno = -r;
			log_err("signalfd: %m");
			return -1;
		}
	}
	n->wake = evloop_timer_new(n->loop, on_wake, n);
	n->check_flush = evloop_timer_new(n->loop, on_check_flush, n);
	if (!n->wake || !n->check_flush || probe_setup(&n->probe, o, n->loop, probe_done, n) < 0 ||
	    child_setup(&n->check_child, n->loop, check_child_done, n) < 0 ||
	    child_setup(&n->load_child, n->loop, load_child_done, n) < 0 ||
	    output_init(&n->out, o, n->loop) < 0) {
		log_err("out of memory");
		return -1;
	}
	/* events 0: only EPOLLERR/EPOLLHUP, i.e. the reader went away. A
	 * file or /dev/null cannot be watched, and never goes away. */
	if (o->report_fd >= 0 && evloop_add_fd(n->loop, o->report_fd, 0, on_report_fd, n) == 0)
		n->report_watched = true;
	health_init(&n->fsm, o);
	return 0;
}

static void teardown(struct nanny *n)
{
	if (!n->loop)
		return;
	probe_cleanup(&n->probe);
	child_cleanup(&n->check_child);
	child_cleanup(&n->load_child);
	output_cleanup(&n->out);
	evloop_timer_free(n->wake);
	evloop_timer_free(n->check_flush);
	evloop_free(n->loop);
}

int nanny_run(const struct nanny_opts *o)
{
	struct nanny n;
	int rc;

	if (setup(&n, o) < 0) {
		teardown(&n);
		return 2;
	}
	post(&n, HM_EV_START, false, NULL, 0);
	rc = evloop_run(n.loop);
	if (rc < 0) {
		log_err("event loop: %m");
		rc = 2;
	}
	teardown(&n);	/* kills what still runs */
	return rc;
}
