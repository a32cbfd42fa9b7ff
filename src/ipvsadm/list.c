#include "config.h"

#include "ipvsadm.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#define CONN_PROC_FILE "/proc/net/ip_vs_conn"

static void die_kernel(enum ipvs_op op, int err)
{
	fflush(stdout);
	fprintf(stderr, "%s\n", ipvs_strerror(op, err));
	exit(1);
}

static void print_service_entry(struct ipvsadm *ctx, const struct ipvs_service *se,
				unsigned int format)
{
	struct ipvs_dest *d;
	char svc_name[128];
	size_t n;
	int err = ipvs_get_dests(ctx->h, se, &d, &n);

	if (err)
		die_kernel(IPVS_OP_GET, err);
	format_service_name(svc_name, sizeof(svc_name), se, format);
	print_service_line(stdout, se, svc_name, format);
	if (n > 1 && !(format & FMT_NOSORT))
		qsort(d, n, sizeof(*d), cmp_dests);
	for (size_t i = 0; i < n; i++)
		print_dest_line(stdout, se, &d[i], svc_name, format);
	free(d);
}

int list_all(struct ipvsadm *ctx, unsigned int format)
{
	struct ipvs_service *list;
	size_t n;
	int err;

	if (!(format & FMT_RULE))
		printf("IP Virtual Server version %d.%d.%d (size=%d)\n",
		       ctx->info.version >> 16, (ctx->info.version >> 8) & 0xff,
		       ctx->info.version & 0xff, (int)ctx->info.conn_tab_size);
	err = ipvs_get_services(ctx->h, &list, &n);
	if (err)
		die_kernel(IPVS_OP_GET, err);
	/* An empty dump may give a NULL list, which qsort must not see. */
	if (n > 1 && !(format & FMT_NOSORT))
		qsort(list, n, sizeof(*list), cmp_services);
	print_title(stdout, format);
	for (size_t i = 0; i < n; i++)
		print_service_entry(ctx, &list[i], format);
	free(list);
	return 0;
}

int list_service(struct ipvsadm *ctx, const struct ipvs_service *svc, unsigned int format)
{
	struct ipvs_service se;
	int err = ipvs_get_service(ctx->h, svc, &se);

	if (err)
		die_kernel(IPVS_OP_GET_SERVICE, err);
	print_title(stdout, format);
	print_service_entry(ctx, &se, format);
	return 0;
}

int list_timeout(struct ipvsadm *ctx)
{
	struct ipvs_timeouts t;

	if (ipvs_get_timeouts(ctx->h, &t))
		exit(1);
	printf("Timeout (tcp tcpfin udp): %d %d %d\n", (int)t.tcp, (int)t.tcp_fin, (int)t.udp);
	return 0;
}

int list_daemon(struct ipvsadm *ctx)
{
	struct ipvs_daemon d[2];
	int n;

	if (ipvs_get_daemons(ctx->h, d, &n))
		exit(1);
	for (int i = 0; i < n; i++) {
		const char *type;
		char group[INET6_ADDRSTRLEN];

		if (d[i].state & IP_VS_STATE_MASTER)
			type = "master";
		else if (d[i].state & IP_VS_STATE_BACKUP)
			type = "backup";
		else
			continue;
		printf("%s sync daemon (mcast=%s, syncid=%d", type, d[i].mcast_ifn, (int)d[i].syncid);
		if (d[i].sync_maxlen)
			printf(", maxlen=%u", d[i].sync_maxlen);
		if (d[i].mcast_af) {
			inet_ntop(d[i].mcast_af, &d[i].mcast_group, group, sizeof(group));
			printf(", group=%s", group);
		}
		if (d[i].mcast_port)
			printf(", port=%u", d[i].mcast_port);
		if (d[i].mcast_ttl)
			printf(", ttl=%u", d[i].mcast_ttl);
		printf(")\n");
	}
	return 0;
}

int list_conn(unsigned int format)
{
	char buf[512];
	FILE *f = fopen(CONN_PROC_FILE, "r");

	if (!f) {
		fprintf(stderr, "cannot open file %s\n", CONN_PROC_FILE);
		exit(1);
	}
	if (!fgets(buf, sizeof(buf), f)) {
		fprintf(stderr, "unexpected input from %s\n", CONN_PROC_FILE);
		exit(1);
	}
	printf("IPVS connection entries\n");
	if (format & FMT_PERSISTENTCONN)
		printf("pro expire %-11s %-18s %-18s %-18s %-16s %s\n", "state", "source",
		       "virtual", "destination", "pe name", "pe_data");
	else
		printf("pro expire %-11s %-18s %-18s %s\n", "state", "source", "virtual",
		       "destination");
	while (fgets(buf, sizeof(buf), f))
		if (print_conn_line(stdout, buf, format) < 0)
			exit(1);
	fclose(f);
	return 0;
}
