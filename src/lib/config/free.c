#include "config.h"

#include "internal.h"

#include <stdlib.h>

void cfg_virtual_free(struct lvs_virtual *v)
{
	for (size_t i = 0; i < v->n_servers; i++)
		free(v->servers[i].name);
	free(v->servers);
	free(v->name);
	free(v->send);
	free(v->expect);
	free(v->send_program);
	free(v->client_monitor);
}

void cfg_failover_free(struct lvs_failover *f)
{
	free(f->name);
	free(f->send);
	free(f->expect);
	free(f->start_cmd);
	free(f->stop_cmd);
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
	free(cfg->primary_shared);
	free(cfg->backup_shared);
	free(cfg->heartbeat_key_file);
	free(cfg->reservation_conflict_action);
	free(cfg->ipvsadm);
	free(cfg->active_cmd);
	free(cfg->inactive_cmd);
	free(cfg);
}
