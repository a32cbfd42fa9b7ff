/* src/lib/process.c: what a spawned child starts with, and pid files. */
#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "clock.h"
#include "process.h"
#include "tap.h"

/* Run a shell line as a child and return what it printed on stdout. */
static int spawn_capture(const char *script, struct spawn_opts *o, char *out, size_t n, int *status)
{
	char *argv[] = { "/bin/sh", "-c", (char *)script, NULL };
	int p[2];
	ssize_t got, used = 0;
	pid_t pid;

	if (pipe2(p, O_CLOEXEC) < 0)
		return -1;
	o->stdout_fd = p[1];
	pid = process_spawn(argv, o);
	close(p[1]);
	if (pid < 0)
		return -1;
	while ((got = read(p[0], out + used, n - 1 - (size_t)used)) > 0)
		used += got;
	out[used] = '\0';
	close(p[0]);
	waitpid(pid, status, 0);
	return 0;
}

/* A child run in place (spawn_opts.run): it says on descriptor 5 (the
 * one passed) which of 3-64 it holds, its mask and a disposition, and
 * returns what its argv says. */
static int run_here(int argc, char **argv)
{
	char line[256];
	size_t n = 0;
	sigset_t mask;

	for (int fd = 3; fd <= 64; fd++)
		if (fcntl(fd, F_GETFD) >= 0)
			n += (size_t)snprintf(line + n, sizeof(line) - n, "%d ", fd);
	sigprocmask(SIG_SETMASK, NULL, &mask);
	n += (size_t)snprintf(line + n, sizeof(line) - n, "argc %d %s mask %d int %s\n", argc, argv[1],
			      sigismember(&mask, SIGTERM), signal(SIGINT, SIG_DFL) == SIG_DFL ? "dfl" : "other");
	if (write(5, line, n) < 0)
		return 1;
	return atoi(argv[1]);
}

static int fail_before_exec(void *arg)
{
	(void)arg;
	return -1;
}

