#include "config.h"

#include "ipvs_map.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

static void copy_addr(const struct lvs_addr *a, union ipvs_addr *out)
{
	memset(out, 0, sizeof(*out));
	if (a->family == AF_INET6)
		out->in6 = a->u.v6;
	else
		out->in = a->u.v4;
}

uint32_t ipvs_map_forward(enum lvs_forward fwd)
{
	switch (fwd) {
	case LVS_FWD_DIRECT: return IP_VS_CONN_F_DROUTE;
	case LVS_FWD_TUNNEL: return IP_VS_CONN_F_TUNNEL;
	case LVS_FWD_NAT:
	case LVS_FWD_DEFAULT:
	default: return IP_VS_CONN_F_MASQ;
	}
}

void ipvs_map_service(const struct lvs_virtual *v, struct ipvs_service *out)
{
	memset(out, 0, sizeof(*out));
	out->af = (uint16_t)v->addr.family;
	out->protocol = (uint16_t)v->protocol;
	if (v->fwmark) {
		out->fwmark = v->fwmark;
	} else {
		copy_addr(&v->addr, &out->addr);
		out->port = v->port;
	}
	snprintf(out->sched_name, sizeof(out->sched_name), "%s", v->scheduler);
	if (v->mh_port)
		out->flags |= IP_VS_SVC_F_SCHED2; /* mh-port */
	if (v->mh_fallback)
		out->flags |= IP_VS_SVC_F_SCHED1; /* mh-fallback */
	if (v->persistent) {
		out->flags |= IP_VS_SVC_F_PERSISTENT;
		out->timeout = v->persistent;
	}
	/* The kernel wants a full mask (IPv4) or prefix 128 (IPv6) when no
	 * persistence netmask is set, as ipvsadm sends. */
	if (v->addr.family == AF_INET6) {
		out->netmask = v->pmask_prefix ? v->pmask_prefix : 128;
	} else {
		unsigned prefix = v->pmask_prefix ? v->pmask_prefix : 32;

		out->netmask = htonl(prefix >= 32 ? 0xffffffffu : ~(0xffffffffu >> prefix));
	}
}

void ipvs_map_dest(const struct lvs_config *cfg, const struct lvs_virtual *v,
		   const struct lvs_server *s, int weight, bool shared, struct ipvs_dest *out)
{
	memset(out, 0, sizeof(*out));
	out->af = (uint16_t)s->addr.family;
	copy_addr(&s->addr, &out->addr);
	out->port = shared ? 0 : lvs_server_port(v, s);
	out->conn_flags = ipvs_map_forward(lvs_server_forward(cfg, v, s));
	out->weight = weight;
}

void ipvs_map_sorry(const struct lvs_config *cfg, const struct lvs_virtual *v, bool shared,
		    struct ipvs_dest *out)
{
	enum lvs_forward fwd = v->forward != LVS_FWD_DEFAULT ? v->forward : cfg->network;

	memset(out, 0, sizeof(*out));
	out->af = (uint16_t)v->sorry_server.family;
	copy_addr(&v->sorry_server, &out->addr);
	out->port = v->sorry_port ? v->sorry_port : shared ? 0 : v->port;
	out->conn_flags = ipvs_map_forward(fwd);
	out->weight = 1;
}
