/* IPVS netlink messages built and parsed without a kernel. */
#include "config.h"

#include "ipvs.h"
#include "ipvs_msg.h"
#include "tap.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>

#define FAMILY 42

/* Expected attribute payloads, byte by byte. The kernel reads ports of
 * services, destinations and tunnels as big-endian (nla_get_be16), the
 * sync daemon's multicast port and every other integer in the CPU's order
 * (nla_get_u16/u32). */
#define NET16(v) { (uint8_t)((v) >> 8), (uint8_t)(v) }
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define HOST16(v) { (uint8_t)(v), (uint8_t)((v) >> 8) }
#define HOST32(v) { (uint8_t)(v), (uint8_t)((v) >> 8), (uint8_t)((v) >> 16), (uint8_t)((v) >> 24) }
#else
#define HOST16(v) NET16(v)
#define HOST32(v) { (uint8_t)((v) >> 24), (uint8_t)((v) >> 16), (uint8_t)((v) >> 8), (uint8_t)(v) }
#endif

/* Attribute a is there and its payload is exactly the bytes of want[]. */
#define is_bytes(a, want, ...) do { \
	static const uint8_t want_[] = want; \
	const struct nlattr *a_ = (a); \
	int same_ = a_ && nla_len(a_) == (int)sizeof(want_) && \
		    memcmp(nla_data(a_), want_, sizeof(want_)) == 0; \
	tap_result(same_, __FILE__, __LINE__, __VA_ARGS__); \
	if (!same_) { \
		printf("#   got"); \
		for (int b_ = 0; a_ && b_ < nla_len(a_); b_++) \
			printf(" %02x", ((const uint8_t *)nla_data(a_))[b_]); \
		printf("%s\n#  want", a_ ? "" : " (no attribute)"); \
		for (size_t b_ = 0; b_ < sizeof(want_); b_++) \
			printf(" %02x", want_[b_]); \
		printf("\n"); \
	} \
} while (0)
#define BYTES(...) { __VA_ARGS__ }
/* A reply attribute built from literal bytes, as the kernel would send it. */
#define put_bytes(msg, type, bytes) do { \
	static const uint8_t b_[] = bytes; \
	nla_put((msg), (type), sizeof(b_), b_); \
} while (0)

static struct nlattr *top_attr(struct nl_msg *msg, int type, struct nlattr **tb)
{
	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, IPVS_CMD_ATTR_MAX, NULL) < 0)
		return NULL;
	return tb[type];
}

static void test_build_service(void)
{
	struct ipvs_service svc = {
		.af = AF_INET, .protocol = IPPROTO_TCP, .port = 80,
		.sched_name = "rr", .flags = IP_VS_SVC_F_PERSISTENT, .timeout = 360,
		.pe_name = "sip",
	};
	struct nlattr *tb[IPVS_CMD_ATTR_MAX + 1], *st[IPVS_SVC_ATTR_MAX + 1], *nest;
	struct nl_msg *msg;
	struct genlmsghdr *g;
	struct ip_vs_flags fl;

	inet_pton(AF_INET, "10.0.0.1", &svc.addr.in);
	inet_pton(AF_INET, "255.255.255.0", &svc.netmask);
	msg = ipvs_msg_op(FAMILY, IPVS_OP_ADD_SERVICE, &svc, NULL);
	ok(msg != NULL, "add-service message built");
	if (!msg)
		return;
	is_int(nlmsg_hdr(msg)->nlmsg_type, FAMILY, "addressed to the family id");
	ok(nlmsg_hdr(msg)->nlmsg_flags & NLM_F_ACK, "asks for an ack");
	g = nlmsg_data(nlmsg_hdr(msg));
	is_int(g->cmd, IPVS_CMD_NEW_SERVICE, "command NEW_SERVICE");
	is_int(g->version, IPVS_GENL_VERSION, "genl version");
	nest = top_attr(msg, IPVS_CMD_ATTR_SERVICE, tb);
	ok(nest != NULL, "nested service attribute present");
	ok(tb[IPVS_CMD_ATTR_DEST] == NULL, "no dest attribute");
	if (!nest || nla_parse_nested(st, IPVS_SVC_ATTR_MAX, nest, NULL) < 0) {
		ok(0, "service attributes parse");
		nlmsg_free(msg);
		return;
	}
	is_bytes(st[IPVS_SVC_ATTR_AF], HOST16(AF_INET), "AF: u16, host order");
	is_bytes(st[IPVS_SVC_ATTR_PROTOCOL], HOST16(IPPROTO_TCP), "protocol: u16, host order");
	is_bytes(st[IPVS_SVC_ATTR_ADDR], BYTES(10, 0, 0, 1), "IPv4 address: its 4 bytes");
	is_bytes(st[IPVS_SVC_ATTR_PORT], NET16(80), "port: big-endian (0x00 0x50)");
	ok(st[IPVS_SVC_ATTR_FWMARK] == NULL, "no fwmark");
	is_str(nla_get_string(st[IPVS_SVC_ATTR_SCHED_NAME]), "rr", "scheduler");
	is_str(nla_get_string(st[IPVS_SVC_ATTR_PE_NAME]), "sip", "persistence engine");
	nla_memcpy(&fl, st[IPVS_SVC_ATTR_FLAGS], sizeof(fl));
	is_int(fl.flags, IP_VS_SVC_F_PERSISTENT, "flags");
	is_int(fl.mask, 0xffffffffU, "flag mask covers all");
	is_bytes(st[IPVS_SVC_ATTR_TIMEOUT], HOST32(360), "timeout: u32, host order");
	is_bytes(st[IPVS_SVC_ATTR_NETMASK], BYTES(255, 255, 255, 0),
		 "IPv4 netmask: the mask's bytes in address order (the kernel's be32)");
	nlmsg_free(msg);

	/* IPv6: the persistence netmask is a prefix length, a plain number */
	svc.af = AF_INET6;
	svc.netmask = 64;
	inet_pton(AF_INET6, "2001:db8::1", &svc.addr.in6);
	msg = ipvs_msg_op(FAMILY, IPVS_OP_EDIT_SERVICE, &svc, NULL);
	nest = top_attr(msg, IPVS_CMD_ATTR_SERVICE, tb);
	nla_parse_nested(st, IPVS_SVC_ATTR_MAX, nest, NULL);
	is_bytes(st[IPVS_SVC_ATTR_ADDR], BYTES(0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1),
		 "IPv6 address: its 16 bytes");
	is_bytes(st[IPVS_SVC_ATTR_NETMASK], HOST32(64), "IPv6 netmask: prefix length, u32 host order");
	nlmsg_free(msg);
	svc.af = AF_INET;

	/* delete: only the key */
	svc.fwmark = 7;
	svc.af = AF_INET6;
	msg = ipvs_msg_op(FAMILY, IPVS_OP_DEL_SERVICE, &svc, NULL);
	nest = top_attr(msg, IPVS_CMD_ATTR_SERVICE, tb);
	nla_parse_nested(st, IPVS_SVC_ATTR_MAX, nest, NULL);
	is_int(((struct genlmsghdr *)nlmsg_data(nlmsg_hdr(msg)))->cmd, IPVS_CMD_DEL_SERVICE, "DEL_SERVICE");
	is_int(nla_get_u32(st[IPVS_SVC_ATTR_FWMARK]), 7, "fwmark key");
	is_int(nla_get_u16(st[IPVS_SVC_ATTR_AF]), AF_INET6, "fwmark family");
	ok(!st[IPVS_SVC_ATTR_ADDR] && !st[IPVS_SVC_ATTR_PORT], "fwmark key has no address/port");
	ok(!st[IPVS_SVC_ATTR_SCHED_NAME] && !st[IPVS_SVC_ATTR_FLAGS], "delete carries no settings");
	nlmsg_free(msg);
}

