/* keepalived.conf block tree: statements and their { } blocks, with the
 * included files spliced in where they are named. */
#include "config.h"

#include "kconf.h"

#include <stdlib.h>
#include <string.h>

struct builder {
	struct kconf_tree *t;
	const struct kconf_reader *rd;
	struct kconf_diags *d;
};

struct cursor {
	struct kconf_toks *toks;
	size_t pos;
	const char *file;       /* the tree's copy of the name */
	unsigned seq;
};

static void node_free(struct kconf_node *n)
{
	for (size_t i = 0; i < n->n_w; i++)
		free(n->w[i].text);
	free(n->w);
	for (size_t i = 0; i < n->n_kids; i++)
		node_free(&n->kids[i]);
	free(n->kids);
	memset(n, 0, sizeof(*n));
}

static int oom(struct builder *b, const struct cursor *c)
{
	kconf_diag_add(b->d, KCONF_ERROR, c ? c->file : NULL, c ? c->seq : 0, 0, 0, "out of memory");
	return -1;
}

static int push_kid(struct kconf_node *into, struct kconf_node *kid)
{
	struct kconf_node *kids = realloc(into->kids, (into->n_kids + 1) * sizeof(*kids));

	if (!kids)
		return -1;
	into->kids = kids;
	kids[into->n_kids++] = *kid;
	return 0;
}

/* A new file name in the tree; its index is the file's seq. */
static const char *add_name(struct builder *b, const char *name, unsigned *seq)
{
	char **names = realloc(b->t->names, (b->t->n_names + 1) * sizeof(*names));
	char *dup;

	if (!names)
		return NULL;
	b->t->names = names;
	dup = strdup(name);
	if (!dup)
		return NULL;
	*seq = (unsigned)b->t->n_names;
	names[b->t->n_names++] = dup;
	return dup;
}

static int parse_file(struct builder *b, const char *name, unsigned seq, const char *text,
		      size_t len, struct kconf_node *into, unsigned depth, unsigned idepth);

static bool is_include(const char *kw)
{
	static const char *const names[] = {
		"include", "includer", "includem", "includew", "includeb", "includea", NULL,
	};

	for (size_t i = 0; names[i]; i++)
		if (strcmp(kw, names[i]) == 0)
			return true;
	return false;
}

static int do_include(struct builder *b, const struct cursor *c, const struct kconf_node *n,
		      struct kconf_node *into, unsigned depth, unsigned idepth)
{
	const struct kconf_word *kw = &n->w[0];
	struct kconf_file *files = NULL;
	size_t n_files = 0;
	char why[512] = "";
	int rc = 0;

	if (n->n_w != 2) {
		kconf_diag_add(b->d, KCONF_ERROR, c->file, c->seq, kw->line, kw->col,
			       "'%s' takes one file name or pattern", kw->text);
		return -1;
	}
	if (!b->rd) {
		kconf_diag_add(b->d, KCONF_ERROR, c->file, c->seq, kw->line, kw->col,
			       "'%s %s' cannot be followed here", kw->text, n->w[1].text);
		return -1;
	}
	if (idepth >= KCONF_MAX_INCLUDE_DEPTH) {
		kconf_diag_add(b->d, KCONF_ERROR, c->file, c->seq, kw->line, kw->col,
			       "includes nested too deeply (at most %d levels): a loop?",
			       KCONF_MAX_INCLUDE_DEPTH);
		return -1;
	}
	if (b->t->n_names >= KCONF_MAX_FILES) {
		kconf_diag_add(b->d, KCONF_ERROR, c->file, c->seq, kw->line, kw->col,
			       "too many included files (at most %d in all)", KCONF_MAX_FILES);
		return -1;
	}
	if (b->rd->read(b->rd->ctx, c->file, n->w[1].text, &files, &n_files, why, sizeof(why)) < 0) {
		kconf_diag_add(b->d, KCONF_ERROR, c->file, c->seq, n->w[1].line, n->w[1].col,
			       "cannot include '%s': %s", n->w[1].text, why[0] ? why : "read failed");
		return -1;
	}
	if (n_files == 0)
		kconf_diag_add(b->d, KCONF_DROPPED, c->file, c->seq, kw->line, kw->col,
			       "'%s %s' matches no file: nothing included", kw->text, n->w[1].text);
	for (size_t i = 0; i < n_files && rc == 0; i++) {
		const char *name;
		unsigned seq;

		if (b->t->n_names >= KCONF_MAX_FILES) {
			kconf_diag_add(b->d, KCONF_ERROR, c->file, c->seq, kw->line, kw->col,
				       "too many included files (at most %d in all)", KCONF_MAX_FILES);
			rc = -1;
			break;
		}
		name = add_name(b, files[i].name, &seq);
		rc = name ? parse_file(b, name, seq, files[i].text, files[i].len, into, depth, idepth + 1)
			  : oom(b, c);
	}
	kconf_files_free(files, n_files);
	return rc;
}

