#include "config.h"

#include "escape.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

char *lvs_unescape(const char *raw, size_t *out_len, unsigned *err_col)
{
	size_t len = strlen(raw), n = 0;
	char *out = malloc(len + 1);

	if (!out) {
		errno = ENOMEM;
		return NULL;
	}
	for (size_t i = 0; i < len; i++) {
		if (raw[i] != '\\') {
			out[n++] = raw[i];
			continue;
		}
		if (i + 1 == len) {
			free(out);
			if (err_col)
				*err_col = (unsigned)i + 1;
			errno = EINVAL;
			return NULL;
		}
		switch (raw[++i]) {
		case 'n': out[n++] = '\n'; break;
		case 'r': out[n++] = '\r'; break;
		case 't': out[n++] = '\t'; break;
		default:  out[n++] = raw[i]; break; /* \\ \" \' and any other */
		}
	}
	out[n] = '\0';
	if (out_len)
		*out_len = n;
	return out;
}

char *lvs_escape_unprintable(const char *raw)
{
	static const char hex[] = "0123456789abcdef";
	size_t len = strlen(raw), n = 0;
	char *out = malloc(4 * len + 1);	/* every byte may become \xNN */

	if (!out) {
		errno = ENOMEM;
		return NULL;
	}
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)raw[i];

		if (c >= 0x20 && c < 0x7f) {
			out[n++] = (char)c;
			continue;
		}
		out[n++] = '\\';
		switch (c) {
		case '\n': out[n++] = 'n'; break;
		case '\r': out[n++] = 'r'; break;
		case '\t': out[n++] = 't'; break;
		default:
			out[n++] = 'x';
			out[n++] = hex[c >> 4];
			out[n++] = hex[c & 0xf];
			break;
		}
	}
	out[n] = '\0';
	return out;
}

bool lvs_has_bare_quote(const char *s, char q)
{
	for (; *s; s++) {
		if (*s == '\\' && s[1])
			s++;
		else if (*s == q)
			return true;
	}
	return false;
}
