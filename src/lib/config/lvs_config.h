/* lvs.cf: the one configuration file of the suite.
 *
 * lvs_config_load() parses a file into an immutable struct lvs_config that
 * pulse, lvsd and the tools share; lvs_config_diff() lists what changed between
 * two of them so a reload applies only the difference. */
#ifndef LVS_CONFIG_H
#define LVS_CONFIG_H

#include <net/if.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "escape.h"

/* An IPv4 or IPv6 address. family is AF_INET, AF_INET6, or AF_UNSPEC (unset). */
struct lvs_addr {
	int family;
	union {
		struct in_addr v4;
		struct in6_addr v6;
	} u;
};

/* Where an address lives: "eth0:1" gives dev "eth0" and label "eth0:1";
 * "eth0" gives dev "eth0" and an empty label. */
struct lvs_iface {
	char dev[IF_NAMESIZE];
	char label[IF_NAMESIZE];
};

enum lvs_forward {
	LVS_FWD_DEFAULT = 0, /* per-virtual/per-server: inherit; never in the global */
	LVS_FWD_NAT,         /* network = nat     (ipvsadm -m) */
	LVS_FWD_DIRECT,      /* network = direct  (ipvsadm -g) */
	LVS_FWD_TUNNEL,      /* network = tunnel  (ipvsadm -i) */
};

enum lvs_service_type {
	LVS_SERVICE_LVS = 0, /* service = lvs */
	LVS_SERVICE_FOS,     /* service = fos */
};

enum lvs_load_monitor {
	LVS_LOAD_NONE = 0,
	LVS_LOAD_UPTIME,  /* uptime through rsh_command */
	LVS_LOAD_RUP,
	LVS_LOAD_RUPTIME,
};

enum lvs_rsh {
	LVS_RSH_RSH = 0,
	LVS_RSH_SSH,
};

struct lvs_server {
	char *name;
	unsigned line;              /* line of "server NAME {" */
	struct lvs_addr addr;
	bool active;
	int weight;                 /* 0..65535, default 1 */
	uint16_t port;              /* 0: the virtual's port */
	enum lvs_forward forward;   /* LVS_FWD_DEFAULT: the virtual's */
};

struct lvs_virtual {
	char *name;
	unsigned line;              /* line of "virtual NAME {" */
	bool active;
	struct lvs_addr addr;       /* the VIP */
	struct lvs_iface iface;     /* where pulse brings the VIP up */
	unsigned vip_prefix;        /* vip_nmask as a prefix length; 0 = not set */
	struct lvs_addr sorry_server; /* AF_UNSPEC: none */
	uint16_t sorry_port;        /* 0: the virtual's port */
	uint16_t port;              /* 0 only for fwmark services */
	int protocol;               /* IPPROTO_TCP, IPPROTO_UDP or IPPROTO_SCTP */
	uint32_t fwmark;            /* 0: not a firewall-mark service */
	unsigned persistent;        /* seconds, 0 = off */
	unsigned pmask_prefix;      /* persistence netmask as a prefix; 0 = not set */
	char scheduler[16];         /* default "wlc" */
	bool mh_port;               /* mh hashes the source port too (IP_VS_SVC_F_SCHED2) */
	bool mh_fallback;           /* mh skips a weight-0 server (IP_VS_SVC_F_SCHED1) */
	char *send;                 /* raw, escapes not yet translated; NULL = none */
	char *expect;               /* raw; "*" = any non-empty reply; NULL = none */
	bool use_regex;
	char *send_program;         /* raw command line with %h/%p; NULL = none */
	enum lvs_load_monitor load_monitor;
	double timeout;             /* per-check timeout, seconds, default 10 */
	double interval;            /* check_interval, default = timeout (as the original) */
	double reentry;             /* seconds, default 180 */
	unsigned rise;              /* good checks before up, default 1 */
	unsigned fall;              /* failed checks before down, default 1 */
	bool quiesce_server;
	bool slow_start;            /* weight ramp for a server back after a failure; default 1 */
	bool health_check;          /* 0: no nanny, servers in at once; default 1 */
	char *client_monitor;       /* nanny binary; NULL = built-in default */
	enum lvs_forward forward;   /* LVS_FWD_DEFAULT: the global network */
	struct lvs_server *servers;
	size_t n_servers;
};

