#include "config.h"

#include "spawn_msg.h"

#include <string.h>

/* Fields in host order: both ends are the same program on one machine. */
#define HEADER_SIZE 16

static void put32(unsigned char *at, uint32_t v)
{
	memcpy(at, &v, sizeof(v));
}

static uint32_t get32(const unsigned char *at)
{
	uint32_t v;

	memcpy(&v, at, sizeof(v));
	return v;
}

ssize_t spawn_msg_encode_request(void *buf, size_t len, uint32_t id, int32_t nice,
				 int32_t pass_as, const char *const argv[])
{
	unsigned char *out = buf;
	size_t used = HEADER_SIZE;
	uint32_t argc = 0;

	if (len < HEADER_SIZE || !argv[0])
		return -1;
	for (; argv[argc]; argc++) {
		size_t n = strlen(argv[argc]) + 1;

		if (argc == SPAWN_MAX_ARGS || n > len - used)
			return -1;
		memcpy(out + used, argv[argc], n);
		used += n;
	}
	put32(out, id);
	put32(out + 4, (uint32_t)nice);
	put32(out + 8, (uint32_t)pass_as);
	put32(out + 12, argc);
	return (ssize_t)used;
}

int spawn_msg_decode_request(void *buf, size_t len, struct spawn_request *r)
{
	char *in = buf;
	size_t at = HEADER_SIZE;

	r->id = len >= 4 ? get32(buf) : 0;  /* for the answer, even to a cut request */
	if (len < HEADER_SIZE)
		return -1;
	r->nice = (int32_t)get32((unsigned char *)buf + 4);
	r->pass_as = (int32_t)get32((unsigned char *)buf + 8);
	r->argc = get32((unsigned char *)buf + 12);
	if (r->argc == 0 || r->argc > SPAWN_MAX_ARGS)
		return -1;
	for (uint32_t i = 0; i < r->argc; i++) {
		char *nul = at < len ? memchr(in + at, '\0', len - at) : NULL;

		if (!nul)
			return -1;
		r->argv[i] = in + at;
		at = (size_t)(nul - in) + 1;
	}
	r->argv[r->argc] = NULL;
	return at == len ? 0 : -1;
}

void spawn_msg_encode_reply(unsigned char out[SPAWN_REPLY_SIZE], const struct spawn_reply *r)
{
	put32(out, r->id);
	put32(out + 4, (uint32_t)r->result);
}

int spawn_msg_decode_reply(const void *buf, size_t len, struct spawn_reply *r)
{
	if (len != SPAWN_REPLY_SIZE)
		return -1;
	r->id = get32(buf);
	r->result = (int32_t)get32((const unsigned char *)buf + 4);
	return 0;
}
