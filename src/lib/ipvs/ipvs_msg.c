#include "config.h"

#include "ipvs_msg.h"
#include "ipvs_policy.h"

#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#include <netlink/attr.h>
#include <netlink/genl/genl.h>

struct nl_msg *ipvs_msg_new(int family_id, uint8_t cmd, int flags)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, family_id, 0,
			 flags | NLM_F_REQUEST, cmd, IPVS_GENL_VERSION)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

static size_t addr_len(uint16_t af)
{
	return af == AF_INET6 ? sizeof(struct in6_addr) : sizeof(struct in_addr);
}

int ipvs_msg_put_service(struct nl_msg *msg, const struct ipvs_service *svc, bool full)
{
	struct nlattr *nest = nla_nest_start(msg, IPVS_CMD_ATTR_SERVICE);

	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u16(msg, IPVS_SVC_ATTR_AF, svc->af))
		goto full;
	if (svc->fwmark) {
		if (nla_put_u32(msg, IPVS_SVC_ATTR_FWMARK, svc->fwmark))
			goto full;
	} else {
		if (nla_put_u16(msg, IPVS_SVC_ATTR_PROTOCOL, svc->protocol) ||
		    nla_put(msg, IPVS_SVC_ATTR_ADDR, addr_len(svc->af), &svc->addr) ||
		    nla_put_u16(msg, IPVS_SVC_ATTR_PORT, htons(svc->port)))
			goto full;
	}
	if (full) {
		/* The kernel applies flags under mask: set them all. */
		struct ip_vs_flags fl = { .flags = svc->flags, .mask = ~0U };

		if (nla_put_string(msg, IPVS_SVC_ATTR_SCHED_NAME, svc->sched_name) ||
		    (svc->pe_name[0] &&
		     nla_put_string(msg, IPVS_SVC_ATTR_PE_NAME, svc->pe_name)) ||
		    nla_put(msg, IPVS_SVC_ATTR_FLAGS, sizeof(fl), &fl) ||
		    nla_put_u32(msg, IPVS_SVC_ATTR_TIMEOUT, svc->timeout) ||
		    nla_put_u32(msg, IPVS_SVC_ATTR_NETMASK, svc->netmask))
			goto full;
	}
	nla_nest_end(msg, nest);
	return 0;
full:
	nla_nest_cancel(msg, nest);
	return -EMSGSIZE;
}

int ipvs_msg_put_dest(struct nl_msg *msg, const struct ipvs_dest *dest,
		      uint16_t svc_af, bool full)
{
	uint16_t af = dest->af ? dest->af : svc_af;
	struct nlattr *nest = nla_nest_start(msg, IPVS_CMD_ATTR_DEST);

	if (!nest)
		return -EMSGSIZE;
	if (nla_put(msg, IPVS_DEST_ATTR_ADDR, addr_len(af), &dest->addr) ||
	    nla_put_u16(msg, IPVS_DEST_ATTR_PORT, htons(dest->port)) ||
	    nla_put_u16(msg, IPVS_DEST_ATTR_ADDR_FAMILY, af))
		goto full;
	if (full) {
		if (nla_put_u32(msg, IPVS_DEST_ATTR_FWD_METHOD,
				dest->conn_flags & IP_VS_CONN_F_FWD_MASK) ||
		    nla_put_u32(msg, IPVS_DEST_ATTR_WEIGHT, (uint32_t)dest->weight) ||
		    nla_put_u8(msg, IPVS_DEST_ATTR_TUN_TYPE, dest->tun_type) ||
		    nla_put_u16(msg, IPVS_DEST_ATTR_TUN_PORT, htons(dest->tun_port)) ||
		    nla_put_u16(msg, IPVS_DEST_ATTR_TUN_FLAGS, dest->tun_flags) ||
		    nla_put_u32(msg, IPVS_DEST_ATTR_U_THRESH, dest->u_threshold) ||
		    nla_put_u32(msg, IPVS_DEST_ATTR_L_THRESH, dest->l_threshold))
			goto full;
	}
	nla_nest_end(msg, nest);
	return 0;
full:
	nla_nest_cancel(msg, nest);
	return -EMSGSIZE;
}