/* service = fos: a failover service on the routers themselves (no IPVS). */
struct lvs_failover {
	char *name;
	unsigned line;
	bool active;
	struct lvs_addr addr;
	struct lvs_iface iface;
	unsigned vip_prefix;
	uint16_t port;              /* default 80 */
	char *send;
	char *expect;
	double timeout;             /* default 10 */
	double reentry;             /* default 180 */
	char *start_cmd;
	char *stop_cmd;
};

/* What the backup router's lvsd does while the other router is active. */
enum lvs_standby {
	LVS_STANDBY_COLD = 0,       /* the original: lvsd only on the active router */
	LVS_STANDBY_HOT,            /* the default: lvsd, its table and nannies run on both */
};

enum lvs_heartbeat_auth {
	/* Not set (the original suite had no authentication): HMAC when
	 * heartbeat_key_file is given, else unauthenticated with a warning. */
	LVS_HB_AUTH_AUTO = 0,
	LVS_HB_AUTH_HMAC,           /* hmac-sha256 | required: a key file is mandatory */
	LVS_HB_AUTH_NONE,           /* heartbeat_auth = none: explicit opt-out, no warning */
};

/* sloppy_tcp: whether the kernel takes up a TCP connection whose start it
 * never saw (net.ipv4.vs.sloppy_tcp). "kernel" leaves the setting alone. */
enum lvs_sloppy {
	LVS_SLOPPY_KERNEL = 0,
	LVS_SLOPPY_OFF,
	LVS_SLOPPY_ON,
};

/* director_mode: a pair with pulse (one active router), or N active
 * directors behind ECMP, each announcing its VIPs through a local BIRD. */
enum lvs_director_mode {
	LVS_MODE_PAIR = 0,
	LVS_MODE_ECMP,
};

/* Where an ECMP director's announcements go when bird_socket is unset. */
#define LVS_BIRD_SOCKET_DEFAULT "/run/bird/bird.ctl"

struct lvs_config {
	char *path;                 /* file it was read from */
	long serial_no;
	enum lvs_service_type service;
	struct lvs_addr primary, primary_private;   /* private: AF_UNSPEC if unset */
	struct lvs_addr backup, backup_private;
	char *primary_shared, *backup_shared;       /* fos + shared SCSI only */
	bool backup_active;
	enum lvs_standby standby;   /* default cold (hot: see lvs.cf(5)) */
	bool heartbeat;
	uint16_t heartbeat_port;    /* default 539 */
	double keepalive;           /* seconds, fractions allowed, default 2 */
	double deadtime;            /* seconds, fractions allowed, default 5 */
	enum lvs_heartbeat_auth heartbeat_auth;
	char *heartbeat_key_file;   /* NULL = none */
	enum lvs_forward network;   /* default LVS_FWD_NAT */
	struct lvs_addr nat_router; /* AF_UNSPEC: none */
	struct lvs_iface nat_router_iface;
	unsigned nat_prefix;        /* nat_nmask as a prefix; 0 = not set */
	char *reservation_conflict_action; /* "nothing" | "preempt" | NULL */
	int debug_level;            /* syslog priority, default LOG_NOTICE */
	enum lvs_rsh rsh_command;
	bool sync;                  /* legacy, ignored */
	char *ipvsadm;              /* path; NULL = built-in default */
	bool syncdaemon;
	char syncd_iface[IF_NAMESIZE]; /* default "eth0" */
	unsigned syncd_id;          /* 0..255 */
	unsigned tcp_timeout, tcpfin_timeout, udp_timeout; /* 0 = kernel default */
	enum lvs_sloppy sloppy_tcp; /* default LVS_SLOPPY_KERNEL */
	enum lvs_director_mode director_mode; /* default pair */
	char *bird_socket;          /* BIRD's control socket; NULL = LVS_BIRD_SOCKET_DEFAULT */
	unsigned announce_table;    /* kernel table of the announced routes, default 100 */
	bool announce_bfd;          /* announce only while BIRD has a BFD session up */
	unsigned nanny_nice;        /* nannies run this much nicer than lvsd, default 10 */
	bool monitor_links;
	char *active_cmd, *inactive_cmd; /* raw command lines; NULL = none */
	bool hard_shutdown;         /* default 0 (the original's was 1) */
	struct lvs_virtual *virtuals;
	size_t n_virtuals;
	struct lvs_failover *failovers;
	size_t n_failovers;
};

