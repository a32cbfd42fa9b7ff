/* The least a process-per-server health checker can do, to measure what
 * the design itself costs (bench/experiments/check-floor.sh):
 *
 *   check-floor wake ADDRFILE            one process per address: wakes every second
 *   check-floor connect ADDRFILE PORT    the same, and a TCP connect to its address
 *   check-floor lazy ADDRFILE PORT       connect mode with one sleep per check: the
 *                                        connection is not waited for but left
 *                                        open until the next check, and the sleep
 *                                        to it watches the socket for an error
 *                                        only (a refusal wakes it at once); what a
 *                                        checker that holds each connection for
 *                                        an interval would save
 *   check-floor spawn ADDRFILE PORT [FDS [like-lvsd][,vfork]]
 *                                        connect mode, but each process is forked
 *                                        and exec'd, as lvsd starts its nannies, and
 *                                        checks at once; the parent prints when the
 *                                        1st, 250th, ... first check was done. FDS
 *                                        close-on-exec descriptors held open in the
 *                                        parent stand for lvsd's report pipes;
 *                                        like-lvsd makes each child do, before its
 *                                        exec, what lib/process.c's does for a
 *                                        nanny (every signal to its default, the
 *                                        mask cleared, /dev/null opened, a
 *                                        parent-death signal, the niceness);
 *                                        vfork starts each with vfork, not fork;
 *                                        noexec has each forked child run its
 *                                        checks without an exec (a zygote's way).
 *   check-floor --report-fd N ... -h ADDR -r PORT -w WEIGHT ...
 *                                        a stand-in for nanny under lvsd (lvsd
 *                                        --nanny check-floor): a check at once, an
 *                                        "up" report whatever its result, then a
 *                                        check a second; every other option is
 *                                        ignored. lvsd's own part of a start-up.
 *
 * Each process sleeps to an absolute deadline a second apart (its phase
 * spread over the second by its index), and in connect mode opens a
 * non-blocking connection, waits for it with poll (1 s at most) and closes
 * it: four system calls and one sleep per check, no logging, no reports,
 * no event loop. What this costs per check in the lab is a floor under any
 * design with a process per server; nanny does more on top of it. The
 * parent starts the processes, then waits for SIGTERM and passes it on. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_PROCS 20000

static void check_once(const struct sockaddr_in *sin)
{
	struct pollfd pfd;
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return;
	if (connect(fd, (const struct sockaddr *)sin, sizeof(*sin)) < 0 && errno == EINPROGRESS) {
		pfd = (struct pollfd){ .fd = fd, .events = POLLOUT };
		(void)poll(&pfd, 1, 1000);
	}
	close(fd);
}

/* A deadline whose nanoseconds passed a second (a phase was added). */
static void carry_seconds(struct timespec *t)
{
	while (t->tv_nsec >= 1000000000L) {
		t->tv_nsec -= 1000000000L;
		t->tv_sec++;
	}
}

static void run_one(const struct sockaddr_in *sin, long phase_ns)
{
	struct timespec next;

	clock_gettime(CLOCK_MONOTONIC, &next);
	next.tv_nsec += phase_ns;
	for (;;) {
		carry_seconds(&next);
		while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL) == EINTR)
			;
		if (sin)
			check_once(sin);
		next.tv_sec++;
	}
}

/* Lazy mode: each second close the last connection and open the next,
 * then sleep to the next second on the socket's error or hang-up alone. */
static void run_lazy(const struct sockaddr_in *sin, long phase_ns)
{
	struct timespec next, now;
	int fd = -1;

	clock_gettime(CLOCK_MONOTONIC, &next);
	next.tv_nsec += phase_ns;
	for (;;) {
		struct pollfd pfd;
		struct timespec left;

		carry_seconds(&next);
		clock_gettime(CLOCK_MONOTONIC, &now);
		left.tv_sec = next.tv_sec - now.tv_sec;
		left.tv_nsec = next.tv_nsec - now.tv_nsec;
		if (left.tv_nsec < 0) {
			left.tv_nsec += 1000000000L;
			left.tv_sec--;
		}
		if (left.tv_sec >= 0) {
			pfd = (struct pollfd){ .fd = fd, .events = 0 };
			/* fd -1 is ignored: a plain sleep. An error ends the wait
			 * early, and the rest of it is slept without the socket. */
			if (ppoll(&pfd, 1, &left, NULL) > 0 && fd >= 0) {
				close(fd);
				fd = -1;
				continue;
			}
		}
		if (fd >= 0)
			close(fd);
		fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
		if (fd >= 0 && connect(fd, (const struct sockaddr *)sin, sizeof(*sin)) < 0 && errno != EINPROGRESS) {
			close(fd);
			fd = -1;
		}
		next.tv_sec++;
	}
}

