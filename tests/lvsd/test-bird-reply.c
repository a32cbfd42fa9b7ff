/* BIRD's control-socket replies (src/lvsd/bird_reply.c), with the bytes
 * BIRD 2.0.12 sent ("show bfd sessions" against a neighbour in a network
 * namespace): greeting, multi-line replies and continuation lines,
 * sessions in each state, no sessions, no BFD protocol, error codes,
 * garbage, and lines split across reads. */
#include "config.h"

#include <string.h>

#include "bird_reply.h"
#include "tap.h"

#define GREETING "0001 BIRD 2.0.12 ready.\n"
#define HEAD " IP address                Interface  State      Since         Interval  Timeout\n"
/* As BIRD 2.0.12 sent it, one BFD protocol, one session up. */
#define ONE_UP "1020-bfd1:\n" HEAD \
	" 10.77.0.2                 va         Up         17:56:08.013    0.200    1.000\n" \
	"0000 \n"
/* Two protocols: the second one's name is a continuation line. */
#define TWO_PROTOS "1020-b1:\n" HEAD \
	" 10.77.0.9                 va         Down       17:56:30.955    1.000    0.000\n" \
	" 10.77.0.2                 va         Init       17:56:30.955    1.000    0.000\n" \
	" \n" \
	" b2:\n" HEAD \
	" 2001:db8::2               ---        AdminDown  17:56:30.955    1.000    0.000\n" \
	" 2001:db8::3               eth0       Up         17:56:30.955    1.000    0.000\n" \
	"0000 \n"

struct got {
	enum bird_event ev[16];
	int n;
};

/* Feed buf in pieces of step bytes, collecting the events. */
static void feed_all(struct bird_parser *p, const char *buf, size_t step, struct got *g)
{
	size_t len = strlen(buf), at = 0;

	g->n = 0;
	while (at < len) {
		size_t n = len - at < step ? len - at : step, off = 0;

		while (off < n) {
			enum bird_event ev;
			size_t took = bird_parser_feed(p, buf + at + off, n - off, &ev);

			off += took;
			if (ev != BIRD_NONE && g->n < 16)
				g->ev[g->n++] = ev;
			if (took == 0)
				break;
		}
		at += n;
	}
}

static void test_greeting_and_up(void)
{
	struct bird_parser p;
	struct got g;

	bird_parser_init(&p);
	feed_all(&p, GREETING, 1000, &g);
	is_int(g.n, 1, "greeting: one event");
	is_int(g.ev[0], BIRD_GREETING, "greeting: BIRD_GREETING");
	is_str(p.text, "BIRD 2.0.12 ready.", "greeting: its text");
	feed_all(&p, ONE_UP, 1000, &g);
	is_int(g.n, 1, "one session: one event for the whole reply");
	is_int(g.ev[0], BIRD_REPLY, "one session: BIRD_REPLY");
	is_int(p.sessions.up, 1, "one session: up");
	is_int(p.sessions.down + p.sessions.init + p.sessions.admin_down + p.sessions.other, 0,
	       "one session: nothing else counted (heading, protocol name)");
	is_int(p.final_code, 0, "one session: ended by 0000");
}

static void test_states(void)
{
	struct bird_parser p;
	struct got g;

	bird_parser_init(&p);
	feed_all(&p, GREETING TWO_PROTOS, 1000, &g);
	is_int(g.n, 2, "two protocols: greeting and one reply");
	is_int(g.ev[1], BIRD_REPLY, "two protocols: BIRD_REPLY");
	is_int(p.sessions.up, 1, "two protocols: the Up of the second protocol counted");
	is_int(p.sessions.down, 1, "Down counted");
	is_int(p.sessions.init, 1, "Init counted");
	is_int(p.sessions.admin_down, 1, "AdminDown counted");
	is_int(p.sessions.other, 0, "nothing unknown");
	/* The next reply starts from zero. */
	feed_all(&p, "1020-bfd1:\n" HEAD " 10.0.0.1 x Down 12:00 1.0 0.0\n0000 \n", 1000, &g);
	is_int(p.sessions.up, 0, "a new reply: the old counts are gone");
	is_int(p.sessions.down, 1, "a new reply: its own Down");
	feed_all(&p, "1020-bfd1:\n 10.0.0.1 x Sleepy 12:00 1.0 0.0\n0000 \n", 1000, &g);
	is_int(p.sessions.other, 1, "a state BIRD 2.0.12 does not have: counted as other");
	is_int(p.sessions.up, 0, "... and not as up");
}