static void test_build_dest(void)
{
	struct ipvs_service svc = { .af = AF_INET6, .protocol = IPPROTO_UDP, .port = 53 };
	struct ipvs_dest d = {
		.port = 5353, .conn_flags = IP_VS_CONN_F_TUNNEL | IP_VS_CONN_F_SYNC,
		.weight = 3, .u_threshold = 100, .l_threshold = 50,
		.tun_type = IP_VS_CONN_F_TUNNEL_TYPE_GUE, .tun_port = 6080,
		.tun_flags = IP_VS_TUNNEL_ENCAP_FLAG_CSUM,
	};
	struct nlattr *tb[IPVS_CMD_ATTR_MAX + 1], *dt[IPVS_DEST_ATTR_MAX + 1];
	struct nl_msg *msg;

	inet_pton(AF_INET6, "2001:db8::1", &svc.addr.in6);
	inet_pton(AF_INET6, "2001:db8::2", &d.addr.in6);
	msg = ipvs_msg_op(FAMILY, IPVS_OP_ADD_DEST, &svc, &d);
	ok(msg != NULL, "add-dest message built");
	ok(top_attr(msg, IPVS_CMD_ATTR_SERVICE, tb) != NULL, "carries the service key");
	ok(tb[IPVS_CMD_ATTR_DEST] != NULL, "carries the dest");
	nla_parse_nested(dt, IPVS_DEST_ATTR_MAX, tb[IPVS_CMD_ATTR_DEST], NULL);
	is_int(nla_len(dt[IPVS_DEST_ATTR_ADDR]), 16, "IPv6 address is 16 bytes");
	is_int(nla_get_u16(dt[IPVS_DEST_ATTR_ADDR_FAMILY]), AF_INET6, "dest family defaults to the service's");
	is_bytes(dt[IPVS_DEST_ATTR_PORT], NET16(5353), "dest port: big-endian (0x14 0xe9)");
	is_int(nla_get_u32(dt[IPVS_DEST_ATTR_FWD_METHOD]), IP_VS_CONN_F_TUNNEL, "only the forwarding bits are sent");
	is_int(nla_get_u32(dt[IPVS_DEST_ATTR_WEIGHT]), 3, "weight");
	is_int(nla_get_u32(dt[IPVS_DEST_ATTR_U_THRESH]), 100, "upper threshold");
	is_int(nla_get_u32(dt[IPVS_DEST_ATTR_L_THRESH]), 50, "lower threshold");
	is_int(nla_get_u8(dt[IPVS_DEST_ATTR_TUN_TYPE]), IP_VS_CONN_F_TUNNEL_TYPE_GUE, "tunnel type");
	is_bytes(dt[IPVS_DEST_ATTR_WEIGHT], HOST32(3), "weight: u32, host order");
	is_bytes(dt[IPVS_DEST_ATTR_TUN_TYPE], BYTES(IP_VS_CONN_F_TUNNEL_TYPE_GUE), "tunnel type: one byte");
	is_bytes(dt[IPVS_DEST_ATTR_TUN_PORT], NET16(6080), "tunnel port: big-endian (0x17 0xc0)");
	is_bytes(dt[IPVS_DEST_ATTR_TUN_FLAGS], HOST16(IP_VS_TUNNEL_ENCAP_FLAG_CSUM),
		 "tunnel flags: u16, host order");
	nlmsg_free(msg);

	msg = ipvs_msg_op(FAMILY, IPVS_OP_DEL_DEST, &svc, &d);
	top_attr(msg, IPVS_CMD_ATTR_DEST, tb);
	nla_parse_nested(dt, IPVS_DEST_ATTR_MAX, tb[IPVS_CMD_ATTR_DEST], NULL);
	ok(dt[IPVS_DEST_ATTR_ADDR] && !dt[IPVS_DEST_ATTR_WEIGHT], "del-dest sends only the key");
	nlmsg_free(msg);

	ok(ipvs_msg_op(FAMILY, IPVS_OP_ADD_DEST, &svc, NULL) == NULL && errno == EINVAL,
	   "dest operation without dest is refused");
	ok(ipvs_msg_op(FAMILY, IPVS_OP_ADD_SERVICE, NULL, NULL) == NULL,
	   "service operation without service is refused");
	msg = ipvs_msg_op(FAMILY, IPVS_OP_FLUSH, NULL, NULL);
	ok(msg && !top_attr(msg, IPVS_CMD_ATTR_SERVICE, tb), "flush has no attributes");
	nlmsg_free(msg);
	msg = ipvs_msg_op(FAMILY, IPVS_OP_ZERO, NULL, NULL);
	ok(msg && !top_attr(msg, IPVS_CMD_ATTR_SERVICE, tb), "zero-all has no service");
	nlmsg_free(msg);
}

