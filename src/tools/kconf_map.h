/* Private to the mapper (kconf_map*.c, kconf_value.c, kconf_regex.c). */
#ifndef LVS_KCONF_MAP_H
#define LVS_KCONF_MAP_H

#include "kconf.h"

/* An address of a vrrp_instance's virtual_ipaddress: where a virtual's
 * VIP lives. */
struct kvip {
	struct lvs_addr addr;
	unsigned prefix;                /* 0: none given */
	struct lvs_iface iface;         /* dev empty: the instance has no interface */
	const struct kconf_node *node;
	const struct kconf_node *block; /* its virtual_ipaddress block, for messages */
	bool used;                      /* a virtual_server has it */
	bool fwmark_only;               /* ... and only fwmark ones */
};

struct kvs;     /* a virtual_server read, not yet in cfg (kconf_map_vs.c) */

struct kmap {
	struct lvs_config *cfg;
	struct kconf_diags *d;
	bool failed;                    /* an error was reported */
	struct kvip *vips;
	size_t n_vips;
	struct kvs *vs;
	size_t n_vs;
	const struct kconf_node *first_vrrp;
	bool vrrp_primary;              /* the first instance makes this router the primary */
	char vrrp_dev[IF_NAMESIZE];     /* the first instance's interface */
};

/* ---- Diagnostics, all naming the keyword node n inside parent ---- */

/* "in virtual_server 192.0.2.1 80" or "at top level" */
void km_where(const struct kconf_node *parent, char *buf, size_t len);
void km_error_at(struct kmap *m, const struct kconf_node *n, const struct kconf_word *w,
		 const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* keyword 'X' (in P) has no lvs.cf equivalent: dropped */
void km_dropped(struct kmap *m, const struct kconf_node *n, const struct kconf_node *parent);
/* keyword 'X' (in P) cannot be converted (WHY): dropped */
void km_cannot(struct kmap *m, const struct kconf_node *n, const struct kconf_node *parent,
	       const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* keyword 'X' (in P) converted approximately: WHY */
void km_approx(struct kmap *m, const struct kconf_node *n, const struct kconf_node *parent,
	       const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* An option word of n (lvs_sync_daemon's "ttl", an address's "scope"):
 * option 'X' of 'KW' (in P) has no lvs.cf equivalent: dropped */
void km_dropped_option(struct kmap *m, const struct kconf_node *n, size_t wi,
		       const struct kconf_node *parent);
void km_oom(struct kmap *m);

/* ---- Values: each returns 0, or -1 after reporting an error ---- */

/* n has between min and max arguments (words after the keyword), no block
 * unless block is set, and a block when block is set. */
int km_shape(struct kmap *m, const struct kconf_node *n, size_t min, size_t max, bool block);
/* Decimal integer in [min, max]. */
int km_uint(struct kmap *m, const struct kconf_node *n, size_t wi, unsigned long min,
	    unsigned long max, unsigned long *out);
/* Seconds with an optional fraction, rounded to milliseconds, within the
 * range lvs.cf durations have (and above 0 unless allow_zero). */
int km_timer(struct kmap *m, const struct kconf_node *n, size_t wi, bool allow_zero, double *out);
/* on|off|true|false|yes|no; a missing word (wi == n_w) is true. */
int km_bool(struct kmap *m, const struct kconf_node *n, size_t wi, bool *out);
/* A literal address; with prefix, "ADDR/N" is accepted too (else *prefix 0). */
int km_addr(struct kmap *m, const struct kconf_node *n, size_t wi, struct lvs_addr *out,
	    unsigned *prefix);
int km_port(struct kmap *m, const struct kconf_node *n, size_t wi, uint16_t *out);
/* A netmask for family: dotted (IPv4) or a prefix length. */
int km_mask(struct kmap *m, const struct kconf_node *n, size_t wi, int family, unsigned *prefix);
/* An interface name lvs.cf takes as it is. */
int km_dev(struct kmap *m, const struct kconf_node *n, size_t wi, char out[IF_NAMESIZE]);
bool km_devname_ok(const char *s);
/* Whether s can be an lvs.cf value that reads back as itself; NULL if so,
 * else why not. */
const char *km_unwritable(const char *s);
/* Words wi.. of n as one command line (a word with blanks or quotes is
 * quoted so that the line splits into the same words). NULL on ENOMEM. */
char *km_join_words(const struct kconf_node *n, size_t wi);

char *km_strdup(struct kmap *m, const char *s);
bool km_is(const struct kconf_node *n, const char *kw);
/* Round to whole milliseconds, as nanny counts. */
double km_ms(double seconds);

/* ---- Health checks ---- */

/* What a virtual_server, real_server or checker block sets for the checks
 * below it (each level starts from its parent's). */
struct ktiming {
	double delay_loop;              /* keepalived's default 60 */
	double connect_timeout;         /* 5 */
	long retry;                     /* -1: the checker's default */
	const char *vhost;              /* virtualhost, or NULL */
};

enum kcheck_kind { KC_TCP, KC_HTTP, KC_SSL, KC_SMTP, KC_MISC, KC_DNS, KC_UDP };

/* One real server's check, as lvs.cf would run it. */
struct kcheck {
	enum kcheck_kind kind;
	const struct kconf_node *n;     /* the checker block */
	char *send, *expect, *program;  /* raw lvs.cf values, or NULL */
	bool regex;
	double timeout, interval;
	unsigned fall;
	uint16_t port;                  /* connect_port; 0: none */
	const struct kconf_node *port_n;
};

/* Whether kw names a keepalived checker block. */
bool km_is_checker(const char *kw);
/* Keywords every level (virtual_server, real_server, checker) may set:
 * true when k was one of them (and has been dealt with). */
bool km_timing_keyword(struct kmap *m, const struct kconf_node *k, const struct kconf_node *parent,
		       struct ktiming *t);
/* The checker block n of real_server rs. rs_addr is the server's address as
 * written (a MISC_CHECK's command has it replaced by %h). Returns 0 with
 * *out filled, 1 when the checker has no lvs.cf equivalent (reported), -1
 * after an error. */
int km_checker(struct kmap *m, const struct kconf_node *n, const struct kconf_node *rs,
	       const struct ktiming *t, int protocol, const char *rs_addr, struct kcheck *out);
/* Same check in lvs.cf (the port aside). */
bool km_check_same(const struct kcheck *a, const struct kcheck *b);
void km_check_free(struct kcheck *c);

/* ---- The blocks ---- */

void km_global_defs(struct kmap *m, const struct kconf_node *n);
void km_vrrp_instance(struct kmap *m, const struct kconf_node *n);
/* Reads one virtual_server; km_virtual_finish then gives each its address
 * (the fwmark ones last, from what the others left) and adds them to cfg. */
void km_virtual_server(struct kmap *m, const struct kconf_node *n);
void km_virtual_finish(struct kmap *m);
/* kconf_regex.c: HTTP status codes (a set over 100..599) as an extended
 * regular expression without backslashes, "2[0-9][0-9]|30[12]"; NULL on
 * ENOMEM or an empty set. */
#define KM_STATUS_MIN 100
#define KM_STATUS_MAX 599
char *km_status_regex(const bool set[KM_STATUS_MAX + 1]);

#endif
