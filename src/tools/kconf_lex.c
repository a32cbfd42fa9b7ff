/* keepalived.conf lexer: one file into words and braces (rules in kconf.h). */
#include "config.h"

#include "kconf.h"

#include <stdlib.h>
#include <string.h>

struct lexer {
	const char *file;
	unsigned seq;
	struct kconf_toks *out;
	struct kconf_diags *d;
	char *buf;              /* the word being read */
	size_t len;
	bool in_word;
	unsigned line, col, lline;  /* where the word started */
};

static int emit(struct lexer *lx, enum kconf_tok_kind kind, const char *text, size_t len,
		unsigned line, unsigned col, unsigned lline)
{
	struct kconf_toks *t = lx->out;
	struct kconf_tok *tok;
	char *s;

	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;
		struct kconf_tok *v = realloc(t->v, cap * sizeof(*v));

		if (!v)
			goto oom;
		t->v = v;
		t->cap = cap;
	}
	s = malloc(len + 1);
	if (!s)
		goto oom;
	memcpy(s, text, len);
	s[len] = '\0';
	tok = &t->v[t->n++];
	tok->kind = kind;
	tok->text = s;
	tok->line = line;
	tok->col = col;
	tok->lline = lline;
	return 0;
oom:
	kconf_diag_add(lx->d, KCONF_ERROR, lx->file, lx->seq, 0, 0, "out of memory");
	return -1;
}

static int end_word(struct lexer *lx)
{
	if (!lx->in_word)
		return 0;
	lx->in_word = false;
	return emit(lx, KT_WORD, lx->buf, lx->len, lx->line, lx->col, lx->lline);
}

static void start_word(struct lexer *lx, unsigned line, unsigned col, unsigned lline)
{
	if (lx->in_word)
		return;
	lx->in_word = true;
	lx->len = 0;
	lx->line = line;
	lx->col = col;
	lx->lline = lline;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\f' || c == '\v';
}

int kconf_lex(const char *file, unsigned seq, const char *text, size_t len,
	      struct kconf_toks *out, struct kconf_diags *d)
{
	struct lexer lx = { .file = file, .seq = seq, .out = out, .d = d };
	unsigned line = 1, lline = 1;
	size_t i = 0;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (len > KCONF_MAX_SIZE) {
		kconf_diag_add(d, KCONF_ERROR, file, seq, 0, 0,
			       "file too large (at most %u bytes)", KCONF_MAX_SIZE);
		return -1;
	}
	/* A word is never longer than the file. */
	lx.buf = malloc(len + 1);
	if (!lx.buf) {
		kconf_diag_add(d, KCONF_ERROR, file, seq, 0, 0, "out of memory");
		return -1;
	}
	while (i < len) {
		size_t start = i, end;
		bool joined = false;

		/* One physical line: [start, end), without its CR LF. */
		while (i < len && text[i] != '\n')
			i++;
		end = i;
		if (i < len)
			i++;
		if (end > start && text[end - 1] == '\r')
			end--;
		for (size_t j = start; j < end; j++) {
			char c = text[j];
			unsigned col = (unsigned)(j - start) + 1;

			if (c == '\0') {
				kconf_diag_add(d, KCONF_ERROR, file, seq, line, col, "NUL character in line");
				goto out;
			}
			if (c == '"') {
				unsigned qcol = col;

				/* "" is an empty word; quotes inside a word join it. */
				start_word(&lx, line, col, lline);
				for (j++; j < end && text[j] != '"'; j++) {
					if (text[j] == '\0') {
						kconf_diag_add(d, KCONF_ERROR, file, seq, line,
							       (unsigned)(j - start) + 1, "NUL character in line");
						goto out;
					}
					if (text[j] == '\\' && j + 1 < end)
						lx.buf[lx.len++] = text[j++];
					lx.buf[lx.len++] = text[j];
				}
				if (j == end) {
					kconf_diag_add(d, KCONF_ERROR, file, seq, line, qcol,
						       "unterminated quoted string (a quote ends on its line)");
					goto out;
				}
				continue;
			}
			if (is_blank(c)) {
				if (end_word(&lx) < 0)
					goto out;
				continue;
			}
			if (c == '{' || c == '}') {
				if (end_word(&lx) < 0 || emit(&lx, c == '{' ? KT_OPEN : KT_CLOSE,
							      c == '{' ? "{" : "}", 1, line, col, lline) < 0)
					goto out;
				continue;
			}
			if (c == '#' || c == '!')
				break;
			if (c == '\\') {
				if (j + 1 == end) {
					/* Continued: the line break counts as a blank. */
					joined = true;
					break;
				}
				if (text[j + 1] == '#' || text[j + 1] == '!')
					c = text[++j];
			}
			start_word(&lx, line, col, lline);
			lx.buf[lx.len++] = c;
		}
		if (end_word(&lx) < 0)
			goto out;
		line++;
		if (!joined)
			lline = line;
	}
	rc = 0;
out:
	free(lx.buf);
	if (rc < 0)
		kconf_toks_free(out);
	return rc;
}

void kconf_toks_free(struct kconf_toks *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->v[i].text);
	free(t->v);
	memset(t, 0, sizeof(*t));
}
