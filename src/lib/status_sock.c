#include "config.h"

#include "status_sock.h"
#include "clock.h"

#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

struct status_client {
	struct status_server *srv;
	int fd;
	char req[STATUS_REQUEST_MAX];
	size_t req_len;
	struct strbuf answer;
	size_t sent;
	bool writing;
	struct ev_timer *timer;
	struct status_client *next;
};

struct status_server {
	struct evloop *loop;
	char *path;
	int fd;
	status_handler fn;
	void *ctx;
	struct status_client *clients;
	size_t n_clients;
	double timeout;
	dev_t dev;              /* the socket file we made, to remove only that */
	ino_t ino;
};

static void drop(struct status_client *c)
{
	struct status_server *s = c->srv;

	for (struct status_client **pp = &s->clients; *pp; pp = &(*pp)->next) {
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	}
	s->n_clients--;
	evloop_del_fd(s->loop, c->fd);
	close(c->fd);
	evloop_timer_free(c->timer);
	sb_free(&c->answer);
	free(c);
}

static void on_timeout(struct evloop *loop, struct ev_timer *t, void *data)
{
	(void)loop;
	(void)t;
	drop(data);
}

/* Writes what the socket takes; true when the client is finished with. */
static bool send_some(struct status_client *c)
{
	while (c->sent < c->answer.len) {
		ssize_t n = send(c->fd, c->answer.buf + c->sent, c->answer.len - c->sent,
				 MSG_NOSIGNAL | MSG_DONTWAIT);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return errno != EAGAIN && errno != EWOULDBLOCK;
		}
		c->sent += (size_t)n;
	}
	return true;
}

static void answer(struct status_client *c)
{
	struct status_server *s = c->srv;

	c->req[c->req_len] = '\0';
	c->req[strcspn(c->req, "\r\n")] = '\0';
	if (s->fn(s->ctx, c->req, &c->answer) < 0 || c->answer.failed) {
		drop(c);
		return;
	}
	c->writing = true;
	shutdown(c->fd, SHUT_RD);
	if (send_some(c))
		drop(c);
	else
		evloop_mod_fd(s->loop, c->fd, EPOLLOUT);
}

static void on_client(struct evloop *loop, int fd, uint32_t events, void *data)
{
	struct status_client *c = data;

	(void)loop;
	(void)fd;
	if (c->writing) {
		if (send_some(c) || (events & (EPOLLERR | EPOLLHUP)))
			drop(c);
		return;
	}
	for (;;) {
		ssize_t n = recv(c->fd, c->req + c->req_len, sizeof(c->req) - 1 - c->req_len, MSG_DONTWAIT);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		if (n < 0) {
			drop(c);
			return;
		}
		c->req_len += (size_t)n;
		/* A whole line, the client's end of sending, or as much as a
		 * request may be: answer what there is. */
		if (n == 0 || memchr(c->req, '\n', c->req_len) || c->req_len == sizeof(c->req) - 1) {
			answer(c);
			return;
		}
	}
}

static void on_accept(struct evloop *loop, int fd, uint32_t events, void *data)
{
	struct status_server *s = data;
	int cfd;

	(void)events;
	while ((cfd = accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0) {
		struct status_client *c;

		if (s->n_clients >= STATUS_MAX_CLIENTS || !(c = calloc(1, sizeof(*c)))) {
			close(cfd);
			continue;
		}
		c->srv = s;
		c->fd = cfd;
		c->timer = evloop_timer_new(loop, on_timeout, c);
		if (!c->timer || evloop_add_fd(loop, cfd, EPOLLIN, on_client, c) < 0) {
			evloop_timer_free(c->timer);
			close(cfd);
			free(c);
			continue;
		}
		evloop_timer_arm(c->timer, s->timeout);
		c->next = s->clients;
		s->clients = c;
		s->n_clients++;
	}
}

struct status_server *status_server_open(struct evloop *loop, const char *path,
					 status_handler fn, void *ctx)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct status_server *s;
	mode_t old;
	int fd, err;

	if (strlen(path) >= sizeof(sa.sun_path)) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	strcpy(sa.sun_path, path);
	s = calloc(1, sizeof(*s));
	if (!s || !(s->path = strdup(path))) {
		free(s);
		errno = ENOMEM;
		return NULL;
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		goto fail;
	/* A socket someone answers on belongs to a running daemon (another
	 * instance, or a test beside a real one): never take it over. One
	 * nobody answers on is left from a crash. */
	{
		int probe = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

		if (probe >= 0 && connect(probe, (struct sockaddr *)&sa, sizeof(sa)) == 0) {
			close(probe);
			errno = EADDRINUSE;
			goto fail;
		}
		if (probe >= 0)
			close(probe);
	}
	unlink(path);
	old = umask(0077); /* status is for root and whom root lets in */
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(fd, 16) < 0) {
		umask(old);
		goto fail;
	}
	umask(old);
	{
		struct stat st;

		if (stat(path, &st) == 0) {
			s->dev = st.st_dev;
			s->ino = st.st_ino;
		}
	}
	if (evloop_add_fd(loop, fd, EPOLLIN, on_accept, s) < 0)
		goto fail;
	s->loop = loop;
	s->fd = fd;
	s->fn = fn;
	s->ctx = ctx;
	s->timeout = STATUS_CLIENT_TIMEOUT;
	return s;
fail:
	err = errno;
	if (fd >= 0)
		close(fd);
	free(s->path);
	free(s);
	errno = err;
	return NULL;
}