static void test_build_daemon_timeouts(void)
{
	struct ipvs_daemon d = { .state = IP_VS_STATE_MASTER, .mcast_ifn = "eth1", .syncid = 9,
				 .mcast_af = AF_INET, .mcast_port = 9000, .mcast_ttl = 2 };
	struct ipvs_daemon b = { .state = IP_VS_STATE_BACKUP, .mcast_ifn = "d0", .syncid = 200,
				 .sync_maxlen = 1400, .mcast_af = AF_INET6, .mcast_port = 8848 };
	struct ipvs_timeouts t = { 900, 120, 300 };
	struct nlattr *tb[IPVS_CMD_ATTR_MAX + 1], *da[IPVS_DAEMON_ATTR_MAX + 1];
	struct nl_msg *msg = ipvs_msg_new(FAMILY, IPVS_CMD_NEW_DAEMON, 0);

	inet_pton(AF_INET, "224.0.0.90", &d.mcast_group.in);
	is_int(ipvs_msg_put_daemon(msg, &d, true), 0, "daemon attributes fit");
	top_attr(msg, IPVS_CMD_ATTR_DAEMON, tb);
	nla_parse_nested(da, IPVS_DAEMON_ATTR_MAX, tb[IPVS_CMD_ATTR_DAEMON], NULL);
	is_bytes(da[IPVS_DAEMON_ATTR_STATE], HOST32(IP_VS_STATE_MASTER), "daemon state: u32, host order");
	is_bytes(da[IPVS_DAEMON_ATTR_MCAST_IFN], BYTES('e', 't', 'h', '1', 0),
		 "daemon interface: NUL-terminated string");
	is_bytes(da[IPVS_DAEMON_ATTR_SYNC_ID], HOST32(9), "sync id: u32, host order");
	is_bytes(da[IPVS_DAEMON_ATTR_MCAST_GROUP], BYTES(224, 0, 0, 90),
		 "IPv4 group: the address's bytes (the kernel's in_addr)");
	ok(!da[IPVS_DAEMON_ATTR_MCAST_GROUP6] && !da[IPVS_DAEMON_ATTR_SYNC_MAXLEN],
	   "unset optional attributes are left out");
	/* The bug this guards: it was sent big-endian (0x23 0x28), so the
	 * kernel's daemon used port 10275 and Debian's ipvsadm listed that. */
	is_bytes(da[IPVS_DAEMON_ATTR_MCAST_PORT], HOST16(9000),
		 "mcast port: u16 in host order, not big-endian like service ports");
	is_bytes(da[IPVS_DAEMON_ATTR_MCAST_TTL], BYTES(2), "mcast ttl: one byte");
	nlmsg_free(msg);

	msg = ipvs_msg_new(FAMILY, IPVS_CMD_NEW_DAEMON, 0);
	inet_pton(AF_INET6, "ff02::1234", &b.mcast_group.in6);
	is_int(ipvs_msg_put_daemon(msg, &b, true), 0, "backup daemon attributes fit");
	top_attr(msg, IPVS_CMD_ATTR_DAEMON, tb);
	nla_parse_nested(da, IPVS_DAEMON_ATTR_MAX, tb[IPVS_CMD_ATTR_DAEMON], NULL);
	is_bytes(da[IPVS_DAEMON_ATTR_STATE], HOST32(IP_VS_STATE_BACKUP), "backup state");
	is_bytes(da[IPVS_DAEMON_ATTR_SYNC_ID], HOST32(200), "backup sync id");
	is_bytes(da[IPVS_DAEMON_ATTR_SYNC_MAXLEN], HOST16(1400), "sync maxlen: u16, host order");
	is_bytes(da[IPVS_DAEMON_ATTR_MCAST_GROUP6],
		 BYTES(0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x12, 0x34),
		 "IPv6 group: its 16 bytes");
	ok(!da[IPVS_DAEMON_ATTR_MCAST_GROUP], "no IPv4 group beside the IPv6 one");
	is_bytes(da[IPVS_DAEMON_ATTR_MCAST_PORT], HOST16(8848), "mcast port 8848: host order");
	ok(!da[IPVS_DAEMON_ATTR_MCAST_TTL], "ttl 0 (kernel default) is left out");
	nlmsg_free(msg);

	msg = ipvs_msg_new(FAMILY, IPVS_CMD_DEL_DAEMON, 0);
	is_int(ipvs_msg_put_daemon(msg, &b, false), 0, "stop-daemon attributes fit");
	top_attr(msg, IPVS_CMD_ATTR_DAEMON, tb);
	nla_parse_nested(da, IPVS_DAEMON_ATTR_MAX, tb[IPVS_CMD_ATTR_DAEMON], NULL);
	ok(da[IPVS_DAEMON_ATTR_STATE] && !da[IPVS_DAEMON_ATTR_MCAST_PORT] &&
	   !da[IPVS_DAEMON_ATTR_MCAST_IFN], "stopping a daemon sends only its state");
	nlmsg_free(msg);

	msg = ipvs_msg_new(FAMILY, IPVS_CMD_SET_CONFIG, 0);
	ipvs_msg_put_timeouts(msg, &t);
	top_attr(msg, 0, tb);
	is_bytes(tb[IPVS_CMD_ATTR_TIMEOUT_TCP], HOST32(900), "tcp timeout: u32, host order");
	is_bytes(tb[IPVS_CMD_ATTR_TIMEOUT_TCP_FIN], HOST32(120), "tcpfin timeout: u32, host order");
	is_bytes(tb[IPVS_CMD_ATTR_TIMEOUT_UDP], HOST32(300), "udp timeout: u32, host order");
	nlmsg_free(msg);
}

