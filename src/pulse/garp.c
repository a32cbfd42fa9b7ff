#include "config.h"

/* Announcing the addresses from pulse itself (src/lib/announce): one round
 * at once for every address, then ANNOUNCE_ROUNDS - 1 more a second apart
 * from a timer. Nothing is forked on the takeover path, and the repeats end
 * with the role: a router that gives the addresses up, or a pulse that
 * dies, announces nothing more. */

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "announce.h"
#include "log.h"
#include "pulse.h"

#define ANNOUNCE_ROUNDS 5
#define ANNOUNCE_INTERVAL 1.0

static void round_now(struct pulse *p)
{
	for (size_t i = 0; i < p->nvips; i++) {
		const struct pulse_vip *v = &p->vips[i];
		struct announce_if ifc;
		char err[256], addr[64];

		lvs_addr_format(&v->addr, addr, sizeof(addr));
		if (announce_refusal(&v->addr)) {
			log_err("not announcing %s: it is %s", addr, announce_refusal(&v->addr));
			continue;
		}
		if (announce_if_lookup(p->garp_fd, v->iface.dev, &ifc, err, sizeof(err)) < 0) {
			log_err("announcing %s: %s", addr, err);
			continue;
		}
		if (announce_round(p->garp_fd, &ifc, &v->addr) < 0)
			log_err("announcing %s on %s: %m", addr, ifc.dev);
	}
}

static void on_garp_timer(struct evloop *loop, struct ev_timer *t, void *data)
{
	struct pulse *p = data;

	(void)loop;
	if (p->garp_rounds_left <= 0)
		return;
	round_now(p);
	if (--p->garp_rounds_left > 0)
		evloop_timer_arm(t, ANNOUNCE_INTERVAL);
}

/* At start-up, while pulse still has CAP_NET_RAW: one send-only socket
 * serves every interface for good, so the capability goes right after. */
int pulse_garp_open(struct pulse *p)
{
	p->garp_fd = -1;
	if (p->norun)
		return 0;
	p->garp_fd = announce_open();
	if (p->garp_fd < 0) {
		log_err("cannot open a packet socket to announce the addresses%s: %m",
			errno == EPERM ? " (needs CAP_NET_RAW)" : "");
		return -1;
	}
	return 0;
}

void pulse_garp_init(struct pulse *p)
{
	p->garp_timer = evloop_timer_new(p->loop, on_garp_timer, p);
}

void pulse_send_arps(struct pulse *p)
{
	if (p->norun) {
		for (size_t i = 0; i < p->nvips; i++) {
			char addr[64];

			lvs_addr_format(&p->vips[i].addr, addr, sizeof(addr));
			log_notice("(norun) would announce %s on %s (%d rounds)", addr,
				   p->vips[i].iface.dev, ANNOUNCE_ROUNDS);
		}
		return;
	}
	round_now(p);
	p->garp_rounds_left = ANNOUNCE_ROUNDS - 1;
	evloop_timer_arm(p->garp_timer, ANNOUNCE_INTERVAL);
}

void pulse_garp_cancel(struct pulse *p)
{
	p->garp_rounds_left = 0;
	evloop_timer_disarm(p->garp_timer);
}

void pulse_garp_free(struct pulse *p)
{
	if (p->garp_fd >= 0)
		close(p->garp_fd);
	p->garp_fd = -1;
	evloop_timer_free(p->garp_timer);
	p->garp_timer = NULL;
}
