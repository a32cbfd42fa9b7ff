/* One "keyword = value" line: find the row, parse the value, store it. */
#include "config.h"

#include "internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

/* One "keyword = value" line: table lookup, value parsing, storing. */

static const char *const schedulers[] = {
	"rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh",
	"sed", "nq", "fo", "ovf", "mh", NULL,
};

bool lvs_scheduler_known(const char *name)
{
	for (size_t i = 0; schedulers[i]; i++)
		if (strcmp(schedulers[i], name) == 0)
			return true;
	return false;
}

void *cfg_current(struct cfg_parser *p, struct cfg_meta **meta)
{
	switch (p->block) {
	case BLK_VIRTUAL:
		*meta = &p->vmeta[p->vi];
		return &p->cfg->virtuals[p->vi];
	case BLK_SERVER:
		*meta = &p->smeta[p->vi][p->si];
		return &p->cfg->virtuals[p->vi].servers[p->si];
	case BLK_FAILOVER:
		*meta = &p->fmeta[p->fi];
		return &p->cfg->failovers[p->fi];
	default:
		*meta = &p->gmeta;
		return p->cfg;
	}
}

const char *cfg_where(unsigned block)
{
	switch (block) {
	case BLK_VIRTUAL: return "a virtual block";
	case BLK_SERVER: return "a server block";
	case BLK_FAILOVER: return "a failover block";
	default: return "the global section";
	}
}

void cfg_unknown_keyword(struct cfg_parser *p, unsigned line, const struct cfg_token *k)
{
	unsigned elsewhere = cfg_keyword_blocks(k->text) & ~p->block;
	const char *hint;

	if (elsewhere) {
		char list[128] = "";

		for (unsigned b = BLK_GLOBAL; b <= BLK_FAILOVER; b <<= 1) {
			if (!(elsewhere & b))
				continue;
			if (*list)
				strcat(list, " or ");
			strcat(list, cfg_where(b));
		}
		cfg_error(p, line, k->col, "'%s' is not valid in %s (it belongs in %s)", k->text,
			  cfg_where(p->block), list);
		return;
	}
	hint = cfg_suggest(k->text, p->block);
	if (hint) {
		cfg_error(p, line, k->col, "unknown keyword '%s' (did you mean '%s'?)", k->text, hint);
		return;
	}
	/* A misspelt keyword that is also in the wrong place. */
	hint = cfg_suggest(k->text, BLK_GLOBAL | BLK_VIRTUAL | BLK_SERVER | BLK_FAILOVER);
	elsewhere = hint ? cfg_keyword_blocks(hint) : 0;
	for (unsigned b = BLK_GLOBAL; b <= BLK_FAILOVER; b <<= 1)
		if (elsewhere & b) {
			cfg_error(p, line, k->col, "unknown keyword '%s' (did you mean '%s'? it "
				  "belongs in %s)", k->text, hint, cfg_where(b));
			return;
		}
	cfg_error(p, line, k->col, "unknown keyword '%s' in %s", k->text, cfg_where(p->block));
}

static void enum_error(struct cfg_parser *p, unsigned line, const struct cfg_token *t,
		       const struct cfg_keyword *kw)
{
	char list[160] = "";

	for (const struct cfg_enum *e = kw->enums; e->name; e++) {
		if (*list)
			strcat(list, e[1].name ? ", " : " or ");
		strcat(list, e->name);
	}
	cfg_error(p, line, t->col, "invalid %s '%s' (expected %s)", kw->name, t->text, list);
}

static int add_pending(struct cfg_parser *p, enum cfg_pending_field field, const char *name,
		       unsigned line, unsigned col)
{
	struct cfg_pending *a = realloc(p->pend, (p->n_pend + 1) * sizeof(*a));

	if (!a) {
		p->oom = true;
		return -1;
	}
	p->pend = a;
	a[p->n_pend] = (struct cfg_pending){ field, p->si, strdup(name), line, col };
	if (!a[p->n_pend].name) {
		p->oom = true;
		return -1;
	}
	p->n_pend++;
	return 0;
}

/* A repeated port keyword: its earlier service name must not resolve over it. */
static void drop_pending(struct cfg_parser *p, enum cfg_pending_field field)
{
	size_t k = 0;

	for (size_t i = 0; i < p->n_pend; i++) {
		if (p->pend[i].field == field && (field == PEND_VPORT || field == PEND_SORRY ||
						  p->pend[i].si == p->si))
			free(p->pend[i].name);
		else
			p->pend[k++] = p->pend[i];
	}
	p->n_pend = k;
}

