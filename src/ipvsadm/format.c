#include "config.h"

#include "ipvsadm.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>

#define SCHED_FLAGS (IP_VS_SVC_F_SCHED1 | IP_VS_SVC_F_SCHED2 | IP_VS_SVC_F_SCHED3)

/* Counters: exact with --exact, else at most 9 columns with a K/M/G/T unit. */
void print_largenum(FILE *f, unsigned long long n, unsigned int format)
{
	if (format & FMT_EXACT) {
		char tmp[32];
		int len = snprintf(tmp, sizeof(tmp), "%llu", n);

		fprintf(f, "%*llu", len <= 8 ? 9 : len + 1, n);
	} else if (n < 100000000ULL) {
		fprintf(f, "%9llu", n);
	} else if (n < 1000000000ULL) {
		fprintf(f, "%8lluK", n / 1000);
	} else if (n < 100000000000ULL) {
		fprintf(f, "%8lluM", n / 1000000);
	} else if (n < 100000000000000ULL) {
		fprintf(f, "%8lluG", n / 1000000000ULL);
	} else {
		fprintf(f, "%8lluT", n / 1000000000000ULL);
	}
}

static const char *proto_str(unsigned short proto)
{
	switch (proto) {
	case IPPROTO_TCP: return "tcp";
	case IPPROTO_UDP: return "udp";
	case IPPROTO_SCTP: return "sctp";
	default: return NULL;
	}
}

static void port_to_anyname(char *buf, size_t len, unsigned short port,
			    unsigned short proto, unsigned int format)
{
	const char *p = proto_str(proto);
	struct servent *s;

	if (!(format & FMT_NUMERIC) && p && (s = getservbyport(htons(port), p)))
		snprintf(buf, len, "%s", s->s_name);
	else
		snprintf(buf, len, "%u", port);
}

char *addrport_to_anyname(int af, const union ipvs_addr *addr, unsigned short port,
			  unsigned short proto, unsigned int format)
{
	char host[NI_MAXHOST], pname[64], *out;
	const char *name = NULL;
	bool v6 = af == AF_INET6;

	if (!(format & FMT_NUMERIC)) {
		struct hostent *he = gethostbyaddr(addr, v6 ? sizeof(struct in6_addr) :
						   sizeof(struct in_addr), af);
		if (he)
			name = he->h_name;
	}
	if (!name) {
		inet_ntop(af, addr, host, sizeof(host));
		name = host;
	}
	port_to_anyname(pname, sizeof(pname), port, proto, format);
	if (asprintf(&out, "%s%s%s:%s", v6 ? "[" : "", name, v6 ? "]" : "", pname) < 0)
		return NULL;
	return out;
}

void format_service_name(char *buf, size_t len, const struct ipvs_service *se,
			 unsigned int format)
{
	if (se->fwmark) {
		if (format & FMT_RULE)
			snprintf(buf, len, se->af == AF_INET6 ? "-f %d -6" : "-f %d", se->fwmark);
		else
			snprintf(buf, len, se->af == AF_INET6 ? "FWM  %d IPv6" : "FWM  %d",
				 se->fwmark);
		return;
	}

	char *vname = addrport_to_anyname(se->af, &se->addr, se->port, se->protocol, format);

	if (format & FMT_RULE) {
		const char *sw = se->protocol == IPPROTO_TCP ? "-t" :
				 se->protocol == IPPROTO_UDP ? "-u" :
				 se->protocol == IPPROTO_SCTP ? "--sctp-service" : "--xxx-service";
		snprintf(buf, len, "%s %s", sw, vname ? vname : "");
	} else {
		const char *pn = se->protocol == IPPROTO_TCP ? "TCP" :
				 se->protocol == IPPROTO_UDP ? "UDP" :
				 se->protocol == IPPROTO_SCTP ? "SCTP" : "?";
		snprintf(buf, len, "%-4s %s", pn, vname ? vname : "");
		/* IPv4 names are cut to the column width. */
		if (se->af != AF_INET6 && len > 33)
			buf[33] = '\0';
	}
	free(vname);
}

