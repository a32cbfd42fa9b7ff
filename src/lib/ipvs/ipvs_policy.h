/* What each IPVS netlink attribute must look like before it is read: the
 * nla_policy tables that ipvs_msg.c hands to nla_parse. */
#ifndef LVS_IPVS_POLICY_H
#define LVS_IPVS_POLICY_H

#include <linux/ip_vs.h>
#include <netlink/attr.h>

extern struct nla_policy ipvs_cmd_policy[IPVS_CMD_ATTR_MAX + 1];
extern struct nla_policy ipvs_svc_policy[IPVS_SVC_ATTR_MAX + 1];
extern struct nla_policy ipvs_dest_policy[IPVS_DEST_ATTR_MAX + 1];
extern struct nla_policy ipvs_daemon_policy[IPVS_DAEMON_ATTR_MAX + 1];
extern struct nla_policy ipvs_stats_policy[IPVS_STATS_ATTR_MAX + 1];
extern struct nla_policy ipvs_info_policy[IPVS_INFO_ATTR_MAX + 1];

#endif
