#include "config.h"

/* send_arp's frame builders, checked byte by byte against hand-written
 * frames, and the ICMPv6 checksum recomputed here independently. */

#include <arpa/inet.h>
#include <stdint.h>
#include <string.h>

#include "announce.h"
#include "arp_frame.h"
#include "tap.h"

static const uint8_t mac[6] = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 };

static int hexeq(const uint8_t *got, size_t len, const char *want_hex)
{
	char buf[512] = "";

	for (size_t i = 0; i < len; i++)
		sprintf(buf + 2 * i, "%02x", got[i]);
	if (strcmp(buf, want_hex) != 0) {
		printf("#   got  %s\n#   want %s\n", buf, want_hex);
		return 0;
	}
	return 1;
}

/* Checksum written from the RFC 1071 definition, in a different way from
 * frame.c: sum the whole pseudo-header + message as a byte array. */
static int checksum_ok(const uint8_t *ip6)
{
	uint8_t pseudo[40 + 64];
	uint16_t plen = (uint16_t)(ip6[4] << 8 | ip6[5]);
	unsigned long sum = 0;

	memcpy(pseudo, ip6 + 8, 32);            /* source + destination */
	memset(pseudo + 32, 0, 8);
	pseudo[34] = (uint8_t)(plen >> 8);
	pseudo[35] = (uint8_t)plen;
	pseudo[39] = ip6[6];                    /* next header */
	memcpy(pseudo + 40, ip6 + 40, plen);
	for (size_t i = 0; i < 40u + plen; i += 2)
		sum += (unsigned long)(pseudo[i] * 256 + pseudo[i + 1]);
	while (sum > 0xffff)
		sum = (sum & 0xffff) + (sum >> 16);
	return sum == 0xffff;                   /* includes the checksum field */
}

static void test_arp(void)
{
	struct arp_fields f;
	struct in_addr vip;
	uint8_t buf[64];
	size_t len;

	inet_pton(AF_INET, "192.0.2.10", &vip);
	garp_fields(&f, ARP_OP_REQUEST, mac, vip);
	len = arp_frame_build(buf, sizeof(buf), &f);
	is_int(len, 42, "ARP frame is 42 bytes");
	ok(hexeq(buf, len,
		 "ffffffffffff" "021122334455" "0806"   /* Ethernet */
		 "0001" "0800" "06" "04" "0001"         /* htype ptype hlen plen op=request */
		 "021122334455" "c000020a"              /* sender */
		 "000000000000" "c000020a"),            /* target: zero MAC, VIP */
	   "gratuitous ARP request bytes");

	garp_fields(&f, ARP_OP_REPLY, mac, vip);
	len = arp_frame_build(buf, sizeof(buf), &f);
	ok(hexeq(buf, len,
		 "ffffffffffff" "021122334455" "0806"
		 "0001" "0800" "06" "04" "0002"
		 "021122334455" "c000020a"
		 "021122334455" "c000020a"),            /* reply: target MAC = own */
	   "gratuitous ARP reply bytes");

	memset(&f, 0, sizeof(f));
	mac_parse("aabbccddeeff", f.eth_dst);
	mac_parse("02:11:22:33:44:55", f.eth_src);
	f.op = ARP_OP_REPLY;
	memcpy(f.sender_mac, f.eth_src, 6);
	memcpy(f.target_mac, f.eth_dst, 6);
	inet_pton(AF_INET, "10.1.2.3", &f.sender_ip);
	inet_pton(AF_INET, "10.255.0.1", &f.target_ip);
	len = arp_frame_build(buf, sizeof(buf), &f);
	ok(hexeq(buf, len,
		 "aabbccddeeff" "021122334455" "0806" "0001" "0800" "0604" "0002"
		 "021122334455" "0a010203" "aabbccddeeff" "0aff0001"),
	   "classic four-argument ARP reply bytes");
	is_int(arp_frame_build(buf, 41, &f), 0, "too small a buffer is refused");
}