/* A reply as the kernel builds it: service with 64-bit stats. */
static void test_parse_service_reply(void)
{
	struct nl_msg *msg = nlmsg_alloc();
	struct nlattr *svc, *stats;
	struct ip_vs_flags fl = { IP_VS_SVC_F_PERSISTENT | IP_VS_SVC_F_HASHED, ~0U };
	struct in6_addr a;
	struct ipvs_service out;

	inet_pton(AF_INET6, "2001:db8::5", &a);
	genlmsg_put(msg, 0, 1, FAMILY, 0, NLM_F_MULTI, IPVS_CMD_NEW_SERVICE, 1);
	svc = nla_nest_start(msg, IPVS_CMD_ATTR_SERVICE);
	nla_put_u16(msg, IPVS_SVC_ATTR_AF, AF_INET6);
	nla_put_u16(msg, IPVS_SVC_ATTR_PROTOCOL, IPPROTO_SCTP);
	nla_put(msg, IPVS_SVC_ATTR_ADDR, 16, &a);
	put_bytes(msg, IPVS_SVC_ATTR_PORT, NET16(3868));
	nla_put_string(msg, IPVS_SVC_ATTR_SCHED_NAME, "wlc");
	nla_put(msg, IPVS_SVC_ATTR_FLAGS, sizeof(fl), &fl);
	nla_put_u32(msg, IPVS_SVC_ATTR_TIMEOUT, 300);
	put_bytes(msg, IPVS_SVC_ATTR_NETMASK, HOST32(64));
	stats = nla_nest_start(msg, IPVS_SVC_ATTR_STATS64);
	nla_put_u64(msg, IPVS_STATS_ATTR_CONNS, 5000000000ULL);
	nla_put_u64(msg, IPVS_STATS_ATTR_INBYTES, 123456789012ULL);
	nla_put_u64(msg, IPVS_STATS_ATTR_OUTBPS, 77);
	nla_nest_end(msg, stats);
	stats = nla_nest_start(msg, IPVS_SVC_ATTR_STATS);
	nla_put_u32(msg, IPVS_STATS_ATTR_CONNS, 1);
	nla_nest_end(msg, stats);
	nla_nest_end(msg, svc);

	is_int(ipvs_parse_service_msg(nlmsg_hdr(msg), &out), 0, "service reply parses");
	is_int(out.af, AF_INET6, "family");
	is_int(out.protocol, IPPROTO_SCTP, "protocol");
	ok(memcmp(&out.addr.in6, &a, 16) == 0, "address");
	is_int(out.port, 3868, "big-endian port bytes 0x0f 0x1c read as 3868");
	is_str(out.sched_name, "wlc", "scheduler");
	is_int(out.flags, IP_VS_SVC_F_PERSISTENT | IP_VS_SVC_F_HASHED, "flags");
	is_int(out.timeout, 300, "timeout");
	is_int(out.netmask, 64, "IPv6 prefix");
	is_int(out.pe_name[0], 0, "no persistence engine");
	ok(out.stats.conns == 5000000000ULL, "64-bit stats preferred over 32-bit");
	ok(out.stats.inbytes == 123456789012ULL, "64-bit byte counter");
	is_int(out.stats.outbps, 77, "rate counter");
	nlmsg_free(msg);

	/* IPv4 fwmark service: the netmask arrives as the mask's bytes */
	msg = nlmsg_alloc();
	genlmsg_put(msg, 0, 1, FAMILY, 0, NLM_F_MULTI, IPVS_CMD_NEW_SERVICE, 1);
	svc = nla_nest_start(msg, IPVS_CMD_ATTR_SERVICE);
	put_bytes(msg, IPVS_SVC_ATTR_AF, HOST16(AF_INET));
	put_bytes(msg, IPVS_SVC_ATTR_FWMARK, HOST32(70000));
	nla_put_string(msg, IPVS_SVC_ATTR_SCHED_NAME, "rr");
	nla_put(msg, IPVS_SVC_ATTR_FLAGS, sizeof(fl), &fl);
	put_bytes(msg, IPVS_SVC_ATTR_TIMEOUT, HOST32(600));
	put_bytes(msg, IPVS_SVC_ATTR_NETMASK, BYTES(255, 255, 0, 0));
	nla_nest_end(msg, svc);
	is_int(ipvs_parse_service_msg(nlmsg_hdr(msg), &out), 0, "IPv4 fwmark reply parses");
	is_int(out.fwmark, 70000, "fwmark: u32, host order");
	is_int(out.timeout, 600, "timeout: u32, host order");
	{
		struct in_addr m = { .s_addr = out.netmask };
		char buf[INET_ADDRSTRLEN];

		is_str(inet_ntop(AF_INET, &m, buf, sizeof(buf)), "255.255.0.0",
		       "IPv4 netmask kept in network order");
	}
	nlmsg_free(msg);

	/* a reply without the scheduler is refused */
	msg = nlmsg_alloc();
	genlmsg_put(msg, 0, 1, FAMILY, 0, 0, IPVS_CMD_NEW_SERVICE, 1);
	svc = nla_nest_start(msg, IPVS_CMD_ATTR_SERVICE);
	nla_put_u16(msg, IPVS_SVC_ATTR_AF, AF_INET);
	nla_put_u32(msg, IPVS_SVC_ATTR_FWMARK, 3);
	nla_nest_end(msg, svc);
	is_int(ipvs_parse_service_msg(nlmsg_hdr(msg), &out), -EINVAL, "incomplete service reply refused");
	nlmsg_free(msg);
}