void print_sched_flags(FILE *f, const struct ipvs_service *se)
{
	char flags[64] = "";

	if (!strcmp(se->sched_name, "sh")) {
		if (se->flags & IP_VS_SVC_F_SCHED_SH_FALLBACK)
			strcat(flags, "sh-fallback,");
		if (se->flags & IP_VS_SVC_F_SCHED_SH_PORT)
			strcat(flags, "sh-port,");
		if (se->flags & IP_VS_SVC_F_SCHED3)
			strcat(flags, "flag-3,");
	} else if (!strcmp(se->sched_name, "mh")) {
		if (se->flags & IP_VS_SVC_F_SCHED1)
			strcat(flags, "mh-fallback,");
		if (se->flags & IP_VS_SVC_F_SCHED2)
			strcat(flags, "mh-port,");
		if (se->flags & IP_VS_SVC_F_SCHED3)
			strcat(flags, "flag-3,");
	} else {
		if (se->flags & IP_VS_SVC_F_SCHED1)
			strcat(flags, "flag-1,");
		if (se->flags & IP_VS_SVC_F_SCHED2)
			strcat(flags, "flag-2,");
		if (se->flags & IP_VS_SVC_F_SCHED3)
			strcat(flags, "flag-3,");
	}
	if (flags[0]) {
		flags[strlen(flags) - 1] = '\0';
		fputs(flags, f);
	}
}

static void print_mask(FILE *f, const struct ipvs_service *se, const char *word)
{
	if (se->af == AF_INET && se->netmask != 0xffffffffU) {
		struct in_addr m = { .s_addr = se->netmask };

		fprintf(f, " %s %s", word, inet_ntoa(m));
	}
	if (se->af == AF_INET6 && se->netmask != 128)
		fprintf(f, " %s %i", word, (int)se->netmask);
}

static void print_stats5(FILE *f, const uint64_t v[5], unsigned int format)
{
	for (int i = 0; i < 5; i++)
		print_largenum(f, v[i], format);
}

void print_service_line(FILE *f, const struct ipvs_service *se, const char *svc_name,
			unsigned int format)
{
	const struct ipvs_stats *st = &se->stats;

	if (format & FMT_RULE) {
		fprintf(f, "-A %s -s %s", svc_name, se->sched_name);
		if (se->flags & IP_VS_SVC_F_PERSISTENT) {
			fprintf(f, " -p %u", se->timeout);
			print_mask(f, se, "-M");
			if (se->pe_name[0])
				fprintf(f, " --pe %s", se->pe_name);
		}
		if (se->flags & IP_VS_SVC_F_ONEPACKET)
			fputs(" -o", f);
		if (se->flags & SCHED_FLAGS) {
			fputs(" -b ", f);
			print_sched_flags(f, se);
		}
	} else if (format & FMT_STATS) {
		uint64_t v[5] = { st->conns, st->inpkts, st->outpkts, st->inbytes, st->outbytes };

		fprintf(f, "%-33s", svc_name);
		print_stats5(f, v, format);
	} else if (format & FMT_RATE) {
		uint64_t v[5] = { st->cps, st->inpps, st->outpps, st->inbps, st->outbps };

		fprintf(f, "%-33s", svc_name);
		print_stats5(f, v, format);
	} else {
		fprintf(f, "%s %s", svc_name, se->sched_name);
		if (se->flags & SCHED_FLAGS) {
			fputs(" (", f);
			print_sched_flags(f, se);
			fputs(")", f);
		}
		if (se->flags & IP_VS_SVC_F_PERSISTENT) {
			fprintf(f, " persistent %u", se->timeout);
			print_mask(f, se, "mask");
			if (se->pe_name[0])
				fprintf(f, " pe %s", se->pe_name);
		}
		if (se->flags & IP_VS_SVC_F_ONEPACKET)
			fputs(" ops", f);
	}
	fputc('\n', f);
}