/* Statements up to the '}' that closes the block (in_block) or the end.
 * Returns 0, -1 after an error, 1 when the input ends inside the block. */
static int parse_stmts(struct builder *b, struct cursor *c, struct kconf_node *into, bool in_block,
		       unsigned depth, unsigned idepth)
{
	struct kconf_toks *t = c->toks;

	while (c->pos < t->n) {
		struct kconf_tok *tok = &t->v[c->pos];
		struct kconf_node n = { .file = c->file, .seq = c->seq };
		unsigned lline;

		if (tok->kind == KT_CLOSE) {
			if (in_block) {
				c->pos++;
				return 0;
			}
			kconf_diag_add(b->d, KCONF_ERROR, c->file, c->seq, tok->line, tok->col,
				       "unexpected '}' (no block is open)");
			return -1;
		}
		if (tok->kind == KT_OPEN) {
			kconf_diag_add(b->d, KCONF_ERROR, c->file, c->seq, tok->line, tok->col,
				       "unexpected '{' (a block follows a keyword)");
			return -1;
		}
		/* The words of one logical line, up to a brace. */
		lline = tok->lline;
		while (c->pos < t->n && t->v[c->pos].kind == KT_WORD && t->v[c->pos].lline == lline) {
			struct kconf_word *w = realloc(n.w, (n.n_w + 1) * sizeof(*w));

			if (!w) {
				node_free(&n);
				return oom(b, c);
			}
			n.w = w;
			w[n.n_w].text = t->v[c->pos].text;
			w[n.n_w].line = t->v[c->pos].line;
			w[n.n_w].col = t->v[c->pos].col;
			t->v[c->pos].text = NULL;       /* the node owns it now */
			n.n_w++;
			c->pos++;
		}
		/* Its block may open on the same line or on a later one. */
		if (c->pos < t->n && t->v[c->pos].kind == KT_OPEN) {
			const struct kconf_tok *open = &t->v[c->pos];

			if (depth >= KCONF_MAX_DEPTH) {
				kconf_diag_add(b->d, KCONF_ERROR, c->file, c->seq, open->line, open->col,
					       "blocks nested too deeply (at most %d levels)", KCONF_MAX_DEPTH);
				node_free(&n);
				return -1;
			}
			int rc;

			n.has_block = true;
			c->pos++;
			rc = parse_stmts(b, c, &n, true, depth + 1, idepth);
			if (rc == 1)
				kconf_diag_add(b->d, KCONF_ERROR, c->file, c->seq, n.w[0].line, n.w[0].col,
					       "block '%s' opened here is never closed (missing '}')",
					       n.w[0].text);
			if (rc != 0) {
				node_free(&n);
				return -1;
			}
		}
		if (!n.has_block && is_include(n.w[0].text)) {
			int rc = do_include(b, c, &n, into, depth, idepth);

			node_free(&n);
			if (rc < 0)
				return -1;
			continue;
		}
		if (push_kid(into, &n) < 0) {
			node_free(&n);
			return oom(b, c);
		}
	}
	return in_block ? 1 : 0;    /* 1: the caller names the unclosed block */
}

static int parse_file(struct builder *b, const char *name, unsigned seq, const char *text,
		      size_t len, struct kconf_node *into, unsigned depth, unsigned idepth)
{
	struct kconf_toks toks;
	struct cursor c = { .toks = &toks, .file = name, .seq = seq };
	int rc;

	if (kconf_lex(name, seq, text, len, &toks, b->d) < 0)
		return -1;
	rc = parse_stmts(b, &c, into, false, depth, idepth);
	kconf_toks_free(&toks);
	return rc;
}

int kconf_tree_build(const char *name, const char *text, size_t len, const struct kconf_reader *rd,
		     struct kconf_tree *out, struct kconf_diags *d)
{
	struct builder b = { .t = out, .rd = rd, .d = d };
	const char *file;
	unsigned seq;

	memset(out, 0, sizeof(*out));
	file = add_name(&b, name, &seq);
	if (!file) {
		kconf_tree_free(out);
		return oom(&b, NULL);
	}
	out->root.file = file;
	out->root.seq = seq;
	out->root.has_block = true;
	if (parse_file(&b, file, seq, text, len, &out->root, 0, 0) < 0) {
		kconf_tree_free(out);
		return -1;
	}
	return 0;
}

void kconf_tree_free(struct kconf_tree *t)
{
	node_free(&t->root);
	for (size_t i = 0; i < t->n_names; i++)
		free(t->names[i]);
	free(t->names);
	memset(t, 0, sizeof(*t));
}

void kconf_files_free(struct kconf_file *files, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(files[i].name);
		free(files[i].text);
	}
	free(files);
}
