/* Client load for the failover scenarios and benches: long-lived TCP flows
 * that exchange a record every few milliseconds, and optional short probes
 * (a new connection every few milliseconds). Also the echo server they talk
 * to, so the real servers need nothing else.
 *
 *   flows echo PORT
 *   flows run ADDR PORT [-n FLOWS] [-i MS] [-p MS] [-t MS] [-g HTTP_PORT]
 *
 * run prints one line per event on stdout (times are CLOCK_REALTIME seconds,
 * so a script can compare them with its own $EPOCHREALTIME):
 *   flow K up T PORT                    flow K connected from local PORT
 *   flow K lost T reset|eof|error|corrupt
 *   probe START END ok|refused|reset|timeout|error
 * With -g the probes are HTTP/1.0 GETs of / to ADDR:HTTP_PORT instead of a
 * line to the echo service: one is good when the server answers 200 and
 * closes, and its line then names who answered, the last word of the
 * body's first line (the lab's pages name their server):
 *   probe START END ok NAME             (or "bad" for another answer, "eof"
 *                                        for none)
 *   status T alive=A fresh=F lost=L maxgap=MS quiet=MS
 * A status line comes on SIGUSR1 and at exit (SIGTERM, SIGINT). SIGUSR2 sets
 * a mark: "fresh" counts the flows that got an echo after the last mark and
 * "maxgap" is the longest wait between two echoes of one flow since then
 * (an open wait counts up to now); "quiet" is the longest of the open waits
 * alone, so a small one says every alive flow is echoing right now. A flow
 * that never connected, or whose connection broke, is not alive. */
#include "config.h"

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_FLOWS 1024
#define MAX_PROBES 256
#define RECORD 8

static volatile sig_atomic_t want_status, want_mark, want_exit;

static void on_signal(int sig)
{
	if (sig == SIGUSR1)
		want_status = 1;
	else if (sig == SIGUSR2)
		want_mark = 1;
	else
		want_exit = 1;
}

static double mono_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double wall_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int nonblocking_socket(int family)
{
	return socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
}

/* ---- echo server ---- */

