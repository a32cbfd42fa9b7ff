#include "config.h"

#include "internal.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

/* Plain decimal (the parser takes no exponents), the fewest digits that read
 * back as the same double. */
static void cfg_format_double(double d, char *buf, size_t len)
{
	for (int prec = 0; prec <= 40; prec++) {
		snprintf(buf, len, "%.*f", prec, d);
		if (strtod(buf, NULL) == d)
			break;
	}
}

/* Does raw contain the quote character q other than after a backslash? */
static bool has_bare_quote(const char *s, char q)
{
	for (; *s; s++) {
		if (*s == '\\' && s[1])
			s++;
		else if (*s == q)
			return true;
	}
	return false;
}

/* Values are stored raw (escapes untranslated), so writing one back only needs
 * quotes that the lexer will strip again. */
static void put_raw(FILE *out, const char *s)
{
	bool quote;

	if (!s)
		s = ""; /* a hand-built config without a name */
	quote = !*s || *s == '"' || *s == '\'' || *s == '#';
	for (const char *c = s; *c && !quote; c++)
		if (isspace((unsigned char)*c))
			quote = true;
	if (!quote)
		fputs(s, out);
	else if (!has_bare_quote(s, '"'))
		fprintf(out, "\"%s\"", s);
	else
		fprintf(out, "'%s'", s);
}

static void kv_str(FILE *out, const char *ind, const char *k, const char *v)
{
	if (!v)
		return;
	fprintf(out, "%s%s = ", ind, k);
	put_raw(out, v);
	fputc('\n', out);
}

static void kv_addr(FILE *out, const char *ind, const char *k, const struct lvs_addr *a)
{
	char buf[INET6_ADDRSTRLEN];

	if (!a->family)
		return;
	lvs_addr_format(a, buf, sizeof(buf));
	fprintf(out, "%s%s = %s\n", ind, k, buf);
}

static void kv_addr_dev(FILE *out, const char *ind, const char *k, const struct lvs_addr *a,
			const struct lvs_iface *i)
{
	char buf[INET6_ADDRSTRLEN];

	if (!a->family)
		return;
	lvs_addr_format(a, buf, sizeof(buf));
	fprintf(out, "%s%s = %s %s\n", ind, k, buf, i->label[0] ? i->label : i->dev);
}

static void kv_double(FILE *out, const char *ind, const char *k, double d)
{
	char buf[64];

	cfg_format_double(d, buf, sizeof(buf));
	fprintf(out, "%s%s = %s\n", ind, k, buf);
}

/* IPv4 masks as dotted quads (what the original tools read), IPv6 as prefixes. */
static void kv_mask(FILE *out, const char *ind, const char *k, unsigned prefix,
		    const struct lvs_addr *a)
{
	if (!prefix)
		return;
	if (a->family == AF_INET && prefix <= 32) {
		struct in_addr m = { htonl(prefix == 32 ? 0xffffffffu : ~(0xffffffffu >> prefix)) };
		char buf[INET_ADDRSTRLEN];

		inet_ntop(AF_INET, &m, buf, sizeof(buf));
		fprintf(out, "%s%s = %s\n", ind, k, buf);
	} else {
		fprintf(out, "%s%s = %u\n", ind, k, prefix);
	}
}

static const char *load_name(enum lvs_load_monitor l)
{
	switch (l) {
	case LVS_LOAD_UPTIME: return "uptime";
	case LVS_LOAD_RUP: return "rup";
	case LVS_LOAD_RUPTIME: return "ruptime";
	default: return "none";
	}
}

static void write_globals(const struct lvs_config *c, FILE *out)
{
	const char *g = "";

	fprintf(out, "serial_no = %ld\n", c->serial_no);
	fprintf(out, "service = %s\n", c->service == LVS_SERVICE_FOS ? "fos" : "lvs");
	kv_addr(out, g, "primary", &c->primary);
	kv_addr(out, g, "primary_private", &c->primary_private);
	kv_str(out, g, "primary_shared", c->primary_shared);
	kv_addr(out, g, "backup", &c->backup);
	kv_addr(out, g, "backup_private", &c->backup_private);
	kv_str(out, g, "backup_shared", c->backup_shared);
	fprintf(out, "backup_active = %d\n", c->backup_active);
	fprintf(out, "standby = %s\n", c->standby == LVS_STANDBY_COLD ? "cold" : "hot");
	fprintf(out, "heartbeat = %d\n", c->heartbeat);
	fprintf(out, "heartbeat_port = %u\n", c->heartbeat_port);
	kv_double(out, g, "keepalive", c->keepalive);
	kv_double(out, g, "deadtime", c->deadtime);
	if (c->heartbeat_auth != LVS_HB_AUTH_AUTO)
		fprintf(out, "heartbeat_auth = %s\n",
			c->heartbeat_auth == LVS_HB_AUTH_NONE ? "none" : "hmac-sha256");
	kv_str(out, g, "heartbeat_key_file", c->heartbeat_key_file);
	fprintf(out, "network = %s\n", lvs_forward_name(c->network));
	kv_addr_dev(out, g, "nat_router", &c->nat_router, &c->nat_router_iface);
	kv_mask(out, g, "nat_nmask", c->nat_prefix, &c->nat_router);
	kv_str(out, g, "reservation_conflict_action", c->reservation_conflict_action);
	fprintf(out, "debug_level = %s\n", log_level_name(c->debug_level));
	fprintf(out, "rsh_command = %s\n", c->rsh_command == LVS_RSH_SSH ? "ssh" : "rsh");
	fprintf(out, "sync = %d\n", c->sync);
	kv_str(out, g, "ipvsadm", c->ipvsadm);
	fprintf(out, "syncdaemon = %d\n", c->syncdaemon);
	kv_str(out, g, "syncd_iface", c->syncd_iface);
	fprintf(out, "syncd_id = %u\n", c->syncd_id);
	fprintf(out, "tcp_timeout = %u\n", c->tcp_timeout);
	fprintf(out, "tcpfin_timeout = %u\n", c->tcpfin_timeout);
	fprintf(out, "udp_timeout = %u\n", c->udp_timeout);
	fprintf(out, "monitor_links = %d\n", c->monitor_links);
	kv_str(out, g, "active_cmd", c->active_cmd);
	kv_str(out, g, "inactive_cmd", c->inactive_cmd);
	fprintf(out, "hard_shutdown = %d\n", c->hard_shutdown);
}

