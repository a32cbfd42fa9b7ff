#include "config.h"

#include "internal.h"

#include <string.h>

static bool str_eq(const char *a, const char *b)
{
	return a && b ? strcmp(a, b) == 0 : a == b;
}

static bool iface_eq(const struct lvs_iface *a, const struct lvs_iface *b)
{
	return strcmp(a->dev, b->dev) == 0 && strcmp(a->label, b->label) == 0;
}

static bool server_eq(const struct lvs_server *a, const struct lvs_server *b)
{
	return str_eq(a->name, b->name) && lvs_addr_equal(&a->addr, &b->addr) &&
	       a->active == b->active && a->weight == b->weight && a->port == b->port &&
	       a->forward == b->forward;
}

bool cfg_virtual_check_eq(const struct lvs_virtual *a, const struct lvs_virtual *b)
{
	return str_eq(a->send, b->send) && str_eq(a->expect, b->expect) &&
	       a->use_regex == b->use_regex && str_eq(a->send_program, b->send_program) &&
	       a->load_monitor == b->load_monitor && a->timeout == b->timeout &&
	       a->interval == b->interval && a->reentry == b->reentry && a->rise == b->rise &&
	       a->fall == b->fall && a->quiesce_server == b->quiesce_server &&
	       a->slow_start == b->slow_start &&
	       a->health_check == b->health_check &&
	       str_eq(a->client_monitor, b->client_monitor);
}

static bool virtual_eq(const struct lvs_virtual *a, const struct lvs_virtual *b)
{
	if (!(str_eq(a->name, b->name) && a->active == b->active &&
	      lvs_addr_equal(&a->addr, &b->addr) && iface_eq(&a->iface, &b->iface) &&
	      a->vip_prefix == b->vip_prefix && lvs_addr_equal(&a->sorry_server, &b->sorry_server) &&
	      a->sorry_port == b->sorry_port && a->port == b->port && a->protocol == b->protocol &&
	      a->fwmark == b->fwmark && a->persistent == b->persistent &&
	      a->pmask_prefix == b->pmask_prefix && strcmp(a->scheduler, b->scheduler) == 0 &&
	      cfg_virtual_check_eq(a, b) && a->forward == b->forward &&
	      a->n_servers == b->n_servers))
		return false;
	for (size_t i = 0; i < a->n_servers; i++)
		if (!server_eq(&a->servers[i], &b->servers[i]))
			return false;
	return true;
}

static bool failover_eq(const struct lvs_failover *a, const struct lvs_failover *b)
{
	return str_eq(a->name, b->name) && a->active == b->active &&
	       lvs_addr_equal(&a->addr, &b->addr) && iface_eq(&a->iface, &b->iface) &&
	       a->vip_prefix == b->vip_prefix && a->port == b->port &&
	       str_eq(a->send, b->send) && str_eq(a->expect, b->expect) &&
	       a->timeout == b->timeout && a->reentry == b->reentry &&
	       str_eq(a->start_cmd, b->start_cmd) && str_eq(a->stop_cmd, b->stop_cmd);
}

bool cfg_failovers_eq(const struct lvs_config *a, const struct lvs_config *b)
{
	if (a->n_failovers != b->n_failovers)
		return false;
	for (size_t i = 0; i < a->n_failovers; i++)
		if (!failover_eq(&a->failovers[i], &b->failovers[i]))
			return false;
	return true;
}

/* Global keywords grouped the way lvs_config_diff reports them. */
unsigned cfg_globals_diff(const struct lvs_config *a, const struct lvs_config *b)
{
	unsigned what = 0;

	if (!lvs_addr_equal(&a->primary, &b->primary) ||
	    !lvs_addr_equal(&a->primary_private, &b->primary_private) ||
	    !lvs_addr_equal(&a->backup, &b->backup) ||
	    !lvs_addr_equal(&a->backup_private, &b->backup_private) ||
	    a->backup_active != b->backup_active || a->standby != b->standby ||
	    a->heartbeat != b->heartbeat ||
	    a->heartbeat_port != b->heartbeat_port || a->keepalive != b->keepalive ||
	    a->deadtime != b->deadtime || a->heartbeat_auth != b->heartbeat_auth ||
	    !str_eq(a->heartbeat_key_file, b->heartbeat_key_file))
		what |= LVS_DIFF_HEARTBEAT;
	if (a->tcp_timeout != b->tcp_timeout || a->tcpfin_timeout != b->tcpfin_timeout ||
	    a->udp_timeout != b->udp_timeout)
		what |= LVS_DIFF_TIMEOUTS;
	if (a->syncdaemon != b->syncdaemon || strcmp(a->syncd_iface, b->syncd_iface) != 0 ||
	    a->syncd_id != b->syncd_id)
		what |= LVS_DIFF_SYNCDAEMON;
	if (a->network != b->network)
		what |= LVS_DIFF_NETWORK;
	if (!lvs_addr_equal(&a->nat_router, &b->nat_router) ||
	    !iface_eq(&a->nat_router_iface, &b->nat_router_iface) || a->nat_prefix != b->nat_prefix)
		what |= LVS_DIFF_NAT_ROUTER;
	if (!str_eq(a->active_cmd, b->active_cmd) || !str_eq(a->inactive_cmd, b->inactive_cmd))
		what |= LVS_DIFF_COMMANDS;
	if (a->serial_no != b->serial_no || a->service != b->service ||
	    !str_eq(a->primary_shared, b->primary_shared) ||
	    !str_eq(a->backup_shared, b->backup_shared) ||
	    !str_eq(a->reservation_conflict_action, b->reservation_conflict_action) ||
	    a->debug_level != b->debug_level || a->rsh_command != b->rsh_command ||
	    a->sync != b->sync || !str_eq(a->ipvsadm, b->ipvsadm) ||
	    a->monitor_links != b->monitor_links || a->hard_shutdown != b->hard_shutdown)
		what |= LVS_DIFF_OTHER;
	if (!cfg_failovers_eq(a, b))
		what |= LVS_DIFF_FAILOVER;
	return what;
}

bool lvs_config_equal(const struct lvs_config *a, const struct lvs_config *b)
{
	if (cfg_globals_diff(a, b) || a->n_virtuals != b->n_virtuals)
		return false;
	for (size_t i = 0; i < a->n_virtuals; i++)
		if (!virtual_eq(&a->virtuals[i], &b->virtuals[i]))
			return false;
	return true;
}
