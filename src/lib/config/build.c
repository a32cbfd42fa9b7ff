#include "config.h"

#include "internal.h"

#include <stdlib.h>
#include <string.h>

/* Building a configuration in memory, block by block, with the parser's
 * defaults: what lvs-config-convert fills in before lvs_config_write. */

struct lvs_config *lvs_config_new(void)
{
	struct lvs_config *cfg = calloc(1, sizeof(*cfg));

	if (cfg)
		cfg_config_defaults(cfg);
	return cfg;
}

/* Arrays grow one element at a time: conversions are small, and the
 * parser's capacity bookkeeping lives in its private state. */
struct lvs_virtual *lvs_config_add_virtual(struct lvs_config *cfg, const char *name)
{
	struct lvs_virtual *arr, *v;
	char *dup = strdup(name);

	if (!dup)
		return NULL;
	arr = realloc(cfg->virtuals, (cfg->n_virtuals + 1) * sizeof(*arr));
	if (!arr) {
		free(dup);
		return NULL;
	}
	cfg->virtuals = arr;
	v = &arr[cfg->n_virtuals++];
	memset(v, 0, sizeof(*v));
	cfg_virtual_defaults(v);
	/* What the parser fills in for a block without check_interval. */
	v->interval = v->timeout;
	v->name = dup;
	return v;
}

struct lvs_server *lvs_virtual_add_server(struct lvs_virtual *v, const char *name)
{
	struct lvs_server *arr, *s;
	char *dup = strdup(name);

	if (!dup)
		return NULL;
	arr = realloc(v->servers, (v->n_servers + 1) * sizeof(*arr));
	if (!arr) {
		free(dup);
		return NULL;
	}
	v->servers = arr;
	s = &arr[v->n_servers++];
	memset(s, 0, sizeof(*s));
	cfg_server_defaults(s);
	s->name = dup;
	return s;
}