static void test_parse_dest_reply(void)
{
	struct nl_msg *msg = nlmsg_alloc();
	struct nlattr *d, *stats;
	struct ipvs_dest out;
	char abuf[16];
	uint32_t ip;

	inet_pton(AF_INET, "10.1.1.7", &ip);
	genlmsg_put(msg, 0, 1, FAMILY, 0, NLM_F_MULTI, IPVS_CMD_NEW_DEST, 1);
	d = nla_nest_start(msg, IPVS_CMD_ATTR_DEST);
	memset(abuf, 0, sizeof(abuf));
	memcpy(abuf, &ip, 4);
	nla_put(msg, IPVS_DEST_ATTR_ADDR, sizeof(abuf), abuf);
	put_bytes(msg, IPVS_DEST_ATTR_PORT, NET16(8080));
	nla_put_u32(msg, IPVS_DEST_ATTR_FWD_METHOD, IP_VS_CONN_F_MASQ);
	nla_put_u32(msg, IPVS_DEST_ATTR_WEIGHT, 5);
	nla_put_u32(msg, IPVS_DEST_ATTR_U_THRESH, 10);
	nla_put_u32(msg, IPVS_DEST_ATTR_L_THRESH, 2);
	nla_put_u32(msg, IPVS_DEST_ATTR_ACTIVE_CONNS, 4);
	nla_put_u32(msg, IPVS_DEST_ATTR_INACT_CONNS, 6);
	nla_put_u32(msg, IPVS_DEST_ATTR_PERSIST_CONNS, 8);
	nla_put_u16(msg, IPVS_DEST_ATTR_ADDR_FAMILY, AF_INET);
	nla_put_u8(msg, IPVS_DEST_ATTR_TUN_TYPE, IP_VS_CONN_F_TUNNEL_TYPE_GUE);
	put_bytes(msg, IPVS_DEST_ATTR_TUN_PORT, NET16(6080));
	put_bytes(msg, IPVS_DEST_ATTR_TUN_FLAGS, HOST16(IP_VS_TUNNEL_ENCAP_FLAG_REMCSUM));
	stats = nla_nest_start(msg, IPVS_DEST_ATTR_STATS);
	nla_put_u32(msg, IPVS_STATS_ATTR_CONNS, 11);
	nla_put_u32(msg, IPVS_STATS_ATTR_INPKTS, 12);
	nla_put_u64(msg, IPVS_STATS_ATTR_INBYTES, 13);
	nla_nest_end(msg, stats);
	nla_nest_end(msg, d);

	is_int(ipvs_parse_dest_msg(nlmsg_hdr(msg), &out), 0, "dest reply parses");
	is_int(out.addr.ip, ip, "dest address");
	is_int(out.port, 8080, "big-endian dest port bytes 0x1f 0x90 read as 8080");
	is_int(out.af, AF_INET, "dest family");
	is_int(out.conn_flags, IP_VS_CONN_F_MASQ, "forwarding");
	is_int(out.weight, 5, "weight");
	is_int(out.u_threshold, 10, "u threshold");
	is_int(out.l_threshold, 2, "l threshold");
	is_int(out.activeconns, 4, "active");
	is_int(out.inactconns, 6, "inactive");
	is_int(out.persistconns, 8, "persistent");
	is_int(out.stats.conns, 11, "32-bit stats read");
	is_int(out.stats.inpkts, 12, "32-bit packet counter");
	is_int(out.stats.inbytes, 13, "byte counter");
	is_int(out.tun_type, IP_VS_CONN_F_TUNNEL_TYPE_GUE, "tunnel type");
	is_int(out.tun_port, 6080, "big-endian tunnel port bytes 0x17 0xc0 read as 6080");
	is_int(out.tun_flags, IP_VS_TUNNEL_ENCAP_FLAG_REMCSUM, "tunnel flags: u16, host order");
	nlmsg_free(msg);
}

