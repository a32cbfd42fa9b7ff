/* Gratuitous ARP and unsolicited NA frames (send_arp, pulse): pure
 * functions (no I/O) so the unit tests can check every byte on the wire. */
#ifndef LVS_ARP_FRAME_H
#define LVS_ARP_FRAME_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

#define ETH_ALEN_ 6
#define ARP_FRAME_LEN 42    /* 14 Ethernet + 28 ARP (no padding: the NIC pads) */
#define NA_FRAME_LEN 86     /* 14 Ethernet + 40 IPv6 + 32 ICMPv6 NA with one option */

enum { ARP_OP_REQUEST = 1, ARP_OP_REPLY = 2 };

struct arp_fields {
	uint8_t eth_dst[ETH_ALEN_];
	uint8_t eth_src[ETH_ALEN_];
	uint16_t op;                 /* ARP_OP_REQUEST or ARP_OP_REPLY */
	uint8_t sender_mac[ETH_ALEN_];
	struct in_addr sender_ip;
	uint8_t target_mac[ETH_ALEN_];
	struct in_addr target_ip;
};

/* Writes an Ethernet + ARP frame into buf. Returns its length, or 0 if
 * buf is smaller than ARP_FRAME_LEN. */
size_t arp_frame_build(uint8_t *buf, size_t size, const struct arp_fields *f);

/* The two customary gratuitous ARPs for vip owned by mac, both broadcast:
 * a request (target MAC zero, as RFC 5227 announcements) and a reply whose
 * target MAC equals the sender's (Linux only treats a reply as gratuitous
 * when it does). */
void garp_fields(struct arp_fields *f, uint16_t op, const uint8_t mac[ETH_ALEN_],
		 struct in_addr vip);

/* Writes an unsolicited neighbour advertisement for vip from mac: to ff02::1
 * (Ethernet 33:33:00:00:00:01), source address vip, hop limit 255, override
 * flag set, target link-layer address option. Returns the length or 0. */
size_t na_frame_build(uint8_t *buf, size_t size, const uint8_t mac[ETH_ALEN_],
		      const struct in6_addr *vip);

/* The Internet checksum (RFC 1071) of an ICMPv6 message with its IPv6
 * pseudo-header. The checksum field inside msg must be zero, or the result
 * is 0 for a message whose checksum is right. */
uint16_t icmp6_checksum(const struct in6_addr *src, const struct in6_addr *dst,
			const uint8_t *msg, size_t len);

/* "00:11:22:aa:bb:cc" or "001122aabbcc" (any case). Returns 0 or -1. */
int mac_parse(const char *text, uint8_t mac[ETH_ALEN_]);
/* Dotted quad only (no hostnames, no shorthand like "10.1"). Returns 0 or -1. */
int ipv4_parse(const char *text, struct in_addr *addr);

#endif
