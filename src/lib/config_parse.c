#include "config.h"

#include "config_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

static const char *const schedulers[] = {
	"rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh",
	"sed", "nq", "fo", "ovf", "mh", NULL,
};

/* Grow an array so that it has room for n + 1 elements. */
static int grow(struct cfg_parser *p, void **arr, size_t *cap, size_t n, size_t size)
{
	void *a;
	size_t c;

	if (n < *cap)
		return 0;
	c = *cap ? *cap * 2 : 4;
	a = realloc(*arr, c * size);
	if (!a) {
		p->oom = true;
		return -1;
	}
	memset((char *)a + *cap * size, 0, (c - *cap) * size);
	*arr = a;
	*cap = c;
	return 0;
}

static void *current(struct cfg_parser *p, struct cfg_meta **meta)
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

static const char *where(unsigned block)
{
	switch (block) {
	case BLK_VIRTUAL: return "a virtual block";
	case BLK_SERVER: return "a server block";
	case BLK_FAILOVER: return "a failover block";
	default: return "the global section";
	}
}

static void unknown_keyword(struct cfg_parser *p, unsigned line, const struct cfg_token *k)
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
			strcat(list, where(b));
		}
		cfg_error(p, line, k->col, "'%s' is not valid in %s (it belongs in %s)", k->text,
			  where(p->block), list);
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
				  "belongs in %s)", k->text, hint, where(b));
			return;
		}
	cfg_error(p, line, k->col, "unknown keyword '%s' in %s", k->text, where(p->block));
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

