/* Freeing a configuration: the names, the arrays and every string field
 * the keyword table lists. */
#include "config.h"

#include "internal.h"

#include <stdlib.h>

static void free_strings(unsigned block, void *obj)
{
	for (size_t i = 0; i < cfg_n_keywords; i++)
		if ((cfg_keywords[i].blocks & block) && cfg_keywords[i].type == T_STRING)
			free(*(char **)((char *)obj + cfg_keywords[i].off));
}

void cfg_virtual_free(struct lvs_virtual *v)
{
	for (size_t i = 0; i < v->n_servers; i++) {
		free_strings(BLK_SERVER, &v->servers[i]);
		free(v->servers[i].name);
	}
	free(v->servers);
	free(v->name);
	free_strings(BLK_VIRTUAL, v);
}

void cfg_failover_free(struct lvs_failover *f)
{
	free(f->name);
	free_strings(BLK_FAILOVER, f);
}

void lvs_config_free(struct lvs_config *cfg)
{
	if (!cfg)
		return;
	for (size_t i = 0; i < cfg->n_virtuals; i++)
		cfg_virtual_free(&cfg->virtuals[i]);
	free(cfg->virtuals);
	for (size_t i = 0; i < cfg->n_failovers; i++)
		cfg_failover_free(&cfg->failovers[i]);
	free(cfg->failovers);
	free(cfg->path);
	free_strings(BLK_GLOBAL, cfg);
	free(cfg);
}
