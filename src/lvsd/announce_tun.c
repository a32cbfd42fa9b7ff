/* The I/O shell of an ECMP director's announcements: one host route per
 * announced VIP, in announce_table, on a TUN device that lvsd alone holds
 * open. The device is not persistent: when lvsd's descriptor closes (exit,
 * crash, kill -9) the kernel deletes it and its routes, and the director's
 * BIRD, which learns that table, sees them go through netlink and
 * withdraws them from BGP. No fork, no birdc: routes by rtnetlink. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <netlink/route/route.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "log.h"
#include "lvsd.h"

struct announce_tun {
	int fd;                  /* /dev/net/tun: the device lives while it is open */
	int ifindex;
	unsigned table;
	struct nl_sock *sk;
};

static int tun_up(const char *name)
{
	struct ifreq ifr = { 0 };
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), rc = -1;

	if (s < 0)
		return -1;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	if (ioctl(s, SIOCGIFFLAGS, &ifr) == 0) {
		ifr.ifr_flags |= IFF_UP;
		rc = ioctl(s, SIOCSIFFLAGS, &ifr);
	}
	close(s);
	return rc;
}

struct announce_tun *announce_tun_open(unsigned table)
{
	struct announce_tun *t = calloc(1, sizeof(*t));
	struct ifreq ifr = { 0 };

	if (!t)
		return NULL;
	t->table = table;
	t->fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC | O_NONBLOCK);
	if (t->fd < 0) {
		log_err("announce: cannot open /dev/net/tun: %m (is the tun module loaded?)");
		goto fail;
	}
	ifr.ifr_flags = IFF_TUN | IFF_NO_PI;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ANNOUNCE_DEVICE);
	if (ioctl(t->fd, TUNSETIFF, &ifr) < 0) {
		log_err("announce: cannot create device %s: %m%s", ANNOUNCE_DEVICE,
			errno == EBUSY ? " (another lvsd announces from this network namespace)" : "");
		goto fail;
	}
	if (tun_up(ANNOUNCE_DEVICE) < 0) {
		log_err("announce: cannot bring %s up: %m", ANNOUNCE_DEVICE);
		goto fail;
	}
	t->ifindex = (int)if_nametoindex(ANNOUNCE_DEVICE);
	t->sk = nl_socket_alloc();
	if (!t->ifindex || !t->sk || nl_connect(t->sk, NETLINK_ROUTE) < 0) {
		log_err("announce: no route netlink socket");
		goto fail;
	}
	log_notice("announce: device %s, routes in table %u", ANNOUNCE_DEVICE, table);
	return t;
fail:
	announce_tun_close(t);
	return NULL;
}

void announce_tun_close(struct announce_tun *t)
{
	if (!t)
		return;
	if (t->sk)
		nl_socket_free(t->sk);
	if (t->fd >= 0)
		close(t->fd); /* the device and its routes go with it */
	free(t);
}

/* The route VIP/32 (/128) dev ANNOUNCE_DEVICE table T proto static. */
static struct rtnl_route *vip_route(const struct announce_tun *t, const struct lvs_addr *vip)
{
	int bits = vip->family == AF_INET6 ? 128 : 32;
	struct nl_addr *dst = nl_addr_build(vip->family, &vip->u, (size_t)bits / 8);
	struct rtnl_route *r = rtnl_route_alloc();
	struct rtnl_nexthop *nh = rtnl_route_nh_alloc();

	if (!dst || !r || !nh) {
		nl_addr_put(dst);
		rtnl_route_put(r);
		if (nh)
			rtnl_route_nh_free(nh);
		return NULL;
	}
	nl_addr_set_prefixlen(dst, bits);
	rtnl_route_set_family(r, (uint8_t)vip->family);
	rtnl_route_set_dst(r, dst);
	nl_addr_put(dst);
	rtnl_route_set_table(r, t->table);
	rtnl_route_set_scope(r, RT_SCOPE_LINK);
	rtnl_route_set_protocol(r, RTPROT_STATIC);
	rtnl_route_set_type(r, RTN_UNICAST);
	rtnl_route_nh_set_ifindex(nh, t->ifindex);
	rtnl_route_add_nexthop(r, nh);
	return r;
}

static int route_op(struct announce_tun *t, const struct lvs_addr *vip, bool add)
{
	struct rtnl_route *r = vip_route(t, vip);
	char a[INET6_ADDRSTRLEN];
	int rc;

	if (!r)
		return -ENOMEM;
	rc = add ? rtnl_route_add(t->sk, r, NLM_F_CREATE | NLM_F_REPLACE) : rtnl_route_delete(t->sk, r, 0);
	rtnl_route_put(r);
	lvs_addr_format(vip, a, sizeof(a));
	if (rc < 0 && !add && rc == -NLE_OBJ_NOTFOUND)
		rc = 0; /* gone already */
	if (rc < 0) {
		log_err("announce: %s %s: %s", add ? "adding the route to" : "deleting the route to", a,
			nl_geterror(rc));
		return -EIO;
	}
	log_notice("announce: %s %s", add ? "announcing" : "withdrawing", a);
	return 0;
}

int announce_tun_add(void *ctx, const struct lvs_addr *vip)
{
	return route_op(ctx, vip, true);
}

int announce_tun_del(void *ctx, const struct lvs_addr *vip)
{
	return route_op(ctx, vip, false);
}
