#include "config.h"

/* The addresses the active router holds (every active virtual's VIP and
 * the NAT router address), brought up and down over rtnetlink; role
 * detection; carrier of the heartbeat interfaces for monitor_links. */

#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <linux/if_addr.h>
#include <net/if.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "log.h"
#include "pulse.h"

int pulse_vips_collect(struct pulse *p)
{
	free(p->vips);
	return pulse_vips_list(p->cfg, &p->vips, &p->nvips);
}

static struct rtnl_addr *build(const struct pulse_vip *v, int *err)
{
	unsigned maxlen = v->addr.family == AF_INET ? 32 : 128;
	unsigned prefix = v->prefix ? v->prefix : maxlen;
	int ifindex = (int)if_nametoindex(v->iface.dev);
	struct rtnl_addr *a;
	struct nl_addr *local;

	if (ifindex == 0) {
		*err = -NLE_NODEV;
		return NULL;
	}
	a = rtnl_addr_alloc();
	local = nl_addr_build(v->addr.family, &v->addr.u, maxlen / 8);
	if (!a || !local) {
		rtnl_addr_put(a);
		nl_addr_put(local);
		*err = -NLE_NOMEM;
		return NULL;
	}
	nl_addr_set_prefixlen(local, (int)prefix);
	rtnl_addr_set_ifindex(a, ifindex);
	rtnl_addr_set_family(a, v->addr.family);
	rtnl_addr_set_local(a, local);
	rtnl_addr_set_prefixlen(a, (int)prefix);
	if (v->addr.family == AF_INET) {
		if (v->iface.label[0])
			rtnl_addr_set_label(a, v->iface.label);
		if (prefix < 31) {
			uint32_t host = ntohl(v->addr.u.v4.s_addr) | (0xffffffffu >> prefix);
			struct in_addr b = { htonl(host) };
			struct nl_addr *brd = nl_addr_build(AF_INET, &b, 4);

			if (brd) {
				rtnl_addr_set_broadcast(a, brd);
				nl_addr_put(brd);
			}
		}
	} else {
		/* A VIP must answer at once, not after duplicate detection. */
		rtnl_addr_set_flags(a, IFA_F_NODAD);
	}
	nl_addr_put(local);
	return a;
}

void pulse_vips_set(struct pulse *p, bool up)
{
	pulse_vips_apply(p, p->vips, p->nvips, up);
}

void pulse_vips_apply(struct pulse *p, const struct pulse_vip *vips, size_t nvips, bool up)
{
	struct nl_sock *sk;

	if (p->norun) {
		log_notice("(norun) would bring %zu address(es) %s", nvips, up ? "up" : "down");
		return;
	}
	sk = nl_socket_alloc();
	if (!sk || nl_connect(sk, NETLINK_ROUTE) < 0) {
		log_err("cannot open rtnetlink to set addresses %s", up ? "up" : "down");
		nl_socket_free(sk);
		return;
	}
	for (size_t i = 0; i < nvips; i++) {
		const struct pulse_vip *v = &vips[i];
		char text[INET6_ADDRSTRLEN];
		int err = 0;
		struct rtnl_addr *a = build(v, &err);

		lvs_addr_format(&v->addr, text, sizeof(text));
		if (a)
			err = up ? rtnl_addr_add(sk, a, 0) : rtnl_addr_delete(sk, a, 0);
		rtnl_addr_put(a);
		if (err == 0)
			log_notice("%s %s on %s", up ? "brought up" : "took down", text,
				   v->iface.label[0] ? v->iface.label : v->iface.dev);
		else if ((up && err == -NLE_EXIST) ||
			 (!up && (err == -NLE_NOADDR || err == -NLE_OBJ_NOTFOUND || err == -NLE_NODEV)))
			log_debug("%s on %s: already %s", text, v->iface.dev, up ? "up" : "down");
		else
			log_err("cannot %s %s on %s: %s", up ? "add" : "remove", text, v->iface.dev,
				nl_geterror(err));
	}
	nl_socket_free(sk);
}

static bool sockaddr_is(const struct sockaddr *sa, const struct lvs_addr *a)
{
	if (!sa || sa->sa_family != a->family)
		return false;
	if (a->family == AF_INET)
		return ((const struct sockaddr_in *)sa)->sin_addr.s_addr == a->u.v4.s_addr;
	if (a->family == AF_INET6)
		return memcmp(&((const struct sockaddr_in6 *)sa)->sin6_addr, &a->u.v6, 16) == 0;
	return false;
}

/* Whether a local interface holds address a; its name into dev. */
static bool owner(const struct ifaddrs *list, const struct lvs_addr *a, char dev[IF_NAMESIZE])
{
	for (const struct ifaddrs *i = list; i; i = i->ifa_next) {
		if (sockaddr_is(i->ifa_addr, a)) {
			if (dev)
				snprintf(dev, IF_NAMESIZE, "%s", i->ifa_name);
			return true;
		}
	}
	return false;
}

int pulse_find_role(const struct lvs_config *cfg)
{
	struct ifaddrs *list;
	int role = 0;

	if (getifaddrs(&list) < 0)
		return 0;
	if (owner(list, &cfg->primary, NULL))
		role = HB_ROLE_PRIMARY;
	else if (cfg->backup.family != AF_UNSPEC && owner(list, &cfg->backup, NULL))
		role = HB_ROLE_BACKUP;
	freeifaddrs(list);
	return role;
}

static bool carrier(const char *dev)
{
	struct ifreq ifr;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	bool ok = false;

	if (fd < 0)
		return true;            /* cannot tell: do not fail over for it */
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", dev);
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) == 0)
		ok = (ifr.ifr_flags & IFF_UP) && (ifr.ifr_flags & IFF_RUNNING);
	close(fd);
	return ok;
}

/* Carrier on every interface that holds one of our heartbeat addresses, as
 * the original checked the NICs of the public and private addresses. */
bool pulse_links_have_carrier(const struct pulse *p)
{
	const struct lvs_config *c = p->cfg;
	bool primary = p->fo.cfg.role == HB_ROLE_PRIMARY;
	const struct lvs_addr *mine[2] = {
		primary ? &c->primary : &c->backup,
		primary ? &c->primary_private : &c->backup_private,
	};
	struct ifaddrs *list;
	bool ok = true;

	if (getifaddrs(&list) < 0)
		return true;
	for (int i = 0; i < 2; i++) {
		char dev[IF_NAMESIZE];

		if (mine[i]->family == AF_UNSPEC)
			continue;
		/* An address that vanished with its link counts as down. */
		if (!owner(list, mine[i], dev) || !carrier(dev))
			ok = false;
	}
	freeifaddrs(list);
	return ok;
}
