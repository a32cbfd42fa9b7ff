/* How lvs.cf entries become IPVS services and destinations. */
#ifndef LVSD_IPVS_MAP_H
#define LVSD_IPVS_MAP_H

#include <stdbool.h>

#include "ipvs.h"
#include "lvs_config.h"

void ipvs_map_service(const struct lvs_virtual *v, struct ipvs_service *out);
/* shared: v is one of several blocks of one fwmark service. Their
 * destinations get port 0, which makes IPVS keep the client's destination
 * port (ip_vs_schedule: dest->port ? dest->port : vport; with persistence a
 * fwmark connection always keeps it), so that 443 traffic reaches port 443
 * with NAT; the server's port in such a block is only where it is checked. */
void ipvs_map_dest(const struct lvs_config *cfg, const struct lvs_virtual *v,
		   const struct lvs_server *s, int weight, bool shared, struct ipvs_dest *out);
/* The sorry server: weight 1, the virtual's forwarding method; its own port,
 * else the virtual's (port 0 for a shared service). */
void ipvs_map_sorry(const struct lvs_config *cfg, const struct lvs_virtual *v, bool shared,
		    struct ipvs_dest *out);
uint32_t ipvs_map_forward(enum lvs_forward fwd);

#endif
