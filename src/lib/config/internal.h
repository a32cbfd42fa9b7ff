/* Private to the lvs.cf library (src/lib/config/). */
#ifndef LVS_CONFIG_INTERNAL_H
#define LVS_CONFIG_INTERNAL_H

#include <string.h>

#include "lvs_config.h"

#define CFG_MAX_LINE 4096
#define CFG_MAX_TOKENS 128
#define CFG_MAX_ERRORS 1000

/* Where a keyword may appear. */
enum cfg_block {
	BLK_GLOBAL = 1,
	BLK_VIRTUAL = 2,
	BLK_SERVER = 4,
	BLK_FAILOVER = 8,
};

enum cfg_type {
	T_BOOL,
	T_INT,
	T_DURATION,     /* seconds, fractions allowed */
	T_PORT,
	T_ADDR,         /* one address */
	T_ADDR_DEV,     /* "IP dev[:alias]" */
	T_NETMASK,      /* stored as a prefix length */
	T_STRING,       /* one token, kept raw */
	T_DEVICE,       /* an interface name into char[IF_NAMESIZE] */
	T_ENUM,
	T_SCHED,
	T_DEBUG,
	T_SORRY,
	T_IGNORE,       /* obsolete keyword: accepted, ignored */
};

enum cfg_int_kind { I_LONG, I_INT, I_UINT, I_U32 };

struct cfg_enum {
	const char *name;
	int value;
};

/* One row of the keyword table (keyword_table.c). The table drives the
 * parser (keyword_line.c) and everything that walks the fields of a block:
 * defaults.c, free.c, write.c, equal.c and the diff's bits (equal.c). A
 * keyword with a row is parsed, defaulted, freed, written back and
 * compared without any other edit. */
struct cfg_keyword {
	const char *name;
	const char *alias;          /* an older spelling, or NULL */
	unsigned blocks;            /* one enum cfg_block bit: rows are per block */
	enum cfg_type type;
	size_t off;                 /* field in the block's struct */
	size_t off2;                /* T_ADDR_DEV: the struct lvs_iface; T_SORRY: the
	                             * uint16_t port; T_NETMASK: the struct lvs_addr
	                             * whose family picks how it is written */
	enum cfg_int_kind ikind;
	long min, max;              /* T_INT range; T_DURATION: min 0 means >= 0 */
	const struct cfg_enum *enums;
	bool send_expect;           /* check escapes (send, expect) */
	bool blank_is_unset;        /* T_NETMASK: 0.0.0.0 means "not set" */
	/* The value of an empty file or block: numbers, booleans and enums in
	 * def, char arrays (T_DEVICE, T_SCHED) in def_str. Addresses, masks
	 * and strings start unset. */
	double def;
	const char *def_str;
	bool write_if_set;          /* T_INT, T_PORT: 0 is not written */
	/* The LVS_DIFF_* bit a change to this field sets in lvs_config_diff
	 * (global and virtual rows; a failover row's change is
	 * LVS_DIFF_FAILOVER). 0: the field is part of the block's identity or
	 * the diff compares it otherwise (servers, see diff.c). */
	unsigned diff;
};

extern const struct cfg_keyword cfg_keywords[];
extern const size_t cfg_n_keywords;

/* Per-object record of where each keyword was set (0 = not set). */
struct cfg_meta {
	unsigned line[96];
	unsigned col[96];
	bool dotted[96];            /* netmask given as a dotted quad */
	unsigned block_col;         /* column of "virtual"/"server"/"failover" */
};

struct cfg_token {
	const char *text;
	unsigned col;
	bool quoted;
};

struct cfg_line {
	unsigned lineno;
	size_t n;
	struct cfg_token tok[CFG_MAX_TOKENS];
	char buf[CFG_MAX_LINE * 2 + CFG_MAX_TOKENS];
};

/* A port given by service name in a virtual or server: resolved when the
 * virtual closes, once its protocol is known. */
enum cfg_pending_field { PEND_VPORT, PEND_SPORT, PEND_SORRY };

struct cfg_pending {
	enum cfg_pending_field field;
	size_t si;
	char *name;
	unsigned line, col;
};

struct cfg_parser {
	const char *file;
	struct lvs_config *cfg;
	struct lvs_config_errors *errs;
	bool oom;
	bool gave_up;
	struct cfg_meta gmeta;
	struct cfg_meta *vmeta;     /* parallel to cfg->virtuals */
	struct cfg_meta **smeta;    /* smeta[vi] parallel to virtuals[vi].servers */
	struct cfg_meta *fmeta;     /* parallel to cfg->failovers */
	size_t cap_v, cap_f, *cap_s;
	/* Current block: BLK_GLOBAL, BLK_VIRTUAL, BLK_SERVER or BLK_FAILOVER. */
	unsigned block;
	size_t vi, si, fi;
	unsigned open_line[2], open_col[2];
	unsigned skip_depth;        /* inside a block we refused to open */
	struct cfg_pending *pend;
	size_t n_pend;
};