int ipvs_msg_put_daemon(struct nl_msg *msg, const struct ipvs_daemon *d, bool full)
{
	struct nlattr *nest = nla_nest_start(msg, IPVS_CMD_ATTR_DAEMON);

	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(msg, IPVS_DAEMON_ATTR_STATE, d->state))
		goto full;
	if (full) {
		if (nla_put_string(msg, IPVS_DAEMON_ATTR_MCAST_IFN, d->mcast_ifn) ||
		    nla_put_u32(msg, IPVS_DAEMON_ATTR_SYNC_ID, d->syncid))
			goto full;
		/* Optional ones only when set, so older kernels still work. */
		if (d->sync_maxlen &&
		    nla_put_u16(msg, IPVS_DAEMON_ATTR_SYNC_MAXLEN, d->sync_maxlen))
			goto full;
		if (d->mcast_af == AF_INET &&
		    nla_put_u32(msg, IPVS_DAEMON_ATTR_MCAST_GROUP, d->mcast_group.ip))
			goto full;
		if (d->mcast_af == AF_INET6 &&
		    nla_put(msg, IPVS_DAEMON_ATTR_MCAST_GROUP6, sizeof(struct in6_addr),
			    &d->mcast_group.in6))
			goto full;
		/* Host order, unlike the service and destination ports: the
		 * kernel reads it with nla_get_u16 and swaps it only when it
		 * fills the socket address (ipvsadm 1.31 sends it so too). */
		if (d->mcast_port &&
		    nla_put_u16(msg, IPVS_DAEMON_ATTR_MCAST_PORT, d->mcast_port))
			goto full;
		if (d->mcast_ttl &&
		    nla_put_u8(msg, IPVS_DAEMON_ATTR_MCAST_TTL, d->mcast_ttl))
			goto full;
	}
	nla_nest_end(msg, nest);
	return 0;
full:
	nla_nest_cancel(msg, nest);
	return -EMSGSIZE;
}

int ipvs_msg_put_timeouts(struct nl_msg *msg, const struct ipvs_timeouts *t)
{
	if (nla_put_u32(msg, IPVS_CMD_ATTR_TIMEOUT_TCP, t->tcp) ||
	    nla_put_u32(msg, IPVS_CMD_ATTR_TIMEOUT_TCP_FIN, t->tcp_fin) ||
	    nla_put_u32(msg, IPVS_CMD_ATTR_TIMEOUT_UDP, t->udp))
		return -EMSGSIZE;
	return 0;
}

struct nl_msg *ipvs_msg_op(int family_id, enum ipvs_op op,
			   const struct ipvs_service *svc, const struct ipvs_dest *dest)
{
	static const uint8_t cmds[] = {
		[IPVS_OP_ADD_SERVICE] = IPVS_CMD_NEW_SERVICE,
		[IPVS_OP_EDIT_SERVICE] = IPVS_CMD_SET_SERVICE,
		[IPVS_OP_DEL_SERVICE] = IPVS_CMD_DEL_SERVICE,
		[IPVS_OP_ADD_DEST] = IPVS_CMD_NEW_DEST,
		[IPVS_OP_EDIT_DEST] = IPVS_CMD_SET_DEST,
		[IPVS_OP_DEL_DEST] = IPVS_CMD_DEL_DEST,
		[IPVS_OP_FLUSH] = IPVS_CMD_FLUSH,
		[IPVS_OP_ZERO] = IPVS_CMD_ZERO,
	};
	struct nl_msg *msg;
	bool is_dest = op == IPVS_OP_ADD_DEST || op == IPVS_OP_EDIT_DEST ||
		       op == IPVS_OP_DEL_DEST;
	bool full = op == IPVS_OP_ADD_SERVICE || op == IPVS_OP_EDIT_SERVICE;
	int err = 0;

	if ((unsigned)op >= sizeof(cmds) || (is_dest && (!svc || !dest)) ||
	    (!is_dest && op != IPVS_OP_FLUSH && op != IPVS_OP_ZERO && !svc)) {
		errno = EINVAL;
		return NULL;
	}
	msg = ipvs_msg_new(family_id, cmds[op], NLM_F_ACK);
	if (!msg) {
		errno = ENOMEM;
		return NULL;
	}
	if (svc && op != IPVS_OP_FLUSH)
		err = ipvs_msg_put_service(msg, svc, full);
	if (!err && is_dest)
		err = ipvs_msg_put_dest(msg, dest, svc->af, op != IPVS_OP_DEL_DEST);
	if (err) {
		nlmsg_free(msg);
		errno = -err;
		return NULL;
	}
	return msg;
}

/* Read an integer attribute of 1, 2, 4 or 8 bytes, whatever the kernel
 * sent. Every attribute read here has passed its policy (ipvs_policy.c),
 * so it is at least as long as its type. The reads are our own (not
 * libnl's nla_get_*), so that a sanitizer sees any that overruns. */
