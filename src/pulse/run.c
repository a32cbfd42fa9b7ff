#include "config.h"

/* pulse's own children: active_cmd/inactive_cmd, and reaping every child
 * (lvsd's and the sync daemon's exits go to their files). */

#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>

#include "cmdline.h"
#include "log.h"
#include "pulse.h"

/* One active_cmd or inactive_cmd still running. */
struct pulse_cmd {
	struct pulse_cmd *next;
	struct pulse *p;
	const char *what;               /* "active_cmd" or "inactive_cmd" */
	pid_t pid;                      /* also its process group */
	struct ev_timer *deadline;      /* NULL: no time-out */
};

static void cmd_free(struct pulse *p, struct pulse_cmd *c)
{
	struct pulse_cmd **pp;

	for (pp = &p->cmds; *pp; pp = &(*pp)->next)
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	evloop_timer_free(c->deadline);
	free(c);
}

/* A command that hangs would otherwise stay for good, and the next
 * transition's command would pile up beside it. Its whole group goes:
 * a shell's children too. It is reaped like any other child. */
static void on_cmd_deadline(struct evloop *loop, struct ev_timer *t, void *data)
{
	struct pulse_cmd *c = data;

	(void)loop;
	(void)t;
	log_err("%s (pid %ld) still running after %g s: killing it", c->what, (long)c->pid,
		c->p->cmd_timeout);
	if (kill(-c->pid, SIGKILL) < 0)
		kill(c->pid, SIGKILL);  /* it left its group */
}

/* active_cmd / inactive_cmd: split by us, never by a shell, so that a
 * configuration value cannot smuggle in a second command. Never waited
 * for: the loop reaps it, and kills it after cmd_timeout (0: never). */
void pulse_run_command(struct pulse *p, const char *what, const char *cmdline)
{
	struct spawn_opts o = pulse_spawn_opts(-1, false);
	struct pulse_cmd *c;
	char **argv;
	pid_t pid;

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
	pid = process_spawn(argv, &o);
	if (pid < 0) {
		log_err("cannot fork for %s: %m", argv[0]);
		free(argv);
		return;
	}
	log_info("running %s (pid %ld): %s", what, (long)pid, cmdline);
	free(argv);
	c = calloc(1, sizeof(*c));
	if (!c) {
		log_warn("%s (pid %ld) runs without a time-out: out of memory", what, (long)pid);
		return;
	}
	*c = (struct pulse_cmd){ .next = p->cmds, .p = p, .what = what, .pid = pid };
	if (p->cmd_timeout > 0) {
		c->deadline = evloop_timer_new(p->loop, on_cmd_deadline, c);
		if (c->deadline)
			evloop_timer_arm(c->deadline, p->cmd_timeout);
		else
			log_warn("%s (pid %ld) runs without a time-out: no timer", what, (long)pid);
	}
	p->cmds = c;
}

/* Forget the commands still running (at exit; they go on by themselves). */
void pulse_commands_free(struct pulse *p)
{
	while (p->cmds)
		cmd_free(p, p->cmds);
}

static bool cmd_exited(struct pulse *p, pid_t pid, int status)
{
	struct pulse_cmd *c;

	for (c = p->cmds; c && c->pid != pid; c = c->next)
		;
	if (!c)
		return false;
	if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
		log_warn("%s (pid %ld) exited with status %d", c->what, (long)pid, WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		log_warn("%s (pid %ld) ended by signal %d", c->what, (long)pid, WTERMSIG(status));
	cmd_free(p, c);
	return true;
}

bool pulse_reap(struct pulse *p)
{
	bool lvsd = false;
	int status;
	pid_t pid;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		if (pid == p->lvsd_pid) {
			lvsd |= pulse_lvsd_exited(p, pid, status);
		} else if (pid == p->syncd_pid) {
			pulse_syncd_exited(p);
		} else if (cmd_exited(p, pid, status)) {
			continue;
		} else if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
			log_warn("child %ld exited with status %d", (long)pid, WEXITSTATUS(status));
		}
	}
	return lvsd;
}
