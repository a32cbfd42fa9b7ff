/* The IPVS generic netlink reply parsers on any message: the input is one
 * message (netlink header, genl header, attributes) whose length field is
 * set to the input's size, as the socket layer guarantees. The same bytes
 * also go, as the payload of a nest that ends where the input ends, to the
 * nested-attribute parsers: an attribute that claims more than it holds
 * then reads past the buffer, where the sanitizer sees it. */
#include "config.h"

#include "fuzz.h"
#include "ipvs_msg.h"

#include <stdlib.h>
#include <netlink/attr.h>
#include <string.h>

static void parse_nests(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nlmsghdr *nlh;
	struct ipvs_service svc;
	struct ipvs_dest dest;
	struct ipvs_daemon d;
	struct ipvs_timeouts t;
	struct ipvs_info info;

	if (size > 65000)
		return 0;
	parse_nests(data, size);
	if (size < sizeof(*nlh))
		return 0;
	/* Exactly size bytes, aligned as the receive buffer is. */
	nlh = malloc(size);
	if (!nlh)
		return 0;
	memcpy(nlh, data, size);
	nlh->nlmsg_len = (uint32_t)size;
	ipvs_parse_service_msg(nlh, &svc);
	ipvs_parse_dest_msg(nlh, &dest);
	ipvs_parse_daemon_msg(nlh, &d);
	ipvs_parse_timeouts_msg(nlh, &t);
	ipvs_parse_info_msg(nlh, &info);
	free(nlh);
	return 0;
}

static void parse_nests(const uint8_t *data, size_t size)
{
	struct nlattr *nest = malloc(NLA_HDRLEN + size);
	struct ipvs_service svc;
	struct ipvs_dest dest;
	struct ipvs_stats st;

	if (!nest)
		return;
	nest->nla_len = (uint16_t)(NLA_HDRLEN + size);
	nest->nla_type = NLA_F_NESTED | IPVS_CMD_ATTR_SERVICE;
	memcpy((uint8_t *)nest + NLA_HDRLEN, data, size);
	ipvs_parse_service_attr(nest, &svc);
	ipvs_parse_dest_attr(nest, &dest);
	ipvs_parse_stats_attr(nest, &st, size & 1);
	free(nest);
}
