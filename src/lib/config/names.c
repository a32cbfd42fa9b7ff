/* The words lvs.cf and the logs use for forwarding methods and protocols. */
#include "config.h"

#include "internal.h"

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
