#include "config.h"

#include "index.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct cfg_index_slot {
	char *key;		/* NULL: empty slot */
	size_t len;
	size_t idx;
};

/* FNV-1a, 64 bits. */
static uint64_t hash(const unsigned char *key, size_t len)
{
	uint64_t h = 14695981039346656037ULL;

	for (size_t i = 0; i < len; i++) {
		h ^= key[i];
		h *= 1099511628211ULL;
	}
	return h;
}

int cfg_index_init(struct cfg_index *ix, size_t n)
{
	size_t cap = 8;

	while (cap < 2 * n && cap < SIZE_MAX / 4)
		cap <<= 1;
	ix->cap = cap;
	ix->slots = calloc(cap, sizeof(*ix->slots));
	return ix->slots ? 0 : -1;
}

void cfg_index_free(struct cfg_index *ix)
{
	for (size_t i = 0; ix->slots && i < ix->cap; i++)
		free(ix->slots[i].key);
	free(ix->slots);
	ix->slots = NULL;
	ix->cap = 0;
}

bool cfg_index_seen(struct cfg_index *ix, const void *key, size_t len, size_t idx,
		    size_t *first, bool *oom)
{
	size_t mask = ix->cap - 1, i, probes;
	struct cfg_index_slot *s;

	if (!ix->slots) {
		*oom = true;
		return false;
	}
	/* Linear probing; the table is sized for every key, so an empty slot
	 * is always near. */
	i = (size_t)hash(key, len) & mask;
	for (probes = 0; probes < ix->cap; probes++, i = (i + 1) & mask) {
		s = &ix->slots[i];
		if (!s->key)
			break;
		if (s->len == len && memcmp(s->key, key, len) == 0) {
			*first = s->idx;
			return true;
		}
	}
	if (probes == ix->cap || !(s->key = malloc(len ? len : 1))) {
		*oom = true;
		return false;
	}
	memcpy(s->key, key, len);
	s->len = len;
	s->idx = idx;
	return false;
}
