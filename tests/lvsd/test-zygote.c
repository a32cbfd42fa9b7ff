/* The nanny zygote (src/nanny/zygote.c, started by lvsd's spawner.c) as
 * real processes on the host: a request for nanny is forked from the
 * zygote and runs as nanny without an exec (it shares the zygote's stack
 * mapping, which an exec would have placed anew), with its own command
 * line for ps, its name, the descriptor passed and none of the zygote's;
 * a request for another program is exec'd; a zygote that cannot be exec'd
 * leaves the plain starter; a program that is no zygote closes its end. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <dirent.h>
#include <unistd.h>

#include "spawner.h"
#include "spawn-client.h"
#include "tap.h"

/* Up to len-1 bytes, waiting at most 5 s for the first. */
static void read_some(int fd, char *buf, size_t len)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	ssize_t n = 0;

	if (poll(&p, 1, 5000) == 1)
		n = read(fd, buf, len - 1);
	buf[n > 0 ? n : 0] = '\0';
}

/* The [stack] line of /proc/PID/maps, its address range only. */
static void stack_of(pid_t pid, char *buf, size_t len)
{
	char path[64], line[512];
	FILE *f;

	buf[0] = '\0';
	snprintf(path, sizeof(path), "/proc/%ld/maps", (long)pid);
	f = fopen(path, "re");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		if (strstr(line, "[stack]")) {
			snprintf(buf, len, "%.*s", (int)strcspn(line, " "), line);
			break;
		}
	fclose(f);
}

/* /proc/PID/cmdline with NULs as blanks and trailing NULs dropped. */
static size_t cmdline_of(pid_t pid, char *buf, size_t len)
{
	char path[64];
	ssize_t n;
	int fd;

	buf[0] = '\0';
	snprintf(path, sizeof(path), "/proc/%ld/cmdline", (long)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n <= 0)
		return 0;
	while (n > 0 && buf[n - 1] == '\0')
		n--;
	for (ssize_t i = 0; i < n; i++)
		if (buf[i] == '\0')
			buf[i] = ' ';
	buf[n] = '\0';
	return (size_t)n;
}

static void file_of(pid_t pid, const char *what, char *buf, size_t len)
{
	char path[64];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%ld/%s", (long)pid, what);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	n = fd >= 0 ? read(fd, buf, len - 1) : -1;
	if (fd >= 0)
		close(fd);
	buf[n > 0 ? n : 0] = '\0';
}

static void readlink_fd(pid_t pid, int fd, char *buf, size_t len)
{
	char path[64];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%ld/fd/%d", (long)pid, fd);
	n = readlink(path, buf, len - 1);
	buf[n > 0 ? n : 0] = '\0';
}

/* Whether one of pid's descriptors is what link names ("socket:[N]"). */
static bool holds(pid_t pid, const char *link)
{
	char path[64], got[64];
	struct dirent *e;
	bool found = false;
	DIR *d;

	snprintf(path, sizeof(path), "/proc/%ld/fd", (long)pid);
	d = opendir(path);
	if (!d)
		return false;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.') {
			readlink_fd(pid, atoi(e->d_name), got, sizeof(got));
			found |= strcmp(got, link) == 0;
		}
	closedir(d);
	return found;
}

/* The SigIgn mask of /proc/PID/status (all ones when unreadable). */
static unsigned long long ignored_of(pid_t pid)
{
	char path[64], line[256];
	unsigned long long mask = ~0ULL;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%ld/status", (long)pid);
	f = fopen(path, "re");
	if (!f)
		return mask;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "SigIgn: %llx", &mask) == 1)
			break;
	fclose(f);
	return mask;
}

static bool aslr_on(void)
{
	FILE *f = fopen("/proc/sys/kernel/randomize_va_space", "re");
	int v = 0;

	if (f) {
		if (fscanf(f, "%d", &v) != 1)
			v = 0;
		fclose(f);
	}
	return v != 0;
}

/* A listening socket on 127.0.0.1 (its port in *port). */
static int listener(unsigned *port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(sin);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0 || bind(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0 || listen(fd, 16) < 0 ||
	    getsockname(fd, (struct sockaddr *)&sin, &len) < 0)
		return -1;
	*port = ntohs(sin.sin_port);
	return fd;
}

