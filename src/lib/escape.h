/* The backslash escapes of lvs.cf's send and expect strings. */
#ifndef LVS_ESCAPE_H
#define LVS_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>

/* Translate \n \r \t \\ and a backslash before any other character (which
 * stands for that character: \" \' \#). Returns a new NUL-terminated string
 * (free() it) and its length in *out_len (the text may hold no NUL, so this is
 * strlen). Returns NULL with errno EINVAL and *err_col set to the 1-based
 * column of the offending backslash when the text ends in a lone backslash, or
 * with errno ENOMEM. */
char *lvs_unescape(const char *raw, size_t *out_len, unsigned *err_col);

/* A copy of text safe to print on a terminal or in a log: every byte that
 * is not printable ASCII (control characters such as ESC, DEL, bytes of 0x80
 * and above) becomes \n, \r, \t or \xNN. Backslashes stay as they are.
 * Returns a new string (free() it), or NULL with errno ENOMEM. */
char *lvs_escape_unprintable(const char *text);

/* Whether s holds the quote q not preceded by a backslash: a value stored
 * raw needs the other quote to be written back as lvs.cf reads it. */
bool lvs_has_bare_quote(const char *s, char q);

#endif