static uint64_t get_uint(const struct nlattr *a)
{
	const void *p = nla_data(a);
	uint8_t v8;
	uint16_t v16;
	uint32_t v32;
	uint64_t v64;

	switch (nla_len(a)) {
	case 1: memcpy(&v8, p, 1); return v8;
	case 2: memcpy(&v16, p, 2); return v16;
	case 4: memcpy(&v32, p, 4); return v32;
	case 8: memcpy(&v64, p, 8); return v64;
	default: return 0;
	}
}

/* A port: two bytes in network order. */
static uint16_t get_port(const struct nlattr *a)
{
	uint16_t v;

	memcpy(&v, nla_data(a), sizeof(v));
	return ntohs(v);
}

static void get_addr(const struct nlattr *a, union ipvs_addr *addr)
{
	memset(addr, 0, sizeof(*addr));
	nla_memcpy(addr, a, sizeof(*addr));
}

static void get_str(const struct nlattr *a, char *buf, size_t size)
{
	nla_strlcpy(buf, a, size);
}

int ipvs_parse_stats_attr(struct nlattr *nest, struct ipvs_stats *st, bool is64)
{
	struct nlattr *tb[IPVS_STATS_ATTR_MAX + 1];
	uint64_t *fields[] = {
		[IPVS_STATS_ATTR_CONNS] = &st->conns,
		[IPVS_STATS_ATTR_INPKTS] = &st->inpkts,
		[IPVS_STATS_ATTR_OUTPKTS] = &st->outpkts,
		[IPVS_STATS_ATTR_INBYTES] = &st->inbytes,
		[IPVS_STATS_ATTR_OUTBYTES] = &st->outbytes,
		[IPVS_STATS_ATTR_CPS] = &st->cps,
		[IPVS_STATS_ATTR_INPPS] = &st->inpps,
		[IPVS_STATS_ATTR_OUTPPS] = &st->outpps,
		[IPVS_STATS_ATTR_INBPS] = &st->inbps,
		[IPVS_STATS_ATTR_OUTBPS] = &st->outbps,
	};

	(void)is64;	/* attribute sizes tell 32 from 64 bits */
	if (nla_parse_nested(tb, IPVS_STATS_ATTR_MAX, nest, ipvs_stats_policy) < 0)
		return -EINVAL;
	memset(st, 0, sizeof(*st));
	for (int i = IPVS_STATS_ATTR_CONNS; i <= IPVS_STATS_ATTR_OUTBPS; i++)
		if (tb[i])
			*fields[i] = get_uint(tb[i]);
	return 0;
}

int ipvs_parse_service_attr(struct nlattr *nest, struct ipvs_service *svc)
{
	struct nlattr *tb[IPVS_SVC_ATTR_MAX + 1];

	if (nla_parse_nested(tb, IPVS_SVC_ATTR_MAX, nest, ipvs_svc_policy) < 0)
		return -EINVAL;
	memset(svc, 0, sizeof(*svc));
	if (!tb[IPVS_SVC_ATTR_AF] || !tb[IPVS_SVC_ATTR_SCHED_NAME] ||
	    !tb[IPVS_SVC_ATTR_FLAGS] || !tb[IPVS_SVC_ATTR_TIMEOUT] ||
	    !tb[IPVS_SVC_ATTR_NETMASK])
		return -EINVAL;
	svc->af = get_uint(tb[IPVS_SVC_ATTR_AF]);
	if (tb[IPVS_SVC_ATTR_FWMARK])
		svc->fwmark = get_uint(tb[IPVS_SVC_ATTR_FWMARK]);
	if (!svc->fwmark) {
		if (!tb[IPVS_SVC_ATTR_PROTOCOL] || !tb[IPVS_SVC_ATTR_ADDR] ||
		    !tb[IPVS_SVC_ATTR_PORT])
			return -EINVAL;
		svc->protocol = get_uint(tb[IPVS_SVC_ATTR_PROTOCOL]);
		get_addr(tb[IPVS_SVC_ATTR_ADDR], &svc->addr);
		svc->port = get_port(tb[IPVS_SVC_ATTR_PORT]);
	} else if (tb[IPVS_SVC_ATTR_PROTOCOL]) {
		svc->protocol = get_uint(tb[IPVS_SVC_ATTR_PROTOCOL]);
	}
	get_str(tb[IPVS_SVC_ATTR_SCHED_NAME], svc->sched_name, sizeof(svc->sched_name));
	if (tb[IPVS_SVC_ATTR_PE_NAME])
		get_str(tb[IPVS_SVC_ATTR_PE_NAME], svc->pe_name, sizeof(svc->pe_name));
	if (nla_len(tb[IPVS_SVC_ATTR_FLAGS]) >= (int)sizeof(struct ip_vs_flags)) {
		struct ip_vs_flags fl;

		nla_memcpy(&fl, tb[IPVS_SVC_ATTR_FLAGS], sizeof(fl));
		svc->flags = fl.flags & fl.mask;
	}
	svc->timeout = get_uint(tb[IPVS_SVC_ATTR_TIMEOUT]);
	svc->netmask = get_uint(tb[IPVS_SVC_ATTR_NETMASK]);
	if (tb[IPVS_SVC_ATTR_STATS64])
		return ipvs_parse_stats_attr(tb[IPVS_SVC_ATTR_STATS64], &svc->stats, true);
	if (tb[IPVS_SVC_ATTR_STATS])
		return ipvs_parse_stats_attr(tb[IPVS_SVC_ATTR_STATS], &svc->stats, false);
	return 0;
}

