/* The real servers of the benches: one listening TCP socket per address in
 * a file, all on one port, in one process. Every accepted connection
 * counts as one health check; its bytes are echoed back, so a long-lived
 * client connection through a virtual service works too.
 *
 *   hc-responder ADDRFILE PORT COUNTFILE
 *
 * SIGUSR1 writes the number of connections accepted so far to COUNTFILE
 * (atomically, by rename). SIGUSR2 reads COUNTFILE.stop, one address per
 * line, and closes those listeners: new connections to them are refused,
 * as when a server's service stops. SIGHUP opens every closed one again.
 * SIGTERM ends it. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_ADDRS 20000

struct listener {
	struct in_addr addr;
	int fd;                 /* -1 while stopped */
};

static struct listener listeners[MAX_ADDRS];
static size_t nlisteners;
static unsigned long long accepted;
static int epfd;
static uint16_t port;

/* epoll data: listeners are tagged by index + 1 in the high half, connections
 * by their fd; the signalfd is 0. */
#define TAG_LISTENER(i) ((uint64_t)((i) + 1) << 32)

static int open_listener(size_t i)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(port), .sin_addr = listeners[i].addr };
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = TAG_LISTENER(i) };
	int one = 1, fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(fd, 256) < 0 ||
	    epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev) < 0) {
		fprintf(stderr, "hc-responder: %s:%u: %s\n", inet_ntoa(listeners[i].addr), port, strerror(errno));
		close(fd);
		return -1;
	}
	listeners[i].fd = fd;
	return 0;
}

static void write_count(const char *path)
{
	char tmp[4096];
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "w");
	if (!f)
		return;
	fprintf(f, "%llu\n", accepted);
	if (fclose(f) == 0)
		rename(tmp, path);
}

static void stop_listed(const char *countfile)
{
	char path[4096], line[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s.stop", countfile);
	f = fopen(path, "r");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		struct in_addr a;

		line[strcspn(line, " \t\r\n")] = '\0';
		if (inet_pton(AF_INET, line, &a) != 1)
			continue;
		for (size_t i = 0; i < nlisteners; i++)
			if (listeners[i].addr.s_addr == a.s_addr && listeners[i].fd >= 0) {
				close(listeners[i].fd);
				listeners[i].fd = -1;
			}
	}
	fclose(f);
}

static void accept_all(int lfd)
{
	for (;;) {
		int c = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		struct epoll_event ev = { .events = EPOLLIN | EPOLLRDHUP };

		if (c < 0)
			return;
		accepted++;
		ev.data.u64 = (uint64_t)c;
		if (epoll_ctl(epfd, EPOLL_CTL_ADD, c, &ev) < 0)
			close(c);
	}
}

static void serve(int c)
{
	char buf[4096];
	ssize_t got = read(c, buf, sizeof(buf));

	/* MSG_NOSIGNAL: a checker that reset its connection must not kill us. */
	if (got > 0 && send(c, buf, (size_t)got, MSG_NOSIGNAL) == got)
		return;
	if (got < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	close(c);       /* EOF, error, or a peer that does not read: done */
}

int main(int argc, char **argv)
{
	struct rlimit nofile = { 1 << 16, 1 << 16 };
	sigset_t sigs;
	char line[128];
	FILE *f;
	int sfd;

	if (argc != 4) {
		fprintf(stderr, "usage: hc-responder ADDRFILE PORT COUNTFILE\n");
		return 2;
	}
	port = (uint16_t)atoi(argv[2]);
	setrlimit(RLIMIT_NOFILE, &nofile);
	signal(SIGPIPE, SIG_IGN);
	f = fopen(argv[1], "r");
	if (!f) {
		fprintf(stderr, "hc-responder: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	while (nlisteners < MAX_ADDRS && fgets(line, sizeof(line), f)) {
		line[strcspn(line, " \t\r\n")] = '\0';
		if (*line && inet_pton(AF_INET, line, &listeners[nlisteners].addr) == 1)
			listeners[nlisteners++].fd = -1;
	}
	fclose(f);
	epfd = epoll_create1(EPOLL_CLOEXEC);
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGUSR1);
	sigaddset(&sigs, SIGUSR2);
	sigaddset(&sigs, SIGHUP);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	sigprocmask(SIG_BLOCK, &sigs, NULL);
	sfd = signalfd(-1, &sigs, SFD_NONBLOCK | SFD_CLOEXEC);
	{
		struct epoll_event ev = { .events = EPOLLIN, .data.u64 = TAG_LISTENER(MAX_ADDRS) };

		if (sfd < 0 || epoll_ctl(epfd, EPOLL_CTL_ADD, sfd, &ev) < 0)
			return 1;
	}
	for (size_t i = 0; i < nlisteners; i++)
		if (open_listener(i) < 0)
			return 1;
	write_count(argv[3]);   /* also says: ready */
	for (;;) {
		struct epoll_event evs[256];
		int n = epoll_wait(epfd, evs, 256, -1);

		for (int k = 0; k < n; k++) {
			uint64_t tag = evs[k].data.u64;

			if (tag == TAG_LISTENER(MAX_ADDRS)) {
				struct signalfd_siginfo si;

				while (read(sfd, &si, sizeof(si)) == sizeof(si)) {
					if (si.ssi_signo == SIGUSR1)
						write_count(argv[3]);
					else if (si.ssi_signo == SIGUSR2)
						stop_listed(argv[3]);
					else if (si.ssi_signo == SIGHUP) {
						for (size_t i = 0; i < nlisteners; i++)
							if (listeners[i].fd < 0)
								open_listener(i);
					} else
						return 0;
				}
			} else if (tag >> 32) {
				size_t i = (size_t)(tag >> 32) - 1;

				if (listeners[i].fd >= 0)
					accept_all(listeners[i].fd);
			} else {
				serve((int)tag);
			}
		}
	}
}
