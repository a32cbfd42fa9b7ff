/* lvs-config-convert: reading keepalived.conf and mapping it onto lvs.cf.
 *
 * Three stages, each in its own files: the lexer (kconf_lex.c) splits one
 * file into words and braces; the tree builder (kconf_tree.c) groups them
 * into statements and { } blocks, following includes through a reader the
 * caller supplies; the mapper (kconf_map*.c) turns the tree into a struct
 * lvs_config and says what it could not convert. kconf_convert() runs all
 * three: it touches no global state and never exits, so a fuzzer can call
 * it on any bytes. */
#ifndef LVS_KCONF_H
#define LVS_KCONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "lvs_config.h"

/* ---- Diagnostics ---- */

enum kconf_diag_kind {
	KCONF_ERROR,        /* the input is wrong: no output */
	KCONF_DROPPED,      /* a keyword with no lvs.cf equivalent, left out */
	KCONF_APPROX,       /* converted, but not exactly */
};

struct kconf_diag {
	enum kconf_diag_kind kind;
	char *file;
	unsigned seq;           /* order in which the file was read */
	unsigned line, col;     /* 1-based; col 0: the whole line; line 0: the file */
	char *msg;
	size_t order;           /* when it was found */
};

/* At most KCONF_MAX_DIAGS of each kind are kept; the others are counted. */
#define KCONF_MAX_DIAGS 1000

struct kconf_diags {
	struct kconf_diag *items;
	size_t count, cap;
	size_t kept[KCONF_APPROX + 1];     /* by kind */
	size_t unshown[KCONF_APPROX + 1];  /* beyond the limit, by kind */
	bool oom;               /* a diagnostic was lost for want of memory */
};

void kconf_diag_add(struct kconf_diags *d, enum kconf_diag_kind kind, const char *file,
		    unsigned seq, unsigned line, unsigned col, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));
/* Shown and unshown ones. */
size_t kconf_diag_count(const struct kconf_diags *d, enum kconf_diag_kind kind);
/* In file order (files in the order they were read), each on one line:
 * "FILE:LINE:COL: error: MSG" for errors, "FILE:LINE: MSG" for the others
 * (left out with errors_only); then how many were not kept, if any. */
void kconf_diags_print(struct kconf_diags *d, FILE *out, bool errors_only);
void kconf_diags_clear(struct kconf_diags *d);

/* ---- Lexer ---- */

enum kconf_tok_kind { KT_WORD, KT_OPEN, KT_CLOSE };

struct kconf_tok {
	enum kconf_tok_kind kind;
	char *text;             /* KT_WORD: quotes removed; else "{" or "}" */
	unsigned line, col;     /* where it starts */
	unsigned lline;         /* logical line (a continued line keeps its number) */
};

struct kconf_toks {
	struct kconf_tok *v;
	size_t n, cap;
};

/* The largest file read, and the deepest nesting of blocks and includes. */
#define KCONF_MAX_SIZE (16u << 20)
#define KCONF_MAX_DEPTH 32
#define KCONF_MAX_INCLUDE_DEPTH 8
#define KCONF_MAX_FILES 256             /* read in all, the main one included */

/* Words are separated by blanks; '{' and '}' outside quotes are tokens of
 * their own; "..." keeps blanks, braces and comment characters, its quotes
 * are removed, and a backslash in it protects the next character (both are
 * kept); '#' or '!' outside quotes starts a comment, "\#" and "\!" are the
 * characters themselves; a backslash ending a line joins the next one.
 * Returns 0, or -1 after an error in d. */
int kconf_lex(const char *file, unsigned seq, const char *text, size_t len,
	      struct kconf_toks *out, struct kconf_diags *d);
void kconf_toks_free(struct kconf_toks *t);

/* ---- Block tree ---- */

struct kconf_word {
	char *text;
	unsigned line, col;
};

/* One statement: a keyword and its arguments on one line, and the block
 * that follows it when there is one. */
struct kconf_node {
	const char *file;       /* owned by the tree */
	unsigned seq;
	struct kconf_word *w;   /* w[0] is the keyword */
	size_t n_w;
	bool has_block;
	struct kconf_node *kids;
	size_t n_kids;
};

/* An included file, as the reader hands it over. */
struct kconf_file {
	char *name;             /* for messages, and as "from" of its own includes */
	char *text;
	size_t len;
};

/* include PATTERN (and includer, includem, includew, includeb, includea):
 * fill *files with what the pattern names, relative patterns meaning
 * relative to the directory of from (n = 0: nothing matched). Returns 0, or
 * -1 with a sentence in why. The tree takes the files and frees them with
 * kconf_files_free. */
struct kconf_reader {
	int (*read)(void *ctx, const char *from, const char *pattern, struct kconf_file **files,
		    size_t *n, char *why, size_t why_len);
	void *ctx;
};

void kconf_files_free(struct kconf_file *files, size_t n);

struct kconf_tree {
	struct kconf_node root;         /* the top level: its kids */
	char **names;                   /* file names, index = seq */
	size_t n_names;
};

/* rd may be NULL: an include is then an error. Returns 0, or -1 after an
 * error in d (the tree is then empty). */
int kconf_tree_build(const char *name, const char *text, size_t len, const struct kconf_reader *rd,
		     struct kconf_tree *out, struct kconf_diags *d);
void kconf_tree_free(struct kconf_tree *t);

/* ---- Mapping and the whole conversion ---- */

/* The tree as an lvs.cf model; NULL after errors (in d). Everything it
 * leaves out or changes is in d as KCONF_DROPPED or KCONF_APPROX. */
struct lvs_config *kconf_map(const struct kconf_tree *t, struct kconf_diags *d);

/* Lexer, tree and mapper over one keepalived.conf. */
struct lvs_config *kconf_convert(const char *name, const char *text, size_t len,
				 const struct kconf_reader *rd, struct kconf_diags *d);

/* cfg as lvs.cf text (a header naming src, then lvs_config_write's output),
 * and the proof that our own parser reads it back as cfg: the text is parsed
 * and checked as out_name and compared. On KCONF_EMIT_OK the text is in
 * *text (malloc'd) and the parser's warnings in errs; the other results are
 * converter bugs (REJECTED: errs says why; DIFFERS: it parses, as something
 * else), or want of memory. */
enum kconf_emit_result {
	KCONF_EMIT_OK = 0,
	KCONF_EMIT_REJECTED,
	KCONF_EMIT_DIFFERS,
	KCONF_EMIT_NOMEM,
};
enum kconf_emit_result kconf_emit(const struct lvs_config *cfg, const char *src, const char *out_name,
				  char **text, size_t *len, struct lvs_config_errors *errs);

/* The reader lvs-config-convert uses: glob(3) on the file system, with
 * csh braces; matches in sorted order, directories skipped. */
extern const struct kconf_reader kconf_fs_reader;
/* A whole file ("-": standard input), at most KCONF_MAX_SIZE bytes. Returns
 * 0 with *text (malloc'd, NUL-terminated) and *len, or -1 with a sentence
 * in why. */
int kconf_read_file(const char *path, char **text, size_t *len, char *why, size_t why_len);

#endif