/* errors.c */
void cfg_error(struct cfg_parser *p, unsigned line, unsigned col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Accepted, but the admin should know: the file still loads. */
void cfg_warn(struct cfg_parser *p, unsigned line, unsigned col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* lex.c: split one line (no newline) into tokens. Returns 0, or -1
 * after reporting a lexical error. */
int cfg_lex_line(struct cfg_parser *p, unsigned lineno, const char *s, size_t len,
		 struct cfg_line *out);

/* values.c: value parsers. Each returns 0 or -1 after reporting. */
int cfg_parse_bool(struct cfg_parser *p, unsigned line, const struct cfg_token *t, bool *out);
int cfg_parse_long(struct cfg_parser *p, unsigned line, const struct cfg_token *t,
		   long min, long max, long *out);
int cfg_parse_duration(struct cfg_parser *p, unsigned line, const struct cfg_token *t,
		       bool allow_zero, double *out);
/* A numeric port. Returns 1 if the token is a name to resolve later. */
int cfg_parse_port_number(struct cfg_parser *p, unsigned line, const struct cfg_token *t,
			  uint16_t *out);
int cfg_resolve_service(const char *name, int protocol, uint16_t *out);
int cfg_parse_address(struct cfg_parser *p, unsigned line, const struct cfg_token *t,
		      struct lvs_addr *out);
int cfg_parse_iface(struct cfg_parser *p, unsigned line, const struct cfg_token *t,
		    struct lvs_iface *out);
int cfg_parse_device(struct cfg_parser *p, unsigned line, const struct cfg_token *t,
		     char out[IF_NAMESIZE]);
int cfg_parse_netmask(struct cfg_parser *p, unsigned line, const struct cfg_token *t,
		      unsigned *prefix, bool *dotted);

/* keyword_line.c */
void *cfg_current(struct cfg_parser *p, struct cfg_meta **meta);
const char *cfg_where(unsigned block);
void cfg_unknown_keyword(struct cfg_parser *p, unsigned line, const struct cfg_token *k);
void cfg_do_keyword(struct cfg_parser *p, const struct cfg_line *l);

/* block.c */
unsigned cfg_block_kind(const struct cfg_token *t);
void cfg_do_block(struct cfg_parser *p, const struct cfg_line *l, unsigned kind);
void cfg_close_block(struct cfg_parser *p, const struct cfg_line *l);

static inline bool cfg_is_tok(const struct cfg_token *t, const char *s)
{
	return !t->quoted && strcmp(t->text, s) == 0;
}

/* check.c: checks that need the whole file. */
void cfg_check_virtual_close(struct cfg_parser *p, size_t vi);
void cfg_check_all(struct cfg_parser *p);
/* fwmark_group.c: virtual vi shares its fwmark with the earlier virtual
 * first (the group's first live block). */
void cfg_check_fwmark_group(struct cfg_parser *p, size_t first, size_t vi);

/* identity.c: "tcp 192.0.2.10:80", "udp [2001:db8::1]:53" or "fwmark 5 (IPv4)" */
void cfg_identity_format(const struct lvs_virtual *v, char *buf, size_t len);

/* equal.c: field by field through the keyword table. */
bool cfg_field_eq(const struct cfg_keyword *kw, const void *a, const void *b);
/* The LVS_DIFF_* bits of the rows of block whose fields differ. */
unsigned cfg_block_diff(unsigned block, const void *a, const void *b);
unsigned cfg_globals_diff(const struct lvs_config *a, const struct lvs_config *b);

/* keyword_table.c */
const char *cfg_block_name(unsigned block);
const struct cfg_keyword *cfg_keyword_find(const char *name, unsigned block);
size_t cfg_keyword_slot(const struct cfg_keyword *kw);
const char *cfg_suggest(const char *name, unsigned block);
unsigned cfg_keyword_blocks(const char *name);

/* free.c */
void cfg_virtual_free(struct lvs_virtual *v);
void cfg_failover_free(struct lvs_failover *f);
/* defaults.c: the table's defaults for the rows of one block. */
void cfg_config_defaults(struct lvs_config *cfg);
void cfg_virtual_defaults(struct lvs_virtual *v);
void cfg_server_defaults(struct lvs_server *s);
void cfg_failover_defaults(struct lvs_failover *f);

static inline int cfg_prefix_max(int family)
{
	return family == AF_INET6 ? 128 : 32;
}

#endif
