#include "config.h"

#include "spawner.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "caps.h"
#include "process.h"

/* ---- the starter process ---- */

static void reply(int sock, uint32_t id, int32_t result)
{
	unsigned char out[SPAWN_REPLY_SIZE];
	struct spawn_reply r = { .id = id, .result = result };

	spawn_msg_encode_reply(out, &r);
	if (send(sock, out, sizeof(out), MSG_NOSIGNAL) != (ssize_t)sizeof(out))
		_exit(0);	/* lvsd is gone */
}

/* One request: its message and the descriptor that came with it (-1). */
static ssize_t receive(int sock, void *buf, size_t len, int *fd)
{
	union {
		struct cmsghdr h;
		char space[CMSG_SPACE(sizeof(int))];
	} control;
	struct iovec iov = { .iov_base = buf, .iov_len = len };
	struct msghdr mh = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = control.space, .msg_controllen = sizeof(control.space),
	};
	ssize_t n;

	*fd = -1;
	do
		n = recvmsg(sock, &mh, MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); n >= 0 && c; c = CMSG_NXTHDR(&mh, c))
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS &&
		    c->cmsg_len == CMSG_LEN(sizeof(int)))
			memcpy(fd, CMSG_DATA(c), sizeof(int));
	if (n >= 0 && (mh.msg_flags & (MSG_TRUNC | MSG_CTRUNC)))
		return -2;
	return n;
}

static void start_one(int sock, void *buf, size_t len, int fd)
{
	struct spawn_request req;
	struct spawn_opts so;
	pid_t pid;

	if (spawn_msg_decode_request(buf, len, &req) < 0) {
		reply(sock, req.id, -EPROTO);
		return;
	}
	so = spawn_defaults("lvsd");
	so.stdin_fd = SPAWN_INHERIT;
	so.pass_fd = fd;
	so.pass_as = fd >= 0 ? req.pass_as : -1;
	so.die_with_parent = true;
	so.sibling = true;
	so.nice = req.nice;
	pid = process_spawn((char *const *)req.argv, &so);
	reply(sock, req.id, pid > 0 ? pid : -errno);
}

static void __attribute__((noreturn)) starter_main(int sock, pid_t lvsd)
{
	static char buf[SPAWN_MSG_MAX];
	sigset_t none;

	prctl(PR_SET_NAME, "lvsd-starter");
	/* SIGKILL: SIGTERM might find a disposition lvsd set before the fork. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != lvsd)
		_exit(0);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	/* Only the socket: no copy of lvsd's netlink socket, pulse's pipe or
	 * a listener outlives lvsd in the starter, or reaches a nanny. */
	if (sock > 3)
		close_range(3, (unsigned)sock - 1, 0);
	close_range((unsigned)sock + 1, ~0U, 0);
	/* What the starter starts gets no capability back by exec. */
	if (caps_limit(NULL, 0, NULL, 0) < 0 || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		_exit(1);
	for (;;) {
		int fd;
		ssize_t n = receive(sock, buf, sizeof(buf), &fd);

		if (n == 0 || (n < 0 && n != -2))
			_exit(0);
		if (n == -2)
			reply(sock, 0, -EPROTO);
		else
			start_one(sock, buf, (size_t)n, fd);
		if (fd >= 0)
			close(fd);
	}
}

/* ---- lvsd's side ---- */

int spawner_start(struct spawner *s)
{
	int sv[2];
	pid_t lvsd = getpid();

	s->pid = 0;
	s->fd = -1;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return -1;
	s->pid = fork();
	if (s->pid < 0) {
		int err = errno;

		close(sv[0]);
		close(sv[1]);
		s->pid = 0;
		errno = err;
		return -1;
	}
	if (s->pid == 0)
		starter_main(sv[1], lvsd);
	close(sv[1]);
	fcntl(sv[0], F_SETFL, O_NONBLOCK);
	s->fd = sv[0];
	return 0;
}

int spawner_send(const struct spawner *s, const void *msg, size_t len, int pass_fd)
{
	union {
		struct cmsghdr h;
		char space[CMSG_SPACE(sizeof(int))];
	} control;
	struct iovec iov = { .iov_base = (void *)msg, .iov_len = len };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	ssize_t n;

	memset(&control, 0, sizeof(control));
	if (pass_fd >= 0) {
		struct cmsghdr *c;

		mh.msg_control = control.space;
		mh.msg_controllen = sizeof(control.space);
		c = CMSG_FIRSTHDR(&mh);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(c), &pass_fd, sizeof(int));
	}
	do
		n = sendmsg(s->fd, &mh, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -1;
	return 0;
}

int spawner_recv(const struct spawner *s, struct spawn_reply *r)
{
	unsigned char in[SPAWN_REPLY_SIZE + 1];
	ssize_t n;

	do
		n = recv(s->fd, in, sizeof(in), 0);
	while (n < 0 && errno == EINTR);
	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
		return 0;
	if (n < 0)
		return -1;
	if (n == 0) {
		errno = EPIPE;
		return -1;
	}
	if (spawn_msg_decode_reply(in, (size_t)n, r) < 0) {
		errno = EPROTO;
		return -1;
	}
	return 1;
}

void spawner_close(struct spawner *s)
{
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
}
