#include "config.h"

/* pulse's own children: active_cmd/inactive_cmd, and reaping every child
 * (lvsd's and the sync daemon's exits go to their files). */

#include <stdlib.h>
#include <sys/wait.h>

#include "cmdline.h"
#include "log.h"
#include "pulse.h"

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
	{
		struct spawn_opts o = pulse_spawn_opts(-1, false);

		if (process_spawn(argv, &o) > 0)
			log_info("running %s: %s", what, cmdline);
		else
			log_err("cannot fork for %s: %m", argv[0]);
	}
	free(argv);
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
		} else if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
			log_warn("child %ld exited with status %d", (long)pid, WEXITSTATUS(status));
		}
	}
	return lvsd;
}
