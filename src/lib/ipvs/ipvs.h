/* Client for the kernel's IPVS generic netlink family.
 *
 * One handle per user, no global state. Every call returns 0 or a negative
 * errno; ipvs_last_error() gives the kernel's extended-ack text when it sent
 * one. Ports are in host byte order in these structs; addresses and the IPv4
 * persistence netmask are in network byte order, as the kernel keeps them. */
#ifndef LVS_IPVS_H
#define LVS_IPVS_H

#include <linux/ip_vs.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

union ipvs_addr {
	uint32_t ip;		/* IPv4, network order */
	struct in_addr in;
	struct in6_addr in6;
};

struct ipvs_stats {
	uint64_t conns, inpkts, outpkts, inbytes, outbytes;
	uint64_t cps, inpps, outpps, inbps, outbps;
};

struct ipvs_service {
	uint16_t af;		/* AF_INET or AF_INET6 */
	uint16_t protocol;	/* IPPROTO_TCP/UDP/SCTP; ignored with fwmark */
	union ipvs_addr addr;
	uint16_t port;
	uint32_t fwmark;	/* non-zero: a firewall-mark service */
	char sched_name[IP_VS_SCHEDNAME_MAXLEN];
	uint32_t flags;		/* IP_VS_SVC_F_* incl. scheduler flags */
	uint32_t timeout;	/* persistence timeout, seconds */
	uint32_t netmask;	/* IPv4: mask (network order); IPv6: prefix length */
	char pe_name[IP_VS_PENAME_MAXLEN];
	struct ipvs_stats stats;	/* filled by get calls */
};

struct ipvs_dest {
	uint16_t af;		/* 0 on add/edit: same as the service */
	union ipvs_addr addr;
	uint16_t port;
	uint32_t conn_flags;	/* IP_VS_CONN_F_MASQ/TUNNEL/DROUTE/LOCALNODE */
	int32_t weight;
	uint32_t u_threshold, l_threshold;
	uint8_t tun_type;	/* IP_VS_CONN_F_TUNNEL_TYPE_* */
	uint16_t tun_port;
	uint16_t tun_flags;	/* IP_VS_TUNNEL_ENCAP_FLAG_* */
	/* read-only, from get calls */
	uint32_t activeconns, inactconns, persistconns;
	struct ipvs_stats stats;
};

struct ipvs_daemon {
	uint32_t state;		/* IP_VS_STATE_MASTER or IP_VS_STATE_BACKUP */
	char mcast_ifn[IP_VS_IFNAME_MAXLEN];
	uint32_t syncid;
	uint16_t sync_maxlen;	/* 0: kernel default */
	uint16_t mcast_af;	/* 0: kernel default group */
	union ipvs_addr mcast_group;
	uint16_t mcast_port;	/* 0: kernel default */
	uint8_t mcast_ttl;	/* 0: kernel default */
};

struct ipvs_timeouts {
	uint32_t tcp, tcp_fin, udp;	/* seconds; 0 on set = leave unchanged */
};

struct ipvs_info {
	uint32_t version;	/* (major << 16) | (minor << 8) | patch */
	uint32_t conn_tab_size;
};

struct ipvs_handle;

struct ipvs_handle *ipvs_open(int *err);
void ipvs_close(struct ipvs_handle *h);
/* Kernel's extended-ack message of the last failed request, or "". */
const char *ipvs_last_error(const struct ipvs_handle *h);

int ipvs_get_info(struct ipvs_handle *h, struct ipvs_info *info);
/* Dumps allocate *list (free() it); *n entries. */
int ipvs_get_services(struct ipvs_handle *h, struct ipvs_service **list, size_t *n);
int ipvs_get_service(struct ipvs_handle *h, const struct ipvs_service *key,
		     struct ipvs_service *out);
int ipvs_get_dests(struct ipvs_handle *h, const struct ipvs_service *svc,
		   struct ipvs_dest **list, size_t *n);
int ipvs_set_timeouts(struct ipvs_handle *h, const struct ipvs_timeouts *t);
int ipvs_get_timeouts(struct ipvs_handle *h, struct ipvs_timeouts *t);
int ipvs_start_daemon(struct ipvs_handle *h, const struct ipvs_daemon *d);
int ipvs_stop_daemon(struct ipvs_handle *h, const struct ipvs_daemon *d);
/* Up to 2 running daemons (master, backup) into d[]; *n how many. */
int ipvs_get_daemons(struct ipvs_handle *h, struct ipvs_daemon d[2], int *n);

/* The operations that change the table. ADD_SERVICE .. ZERO go through
 * ipvs_do or a batch; the rest name an operation for ipvs_strerror. */
enum ipvs_op {
	IPVS_OP_ADD_SERVICE, IPVS_OP_EDIT_SERVICE, IPVS_OP_DEL_SERVICE,
	IPVS_OP_ADD_DEST, IPVS_OP_EDIT_DEST, IPVS_OP_DEL_DEST,
	IPVS_OP_FLUSH, IPVS_OP_ZERO,
	/* not batchable; for ipvs_strerror */
	IPVS_OP_SET_TIMEOUT, IPVS_OP_START_DAEMON, IPVS_OP_STOP_DAEMON,
	IPVS_OP_GET, IPVS_OP_GET_SERVICE,
};

/* One table change: op from IPVS_OP_ADD_SERVICE to IPVS_OP_ZERO. dest is
 * NULL for service operations; svc NULL for flush and zero-all. 0 or a
 * negative errno (-EINVAL for any other op). */
int ipvs_do(struct ipvs_handle *h, enum ipvs_op op,
	    const struct ipvs_service *svc, const struct ipvs_dest *dest);

/* Batching: queue many changes, send them all, then collect the acks. */
struct ipvs_batch;
struct ipvs_batch *ipvs_batch_new(struct ipvs_handle *h);
/* dest is NULL for service operations; svc NULL for flush/zero-all. */
int ipvs_batch_add(struct ipvs_batch *b, enum ipvs_op op,
		   const struct ipvs_service *svc, const struct ipvs_dest *dest);
size_t ipvs_batch_count(const struct ipvs_batch *b);
/* Sends everything queued. Returns 0 if all succeeded, else the number of
 * failed requests (errors via ipvs_batch_error), or a negative errno if the
 * socket itself failed. The batch is reusable after ipvs_batch_clear(). */
int ipvs_batch_run(struct ipvs_batch *b);
/* 0 or negative errno of request i (0-based, in queue order). */
int ipvs_batch_error(const struct ipvs_batch *b, size_t i);
enum ipvs_op ipvs_batch_op(const struct ipvs_batch *b, size_t i);
void ipvs_batch_clear(struct ipvs_batch *b);
void ipvs_batch_free(struct ipvs_batch *b);

/* The message text ipvsadm 1.31 prints for error err from operation op
 * (kernel errno, as returned by the calls above). */
const char *ipvs_strerror(enum ipvs_op op, int err);

#endif