/* One diagnostic: "FILE:LINE:COL: error: MESSAGE" (or "warning:"). col is
 * 1-based; 0 = whole line. A warning never makes a file fail to load. */
struct lvs_config_error {
	char *file;
	unsigned line;
	unsigned col;
	bool warning;
	char *message;
};

struct lvs_config_errors {
	struct lvs_config_error *items;
	size_t count;
};

/* Parse path. On success returns a config; errs then holds only warnings
 * (often none). On failure returns NULL and fills errs with every error and
 * warning found (the parser keeps going after an error so that one run
 * reports them all). errs may be NULL. */
struct lvs_config *lvs_config_load(const char *path, struct lvs_config_errors *errs);
/* The largest lvs.cf either reads (larger ones are refused with an error). */
#define LVS_CONFIG_MAX_SIZE (16u << 20)
/* The same from a buffer; name is used in diagnostics. */
struct lvs_config *lvs_config_parse(const char *name, const char *text, size_t len,
				    struct lvs_config_errors *errs);
void lvs_config_free(struct lvs_config *cfg);

void lvs_config_errors_print(const struct lvs_config_errors *errs, FILE *out);
/* What a daemon does with the diagnostics of a load: each through log.h
 * (errors at LOG_ERR, warnings at LOG_WARNING), then clear them. Returns how
 * many were errors. errs may be NULL. */
size_t lvs_config_log_errors(struct lvs_config_errors *errs);
/* How many of the diagnostics are errors, and how many warnings. */
size_t lvs_config_error_count(const struct lvs_config_errors *errs);
size_t lvs_config_warning_count(const struct lvs_config_errors *errs);
void lvs_config_errors_clear(struct lvs_config_errors *errs);

/* Building a configuration in memory (lvs-config-convert). lvs_config_new()
 * gives the defaults of an empty file; the add functions append a block
 * with the defaults of an empty block (check_interval = timeout = 10) and
 * the given name. Appending moves the array: pointers to earlier elements
 * are no longer valid. All return NULL when out of memory; lvs_config_free
 * frees what they made. */
struct lvs_config *lvs_config_new(void);
struct lvs_virtual *lvs_config_add_virtual(struct lvs_config *cfg, const char *name);
struct lvs_server *lvs_virtual_add_server(struct lvs_virtual *v, const char *name);
/* A scheduler name the parser accepts (rr, wrr, ..., mh). */
bool lvs_scheduler_known(const char *name);

/* Write cfg back as lvs.cf text; parsing the output gives an equal config. */
int lvs_config_write(const struct lvs_config *cfg, FILE *out);
/* Deep equality of the semantic content (path and line numbers ignored). */
bool lvs_config_equal(const struct lvs_config *a, const struct lvs_config *b);

/* Effective values, resolving inheritance and defaults. */
enum lvs_forward lvs_server_forward(const struct lvs_config *cfg, const struct lvs_virtual *v,
				    const struct lvs_server *s);
uint16_t lvs_server_port(const struct lvs_virtual *v, const struct lvs_server *s);

/* Text helpers shared by the programs. */
const char *lvs_forward_name(enum lvs_forward fwd);       /* "nat", "direct", "tunnel" */
const char *lvs_protocol_name(int protocol);              /* "tcp", "udp", "sctp" */
/* No brackets; an AF_UNSPEC address gives "unset". 0 ok, -1 if buf is too small. */
int lvs_addr_format(const struct lvs_addr *a, char *buf, size_t len);
bool lvs_addr_equal(const struct lvs_addr *a, const struct lvs_addr *b);
/* A literal IPv4 or IPv6 address, no name lookup and no brackets: 0 ok, -1 bad. */
int lvs_addr_parse(const char *text, struct lvs_addr *out);

/* ---- Comparing two configurations (for SIGHUP) ----
 *
 * Virtuals are matched by their IPVS identity: fwmark and family for fwmark
 * services, else (family, protocol, address, port). Several blocks may share
 * one fwmark (one IPVS service, see lvs.cf(5)); those are matched by protocol
 * and port, then by name, then, when one block of the fwmark is left on each
 * side, with each other. Servers within a matched virtual are matched by
 * (address, effective port). A change to an identity is a removal plus an
 * addition; everything else is an in-place change whose flags say what to
 * do. */
