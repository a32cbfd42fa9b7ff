/* A growing text buffer for rendered output (status, JSON, metrics). A
 * failed allocation marks it failed; later appends do nothing, and the
 * caller checks once at the end. */
#ifndef LVS_STRBUF_H
#define LVS_STRBUF_H

#include <stdbool.h>
#include <stddef.h>

struct strbuf {
	char *buf;      /* NUL-terminated once anything was appended */
	size_t len, cap;
	bool failed;
};

void sb_printf(struct strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_append(struct strbuf *b, const char *s, size_t n);
void sb_putc(struct strbuf *b, char c);
/* The text ("" when empty), or NULL if an append failed. */
const char *sb_str(struct strbuf *b);
void sb_free(struct strbuf *b);

#endif
