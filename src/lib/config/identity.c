/* What makes two virtuals one IPVS service and two servers one
 * destination, and how a service is named in messages. */
#include "config.h"

#include "internal.h"

#include <stdio.h>

bool lvs_virtual_same_service(const struct lvs_virtual *a, const struct lvs_virtual *b)
{
	if (a->addr.family != b->addr.family)
		return false;
	if (a->fwmark || b->fwmark)
		return a->fwmark == b->fwmark;
	return a->protocol == b->protocol && a->port == b->port && lvs_addr_equal(&a->addr, &b->addr);
}

bool lvs_server_same(const struct lvs_virtual *va, const struct lvs_server *a,
		     const struct lvs_virtual *vb, const struct lvs_server *b)
{
	return lvs_server_port(va, a) == lvs_server_port(vb, b) && lvs_addr_equal(&a->addr, &b->addr);
}

void cfg_identity_format(const struct lvs_virtual *v, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN];

	if (v->fwmark) {
		snprintf(buf, len, "fwmark %u (%s)", v->fwmark,
			 v->addr.family == AF_INET6 ? "IPv6" : "IPv4");
		return;
	}
	lvs_addr_format(&v->addr, a, sizeof(a));
	snprintf(buf, len, v->addr.family == AF_INET6 ? "%s [%s]:%u" : "%s %s:%u",
		 lvs_protocol_name(v->protocol), a, v->port);
}
