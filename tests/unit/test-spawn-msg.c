/* The starter's messages (spawn_msg.c) without a process: a request and
 * an answer survive the trip, and every malformed request is refused, not
 * read past its end. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "spawn_msg.h"
#include "tap.h"

int main(void)
{
	char buf[SPAWN_MSG_MAX], small[24];
	const char *argv[] = { "/usr/sbin/nanny", "-h", "10.0.0.1", "", "--lvs", NULL };
	const char *none[] = { NULL };
	const char *many[SPAWN_MAX_ARGS + 2];
	struct spawn_request r;
	struct spawn_reply a = { .id = 77, .result = -EAGAIN }, b;
	unsigned char out[SPAWN_REPLY_SIZE];
	ssize_t n;

	n = spawn_msg_encode_request(buf, sizeof(buf), 42, 10, 3, argv);
	ok(n > 0, "a nanny line encodes");
	ok(spawn_msg_decode_request(buf, (size_t)n, &r) == 0, "and decodes");
	is_int(r.id, 42, "the id");
	is_int(r.nice, 10, "the niceness");
	is_int(r.pass_as, 3, "the descriptor it is passed as");
	is_int(r.argc, 5, "five arguments");
	is_str(r.argv[2], "10.0.0.1", "an argument");
	is_str(r.argv[3], "", "an empty argument stays one");
	ok(r.argv[5] == NULL, "argv ends in NULL");

	ok(spawn_msg_encode_request(buf, sizeof(buf), 1, 0, 3, none) < 0, "no program: refused");
	ok(spawn_msg_encode_request(small, sizeof(small), 1, 0, 3, argv) < 0, "too long for the buffer: refused");
	for (int i = 0; i < SPAWN_MAX_ARGS + 1; i++)
		many[i] = "x";
	many[SPAWN_MAX_ARGS + 1] = NULL;
	ok(spawn_msg_encode_request(buf, sizeof(buf), 1, 0, 3, many) < 0, "more than SPAWN_MAX_ARGS: refused");
	many[SPAWN_MAX_ARGS] = NULL;
	n = spawn_msg_encode_request(buf, sizeof(buf), 1, 0, 3, many);
	ok(n > 0 && spawn_msg_decode_request(buf, (size_t)n, &r) == 0 && r.argc == SPAWN_MAX_ARGS,
	   "exactly SPAWN_MAX_ARGS: taken");

	n = spawn_msg_encode_request(buf, sizeof(buf), 9, 0, 3, argv);
	for (ssize_t cut = 0; cut < n; cut++)
		if (spawn_msg_decode_request(buf, (size_t)cut, &r) == 0) {
			ok(0, "a request cut to %zd bytes decodes", cut);
			break;
		}
	ok(1, "a request cut anywhere is refused");
	ok(spawn_msg_decode_request(buf, 6, &r) < 0 && r.id == 9, "a cut one still names its id for the answer");
	buf[n] = 'z';
	ok(spawn_msg_decode_request(buf, (size_t)n + 1, &r) < 0, "bytes after the last argument: refused");
	buf[12] = 0, buf[13] = buf[14] = buf[15] = 0;
	ok(spawn_msg_decode_request(buf, (size_t)n, &r) < 0, "argc 0: refused");
	buf[12] = 2;
	ok(spawn_msg_decode_request(buf, (size_t)n, &r) < 0, "fewer arguments said than sent: refused");
	buf[12] = 9;
	ok(spawn_msg_decode_request(buf, (size_t)n, &r) < 0, "more said than sent: refused");
	buf[12] = (char)200;
	ok(spawn_msg_decode_request(buf, (size_t)n, &r) < 0, "argc past SPAWN_MAX_ARGS: refused");

	spawn_msg_encode_reply(out, &a);
	ok(spawn_msg_decode_reply(out, sizeof(out), &b) == 0 && b.id == 77 && b.result == -EAGAIN,
	   "an answer survives the trip, a negative errno too");
	ok(spawn_msg_decode_reply(out, sizeof(out) - 1, &b) < 0, "a short answer is refused");
	ok(spawn_msg_decode_reply(out, sizeof(out) + 1, &b) < 0, "a long one too");
	return tap_done();
}