/* What an exec'd child of spawn mode runs: a check at once, a byte on
 * fd 3 to say it was done, then a check a second. */
static int run_spawned(const char *addr, const char *port, const char *phase)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(port)) };
	char done = 1;

	if (inet_pton(AF_INET, addr, &sin.sin_addr) != 1)
		return 2;
	check_once(&sin);
	(void)write(3, &done, 1);
	close(3);
	run_one(&sin, atol(phase));
	return 0;
}

/* nanny's command line as lvsd writes it: only what the report needs. */
static int run_as_nanny(int argc, char **argv)
{
	const char *addr = NULL, *port = NULL, *rport = NULL, *weight = "1";
	struct sockaddr_in sin = { .sin_family = AF_INET };
	char line[128];
	int fd = -1, len;

	for (int i = 1; i + 1 < argc; i++) {
		if (!strcmp(argv[i], "--report-fd"))
			fd = atoi(argv[++i]);
		else if (!strcmp(argv[i], "-h"))
			addr = argv[++i];
		else if (!strcmp(argv[i], "-p"))
			port = argv[++i];
		else if (!strcmp(argv[i], "-r"))
			rport = argv[++i];
		else if (!strcmp(argv[i], "-w"))
			weight = argv[++i];
	}
	if (!rport)
		rport = port;
	if (fd < 0 || !addr || !rport || inet_pton(AF_INET, addr, &sin.sin_addr) != 1)
		return 2;
	sin.sin_port = htons((uint16_t)atoi(rport));
	check_once(&sin);
	len = snprintf(line, sizeof(line), "up %s %s %s\n", addr, rport, weight);
	(void)write(fd, line, (size_t)len);
	run_one(&sin, 1000000000L);	/* the next check a second on */
	return 0;
}

static long ms_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000L + (t.tv_nsec - t0->tv_nsec) / 1000000L;
}

/* Count the first checks that have reported; print the marks passed. */
static size_t count_reports(int fd, size_t seen, size_t n, const struct timespec *t0)
{
	char buf[256];
	ssize_t got;

	while ((got = read(fd, buf, sizeof(buf))) > 0) {
		for (ssize_t i = 0; i < got; i++) {
			seen++;
			if (seen == 1 || seen % 250 == 0 || seen == n)
				printf("check-floor: first check %zu at %ld ms\n", seen, ms_since(t0));
		}
		fflush(stdout);
	}
	return seen;
}

static bool child_like_lvsd, spawn_vfork, spawn_noexec;

static pid_t spawn_checker(const char *self, int report_w, const char *addr, const char *port, long phase_ns,
			   const sigset_t *term)
{
	char phase[32];
	pid_t pid;

	snprintf(phase, sizeof(phase), "%ld", phase_ns);
	pid = spawn_vfork ? vfork() : fork();
	if (pid == 0) {
		char *argv[] = { (char *)self, (char *)"spawned", (char *)addr, (char *)port, phase, NULL };

		if (child_like_lvsd) {
			sigset_t none;

			if (open("/dev/null", O_RDWR | O_CLOEXEC) < 0)
				_exit(127);
			for (int s = 1; s < NSIG; s++)
				signal(s, SIG_DFL);
			sigemptyset(&none);
			sigprocmask(SIG_SETMASK, &none, NULL);
			prctl(PR_SET_PDEATHSIG, SIGTERM);
			errno = 0;
			int now = getpriority(PRIO_PROCESS, 0);
			if (errno == 0)
				setpriority(PRIO_PROCESS, 0, now + 1);
		}
		/* on_term is the parent's: after a vfork it would write to
		 * the parent's memory. */
		signal(SIGTERM, SIG_DFL);
		signal(SIGINT, SIG_DFL);
		sigprocmask(SIG_UNBLOCK, term, NULL);
		if (dup2(report_w, 3) < 0)
			_exit(127);
		if (spawn_noexec)
			_exit(run_spawned(addr, port, phase));
		execv("/proc/self/exe", argv);
		_exit(127);
	}
	return pid;
}

static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

/* Spawn mode's parent: start every checker one after another, as lvsd
 * does, reading the reports between starts; then wait for SIGTERM. */
