#include "config.h"

#include "cmdline.h"

#include <stdbool.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char **cmdline_split(const char *line, const char *host, int port)
{
	char portstr[16];
	size_t len = strlen(line), hostlen = host ? strlen(host) : 0, pct = 0, maxwords, room;
	char **argv, *out;
	size_t nw = 0;
	bool in_word = false;
	char quote = 0;

	snprintf(portstr, sizeof(portstr), "%d", port);
	for (const char *s = line; *s; s++)
		pct += *s == '%';
	maxwords = len / 2 + 2;
	room = len + pct * (hostlen + sizeof(portstr)) + maxwords + 1;
	argv = malloc(maxwords * sizeof(char *) + room);
	if (!argv)
		return NULL;
	out = (char *)(argv + maxwords);

	for (const char *s = line;; s++) {
		char c = *s;

		if (!c) {
			if (quote)
				goto inval;
			break;
		}
		if (!quote && (c == ' ' || c == '\t' || c == '\n')) {
			if (in_word) {
				*out++ = '\0';
				in_word = false;
			}
			continue;
		}
		if (!in_word) {
			argv[nw++] = out;
			in_word = true;
		}
		if (quote == '\'') {
			if (c == '\'')
				quote = 0;
			else
				*out++ = c;
			continue;
		}
		if (c == quote) {
			quote = 0;
			continue;
		}
		if (!quote && (c == '\'' || c == '"')) {
			quote = c;
			continue;
		}
		if (c == '\\') {
			if (!s[1])
				goto inval;
			if (!quote || s[1] == '"' || s[1] == '\\')
				c = *++s;
			*out++ = c;
			continue;
		}
		if (host && c == '%' && (s[1] == 'h' || s[1] == 'p' || s[1] == '%')) {
			const char *rep = s[1] == 'h' ? host : s[1] == 'p' ? portstr : "%";
			size_t n = strlen(rep);

			memcpy(out, rep, n);
			out += n;
			s++;
			continue;
		}
		*out++ = c;
	}
	if (in_word)
		*out++ = '\0';
	if (nw == 0)
		goto inval;
	argv[nw] = NULL;
	return argv;
inval:
	free(argv);
	errno = EINVAL;
	return NULL;
}
