#include "config.h"

#include "internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static void do_line(struct cfg_parser *p, const struct cfg_line *l)
{
	const struct cfg_token *k = &l->tok[0];
	unsigned kind = cfg_block_kind(k);

	if (p->skip_depth) {
		/* Inside a block we could not open: only track its braces. */
		if (cfg_is_tok(k, "}"))
			cfg_close_block(p, l);
		else if (cfg_is_tok(&l->tok[l->n - 1], "{"))
			p->skip_depth++;
		return;
	}
	if (cfg_is_tok(k, "}")) {
		cfg_close_block(p, l);
	} else if (cfg_is_tok(k, "{")) {
		cfg_error(p, l->lineno, k->col, "'{' must be on the same line as the block name");
	} else if (l->n >= 2 && cfg_is_tok(&l->tok[1], "=")) {
		if (kind)
			cfg_error(p, l->lineno, k->col, "'%s' starts a block (%s NAME {), not a keyword",
				  k->text, k->text);
		else
			cfg_do_keyword(p, l);
	} else if (kind) {
		cfg_do_block(p, l, kind);
	} else if (cfg_keyword_find(k->text, p->block)) {
		const struct cfg_keyword *kw = cfg_keyword_find(k->text, p->block);
		struct cfg_meta *m;

		cfg_error(p, l->lineno, l->n >= 2 ? l->tok[1].col : k->col + (unsigned)strlen(k->text),
			  "missing '=' after '%s'", k->text);
		/* Count it as given: "port 80" should not also be "no port". */
		cfg_current(p, &m);
		if (!m->line[cfg_keyword_slot(kw)]) {
			m->line[cfg_keyword_slot(kw)] = l->lineno;
			m->col[cfg_keyword_slot(kw)] = k->col;
		}
	} else {
		cfg_unknown_keyword(p, l->lineno, k);
	}
}

static void finish(struct cfg_parser *p)
{
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

#define TOO_LARGE "file too large (lvs.cf may be at most 16 MiB)"

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
	if (len > LVS_CONFIG_MAX_SIZE) {
		cfg_error(p, 0, 0, "%s", TOO_LARGE);
		p->gave_up = true;
	}

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
		finish(p);

	failed = p->oom || lvs_config_error_count(p->errs) > 0;
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

	if (errs && e)
		cfg_error(&p, 0, 0, "%s: %s", what, strerror(e));
	else if (errs)
		cfg_error(&p, 0, 0, "%s", what);
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
	if (!*path) {
		/* Printed without a file name (errors.c). */
		file_error(path, errs, "the configuration file name is empty", 0);
		errno = EINVAL;
		return NULL;
	}
	f = fopen(path, "re");
	if (!f) {
		file_error(path, errs, "cannot open", errno);
		return NULL;
	}
	/* Read at most one byte more than allowed, to tell "too large" (a
	 * device such as /dev/zero never ends). */
	for (;;) {
		size_t n, want;

		if (len + 4096 > cap) {
			char *t = realloc(text, cap = cap ? cap * 2 : 65536);

			if (!t) {
				e = ENOMEM;
				break;
			}
			text = t;
		}
		want = cap - len;
		if (want > (size_t)LVS_CONFIG_MAX_SIZE + 1 - len)
			want = (size_t)LVS_CONFIG_MAX_SIZE + 1 - len;
		n = fread(text + len, 1, want, f);
		len += n;
		if (len > LVS_CONFIG_MAX_SIZE) {
			e = EFBIG;
			break;
		}
		if (n == 0) {
			if (ferror(f))
				e = errno ? errno : EIO;
			break;
		}
	}
	fclose(f);
	if (e == EFBIG) {
		struct cfg_parser p = { .file = path, .errs = errs };

		free(text);
		if (errs)
			cfg_error(&p, 0, 0, "%s", TOO_LARGE);
		errno = EFBIG;
		return NULL;
	}
	if (e) {
		free(text);
		file_error(path, errs, "cannot read", e);
		return NULL;
	}
	cfg = lvs_config_parse(path, text, len, errs);
	free(text);
	return cfg;
}
