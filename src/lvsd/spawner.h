/* The nanny starter: a small process lvsd forks once, early, that starts
 * each nanny for it. Forking lvsd itself a thousand times costs lvsd the
 * copy of a large address space and descriptor table per nanny, on the
 * path of every start; the starter is small, holds no descriptor but its
 * socket, and works beside lvsd's loop. Each child is started with
 * CLONE_PARENT, so it is lvsd's child: lvsd reaps it and it dies with lvsd
 * (PR_SET_PDEATHSIG), as one lvsd forked would.
 *
 * The starter runs with no capability and with no_new_privs, so whatever
 * it starts has none either. It exits when lvsd closes the socket or dies.
 * It blocks in its own loop, which only ever waits for the next request:
 * lvsd's loop never waits for it (requests and answers are messages on a
 * non-blocking SOCK_SEQPACKET socket). */
#ifndef LVSD_SPAWNER_H
#define LVSD_SPAWNER_H

#include <stdbool.h>
#include <sys/types.h>

#include "spawn_msg.h"

struct spawner {
	pid_t pid;      /* 0: none; kept after spawner_close, until it is reaped */
	int fd;         /* lvsd's end, non-blocking, close-on-exec; -1: not in use */
	bool zygote;    /* started as a zygote */
};

/* Fork the starter. With zygote (a nanny's path), the starter execs it as
 * `nanny --zygote`, which forks each nanny without an exec (see
 * src/nanny/zygote.c); when that exec fails it is the plain starter
 * instead, and when the zygote fails later, its end closes as a dead
 * starter's would. Returns 0, or -1 with errno. */
int spawner_start(struct spawner *s, const char *zygote);
/* Send an encoded request with the descriptor the child gets as pass_as.
 * Returns 0, or -1 with errno (EAGAIN: the socket is full). */
int spawner_send(const struct spawner *s, const void *msg, size_t len, int pass_fd);
/* Read one answer: 1 read, 0 none waiting, -1 the starter is gone or
 * said something unreadable (errno: EPIPE for its end closed, EPROTO). */
int spawner_recv(const struct spawner *s, struct spawn_reply *r);
/* Close lvsd's end: the starter exits; its exit is reaped as any child's. */
void spawner_close(struct spawner *s);

#endif