static void test_no_sessions(void)
{
	struct bird_parser p;
	struct got g;

	bird_parser_init(&p);
	feed_all(&p, GREETING "1020-b2:\n" HEAD "0000 \n", 1000, &g);
	is_int(g.ev[1], BIRD_REPLY, "a protocol without sessions: BIRD_REPLY");
	is_int(p.sessions.up + p.sessions.down + p.sessions.other, 0, "... no session");
	feed_all(&p, "9001 There is no BFD protocol running\n", 1000, &g);
	is_int(g.n, 1, "no BFD protocol: one event");
	is_int(g.ev[0], BIRD_ERROR, "no BFD protocol: BIRD_ERROR");
	is_str(p.text, "There is no BFD protocol running", "... with BIRD's words");
	is_int(p.final_code, 9001, "... code 9001");
	is_int(p.sessions.up, 0, "... no session up");
}

static void test_errors(void)
{
	struct bird_parser p;
	struct got g;

	bird_parser_init(&p);
	feed_all(&p, GREETING "8001 Protocol is down\n", 1000, &g);
	is_int(g.ev[1], BIRD_ERROR, "8xxx: BIRD_ERROR");
	is_int(p.final_code, 8001, "8xxx: its code");
	/* An error ends the reply; the next one is read as usual. */
	feed_all(&p, ONE_UP, 1000, &g);
	is_int(g.ev[0], BIRD_REPLY, "after an error: the next reply is read");
	is_int(p.sessions.up, 1, "after an error: its session");
	feed_all(&p, "0013 Daemon is up and running\n", 1000, &g);
	is_int(g.ev[0], BIRD_REPLY, "a one-line 0xxx reply: BIRD_REPLY, not an error");
	is_int(p.sessions.up, 0, "... no sessions in it");
	feed_all(&p, "9001 syntax error, unexpected ALL\n", 1000, &g);
	is_int(g.ev[0], BIRD_ERROR, "9001 syntax error: BIRD_ERROR");
	/* Sessions in another reply kind do not count. */
	feed_all(&p, "1002-bfd1 BFD --- up\n 10.0.0.1 x Up 1 2 3\n0000 \n", 1000, &g);
	is_int(p.sessions.up, 0, "lines of another code (1002) are not sessions");
	/* BIRD's own messages in between change nothing. */
	feed_all(&p, "+ a log line\n" ONE_UP, 1000, &g);
	is_int(g.n, 1, "a '+' line: no event of its own");
	is_int(p.sessions.up, 1, "a '+' line before a reply: the reply as usual");
}

