/* IPVS netlink messages without a socket: building requests and parsing
 * replies, so that both can be tested with no kernel. */
#ifndef LVS_IPVS_MSG_H
#define LVS_IPVS_MSG_H

#include "ipvs.h"

#include <netlink/msg.h>

/* A request for family_id with genl command cmd (IPVS_CMD_*); flags are
 * extra nlmsg flags (NLM_F_DUMP, NLM_F_ACK). NULL on allocation failure. */
struct nl_msg *ipvs_msg_new(int family_id, uint8_t cmd, int flags);

/* Nested IPVS_CMD_ATTR_SERVICE. full: all attributes (add/edit); else only
 * the identifying ones (del, get, as the parent of a dest). */
int ipvs_msg_put_service(struct nl_msg *msg, const struct ipvs_service *svc, bool full);
/* Nested IPVS_CMD_ATTR_DEST; svc_af is used when dest->af is 0. */
int ipvs_msg_put_dest(struct nl_msg *msg, const struct ipvs_dest *dest,
		      uint16_t svc_af, bool full);
int ipvs_msg_put_daemon(struct nl_msg *msg, const struct ipvs_daemon *d, bool full);
int ipvs_msg_put_timeouts(struct nl_msg *msg, const struct ipvs_timeouts *t);

/* Build a whole request for a batchable operation. */
struct nl_msg *ipvs_msg_op(int family_id, enum ipvs_op op,
			   const struct ipvs_service *svc, const struct ipvs_dest *dest);

/* Parsers take one genl reply message (nlmsghdr + genlmsghdr + attrs).
 * They return 0, or -EINVAL when a required attribute is missing. */
int ipvs_parse_service_msg(struct nlmsghdr *nlh, struct ipvs_service *svc);
int ipvs_parse_dest_msg(struct nlmsghdr *nlh, struct ipvs_dest *dest);
int ipvs_parse_daemon_msg(struct nlmsghdr *nlh, struct ipvs_daemon *d);
int ipvs_parse_timeouts_msg(struct nlmsghdr *nlh, struct ipvs_timeouts *t);
int ipvs_parse_info_msg(struct nlmsghdr *nlh, struct ipvs_info *info);

/* The nested-attribute parsers underneath (exposed for tests). */
int ipvs_parse_service_attr(struct nlattr *nest, struct ipvs_service *svc);
int ipvs_parse_dest_attr(struct nlattr *nest, struct ipvs_dest *dest);
int ipvs_parse_stats_attr(struct nlattr *nest, struct ipvs_stats *st, bool is64);

#endif
