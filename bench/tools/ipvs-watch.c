/* Waits until the kernel's IPVS table meets a condition and prints how long
 * that took, in milliseconds, from a moment the caller names (a shell's
 * $EPOCHREALTIME) or from its own start. The benches use it to time what
 * the daemons do to the table without a process per poll.
 *
 *   ipvs-watch [-s EPOCH] [-t SECS] [-i MS] [-c MS] [-R FILE] CONDITION
 *     live N                      exactly N destinations with weight > 0,
 *                                 over every service
 *     out VIP:PORT RIP[:PORT]...  each named destination of the TCP service
 *                                 is absent or has weight 0
 *     weight VIP:PORT RIP:PORT W  that destination has weight W
 *     present VIP:PORT RIP:PORT   that destination is there with weight > 0
 *     absent VIP:PORT             the TCP service is gone
 *
 * -R FILE: for a change the caller makes after the watch runs (starting a
 * program here costs a good part of a second in the emulated lab, which
 * would hide a fast change). Once a first poll found the condition not met,
 * create FILE; the caller waits for it, notes the time and makes the change.
 * What is printed is then the wall-clock time (seconds since the Epoch) at
 * which the condition was seen; a condition met at the first poll is exit 3.
 *
 * -i MS is the time between polls (10 ms). A poll of a big table is not
 * free: at 1,000 servers a "live" poll is 101 netlink dumps, and at 10 ms
 * the watcher took a tenth of a 2-vCPU guest during a start-up (run K in
 * bench/results.md), CPU that a start-up of 1,000 processes on both vCPUs
 * feels more than one checker process on one. So "live N" polls every
 * -c MS (100 ms) while fewer than nine in ten of N are live, and every -i
 * MS from there on: the end is still timed to -i MS unless the last tenth
 * arrives within one coarse poll.
 *
 * Exit 0 when the condition held (the time on stdout), 1 on time-out
 * (default 120 s), 2 on bad usage or no IPVS. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ipvs.h"

static double wall_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* "A.B.C.D:PORT" (port optional when def_port >= 0). */
static int parse_endpoint(const char *s, union ipvs_addr *a, uint16_t *port, int def_port)
{
	char buf[64];
	char *colon;

	snprintf(buf, sizeof(buf), "%s", s);
	colon = strrchr(buf, ':');
	if (colon) {
		*colon = '\0';
		*port = (uint16_t)atoi(colon + 1);
	} else if (def_port >= 0) {
		*port = (uint16_t)def_port;
	} else {
		return -1;
	}
	memset(a, 0, sizeof(*a));
	return inet_pton(AF_INET, buf, &a->in) == 1 ? 0 : -1;
}

static int tcp_service(const char *s, struct ipvs_service *svc)
{
	memset(svc, 0, sizeof(*svc));
	svc->af = AF_INET;
	svc->protocol = IPPROTO_TCP;
	return parse_endpoint(s, &svc->addr, &svc->port, -1);
}

/* Weight of dest in svc: -1 absent, -2 service absent. */
static int dest_weight(struct ipvs_handle *h, const struct ipvs_service *svc, const union ipvs_addr *a,
		       uint16_t port)
{
	struct ipvs_dest *d = NULL;
	size_t n = 0;
	int w = -1;

	if (ipvs_get_dests(h, svc, &d, &n) < 0)
		return -2;
	for (size_t i = 0; i < n; i++)
		if (d[i].addr.ip == a->ip && d[i].port == port)
			w = d[i].weight;
	free(d);
	return w;
}

static long count_live(struct ipvs_handle *h)
{
	struct ipvs_service *s = NULL;
	size_t ns = 0;
	long live = 0;

	if (ipvs_get_services(h, &s, &ns) < 0)
		return -1;
	for (size_t i = 0; i < ns; i++) {
		struct ipvs_dest *d = NULL;
		size_t nd = 0;

		if (ipvs_get_dests(h, &s[i], &d, &nd) == 0)
			for (size_t k = 0; k < nd; k++)
				live += d[k].weight > 0;
		free(d);
	}
	free(s);
	return live;
}

/* 1 if the condition holds, 0 if not, -1 if it is malformed. *far is set
 * when the condition is far from holding (a "live" count under 90%). */
static int holds(struct ipvs_handle *h, int argc, char **argv, bool *far)
{
	struct ipvs_service svc;
	union ipvs_addr a;
	uint16_t port;
	int w;

	*far = false;
	if (!strcmp(argv[0], "live") && argc == 2) {
		long want = atol(argv[1]), live = count_live(h);

		*far = live < want - want / 10;
		return live == want;
	}
	if (argc < 2 || tcp_service(argv[1], &svc) < 0)
		return -1;
	if (!strcmp(argv[0], "absent") && argc == 2) {
		struct ipvs_service got;

		return ipvs_get_service(h, &svc, &got) < 0;
	}
	if (!strcmp(argv[0], "out") && argc >= 3) {
		for (int i = 2; i < argc; i++) {
			if (parse_endpoint(argv[i], &a, &port, svc.port) < 0)
				return -1;
			if (dest_weight(h, &svc, &a, port) > 0)
				return 0;
		}
		return 1;
	}
	if (argc < 3 || parse_endpoint(argv[2], &a, &port, -1) < 0)
		return -1;
	w = dest_weight(h, &svc, &a, port);
	if (!strcmp(argv[0], "present") && argc == 3)
		return w > 0;
	if (!strcmp(argv[0], "weight") && argc == 4)
		return w == atoi(argv[3]);
	return -1;
}

int main(int argc, char **argv)
{
	double since = wall_now(), timeout = 120;
	long interval_ms = 10, coarse_ms = 100;
	const char *ready = NULL;
	bool first = true;
	struct ipvs_handle *h;
	int opt, err = 0;

	while ((opt = getopt(argc, argv, "s:t:i:c:R:")) != -1) {
		switch (opt) {
		case 'R': ready = optarg; break;
		case 's': since = atof(optarg); break;
		case 't': timeout = atof(optarg); break;
		case 'i': interval_ms = atol(optarg); break;
		case 'c': coarse_ms = atol(optarg); break;
		default: return 2;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "usage: ipvs-watch [-s EPOCH] [-t SECS] [-i MS] [-c MS] [-R FILE] CONDITION\n");
		return 2;
	}
	h = ipvs_open(&err);
	if (!h) {
		fprintf(stderr, "ipvs-watch: no IPVS: %s\n", strerror(err < 0 ? -err : err));
		return 2;
	}
	for (;;) {
		bool far;
		int r = holds(h, argc - optind, argv + optind, &far);

		if (r < 0) {
			fprintf(stderr, "ipvs-watch: bad condition\n");
			ipvs_close(h);
			return 2;
		}
		if (r && ready && first) {
			fprintf(stderr, "ipvs-watch: the condition holds already\n");
			ipvs_close(h);
			return 3;
		}
		if (r) {
			if (ready)
				printf("%.3f\n", wall_now());
			else
				printf("%.0f\n", (wall_now() - since) * 1000);
			ipvs_close(h);
			return 0;
		}
		if (ready && first) {
			int fd = open(ready, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);

			if (fd >= 0)
				close(fd);
		}
		first = false;
		if (wall_now() - since > timeout) {
			fprintf(stderr, "ipvs-watch: condition not met in %.0f s\n", timeout);
			ipvs_close(h);
			return 1;
		}
		usleep((useconds_t)(far && coarse_ms > interval_ms ? coarse_ms : interval_ms) * 1000);
	}
}