static void set_port(struct cfg_parser *p, unsigned line, const struct cfg_token *t,
		     uint16_t *dst, enum cfg_pending_field field)
{
	int rc = cfg_parse_port_number(p, line, t, dst);

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

static void do_keyword(struct cfg_parser *p, const struct cfg_line *l)
{
	const struct cfg_token *k = &l->tok[0], *vals = &l->tok[2];
	const struct cfg_keyword *kw = cfg_keyword_find(k->text, p->block);
	size_t nvals = l->n - 2, want, slot;
	struct cfg_meta *meta;
	char *base;

	if (!kw) {
		unknown_keyword(p, l->lineno, k);
		return;
	}
	base = current(p, &meta);
	slot = cfg_keyword_slot(kw);
	if (meta->line[slot]) {
		cfg_error(p, l->lineno, k->col, "duplicate keyword '%s' (already set at line %u)",
			  kw->name, meta->line[slot]);
		return;
	}
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

static bool is_tok(const struct cfg_token *t, const char *s)
{
	return !t->quoted && strcmp(t->text, s) == 0;
}

static void open_block(struct cfg_parser *p, unsigned kind, const char *name, unsigned line,
		       unsigned col, unsigned kcol)
{
	struct lvs_config *c = p->cfg;
	char *dup = strdup(name);

	if (!dup) {
		p->oom = true;
		p->skip_depth++;
		return;
	}
	if (kind == BLK_VIRTUAL) {
		size_t n = c->n_virtuals, cap = p->cap_v;

		/* Four parallel arrays with one capacity. */
		if (grow(p, (void **)&c->virtuals, &cap, n, sizeof(*c->virtuals)) < 0)
			goto fail;
		cap = p->cap_v;
		if (grow(p, (void **)&p->vmeta, &cap, n, sizeof(*p->vmeta)) < 0)
			goto fail;
		cap = p->cap_v;
		if (grow(p, (void **)&p->smeta, &cap, n, sizeof(*p->smeta)) < 0)
			goto fail;
		cap = p->cap_v;
		if (grow(p, (void **)&p->cap_s, &cap, n, sizeof(*p->cap_s)) < 0)
			goto fail;
		p->cap_v = cap;
		p->vi = c->n_virtuals++;
		memset(&c->virtuals[p->vi], 0, sizeof(c->virtuals[p->vi]));
		memset(&p->vmeta[p->vi], 0, sizeof(p->vmeta[p->vi]));
		p->smeta[p->vi] = NULL;
		p->cap_s[p->vi] = 0;
		cfg_virtual_defaults(&c->virtuals[p->vi]);
		c->virtuals[p->vi].name = dup;
		c->virtuals[p->vi].line = line;
	} else if (kind == BLK_SERVER) {
		struct lvs_virtual *v = &c->virtuals[p->vi];
		size_t cap = p->cap_s[p->vi];

		if (grow(p, (void **)&v->servers, &cap, v->n_servers, sizeof(*v->servers)) < 0)
			goto fail;
		cap = p->cap_s[p->vi];
		if (grow(p, (void **)&p->smeta[p->vi], &cap, v->n_servers, sizeof(**p->smeta)) < 0)
			goto fail;
		p->cap_s[p->vi] = cap;
		p->si = v->n_servers++;
		memset(&v->servers[p->si], 0, sizeof(v->servers[p->si]));
		memset(&p->smeta[p->vi][p->si], 0, sizeof(p->smeta[p->vi][p->si]));
		cfg_server_defaults(&v->servers[p->si]);
		v->servers[p->si].name = dup;
		v->servers[p->si].line = line;
	} else {
		size_t cap = p->cap_f;

		if (grow(p, (void **)&c->failovers, &cap, c->n_failovers, sizeof(*c->failovers)) < 0)
			goto fail;
		cap = p->cap_f;
		if (grow(p, (void **)&p->fmeta, &cap, c->n_failovers, sizeof(*p->fmeta)) < 0)
			goto fail;
		p->cap_f = cap;
		p->fi = c->n_failovers++;
		memset(&c->failovers[p->fi], 0, sizeof(c->failovers[p->fi]));
		memset(&p->fmeta[p->fi], 0, sizeof(p->fmeta[p->fi]));
		cfg_failover_defaults(&c->failovers[p->fi]);
		c->failovers[p->fi].name = dup;
		c->failovers[p->fi].line = line;
	}
	{
		struct cfg_meta *m;

		p->block = kind;
		current(p, &m);
		m->block_col = kcol;
	}
	p->open_line[kind == BLK_SERVER] = line;
	p->open_col[kind == BLK_SERVER] = col;
	p->block = kind;
	return;
fail:
	free(dup);
	p->skip_depth++;
}

static void do_block(struct cfg_parser *p, const struct cfg_line *l, unsigned kind)
{
	const struct cfg_token *k = &l->tok[0];
	bool allowed = kind == BLK_SERVER ? p->block == BLK_VIRTUAL : p->block == BLK_GLOBAL;
	char name[CFG_MAX_LINE];
	unsigned brace_col = 0;
	size_t next = 2;

	name[0] = '\0';
	if (l->n >= 2 && !is_tok(&l->tok[1], "{")) {
		size_t len = strlen(l->tok[1].text);

		strcpy(name, l->tok[1].text);
		if (!l->tok[1].quoted && len > 1 && name[len - 1] == '{') {
			/* "virtual web{" */
			name[len - 1] = '\0';
			brace_col = l->tok[1].col + (unsigned)len - 1;
		}
	} else {
		next = 1;
	}
	if (!brace_col && next < l->n && is_tok(&l->tok[next], "{"))
		brace_col = l->tok[next++].col;
	if (!allowed) {
		if (kind == BLK_SERVER)
			cfg_error(p, l->lineno, k->col, "a server block is only allowed inside a virtual block");
		else
			cfg_error(p, l->lineno, k->col, "a %s block cannot be inside %s (missing '}'?)",
				  cfg_block_name(kind), where(p->block));
		if (brace_col)
			p->skip_depth++;
		return;
	}
	if (!*name) {
		cfg_error(p, l->lineno, next < l->n ? l->tok[next - 1].col : k->col + (unsigned)strlen(k->text),
			  "missing name after '%s'", k->text);
		if (brace_col)
			p->skip_depth++;
		return;
	}
	if (next < l->n) {
		cfg_error(p, l->lineno, l->tok[next].col, "unexpected '%s' after '%s %s %s'",
			  l->tok[next].text, k->text, name, brace_col ? "{" : "");
	}
	if (!brace_col)
		cfg_error(p, l->lineno, l->tok[1].col + (unsigned)strlen(l->tok[1].text) + 1,
			  "expected '{' after '%s %s' (on the same line)", k->text, name);
	open_block(p, kind, name, l->lineno, brace_col ? brace_col : k->col, k->col);
}

static void close_block(struct cfg_parser *p, const struct cfg_line *l)
{
	if (l->n > 1)
		cfg_error(p, l->lineno, l->tok[1].col, "unexpected '%s' after '}'", l->tok[1].text);
	if (p->skip_depth) {
		p->skip_depth--;
		return;
	}
	switch (p->block) {
	case BLK_SERVER:
		p->block = BLK_VIRTUAL;
		break;
	case BLK_VIRTUAL:
		cfg_check_virtual_close(p, p->vi);
		p->block = BLK_GLOBAL;
		break;
	case BLK_FAILOVER:
		p->block = BLK_GLOBAL;
		break;
	default:
		cfg_error(p, l->lineno, l->tok[0].col, "unexpected '}' (no block is open)");
	}
}

static unsigned block_kind(const struct cfg_token *t)
{
	if (t->quoted)
		return 0;
	if (strcmp(t->text, "virtual") == 0)
		return BLK_VIRTUAL;
	if (strcmp(t->text, "server") == 0)
		return BLK_SERVER;
	if (strcmp(t->text, "failover") == 0)
		return BLK_FAILOVER;
	return 0;
}

static void do_line(struct cfg_parser *p, const struct cfg_line *l)
{
	const struct cfg_token *k = &l->tok[0];
	unsigned kind = block_kind(k);

	if (p->skip_depth) {
		/* Inside a block we could not open: only track its braces. */
		if (is_tok(k, "}"))
			close_block(p, l);
		else if (is_tok(&l->tok[l->n - 1], "{"))
			p->skip_depth++;
		return;
	}
	if (is_tok(k, "}")) {
		close_block(p, l);
	} else if (is_tok(k, "{")) {
		cfg_error(p, l->lineno, k->col, "'{' must be on the same line as the block name");
	} else if (l->n >= 2 && is_tok(&l->tok[1], "=")) {
		if (kind)
			cfg_error(p, l->lineno, k->col, "'%s' starts a block (%s NAME {), not a keyword",
				  k->text, k->text);
		else
			do_keyword(p, l);
	} else if (kind) {
		do_block(p, l, kind);
	} else if (cfg_keyword_find(k->text, p->block)) {
		const struct cfg_keyword *kw = cfg_keyword_find(k->text, p->block);
		struct cfg_meta *m;

		cfg_error(p, l->lineno, l->n >= 2 ? l->tok[1].col : k->col + (unsigned)strlen(k->text),
			  "missing '=' after '%s'", k->text);
		/* Count it as given: "port 80" should not also be "no port". */
		current(p, &m);
		if (!m->line[cfg_keyword_slot(kw)]) {
			m->line[cfg_keyword_slot(kw)] = l->lineno;
			m->col[cfg_keyword_slot(kw)] = k->col;
		}
	} else {
		unknown_keyword(p, l->lineno, k);
	}
}

static void finish(struct cfg_parser *p, unsigned last_line)
{
	(void)last_line;
	if (p->block == BLK_SERVER) {
		struct lvs_server *s = &p->cfg->virtuals[p->vi].servers[p->si];

		cfg_error(p, p->open_line[1], p->open_col[1],
			  "block 'server %s' opened here is never closed (missing '}')", s->name);
		p->block = BLK_VIRTUAL;
	}
	if (p->block == BLK_VIRTUAL) {
		cfg_error(p, p->open_line[0], p->open_col[0],
			  "block 'virtual %s' opened here is never closed (missing '}')",
			  p->cfg->virtuals[p->vi].name);
		cfg_check_virtual_close(p, p->vi);
	} else if (p->block == BLK_FAILOVER) {
		cfg_error(p, p->open_line[0], p->open_col[0],
			  "block 'failover %s' opened here is never closed (missing '}')",
			  p->cfg->failovers[p->fi].name);
	}
	p->block = BLK_GLOBAL;
	cfg_check_all(p);
}

/* Report in file order: semantic checks run last but point anywhere. Stable,
 * so errors on one spot keep the order they were found in. */
static void sort_errors(struct lvs_config_errors *e)
{
	for (size_t i = 1; i < e->count; i++) {
		struct lvs_config_error x = e->items[i];
		size_t j = i;

		while (j > 0 && (e->items[j - 1].line > x.line ||
				 (e->items[j - 1].line == x.line && e->items[j - 1].col > x.col))) {
			e->items[j] = e->items[j - 1];
			j--;
		}
		e->items[j] = x;
	}
}

struct lvs_config *lvs_config_parse(const char *name, const char *text, size_t len,
				    struct lvs_config_errors *errs)
{
	struct lvs_config_errors local = { NULL, 0 };
	struct cfg_parser *p = calloc(1, sizeof(*p));
	struct cfg_line *l = malloc(sizeof(*l));
	struct lvs_config *cfg = calloc(1, sizeof(*cfg));
	size_t pos = 0;
	unsigned lineno = 0;
	bool failed;

	if (errs)
		*errs = (struct lvs_config_errors){ NULL, 0 };
	if (!p || !l || !cfg || !(cfg->path = strdup(name ? name : "-"))) {
		free(p);
		free(l);
		lvs_config_free(cfg);
		errno = ENOMEM;
		return NULL;
	}
	p->file = cfg->path;
	p->cfg = cfg;
	p->errs = errs ? errs : &local;
	p->block = BLK_GLOBAL;
	cfg_config_defaults(cfg);

	while (pos < len && !p->gave_up && !p->oom) {
		const char *s = text + pos, *nl = memchr(s, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - s) : len - pos;

		pos += n + (nl ? 1 : 0);
		lineno++;
		if (n && s[n - 1] == '\r')
			n--;
		if (cfg_lex_line(p, lineno, s, n, l) == 0 && l->n)
			do_line(p, l);
	}
	if (!p->gave_up && !p->oom)
		finish(p, lineno);

	failed = p->oom || p->errs->count > 0;
	sort_errors(p->errs);
	for (size_t i = 0; i < p->n_pend; i++)
		free(p->pend[i].name);
	free(p->pend);
	for (size_t i = 0; i < cfg->n_virtuals; i++)
		free(p->smeta[i]);
	free(p->smeta);
	free(p->cap_s);
	free(p->vmeta);
	free(p->fmeta);
	if (p->oom)
		errno = ENOMEM;
	else if (failed)
		errno = EINVAL;
	free(p);
	free(l);
	lvs_config_errors_clear(&local);
	if (failed) {
		lvs_config_free(cfg);
		return NULL;
	}
	return cfg;
}

static void file_error(const char *path, struct lvs_config_errors *errs, const char *what, int e)
{
	struct cfg_parser p = { .file = path, .errs = errs };

	if (errs)
		cfg_error(&p, 0, 0, "%s: %s", what, strerror(e));
	errno = e;
}

struct lvs_config *lvs_config_load(const char *path, struct lvs_config_errors *errs)
{
	struct lvs_config *cfg;
	FILE *f;
	char *text = NULL;
	size_t len = 0, cap = 0;
	int e = 0;

	if (errs)
		*errs = (struct lvs_config_errors){ NULL, 0 };
	f = fopen(path, "re");
	if (!f) {
		file_error(path, errs, "cannot open", errno);
		return NULL;
	}
	for (;;) {
		size_t n;

		if (len + 4096 > cap) {
			char *t = realloc(text, cap = cap ? cap * 2 : 65536);

			if (!t) {
				e = ENOMEM;
				break;
			}
			text = t;
		}
		n = fread(text + len, 1, cap - len, f);
		len += n;
		if (n == 0) {
			if (ferror(f))
				e = errno ? errno : EIO;
			break;
		}
	}
	fclose(f);
	if (e) {
		free(text);
		file_error(path, errs, "cannot read", e);
		return NULL;
	}
	cfg = lvs_config_parse(path, text, len, errs);
	free(text);
	return cfg;
}