static void test_garbage(void)
{
	static const char *const bad[] = {
		"HTTP/1.1 200 OK\n",          /* not BIRD */
		"0001-BIRD ready.\n",         /* a greeting that goes on */
		"1020-bfd1:\n",               /* no greeting first */
		" 10.0.0.1 x Up\n",           /* a continuation outside a reply */
		"\n",                         /* empty */
		"12a4 x\n",                   /* not a number */
		"0000\n",                     /* code without separator */
	};
	struct bird_parser p;
	struct got g;
	char big[BIRD_LINE_MAX + 50];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		bird_parser_init(&p);
		feed_all(&p, bad[i], 1000, &g);
		ok(g.n >= 1 && g.ev[0] == BIRD_GARBAGE, "garbage %zu: BIRD_GARBAGE (%s)", i, p.text);
		ok(p.text[0] != '\0', "garbage %zu: says why", i);
	}
	bird_parser_init(&p);
	feed_all(&p, GREETING "1020-x\n \n", 1000, &g);
	feed_all(&p, "junk\n", 1000, &g);
	is_int(g.ev[0], BIRD_GARBAGE, "garbage inside a reply: BIRD_GARBAGE");
	feed_all(&p, ONE_UP, 1000, &g);
	is_int(g.ev[0], BIRD_GARBAGE, "broken stays broken, even for a good reply");
	/* A line that never ends. */
	bird_parser_init(&p);
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	feed_all(&p, GREETING, 1000, &g);
	feed_all(&p, big, 100, &g);
	ok(g.n >= 1 && g.ev[0] == BIRD_GARBAGE, "a line over %d bytes: BIRD_GARBAGE", BIRD_LINE_MAX);
	/* A NUL byte. */
	{
		enum bird_event ev;

		bird_parser_init(&p);
		bird_parser_feed(&p, "0001 BIRD\0 x\n", 13, &ev);
		is_int(ev, BIRD_GARBAGE, "a NUL byte: BIRD_GARBAGE");
	}
	/* CR LF is taken as LF. */
	bird_parser_init(&p);
	feed_all(&p, "0001 BIRD ready.\r\n1020-b:\r\n 10.0.0.1 x Up 1 2 3\r\n0000 \r\n", 1000, &g);
	is_int(g.n, 2, "CR LF lines: greeting and reply");
	is_int(p.sessions.up, 1, "CR LF lines: the session");
}

/* The same bytes split at every place, and byte by byte. */
static void test_split(void)
{
	const char *all = GREETING TWO_PROTOS "9001 There is no BFD protocol running\n" ONE_UP;
	size_t len = strlen(all);
	int bad = 0;

	for (size_t cut = 1; cut < len; cut++) {
		struct bird_parser p;
		enum bird_event evs[8], ev;
		struct bird_sessions s[8];
		int n = 0;
		size_t parts[2][2] = { { 0, cut }, { cut, len - cut } };

		bird_parser_init(&p);
		for (int k = 0; k < 2; k++) {
			const char *b = all + parts[k][0];
			size_t left = parts[k][1];

			while (left) {
				size_t took = bird_parser_feed(&p, b, left, &ev);

				b += took;
				left -= took;
				if (ev != BIRD_NONE && n < 8) {
					s[n] = p.sessions;
					evs[n++] = ev;
				}
			}
		}
		if (n != 4 || evs[0] != BIRD_GREETING || evs[1] != BIRD_REPLY || evs[2] != BIRD_ERROR ||
		    evs[3] != BIRD_REPLY || s[1].up != 1 || s[1].init != 1 || s[1].down != 1 ||
		    s[1].admin_down != 1 || s[3].up != 1 || s[3].down != 0)
			bad++;
	}
	is_int(bad, 0, "split in two at each of %zu places: the same four events and counts", len - 1);
	{
		struct bird_parser p;
		struct got g;

		bird_parser_init(&p);
		feed_all(&p, all, 1, &g);
		is_int(g.n, 4, "byte by byte: four events");
		is_int(g.ev[3], BIRD_REPLY, "byte by byte: the last a reply");
		is_int(p.sessions.up, 1, "byte by byte: its session up");
	}
	{
		/* Two replies in one read: feed stops after the first. */
		struct bird_parser p;
		const char *two = GREETING ONE_UP ONE_UP;
		enum bird_event ev;
		size_t took;

		bird_parser_init(&p);
		took = bird_parser_feed(&p, two, strlen(two), &ev);
		is_int(ev, BIRD_GREETING, "one read with three events: first the greeting");
		is_int(took, strlen(GREETING), "... taking only its line");
		took += bird_parser_feed(&p, two + took, strlen(two) - took, &ev);
		is_int(ev, BIRD_REPLY, "... then the first reply");
		is_int(took, strlen(GREETING ONE_UP), "... up to its end");
	}
}

int main(void)
{
	test_greeting_and_up();
	test_states();
	test_no_sessions();
	test_errors();
	test_garbage();
	test_split();
	return tap_done();
}
