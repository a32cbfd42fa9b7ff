#include "config.h"

#include "internal.h"

#include <stdlib.h>
#include <string.h>

/* Opening and closing virtual, server and failover blocks. */

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
		cfg_current(p, &m);
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

void cfg_do_block(struct cfg_parser *p, const struct cfg_line *l, unsigned kind)
{
	const struct cfg_token *k = &l->tok[0];
	bool allowed = kind == BLK_SERVER ? p->block == BLK_VIRTUAL : p->block == BLK_GLOBAL;
	char name[CFG_MAX_LINE];
	unsigned brace_col = 0;
	size_t next = 2;

	name[0] = '\0';
	if (l->n >= 2 && !cfg_is_tok(&l->tok[1], "{")) {
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
	if (!brace_col && next < l->n && cfg_is_tok(&l->tok[next], "{"))
		brace_col = l->tok[next++].col;
	if (!allowed) {
		if (kind == BLK_SERVER)
			cfg_error(p, l->lineno, k->col, "a server block is only allowed inside a virtual block");
		else
			cfg_error(p, l->lineno, k->col, "a %s block cannot be inside %s (missing '}'?)",
				  cfg_block_name(kind), cfg_where(p->block));
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
		cfg_error(p, l->lineno, l->tok[next].col, "unexpected '%s' after '%s %s%s'",
			  l->tok[next].text, k->text, name, brace_col ? " {" : "");
	}
	if (!brace_col)
		cfg_error(p, l->lineno, l->tok[1].col + (unsigned)strlen(l->tok[1].text) + 1,
			  "expected '{' after '%s %s' (on the same line)", k->text, name);
	open_block(p, kind, name, l->lineno, brace_col ? brace_col : k->col, k->col);
}

void cfg_close_block(struct cfg_parser *p, const struct cfg_line *l)
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

unsigned cfg_block_kind(const struct cfg_token *t)
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