static void test_parse_misc_replies(void)
{
	struct nl_msg *msg = nlmsg_alloc();
	struct nlattr *n;
	struct ipvs_info info;
	struct ipvs_timeouts t;
	struct ipvs_daemon d;
	struct in6_addr g;

	genlmsg_put(msg, 0, 1, FAMILY, 0, 0, IPVS_CMD_SET_INFO, 1);
	nla_put_u32(msg, IPVS_INFO_ATTR_VERSION, 0x010201);
	nla_put_u32(msg, IPVS_INFO_ATTR_CONN_TAB_SIZE, 4096);
	is_int(ipvs_parse_info_msg(nlmsg_hdr(msg), &info), 0, "info reply parses");
	is_int(info.version, 0x010201, "version");
	is_int(info.conn_tab_size, 4096, "table size");
	nlmsg_free(msg);

	msg = nlmsg_alloc();
	genlmsg_put(msg, 0, 1, FAMILY, 0, 0, IPVS_CMD_SET_CONFIG, 1);
	nla_put_u32(msg, IPVS_CMD_ATTR_TIMEOUT_TCP, 900);
	nla_put_u32(msg, IPVS_CMD_ATTR_TIMEOUT_UDP, 300);
	is_int(ipvs_parse_timeouts_msg(nlmsg_hdr(msg), &t), 0, "timeouts reply parses");
	ok(t.tcp == 900 && t.tcp_fin == 0 && t.udp == 300, "timeouts values");
	nlmsg_free(msg);

	msg = nlmsg_alloc();
	inet_pton(AF_INET6, "ff02::1234", &g);
	genlmsg_put(msg, 0, 1, FAMILY, 0, NLM_F_MULTI, IPVS_CMD_NEW_DAEMON, 1);
	n = nla_nest_start(msg, IPVS_CMD_ATTR_DAEMON);
	nla_put_u32(msg, IPVS_DAEMON_ATTR_STATE, IP_VS_STATE_BACKUP);
	nla_put_string(msg, IPVS_DAEMON_ATTR_MCAST_IFN, "d0");
	nla_put_u32(msg, IPVS_DAEMON_ATTR_SYNC_ID, 3);
	put_bytes(msg, IPVS_DAEMON_ATTR_SYNC_MAXLEN, HOST16(1400));
	nla_put(msg, IPVS_DAEMON_ATTR_MCAST_GROUP6, 16, &g);
	put_bytes(msg, IPVS_DAEMON_ATTR_MCAST_PORT, HOST16(9000));
	nla_put_u8(msg, IPVS_DAEMON_ATTR_MCAST_TTL, 1);
	nla_nest_end(msg, n);
	is_int(ipvs_parse_daemon_msg(nlmsg_hdr(msg), &d), 0, "daemon reply parses");
	is_int(d.state, IP_VS_STATE_BACKUP, "state");
	is_str(d.mcast_ifn, "d0", "interface");
	is_int(d.syncid, 3, "syncid");
	is_int(d.sync_maxlen, 1400, "maxlen");
	is_int(d.mcast_af, AF_INET6, "IPv6 group seen");
	ok(memcmp(&d.mcast_group.in6, &g, 16) == 0, "group address");
	is_int(d.mcast_port, 9000, "mcast port: host-order u16 read as is");
	is_int(d.mcast_ttl, 1, "ttl");
	nlmsg_free(msg);

	/* What the kernel sends for a daemon started without a port or group:
	 * its defaults, 8848 in host order and 224.0.0.81. */
	msg = nlmsg_alloc();
	genlmsg_put(msg, 0, 1, FAMILY, 0, NLM_F_MULTI, IPVS_CMD_NEW_DAEMON, 1);
	n = nla_nest_start(msg, IPVS_CMD_ATTR_DAEMON);
	nla_put_u32(msg, IPVS_DAEMON_ATTR_STATE, IP_VS_STATE_MASTER);
	nla_put_string(msg, IPVS_DAEMON_ATTR_MCAST_IFN, "eth0");
	nla_put_u32(msg, IPVS_DAEMON_ATTR_SYNC_ID, 0);
	put_bytes(msg, IPVS_DAEMON_ATTR_SYNC_MAXLEN, HOST16(1472));
	put_bytes(msg, IPVS_DAEMON_ATTR_MCAST_PORT, HOST16(8848));
	nla_put_u8(msg, IPVS_DAEMON_ATTR_MCAST_TTL, 1);
	put_bytes(msg, IPVS_DAEMON_ATTR_MCAST_GROUP, BYTES(224, 0, 0, 81));
	nla_nest_end(msg, n);
	is_int(ipvs_parse_daemon_msg(nlmsg_hdr(msg), &d), 0, "default daemon reply parses");
	is_int(d.mcast_port, 8848, "the kernel's default port reads as 8848");
	is_int(d.sync_maxlen, 1472, "maxlen: u16, host order");
	is_int(d.mcast_af, AF_INET, "IPv4 group seen");
	{
		char buf[INET_ADDRSTRLEN];

		is_str(inet_ntop(AF_INET, &d.mcast_group.in, buf, sizeof(buf)), "224.0.0.81",
		       "IPv4 group kept in network order");
	}
	nlmsg_free(msg);
}

/* A reply whose nest holds one attribute with a payload shorter than its
 * type (empty by default) is refused, whatever else it carries. */
enum nest_kind { NEST_SVC, NEST_DEST, NEST_DAEMON };

