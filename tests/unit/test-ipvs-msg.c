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
		.netmask = 0x00ffffff, .pe_name = "sip",
	};
	struct nlattr *tb[IPVS_CMD_ATTR_MAX + 1], *st[IPVS_SVC_ATTR_MAX + 1], *nest;
	struct nl_msg *msg;
	struct genlmsghdr *g;
	struct ip_vs_flags fl;

	inet_pton(AF_INET, "10.0.0.1", &svc.addr.in);
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
	is_int(nla_get_u16(st[IPVS_SVC_ATTR_AF]), AF_INET, "AF");
	is_int(nla_get_u16(st[IPVS_SVC_ATTR_PROTOCOL]), IPPROTO_TCP, "protocol");
	is_int(nla_len(st[IPVS_SVC_ATTR_ADDR]), 4, "IPv4 address is 4 bytes");
	is_int(*(uint32_t *)nla_data(st[IPVS_SVC_ATTR_ADDR]), svc.addr.ip, "address bytes");
	is_int(nla_get_u16(st[IPVS_SVC_ATTR_PORT]), htons(80), "port in network order");
	ok(st[IPVS_SVC_ATTR_FWMARK] == NULL, "no fwmark");
	is_str(nla_get_string(st[IPVS_SVC_ATTR_SCHED_NAME]), "rr", "scheduler");
	is_str(nla_get_string(st[IPVS_SVC_ATTR_PE_NAME]), "sip", "persistence engine");
	nla_memcpy(&fl, st[IPVS_SVC_ATTR_FLAGS], sizeof(fl));
	is_int(fl.flags, IP_VS_SVC_F_PERSISTENT, "flags");
	is_int(fl.mask, 0xffffffffU, "flag mask covers all");
	is_int(nla_get_u32(st[IPVS_SVC_ATTR_TIMEOUT]), 360, "timeout");
	is_int(nla_get_u32(st[IPVS_SVC_ATTR_NETMASK]), 0x00ffffff, "netmask");
	nlmsg_free(msg);

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
	is_int(nla_get_u16(dt[IPVS_DEST_ATTR_PORT]), htons(5353), "dest port");
	is_int(nla_get_u32(dt[IPVS_DEST_ATTR_FWD_METHOD]), IP_VS_CONN_F_TUNNEL, "only the forwarding bits are sent");
	is_int(nla_get_u32(dt[IPVS_DEST_ATTR_WEIGHT]), 3, "weight");
	is_int(nla_get_u32(dt[IPVS_DEST_ATTR_U_THRESH]), 100, "upper threshold");
	is_int(nla_get_u32(dt[IPVS_DEST_ATTR_L_THRESH]), 50, "lower threshold");
	is_int(nla_get_u8(dt[IPVS_DEST_ATTR_TUN_TYPE]), IP_VS_CONN_F_TUNNEL_TYPE_GUE, "tunnel type");
	is_int(nla_get_u16(dt[IPVS_DEST_ATTR_TUN_PORT]), htons(6080), "tunnel port");
	is_int(nla_get_u16(dt[IPVS_DEST_ATTR_TUN_FLAGS]), IP_VS_TUNNEL_ENCAP_FLAG_CSUM, "tunnel flags");
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
	struct ipvs_timeouts t = { 900, 120, 300 };
	struct nlattr *tb[IPVS_CMD_ATTR_MAX + 1], *da[IPVS_DAEMON_ATTR_MAX + 1];
	struct nl_msg *msg = ipvs_msg_new(FAMILY, IPVS_CMD_NEW_DAEMON, 0);

	inet_pton(AF_INET, "224.0.0.90", &d.mcast_group.in);
	is_int(ipvs_msg_put_daemon(msg, &d, true), 0, "daemon attributes fit");
	top_attr(msg, IPVS_CMD_ATTR_DAEMON, tb);
	nla_parse_nested(da, IPVS_DAEMON_ATTR_MAX, tb[IPVS_CMD_ATTR_DAEMON], NULL);
	is_int(nla_get_u32(da[IPVS_DAEMON_ATTR_STATE]), IP_VS_STATE_MASTER, "daemon state");
	is_str(nla_get_string(da[IPVS_DAEMON_ATTR_MCAST_IFN]), "eth1", "daemon interface");
	is_int(nla_get_u32(da[IPVS_DAEMON_ATTR_SYNC_ID]), 9, "sync id");
	is_int(nla_get_u32(da[IPVS_DAEMON_ATTR_MCAST_GROUP]), d.mcast_group.ip, "IPv4 group");
	ok(!da[IPVS_DAEMON_ATTR_MCAST_GROUP6] && !da[IPVS_DAEMON_ATTR_SYNC_MAXLEN],
	   "unset optional attributes are left out");
	is_int(nla_get_u16(da[IPVS_DAEMON_ATTR_MCAST_PORT]), htons(9000), "mcast port");
	is_int(nla_get_u8(da[IPVS_DAEMON_ATTR_MCAST_TTL]), 2, "mcast ttl");
	nlmsg_free(msg);

	msg = ipvs_msg_new(FAMILY, IPVS_CMD_SET_CONFIG, 0);
	ipvs_msg_put_timeouts(msg, &t);
	top_attr(msg, 0, tb);
	is_int(nla_get_u32(tb[IPVS_CMD_ATTR_TIMEOUT_TCP]), 900, "tcp timeout");
	is_int(nla_get_u32(tb[IPVS_CMD_ATTR_TIMEOUT_TCP_FIN]), 120, "tcpfin timeout");
	is_int(nla_get_u32(tb[IPVS_CMD_ATTR_TIMEOUT_UDP]), 300, "udp timeout");
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
	nla_put_u16(msg, IPVS_SVC_ATTR_PORT, htons(3868));
	nla_put_string(msg, IPVS_SVC_ATTR_SCHED_NAME, "wlc");
	nla_put(msg, IPVS_SVC_ATTR_FLAGS, sizeof(fl), &fl);
	nla_put_u32(msg, IPVS_SVC_ATTR_TIMEOUT, 300);
	nla_put_u32(msg, IPVS_SVC_ATTR_NETMASK, 64);
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
	is_int(out.port, 3868, "port to host order");
	is_str(out.sched_name, "wlc", "scheduler");
	is_int(out.flags, IP_VS_SVC_F_PERSISTENT | IP_VS_SVC_F_HASHED, "flags");
	is_int(out.timeout, 300, "timeout");
	is_int(out.netmask, 64, "IPv6 prefix");
	is_int(out.pe_name[0], 0, "no persistence engine");
	ok(out.stats.conns == 5000000000ULL, "64-bit stats preferred over 32-bit");
	ok(out.stats.inbytes == 123456789012ULL, "64-bit byte counter");
	is_int(out.stats.outbps, 77, "rate counter");
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
	nla_put_u16(msg, IPVS_DEST_ATTR_PORT, htons(8080));
	nla_put_u32(msg, IPVS_DEST_ATTR_FWD_METHOD, IP_VS_CONN_F_MASQ);
	nla_put_u32(msg, IPVS_DEST_ATTR_WEIGHT, 5);
	nla_put_u32(msg, IPVS_DEST_ATTR_U_THRESH, 10);
	nla_put_u32(msg, IPVS_DEST_ATTR_L_THRESH, 2);
	nla_put_u32(msg, IPVS_DEST_ATTR_ACTIVE_CONNS, 4);
	nla_put_u32(msg, IPVS_DEST_ATTR_INACT_CONNS, 6);
	nla_put_u32(msg, IPVS_DEST_ATTR_PERSIST_CONNS, 8);
	nla_put_u16(msg, IPVS_DEST_ATTR_ADDR_FAMILY, AF_INET);
	stats = nla_nest_start(msg, IPVS_DEST_ATTR_STATS);
	nla_put_u32(msg, IPVS_STATS_ATTR_CONNS, 11);
	nla_put_u32(msg, IPVS_STATS_ATTR_INPKTS, 12);
	nla_put_u64(msg, IPVS_STATS_ATTR_INBYTES, 13);
	nla_nest_end(msg, stats);
	nla_nest_end(msg, d);

	is_int(ipvs_parse_dest_msg(nlmsg_hdr(msg), &out), 0, "dest reply parses");
	is_int(out.addr.ip, ip, "dest address");
	is_int(out.port, 8080, "dest port");
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
	is_int(out.tun_type, 0, "no tunnel attributes: zero");
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
	nla_put_u16(msg, IPVS_DAEMON_ATTR_SYNC_MAXLEN, 1400);
	nla_put(msg, IPVS_DAEMON_ATTR_MCAST_GROUP6, 16, &g);
	nla_put_u16(msg, IPVS_DAEMON_ATTR_MCAST_PORT, htons(8848));
	nla_put_u8(msg, IPVS_DAEMON_ATTR_MCAST_TTL, 1);
	nla_nest_end(msg, n);
	is_int(ipvs_parse_daemon_msg(nlmsg_hdr(msg), &d), 0, "daemon reply parses");
	is_int(d.state, IP_VS_STATE_BACKUP, "state");
	is_str(d.mcast_ifn, "d0", "interface");
	is_int(d.syncid, 3, "syncid");
	is_int(d.sync_maxlen, 1400, "maxlen");
	is_int(d.mcast_af, AF_INET6, "IPv6 group seen");
	ok(memcmp(&d.mcast_group.in6, &g, 16) == 0, "group address");
	is_int(d.mcast_port, 8848, "port");
	is_int(d.mcast_ttl, 1, "ttl");
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
	test_strerror();
	return tap_done();
}
