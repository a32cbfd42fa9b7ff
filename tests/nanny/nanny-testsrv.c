/* A loopback server with switchable misbehaviour, for nanny's tests.
 *
 * nanny-testsrv [-6] [-u] [-a ADDR] [-p PORT] [-P PORTFILE] [-c CTLFILE]
 *               [-l LOGFILE] [-b BANNER] [-d DELAY_MS] MODE
 *
 * TCP modes: ok (send the banner, then drain), wrong (send a wrong banner),
 * pieces (the banner in three parts, DELAY_MS apart), hang (accept, say
 * nothing), close (accept and close at once, no fork), reset (read a little,
 * then close with SO_LINGER 0: RST), count (read a request up to a newline
 * or a pause, answer "GOT <bytes>"), flood (the banner over and over, as fast
 * as the peer takes it, until it goes away), drip (the banner over and over,
 * one byte every DELAY_MS), refuse (no listening socket: connections are
 * refused).
 * UDP modes (-u): ok (answer each datagram with the banner), silent (never
 * answer), refuse (socket closed: ICMP port unreachable).
 * SIGUSR1 re-reads the mode from CTLFILE; the port stays the same. The
 * chosen port is written to PORTFILE; each connection or datagram appends
 * "MODE" to LOGFILE. It listens on loopback, or on ADDR (a numeric address
 * of the family -6 selects), on PORT or one the kernel picks. */
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
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

struct srv {
	bool v6, udp;
	int port;
	int fd;
	char mode[32];
	const char *ctl, *log, *banner, *addr;
	int delay_ms;
};

