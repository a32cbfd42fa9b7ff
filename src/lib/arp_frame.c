#include "config.h"

#include "arp_frame.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <string.h>

static uint8_t *put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
	return p + 2;
}

static uint8_t *put(uint8_t *p, const void *src, size_t len)
{
	memcpy(p, src, len);
	return p + len;
}

size_t arp_frame_build(uint8_t *buf, size_t size, const struct arp_fields *f)
{
	uint8_t *p = buf;

	if (size < ARP_FRAME_LEN)
		return 0;
	p = put(p, f->eth_dst, ETH_ALEN_);
	p = put(p, f->eth_src, ETH_ALEN_);
	p = put16(p, 0x0806);           /* ethertype ARP */
	p = put16(p, 1);                /* hardware type Ethernet */
	p = put16(p, 0x0800);           /* protocol type IPv4 */
	*p++ = ETH_ALEN_;
	*p++ = 4;
	p = put16(p, f->op);
	p = put(p, f->sender_mac, ETH_ALEN_);
	p = put(p, &f->sender_ip.s_addr, 4);   /* s_addr is already network order */
	p = put(p, f->target_mac, ETH_ALEN_);
	p = put(p, &f->target_ip.s_addr, 4);
	return (size_t)(p - buf);
}

void garp_fields(struct arp_fields *f, uint16_t op, const uint8_t mac[ETH_ALEN_],
		 struct in_addr vip)
{
	memset(f, 0, sizeof(*f));
	memset(f->eth_dst, 0xff, ETH_ALEN_);
	memcpy(f->eth_src, mac, ETH_ALEN_);
	f->op = op;
	memcpy(f->sender_mac, mac, ETH_ALEN_);
	f->sender_ip = vip;
	if (op == ARP_OP_REPLY)
		memcpy(f->target_mac, mac, ETH_ALEN_);
	f->target_ip = vip;
}

uint16_t icmp6_checksum(const struct in6_addr *src, const struct in6_addr *dst,
			const uint8_t *msg, size_t len)
{
	uint32_t sum = 0;

	for (int i = 0; i < 16; i += 2) {
		sum += (uint32_t)src->s6_addr[i] << 8 | src->s6_addr[i + 1];
		sum += (uint32_t)dst->s6_addr[i] << 8 | dst->s6_addr[i + 1];
	}
	sum += (uint32_t)(len >> 16) + (uint32_t)(len & 0xffff);
	sum += 58;                      /* next header ICMPv6 */
	for (size_t i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)msg[i] << 8 | msg[i + 1];
	if (len & 1)
		sum += (uint32_t)msg[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

size_t na_frame_build(uint8_t *buf, size_t size, const uint8_t mac[ETH_ALEN_],
		      const struct in6_addr *vip)
{
	static const uint8_t all_nodes_mac[ETH_ALEN_] = { 0x33, 0x33, 0, 0, 0, 1 };
	struct in6_addr all_nodes = { .s6_addr = { 0xff, 0x02, [15] = 1 } };
	const uint16_t icmp_len = 32;
	uint8_t *p = buf, *icmp;
	uint16_t sum;

	if (size < NA_FRAME_LEN)
		return 0;
	p = put(p, all_nodes_mac, ETH_ALEN_);
	p = put(p, mac, ETH_ALEN_);
	p = put16(p, 0x86dd);
	/* IPv6 header: version 6, traffic class 0, flow label 0 */
	p = put16(p, 0x6000);
	p = put16(p, 0);
	p = put16(p, icmp_len);
	*p++ = 58;                      /* next header ICMPv6 */
	*p++ = 255;                     /* hop limit: receivers drop NDP otherwise */
	p = put(p, vip, 16);
	p = put(p, &all_nodes, 16);
	icmp = p;
	*p++ = 136;                     /* neighbour advertisement */
	*p++ = 0;                       /* code */
	p = put16(p, 0);                /* checksum, filled below */
	*p++ = 0x20;                    /* flags: override only (not router, not solicited) */
	*p++ = 0;
	p = put16(p, 0);
	p = put(p, vip, 16);            /* target address */
	*p++ = 2;                       /* option: target link-layer address */
	*p++ = 1;                       /* length in units of 8 bytes */
	p = put(p, mac, ETH_ALEN_);
	sum = icmp6_checksum(vip, &all_nodes, icmp, icmp_len);
	put16(icmp + 2, sum);
	return (size_t)(p - buf);
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int mac_parse(const char *text, uint8_t mac[ETH_ALEN_])
{
	size_t len = strlen(text);
	int colons;

	if (len == 12)
		colons = 0;
	else if (len == 17)
		colons = 1;
	else
		return -1;
	for (int i = 0; i < ETH_ALEN_; i++) {
		const char *s = text + i * (colons ? 3 : 2);
		int hi = hexval((unsigned char)s[0]), lo = hexval((unsigned char)s[1]);

		if (hi < 0 || lo < 0)
			return -1;
		if (colons && i < ETH_ALEN_ - 1 && s[2] != ':')
			return -1;
		mac[i] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}

int ipv4_parse(const char *text, struct in_addr *addr)
{
	/* inet_pton(AF_INET) accepts exactly the dotted-quad form. */
	return inet_pton(AF_INET, text, addr) == 1 ? 0 : -1;
}
