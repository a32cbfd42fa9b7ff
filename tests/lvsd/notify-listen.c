/* A stand-in for systemd's notification socket, for the lab tests:
 *     notify-listen PATH SECONDS
 * binds a datagram socket at PATH (or @NAME, abstract), prints "listening"
 * once bound, then each message it receives as "SECONDS MESSAGE" (the
 * monotonic time since it started, newlines in the message as spaces), and
 * exits after SECONDS. */
#include "config.h"

#include <poll.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	socklen_t len;
	double t0 = now(), secs;
	int s;

	if (argc != 3 || strlen(argv[1]) < 2 || strlen(argv[1]) >= sizeof(a.sun_path) ||
	    (secs = atof(argv[2])) <= 0) {
		fprintf(stderr, "usage: notify-listen PATH|@NAME SECONDS\n");
		return 2;
	}
	memcpy(a.sun_path, argv[1], strlen(argv[1]));
	len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(argv[1]) + 1);
	if (argv[1][0] == '@') {
		a.sun_path[0] = '\0';
		len--;
	} else {
		unlink(argv[1]);
	}
	s = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s < 0 || bind(s, (struct sockaddr *)&a, len) < 0) {
		perror("notify-listen: bind");
		return 1;
	}
	printf("listening\n");
	fflush(stdout);
	while (now() - t0 < secs) {
		struct pollfd p = { .fd = s, .events = POLLIN };
		char buf[4096];
		ssize_t n;

		if (poll(&p, 1, (int)((secs - (now() - t0)) * 1000) + 1) <= 0)
			continue;
		n = recv(s, buf, sizeof(buf) - 1, 0);
		if (n < 0)
			continue;
		buf[n] = '\0';
		for (ssize_t i = 0; i < n; i++)
			if (buf[i] == '\n' || buf[i] == '\0')
				buf[i] = ' ';
		printf("%.3f %s\n", now() - t0, buf);
		fflush(stdout);
	}
	return 0;
}
