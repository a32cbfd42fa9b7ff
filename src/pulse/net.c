#include "config.h"

/* Heartbeat sockets: one UDP socket per link, bound to our own address on
 * that link, sending to the peer's. A new set is opened before the running
 * one is let go, so a reload that cannot bind leaves heartbeats flowing. */

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <sys/epoll.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "pulse.h"

/* The links a configuration asks for, opened beside the running ones so
 * that a failure leaves those untouched. A link whose own address and port
 * stay the same keeps its socket (binding it twice would fail). */
struct linkset {
	struct pulse_link link[2];
	bool kept[2];                   /* link[i].fd is the running link i's socket */
	int n;
};

static void links_discard(struct linkset *set);

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

/* Link i of set: the running socket if it is bound where this one must be,
 * else a new one. */
static int prepare_link(const struct pulse *p, struct linkset *set, int i, uint16_t port,
			const struct lvs_addr *own, const struct lvs_addr *peer)
{
	struct pulse_link *l = &set->link[i];
	char text[64];
	int err;

	memset(l, 0, sizeof(*l));
	l->fd = -1;
	snprintf(l->name, sizeof(l->name), "%s", i ? "private" : "public");
	lvs_addr_format(own, text, sizeof(text));
	l->own_len = to_sockaddr(own, port, &l->own);
	l->peer_len = to_sockaddr(peer, port, &l->peer);
	if (!l->own_len || !l->peer_len) {
		log_err("the %s heartbeat link has no usable address", l->name);
		return -1;
	}
	if (i < p->nlinks && p->link[i].fd >= 0 && p->link[i].own_len == l->own_len &&
	    memcmp(&p->link[i].own, &l->own, l->own_len) == 0) {
		l->fd = p->link[i].fd;
		set->kept[i] = true;
		return 0;
	}
	l->fd = socket(own->family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (l->fd < 0) {
		log_err("cannot open the %s heartbeat socket: %m", l->name);
		return -1;
	}
	if (bind(l->fd, (struct sockaddr *)&l->own, l->own_len) < 0) {
		err = errno;
		if (err == EADDRINUSE)
			log_err("cannot bind the %s heartbeat socket to %s port %u: %s (another pulse, or "
				"another program, uses heartbeat_port %u on this router)", l->name, text, port,
				strerror(err), port);
		else
			log_err("cannot bind the %s heartbeat socket to %s port %u: %s", l->name, text, port,
				strerror(err));
		close(l->fd);
		l->fd = -1;
		return -1;
	}
	log_info("%s heartbeat link: %s port %u", l->name, text, port);
	return 0;
}

/* Opens the sockets c asks for (logging why one cannot be); -1 with
 * nothing left open, and the running links as they were. */
static int links_prepare(const struct pulse *p, const struct lvs_config *c, struct linkset *set)
{
	bool primary = p->tx.role == HB_ROLE_PRIMARY;
	const struct lvs_addr *own = primary ? &c->primary : &c->backup;
	const struct lvs_addr *peer = primary ? &c->backup : &c->primary;
	const struct lvs_addr *own_priv = primary ? &c->primary_private : &c->backup_private;
	const struct lvs_addr *peer_priv = primary ? &c->backup_private : &c->primary_private;
	int want = 1;

	memset(set, 0, sizeof(*set));
	set->link[0].fd = set->link[1].fd = -1;
	if (own_priv->family != AF_UNSPEC && peer_priv->family != AF_UNSPEC &&
	    !(lvs_addr_equal(own_priv, own) && lvs_addr_equal(peer_priv, peer)))
		want = 2;
	/* The state machine counts its links once, at start. */
	if (p->nlinks && want != p->nlinks) {
		log_err("the file %s the private heartbeat link: restart pulse for that",
			want > p->nlinks ? "adds" : "removes");
		return -1;
	}
	for (int i = 0; i < want; i++) {
		set->n = i + 1;
		if (prepare_link(p, set, i, c->heartbeat_port, i ? own_priv : own, i ? peer_priv : peer) < 0) {
			links_discard(set);
			return -1;
		}
	}
	return 0;
}

static void links_discard(struct linkset *set)
{
	for (int i = 0; i < set->n; i++)
		if (!set->kept[i] && set->link[i].fd >= 0)
			close(set->link[i].fd);
	set->n = 0;
}

static void on_socket(struct evloop *loop, int fd, uint32_t events, void *data);

/* Switches to set: closes the running sockets it does not keep, watches
 * its new ones (if the loop runs), and makes its peers the only addresses
 * heartbeats are accepted from. */
static void links_install(struct pulse *p, struct linkset *set)
{
	for (int i = 0; i < p->nlinks; i++) {
		if ((i < set->n && set->kept[i]) || p->link[i].fd < 0)
			continue;
		if (p->loop)
			evloop_del_fd(p->loop, p->link[i].fd);
		close(p->link[i].fd);
	}
	/* Heartbeats count only from the peer addresses of these links. */
	p->rx.npeers = 0;
	for (int i = 0; i < set->n; i++) {
		p->link[i] = set->link[i];
		if (p->loop && !set->kept[i])
			evloop_add_fd(p->loop, p->link[i].fd, EPOLLIN, on_socket, p);
		hb_receiver_add_peer(&p->rx, (struct sockaddr *)&p->link[i].peer);
	}
	for (int i = set->n; i < 2; i++)
		p->link[i].fd = -1;
	p->nlinks = set->n;
	set->n = 0;
}

int pulse_links_open(struct pulse *p, const struct lvs_config *c)
{
	struct linkset set;

	if (links_prepare(p, c, &set) < 0)
		return -1;
	links_install(p, &set);
	return 0;
}

void pulse_links_watch(struct pulse *p)
{
	for (int i = 0; i < p->nlinks; i++)
		evloop_add_fd(p->loop, p->link[i].fd, EPOLLIN, on_socket, p);
}

void pulse_links_close(struct pulse *p)
{
	for (int i = 0; i < p->nlinks; i++)
		if (p->link[i].fd >= 0)
			close(p->link[i].fd);
	p->nlinks = 0;
}

void pulse_send(struct pulse *p, uint8_t type)
{
	for (int i = 0; i < p->nlinks; i++) {
		struct hb_msg m = { .type = type, .state = (uint8_t)p->fo.state, .sent_ms = clock_wall_ms(),
				    .active_since_ms = p->fo.active_since_ms };
		uint8_t buf[HB_LEN];
		struct pulse_link *l = &p->link[i];

		hb_sender_encode(&p->tx, &m, buf);
		if (sendto(l->fd, buf, sizeof(buf), 0, (struct sockaddr *)&l->peer, l->peer_len) < 0) {
			p->stats.link[i].send_errors++;
			log_debug("%s link: cannot send %s: %m", l->name, hb_type_name(type));
		} else if (type >= HB_MSG_HEARTBEAT && type <= HB_MSG_ACK) {
			p->stats.link[i].sent[type]++;
		}
	}
}

static void receive(struct pulse *p, int link)
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
		p->stats.link[link].received[v]++;
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
		p->feed(p, &ev);
	}
}

static void on_socket(struct evloop *loop, int fd, uint32_t events, void *data)
{
	struct pulse *p = data;

	(void)loop;
	(void)events;
	for (int i = 0; i < p->nlinks; i++)
		if (p->link[i].fd == fd)
			receive(p, i);
}