static void test_na(void)
{
	struct in6_addr vip;
	uint8_t buf[128];
	size_t len;

	inet_pton(AF_INET6, "2001:db8::10", &vip);
	len = na_frame_build(buf, sizeof(buf), mac, &vip);
	is_int(len, 86, "NA frame is 86 bytes");
	ok(hexeq(buf, 54,
		 "333300000001" "021122334455" "86dd"   /* Ethernet to all-nodes */
		 "60000000" "0020" "3a" "ff"            /* v6, payload 32, ICMPv6, hop limit 255 */
		 "20010db8000000000000000000000010"     /* source = VIP */
		 "ff020000000000000000000000000001"),   /* destination ff02::1 */
	   "NA Ethernet + IPv6 header bytes");
	is_int(buf[54], 136, "ICMPv6 type 136");
	is_int(buf[55], 0, "code 0");
	is_int(buf[58], 0x20, "flags: override set, router and solicited clear");
	ok(hexeq(buf + 59, 3, "000000"), "reserved bytes zero");
	ok(hexeq(buf + 62, 16, "20010db8000000000000000000000010"), "target address = VIP");
	ok(hexeq(buf + 78, 8, "0201021122334455"), "target link-layer address option");
	ok(checksum_ok(buf + 14), "ICMPv6 checksum verifies independently");
	ok(buf[56] != 0 || buf[57] != 0, "checksum field filled in");
	buf[70] ^= 1;
	ok(!checksum_ok(buf + 14), "independent checker notices a flipped bit");
	is_int(na_frame_build(buf, 85, mac, &vip), 0, "too small a buffer is refused");
}

static void test_parse(void)
{
	uint8_t m[6];
	struct in_addr a;

	ok(mac_parse("00:1A:2b:3c:4D:5e", m) == 0 && hexeq(m, 6, "001a2b3c4d5e"), "MAC with colons");
	ok(mac_parse("001a2b3c4d5e", m) == 0 && hexeq(m, 6, "001a2b3c4d5e"), "MAC without colons");
	ok(mac_parse("001a2b3c4d5", m) < 0, "11 digits refused");
	ok(mac_parse("001a2b3c4d5e0", m) < 0, "13 digits refused");
	ok(mac_parse("00-1a-2b-3c-4d-5e", m) < 0, "dashes refused");
	ok(mac_parse("00:1a:2b:3c:4d:5g", m) < 0, "non-hex digit refused");
	ok(mac_parse("001a:2b3c:4d5e::", m) < 0, "colons in the wrong places refused");
	ok(ipv4_parse("192.0.2.1", &a) == 0 && a.s_addr == htonl(0xc0000201), "dotted quad");
	ok(ipv4_parse("192.0.2", &a) < 0, "three parts refused");
	ok(ipv4_parse("192.0.2.256", &a) < 0, "octet over 255 refused");
	ok(ipv4_parse("host.example", &a) < 0, "host names refused");
}

static void test_refusal(void)
{
	static const struct { const char *addr; const char *why; } cases[] = {
		{ "0.0.0.0", "the unspecified address" },
		{ "255.255.255.255", "the broadcast address" },
		{ "224.0.0.18", "a multicast address" },
		{ "239.255.255.255", "a multicast address" },
		{ "127.0.0.1", "a loopback address" },
		{ "127.1.2.3", "a loopback address" },
		{ "::", "the unspecified address" },
		{ "::1", "a loopback address" },
		{ "ff02::1", "a multicast address" },
		{ "::ffff:127.0.0.1", "a loopback address" },
		{ "192.0.2.10", NULL },
		{ "10.255.255.255", NULL },
		{ "2001:db8::10", NULL },
		{ "fe80::1", NULL },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct lvs_addr a = { 0 };

		if (inet_pton(AF_INET, cases[i].addr, &a.u.v4) == 1)
			a.family = AF_INET;
		else if (inet_pton(AF_INET6, cases[i].addr, &a.u.v6) == 1)
			a.family = AF_INET6;
		is_str(announce_refusal(&a), cases[i].why, "%s: %s", cases[i].addr,
		       cases[i].why ? cases[i].why : "may be announced");
	}
}

int main(void)
{
	test_refusal();
	test_arp();
	test_na();
	test_parse();
	return tap_done();
}