enum lvs_change_kind {
	LVS_CHANGE_GLOBAL,          /* a global keyword changed */
	LVS_CHANGE_VIRTUAL_ADDED,
	LVS_CHANGE_VIRTUAL_REMOVED,
	LVS_CHANGE_VIRTUAL_CHANGED,
	LVS_CHANGE_SERVER_ADDED,
	LVS_CHANGE_SERVER_REMOVED,
	LVS_CHANGE_SERVER_CHANGED,
};

/* Bits of lvs_change.what */
enum {
	/* globals */
	LVS_DIFF_HEARTBEAT   = 1u << 0,  /* primary/backup/ports/keepalive/deadtime/auth */
	LVS_DIFF_TIMEOUTS    = 1u << 1,  /* tcp/tcpfin/udp_timeout: ipvsadm --set */
	LVS_DIFF_SYNCDAEMON  = 1u << 2,
	LVS_DIFF_NETWORK     = 1u << 3,  /* default forwarding method */
	LVS_DIFF_NAT_ROUTER  = 1u << 4,
	LVS_DIFF_COMMANDS    = 1u << 5,  /* active_cmd/inactive_cmd */
	LVS_DIFF_OTHER       = 1u << 6,  /* serial_no, debug_level, monitor_links, ... */
	LVS_DIFF_FAILOVER    = 1u << 7,  /* a failover block changed (fos restarts them) */
	LVS_DIFF_SYSCTL      = 1u << 14, /* sloppy_tcp: a net.ipv4.vs setting */
	LVS_DIFF_ANNOUNCE    = 1u << 15, /* director_mode, bird_socket, announce_*: the announcer */
	/* virtuals */
	LVS_DIFF_SERVICE     = 1u << 8,  /* scheduler/persistent/pmask: edit the service (-E) */
	LVS_DIFF_VIP         = 1u << 9,  /* interface/label/netmask: pulse moves the address */
	LVS_DIFF_CHECK       = 1u << 10, /* send/expect/timeouts/...: restart the nannies */
	LVS_DIFF_SORRY       = 1u << 11,
	LVS_DIFF_ACTIVE      = 1u << 12, /* never set: active 1->0 is a removal, 0->1 an addition */
	LVS_DIFF_NAME        = 1u << 13, /* renamed only */
	/* servers */
	LVS_DIFF_WEIGHT      = 1u << 16, /* edit the destination (-e) */
	LVS_DIFF_FORWARD     = 1u << 17, /* edit the destination (-e) */
};

struct lvs_change {
	enum lvs_change_kind kind;
	unsigned what;               /* LVS_DIFF_* bits */
	/* Pointers into the old and new configs; NULL where not applicable. */
	const struct lvs_virtual *old_virtual, *new_virtual;
	const struct lvs_server *old_server, *new_server;
};

struct lvs_diff {
	struct lvs_change *changes;
	size_t count;
};

/* Inactive virtuals and servers count as absent. Order of the changes: the
 * global one (at most one, all bits together), then removed virtuals, then for
 * each matched virtual its VIRTUAL_CHANGED followed by its server removals,
 * changes and additions, then added virtuals. An added or removed virtual
 * stands for all its servers (no SERVER_* entries for it). Returns 0, -1 on
 * ENOMEM. */
/* The identity rules above, for callers that pair entries themselves.
 * same_service: a and b are (blocks of) the same IPVS service. */
bool lvs_virtual_same_service(const struct lvs_virtual *a, const struct lvs_virtual *b);
/* The live virtual of `in` matched with v, a live virtual of `of`, or NULL. */
const struct lvs_virtual *lvs_virtual_counterpart(const struct lvs_config *in, const struct lvs_config *of,
						  const struct lvs_virtual *v);
bool lvs_server_same(const struct lvs_virtual *va, const struct lvs_server *a,
		     const struct lvs_virtual *vb, const struct lvs_server *b);

int lvs_config_diff(const struct lvs_config *old_cfg, const struct lvs_config *new_cfg,
		    struct lvs_diff *out);
void lvs_diff_free(struct lvs_diff *diff);
/* One human-readable line per change, for the daemons' logs. */
int lvs_change_describe(const struct lvs_change *c, char *buf, size_t len);

/* Why a daemon running old_cfg must not reload from new_cfg although it is
 * valid (a sentence for its log), or NULL: new_cfg has no virtual block at
 * all where old_cfg has some. */
const char *lvs_config_reload_refusal(const struct lvs_config *old_cfg, const struct lvs_config *new_cfg);

#endif