static struct nl_msg *reply_with(enum nest_kind kind, int bad_type, int bad_len)
{
	static const uint8_t zeros[16];
	struct nl_msg *msg = nlmsg_alloc();
	struct ip_vs_flags fl = { 0, ~0U };
	struct nlattr *n = NULL;
	uint32_t ip = htonl(0x0a000001);

#define PUT(type, call) do { if ((type) == bad_type) nla_put(msg, (type), bad_len, zeros); \
			     else call; } while (0)
	genlmsg_put(msg, 0, 1, FAMILY, 0, NLM_F_MULTI, IPVS_CMD_NEW_SERVICE, 1);
	switch (kind) {
	case NEST_SVC:
		n = nla_nest_start(msg, IPVS_CMD_ATTR_SERVICE);
		PUT(IPVS_SVC_ATTR_AF, nla_put_u16(msg, IPVS_SVC_ATTR_AF, AF_INET));
		PUT(IPVS_SVC_ATTR_PROTOCOL, nla_put_u16(msg, IPVS_SVC_ATTR_PROTOCOL, IPPROTO_TCP));
		PUT(IPVS_SVC_ATTR_ADDR, nla_put(msg, IPVS_SVC_ATTR_ADDR, 4, &ip));
		PUT(IPVS_SVC_ATTR_SCHED_NAME, nla_put_string(msg, IPVS_SVC_ATTR_SCHED_NAME, "rr"));
		PUT(IPVS_SVC_ATTR_FLAGS, nla_put(msg, IPVS_SVC_ATTR_FLAGS, sizeof(fl), &fl));
		PUT(IPVS_SVC_ATTR_TIMEOUT, nla_put_u32(msg, IPVS_SVC_ATTR_TIMEOUT, 0));
		PUT(IPVS_SVC_ATTR_NETMASK, nla_put_u32(msg, IPVS_SVC_ATTR_NETMASK, ~0U));
		/* last, so that an empty payload ends the message */
		PUT(IPVS_SVC_ATTR_PORT, nla_put_u16(msg, IPVS_SVC_ATTR_PORT, htons(80)));
		break;
	case NEST_DEST:
		n = nla_nest_start(msg, IPVS_CMD_ATTR_DEST);
		PUT(IPVS_DEST_ATTR_ADDR, nla_put(msg, IPVS_DEST_ATTR_ADDR, 4, &ip));
		PUT(IPVS_DEST_ATTR_FWD_METHOD, nla_put_u32(msg, IPVS_DEST_ATTR_FWD_METHOD, 0));
		PUT(IPVS_DEST_ATTR_WEIGHT, nla_put_u32(msg, IPVS_DEST_ATTR_WEIGHT, 1));
		PUT(IPVS_DEST_ATTR_ADDR_FAMILY, nla_put_u16(msg, IPVS_DEST_ATTR_ADDR_FAMILY, AF_INET));
		PUT(IPVS_DEST_ATTR_TUN_TYPE, nla_put_u8(msg, IPVS_DEST_ATTR_TUN_TYPE, 0));
		PUT(IPVS_DEST_ATTR_TUN_FLAGS, nla_put_u16(msg, IPVS_DEST_ATTR_TUN_FLAGS, 0));
		PUT(IPVS_DEST_ATTR_PORT, nla_put_u16(msg, IPVS_DEST_ATTR_PORT, htons(80)));
		PUT(IPVS_DEST_ATTR_TUN_PORT, nla_put_u16(msg, IPVS_DEST_ATTR_TUN_PORT, 0));
		break;
	case NEST_DAEMON:
		n = nla_nest_start(msg, IPVS_CMD_ATTR_DAEMON);
		PUT(IPVS_DAEMON_ATTR_STATE, nla_put_u32(msg, IPVS_DAEMON_ATTR_STATE, IP_VS_STATE_MASTER));
		PUT(IPVS_DAEMON_ATTR_MCAST_IFN, nla_put_string(msg, IPVS_DAEMON_ATTR_MCAST_IFN, "eth0"));
		PUT(IPVS_DAEMON_ATTR_SYNC_ID, nla_put_u32(msg, IPVS_DAEMON_ATTR_SYNC_ID, 1));
		PUT(IPVS_DAEMON_ATTR_SYNC_MAXLEN, nla_put_u16(msg, IPVS_DAEMON_ATTR_SYNC_MAXLEN, 1472));
		PUT(IPVS_DAEMON_ATTR_MCAST_TTL, nla_put_u8(msg, IPVS_DAEMON_ATTR_MCAST_TTL, 1));
		PUT(IPVS_DAEMON_ATTR_MCAST_GROUP6, (void)0);
		PUT(IPVS_DAEMON_ATTR_MCAST_PORT, nla_put_u16(msg, IPVS_DAEMON_ATTR_MCAST_PORT, 8848));
		break;
	}
#undef PUT
	nla_nest_end(msg, n);
	return msg;
}

static int parse_reply(enum nest_kind kind, struct nl_msg *msg)
{
	struct ipvs_service svc;
	struct ipvs_dest dest;
	struct ipvs_daemon d;

	switch (kind) {
	case NEST_SVC: return ipvs_parse_service_msg(nlmsg_hdr(msg), &svc);
	case NEST_DEST: return ipvs_parse_dest_msg(nlmsg_hdr(msg), &dest);
	default: return ipvs_parse_daemon_msg(nlmsg_hdr(msg), &d);
	}
}

