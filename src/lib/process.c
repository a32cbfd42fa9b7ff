#include "config.h"

#include "process.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

void process_signals_default(void)
{
	for (int s = 1; s < NSIG; s++)
		signal(s, SIG_DFL);
}

struct spawn_opts spawn_defaults(const char *who)
{
	struct spawn_opts o = {
		.who = who,
		.stdin_fd = SPAWN_DEVNULL,
		.stdout_fd = SPAWN_INHERIT,
		.stderr_fd = SPAWN_INHERIT,
		.pass_fd = -1,
		.pass_as = -1,
	};
	return o;
}

/* Make target refer to what want says; in the child, before exec.
 * /dev/null is opened at the first need only: most children need none. */
static void place_fd(int want, int target, int *null)
{
	if (want == SPAWN_INHERIT)
		return;
	if (want == SPAWN_DEVNULL) {
		if (*null < 0)
			*null = open("/dev/null", O_RDWR | O_CLOEXEC);
		want = *null;
	}
	if (want < 0)
		return;
	if (want == target)
		fcntl(target, F_SETFD, 0);
	else
		dup2(want, target);     /* dup2 clears close-on-exec */
}

/* A message on the child's stderr without stdio: a copy of the parent's
 * buffers may hold its unwritten output, which the child must not flush. */
static void child_say(const char *who, const char *what, const char *prog, int err)
{
	char msg[512];
	int n;

	n = snprintf(msg, sizeof(msg), "%s: %s %s: %s\n", who, what, prog, strerror(err));
	if (n > 0 && write(STDERR_FILENO, msg, (size_t)n < sizeof(msg) ? (size_t)n : sizeof(msg) - 1) < 0)
		return;
}

/* The rest of an exec's work for a child that does not exec: what is
 * close-on-exec goes (every descriptor but 0-2 and pass_as, by
 * process_spawn's rule), and the name follows the program. */
static void __attribute__((noreturn)) run_in_place(char *const argv[], const struct spawn_opts *o)
{
	const char *name = strrchr(argv[0], '/');
	int argc = 0;

	if (o->pass_as > 3)
		close_range(3, (unsigned)o->pass_as - 1, 0);
	close_range(o->pass_as >= 3 ? (unsigned)o->pass_as + 1 : 3, ~0U, 0);
	prctl(PR_SET_NAME, name ? name + 1 : argv[0]);
	while (argv[argc])
		argc++;
	exit(o->run(argc, (char **)argv));
}

/* Between fork and exec: system calls, no stdio. */
static void __attribute__((noreturn)) child_exec(char *const argv[], const struct spawn_opts *o,
						 pid_t parent)
{
	sigset_t none;
	int null = -1;

	if (o->new_group)
		setpgid(0, 0);
	/* Dispositions before the mask, so that no signal can reach a
	 * handler of the parent's once it is unblocked. */
	if (!o->signals_default)
		process_signals_default();
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	/* A parent that died before the prctl sends no signal: then the
	 * child is someone else's already, and has nobody to work for. */
	if (o->die_with_parent && (prctl(PR_SET_PDEATHSIG, SIGTERM) < 0 || getppid() != parent))
		_exit(127);
	/* The kernel clamps past 19. A failure leaves the parent's niceness,
	 * which is no reason not to run the program. */
	if (o->nice) {
		int now;

		errno = 0;
		now = getpriority(PRIO_PROCESS, 0);
		if (errno == 0)
			setpriority(PRIO_PROCESS, 0, now + o->nice);
	}
	/* The passed descriptor first: a standard one may be put where it is. */
	if (o->pass_fd >= 0 && o->pass_as >= 0 && o->pass_fd != o->pass_as) {
		if (dup2(o->pass_fd, o->pass_as) < 0)
			_exit(127);
	} else if (o->pass_fd >= 0 && o->pass_as >= 0) {
		fcntl(o->pass_as, F_SETFD, 0);
	}
	place_fd(o->stdin_fd, STDIN_FILENO, &null);
	place_fd(o->stdout_fd, STDOUT_FILENO, &null);
	place_fd(o->stderr_fd, STDERR_FILENO, &null);
	if (o->before_exec && o->before_exec(o->before_exec_arg) < 0) {
		child_say(o->who ? o->who : "spawn", "cannot prepare to run", argv[0], errno);
		_exit(126);
	}
	if (o->run)
		run_in_place(argv, o);
	if (o->search_path)
		execvp(argv[0], argv);
	else
		execv(argv[0], argv);
	if (o->who)
		child_say(o->who, "cannot run", argv[0], errno);
	_exit(127);
}

pid_t process_spawn(char *const argv[], const struct spawn_opts *o)
{
	pid_t parent = o->sibling ? getppid() : getpid();
	pid_t pid;

	/* clone with no new stack is fork with flags; glibc has no wrapper
	 * for that, and the child only sets itself up and execs. */
	if (o->sibling)
		pid = (pid_t)syscall(SYS_clone, CLONE_PARENT | SIGCHLD, NULL, NULL, NULL, NULL);
	else
		pid = fork();
	if (pid == 0)
		child_exec(argv, o, parent);
	/* Both sides set the group, so that a kill right after fork cannot miss. */
	if (pid > 0 && o->new_group)
		setpgid(pid, pid);
	return pid;
}

int process_detach(bool fork_too, int keep_fd)
{
	int null;

	if (fork_too) {
		pid_t pid = fork();

		if (pid < 0)
			return -1;
		if (pid > 0)
			_exit(0);
	}
	setsid();       /* fails harmlessly if we already lead a group */
	if (chdir("/") < 0)
		return -1;
	null = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (null < 0)
		return -1;
	for (int fd = 0; fd <= 2; fd++)
		if (fd != keep_fd)
			dup2(null, fd);
	if (null > 2)
		close(null);
	return 0;
}

int pidfile_write(const char *path)
{
	FILE *f = fopen(path, "we");

	if (!f)
		return -1;
	fprintf(f, "%ld\n", (long)getpid());
	return fclose(f);
}

void pidfile_remove_own(const char *path)
{
	FILE *f = fopen(path, "re");
	long pid = 0;

	if (!f)
		return;
	if (fscanf(f, "%ld", &pid) != 1)
		pid = 0;
	fclose(f);
	if (pid == (long)getpid())
		unlink(path);
}