static int echo_server(const char *port_text)
{
	struct sockaddr_in6 sa = { .sin6_family = AF_INET6 };
	int one = 1, zero = 0, lfd, ep;

	sa.sin6_port = htons((uint16_t)atoi(port_text));
	lfd = nonblocking_socket(AF_INET6);
	if (lfd < 0 || setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    setsockopt(lfd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof(zero)) < 0 ||
	    bind(lfd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(lfd, 512) < 0) {
		perror("flows echo: listen");
		return 1;
	}
	ep = epoll_create1(EPOLL_CLOEXEC);
	struct epoll_event ev = { .events = EPOLLIN, .data.fd = lfd };
	epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &ev);
	for (;;) {
		struct epoll_event got[64];
		int n = epoll_wait(ep, got, 64, -1);

		for (int i = 0; i < n; i++) {
			int fd = got[i].data.fd;

			if (fd == lfd) {
				int c;

				while ((c = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0) {
					struct epoll_event cev = { .events = EPOLLIN, .data.fd = c };

					setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
					epoll_ctl(ep, EPOLL_CTL_ADD, c, &cev);
				}
				continue;
			}
			char buf[4096];
			ssize_t r = read(fd, buf, sizeof(buf));

			/* The peers send little and read all: a short write is not
			 * worth a buffer in a test server. */
			if (r <= 0 || write(fd, buf, (size_t)r) != r)
				close(fd);
		}
	}
}

/* ---- client ---- */

struct flow {
	int fd;
	bool connecting, alive, ever_up;
	uint32_t sent, echoed; /* records */
	unsigned char partial[RECORD];
	size_t partial_len;
	double last_echo, max_gap, echo_since_mark;
};

struct probe {
	int fd;
	double start_mono, start_wall;
	bool connected;
	char answer[512]; /* the start of an HTTP answer (-g) */
	size_t answer_len;
};

static struct sockaddr_storage target, probe_target;
static socklen_t target_len, probe_target_len;
static bool http_probes;
static struct flow flows[MAX_FLOWS];
static struct probe probes[MAX_PROBES];
static int nflows, nprobes;
static double mark_time;

static int start_connect(const struct sockaddr_storage *to, socklen_t to_len)
{
	int fd = nonblocking_socket(to->ss_family), one = 1;

	if (fd < 0)
		return -1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (connect(fd, (const struct sockaddr *)to, to_len) < 0 && errno != EINPROGRESS) {
		close(fd);
		return -1;
	}
	return fd;
}

static const char *error_word(int err)
{
	switch (err) {
	case ECONNREFUSED:
		return "refused";
	case ECONNRESET:
	case EPIPE:
		return "reset";
	case ETIMEDOUT:
		return "timeout";
	default:
		return "error";
	}
}

static int socket_error(int fd)
{
	int err = 0;
	socklen_t len = sizeof(err);

	getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
	return err;
}

/* The local port names a flow on the far side: NAT through IPVS keeps the
 * client's port, so a real server's socket table shows which flows it holds. */
static unsigned local_port(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	if (getsockname(fd, (struct sockaddr *)&ss, &len) < 0)
		return 0;
	if (ss.ss_family == AF_INET6)
		return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
	return ntohs(((struct sockaddr_in *)&ss)->sin_port);
}

static void flow_lost(int k, const char *why)
{
	struct flow *f = &flows[k];

	if (f->fd >= 0)
		close(f->fd);
	f->fd = -1;
	f->alive = false;
	printf("flow %d lost %.6f %s\n", k, wall_now(), why);
}

static void flow_send(int k)
{
	struct flow *f = &flows[k];
	unsigned char rec[RECORD];
	uint32_t id = htonl((uint32_t)k), seq = htonl(f->sent);

	if (!f->alive || f->connecting || f->sent - f->echoed > 8)
		return;
	memcpy(rec, &id, 4);
	memcpy(rec + 4, &seq, 4);
	ssize_t w = send(f->fd, rec, RECORD, MSG_NOSIGNAL);

	if (w == RECORD)
		f->sent++;
	else if (w < 0 && errno != EAGAIN)
		flow_lost(k, error_word(errno));
	/* A short write would need a queue; 8 bytes into an almost empty
	 * socket buffer do not come out short. */
}

static void flow_read(int k, double now)
{
	struct flow *f = &flows[k];
	unsigned char buf[512];
	ssize_t r;

	while ((r = read(f->fd, buf, sizeof(buf))) > 0) {
		for (ssize_t i = 0; i < r; i++) {
			f->partial[f->partial_len++] = buf[i];
			if (f->partial_len < RECORD)
				continue;
			uint32_t id, seq;

			memcpy(&id, f->partial, 4);
			memcpy(&seq, f->partial + 4, 4);
			f->partial_len = 0;
			if (ntohl(id) != (uint32_t)k || ntohl(seq) != f->echoed) {
				flow_lost(k, "corrupt");
				return;
			}
			f->echoed++;
			if (now - f->last_echo > f->max_gap)
				f->max_gap = now - f->last_echo;
			f->last_echo = now;
			f->echo_since_mark = 1;
		}
	}
	if (r == 0)
		flow_lost(k, "eof");
	else if (errno != EAGAIN)
		flow_lost(k, error_word(errno));
}

static void print_status(double now)
{
	int alive = 0, fresh = 0, lost = 0;
	double gap = 0, quiet = 0;

	for (int k = 0; k < nflows; k++) {
		struct flow *f = &flows[k];

		if (f->alive && !f->connecting)
			alive++;
		if (f->ever_up && !f->alive)
			lost++;
		if (!f->ever_up)
			continue;
		fresh += f->alive && f->echo_since_mark;
		double open = f->alive ? now - (f->last_echo > mark_time ? f->last_echo : mark_time) : 0;
		if (f->max_gap > gap)
			gap = f->max_gap;
		if (open > gap)
			gap = open;
		if (open > quiet)
			quiet = open;
	}
	printf("status %.6f alive=%d fresh=%d lost=%d maxgap=%.0f quiet=%.0f\n", wall_now(), alive, fresh,
	       lost, gap * 1000, quiet * 1000);
}

static void set_mark(double now)
{
	mark_time = now;
	for (int k = 0; k < nflows; k++) {
		flows[k].max_gap = 0;
		flows[k].echo_since_mark = 0;
		if (flows[k].last_echo < now)
			flows[k].last_echo = now;
	}
}

static void probe_end(int i, const char *result)
{
	struct probe *p = &probes[i];

	close(p->fd);
	printf("probe %.6f %.6f %s\n", p->start_wall, wall_now(), result);
	probes[i] = probes[--nprobes];
}

/* The verdict on a whole HTTP answer (the server closed): "ok NAME" for a
 * 200, NAME the last word of the body's first line, else "bad". */
static void http_verdict(const struct probe *p, char *out, size_t size)
{
	const char *a = p->answer, *end = a + p->answer_len, *body = NULL, *eol, *w;

	for (const char *c = a; c + 4 <= end; c++) {
		if (memcmp(c, "\r\n\r\n", 4) == 0) {
			body = c + 4;
			break;
		}
	}
	if (p->answer_len < 12 || memcmp(a, "HTTP/1.", 7) != 0 || memcmp(a + 8, " 200", 4) != 0 || !body) {
		snprintf(out, size, "bad");
		return;
	}
	for (eol = body; eol < end && *eol != '\r' && *eol != '\n'; eol++)
		;
	while (eol > body && eol[-1] == ' ')
		eol--;
	for (w = eol; w > body && w[-1] != ' '; w--)
		;
	int n = snprintf(out, size, "ok ");
	size_t k = (size_t)n;

	for (; w < eol && k + 1 < size && k < 40; w++) {
		char ch = *w;
		bool plain = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
			     (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' || ch == '.';

		out[k++] = plain ? ch : '?';
	}
	if (k == (size_t)n && k + 1 < size)
		out[k++] = '?';
	out[k] = '\0';
}

/* A connected probe has something to read. */
static void probe_read(int i)
{
	struct probe *p = &probes[i];
	char buf[512], verdict[64];
	ssize_t r;

	if (!http_probes) {
		r = read(p->fd, buf, sizeof(buf));
		if (r > 0)
			probe_end(i, "ok");
		else if (r == 0)
			probe_end(i, "eof");
		else if (errno != EAGAIN)
			probe_end(i, error_word(errno));
		return;
	}
	while ((r = read(p->fd, buf, sizeof(buf))) > 0) {
		size_t room = sizeof(p->answer) - p->answer_len;
		size_t take = (size_t)r < room ? (size_t)r : room;

		/* The page is small; the rest of a big answer is not looked at. */
		memcpy(p->answer + p->answer_len, buf, take);
		p->answer_len += take;
	}
	if (r == 0 && p->answer_len == 0) {
		probe_end(i, "eof");
	} else if (r == 0) {
		http_verdict(p, verdict, sizeof(verdict));
		probe_end(i, verdict);
	} else if (errno != EAGAIN) {
		probe_end(i, error_word(errno));
	}
}

static int resolve(const char *host, const char *port, struct sockaddr_storage *to, socklen_t *to_len)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM, .ai_flags = AI_NUMERICHOST }, *res;

	if (getaddrinfo(host, port, &hints, &res) != 0)
		return -1;
	memcpy(to, res->ai_addr, res->ai_addrlen);
	*to_len = res->ai_addrlen;
	freeaddrinfo(res);
	return 0;
}