int ipvs_parse_dest_attr(struct nlattr *nest, struct ipvs_dest *dest)
{
	struct nlattr *tb[IPVS_DEST_ATTR_MAX + 1];

	if (nla_parse_nested(tb, IPVS_DEST_ATTR_MAX, nest, ipvs_dest_policy) < 0)
		return -EINVAL;
	memset(dest, 0, sizeof(*dest));
	if (!tb[IPVS_DEST_ATTR_ADDR] || !tb[IPVS_DEST_ATTR_PORT] ||
	    !tb[IPVS_DEST_ATTR_FWD_METHOD] || !tb[IPVS_DEST_ATTR_WEIGHT])
		return -EINVAL;
	get_addr(tb[IPVS_DEST_ATTR_ADDR], &dest->addr);
	dest->port = get_port(tb[IPVS_DEST_ATTR_PORT]);
	if (tb[IPVS_DEST_ATTR_ADDR_FAMILY])
		dest->af = get_uint(tb[IPVS_DEST_ATTR_ADDR_FAMILY]);
	dest->conn_flags = get_uint(tb[IPVS_DEST_ATTR_FWD_METHOD]);
	dest->weight = (int32_t)get_uint(tb[IPVS_DEST_ATTR_WEIGHT]);
	if (tb[IPVS_DEST_ATTR_U_THRESH])
		dest->u_threshold = get_uint(tb[IPVS_DEST_ATTR_U_THRESH]);
	if (tb[IPVS_DEST_ATTR_L_THRESH])
		dest->l_threshold = get_uint(tb[IPVS_DEST_ATTR_L_THRESH]);
	if (tb[IPVS_DEST_ATTR_ACTIVE_CONNS])
		dest->activeconns = get_uint(tb[IPVS_DEST_ATTR_ACTIVE_CONNS]);
	if (tb[IPVS_DEST_ATTR_INACT_CONNS])
		dest->inactconns = get_uint(tb[IPVS_DEST_ATTR_INACT_CONNS]);
	if (tb[IPVS_DEST_ATTR_PERSIST_CONNS])
		dest->persistconns = get_uint(tb[IPVS_DEST_ATTR_PERSIST_CONNS]);
	if (tb[IPVS_DEST_ATTR_TUN_TYPE])
		dest->tun_type = get_uint(tb[IPVS_DEST_ATTR_TUN_TYPE]);
	if (tb[IPVS_DEST_ATTR_TUN_PORT])
		dest->tun_port = get_port(tb[IPVS_DEST_ATTR_TUN_PORT]);
	if (tb[IPVS_DEST_ATTR_TUN_FLAGS])
		dest->tun_flags = get_uint(tb[IPVS_DEST_ATTR_TUN_FLAGS]);
	if (tb[IPVS_DEST_ATTR_STATS64])
		return ipvs_parse_stats_attr(tb[IPVS_DEST_ATTR_STATS64], &dest->stats, true);
	if (tb[IPVS_DEST_ATTR_STATS])
		return ipvs_parse_stats_attr(tb[IPVS_DEST_ATTR_STATS], &dest->stats, false);
	return 0;
}

static int parse_top(struct nlmsghdr *nlh, struct nlattr **tb)
{
	return genlmsg_parse(nlh, 0, tb, IPVS_CMD_ATTR_MAX, ipvs_cmd_policy) < 0 ? -EINVAL : 0;
}

int ipvs_parse_service_msg(struct nlmsghdr *nlh, struct ipvs_service *svc)
{
	struct nlattr *tb[IPVS_CMD_ATTR_MAX + 1];

	if (parse_top(nlh, tb) || !tb[IPVS_CMD_ATTR_SERVICE])
		return -EINVAL;
	return ipvs_parse_service_attr(tb[IPVS_CMD_ATTR_SERVICE], svc);
}

