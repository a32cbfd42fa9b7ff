/* Starting programs and becoming a daemon: the fork/exec, detach and pid
 * file code every program of the suite shares. */
#ifndef LVS_PROCESS_H
#define LVS_PROCESS_H

#include <stdbool.h>
#include <sys/types.h>

/* What a standard descriptor of the child becomes. */
#define SPAWN_INHERIT (-1)      /* keep the parent's */
#define SPAWN_DEVNULL (-2)      /* /dev/null */

struct spawn_opts {
	const char *who;        /* program name for the "cannot run" message; NULL: none */
	int stdin_fd, stdout_fd, stderr_fd;     /* a descriptor, or SPAWN_* */
	int pass_fd;            /* a descriptor given to the child as pass_as, or -1 */
	int pass_as;
	bool new_group;         /* own process group (set on both sides of fork) */
	bool die_with_parent;   /* SIGTERM when the parent dies (PR_SET_PDEATHSIG) */
	/* The child is our parent's child, not ours (clone's CLONE_PARENT):
	 * a helper process starts programs for the daemon that forked it,
	 * which then reaps them and is the parent die_with_parent means. */
	bool sibling;
	bool search_path;       /* execvp rather than execv */
	int nice;               /* added to the child's niceness (0: as the parent's) */
	/* The caller keeps every disposition SIG_DFL (a zygote resets them
	 * once, at its start): the child need not reset each of them, 64
	 * system calls per start. */
	bool signals_default;
	/* Run in the child just before exec (dropping capabilities, say); a
	 * negative return makes the child exit 126 without exec. */
	int (*before_exec)(void *arg);
	void *before_exec_arg;
	/* Not NULL: no exec. The child runs run(argc, argv) in the parent's
	 * image, the way an exec'd program would start: descriptors but 0-2
	 * and pass_as closed (they are close-on-exec), the name from argv[0];
	 * its return is the exit status. A zygote's way to start its own
	 * program without paying for an exec. */
	int (*run)(int argc, char **argv);
};

/* Every signal disposition to SIG_DFL (those that cannot be set stay). */
void process_signals_default(void);

/* The options for a plain child: inherit stdout/stderr, stdin from
 * /dev/null, no descriptor passed, same process group. */
struct spawn_opts spawn_defaults(const char *who);

/* fork (clone, for a sibling) + exec argv with the state a fresh program expects: an empty signal
 * mask and every disposition default (daemons block the signals they read
 * through signalfd, and an inherited SIG_IGN would survive exec). Every
 * descriptor but 0-2 and pass_as must be close-on-exec. Returns the pid,
 * or -1 with errno when fork fails (EINVAL for a sibling of init); an exec failure is the child's exit
 * status 127, after a message on its stderr. */
pid_t process_spawn(char *const argv[], const struct spawn_opts *o);

/* Leave the terminal: fork (when fork_too) so that the parent's caller
 * sees us exit, setsid, chdir /, and point 0-2 at /dev/null except
 * keep_fd (or -1). Returns 0, or -1 with errno. */
int process_detach(bool fork_too, int keep_fd);

/* Write our pid to path, creating or truncating it. Returns 0, or -1 with
 * errno. */
int pidfile_write(const char *path);

/* Remove path only if it still holds our pid: a successor may have written
 * its own there already. */
void pidfile_remove_own(const char *path);

#endif
