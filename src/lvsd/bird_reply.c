/* BIRD's control-socket replies, line by line (see bird_reply.h). */
#include "config.h"

#include "bird_reply.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#define BFD_REPLY_CODE 1020

void bird_parser_init(struct bird_parser *p)
{
	memset(p, 0, sizeof(*p));
	p->code = -1;
	p->final_code = -1;
}

/* text = what, then the bytes, printable, cut to fit. */
static void set_text(struct bird_parser *p, const char *what, const char *s, size_t n)
{
	size_t k = (size_t)snprintf(p->text, sizeof(p->text), "%s", what);

	for (size_t i = 0; i < n && k + 1 < sizeof(p->text); i++) {
		unsigned char c = (unsigned char)s[i];

		p->text[k++] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	}
	p->text[k] = '\0';
}

static enum bird_event garbage(struct bird_parser *p, const char *why, const char *line, size_t len)
{
	char what[96];

	p->broken = true;
	snprintf(what, sizeof(what), "%s: ", why);
	set_text(p, what, line, len > 60 ? 60 : len);
	return BIRD_GARBAGE;
}

/* The next field of s[*at..n) separated by spaces or tabs, or 0 length. */
static size_t field(const char *s, size_t n, size_t *at, const char **start)
{
	size_t i = *at, b;

	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	b = i;
	while (i < n && s[i] != ' ' && s[i] != '\t')
		i++;
	*start = s + b;
	*at = i;
	return i - b;
}

static bool is_address(const char *s, size_t n)
{
	char buf[INET6_ADDRSTRLEN + 1];
	unsigned char out[16];

	if (n == 0 || n >= sizeof(buf))
		return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return inet_pton(AF_INET, buf, out) == 1 || inet_pton(AF_INET6, buf, out) == 1;
}

static bool same(const char *s, size_t n, const char *word)
{
	return n == strlen(word) && memcmp(s, word, n) == 0;
}

/* A line of "show bfd sessions": count it if it is a session. */
static void bfd_line(struct bird_parser *p, const char *s, size_t n)
{
	const char *f[3];
	size_t fl[3], at = 0;

	for (int i = 0; i < 3; i++) {
		fl[i] = field(s, n, &at, &f[i]);
		if (!fl[i])
			return; /* a protocol's name, an empty line */
	}
	if (!is_address(f[0], fl[0]))
		return; /* the heading */
	if (same(f[2], fl[2], "Up"))
		p->sessions.up++;
	else if (same(f[2], fl[2], "Down"))
		p->sessions.down++;
	else if (same(f[2], fl[2], "Init"))
		p->sessions.init++;
	else if (same(f[2], fl[2], "AdminDown"))
		p->sessions.admin_down++;
	else
		p->sessions.other++;
}

static void begin_reply(struct bird_parser *p)
{
	if (p->in_reply)
		return;
	p->in_reply = true;
	memset(&p->sessions, 0, sizeof(p->sessions));
	p->text[0] = '\0';
}

enum bird_event bird_parser_line(struct bird_parser *p, const char *line, size_t len)
{
	int code = 0;
	bool last;

	if (p->broken)
		return BIRD_GARBAGE;
	if (len && line[len - 1] == '\r')
		len--;
	if (memchr(line, '\0', len))
		return garbage(p, "a NUL byte in BIRD's reply", line, len);
	if (len && line[0] == '+')
		return BIRD_NONE; /* spontaneous: a log line BIRD echoes */
	if (len && line[0] == ' ') {
		if (!p->greeted || !p->in_reply)
			return garbage(p, "a continuation line outside a reply", line, len);
		if (p->code == BFD_REPLY_CODE)
			bfd_line(p, line + 1, len - 1);
		return BIRD_NONE;
	}
	if (len < 5 || (line[4] != '-' && line[4] != ' '))
		return garbage(p, "not a line of BIRD's control protocol", line, len);
	for (int i = 0; i < 4; i++) {
		if (line[i] < '0' || line[i] > '9')
			return garbage(p, "not a line of BIRD's control protocol", line, len);
		code = code * 10 + (line[i] - '0');
	}
	last = line[4] == ' ';
	if (!p->greeted) {
		if (code != 1 || !last)
			return garbage(p, "no greeting from BIRD", line, len);
		p->greeted = true;
		set_text(p, "", line + 5, len - 5);
		return BIRD_GREETING;
	}
	begin_reply(p);
	p->code = code;
	if (code == BFD_REPLY_CODE)
		bfd_line(p, line + 5, len - 5);
	if (!last)
		return BIRD_NONE;
	p->in_reply = false;
	p->final_code = code;
	p->code = -1;
	if (code >= 8000) {
		set_text(p, "", line + 5, len - 5);
		return BIRD_ERROR;
	}
	return BIRD_REPLY;
}

size_t bird_parser_feed(struct bird_parser *p, const char *buf, size_t len, enum bird_event *ev)
{
	size_t i = 0;

	*ev = BIRD_NONE;
	if (p->broken) {
		*ev = BIRD_GARBAGE;
		return len;
	}
	while (i < len) {
		char c = buf[i++];

		if (c == '\n') {
			*ev = bird_parser_line(p, p->line, p->len);
			p->len = 0;
			if (*ev != BIRD_NONE)
				return i;
			continue;
		}
		if (p->len == BIRD_LINE_MAX) {
			p->len = 0;
			p->broken = true;
			snprintf(p->text, sizeof(p->text), "a line longer than %d bytes", BIRD_LINE_MAX);
			*ev = BIRD_GARBAGE;
			return len;
		}
		p->line[p->len++] = c;
	}
	return i;
}
