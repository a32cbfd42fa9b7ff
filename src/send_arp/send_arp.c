#include "config.h"

/* send_arp: announce that an address lives at a MAC address, by gratuitous
 * ARP (IPv4) or unsolicited neighbour advertisement (IPv6), or send one
 * hand-made ARP reply (the original four-argument form). */

#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <math.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <popt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "announce.h"
#include "caps.h"
#include "popt_string.h"

#define EXIT_USAGE 2

struct job {
	const char *dev;
	struct announce_if ifc;      /* index (and MAC, simple form) of dev */
	int count;
	double interval;
	bool verbose;
	bool classic;                /* SRC_IP SRC_MAC TARG_IP TARG_MAC form */
	bool ipv6;                   /* simple form with an IPv6 address */
	struct arp_fields classic_fields;
	struct in_addr vip4;
	struct in6_addr vip6;
};

static void die(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3), noreturn));
static void die(int status, const char *fmt, ...)
{
	va_list ap;

	fputs("send_arp: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(status);
}

/* Keep CAP_NET_RAW alone, and (as root) an empty bounding set: send_arp
 * runs no program. Returns whether we have CAP_NET_RAW at all. */
static bool caps_keep_net_raw(void)
{
	static const cap_value_t raw[] = { CAP_NET_RAW };

	if (caps_limit(raw, 1, NULL, 0) < 0)
		die(EXIT_FAILURE, "cannot drop capabilities: %s", strerror(errno));
	return caps_have(CAP_NET_RAW);
}

static void caps_drop_all(void)
{
	if (caps_limit(NULL, 0, NULL, 0) < 0)
		die(EXIT_FAILURE, "cannot drop capabilities: %s", strerror(errno));
}

static const char *mac_str(const uint8_t *m, char *buf)
{
	sprintf(buf, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
	return buf;
}

static void send_frame(int fd, const struct job *job, const uint8_t *frame, size_t len,
		       uint16_t ethertype)
{
	if (announce_send_frame(fd, &job->ifc, frame, len, ethertype) < 0)
		die(EXIT_FAILURE, "cannot send on %s: %s", job->dev, strerror(errno));
}

static void send_arp(int fd, const struct job *job, const struct arp_fields *f)
{
	uint8_t frame[ARP_FRAME_LEN];
	char a[18], b[18], ip1[INET_ADDRSTRLEN], ip2[INET_ADDRSTRLEN];
	size_t len = arp_frame_build(frame, sizeof(frame), f);

	send_frame(fd, job, frame, len, ETH_P_ARP);
	if (job->verbose)
		printf("%s: ARP %s sender %s %s target %s %s\n", job->dev,
		       f->op == ARP_OP_REQUEST ? "request" : "reply",
		       inet_ntop(AF_INET, &f->sender_ip, ip1, sizeof(ip1)), mac_str(f->sender_mac, a),
		       inet_ntop(AF_INET, &f->target_ip, ip2, sizeof(ip2)), mac_str(f->target_mac, b));
}

static void send_round(int fd, const struct job *job)
{
	struct arp_fields f;

	if (job->classic) {
		send_arp(fd, job, &job->classic_fields);
	} else if (job->ipv6) {
		uint8_t frame[NA_FRAME_LEN];
		size_t len = na_frame_build(frame, sizeof(frame), job->ifc.mac, &job->vip6);
		char ip[INET6_ADDRSTRLEN], m[18];

		send_frame(fd, job, frame, len, ETH_P_IPV6);
		if (job->verbose)
			printf("%s: unsolicited neighbour advertisement %s is at %s\n", job->dev,
			       inet_ntop(AF_INET6, &job->vip6, ip, sizeof(ip)), mac_str(job->ifc.mac, m));
	} else {
		garp_fields(&f, ARP_OP_REQUEST, job->ifc.mac, job->vip4);
		send_arp(fd, job, &f);
		garp_fields(&f, ARP_OP_REPLY, job->ifc.mac, job->vip4);
		send_arp(fd, job, &f);
	}
	fflush(stdout);
}

static void pause_for(double seconds)
{
	struct timespec ts = { .tv_sec = (time_t)seconds };

	ts.tv_nsec = (long)((seconds - (double)ts.tv_sec) * 1e9);
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* text is an address we may claim: refuse the others before sending. */
static void check_claimable(const char *text, int family, const void *addr)
{
	struct lvs_addr a = { .family = family };
	const char *why;

	if (family == AF_INET)
		a.u.v4 = *(const struct in_addr *)addr;
	else
		a.u.v6 = *(const struct in6_addr *)addr;
	why = announce_refusal(&a);
	if (why)
		die(EXIT_USAGE, "%s is %s: no host can claim it, nothing sent", text, why);
}

static void parse_positional(struct job *job, const char **args, int n)
{
	struct arp_fields *f = &job->classic_fields;

	if (n == 1) {
		if (ipv4_parse(args[0], &job->vip4) == 0) {
			check_claimable(args[0], AF_INET, &job->vip4);
			return;
		}
		if (inet_pton(AF_INET6, args[0], &job->vip6) == 1) {
			check_claimable(args[0], AF_INET6, &job->vip6);
			job->ipv6 = true;
			return;
		}
		die(EXIT_USAGE, "bad IP address '%s' (want a dotted quad or an IPv6 address)", args[0]);
	}
	if (n != 4)
		die(EXIT_USAGE, "want either VIP or SRC_IP SRC_MAC TARG_IP TARG_MAC (see --help)");
	job->classic = true;
	if (ipv4_parse(args[0], &f->sender_ip) < 0)
		die(EXIT_USAGE, "bad source IP address '%s' (want a dotted quad)", args[0]);
	check_claimable(args[0], AF_INET, &f->sender_ip);
	if (mac_parse(args[1], f->sender_mac) < 0)
		die(EXIT_USAGE, "bad source MAC address '%s' (want 12 hex digits, colons optional)", args[1]);
	if (ipv4_parse(args[2], &f->target_ip) < 0)
		die(EXIT_USAGE, "bad target IP address '%s' (want a dotted quad)", args[2]);
	if (mac_parse(args[3], f->target_mac) < 0)
		die(EXIT_USAGE, "bad target MAC address '%s' (want 12 hex digits, colons optional)", args[3]);
	/* As the original: a reply from SRC to TARG, in an Ethernet frame
	 * addressed the same way. */
	f->op = ARP_OP_REPLY;
	memcpy(f->eth_src, f->sender_mac, ETH_ALEN_);
	memcpy(f->eth_dst, f->target_mac, ETH_ALEN_);
}

int main(int argc, const char **argv)
{
	struct job job = { .dev = "eth0", .count = 1, .interval = 1.0 };
	char *dev = NULL;
	int verbose = 0, version = 0, rc, fd;
	bool have_raw = caps_keep_net_raw();    /* before anything else */
	struct poptOption options[] = {
		{ "interface", 'i', POPT_ARG_STRING, NULL, POPT_STRING(0), "interface to send on (default eth0)", "DEV" },
		{ "count", 'c', POPT_ARG_INT, &job.count, 0, "rounds to send (default 1)", "COUNT" },
		{ "interval", 'I', POPT_ARG_DOUBLE, &job.interval, 0,
		  "seconds between rounds, fractions allowed (default 1)", "SECS" },
		{ "verbose", 'v', POPT_ARG_NONE, &verbose, 0, "print each frame sent", NULL },
		{ "version", 0, POPT_ARG_NONE, &version, 0, "print the version and exit", NULL },
		POPT_AUTOHELP
		POPT_TABLEEND
	};
	poptContext ctx = poptGetContext("send_arp", argc, argv, options, 0);
	const char **args;
	int nargs = 0;

	poptSetOtherOptionHelp(ctx, "[OPTION...] VIP | SRC_IP SRC_MAC TARG_IP TARG_MAC");
	char **const strings[] = { &dev };

	while ((rc = poptGetNextOpt(ctx)) > 0)
		popt_take_string(ctx, rc, strings, 1);
	if (rc < -1)
		die(EXIT_USAGE, "%s: %s", poptBadOption(ctx, POPT_BADOPTION_NOALIAS), poptStrerror(rc));
	if (version) {
		printf("send_arp (%s) %s\n", PACKAGE_NAME, PACKAGE_VERSION);
		poptFreeContext(ctx);
		free(dev);
		return 0;
	}
	job.verbose = verbose;
	if (dev) {
		/* lvs.cf names VIP interfaces as aliases (eth0:1): the frames
		 * go out on the device itself. */
		char *colon = strchr(dev, ':');

		if (colon)
			*colon = '\0';
		job.dev = dev;
	}
	args = poptGetArgs(ctx);
	while (args && args[nargs])
		nargs++;
	if (nargs == 0) {
		poptPrintUsage(ctx, stderr, 0);
		fprintf(stderr, "send_arp: an address to announce is needed (see --help)\n");
		poptFreeContext(ctx);
		free(dev);
		return EXIT_USAGE;
	}
	parse_positional(&job, args, nargs);
	if (job.count < 1)
		die(EXIT_USAGE, "count must be at least 1");
	if (!isfinite(job.interval) || job.interval < 0 || job.interval > 3600)
		die(EXIT_USAGE, "interval must be between 0 and 3600 seconds");
	if (strlen(job.dev) >= IFNAMSIZ)
		die(EXIT_USAGE, "interface name '%s' is too long", job.dev);
	if (!if_nametoindex(job.dev))
		die(EXIT_FAILURE, "unknown interface '%s'", job.dev);
	if (!have_raw)
		die(EXIT_FAILURE, "needs CAP_NET_RAW (run as root, or give the program that capability)");

	fd = announce_open();
	if (fd < 0)
		die(EXIT_FAILURE, "cannot open a packet socket%s: %s",
		    errno == EPERM ? " (needs CAP_NET_RAW)" : "", strerror(errno));
	caps_drop_all();
	{
		char err[256];

		if (announce_if_lookup(fd, job.dev, &job.ifc, err, sizeof(err)) < 0) {
			/* The classic form brings its own MACs; it only needs the index. */
			if (!job.classic || !(job.ifc.ifindex = (int)if_nametoindex(job.dev)))
				die(EXIT_FAILURE, "%s", err);
		}
	}
	for (int i = 0; i < job.count; i++) {
		if (i > 0)
			pause_for(job.interval);
		send_round(fd, &job);
	}
	close(fd);
	poptFreeContext(ctx);
	free(dev);
	return 0;
}
