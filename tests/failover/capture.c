#include "config.h"

/* Test helper: print, as one line of hex each, the frames of one ethertype
 * received on an interface, until COUNT frames or TIMEOUT seconds. Writes
 * READY_FILE once the socket is bound so the caller knows when to send. */

#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
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
	struct sockaddr_ll sll;
	unsigned char frame[2048];
	unsigned type;
	double end;
	int fd, count, got = 0;
	FILE *ready;

	if (argc != 6) {
		fprintf(stderr, "usage: capture DEV ETHERTYPE_HEX TIMEOUT_SECS COUNT READY_FILE\n");
		return 2;
	}
	type = (unsigned)strtoul(argv[2], NULL, 16);
	end = now() + atof(argv[3]);
	count = atoi(argv[4]);
	fd = socket(AF_PACKET, SOCK_RAW, htons((uint16_t)type));
	if (fd < 0) {
		perror("capture: socket");
		return 1;
	}
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons((uint16_t)type);
	sll.sll_ifindex = (int)if_nametoindex(argv[1]);
	if (sll.sll_ifindex == 0 || bind(fd, (struct sockaddr *)&sll, sizeof(sll)) < 0) {
		perror("capture: bind");
		return 1;
	}
	ready = fopen(argv[5], "w");
	if (!ready) {
		perror("capture: ready file");
		return 1;
	}
	fclose(ready);
	while (got < count) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		double left = end - now();
		ssize_t len;

		if (left <= 0)
			break;
		if (poll(&pfd, 1, (int)(left * 1000) + 1) <= 0)
			continue;
		len = recv(fd, frame, sizeof(frame), 0);
		if (len < 0) {
			if (errno == EINTR)
				continue;
			perror("capture: recv");
			return 1;
		}
		for (ssize_t i = 0; i < len; i++)
			printf("%02x", frame[i]);
		printf("\n");
		fflush(stdout);
		got++;
	}
	close(fd);
	return 0;
}