static int spawn_all(const char *self, char (*addr)[INET_ADDRSTRLEN], size_t n, const char *port, int extra_fds)
{
	static pid_t pids[MAX_PROCS];
	struct timespec t0;
	sigset_t term;
	size_t seen = 0, started = 0;
	int report[2];

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (int i = 0; i < extra_fds; i++)
		if (open("/dev/null", O_RDONLY | O_CLOEXEC) < 0) {
			perror("/dev/null");
			return 1;
		}
	if (pipe2(report, O_CLOEXEC) < 0) {
		perror("pipe2");
		return 1;
	}
	fcntl(report[0], F_SETFL, O_NONBLOCK);
	signal(SIGTERM, on_term);
	signal(SIGINT, on_term);
	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	sigaddset(&term, SIGINT);
	sigprocmask(SIG_BLOCK, &term, NULL);
	for (; started < n; started++) {
		pids[started] = spawn_checker(self, report[1], addr[started], port,
					      (long)(1000000000.0 * (double)started / (double)n), &term);
		if (pids[started] < 0) {
			perror("fork");
			break;
		}
		seen = count_reports(report[0], seen, n, &t0);
	}
	printf("check-floor: %zu processes started in %ld ms\n", started, ms_since(&t0));
	fflush(stdout);
	close(report[1]);
	sigprocmask(SIG_UNBLOCK, &term, NULL);
	while (seen < started && !stop) {
		size_t before = seen;

		seen = count_reports(report[0], seen, n, &t0);
		if (seen == before) {
			struct pollfd pfd = { .fd = report[0], .events = POLLIN };

			if (poll(&pfd, 1, 100) < 0 && errno != EINTR)
				break;
		}
	}
	while (!stop)
		pause();
	for (size_t i = 0; i < started; i++)
		kill(pids[i], SIGTERM);
	while (wait(NULL) > 0)
		;
	return 0;
}

int main(int argc, char **argv)
{
	static pid_t pids[MAX_PROCS];
	static struct sockaddr_in addrs[MAX_PROCS];
	static char addr_text[MAX_PROCS][INET_ADDRSTRLEN];
	bool connect_mode, spawn_mode, lazy_mode;
	size_t n = 0;
	char line[128];
	FILE *f;
	sigset_t term;
	int sig;

	if (argc > 1 && !strcmp(argv[1], "--report-fd"))
		return run_as_nanny(argc, argv);
	if (argc == 5 && !strcmp(argv[1], "spawned"))
		return run_spawned(argv[2], argv[3], argv[4]);
	if (argc < 3 ||
	    (strcmp(argv[1], "wake") && strcmp(argv[1], "connect") && strcmp(argv[1], "lazy") && strcmp(argv[1], "spawn")) ||
	    (strcmp(argv[1], "wake") && argc < 4)) {
		fprintf(stderr, "usage: check-floor wake ADDRFILE | check-floor connect|lazy ADDRFILE PORT |"
				" check-floor spawn ADDRFILE PORT [FDS [like-lvsd][,vfork|,noexec]]\n");
		return 2;
	}
	spawn_mode = !strcmp(argv[1], "spawn");
	connect_mode = strcmp(argv[1], "wake") != 0;
	lazy_mode = !strcmp(argv[1], "lazy");
	f = fopen(argv[2], "r");
	if (!f) {
		perror(argv[2]);
		return 1;
	}
	while (n < MAX_PROCS && fgets(line, sizeof(line), f)) {
		line[strcspn(line, " \t\r\n")] = '\0';
		if (!line[0])
			continue;
		addrs[n] = (struct sockaddr_in){ .sin_family = AF_INET };
		if (connect_mode) {
			addrs[n].sin_port = htons((uint16_t)atoi(argv[3]));
			if (inet_pton(AF_INET, line, &addrs[n].sin_addr) != 1) {
				fprintf(stderr, "%s: not an IPv4 address: %s\n", argv[2], line);
				return 1;
			}
			inet_ntop(AF_INET, &addrs[n].sin_addr, addr_text[n], sizeof(addr_text[n]));
		}
		n++;
	}
	fclose(f);
	if (spawn_mode) {
		child_like_lvsd = argc > 5 && strstr(argv[5], "like-lvsd");
		spawn_vfork = argc > 5 && strstr(argv[5], "vfork");
		spawn_noexec = argc > 5 && strstr(argv[5], "noexec") && !spawn_vfork;
		return spawn_all(argv[0], addr_text, n, argv[3], argc > 4 ? atoi(argv[4]) : 0);
	}

	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	sigaddset(&term, SIGINT);
	sigprocmask(SIG_BLOCK, &term, NULL);
	for (size_t i = 0; i < n; i++) {
		pids[i] = fork();
		if (pids[i] < 0) {
			perror("fork");
			n = i;
			break;
		}
		if (pids[i] == 0) {
			long phase_ns = (long)(1000000000.0 * (double)i / (double)n);

			sigprocmask(SIG_UNBLOCK, &term, NULL);
			if (lazy_mode)
				run_lazy(&addrs[i], phase_ns);
			run_one(connect_mode ? &addrs[i] : NULL, phase_ns);
		}
	}
	printf("check-floor: %zu processes\n", n);
	fflush(stdout);
	sigwait(&term, &sig);
	for (size_t i = 0; i < n; i++)
		kill(pids[i], SIGTERM);
	while (wait(NULL) > 0)
		;
	return 0;
}
