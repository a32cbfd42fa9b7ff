#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "lvsd.h"

static const char *op_name(enum ipvs_op op)
{
	switch (op) {
	case IPVS_OP_ADD_SERVICE: return "add service";
	case IPVS_OP_EDIT_SERVICE: return "edit service";
	case IPVS_OP_DEL_SERVICE: return "delete service";
	case IPVS_OP_ADD_DEST: return "add server";
	case IPVS_OP_EDIT_DEST: return "edit server";
	case IPVS_OP_DEL_DEST: return "delete server";
	default: return "operation";
	}
}

static void describe(const struct ipvs_service *svc, const struct ipvs_dest *dest, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN] = "", d[INET6_ADDRSTRLEN] = "";
	int n;

	if (svc->fwmark)
		n = snprintf(buf, len, "fwmark %u", svc->fwmark);
	else {
		inet_ntop(svc->af, &svc->addr, a, sizeof(a));
		n = snprintf(buf, len, "%s %s port %u", svc->protocol == IPPROTO_UDP ? "udp" :
			     svc->protocol == IPPROTO_SCTP ? "sctp" : "tcp", a, svc->port);
	}
	if (n < 0 || (size_t)n >= len)
		return;
	if (dest) {
		inet_ntop(dest->af ? dest->af : svc->af, &dest->addr, d, sizeof(d));
		snprintf(buf + n, len - (size_t)n, " -> %s port %u weight %d", d, dest->port, dest->weight);
	} else {
		snprintf(buf + n, len - (size_t)n, " scheduler %s", svc->sched_name);
	}
}

/* The destinations of a service that was in the table before us (the
 * director adopts them: see director_start). */
int kernel_existing_dests(void *ctx, const struct ipvs_service *svc, struct ipvs_dest **dests, size_t *n)
{
	struct lvsd *l = ctx;

	*dests = NULL;
	*n = 0;
	if (l->test_start)
		return 0;
	return ipvs_get_dests(l->ipvs, svc, dests, n);
}

int kernel_table(void *ctx, enum ipvs_op op, const struct ipvs_service *svc, const struct ipvs_dest *dest)
{
	struct lvsd *l = ctx;
	char what[256];
	int r;

	describe(svc, dest, what, sizeof(what));
	if (l->test_start) {
		/* The dry run's own teardown is not part of what it shows. */
		if (!l->stopping)
			printf("would %s: %s\n", op_name(op), what);
		return 0;
	}
	r = ipvs_do(l->ipvs, op, svc, dest);
	if (op == IPVS_OP_ADD_DEST && r == -EEXIST)
		r = ipvs_do(l->ipvs, IPVS_OP_EDIT_DEST, svc, dest);
	else if (op == IPVS_OP_DEL_DEST && r == -ENOENT)
		r = 0; /* already gone: the table agrees with us */
	if (r == 0)
		log_info("%s: %s", op_name(op), what);
	else
		log_debug("%s: %s: %s", op_name(op), what, ipvs_strerror(op, r));
	return r;
}

/* net.ipv4.vs.sloppy_tcp of lvsd's network namespace. A takeover router
 * meets connections whose start its sync daemon never heard of (the kernel
 * syncs a TCP connection only once it is established); with this set, and
 * a scheduler that picks the same server on both routers (sh, mh), it
 * forwards them instead of answering with a reset. */
static int set_sloppy_tcp(struct lvsd *l, bool on)
{
	static const char path[] = "/proc/sys/net/ipv4/vs/sloppy_tcp";
	int fd, saved;
	ssize_t n;

	if (l->test_start) {
		printf("would set net.ipv4.vs.sloppy_tcp = %d\n", on);
		return 0;
	}
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0) {
		log_err("sloppy_tcp: cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	n = write(fd, on ? "1\n" : "0\n", 2);
	saved = errno;
	close(fd);
	if (n != 2) {
		log_err("sloppy_tcp: writing %s failed: %s", path, n < 0 ? strerror(saved) : "short write");
		return -1;
	}
	log_notice("net.ipv4.vs.sloppy_tcp = %d", on);
	return 0;
}

/* Connection timeouts, sloppy_tcp and the sync daemon: only when the configuration
 * asks, and only when they changed (old_cfg NULL at start). */
int kernel_apply_globals(struct lvsd *l, const struct lvs_config *old_cfg)
{
	const struct lvs_config *c = l->cfg;
	int rc = 0;

	if (c->tcp_timeout || c->tcpfin_timeout || c->udp_timeout) {
		bool changed = !old_cfg || old_cfg->tcp_timeout != c->tcp_timeout ||
			       old_cfg->tcpfin_timeout != c->tcpfin_timeout ||
			       old_cfg->udp_timeout != c->udp_timeout;
		struct ipvs_timeouts t = { c->tcp_timeout, c->tcpfin_timeout, c->udp_timeout };

		if (changed && l->test_start) {
			printf("would set timeouts: tcp %u tcpfin %u udp %u\n", t.tcp, t.tcp_fin, t.udp);
		} else if (changed) {
			int r = ipvs_set_timeouts(l->ipvs, &t);

			if (r < 0) {
				log_err("setting the connection timeouts failed: %s",
					ipvs_strerror(IPVS_OP_SET_TIMEOUT, r));
				rc = -1;
			} else {
				log_notice("connection timeouts: tcp %u tcpfin %u udp %u (0: unchanged)",
					   t.tcp, t.tcp_fin, t.udp);
			}
		}
	}
	if (c->sloppy_tcp != LVS_SLOPPY_KERNEL && (!old_cfg || old_cfg->sloppy_tcp != c->sloppy_tcp) &&
	    set_sloppy_tcp(l, c->sloppy_tcp == LVS_SLOPPY_ON) < 0)
		rc = -1;
	if (l->no_sync_daemon) {
		/* pulse runs it for the pair. */
	} else if (c->syncdaemon && !l->sync_daemon_started) {
		struct ipvs_daemon d = { .state = IP_VS_STATE_MASTER, .syncid = c->syncd_id };

		snprintf(d.mcast_ifn, sizeof(d.mcast_ifn), "%s", c->syncd_iface);
		if (l->test_start) {
			printf("would start the sync daemon: master on %s, syncid %u\n", d.mcast_ifn, d.syncid);
		} else {
			int r = ipvs_start_daemon(l->ipvs, &d);

			if (r == 0 || r == -EEXIST) {
				l->sync_daemon_started = r == 0;
				log_notice("connection sync daemon: master on %s, syncid %u", d.mcast_ifn, d.syncid);
			} else {
				log_err("starting the sync daemon failed: %s",
					ipvs_strerror(IPVS_OP_START_DAEMON, r));
				rc = -1;
			}
		}
	} else if (!c->syncdaemon && l->sync_daemon_started) {
		kernel_release_globals(l);
	}
	return rc;
}

void kernel_release_globals(struct lvsd *l)
{
	struct ipvs_daemon d = { .state = IP_VS_STATE_MASTER };

	if (!l->sync_daemon_started || l->test_start)
		return;
	if (ipvs_stop_daemon(l->ipvs, &d) == 0)
		log_notice("connection sync daemon stopped");
	l->sync_daemon_started = false;
}