static void msleep(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static void note(const struct srv *s)
{
	FILE *f;

	if (!s->log || !(f = fopen(s->log, "a")))
		return;
	fprintf(f, "%s\n", s->mode);
	fclose(f);
}

static int open_socket(struct srv *s)
{
	struct sockaddr_storage ss = { 0 };
	socklen_t len;
	int one = 1;
	int fd = socket(s->v6 ? AF_INET6 : AF_INET, (s->udp ? SOCK_DGRAM : SOCK_STREAM) | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (s->v6) {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;

		a->sin6_family = AF_INET6;
		a->sin6_addr = in6addr_loopback;
		if (s->addr && inet_pton(AF_INET6, s->addr, &a->sin6_addr) != 1)
			goto fail;
		a->sin6_port = htons(s->port);
		len = sizeof(*a);
	} else {
		struct sockaddr_in *a = (struct sockaddr_in *)&ss;

		a->sin_family = AF_INET;
		a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		if (s->addr && inet_pton(AF_INET, s->addr, &a->sin_addr) != 1)
			goto fail;
		a->sin_port = htons(s->port);
		len = sizeof(*a);
	}
	if (bind(fd, (struct sockaddr *)&ss, len) < 0 || (!s->udp && listen(fd, 64) < 0))
		goto fail;
	getsockname(fd, (struct sockaddr *)&ss, &len);
	s->port = ntohs(s->v6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
			      : ((struct sockaddr_in *)&ss)->sin_port);
	return fd;
fail:
	close(fd);
	return -1;
}

/* Listening socket open unless the mode is "refuse". */
static void apply_mode(struct srv *s)
{
	bool want = strcmp(s->mode, "refuse") != 0;

	if (!want && s->fd >= 0) {
		close(s->fd);
		s->fd = -1;
	} else if (want && s->fd < 0) {
		for (int i = 0; i < 100 && (s->fd = open_socket(s)) < 0; i++)
			msleep(20);
		if (s->fd < 0) {
			perror("nanny-testsrv: rebind");
			exit(1);
		}
	}
}

static void read_ctl(struct srv *s)
{
	FILE *f = fopen(s->ctl, "r");

	if (!f)
		return;
	if (fscanf(f, "%31s", s->mode) != 1)
		strcpy(s->mode, "ok");
	fclose(f);
}

static void drain(int fd, int max_ms)
{
	char buf[512];
	struct pollfd p = { .fd = fd, .events = POLLIN };

	while (poll(&p, 1, max_ms) > 0 && read(fd, buf, sizeof(buf)) > 0)
		;
}

/* Writes the banner again and again until the peer closes (EPIPE or RST). */
static void flood(int c, const char *banner, size_t blen)
{
	char chunk[16384];
	const char *out = chunk;
	size_t n = 0;

	while (blen && n + blen <= sizeof(chunk)) {
		memcpy(chunk + n, banner, blen);
		n += blen;
	}
	if (!n) {	/* empty, or longer than a chunk: as it is */
		out = banner;
		n = blen;
	}
	while (n && write(c, out, n) > 0)
		;
}

static void serve_tcp(const struct srv *s, int c)
{
	const char *m = s->mode;
	size_t blen = strlen(s->banner);

	if (!strcmp(m, "ok")) {
		if (write(c, s->banner, blen) < 0)
			return;
		drain(c, 5000);
	} else if (!strcmp(m, "wrong")) {
		if (write(c, "WRONG BANNER\r\n", 14) < 0)
			return;
		drain(c, 5000);
	} else if (!strcmp(m, "pieces")) {
		size_t a = blen / 3, b = 2 * blen / 3;

		if (write(c, s->banner, a) < 0)
			return;
		msleep(s->delay_ms);
		if (write(c, s->banner + a, b - a) < 0)
			return;
		msleep(s->delay_ms);
		if (write(c, s->banner + b, blen - b) < 0)
			return;
		drain(c, 5000);
	} else if (!strcmp(m, "hang")) {
		drain(c, 30000);
	} else if (!strcmp(m, "reset")) {
		struct linger l = { .l_onoff = 1, .l_linger = 0 };

		drain(c, 100);
		setsockopt(c, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
	} else if (!strcmp(m, "flood")) {
		flood(c, s->banner, blen);
	} else if (!strcmp(m, "drip")) {
		for (size_t i = 0; blen && write(c, s->banner + i % blen, 1) == 1; i++)
			msleep(s->delay_ms);
	} else if (!strcmp(m, "count")) {
		char buf[1024], reply[32];
		size_t len = 0;
		struct pollfd p = { .fd = c, .events = POLLIN };

		while (len < sizeof(buf) && poll(&p, 1, 300) > 0) {
			ssize_t n = read(c, buf + len, sizeof(buf) - len);

			if (n <= 0)
				break;
			len += n;
			if (memchr(buf, '\n', len))
				break;
		}
		snprintf(reply, sizeof(reply), "GOT %zu\r\n", len);
		if (write(c, reply, strlen(reply)) < 0)
			return;
		drain(c, 5000);
	}
}

static void on_accept(struct srv *s)
{
	int c = accept4(s->fd, NULL, NULL, SOCK_CLOEXEC);

	if (c < 0)
		return;
	note(s);
	if (!strcmp(s->mode, "close")) {	/* cheap, for the memory bench */
		close(c);
		return;
	}
	if (fork() == 0) {
		close(s->fd);
		serve_tcp(s, c);
		close(c);
		_exit(0);
	}
	close(c);
}

static void on_datagram(struct srv *s)
{
	char buf[1500];
	struct sockaddr_storage from;
	socklen_t len = sizeof(from);
	ssize_t n = recvfrom(s->fd, buf, sizeof(buf), 0, (struct sockaddr *)&from, &len);

	if (n < 0)
		return;
	note(s);
	if (!strcmp(s->mode, "ok"))
		sendto(s->fd, s->banner, strlen(s->banner), 0, (struct sockaddr *)&from, len);
}

int main(int argc, char **argv)
{
	struct srv s = { .fd = -1, .banner = "HELLO nanny test server\r\n", .delay_ms = 60 };
	const char *portfile = NULL;
	struct sigaction sa = { .sa_handler = SIG_IGN, .sa_flags = SA_NOCLDWAIT };
	sigset_t set;
	int sfd, opt;

	while ((opt = getopt(argc, argv, "6ua:P:c:l:b:d:p:")) != -1) {
		switch (opt) {
		case '6': s.v6 = true; break;
		case 'u': s.udp = true; break;
		case 'a': s.addr = optarg; break;
		case 'P': portfile = optarg; break;
		case 'c': s.ctl = optarg; break;
		case 'l': s.log = optarg; break;
		case 'b': s.banner = optarg; break;
		case 'd': s.delay_ms = atoi(optarg); break;
		case 'p': s.port = atoi(optarg); break;
		default:
			fprintf(stderr, "usage: nanny-testsrv [-6] [-u] [-a addr] [-p port] [-P portfile] [-c ctl] [-l log] [-b banner] [-d ms] MODE\n");
			return 2;
		}
	}
	snprintf(s.mode, sizeof(s.mode), "%s", optind < argc ? argv[optind] : "ok");
	sigaction(SIGCHLD, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	sfd = signalfd(-1, &set, SFD_CLOEXEC);

	/* Bind once to learn the port even when starting in "refuse". */
	if ((s.fd = open_socket(&s)) < 0) {
		perror("nanny-testsrv: bind");
		return 1;
	}
	apply_mode(&s);
	if (portfile) {
		char tmp[4096];
		FILE *f;

		snprintf(tmp, sizeof(tmp), "%s.tmp", portfile);
		f = fopen(tmp, "w");
		if (!f)
			return 1;
		fprintf(f, "%d\n", s.port);
		fclose(f);
		rename(tmp, portfile);
	}
	for (;;) {
		struct pollfd p[2] = { { .fd = sfd, .events = POLLIN }, { .fd = s.fd, .events = POLLIN } };

		if (poll(p, s.fd >= 0 ? 2 : 1, -1) < 0)
			continue;
		if (p[0].revents) {
			struct signalfd_siginfo si;

			if (read(sfd, &si, sizeof(si)) == sizeof(si) && s.ctl) {
				read_ctl(&s);
				apply_mode(&s);
			}
			continue;
		}
		if (s.fd >= 0 && p[1].revents) {
			if (s.udp)
				on_datagram(&s);
			else
				on_accept(&s);
		}
	}
}
