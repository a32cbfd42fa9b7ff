/* The messages between lvsd and its nanny starter (spawner.c): a request
 * to start one program, and the answer, its pid or why not. Pure: encoded
 * and decoded in caller buffers, tested without a process
 * (tests/lvsd/test-spawn-msg.c). */
#ifndef LVSD_SPAWN_MSG_H
#define LVSD_SPAWN_MSG_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* One request fits a SOCK_SEQPACKET message this size; a longer command
 * line is started by lvsd itself. */
#define SPAWN_MSG_MAX 8192
#define SPAWN_MAX_ARGS 64

struct spawn_request {
	uint32_t id;            /* the answer carries it back */
	int32_t nice;           /* added to the starter's niceness */
	int32_t pass_as;        /* the passed descriptor becomes this one */
	uint32_t argc;
	const char *argv[SPAWN_MAX_ARGS + 1];  /* NULL-terminated, into the message */
};

struct spawn_reply {
	uint32_t id;
	int32_t result;         /* the pid, or -errno */
};

#define SPAWN_REPLY_SIZE 8

/* Encode argv (NULL-terminated) as a request into buf. Returns its length,
 * or -1 when it does not fit buf or has more than SPAWN_MAX_ARGS. */
ssize_t spawn_msg_encode_request(void *buf, size_t len, uint32_t id, int32_t nice,
				 int32_t pass_as, const char *const argv[]);
/* Decode a request in place: r's strings point into buf, which must stay.
 * Returns 0, or -1 when the message is cut, holds no program, more
 * arguments than it says or than SPAWN_MAX_ARGS, or bytes after the last. */
int spawn_msg_decode_request(void *buf, size_t len, struct spawn_request *r);

void spawn_msg_encode_reply(unsigned char out[SPAWN_REPLY_SIZE], const struct spawn_reply *r);
/* Returns 0, or -1 when len is not SPAWN_REPLY_SIZE. */
int spawn_msg_decode_reply(const void *buf, size_t len, struct spawn_reply *r);

#endif
