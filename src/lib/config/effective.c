/* What a server inherits from its virtual and the global section. */
#include "config.h"

#include "internal.h"

enum lvs_forward lvs_server_forward(const struct lvs_config *cfg, const struct lvs_virtual *v,
				    const struct lvs_server *s)
{
	if (s && s->forward != LVS_FWD_DEFAULT)
		return s->forward;
	if (v && v->forward != LVS_FWD_DEFAULT)
		return v->forward;
	return cfg && cfg->network != LVS_FWD_DEFAULT ? cfg->network : LVS_FWD_NAT;
}

uint16_t lvs_server_port(const struct lvs_virtual *v, const struct lvs_server *s)
{
	return s->port ? s->port : v->port;
}
