/* The nanny starter (spawner.c) as real processes on the host: what it
 * starts is this test's child, not the starter's (CLONE_PARENT), gets the
 * passed descriptor as asked, the niceness asked, no capability, and the
 * answers name the children; a failed exec, a garbled request and the
 * closing of the socket each do what they should. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <dirent.h>
#include <time.h>
#include <unistd.h>

#include "spawner.h"
#include "spawn-client.h"
#include "tap.h"

static void read_all(int fd, char *buf, size_t len)
{
	size_t got = 0;
	ssize_t n;

	while (got < len - 1 && (n = read(fd, buf + got, len - 1 - got)) > 0)
		got += (size_t)n;
	buf[got] = '\0';
	close(fd);
}

int main(void)
{
	struct spawner s;
	char out[256], want[64];
	int rd, status = 0, base;
	pid_t pid;

	signal(SIGPIPE, SIG_IGN);
	ok(spawner_start(&s, NULL) == 0 && s.pid > 0 && s.fd >= 0, "the starter runs");
	usleep(200000);
	is_int(open_fds(s.pid), 1, "it holds no descriptor of ours but its socket");

	{
		const char *argv[] = { "/bin/sh", "-c", "echo \"$PPID\" >&3; exit 7", NULL };

		pid = start(&s, 1, 0, argv, &rd);
		ok(pid > 0, "a start is answered with a pid");
		read_all(rd, out, sizeof(out));
		snprintf(want, sizeof(want), "%ld\n", (long)getpid());
		is_str(out, want, "the child's parent is us, not the starter");
		ok(pid > 0 && waitpid(pid, &status, 0) == pid, "we reap it");
		ok(WIFEXITED(status) && WEXITSTATUS(status) == 7, "with its exit status");
	}
	{
		const char *argv[] = { "/bin/sh", "-c",
				       "grep -E '^(CapEff|CapPrm|NoNewPrivs)' /proc/self/status >&3; "
				       "cut -d' ' -f19 /proc/self/stat >&3", NULL };

		errno = 0;
		base = getpriority(PRIO_PROCESS, 0);
		pid = start(&s, 2, 3, argv, &rd);
		read_all(rd, out, sizeof(out));
		ok(strstr(out, "CapEff:\t0000000000000000") && strstr(out, "CapPrm:\t0000000000000000"),
		   "no capability, even as root");
		ok(strstr(out, "NoNewPrivs:\t1") != NULL, "and no_new_privs");
		snprintf(want, sizeof(want), "\n%d\n", base + 3 > 19 ? 19 : base + 3);
		ok(strstr(out, want) != NULL, "the niceness asked for (%d)", base + 3);
		if (!strstr(out, want))
			printf("# got: %s", out);
		ok(pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0,
		   "it ran to its end");
	}
	{
		const char *argv[] = { "/nonexistent/nanny", NULL };

		pid = start(&s, 3, 0, argv, &rd);
		close(rd);
		ok(pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 127,
		   "an exec that fails: our child exits 127");
	}
	{
		struct spawn_reply r = { 0 };

		ok(send(s.fd, "\x05\0\0\0garbage", 11, 0) == 11 && answer(&s, &r) == 1, "a garbled request is answered");
		ok(r.id == 5 && r.result == -EPROTO, "with EPROTO, under its id");
	}
	{
		/* Several in flight: the answers come in the order asked. */
		const char *argv[] = { "/bin/true", NULL };
		char msg[SPAWN_MSG_MAX];
		struct spawn_reply r;
		int in_order = 1, reaped = 0;

		for (uint32_t id = 10; id < 20; id++) {
			ssize_t n = spawn_msg_encode_request(msg, sizeof(msg), id, 0, 3, argv);

			if (n < 0 || spawner_send(&s, msg, (size_t)n, -1) < 0)
				in_order = 0;
		}
		for (uint32_t id = 10; id < 20; id++)
			if (answer(&s, &r) != 1 || r.id != id || r.result <= 0)
				in_order = 0;
			else
				reaped += waitpid(r.result, &status, 0) == r.result;
		ok(in_order, "ten requests at once, answered in order");
		is_int(reaped, 10, "and each child ours to reap");
	}
	{
		struct spawn_reply r;

		ok(spawner_recv(&s, &r) == 0, "nothing more waiting");
		pid = s.pid;
		spawner_close(&s);
		ok(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0,
		   "the socket closed: the starter exits");
	}
	{
		/* lvsd gone: the starter follows it (SIGKILL by PR_SET_PDEATHSIG). */
		int p[2];
		pid_t mid = -1, starter = 0;

		if (pipe(p) == 0 && (mid = fork()) == 0) {
			struct spawner inner;

			close(p[0]);
			if (spawner_start(&inner, NULL) == 0 && write(p[1], &inner.pid, sizeof(inner.pid)) > 0)
				pause();
			_exit(1);
		}
		close(p[1]);
		ok(read(p[0], &starter, sizeof(starter)) == sizeof(starter) && starter > 0, "a second lvsd's starter runs");
		close(p[0]);
		kill(mid, SIGKILL);
		waitpid(mid, &status, 0);
		for (int i = 0; i < 100 && kill(starter, 0) == 0; i++)
			usleep(20000);
		ok(kill(starter, 0) < 0 && errno == ESRCH, "its lvsd killed: the starter is gone too");
	}
	return tap_done();
}
