#include "config.h"

#include "internal.h"

#include <string.h>

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\f' || c == '\v';
}

/* Tokens of one line. The first token ends at '=' as well as at blanks so that
 * "port=80" works; later tokens end only at blanks, so values may hold '='.
 * Quoted tokens keep their backslash escapes raw (lvs_unescape translates them
 * where they are used); only the quotes themselves are removed. A '#' that
 * starts a token outside quotes begins a comment. */
int cfg_lex_line(struct cfg_parser *p, unsigned lineno, const char *s, size_t len,
		 struct cfg_line *out)
{
	char *w = out->buf;
	size_t i = 0;

	out->lineno = lineno;
	out->n = 0;
	if (len > CFG_MAX_LINE) {
		cfg_error(p, lineno, CFG_MAX_LINE + 1, "line too long (at most %d characters)",
			  CFG_MAX_LINE);
		return -1;
	}
	if (memchr(s, '\0', len)) {
		cfg_error(p, lineno, (unsigned)((const char *)memchr(s, '\0', len) - s) + 1,
			  "NUL character in line");
		return -1;
	}
	for (;;) {
		struct cfg_token *t;

		while (i < len && is_blank(s[i]))
			i++;
		if (i == len || s[i] == '#')
			return 0;
		if (out->n == CFG_MAX_TOKENS) {
			cfg_error(p, lineno, (unsigned)i + 1, "too many tokens on one line (at most %d)",
				  CFG_MAX_TOKENS);
			return -1;
		}
		t = &out->tok[out->n];
		t->col = (unsigned)i + 1;
		t->text = w;
		t->quoted = false;
		if (s[i] == '"' || s[i] == '\'') {
			char q = s[i++];

			t->quoted = true;
			while (i < len && s[i] != q) {
				if (s[i] == '\\' && i + 1 < len)
					*w++ = s[i++];
				*w++ = s[i++];
			}
			if (i == len) {
				cfg_error(p, lineno, t->col, "unterminated %s-quoted string",
					  q == '"' ? "double" : "single");
				return -1;
			}
			i++;
			if (i < len && !is_blank(s[i]) && s[i] != '#') {
				cfg_error(p, lineno, (unsigned)i + 1,
					  "unexpected character after closing quote");
				return -1;
			}
		} else if (out->n == 1 && s[i] == '=' && !out->tok[0].quoted) {
			/* '=' right after the keyword is a token of its own. */
			*w++ = s[i++];
		} else {
			bool first = out->n == 0;

			while (i < len && !is_blank(s[i]) && !(first && s[i] == '=' && w > t->text))
				*w++ = s[i++];
			if (first && w == t->text && s[i] == '=')
				*w++ = s[i++];
		}
		*w++ = '\0';
		out->n++;
	}
}