static void set_port(struct cfg_parser *p, unsigned line, const struct cfg_token *t,
		     uint16_t *dst, enum cfg_pending_field field)
{
	int rc;

	if (p->block == BLK_VIRTUAL || p->block == BLK_SERVER)
		drop_pending(p, field);
	rc = cfg_parse_port_number(p, line, t, dst);

	if (rc <= 0)
		return;
	/* A service name: in a virtual it depends on the protocol, known at '}'. */
	if (p->block == BLK_VIRTUAL || p->block == BLK_SERVER) {
		add_pending(p, field, t->text, line, t->col);
		return;
	}
	if (cfg_resolve_service(t->text, p->block == BLK_GLOBAL ? IPPROTO_UDP : IPPROTO_TCP, dst) < 0)
		cfg_error(p, line, t->col, "unknown service name '%s'", t->text);
}

/* sorry_server = IP | IP:port | [IPv6] | [IPv6]:port | IPv6 */
static void set_sorry(struct cfg_parser *p, unsigned line, const struct cfg_token *t,
		      struct lvs_virtual *v)
{
	char host[CFG_MAX_LINE];
	const char *s = t->text, *port = NULL;
	struct cfg_token ht = { host, t->col, false }, pt;
	const char *colon = strchr(s, ':');

	/* Given again: nothing of the earlier value survives. */
	memset(&v->sorry_server, 0, sizeof(v->sorry_server));
	v->sorry_port = 0;
	drop_pending(p, PEND_SORRY);
	if (*s == '[') {
		const char *end = strchr(s, ']');

		if (!end || (end[1] && end[1] != ':') || (end[1] == ':' && !end[2])) {
			cfg_error(p, line, t->col, "sorry_server expected as IP, IP:port or [IPv6]:port, got '%s'", s);
			return;
		}
		memcpy(host, s + 1, (size_t)(end - s - 1));
		host[end - s - 1] = '\0';
		ht.col = t->col + 1;
		if (end[1] == ':')
			port = end + 2;
		if (lvs_addr_parse(host, &v->sorry_server) < 0 || v->sorry_server.family != AF_INET6) {
			memset(&v->sorry_server, 0, sizeof(v->sorry_server));
			cfg_error(p, line, ht.col, "IPv6 address expected inside [ ], got '%s'", host);
			return;
		}
	} else if (colon && !strchr(colon + 1, ':')) {
		memcpy(host, s, (size_t)(colon - s));
		host[colon - s] = '\0';
		port = colon + 1;
		if (!*port) {
			cfg_error(p, line, t->col + (unsigned)(colon - s) + 1, "port expected after ':'");
			return;
		}
		if (cfg_parse_address(p, line, &ht, &v->sorry_server) < 0)
			return;
	} else {
		strcpy(host, s);
		if (cfg_parse_address(p, line, &ht, &v->sorry_server) < 0)
			return;
	}
	if (port) {
		pt = (struct cfg_token){ port, t->col + (unsigned)(port - s), false };
		set_port(p, line, &pt, &v->sorry_port, PEND_SORRY);
	}
}

static void set_string(struct cfg_parser *p, unsigned line, const struct cfg_token *t,
		       const struct cfg_keyword *kw, char **dst)
{
	if (kw->enums) {
		const struct cfg_enum *e;

		for (e = kw->enums; e->name && strcmp(e->name, t->text); e++)
			;
		if (!e->name) {
			enum_error(p, line, t, kw);
			return;
		}
	}
	if (kw->send_expect) {
		unsigned col = 0;
		char *plain = lvs_unescape(t->text, NULL, &col);

		if (!plain) {
			if (errno == EINVAL)
				cfg_error(p, line, t->col + (t->quoted ? 1 : 0) + col - 1,
					  "lone backslash at the end of %s (write \\\\ for a backslash)",
					  kw->name);
			else
				p->oom = true;
			return;
		}
		free(plain);
	}
	free(*dst); /* a repeated keyword replaces the earlier value */
	*dst = strdup(t->text);
	if (!*dst)
		p->oom = true;
}

static void set_int(struct cfg_parser *p, unsigned line, const struct cfg_token *t,
		    const struct cfg_keyword *kw, void *dst)
{
	long v;

	if (cfg_parse_long(p, line, t, kw->min, kw->max, &v) < 0)
		return;
	switch (kw->ikind) {
	case I_LONG: *(long *)dst = v; break;
	case I_INT: *(int *)dst = (int)v; break;
	case I_UINT: *(unsigned *)dst = (unsigned)v; break;
	case I_U32: *(uint32_t *)dst = (uint32_t)v; break;
	}
}

