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
#include "spawn_serve.h"

/* ---- the starter process ---- */

/* A zygote's command line is this long, so that each nanny it forks can
 * write its own command line over it, for ps to show. */
#define ZYGOTE_ARGV_ROOM 2048

/* In the forked lvsd: become the zygote (zygote's program, exec'd with
 * the socket as descriptor 3), or when that cannot be, the plain starter. */
static void __attribute__((noreturn)) starter_main(int sock, pid_t lvsd, const char *zygote)
{
	struct spawn_serve_opts plain = { 0 };
	sigset_t none;

	prctl(PR_SET_NAME, "lvsd-starter");
	/* SIGKILL: SIGTERM might find a disposition lvsd set before the fork.
	 * It survives the zygote's exec. */
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
	if (zygote && (sock == 3 || dup2(sock, 3) == 3)) {
		static char room[ZYGOTE_ARGV_ROOM];
		char *argv[] = { (char *)zygote, (char *)"--zygote", room, NULL };

		memset(room, ' ', sizeof(room) - 1);
		fcntl(3, F_SETFD, 0);
		execv(zygote, argv);
		/* No zygote: serve as the plain starter. */
		if (sock != 3)
			close(3);
	}
	spawn_serve(sock, &plain);
}

/* ---- lvsd's side ---- */

int spawner_start(struct spawner *s, const char *zygote)
{
	int sv[2];
	pid_t lvsd = getpid();

	s->pid = 0;
	s->fd = -1;
	s->zygote = zygote != NULL;
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
		starter_main(sv[1], lvsd, zygote);
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
