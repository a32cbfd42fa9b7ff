/* The backslash escapes of lvs.cf's send and expect strings. */
#ifndef LVS_ESCAPE_H
#define LVS_ESCAPE_H

#include <stddef.h>

/* Translate \n \r \t \\ and a backslash before any other character (which
 * stands for that character: \" \' \#). Returns a new NUL-terminated string
 * (free() it) and its length in *out_len (the text may hold no NUL, so this is
 * strlen). Returns NULL with errno EINVAL and *err_col set to the 1-based
 * column of the offending backslash when the text ends in a lone backslash, or
 * with errno ENOMEM. */
char *lvs_unescape(const char *raw, size_t *out_len, unsigned *err_col);

#endif
