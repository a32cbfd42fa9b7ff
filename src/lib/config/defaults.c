#include "config.h"

#include "internal.h"

#include <stdlib.h>
#include <string.h>
#include <syslog.h>

void cfg_config_defaults(struct lvs_config *cfg)
{
	cfg->service = LVS_SERVICE_LVS;
	cfg->heartbeat_port = 539;
	cfg->keepalive = 2;
	cfg->deadtime = 5;
	cfg->heartbeat_auth = LVS_HB_AUTH_AUTO;
	cfg->standby = LVS_STANDBY_HOT;
	cfg->network = LVS_FWD_NAT;
	cfg->debug_level = LOG_NOTICE;
	cfg->rsh_command = LVS_RSH_RSH;
	strcpy(cfg->syncd_iface, "eth0");
	cfg->hard_shutdown = false;
}

void cfg_virtual_defaults(struct lvs_virtual *v)
{
	v->active = true;
	v->protocol = IPPROTO_TCP;
	strcpy(v->scheduler, "wlc");
	v->load_monitor = LVS_LOAD_NONE;
	v->timeout = 10;
	v->interval = 0; /* filled in from timeout when the block closes */
	v->reentry = 180;
	v->rise = 1;
	v->fall = 1;
	v->slow_start = true;
	v->health_check = true;
}

void cfg_server_defaults(struct lvs_server *s)
{
	s->active = true;
	s->weight = 1;
}

void cfg_failover_defaults(struct lvs_failover *f)
{
	f->active = true;
	f->port = 80;
	f->timeout = 10;
	f->reentry = 180;
}

