/* Shared by the fuzz targets: libFuzzer's entry point and a reader that
 * takes fields from the front of the input. */
#ifndef LVS_FUZZ_H
#define LVS_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct fuzz_in {
	const uint8_t *p;
	size_t left;
};

/* The next byte, 0 once the input is used up. */
static inline uint8_t fuzz_byte(struct fuzz_in *in)
{
	if (!in->left)
		return 0;
	in->left--;
	return *in->p++;
}

/* Up to n bytes into buf (the rest zero); how many were there. */
static inline size_t fuzz_bytes(struct fuzz_in *in, void *buf, size_t n)
{
	size_t k = n < in->left ? n : in->left;

	memcpy(buf, in->p, k);
	memset((uint8_t *)buf + k, 0, n - k);
	in->p += k;
	in->left -= k;
	return k;
}

/* The input up to the next sep byte (or its end) as a new NUL-terminated
 * string; NULL when nothing is left or out of memory. */
static inline char *fuzz_until(struct fuzz_in *in, uint8_t sep, size_t *len)
{
	const uint8_t *end;
	size_t n;
	char *s;

	if (!in->left)
		return NULL;
	end = memchr(in->p, sep, in->left);
	n = end ? (size_t)(end - in->p) : in->left;
	s = malloc(n + 1);
	if (!s)
		return NULL;
	memcpy(s, in->p, n);
	s[n] = '\0';
	in->p += n + (end ? 1 : 0);
	in->left -= n + (end ? 1 : 0);
	if (len)
		*len = n;
	return s;
}

#endif