int main(void)
{
	char out[512], path[] = "/tmp/test-process-XXXXXX";
	struct spawn_opts o;
	sigset_t block, old;
	int status = 0, pass[2];

	/* The caller blocks and ignores signals, as a daemon on evloop does. */
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigprocmask(SIG_BLOCK, &block, &old);
	signal(SIGINT, SIG_IGN);

	o = spawn_defaults("test");
	ok(spawn_capture("grep -E '^(SigBlk|SigIgn)' /proc/self/status", &o, out, sizeof(out), &status) == 0,
	   "spawned a shell");
	ok(strstr(out, "SigBlk:\t0000000000000000") != NULL, "child starts with no signal blocked");
	{
		/* Signals 32 to SIGRTMIN-1 are glibc's own: nobody can reset them
		 * (sigaction says EINVAL), and glibc installs its handlers for
		 * them in every new program. An ignored one is inherited from
		 * whoever ran us (make does that), so look at the others. */
		const char *ign = strstr(out, "SigIgn:\t");
		unsigned long long mask = ign ? strtoull(ign + 8, NULL, 16) : ~0ULL;

		for (int s = 32; s < SIGRTMIN; s++)
			mask &= ~(1ULL << (s - 1));
		ok(ign && mask == 0, "child starts with no signal ignored (SigIgn %llx, glibc's own left out)", mask);
	}
	is_int(WEXITSTATUS(status), 0, "child exit status comes back");

	o = spawn_defaults("test");
	spawn_capture("read x && echo got || echo eof", &o, out, sizeof(out), &status);
	is_str(out, "eof\n", "stdin is /dev/null by default");

	/* A passed descriptor appears at pass_as, and only there. */
	ok(pipe2(pass, O_CLOEXEC) == 0, "pipe for the passed descriptor");
	o = spawn_defaults("test");
	o.pass_fd = pass[1];
	o.pass_as = 3;
	spawn_capture("echo hello >&3 && echo ok", &o, out, sizeof(out), &status);
	close(pass[1]);
	is_str(out, "ok\n", "child could write to descriptor 3");
	{
		char buf[16] = "";
		ssize_t got = read(pass[0], buf, sizeof(buf) - 1);

		ok(got == 6 && memcmp(buf, "hello\n", 6) == 0, "what it wrote came through the passed pipe");
	}
	close(pass[0]);

	o = spawn_defaults("test");
	o.new_group = true;
	spawn_capture("echo $$ $(cut -d' ' -f5 /proc/$$/stat)", &o, out, sizeof(out), &status);
	{
		long pgid = 0, pid = -1;

		sscanf(out, "%ld %ld", &pid, &pgid);
		ok(pgid == pid && pgid > 0 && pgid != (long)getpgrp(),
		   "new_group: the child leads its own group (pid %ld, group %ld)", pid, pgid);
	}

	{
		char *argv[] = { "/nonexistent/program", NULL };
		pid_t pid;

		o = spawn_defaults("test");
		o.stderr_fd = SPAWN_DEVNULL;
		pid = process_spawn(argv, &o);
		waitpid(pid, &status, 0);
		is_int(WEXITSTATUS(status), 127, "an exec failure exits 127");

		o.before_exec = fail_before_exec;
		pid = process_spawn(argv, &o);
		waitpid(pid, &status, 0);
		is_int(WEXITSTATUS(status), 126, "a failed before_exec exits 126 without exec");
	}

	/* The child says why on its own descriptor 2, and only once: output
	 * the parent had buffered must not come out of the child too. */
	{
		char *argv[] = { "/nonexistent/program", NULL };
		char err[256] = "";
		int e[2];
		pid_t pid;
		ssize_t got;

		ok(pipe2(e, O_CLOEXEC) == 0, "pipe for the child's stderr");
		setvbuf(stderr, NULL, _IOFBF, 128);
		fprintf(stderr, "unflushed");	/* sits in the parent's buffer */
		o = spawn_defaults("test");
		o.stderr_fd = e[1];
		pid = process_spawn(argv, &o);
		close(e[1]);
		got = read(e[0], err, sizeof(err) - 1);
		close(e[0]);
		waitpid(pid, &status, 0);
		err[got > 0 ? got : 0] = '\0';
		is_str(err, "test: cannot run /nonexistent/program: No such file or directory\n",
		       "the exec failure is said on the child's stderr, without the parent's buffered output");
		__fpurge(stderr);	/* it was only bait */
	}

	{
		char *argv[] = { "true", NULL };
		pid_t pid;

		o = spawn_defaults("test");
		o.search_path = true;
		pid = process_spawn(argv, &o);
		waitpid(pid, &status, 0);
		ok(WIFEXITED(status) && WEXITSTATUS(status) == 0, "search_path finds a program on PATH");
	}

	/* nice adds to the parent's niceness; the 19th field of stat is it. */
	{
		long mine = 0, child = -1;
		FILE *f = fopen("/proc/self/stat", "r");

		if (f) {
			char line[1024], *p;

			if (fgets(line, sizeof(line), f) && (p = strrchr(line, ')')))
				sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d %ld", &mine);
			fclose(f);
		}
		o = spawn_defaults("test");
		o.nice = 3;
		spawn_capture("cut -d')' -f2 /proc/self/stat | cut -d' ' -f18", &o, out, sizeof(out), &status);
		sscanf(out, "%ld", &child);
		is_int(child, mine + 3 > 19 ? 19 : mine + 3, "nice 3: the child runs 3 steps nicer than its parent");
	}

	/* Pid files. */
	{
		int fd = mkstemp(path);
		long pid = 0;
		FILE *f;

		close(fd);
		ok(pidfile_write(path) == 0, "pid file written");
		f = fopen(path, "r");
		ok(f && fscanf(f, "%ld", &pid) == 1 && pid == (long)getpid(), "it holds our pid");
		if (f)
			fclose(f);
		f = fopen(path, "w");
		fprintf(f, "1\n");
		fclose(f);
		pidfile_remove_own(path);
		ok(access(path, F_OK) == 0, "a pid file holding another pid is left alone");
		pidfile_write(path);
		pidfile_remove_own(path);
		ok(access(path, F_OK) != 0, "our own pid file is removed");
		unlink(path);
	}

	/* No exec: the child runs a function of ours, as a fresh program. */
	{
		char *argv[] = { "prog", "9", NULL };
		int keep = open("/dev/null", O_RDONLY | O_CLOEXEC);
		ssize_t got;
		pid_t pid;

		o = spawn_defaults("test");
		o.run = run_here;
		if (pipe2(pass, O_CLOEXEC) < 0)
			return 1;
		o.pass_fd = pass[1];
		o.pass_as = 5;
		pid = process_spawn(argv, &o);
		close(pass[1]);
		got = read(pass[0], out, sizeof(out) - 1);
		out[got > 0 ? got : 0] = '\0';
		close(pass[0]);
		is_str(out, "5 argc 2 9 mask 0 int dfl\n",
		       "run in place: only the passed descriptor, its argv, an empty mask, default dispositions");
		ok(pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 9,
		   "its return is its exit status");
		close(keep);
	}

	/* The clock. */
	{
		msec_t a = clock_mono_ms();
		double s = clock_mono_s();
		uint64_t w = clock_wall_ms();
		double ws = clock_wall_s();

		ok(a > 0 && s > 0, "monotonic clock runs");
		ok((msec_t)(s * 1000) - a < 1000 && (msec_t)(s * 1000) - a > -1000,
		   "seconds and milliseconds agree");
		ok(w > 1500000000000ULL, "wall clock is ms since the Epoch");
		ok((int64_t)(ws * 1000) - (int64_t)w < 1000 && (int64_t)(ws * 1000) - (int64_t)w > -1000,
		   "wall seconds and milliseconds agree");
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	return tap_done();
}
