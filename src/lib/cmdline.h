/* Splitting a configured command line into argv, without a shell. */
#ifndef LVS_CMDLINE_H
#define LVS_CMDLINE_H

/* Blanks separate words, '...' is literal, "..." allows \" and \\, a
 * backslash outside quotes takes the next character literally. With host
 * set, %h becomes host, %p the port and %% a percent sign; with host NULL
 * the text is taken as it is. Shell metacharacters are ordinary characters:
 * "%h; rm -rf /" is the words "ADDR;", "rm", "-rf", "/".
 * Returns a NULL-terminated vector in one allocation (free() it), or NULL
 * with errno set (EINVAL: unbalanced quote, trailing backslash, no word). */
char **cmdline_split(const char *line, const char *host, int port);

#endif
