#include "config.h"

/* Heartbeat sockets: one UDP socket per link, bound to our own address on
 * that link, sending to the peer's. */

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "pulse.h"

static socklen_t to_sockaddr(const struct lvs_addr *a, uint16_t port, struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (a->family == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)ss;

		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		sin->sin_addr = a->u.v4;
		return sizeof(*sin);
	}
	if (a->family == AF_INET6) {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
		sin6->sin6_addr = a->u.v6;
		return sizeof(*sin6);
	}
	return 0;
}

static int open_link(struct pulse *p, int i, const struct lvs_addr *own, const struct lvs_addr *peer)
{
	struct pulse_link *l = &p->link[i];
	struct sockaddr_storage ss;
	socklen_t len = to_sockaddr(own, p->cfg->heartbeat_port, &ss);
	char text[64];

	snprintf(l->name, sizeof(l->name), "%s", i ? "private" : "public");
	lvs_addr_format(own, text, sizeof(text));
	l->fd = socket(own->family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (l->fd < 0 || bind(l->fd, (struct sockaddr *)&ss, len) < 0) {
		log_err("cannot bind the %s heartbeat socket to %s port %u: %m", l->name, text,
			p->cfg->heartbeat_port);
		return -1;
	}
	l->peer_len = to_sockaddr(peer, p->cfg->heartbeat_port, &l->peer);
	if (hb_receiver_add_peer(&p->rx, (struct sockaddr *)&l->peer) < 0)
		return -1;
	log_info("%s heartbeat link: %s port %u", l->name, text, p->cfg->heartbeat_port);
	return 0;
}

int pulse_links_open(struct pulse *p, enum hb_role role)
{
	const struct lvs_config *c = p->cfg;
	bool primary = role == HB_ROLE_PRIMARY;
	const struct lvs_addr *own = primary ? &c->primary : &c->backup;
	const struct lvs_addr *peer = primary ? &c->backup : &c->primary;
	const struct lvs_addr *own_priv = primary ? &c->primary_private : &c->backup_private;
	const struct lvs_addr *peer_priv = primary ? &c->backup_private : &c->primary_private;

	p->link[0].fd = p->link[1].fd = -1;
	if (open_link(p, 0, own, peer) < 0)
		return -1;
	p->nlinks = 1;
	if (own_priv->family != AF_UNSPEC && peer_priv->family != AF_UNSPEC &&
	    !(lvs_addr_equal(own_priv, own) && lvs_addr_equal(peer_priv, peer))) {
		if (open_link(p, 1, own_priv, peer_priv) < 0)
			return -1;
		p->nlinks = 2;
	}
	return 0;
}

void pulse_links_close(struct pulse *p)
{
	for (int i = 0; i < p->nlinks; i++)
		if (p->link[i].fd >= 0)
			close(p->link[i].fd);
	p->nlinks = 0;
}

static uint64_t wall_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

void pulse_send(struct pulse *p, uint8_t type)
{
	for (int i = 0; i < p->nlinks; i++) {
		struct hb_msg m = { .type = type, .state = (uint8_t)p->fo.state, .sent_ms = wall_ms(),
				    .active_since_ms = p->fo.active_since_ms };
		uint8_t buf[HB_LEN];
		struct pulse_link *l = &p->link[i];

		hb_sender_encode(&p->tx, &m, buf);
		if (sendto(l->fd, buf, sizeof(buf), 0, (struct sockaddr *)&l->peer, l->peer_len) < 0)
			log_debug("%s link: cannot send %s: %m", l->name, hb_type_name(type));
	}
}

void pulse_receive(struct pulse *p, int link)
{
	struct pulse_link *l = &p->link[link];

	for (;;) {
		uint8_t buf[HB_LEN + 64];
		struct sockaddr_storage from;
		socklen_t fromlen = sizeof(from);
		ssize_t n = recvfrom(l->fd, buf, sizeof(buf), 0, (struct sockaddr *)&from, &fromlen);
		struct hb_msg m;
		enum hb_verdict v;
		struct fo_event ev;

		if (n < 0) {
			if (errno != EAGAIN && errno != EINTR)
				log_debug("%s link: receive: %m", l->name);
			return;
		}
		v = hb_receive(&p->rx, buf, (size_t)n, (struct sockaddr *)&from, &m);
		if (v != HB_OK) {
			/* Log the first few of each kind, then every 100th. */
			unsigned long c = p->rx.count[v];

			if (c <= 5 || c % 100 == 0) {
				char text[INET6_ADDRSTRLEN] = "?";

				if (from.ss_family == AF_INET)
					inet_ntop(AF_INET, &((struct sockaddr_in *)&from)->sin_addr, text, sizeof(text));
				else if (from.ss_family == AF_INET6)
					inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&from)->sin6_addr, text, sizeof(text));
				log_warn("%s link: dropped a heartbeat from %s: %s (%lu so far)", l->name, text,
					 hb_verdict_name(v), c);
			}
			continue;
		}
		memset(&ev, 0, sizeof(ev));
		ev.type = FO_EV_PEER_MSG;
		ev.msg = &m;
		ev.link = link;
		pulse_feed(p, &ev);
	}
}