static int run_client(int argc, char **argv)
{
	int n = 20, opt;
	double interval = 0.020, probe_every = 0, probe_timeout = 1.0;
	const char *http_port = NULL;

	while ((opt = getopt(argc, argv, "n:i:p:t:g:")) != -1) {
		switch (opt) {
		case 'n':
			n = atoi(optarg);
			break;
		case 'i':
			interval = atof(optarg) / 1000;
			break;
		case 'p':
			probe_every = atof(optarg) / 1000;
			break;
		case 't':
			probe_timeout = atof(optarg) / 1000;
			break;
		case 'g':
			http_port = optarg;
			break;
		default:
			return 2;
		}
	}
	if (argc - optind != 2 || n < 0 || n > MAX_FLOWS || interval <= 0 || probe_timeout <= 0) {
		fprintf(stderr, "usage: flows run ADDR PORT [-n FLOWS] [-i MS] [-p MS] [-t MS] [-g HTTP_PORT]\n");
		return 2;
	}
	if (resolve(argv[optind], argv[optind + 1], &target, &target_len) < 0 ||
	    resolve(argv[optind], http_port ? http_port : argv[optind + 1], &probe_target,
		    &probe_target_len) < 0) {
		fprintf(stderr, "flows: bad address or port %s\n", argv[optind]);
		return 2;
	}
	http_probes = http_port != NULL;
	nflows = n;
	double now = mono_now(), next_send = now, next_probe = now;

	mark_time = now;
	for (int k = 0; k < nflows; k++) {
		flows[k].fd = start_connect(&target, target_len);
		flows[k].connecting = flows[k].alive = flows[k].fd >= 0;
		if (flows[k].fd < 0)
			printf("flow %d lost %.6f %s\n", k, wall_now(), error_word(errno));
	}
	while (!want_exit) {
		struct pollfd pfd[MAX_FLOWS + MAX_PROBES];
		int who[MAX_FLOWS + MAX_PROBES], np = 0;

		now = mono_now();
		if (want_mark) {
			want_mark = 0;
			set_mark(now);
		}
		if (want_status) {
			want_status = 0;
			print_status(now);
		}
		if (now >= next_send) {
			for (int k = 0; k < nflows; k++)
				flow_send(k);
			next_send += interval;
			if (next_send < now)
				next_send = now + interval;
		}
		if (probe_every > 0 && now >= next_probe) {
			next_probe += probe_every;
			if (next_probe < now)
				next_probe = now + probe_every;
			if (nprobes < MAX_PROBES) {
				struct probe *p = &probes[nprobes];

				p->start_mono = now;
				p->start_wall = wall_now();
				p->connected = false;
				p->answer_len = 0;
				p->fd = start_connect(&probe_target, probe_target_len);
				if (p->fd >= 0)
					nprobes++;
				else
					printf("probe %.6f %.6f %s\n", p->start_wall, wall_now(), error_word(errno));
			}
		}
		for (int i = 0; i < nprobes;) {
			if (now - probes[i].start_mono >= probe_timeout)
				probe_end(i, "timeout");
			else
				i++;
		}
		for (int k = 0; k < nflows; k++) {
			if (!flows[k].alive)
				continue;
			pfd[np] = (struct pollfd){ .fd = flows[k].fd,
						   .events = flows[k].connecting ? POLLOUT : POLLIN };
			who[np++] = k;
		}
		for (int i = 0; i < nprobes; i++) {
			pfd[np] = (struct pollfd){ .fd = probes[i].fd,
						   .events = probes[i].connected ? POLLIN : POLLOUT };
			who[np++] = MAX_FLOWS + i;
		}
		double wake = next_send;

		if (probe_every > 0 && next_probe < wake)
			wake = next_probe;
		int ms = (int)((wake - now) * 1000) + 1;

		if (poll(pfd, (nfds_t)np, ms < 0 ? 0 : ms) < 0 && errno != EINTR)
			return 1;
		now = mono_now();
		/* Probes are ended from the highest index down: probe_end moves the
		 * last one into the freed slot. */
		for (int i = np - 1; i >= 0; i--) {
			if (!pfd[i].revents)
				continue;
			if (who[i] < MAX_FLOWS) {
				int k = who[i];
				struct flow *f = &flows[k];

				if (f->connecting) {
					int err = socket_error(f->fd);

					if (err) {
						flow_lost(k, error_word(err));
						continue;
					}
					f->connecting = false;
					f->ever_up = true;
					f->last_echo = now;
					printf("flow %d up %.6f %u\n", k, wall_now(), local_port(f->fd));
				} else {
					flow_read(k, now);
				}
				continue;
			}
			int j = who[i] - MAX_FLOWS;
			struct probe *p = &probes[j];
			int err = socket_error(p->fd);

			if (err) {
				probe_end(j, error_word(err));
			} else if (!p->connected) {
				static const char get[] = "GET / HTTP/1.0\r\nHost: lab\r\n\r\n";
				const char *ask = http_probes ? get : "p\n";
				ssize_t len = (ssize_t)strlen(ask);

				p->connected = true;
				if (send(p->fd, ask, (size_t)len, MSG_NOSIGNAL) != len)
					probe_end(j, error_word(errno));
			} else {
				probe_read(j);
			}
		}
	}
	print_status(mono_now());
	return 0;
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_signal };

	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGPIPE, SIG_IGN);
	if (argc == 3 && strcmp(argv[1], "echo") == 0)
		return echo_server(argv[2]);
	if (argc >= 2 && strcmp(argv[1], "run") == 0) {
		sigaction(SIGUSR1, &sa, NULL);
		sigaction(SIGUSR2, &sa, NULL);
		sigaction(SIGTERM, &sa, NULL);
		sigaction(SIGINT, &sa, NULL);
		return run_client(argc - 1, argv + 1);
	}
	fprintf(stderr, "usage: flows echo PORT | flows run ADDR PORT [-n FLOWS] [-i MS] [-p MS] [-t MS] [-g HTTP_PORT]\n");
	return 2;
}