static void set_value(struct cfg_parser *p, unsigned line, const struct cfg_keyword *kw,
		      const struct cfg_token *val, char *base, struct cfg_meta *meta, size_t slot)
{
	void *dst = base + kw->off;

	switch (kw->type) {
	case T_BOOL:
		cfg_parse_bool(p, line, val, dst);
		break;
	case T_INT:
		set_int(p, line, val, kw, dst);
		break;
	case T_DURATION:
		cfg_parse_duration(p, line, val, kw->min == 0, dst);
		break;
	case T_PORT:
		set_port(p, line, val, dst, p->block == BLK_SERVER ? PEND_SPORT : PEND_VPORT);
		break;
	case T_ADDR:
		cfg_parse_address(p, line, val, dst);
		break;
	case T_ADDR_DEV:
		if (cfg_parse_address(p, line, &val[0], dst) == 0 &&
		    cfg_parse_iface(p, line, &val[1], (struct lvs_iface *)(base + kw->off2)) < 0)
			memset(dst, 0, sizeof(struct lvs_addr));
		break;
	case T_NETMASK:
		/* The original's GUI writes 0.0.0.0 for an empty address mask. A
		 * persistence mask of 0.0.0.0 is no such placeholder: it stays an error. */
		if (kw->blank_is_unset && !val->quoted && strcmp(val->text, "0.0.0.0") == 0) {
			*(unsigned *)dst = 0;
			meta->dotted[slot] = false;
			break;
		}
		cfg_parse_netmask(p, line, val, dst, &meta->dotted[slot]);
		break;
	case T_STRING:
		set_string(p, line, val, kw, dst);
		break;
	case T_DEVICE:
		cfg_parse_device(p, line, val, dst);
		break;
	case T_ENUM: {
		const struct cfg_enum *e;

		for (e = kw->enums; e->name && strcmp(e->name, val->text); e++)
			;
		if (e->name)
			*(int *)dst = e->value;
		else
			enum_error(p, line, val, kw);
		break;
	}
	case T_SCHED: {
		size_t i;

		for (i = 0; schedulers[i] && strcmp(schedulers[i], val->text); i++)
			;
		if (schedulers[i])
			strcpy(dst, schedulers[i]);
		else
			cfg_error(p, line, val->col, "unknown scheduler '%s' (expected rr, wrr, lc, wlc, "
				  "lblc, lblcr, dh, sh, sed, nq, fo, ovf or mh)", val->text);
		break;
	}
	case T_DEBUG: {
		int lvl = log_level_from_name(val->text);

		if (lvl >= 0)
			*(int *)dst = lvl;
		else
			cfg_error(p, line, val->col, "invalid debug_level '%s' (expected none, err, "
				  "warning, notice, info, debug or 0-7)", val->text);
		break;
	}
	case T_SORRY:
		set_sorry(p, line, val, (struct lvs_virtual *)base);
		break;
	case T_IGNORE:
		break;
	}
}

void cfg_do_keyword(struct cfg_parser *p, const struct cfg_line *l)
{
	const struct cfg_token *k = &l->tok[0], *vals = &l->tok[2];
	const struct cfg_keyword *kw = cfg_keyword_find(k->text, p->block);
	size_t nvals = l->n - 2, want, slot;
	struct cfg_meta *meta;
	char *base;

	if (!kw) {
		cfg_unknown_keyword(p, l->lineno, k);
		return;
	}
	base = cfg_current(p, &meta);
	slot = cfg_keyword_slot(kw);
	/* The original let the last of repeated keywords win; files rely on it. */
	if (meta->line[slot])
		cfg_warn(p, l->lineno, k->col, "'%s' is set again (first at line %u): the last "
			 "value is used", kw->name, meta->line[slot]);
	meta->line[slot] = l->lineno;
	meta->col[slot] = k->col;
	if (kw->type == T_IGNORE)
		return; /* obsolete: whatever follows is accepted */
	want = kw->type == T_ADDR_DEV ? 2 : 1;
	if (nvals == 0) {
		cfg_error(p, l->lineno, l->tok[1].col + 1, "missing value for '%s'", kw->name);
		return;
	}
	if (nvals < want) {
		cfg_error(p, l->lineno, vals[0].col + (unsigned)strlen(vals[0].text) + (vals[0].quoted ? 2 : 0),
			  "'%s' needs an address and an interface (e.g. 192.0.2.10 eth0:1)", kw->name);
		return;
	}
	if (nvals > want) {
		cfg_error(p, l->lineno, vals[want].col,
			  "unexpected '%s' after the value of '%s' (quote values that contain spaces)",
			  vals[want].text, kw->name);
		return;
	}
	set_value(p, l->lineno, kw, vals, base, meta, slot);
}