int main(void)
{
	const char *top = getenv("top_builddir");
	char nanny[1024], out[4096], want[4096], zstack[128], cstack[128], port_s[16], zsock[64];
	struct spawner z;
	int rd, status = 0, lfd;
	unsigned port = 0;
	pid_t pid;

	signal(SIGPIPE, SIG_IGN);
	snprintf(nanny, sizeof(nanny), "%s/src/nanny/nanny", top ? top : ".");
	lfd = listener(&port);
	snprintf(port_s, sizeof(port_s), "%u", port);

	/* Ignored across the exec, as lvsd's SIGPIPE is: the zygote, not each
	 * child, must put it back to default. */
	signal(SIGQUIT, SIG_IGN);
	ok(spawner_start(&z, nanny) == 0 && z.pid > 0 && z.zygote, "the zygote runs");
	signal(SIGQUIT, SIG_DFL);
	usleep(300000);
	cmdline_of(z.pid, out, sizeof(out));
	snprintf(want, sizeof(want), "%s --zygote", nanny);
	is_str(out, want, "ps shows it as nanny --zygote");
	is_int(open_fds(z.pid), 1, "it holds no descriptor of ours but its socket");
	file_of(z.pid, "comm", out, sizeof(out));
	is_str(out, "nanny-zygote\n", "its name is nanny-zygote");
	stack_of(z.pid, zstack, sizeof(zstack));
	readlink_fd(z.pid, 3, zsock, sizeof(zsock));

	{
		const char *argv[] = { nanny, "-c", "-n", "-h", "127.0.0.1", "-p", port_s, "-V", "10.9.9.9",
				       "--report-fd", "3", "-t", "1", "--no-slow-start", "--lvs", NULL };

		pid = start(&z, 1, 0, argv, &rd);
		ok(pid > 0, "a start of nanny is answered with a pid");
		read_some(rd, out, sizeof(out));
		snprintf(want, sizeof(want), "up 127.0.0.1 %u 1\n", port);
		is_str(out, want, "it runs as nanny: its report comes on the passed descriptor");
		cmdline_of(pid, out, sizeof(out));
		snprintf(want, sizeof(want), "%s -c -n -h 127.0.0.1 -p %u -V 10.9.9.9 --report-fd 3 -t 1 "
			 "--no-slow-start --lvs", nanny, port);
		is_str(out, want, "ps shows its own command line");
		file_of(pid, "comm", out, sizeof(out));
		is_str(out, "nanny\n", "its name is nanny");
		ok(zsock[0] && !holds(pid, zsock), "it does not hold the zygote's socket (%s)", zsock);
		readlink_fd(pid, 3, out, sizeof(out));
		ok(!strncmp(out, "pipe:", 5), "its descriptor 3 is the pipe passed (%s)", out);
		stack_of(pid, cstack, sizeof(cstack));
		if (aslr_on())
			ok(zstack[0] && !strcmp(cstack, zstack), "it was not exec'd: its stack is the zygote's (%s)", cstack);
		else
			ok(1, "# SKIP address space randomization is off: an exec would not move the stack");
		ok(!(ignored_of(pid) & (1ULL << (SIGQUIT - 1))),
		   "a signal ignored where the zygote was started is at its default in the nanny (SigIgn %llx)",
		   ignored_of(pid));
		kill(pid, SIGTERM);
		ok(waitpid(pid, &status, 0) == pid, "we reap it: it is our child, not the zygote's");
		ok(WIFEXITED(status) && WEXITSTATUS(status) == 0, "it exits 0 on SIGTERM");
		close(rd);
	}
	{
		const char *argv[] = { "/bin/sh", "-c", "echo \"$PPID\" >&3; cat /proc/$$/maps >&3", NULL };
		char all[16384];
		size_t got = 0;
		ssize_t n;

		pid = start(&z, 2, 0, argv, &rd);
		ok(pid > 0, "another program is started too");
		while (got < sizeof(all) - 1 && (n = read(rd, all + got, sizeof(all) - 1 - got)) > 0)
			got += (size_t)n;
		all[got] = '\0';
		close(rd);
		snprintf(want, sizeof(want), "%ld\n", (long)getpid());
		ok(!strncmp(all, want, strlen(want)), "its parent is us");
		ok(strstr(all, "/sh") || strstr(all, "/dash") || strstr(all, "/bash"),
		   "it is exec'd: the shell is mapped, not nanny");
		ok(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0, "and reaped");
	}
	spawner_close(&z);
	ok(waitpid(z.pid, &status, 0) == z.pid, "its socket closed, the zygote exits");

	{
		struct spawner p;
		const char *argv[] = { "/bin/sh", "-c", "echo plain >&3", NULL };

		ok(spawner_start(&p, "/nonexistent/nanny") == 0, "a zygote that cannot be exec'd");
		pid = start(&p, 3, 0, argv, &rd);
		read_some(rd, out, sizeof(out));
		close(rd);
		is_str(out, "plain\n", "leaves the plain starter, which serves");
		waitpid(pid, NULL, 0);
		spawner_close(&p);
		waitpid(p.pid, NULL, 0);
	}
	{
		struct spawner t;
		struct spawn_reply r;
		struct pollfd pf;

		ok(spawner_start(&t, "/bin/true") == 0, "a program that is no zygote");
		pf = (struct pollfd){ .fd = t.fd, .events = POLLIN };
		ok(poll(&pf, 1, 5000) == 1 && spawner_recv(&t, &r) < 0 && errno == EPIPE,
		   "closes its end, as a dead starter does");
		waitpid(t.pid, NULL, 0);
		spawner_close(&t);
	}
	{
		int sv[2];
		pid_t c;

		/* Not from lvsd: a stream socket, or none, as descriptor 3. */
		c = fork();
		if (c == 0) {
			int devnull = open("/dev/null", O_RDWR);

			dup2(devnull, 3);
			execl(nanny, nanny, "--zygote", (char *)NULL);
			_exit(127);
		}
		ok(c > 0 && waitpid(c, &status, 0) == c && WIFEXITED(status) && WEXITSTATUS(status) == 2,
		   "nanny --zygote without lvsd's socket refuses (exit 2)");
		(void)sv;
	}
	close(lfd);
	return tap_done();
}
