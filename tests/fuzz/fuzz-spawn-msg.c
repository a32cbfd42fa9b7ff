/* The messages between lvsd and its nanny starter (src/lvsd/spawn_msg.c).
 * Any bytes as a request: a request that decodes has 1 to SPAWN_MAX_ARGS
 * strings, all inside the message, and encodes back to the same bytes. Any
 * bytes as an answer: only the one size decodes, and back to itself. And
 * the input cut into strings: what encodes into a buffer of the size the
 * input picks decodes to the same id, nice, descriptor and strings. */
#include "config.h"

#include "fuzz.h"
#include "spawn_msg.h"

#include <stdlib.h>
#include <string.h>

/* msg: an exact copy of data, so that a read past the message is caught. */
static void check_decode(unsigned char *msg, const uint8_t *data, size_t size)
{
	unsigned char again[SPAWN_MSG_MAX];
	struct spawn_request r;
	ssize_t n;

	if (spawn_msg_decode_request(msg, size, &r) == 0) {
		if (r.argc == 0 || r.argc > SPAWN_MAX_ARGS || r.argv[r.argc])
			abort();
		for (uint32_t i = 0; i < r.argc; i++) {
			const char *s = r.argv[i];

			if (s < (char *)msg || s >= (char *)msg + size ||
			    !memchr(s, '\0', size - (size_t)(s - (char *)msg)))
				abort();
		}
		if (size <= sizeof(again)) {
			n = spawn_msg_encode_request(again, sizeof(again), r.id, r.nice, r.pass_as, r.argv);
			if (n != (ssize_t)size || memcmp(again, data, size))
				abort();
		}
	}
}

static void check_reply(const unsigned char *msg, const uint8_t *data, size_t size)
{
	unsigned char out[SPAWN_REPLY_SIZE];
	struct spawn_reply r;
	int rc;

	rc = spawn_msg_decode_reply(msg, size, &r);
	if ((rc == 0) != (size == SPAWN_REPLY_SIZE))
		abort();
	if (rc == 0) {
		spawn_msg_encode_reply(out, &r);
		if (memcmp(out, data, SPAWN_REPLY_SIZE))
			abort();
	}
}

/* Input: a buffer size (2 bytes), id, nice, descriptor (4 each), then the
 * strings, split at each 0xff byte. */
static void check_round_trip(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	const char *argv[SPAWN_MAX_ARGS + 2];
	char *strings[SPAWN_MAX_ARGS + 1];
	unsigned char sz[2];
	uint32_t id;
	int32_t nice, pass_as;
	size_t argc = 0, len;
	unsigned char *buf;
	struct spawn_request r;
	ssize_t n;

	fuzz_bytes(&in, sz, sizeof(sz));
	len = ((size_t)sz[0] << 8 | sz[1]) % (SPAWN_MSG_MAX + 1);
	fuzz_bytes(&in, &id, sizeof(id));
	fuzz_bytes(&in, &nice, sizeof(nice));
	fuzz_bytes(&in, &pass_as, sizeof(pass_as));
	while (argc < SPAWN_MAX_ARGS + 1 && (strings[argc] = fuzz_until(&in, 0xff, NULL)))
		argc++;
	for (size_t i = 0; i < argc; i++)
		argv[i] = strings[i];
	argv[argc] = NULL;
	buf = malloc(len ? len : 1);
	if (!buf)
		goto out;
	n = spawn_msg_encode_request(buf, len, id, nice, pass_as, argv);
	if (argc == 0 || argc > SPAWN_MAX_ARGS) {
		if (n != -1)
			abort();
	} else if (n >= 0) {
		if ((size_t)n > len || spawn_msg_decode_request(buf, (size_t)n, &r) != 0)
			abort();
		if (r.id != id || r.nice != nice || r.pass_as != pass_as || r.argc != argc)
			abort();
		for (size_t i = 0; i < argc; i++)
			if (strcmp(r.argv[i], argv[i]))
				abort();
	}
	free(buf);
out:
	for (size_t i = 0; i < argc; i++)
		free(strings[i]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char *msg = malloc(size ? size : 1);

	if (msg) {
		memcpy(msg, data, size);
		check_decode(msg, data, size);
		check_reply(msg, data, size);
		free(msg);
	}
	check_round_trip(data, size);
	return 0;
}
