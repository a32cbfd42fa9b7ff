/* Announcing that an address now lives here: gratuitous ARP (a request and
 * a reply, both broadcast) for IPv4, an unsolicited neighbour advertisement
 * with the override flag for IPv6. The frames come from arp_frame.h; this
 * is the thin I/O around them that send_arp and pulse share. Nothing here
 * blocks: each call sends one round and returns. */
#ifndef LVS_ANNOUNCE_H
#define LVS_ANNOUNCE_H

#include <net/if.h>
#include <stddef.h>
#include <stdint.h>

#include "arp_frame.h"
#include "lvs_config.h"

struct announce_if {
	char dev[IF_NAMESIZE];       /* the device, never an alias label */
	int ifindex;
	uint8_t mac[ETH_ALEN_];
};

/* A send-only AF_PACKET socket (needs CAP_NET_RAW). -1 with errno set. */
int announce_open(void);

/* Looks dev up ("eth0:1" means eth0): index and Ethernet MAC. 0, or -1 with
 * the reason in err. */
int announce_if_lookup(int fd, const char *dev, struct announce_if *out, char *err, size_t errlen);

/* One frame out of ifc; its first six bytes are the destination MAC. 0 or
 * -1 (errno set). */
int announce_send_frame(int fd, const struct announce_if *ifc, const uint8_t *frame, size_t len,
			uint16_t ethertype);

/* One round for addr from ifc's MAC: ARP request + reply, or one NA.
 * 0 or -1 (errno set). */
int announce_round(int fd, const struct announce_if *ifc, const struct lvs_addr *addr);

/* Why addr is no address to announce as ours on a link (unspecified,
 * broadcast, multicast or loopback), as a noun phrase; NULL when it may be. */
const char *announce_refusal(const struct lvs_addr *addr);

#endif