static void test_parse_short_attrs(void)
{
	static const struct {
		enum nest_kind kind;
		int type, len;
		const char *what;
	} cases[] = {
		{ NEST_SVC, IPVS_SVC_ATTR_PORT, 0, "empty service port" },
		{ NEST_SVC, IPVS_SVC_ATTR_PORT, 1, "one-byte service port" },
		{ NEST_SVC, IPVS_SVC_ATTR_AF, 0, "empty service family" },
		{ NEST_SVC, IPVS_SVC_ATTR_PROTOCOL, 1, "one-byte protocol" },
		{ NEST_SVC, IPVS_SVC_ATTR_ADDR, 2, "two-byte service address" },
		{ NEST_SVC, IPVS_SVC_ATTR_SCHED_NAME, 0, "empty scheduler name" },
		{ NEST_SVC, IPVS_SVC_ATTR_FLAGS, 4, "half of the flags" },
		{ NEST_SVC, IPVS_SVC_ATTR_TIMEOUT, 2, "two-byte timeout" },
		{ NEST_SVC, IPVS_SVC_ATTR_NETMASK, 0, "empty netmask" },
		{ NEST_DEST, IPVS_DEST_ATTR_PORT, 0, "empty dest port" },
		{ NEST_DEST, IPVS_DEST_ATTR_TUN_PORT, 0, "empty tunnel port" },
		{ NEST_DEST, IPVS_DEST_ATTR_TUN_TYPE, 0, "empty tunnel type" },
		{ NEST_DEST, IPVS_DEST_ATTR_WEIGHT, 3, "three-byte weight" },
		{ NEST_DEST, IPVS_DEST_ATTR_ADDR, 0, "empty dest address" },
		{ NEST_DAEMON, IPVS_DAEMON_ATTR_MCAST_PORT, 0, "empty daemon port" },
		{ NEST_DAEMON, IPVS_DAEMON_ATTR_MCAST_TTL, 0, "empty daemon ttl" },
		{ NEST_DAEMON, IPVS_DAEMON_ATTR_MCAST_GROUP6, 8, "half an IPv6 group" },
		{ NEST_DAEMON, IPVS_DAEMON_ATTR_STATE, 0, "empty daemon state" },
	};

	for (int k = NEST_SVC; k <= NEST_DAEMON; k++) {
		struct nl_msg *msg = reply_with(k, -1, 0);

		is_int(parse_reply(k, msg), 0, "well-formed reply %d parses", k);
		nlmsg_free(msg);
	}
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct nl_msg *msg = reply_with(cases[i].kind, cases[i].type, cases[i].len);

		is_int(parse_reply(cases[i].kind, msg), -EINVAL, "%s refused", cases[i].what);
		nlmsg_free(msg);
	}

	/* A short counter inside the stats nest, and a short top-level one. */
	struct nl_msg *msg = reply_with(NEST_SVC, -1, 0);
	struct nlattr *tb[IPVS_CMD_ATTR_MAX + 1], *svc = top_attr(msg, IPVS_CMD_ATTR_SERVICE, tb);
	struct ipvs_stats st;
	struct ipvs_timeouts t;
	struct nlattr *stats;

	ok(svc != NULL, "service nest found");
	nlmsg_free(msg);
	msg = nlmsg_alloc();
	stats = nla_nest_start(msg, IPVS_SVC_ATTR_STATS);
	nla_put(msg, IPVS_STATS_ATTR_CONNS, 2, "\1\2");
	nla_nest_end(msg, stats);
	is_int(ipvs_parse_stats_attr(stats, &st, false), -EINVAL, "two-byte counter refused");
	nlmsg_free(msg);
	msg = nlmsg_alloc();
	genlmsg_put(msg, 0, 1, FAMILY, 0, 0, IPVS_CMD_SET_CONFIG, 1);
	nla_put(msg, IPVS_CMD_ATTR_TIMEOUT_UDP, 0, NULL);
	is_int(ipvs_parse_timeouts_msg(nlmsg_hdr(msg), &t), -EINVAL, "empty timeout refused");
	nlmsg_free(msg);
	msg = nlmsg_alloc();
	struct ipvs_info info;
	genlmsg_put(msg, 0, 1, FAMILY, 0, 0, IPVS_CMD_SET_INFO, 1);
	nla_put_u32(msg, IPVS_INFO_ATTR_VERSION, 1);
	nla_put(msg, IPVS_INFO_ATTR_CONN_TAB_SIZE, 1, "");
	is_int(ipvs_parse_info_msg(nlmsg_hdr(msg), &info), -EINVAL, "one-byte table size refused");
	nlmsg_free(msg);
}

static void test_strerror(void)
{
	is_str(ipvs_strerror(IPVS_OP_ADD_SERVICE, -EEXIST), "Service already exists", "add existing service");
	is_str(ipvs_strerror(IPVS_OP_ADD_SERVICE, -ENOENT), "Scheduler or persistence engine not found", "bad scheduler");
	is_str(ipvs_strerror(IPVS_OP_EDIT_SERVICE, -ESRCH), "No such service", "edit missing service");
	is_str(ipvs_strerror(IPVS_OP_ADD_DEST, -ESRCH), "Service not defined", "dest on missing service");
	is_str(ipvs_strerror(IPVS_OP_GET_SERVICE, -ESRCH), "No such service", "listing a missing service");
	is_str(ipvs_strerror(IPVS_OP_GET, -ESRCH), "No such process", "other lookups: plain strerror");
	is_str(ipvs_strerror(IPVS_OP_ADD_DEST, -EEXIST), "Destination already exists", "dest exists");
	is_str(ipvs_strerror(IPVS_OP_DEL_DEST, -ENOENT), "No such destination", "missing dest");
	is_str(ipvs_strerror(IPVS_OP_START_DAEMON, -EEXIST), "Daemon has already run", "daemon twice");
	is_str(ipvs_strerror(IPVS_OP_STOP_DAEMON, -ESRCH), "No daemon is running", "no daemon");
	is_str(ipvs_strerror(IPVS_OP_ADD_DEST, -ENOMEM), "Memory allocation problem", "generic ENOMEM");
	is_str(ipvs_strerror(IPVS_OP_GET, -ENOPROTOOPT), "Protocol not available", "no IPVS");
	is_str(ipvs_strerror(IPVS_OP_DEL_SERVICE, -EBUSY), "Device or resource busy", "fallback to strerror");
}

int main(void)
{
	test_build_service();
	test_build_dest();
	test_build_daemon_timeouts();
	test_parse_service_reply();
	test_parse_dest_reply();
	test_parse_misc_replies();
	test_parse_short_attrs();
	test_strerror();
	return tap_done();
}