static const char *fwd_name(unsigned flags)
{
	switch (flags & IP_VS_CONN_F_FWD_MASK) {
	case IP_VS_CONN_F_MASQ: return "Masq";
	case IP_VS_CONN_F_LOCALNODE: return "Local";
	case IP_VS_CONN_F_TUNNEL: return "Tunnel";
	case IP_VS_CONN_F_DROUTE: return "Route";
	default: return "(null)";
	}
}

static const char *fwd_switch(unsigned flags)
{
	switch (flags & IP_VS_CONN_F_FWD_MASK) {
	case IP_VS_CONN_F_MASQ: return "-m";
	case IP_VS_CONN_F_TUNNEL: return "-i";
	case IP_VS_CONN_F_LOCALNODE:
	case IP_VS_CONN_F_DROUTE: return "-g";
	default: return "(null)";
	}
}

static const char *tun_flag(unsigned flags, bool option)
{
	static const char *const info[] = { "-c", "+c", "r+c" };
	static const char *const opts[] = { "--tun-nocsum", "--tun-csum", "--tun-remcsum" };

	if (flags > 2)
		return "(null)";
	return option ? opts[flags] : info[flags];
}

static void print_tunnel_rule(FILE *f, const char *svc_name, const char *dname,
			      const struct ipvs_dest *e)
{
	const char *sw = fwd_switch(e->conn_flags);

	switch (e->tun_type) {
	case IP_VS_CONN_F_TUNNEL_TYPE_GUE:
		fprintf(f, "-a %s -r %s %s -w %d --tun-type %s --tun-port %d %s\n",
			svc_name, dname, sw, e->weight, tun_type_name(e->tun_type),
			e->tun_port, tun_flag(e->tun_flags, true));
		break;
	case IP_VS_CONN_F_TUNNEL_TYPE_GRE:
		fprintf(f, "-a %s -r %s %s -w %d --tun-type %s %s\n", svc_name, dname,
			sw, e->weight, tun_type_name(e->tun_type), tun_flag(e->tun_flags, true));
		break;
	case IP_VS_CONN_F_TUNNEL_TYPE_IPIP:
		fprintf(f, "-a %s -r %s %s -w %d --tun-type %s\n", svc_name, dname, sw,
			e->weight, tun_type_name(e->tun_type));
		break;
	default:
		fprintf(f, "-a %s -r %s %s -w %d\n", svc_name, dname, sw, e->weight);
	}
}

static void tun_info(char *buf, size_t len, const struct ipvs_dest *e)
{
	snprintf(buf, len, "n/a");
	if ((e->conn_flags & IP_VS_CONN_F_FWD_MASK) != IP_VS_CONN_F_TUNNEL)
		return;
	switch (e->tun_type) {
	case IP_VS_CONN_F_TUNNEL_TYPE_IPIP:
		snprintf(buf, len, "%s", tun_type_name(e->tun_type));
		break;
	case IP_VS_CONN_F_TUNNEL_TYPE_GUE:
		snprintf(buf, len, "%s:%d:%s", tun_type_name(e->tun_type), e->tun_port,
			 tun_flag(e->tun_flags, false));
		break;
	case IP_VS_CONN_F_TUNNEL_TYPE_GRE:
		snprintf(buf, len, "%s:%s", tun_type_name(e->tun_type),
			 tun_flag(e->tun_flags, false));
		break;
	}
}