int ipvs_parse_dest_msg(struct nlmsghdr *nlh, struct ipvs_dest *dest)
{
	struct nlattr *tb[IPVS_CMD_ATTR_MAX + 1];

	if (parse_top(nlh, tb) || !tb[IPVS_CMD_ATTR_DEST])
		return -EINVAL;
	return ipvs_parse_dest_attr(tb[IPVS_CMD_ATTR_DEST], dest);
}

int ipvs_parse_daemon_msg(struct nlmsghdr *nlh, struct ipvs_daemon *d)
{
	struct nlattr *tb[IPVS_CMD_ATTR_MAX + 1];
	struct nlattr *da[IPVS_DAEMON_ATTR_MAX + 1];

	if (parse_top(nlh, tb) || !tb[IPVS_CMD_ATTR_DAEMON])
		return -EINVAL;
	if (nla_parse_nested(da, IPVS_DAEMON_ATTR_MAX, tb[IPVS_CMD_ATTR_DAEMON],
			     ipvs_daemon_policy) < 0)
		return -EINVAL;
	if (!da[IPVS_DAEMON_ATTR_STATE] || !da[IPVS_DAEMON_ATTR_MCAST_IFN] ||
	    !da[IPVS_DAEMON_ATTR_SYNC_ID])
		return -EINVAL;
	memset(d, 0, sizeof(*d));
	d->state = get_uint(da[IPVS_DAEMON_ATTR_STATE]);
	get_str(da[IPVS_DAEMON_ATTR_MCAST_IFN], d->mcast_ifn, sizeof(d->mcast_ifn));
	d->syncid = get_uint(da[IPVS_DAEMON_ATTR_SYNC_ID]);
	if (da[IPVS_DAEMON_ATTR_SYNC_MAXLEN])
		d->sync_maxlen = get_uint(da[IPVS_DAEMON_ATTR_SYNC_MAXLEN]);
	if (da[IPVS_DAEMON_ATTR_MCAST_GROUP6]) {
		d->mcast_af = AF_INET6;
		get_addr(da[IPVS_DAEMON_ATTR_MCAST_GROUP6], &d->mcast_group);
	} else if (da[IPVS_DAEMON_ATTR_MCAST_GROUP]) {
		d->mcast_af = AF_INET;
		get_addr(da[IPVS_DAEMON_ATTR_MCAST_GROUP], &d->mcast_group);
	}
	if (da[IPVS_DAEMON_ATTR_MCAST_PORT])	/* host order, as sent */
		d->mcast_port = get_uint(da[IPVS_DAEMON_ATTR_MCAST_PORT]);
	if (da[IPVS_DAEMON_ATTR_MCAST_TTL])
		d->mcast_ttl = get_uint(da[IPVS_DAEMON_ATTR_MCAST_TTL]);
	return 0;
}

int ipvs_parse_timeouts_msg(struct nlmsghdr *nlh, struct ipvs_timeouts *t)
{
	struct nlattr *tb[IPVS_CMD_ATTR_MAX + 1];

	if (parse_top(nlh, tb))
		return -EINVAL;
	memset(t, 0, sizeof(*t));
	if (tb[IPVS_CMD_ATTR_TIMEOUT_TCP])
		t->tcp = get_uint(tb[IPVS_CMD_ATTR_TIMEOUT_TCP]);
	if (tb[IPVS_CMD_ATTR_TIMEOUT_TCP_FIN])
		t->tcp_fin = get_uint(tb[IPVS_CMD_ATTR_TIMEOUT_TCP_FIN]);
	if (tb[IPVS_CMD_ATTR_TIMEOUT_UDP])
		t->udp = get_uint(tb[IPVS_CMD_ATTR_TIMEOUT_UDP]);
	return 0;
}

int ipvs_parse_info_msg(struct nlmsghdr *nlh, struct ipvs_info *info)
{
	struct nlattr *tb[IPVS_INFO_ATTR_MAX + 1];

	if (genlmsg_parse(nlh, 0, tb, IPVS_INFO_ATTR_MAX, ipvs_info_policy) < 0 ||
	    !tb[IPVS_INFO_ATTR_VERSION] || !tb[IPVS_INFO_ATTR_CONN_TAB_SIZE])
		return -EINVAL;
	info->version = get_uint(tb[IPVS_INFO_ATTR_VERSION]);
	info->conn_tab_size = get_uint(tb[IPVS_INFO_ATTR_CONN_TAB_SIZE]);
	return 0;
}
