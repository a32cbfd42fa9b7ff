#include "config.h"

#include "config_internal.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int lvs_addr_parse(const char *text, struct lvs_addr *out)
{
	struct lvs_addr a;

	memset(&a, 0, sizeof(a));
	if (inet_pton(AF_INET, text, &a.u.v4) == 1)
		a.family = AF_INET;
	else if (inet_pton(AF_INET6, text, &a.u.v6) == 1)
		a.family = AF_INET6;
	else
		return -1;
	*out = a;
	return 0;
}

int lvs_addr_format(const struct lvs_addr *a, char *buf, size_t len)
{
	if (a->family != AF_INET && a->family != AF_INET6) {
		if (len < sizeof("unset"))
			return -1;
		strcpy(buf, "unset");
		return 0;
	}
	if (len > (size_t)0x7fffffff)
		len = 0x7fffffff;
	return inet_ntop(a->family, &a->u, buf, (socklen_t)len) ? 0 : -1;
}

bool lvs_addr_equal(const struct lvs_addr *a, const struct lvs_addr *b)
{
	if (a->family != b->family)
		return false;
	if (a->family == AF_INET)
		return a->u.v4.s_addr == b->u.v4.s_addr;
	if (a->family == AF_INET6)
		return memcmp(&a->u.v6, &b->u.v6, sizeof(a->u.v6)) == 0;
	return true;
}

const char *lvs_forward_name(enum lvs_forward fwd)
{
	switch (fwd) {
	case LVS_FWD_NAT: return "nat";
	case LVS_FWD_DIRECT: return "direct";
	case LVS_FWD_TUNNEL: return "tunnel";
	default: return "default";
	}
}

const char *lvs_protocol_name(int protocol)
{
	switch (protocol) {
	case IPPROTO_TCP: return "tcp";
	case IPPROTO_UDP: return "udp";
	case IPPROTO_SCTP: return "sctp";
	default: return "?";
	}
}

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

/* Plain decimal (the parser takes no exponents), the fewest digits that read
 * back as the same double. */
void cfg_format_double(double d, char *buf, size_t len)
{
	for (int prec = 0; prec <= 40; prec++) {
		snprintf(buf, len, "%.*f", prec, d);
		if (strtod(buf, NULL) == d)
			break;
	}
}
