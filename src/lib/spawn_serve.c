#include "config.h"

#include "spawn_serve.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "process.h"
#include "spawn_msg.h"

static void reply(int sock, uint32_t id, int32_t result)
{
	unsigned char out[SPAWN_REPLY_SIZE];
	struct spawn_reply r = { .id = id, .result = result };

	spawn_msg_encode_reply(out, &r);
	if (send(sock, out, sizeof(out), MSG_NOSIGNAL) != (ssize_t)sizeof(out))
		_exit(0);	/* the daemon is gone */
}

/* One request: its message and the descriptor that came with it (-1).
 * -2: cut (a message or a descriptor that did not fit). */
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

/* Whether a request for argv0 is run without an exec. */
static bool runs_self(const struct spawn_serve_opts *o, const char *argv0)
{
	return o->run_self && o->self && strcmp(o->self, argv0) == 0;
}

static void start_one(int sock, void *buf, size_t len, int fd, const struct spawn_serve_opts *o)
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
	so.signals_default = o->signals_default;
	if (runs_self(o, req.argv[0]))
		so.run = o->run_self;
	pid = process_spawn((char *const *)req.argv, &so);
	reply(sock, req.id, pid > 0 ? pid : -errno);
}

void spawn_serve(int sock, const struct spawn_serve_opts *o)
{
	/* Static: a forked child runs on with a copy of the buffer its
	 * request's strings point into. */
	static char buf[SPAWN_MSG_MAX];

	for (;;) {
		int fd;
		ssize_t n = receive(sock, buf, sizeof(buf), &fd);

		if (n == 0 || (n < 0 && n != -2))
			_exit(0);
		if (n == -2)
			reply(sock, 0, -EPROTO);
		else
			start_one(sock, buf, (size_t)n, fd, o);
		if (fd >= 0)
			close(fd);
	}
}
