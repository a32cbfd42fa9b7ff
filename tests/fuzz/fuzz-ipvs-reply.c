/* The IPVS generic netlink reply parsers on any message: the input is one
 * message (netlink header, genl header, attributes) whose length field is
 * set to the input's size, as the socket layer guarantees. */
#include "config.h"

#include "fuzz.h"
#include "ipvs_msg.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nlmsghdr *nlh;
	struct ipvs_service svc;
	struct ipvs_dest dest;
	struct ipvs_daemon d;
	struct ipvs_timeouts t;
	struct ipvs_info info;

	if (size < sizeof(*nlh) || size > 65536)
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