static void write_server(const struct lvs_server *s, FILE *out)
{
	const char *i = "\t\t";

	fputs("\tserver ", out);
	put_raw(out, s->name);
	fputs(" {\n", out);
	kv_addr(out, i, "address", &s->addr);
	fprintf(out, "%sactive = %d\n", i, s->active);
	fprintf(out, "%sweight = %d\n", i, s->weight);
	if (s->port)
		fprintf(out, "%sport = %u\n", i, s->port);
	if (s->forward != LVS_FWD_DEFAULT)
		fprintf(out, "%snetwork = %s\n", i, lvs_forward_name(s->forward));
	fputs("\t}\n", out);
}

static void write_virtual(const struct lvs_virtual *v, FILE *out)
{
	const char *i = "\t";

	fputs("\nvirtual ", out);
	put_raw(out, v->name);
	fputs(" {\n", out);
	fprintf(out, "%sactive = %d\n", i, v->active);
	kv_addr_dev(out, i, "address", &v->addr, &v->iface);
	kv_mask(out, i, "vip_nmask", v->vip_prefix, &v->addr);
	if (v->sorry_server.family) {
		char buf[INET6_ADDRSTRLEN];

		lvs_addr_format(&v->sorry_server, buf, sizeof(buf));
		if (!v->sorry_port)
			fprintf(out, "%ssorry_server = %s\n", i, buf);
		else if (v->sorry_server.family == AF_INET6)
			fprintf(out, "%ssorry_server = [%s]:%u\n", i, buf, v->sorry_port);
		else
			fprintf(out, "%ssorry_server = %s:%u\n", i, buf, v->sorry_port);
	}
	if (v->port)
		fprintf(out, "%sport = %u\n", i, v->port);
	fprintf(out, "%sprotocol = %s\n", i, lvs_protocol_name(v->protocol));
	if (v->fwmark)
		fprintf(out, "%sfwmark = %u\n", i, v->fwmark);
	if (v->persistent)
		fprintf(out, "%spersistent = %u\n", i, v->persistent);
	kv_mask(out, i, "pmask", v->pmask_prefix, &v->addr);
	fprintf(out, "%sscheduler = %s\n", i, v->scheduler);
	kv_str(out, i, "send", v->send);
	kv_str(out, i, "expect", v->expect);
	fprintf(out, "%suse_regex = %d\n", i, v->use_regex);
	kv_str(out, i, "send_program", v->send_program);
	fprintf(out, "%sload_monitor = %s\n", i, load_name(v->load_monitor));
	kv_double(out, i, "timeout", v->timeout);
	kv_double(out, i, "check_interval", v->interval);
	kv_double(out, i, "reentry", v->reentry);
	fprintf(out, "%srise = %u\n", i, v->rise);
	fprintf(out, "%sfall = %u\n", i, v->fall);
	fprintf(out, "%squiesce_server = %d\n", i, v->quiesce_server);
	fprintf(out, "%sslow_start = %d\n", i, v->slow_start);
	fprintf(out, "%shealth_check = %d\n", i, v->health_check);
	kv_str(out, i, "client_monitor", v->client_monitor);
	if (v->forward != LVS_FWD_DEFAULT)
		fprintf(out, "%snetwork = %s\n", i, lvs_forward_name(v->forward));
	for (size_t n = 0; n < v->n_servers; n++)
		write_server(&v->servers[n], out);
	fputs("}\n", out);
}

static void write_failover(const struct lvs_failover *f, FILE *out)
{
	const char *i = "\t";

	fputs("\nfailover ", out);
	put_raw(out, f->name);
	fputs(" {\n", out);
	fprintf(out, "%sactive = %d\n", i, f->active);
	kv_addr_dev(out, i, "address", &f->addr, &f->iface);
	kv_mask(out, i, "vip_nmask", f->vip_prefix, &f->addr);
	fprintf(out, "%sport = %u\n", i, f->port);
	kv_str(out, i, "send", f->send);
	kv_str(out, i, "expect", f->expect);
	kv_double(out, i, "timeout", f->timeout);
	kv_double(out, i, "reentry", f->reentry);
	kv_str(out, i, "start_cmd", f->start_cmd);
	kv_str(out, i, "stop_cmd", f->stop_cmd);
	fputs("}\n", out);
}

int lvs_config_write(const struct lvs_config *cfg, FILE *out)
{
	fputs("# lvs.cf, normalized by lvs-suite\n", out);
	write_globals(cfg, out);
	for (size_t i = 0; i < cfg->n_virtuals; i++)
		write_virtual(&cfg->virtuals[i], out);
	for (size_t i = 0; i < cfg->n_failovers; i++)
		write_failover(&cfg->failovers[i], out);
	return ferror(out) || fflush(out) ? -1 : 0;
}
