/* How lvs.cf entries become IPVS services and destinations. */
#ifndef LVSD_IPVS_MAP_H
#define LVSD_IPVS_MAP_H

#include "ipvs.h"
#include "lvs_config.h"

void ipvs_map_service(const struct lvs_virtual *v, struct ipvs_service *out);
void ipvs_map_dest(const struct lvs_config *cfg, const struct lvs_virtual *v,
		   const struct lvs_server *s, int weight, struct ipvs_dest *out);
/* The sorry server: weight 1, the virtual's forwarding method. */
void ipvs_map_sorry(const struct lvs_config *cfg, const struct lvs_virtual *v,
		    struct ipvs_dest *out);
uint32_t ipvs_map_forward(enum lvs_forward fwd);

#endif
