/* BIRD's control-socket protocol as lvsd reads it (announce_bfd): pure,
 * no I/O, so the unit test and the fuzzer drive it with any bytes.
 *
 * BIRD 2 greets with "0001 BIRD 2.0.12 ready." and answers each command
 * with lines of the form
 *     NNNN-text   a numbered line, more follows
 *      text       (a leading space) more of the last numbered line's kind
 *     NNNN text   the last line of the reply
 *     +text       a message BIRD sends on its own (ignored)
 * where 0000 ends a reply without a message, 8xxx (run-time) and 9xxx
 * (parse) are errors. "show bfd sessions" answers with code 1020 lines:
 * per BFD protocol its name ("bfd1:"), a heading ("IP address  Interface
 * State  Since  Interval  Timeout"), then one line per session whose first
 * field is the neighbour's address and third field its state (Up, Down,
 * Init or AdminDown), as BIRD 2.0.12 prints it. Without a BFD protocol it
 * answers "9001 There is no BFD protocol running". */
#ifndef LVSD_BIRD_REPLY_H
#define LVSD_BIRD_REPLY_H

#include <stdbool.h>
#include <stddef.h>

/* Longer lines are not BIRD's answer to "show bfd sessions". */
#define BIRD_LINE_MAX 1024

enum bird_event {
	BIRD_NONE = 0,   /* more bytes needed */
	BIRD_GREETING,   /* the first line, "0001 ..." */
	BIRD_REPLY,      /* a reply ended without an error; sessions counted */
	BIRD_ERROR,      /* a reply ended with an 8xxx or 9xxx line; text says it */
	BIRD_GARBAGE,    /* not BIRD's protocol (text says why); the parser stays broken */
};

/* The BFD sessions of one reply, by state. */
struct bird_sessions {
	unsigned up, down, init, admin_down, other;
};

struct bird_parser {
	char line[BIRD_LINE_MAX + 1];
	size_t len;
	bool greeted;
	bool in_reply;      /* a reply has begun and not ended */
	int code;           /* the kind of the reply's last numbered line */
	bool broken;        /* after BIRD_GARBAGE */
	struct bird_sessions sessions;  /* of the current or last reply */
	int final_code;     /* of the last reply */
	char text[160];     /* the error's message, or what was wrong (printable) */
};

void bird_parser_init(struct bird_parser *p);

/* Take bytes as they came from the socket (a line may be split anywhere).
 * Stops after the first line that makes an event: returns how many bytes
 * it took and sets *ev (BIRD_NONE when it took them all and no event came).
 * Call again with the rest. Once broken it takes everything and says
 * BIRD_GARBAGE. */
size_t bird_parser_feed(struct bird_parser *p, const char *buf, size_t len, enum bird_event *ev);

/* One whole line without its newline (feed's step, for the tests). */
enum bird_event bird_parser_line(struct bird_parser *p, const char *line, size_t len);

/* The command lvsd sends, with its newline. */
#define BIRD_CMD_BFD_SESSIONS "show bfd sessions\n"

#endif