void print_dest_line(FILE *f, const struct ipvs_service *se, const struct ipvs_dest *e,
		     const char *svc_name, unsigned int format)
{
	int af = e->af ? e->af : se->af;
	char *dname = addrport_to_anyname(af, &e->addr, e->port, se->protocol, format);
	const struct ipvs_stats *st = &e->stats;

	if (!dname)
		return;
	if (!(format & FMT_RULE) && af != AF_INET6 && strlen(dname) > 28)
		dname[28] = '\0';

	if (format & FMT_RULE) {
		if ((e->conn_flags & IP_VS_CONN_F_FWD_MASK) == IP_VS_CONN_F_TUNNEL)
			print_tunnel_rule(f, svc_name, dname, e);
		else
			fprintf(f, "-a %s -r %s %s -w %d\n", svc_name, dname,
				fwd_switch(e->conn_flags), e->weight);
	} else if (format & FMT_STATS) {
		uint64_t v[5] = { st->conns, st->inpkts, st->outpkts, st->inbytes, st->outbytes };

		fprintf(f, "  -> %-28s", dname);
		print_stats5(f, v, format);
		fputc('\n', f);
	} else if (format & FMT_RATE) {
		fprintf(f, "  -> %-28s %8llu %8llu %8llu", dname,
			(unsigned long long)st->cps, (unsigned long long)st->inpps,
			(unsigned long long)st->outpps);
		print_largenum(f, st->inbps, format);
		print_largenum(f, st->outbps, format);
		fputc('\n', f);
	} else if (format & FMT_THRESHOLDS) {
		fprintf(f, "  -> %-28s %-10u %-10u %-10u %-10u\n", dname, e->u_threshold,
			e->l_threshold, e->activeconns, e->inactconns);
	} else if (format & FMT_PERSISTENTCONN) {
		fprintf(f, "  -> %-28s %-9u %-11u %-10u %-10u\n", dname, (unsigned)e->weight,
			e->persistconns, e->activeconns, e->inactconns);
	} else if (format & FMT_TUN_INFO) {
		char ti[32];

		tun_info(ti, sizeof(ti), e);
		fprintf(f, "  -> %-28s %-7s %-13s %-6d %-10u %-10u\n", dname,
			fwd_name(e->conn_flags), ti, e->weight, e->activeconns, e->inactconns);
	} else {
		fprintf(f, "  -> %-28s %-7s %-6d %-10u %-10u\n", dname, fwd_name(e->conn_flags),
			e->weight, e->activeconns, e->inactconns);
	}
	free(dname);
}

void print_title(FILE *f, unsigned int format)
{
	static const char remote[] = "  -> RemoteAddress:Port\n";
	static const char local[] = "Prot LocalAddress:Port";

	if (format & FMT_STATS)
		fprintf(f, "%-33s %8s %8s %8s %8s %8s\n%s", local,
			"Conns", "InPkts", "OutPkts", "InBytes", "OutBytes", remote);
	else if (format & FMT_RATE)
		fprintf(f, "%-33s %8s %8s %8s %8s %8s\n%s", local,
			"CPS", "InPPS", "OutPPS", "InBPS", "OutBPS", remote);
	else if (format & FMT_THRESHOLDS)
		fprintf(f, "%-33s %-10s %-10s %-10s %-10s\n%s", local,
			"Uthreshold", "Lthreshold", "ActiveConn", "InActConn", remote);
	else if (format & FMT_PERSISTENTCONN)
		fprintf(f, "%-33s %-9s %-11s %-10s %-10s\n%s", local,
			"Weight", "PersistConn", "ActiveConn", "InActConn", remote);
	else if (format & FMT_TUN_INFO)
		fputs("Prot LocalAddress:Port Scheduler Flags\n"
		      "  -> RemoteAddress:Port           Forward TunnelInfo    Weight ActiveConn InActConn\n", f);
	else if (!(format & FMT_RULE))
		fputs("Prot LocalAddress:Port Scheduler Flags\n"
		      "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n", f);
}

/* ipvsadm 1.31 orders by differences of unsigned values taken as int; the
 * wrap-around is kept on purpose so that sorted listings come out the same. */
static int addr_diff(int af, const union ipvs_addr *a, const union ipvs_addr *b)
{
	int r = 0;

	if (af == AF_INET6) {
		for (int i = 0; !r && i < 4; i++)
			r = (int)(ntohl(a->in6.s6_addr32[i]) - ntohl(b->in6.s6_addr32[i]));
		return r;
	}
	return (int)(ntohl(a->ip) - ntohl(b->ip));
}

