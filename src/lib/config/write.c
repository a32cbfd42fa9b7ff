/* Writing a configuration back as lvs.cf text: each block row by row
 * from the keyword table, so that parsing the output gives an equal
 * configuration (lvs-config-check --dump, lvs-config-convert). */
#include "config.h"

#include "internal.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "log.h"

/* Plain decimal (the parser takes no exponents), the fewest digits that read
 * back as the same double. */
static void format_double(double d, char *buf, size_t len)
{
	for (int prec = 0; prec <= 40; prec++) {
		snprintf(buf, len, "%.*f", prec, d);
		if (strtod(buf, NULL) == d)
			break;
	}
}

/* Does raw contain the quote character q other than after a backslash? */
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
	else if (!lvs_has_bare_quote(s, '"'))
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

	format_double(d, buf, sizeof(buf));
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

static void kv_int(FILE *out, const char *ind, const struct cfg_keyword *kw, const void *v)
{
	long n = 0;

	switch (kw->ikind) {
	case I_LONG: n = *(const long *)v; break;
	case I_INT: n = *(const int *)v; break;
	case I_UINT: n = (long)*(const unsigned *)v; break;
	case I_U32: n = (long)*(const uint32_t *)v; break;
	}
	if (n || !kw->write_if_set)
		fprintf(out, "%s%s = %ld\n", ind, kw->name, n);
}

/* The first name of the value; a value with none (heartbeat_auth not set,
 * network inherited) is not written. */
static void kv_enum(FILE *out, const char *ind, const struct cfg_keyword *kw, int value)
{
	for (const struct cfg_enum *e = kw->enums; e->name; e++)
		if (e->value == value) {
			fprintf(out, "%s%s = %s\n", ind, kw->name, e->name);
			return;
		}
}

static void kv_sorry(FILE *out, const char *ind, const char *k, const struct lvs_addr *a,
		     uint16_t port)
{
	char buf[INET6_ADDRSTRLEN];

	if (!a->family)
		return;
	lvs_addr_format(a, buf, sizeof(buf));
	if (!port)
		fprintf(out, "%s%s = %s\n", ind, k, buf);
	else if (a->family == AF_INET6)
		fprintf(out, "%s%s = [%s]:%u\n", ind, k, buf, port);
	else
		fprintf(out, "%s%s = %s:%u\n", ind, k, buf, port);
}

/* One keyword of a block, as the parser reads it back. */
static void write_row(FILE *out, const char *ind, const struct cfg_keyword *kw, const void *obj)
{
	const char *base = obj, *v = base + kw->off;
	uint16_t port;

	switch (kw->type) {
	case T_BOOL:
		fprintf(out, "%s%s = %d\n", ind, kw->name, *(const bool *)v);
		break;
	case T_INT:
		kv_int(out, ind, kw, v);
		break;
	case T_DURATION:
		kv_double(out, ind, kw->name, *(const double *)v);
		break;
	case T_PORT:
		port = *(const uint16_t *)v;
		if (port || !kw->write_if_set)
			fprintf(out, "%s%s = %u\n", ind, kw->name, port);
		break;
	case T_ADDR:
		kv_addr(out, ind, kw->name, (const struct lvs_addr *)v);
		break;
	case T_ADDR_DEV:
		kv_addr_dev(out, ind, kw->name, (const struct lvs_addr *)v,
			    (const struct lvs_iface *)(base + kw->off2));
		break;
	case T_NETMASK:
		kv_mask(out, ind, kw->name, *(const unsigned *)v, (const struct lvs_addr *)(base + kw->off2));
		break;
	case T_STRING:
		kv_str(out, ind, kw->name, *(char *const *)v);
		break;
	case T_DEVICE:
		kv_str(out, ind, kw->name, v);
		break;
	case T_SCHED:
		fprintf(out, "%s%s = %s\n", ind, kw->name, v);
		break;
	case T_ENUM:
		kv_enum(out, ind, kw, *(const int *)v);
		break;
	case T_DEBUG:
		fprintf(out, "%s%s = %s\n", ind, kw->name, log_level_name(*(const int *)v));
		break;
	case T_SORRY:
		kv_sorry(out, ind, kw->name, (const struct lvs_addr *)v, *(const uint16_t *)(base + kw->off2));
		break;
	case T_IGNORE:
		break;
	}
}

/* Every keyword of the block, in the table's order. */
static void write_rows(FILE *out, const char *ind, unsigned block, const void *obj)
{
	for (size_t i = 0; i < cfg_n_keywords; i++)
		if (cfg_keywords[i].blocks & block)
			write_row(out, ind, &cfg_keywords[i], obj);
}

static void write_server(const struct lvs_server *s, FILE *out)
{
	fputs("\tserver ", out);
	put_raw(out, s->name);
	fputs(" {\n", out);
	write_rows(out, "\t\t", BLK_SERVER, s);
	fputs("\t}\n", out);
}

static void write_virtual(const struct lvs_virtual *v, FILE *out)
{
	fputs("\nvirtual ", out);
	put_raw(out, v->name);
	fputs(" {\n", out);
	write_rows(out, "\t", BLK_VIRTUAL, v);
	for (size_t n = 0; n < v->n_servers; n++)
		write_server(&v->servers[n], out);
	fputs("}\n", out);
}

static void write_failover(const struct lvs_failover *f, FILE *out)
{
	fputs("\nfailover ", out);
	put_raw(out, f->name);
	fputs(" {\n", out);
	write_rows(out, "\t", BLK_FAILOVER, f);
	fputs("}\n", out);
}

int lvs_config_write(const struct lvs_config *cfg, FILE *out)
{
	fputs("# lvs.cf, normalized by lvs-suite\n", out);
	write_rows(out, "", BLK_GLOBAL, cfg);
	for (size_t i = 0; i < cfg->n_virtuals; i++)
		write_virtual(&cfg->virtuals[i], out);
	for (size_t i = 0; i < cfg->n_failovers; i++)
		write_failover(&cfg->failovers[i], out);
	return ferror(out) || fflush(out) ? -1 : 0;
}
