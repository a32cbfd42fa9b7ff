/* The least a process-per-server health checker can do, to measure what
 * the design itself costs (bench/experiments/check-floor.sh):
 *
 *   check-floor wake ADDRFILE            one process per address: wakes every second
 *   check-floor connect ADDRFILE PORT    the same, and a TCP connect to its address
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

static void run_one(const struct sockaddr_in *sin, long phase_ns)
{
	struct timespec next;

	clock_gettime(CLOCK_MONOTONIC, &next);
	next.tv_nsec += phase_ns;
	for (;;) {
		while (next.tv_nsec >= 1000000000L) {
			next.tv_nsec -= 1000000000L;
			next.tv_sec++;
		}
		while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL) == EINTR)
			;
		if (sin)
			check_once(sin);
		next.tv_sec++;
	}
}

int main(int argc, char **argv)
{
	static pid_t pids[MAX_PROCS];
	static struct sockaddr_in addrs[MAX_PROCS];
	bool connect_mode;
	size_t n = 0;
	char line[128];
	FILE *f;
	sigset_t term;
	int sig;

	if (argc < 3 || (strcmp(argv[1], "wake") && strcmp(argv[1], "connect")) ||
	    (!strcmp(argv[1], "connect") && argc < 4)) {
		fprintf(stderr, "usage: check-floor wake ADDRFILE | check-floor connect ADDRFILE PORT\n");
		return 2;
	}
	connect_mode = !strcmp(argv[1], "connect");
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
		}
		n++;
	}
	fclose(f);

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
			sigprocmask(SIG_UNBLOCK, &term, NULL);
			run_one(connect_mode ? &addrs[i] : NULL, (long)(1000000000.0 * (double)i / (double)n));
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
