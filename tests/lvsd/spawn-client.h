/* What the starter tests (test-spawner.c, test-zygote.c) share: asking
 * a starter for a start and reading its answer, and counting a process's
 * descriptors. */
#ifndef TESTS_LVSD_SPAWN_CLIENT_H
#define TESTS_LVSD_SPAWN_CLIENT_H

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "spawner.h"

static inline int answer(struct spawner *s, struct spawn_reply *r)
{
	struct pollfd p = { .fd = s->fd, .events = POLLIN };

	if (poll(&p, 1, 5000) != 1)
		return 0;
	return spawner_recv(s, r);
}

/* Start argv through the starter with a pipe as descriptor 3; returns the
 * answer's result and leaves the pipe's read end in *rd. */
static inline int start(struct spawner *s, uint32_t id, int nice, const char *const argv[], int *rd)
{
	char msg[SPAWN_MSG_MAX];
	struct spawn_reply r;
	int p[2];
	ssize_t n = spawn_msg_encode_request(msg, sizeof(msg), id, nice, 3, argv);

	if (n < 0 || pipe2(p, O_CLOEXEC) < 0)
		return 0;
	if (spawner_send(s, msg, (size_t)n, p[1]) < 0) {
		close(p[0]);
		close(p[1]);
		return 0;
	}
	close(p[1]);
	*rd = p[0];
	if (answer(s, &r) != 1 || r.id != id)
		return 0;
	return r.result;
}

static inline int open_fds(pid_t pid)
{
	char path[64];
	struct dirent *e;
	int n = 0;
	DIR *d;

	snprintf(path, sizeof(path), "/proc/%ld/fd", (long)pid);
	d = opendir(path);
	if (!d)
		return -1;
	while ((e = readdir(d)))
		n += e->d_name[0] != '.' && atoi(e->d_name) > 2;
	closedir(d);
	return n;
}

#endif