int cmp_services(const void *pa, const void *pb)
{
	const struct ipvs_service *a = pa, *b = pb;
	int r;

	if ((r = (int)(a->fwmark - b->fwmark)))
		return r;
	if ((r = (int)a->af - (int)b->af))
		return r;
	if ((r = (int)a->protocol - (int)b->protocol))
		return r;
	if ((r = addr_diff(a->af, &a->addr, &b->addr)))
		return r;
	return (int)a->port - (int)b->port;
}

int cmp_dests(const void *pa, const void *pb)
{
	const struct ipvs_dest *a = pa, *b = pb;
	int r = addr_diff(a->af, &a->addr, &b->addr);

	if (r)
		return r;
	return (int)a->port - (int)b->port;
}

int print_conn_line(FILE *f, const char *line, unsigned int format)
{
	char protocol[8], t1[INET6_ADDRSTRLEN + 1], t2[INET6_ADDRSTRLEN + 1],
	     t3[INET6_ADDRSTRLEN + 1], state[16], pe_name[32] = "", pe_data[256] = "";
	unsigned short cport, vport, dport, proto = 0;
	union ipvs_addr ca = { 0 }, va = { 0 }, da = { 0 };
	unsigned int expires;
	char *cname, *vname, *dname, expire_str[16];
	int af = AF_INET;

	int n = sscanf(line, "%7s %46s %hX %46s %hX %46s %hX %15s %u %31s %255s", protocol, t1,
		       &cport, t2, &vport, t3, &dport, state, &expires, pe_name, pe_data);

	/* The nine columns up to the expiry are always there; the persistence
	 * engine's two are optional. A shorter line (a header, a truncated
	 * read) would leave the rest unset: skip it. */
	if (n < CONN_LINE_FIELDS)
		return 1;
	if (!strcmp(protocol, "TCP"))
		proto = IPPROTO_TCP;
	else if (!strcmp(protocol, "UDP"))
		proto = IPPROTO_UDP;
	else if (!strcmp(protocol, "SCTP"))
		proto = IPPROTO_SCTP;
	if (inet_pton(AF_INET6, t1, &ca.in6) > 0) {
		inet_pton(AF_INET6, t2, &va.in6);
		inet_pton(AF_INET6, t3, &da.in6);
		af = AF_INET6;
	} else if (inet_pton(AF_INET, t1, &ca.ip) > 0) {
		inet_pton(AF_INET, t2, &va.ip);
		inet_pton(AF_INET, t3, &da.ip);
	} else {
		ca.ip = htonl(strtoul(t1, NULL, 16));
		va.ip = htonl(strtoul(t2, NULL, 16));
		da.ip = htonl(strtoul(t3, NULL, 16));
	}
	cname = addrport_to_anyname(af, &ca, cport, proto, format);
	vname = addrport_to_anyname(af, &va, vport, proto, format);
	dname = addrport_to_anyname(af, &da, dport, proto, format);
	if (!cname || !vname || !dname) {
		free(cname);
		free(vname);
		free(dname);
		return -1;
	}
	snprintf(expire_str, sizeof(expire_str), "%02d:%02d", expires / 60, expires % 60);
	/* 1.31 prints the persistence-engine columns only for entries that
	 * have one; the others end at the destination, unpadded. */
	if ((format & FMT_PERSISTENTCONN) && pe_name[0])
		fprintf(f, "%-3s %-6s %-11s %-18s %-18s %-16s %-18s %s\n", protocol,
			expire_str, state, cname, vname, dname, pe_name, pe_data);
	else
		fprintf(f, "%-3s %-6s %-11s %-18s %-18s %s\n", protocol, expire_str,
			state, cname, vname, dname);
	free(cname);
	free(vname);
	free(dname);
	return 0;
}
