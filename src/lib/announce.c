#include "config.h"

#include "announce.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if_arp.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

int announce_open(void)
{
	/* Protocol 0: a send-only socket, so the kernel queues no received
	 * frames for us; each frame names its ethertype in sendto(). */
	return socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
}

int announce_if_lookup(int fd, const char *dev, struct announce_if *out, char *err, size_t errlen)
{
	struct ifreq ifr;
	size_t len = strcspn(dev, ":");

	memset(out, 0, sizeof(*out));
	if (len == 0 || len >= sizeof(out->dev)) {
		snprintf(err, errlen, "bad interface name '%s'", dev);
		return -1;
	}
	memcpy(out->dev, dev, len);
	out->ifindex = (int)if_nametoindex(out->dev);
	if (out->ifindex == 0) {
		snprintf(err, errlen, "unknown interface '%s'", out->dev);
		return -1;
	}
	memset(&ifr, 0, sizeof(ifr));
	memcpy(ifr.ifr_name, out->dev, len);
	if (ioctl(fd, SIOCGIFHWADDR, &ifr) < 0) {
		snprintf(err, errlen, "cannot read the MAC address of %s: %s", out->dev, strerror(errno));
		return -1;
	}
	if (ifr.ifr_hwaddr.sa_family != ARPHRD_ETHER) {
		snprintf(err, errlen, "%s is not an Ethernet interface", out->dev);
		return -1;
	}
	memcpy(out->mac, ifr.ifr_hwaddr.sa_data, ETH_ALEN_);
	return 0;
}

int announce_send_frame(int fd, const struct announce_if *ifc, const uint8_t *frame, size_t len,
			uint16_t ethertype)
{
	struct sockaddr_ll to;

	memset(&to, 0, sizeof(to));
	to.sll_family = AF_PACKET;
	to.sll_protocol = htons(ethertype);
	to.sll_ifindex = ifc->ifindex;
	to.sll_halen = ETH_ALEN_;
	memcpy(to.sll_addr, frame, ETH_ALEN_);      /* the frame's destination */
	if (sendto(fd, frame, len, 0, (struct sockaddr *)&to, sizeof(to)) != (ssize_t)len)
		return -1;
	return 0;
}

int announce_round(int fd, const struct announce_if *ifc, const struct lvs_addr *addr)
{
	if (addr->family == AF_INET6) {
		uint8_t frame[NA_FRAME_LEN];
		size_t len = na_frame_build(frame, sizeof(frame), ifc->mac, &addr->u.v6);

		return announce_send_frame(fd, ifc, frame, len, ETH_P_IPV6);
	}
	for (int op = ARP_OP_REQUEST; op <= ARP_OP_REPLY; op++) {
		struct arp_fields f;
		uint8_t frame[ARP_FRAME_LEN];
		size_t len;

		garp_fields(&f, (uint16_t)op, ifc->mac, addr->u.v4);
		len = arp_frame_build(frame, sizeof(frame), &f);
		if (announce_send_frame(fd, ifc, frame, len, ETH_P_ARP) < 0)
			return -1;
	}
	return 0;
}

const char *announce_refusal(const struct lvs_addr *addr)
{
	if (addr->family == AF_INET) {
		uint32_t a = ntohl(addr->u.v4.s_addr);

		if (a == 0)
			return "the unspecified address";
		if (a == 0xffffffffU)
			return "the broadcast address";
		if ((a >> 28) == 0xe)
			return "a multicast address";
		if ((a >> 24) == 127)
			return "a loopback address";
		return NULL;
	}
	if (addr->family == AF_INET6) {
		const struct in6_addr *a = &addr->u.v6;

		if (IN6_IS_ADDR_UNSPECIFIED(a))
			return "the unspecified address";
		if (IN6_IS_ADDR_MULTICAST(a))
			return "a multicast address";
		if (IN6_IS_ADDR_LOOPBACK(a))
			return "a loopback address";
		if (IN6_IS_ADDR_V4MAPPED(a)) {
			struct lvs_addr v4 = { .family = AF_INET };

			memcpy(&v4.u.v4, &a->s6_addr[12], 4);
			return announce_refusal(&v4);
		}
		return NULL;
	}
	return "not an IPv4 or IPv6 address";
}
