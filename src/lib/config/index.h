/* A set of byte-string keys, each with the index of the block that first
 * used it: the parser's duplicate checks in linear time. */
#ifndef LVS_CONFIG_INDEX_H
#define LVS_CONFIG_INDEX_H

#include <stdbool.h>
#include <stddef.h>

struct cfg_index_slot;

struct cfg_index {
	struct cfg_index_slot *slots;
	size_t cap;		/* a power of two, at least twice the keys */
};

/* Room for up to n keys; -1 when out of memory. */
int cfg_index_init(struct cfg_index *ix, size_t n);
void cfg_index_free(struct cfg_index *ix);
/* The index stored under key into *first and true when the key is known;
 * else stores idx under it and returns false (also when out of memory or
 * full: then *first is left alone and *oom set). */
bool cfg_index_seen(struct cfg_index *ix, const void *key, size_t len, size_t idx,
		    size_t *first, bool *oom);

#endif