void status_server_close(struct status_server *s)
{
	if (!s)
		return;
	while (s->clients)
		drop(s->clients);
	evloop_del_fd(s->loop, s->fd);
	close(s->fd);
	{
		struct stat st;

		/* A successor may have bound its own socket there since. */
		if (stat(s->path, &st) == 0 && st.st_dev == s->dev && st.st_ino == s->ino)
			unlink(s->path);
	}
	free(s->path);
	free(s);
}

size_t status_server_clients(const struct status_server *s)
{
	return s->n_clients;
}

void status_server_set_timeout(struct status_server *s, double seconds)
{
	s->timeout = seconds;
}

/* ---- client ---- */

/* Waits for events on fd until deadline: false on time-out or error. */
static bool wait_for(int fd, short events, double deadline)
{
	for (;;) {
		struct pollfd pfd = { .fd = fd, .events = events };
		double left = deadline - clock_mono_s();
		int r;

		if (left <= 0)
			return false;
		r = poll(&pfd, 1, (int)(left * 1000) + 1);
		if (r > 0)
			return true;
		if (r == 0 || errno != EINTR)
			return false;
	}
}

int status_query(const char *prog, const char *path, const char *request, int out_fd)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	double deadline = clock_mono_s() + STATUS_CLIENT_TIMEOUT;
	size_t off = 0, len = strlen(request);
	char buf[4096];
	int fd;

	if (strlen(path) >= sizeof(sa.sun_path)) {
		fprintf(stderr, "%s: socket path too long: %s\n", prog, path);
		return 1;
	}
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		fprintf(stderr, "%s: is %s running? cannot connect to %s: %s\n", prog, prog, path,
			strerror(errno));
		if (fd >= 0)
			close(fd);
		return 1;
	}
	while (off < len) {
		ssize_t n;

		if (!wait_for(fd, POLLOUT, deadline))
			goto timeout;
		n = send(fd, request + off, len - off, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n < 0 && errno != EINTR && errno != EAGAIN) {
			fprintf(stderr, "%s: sending to %s: %s\n", prog, path, strerror(errno));
			close(fd);
			return 1;
		}
		if (n > 0)
			off += (size_t)n;
	}
	for (;;) {
		ssize_t n;

		if (!wait_for(fd, POLLIN, deadline))
			goto timeout;
		n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
		if (n == 0)
			break;
		if (n < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			fprintf(stderr, "%s: reading from %s: %s\n", prog, path, strerror(errno));
			close(fd);
			return 1;
		}
		for (ssize_t w = 0; w < n;) {
			ssize_t k = write(out_fd, buf + w, (size_t)(n - w));

			if (k < 0 && errno == EINTR)
				continue;
			if (k < 0) {
				close(fd);
				return 1;
			}
			w += k;
		}
	}
	close(fd);
	return 0;
timeout:
	fprintf(stderr, "%s: no answer from %s within %g s\n", prog, path, STATUS_CLIENT_TIMEOUT);
	close(fd);
	return 1;
}
