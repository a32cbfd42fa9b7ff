/* The keyword table of lvs.cf, and looking names up in it (with a
 * suggestion for a misspelt one). */
#include "config.h"

#include "internal.h"
#include "lvs_ranges.h"

#include <limits.h>
#include <syslog.h>
#include <stddef.h>
#include <string.h>

static const struct cfg_enum e_service[] = {
	{ "lvs", LVS_SERVICE_LVS }, { "fos", LVS_SERVICE_FOS }, { NULL, 0 } };
static const struct cfg_enum e_forward[] = {
	{ "nat", LVS_FWD_NAT }, { "direct", LVS_FWD_DIRECT }, { "tunnel", LVS_FWD_TUNNEL }, { NULL, 0 } };
static const struct cfg_enum e_auth[] = {
	{ "hmac-sha256", LVS_HB_AUTH_HMAC }, { "required", LVS_HB_AUTH_HMAC },
	{ "none", LVS_HB_AUTH_NONE }, { NULL, 0 } };
static const struct cfg_enum e_standby[] = {
	{ "hot", LVS_STANDBY_HOT }, { "cold", LVS_STANDBY_COLD }, { NULL, 0 } };
static const struct cfg_enum e_sloppy[] = {
	{ "kernel", LVS_SLOPPY_KERNEL }, { "0", LVS_SLOPPY_OFF }, { "1", LVS_SLOPPY_ON }, { NULL, 0 } };
static const struct cfg_enum e_mode[] = {
	{ "pair", LVS_MODE_PAIR }, { "ecmp", LVS_MODE_ECMP }, { NULL, 0 } };
static const struct cfg_enum e_rsh[] = {
	{ "rsh", LVS_RSH_RSH }, { "ssh", LVS_RSH_SSH }, { NULL, 0 } };
static const struct cfg_enum e_conflict[] = {
	{ "nothing", 0 }, { "preempt", 1 }, { NULL, 0 } };
static const struct cfg_enum e_protocol[] = {
	{ "tcp", IPPROTO_TCP }, { "udp", IPPROTO_UDP }, { "sctp", IPPROTO_SCTP }, { NULL, 0 } };
static const struct cfg_enum e_load[] = {
	{ "none", LVS_LOAD_NONE }, { "uptime", LVS_LOAD_UPTIME }, { "rup", LVS_LOAD_RUP },
	{ "ruptime", LVS_LOAD_RUPTIME }, { NULL, 0 } };

#define G(f) offsetof(struct lvs_config, f)
#define V(f) offsetof(struct lvs_virtual, f)
#define S(f) offsetof(struct lvs_server, f)
#define F(f) offsetof(struct lvs_failover, f)
#define TIMEOUT_MAX 2147483L   /* INT_MAX milliseconds, what the kernel's jiffies allow */

/* The keyword table: one row per keyword and block, in the order the
 * writer puts them (see struct cfg_keyword for what each field drives). */
const struct cfg_keyword cfg_keywords[] = {
	/* global section */
	{ .name = "serial_no", .blocks = BLK_GLOBAL, .type = T_INT, .off = G(serial_no), .ikind = I_LONG, .max = LONG_MAX, .diff = LVS_DIFF_OTHER },
	{ .name = "service", .blocks = BLK_GLOBAL, .type = T_ENUM, .off = G(service), .enums = e_service, .def = LVS_SERVICE_LVS, .diff = LVS_DIFF_OTHER },
	{ .name = "primary", .blocks = BLK_GLOBAL, .type = T_ADDR, .off = G(primary), .diff = LVS_DIFF_HEARTBEAT },
	{ .name = "primary_private", .blocks = BLK_GLOBAL, .type = T_ADDR, .off = G(primary_private), .diff = LVS_DIFF_HEARTBEAT },
	{ .name = "primary_shared", .blocks = BLK_GLOBAL, .type = T_STRING, .off = G(primary_shared), .diff = LVS_DIFF_OTHER },
	{ .name = "backup", .blocks = BLK_GLOBAL, .type = T_ADDR, .off = G(backup), .diff = LVS_DIFF_HEARTBEAT },
	{ .name = "backup_private", .blocks = BLK_GLOBAL, .type = T_ADDR, .off = G(backup_private), .diff = LVS_DIFF_HEARTBEAT },
	{ .name = "backup_shared", .blocks = BLK_GLOBAL, .type = T_STRING, .off = G(backup_shared), .diff = LVS_DIFF_OTHER },
	{ .name = "backup_active", .blocks = BLK_GLOBAL, .type = T_BOOL, .off = G(backup_active), .diff = LVS_DIFF_HEARTBEAT },
	{ .name = "standby", .blocks = BLK_GLOBAL, .type = T_ENUM, .off = G(standby), .enums = e_standby, .def = LVS_STANDBY_HOT, .diff = LVS_DIFF_HEARTBEAT },
	{ .name = "heartbeat", .blocks = BLK_GLOBAL, .type = T_BOOL, .off = G(heartbeat), .diff = LVS_DIFF_HEARTBEAT },
	{ .name = "heartbeat_port", .blocks = BLK_GLOBAL, .type = T_PORT, .off = G(heartbeat_port), .def = 539, .diff = LVS_DIFF_HEARTBEAT },
	{ .name = "keepalive", .blocks = BLK_GLOBAL, .type = T_DURATION, .off = G(keepalive), .min = 1, .def = 2, .diff = LVS_DIFF_HEARTBEAT },
	{ .name = "deadtime", .blocks = BLK_GLOBAL, .type = T_DURATION, .off = G(deadtime), .min = 1, .def = 5, .diff = LVS_DIFF_HEARTBEAT },
	{ .name = "heartbeat_auth", .blocks = BLK_GLOBAL, .type = T_ENUM, .off = G(heartbeat_auth), .enums = e_auth, .def = LVS_HB_AUTH_AUTO, .diff = LVS_DIFF_HEARTBEAT },
	{ .name = "heartbeat_key_file", .blocks = BLK_GLOBAL, .type = T_STRING, .off = G(heartbeat_key_file), .diff = LVS_DIFF_HEARTBEAT },
	{ .name = "network", .blocks = BLK_GLOBAL, .type = T_ENUM, .off = G(network), .enums = e_forward, .def = LVS_FWD_NAT, .diff = LVS_DIFF_NETWORK },
	{ .name = "nat_router", .blocks = BLK_GLOBAL, .type = T_ADDR_DEV, .off = G(nat_router), .off2 = G(nat_router_iface), .diff = LVS_DIFF_NAT_ROUTER },
	{ .name = "nat_nmask", .blocks = BLK_GLOBAL, .type = T_NETMASK, .off = G(nat_prefix), .blank_is_unset = true, .off2 = G(nat_router), .diff = LVS_DIFF_NAT_ROUTER },
	{ .name = "reservation_conflict_action", .blocks = BLK_GLOBAL, .type = T_STRING, .off = G(reservation_conflict_action), .enums = e_conflict, .diff = LVS_DIFF_OTHER },
	{ .name = "debug_level", .alias = "debug", .blocks = BLK_GLOBAL, .type = T_DEBUG, .off = G(debug_level), .def = LOG_NOTICE, .diff = LVS_DIFF_OTHER },
	{ .name = "rsh_command", .blocks = BLK_GLOBAL, .type = T_ENUM, .off = G(rsh_command), .enums = e_rsh, .def = LVS_RSH_RSH, .diff = LVS_DIFF_OTHER },
	{ .name = "sync", .blocks = BLK_GLOBAL, .type = T_BOOL, .off = G(sync), .diff = LVS_DIFF_OTHER },
	{ .name = "ipvsadm", .blocks = BLK_GLOBAL, .type = T_STRING, .off = G(ipvsadm), .diff = LVS_DIFF_OTHER },
	{ .name = "syncdaemon", .blocks = BLK_GLOBAL, .type = T_BOOL, .off = G(syncdaemon), .diff = LVS_DIFF_SYNCDAEMON },
	{ .name = "syncd_iface", .blocks = BLK_GLOBAL, .type = T_DEVICE, .off = G(syncd_iface), .def_str = "eth0", .diff = LVS_DIFF_SYNCDAEMON },
	{ .name = "syncd_id", .blocks = BLK_GLOBAL, .type = T_INT, .off = G(syncd_id), .ikind = I_UINT, .max = 255, .diff = LVS_DIFF_SYNCDAEMON },
	{ .name = "tcp_timeout", .blocks = BLK_GLOBAL, .type = T_INT, .off = G(tcp_timeout), .ikind = I_UINT, .max = TIMEOUT_MAX, .diff = LVS_DIFF_TIMEOUTS },
	{ .name = "tcpfin_timeout", .blocks = BLK_GLOBAL, .type = T_INT, .off = G(tcpfin_timeout), .ikind = I_UINT, .max = TIMEOUT_MAX, .diff = LVS_DIFF_TIMEOUTS },
	{ .name = "udp_timeout", .blocks = BLK_GLOBAL, .type = T_INT, .off = G(udp_timeout), .ikind = I_UINT, .max = TIMEOUT_MAX, .diff = LVS_DIFF_TIMEOUTS },
	{ .name = "sloppy_tcp", .blocks = BLK_GLOBAL, .type = T_ENUM, .off = G(sloppy_tcp), .enums = e_sloppy, .def = LVS_SLOPPY_KERNEL, .diff = LVS_DIFF_SYSCTL },
	{ .name = "director_mode", .blocks = BLK_GLOBAL, .type = T_ENUM, .off = G(director_mode), .enums = e_mode, .def = LVS_MODE_PAIR, .diff = LVS_DIFF_ANNOUNCE },
	{ .name = "bird_socket", .blocks = BLK_GLOBAL, .type = T_STRING, .off = G(bird_socket), .diff = LVS_DIFF_ANNOUNCE },
	{ .name = "nanny_nice", .blocks = BLK_GLOBAL, .type = T_INT, .off = G(nanny_nice), .ikind = I_UINT, .max = 19, .def = 10, .diff = LVS_DIFF_OTHER },
	{ .name = "announce_table", .blocks = BLK_GLOBAL, .type = T_INT, .off = G(announce_table), .ikind = I_UINT, .min = 1, .max = 252, .def = 100, .diff = LVS_DIFF_ANNOUNCE },
	{ .name = "announce_bfd", .blocks = BLK_GLOBAL, .type = T_BOOL, .off = G(announce_bfd), .diff = LVS_DIFF_ANNOUNCE },
	{ .name = "monitor_links", .blocks = BLK_GLOBAL, .type = T_BOOL, .off = G(monitor_links), .diff = LVS_DIFF_OTHER },
	{ .name = "active_cmd", .blocks = BLK_GLOBAL, .type = T_STRING, .off = G(active_cmd), .diff = LVS_DIFF_COMMANDS },
	{ .name = "inactive_cmd", .blocks = BLK_GLOBAL, .type = T_STRING, .off = G(inactive_cmd), .diff = LVS_DIFF_COMMANDS },
	{ .name = "hard_shutdown", .blocks = BLK_GLOBAL, .type = T_BOOL, .off = G(hard_shutdown), .def = false, .diff = LVS_DIFF_OTHER },
	{ .name = "heartbeat_dev", .blocks = BLK_GLOBAL, .type = T_IGNORE },
	{ .name = "mode", .blocks = BLK_GLOBAL, .type = T_IGNORE },
	/* virtual NAME { } */
	{ .name = "active", .blocks = BLK_VIRTUAL, .type = T_BOOL, .off = V(active), .def = true },
	{ .name = "address", .blocks = BLK_VIRTUAL, .type = T_ADDR_DEV, .off = V(addr), .off2 = V(iface), .diff = LVS_DIFF_VIP },
	{ .name = "vip_nmask", .blocks = BLK_VIRTUAL, .type = T_NETMASK, .off = V(vip_prefix), .blank_is_unset = true, .off2 = V(addr), .diff = LVS_DIFF_VIP },
	{ .name = "sorry_server", .blocks = BLK_VIRTUAL, .type = T_SORRY, .off = V(sorry_server), .off2 = V(sorry_port), .diff = LVS_DIFF_SORRY },
	{ .name = "port", .blocks = BLK_VIRTUAL, .type = T_PORT, .off = V(port), .write_if_set = true, .diff = LVS_DIFF_CHECK },
	{ .name = "protocol", .blocks = BLK_VIRTUAL, .type = T_ENUM, .off = V(protocol), .enums = e_protocol, .def = IPPROTO_TCP, .diff = LVS_DIFF_CHECK },
	{ .name = "fwmark", .blocks = BLK_VIRTUAL, .type = T_INT, .off = V(fwmark), .ikind = I_U32, .min = 1, .max = LVS_FWMARK_MAX, .write_if_set = true },
	{ .name = "persistent", .blocks = BLK_VIRTUAL, .type = T_INT, .off = V(persistent), .ikind = I_UINT, .max = TIMEOUT_MAX, .write_if_set = true, .diff = LVS_DIFF_SERVICE },
	{ .name = "pmask", .blocks = BLK_VIRTUAL, .type = T_NETMASK, .off = V(pmask_prefix), .off2 = V(addr), .diff = LVS_DIFF_SERVICE },
	{ .name = "scheduler", .blocks = BLK_VIRTUAL, .type = T_SCHED, .off = V(scheduler), .def_str = "wlc", .diff = LVS_DIFF_SERVICE },
	{ .name = "mh_port", .blocks = BLK_VIRTUAL, .type = T_BOOL, .off = V(mh_port), .diff = LVS_DIFF_SERVICE },
	{ .name = "mh_fallback", .blocks = BLK_VIRTUAL, .type = T_BOOL, .off = V(mh_fallback), .diff = LVS_DIFF_SERVICE },
	{ .name = "send", .blocks = BLK_VIRTUAL, .type = T_STRING, .off = V(send), .send_expect = true, .diff = LVS_DIFF_CHECK },
	{ .name = "expect", .blocks = BLK_VIRTUAL, .type = T_STRING, .off = V(expect), .send_expect = true, .diff = LVS_DIFF_CHECK },
	{ .name = "use_regex", .blocks = BLK_VIRTUAL, .type = T_BOOL, .off = V(use_regex), .diff = LVS_DIFF_CHECK },
	{ .name = "send_program", .blocks = BLK_VIRTUAL, .type = T_STRING, .off = V(send_program), .diff = LVS_DIFF_CHECK },
	{ .name = "load_monitor", .blocks = BLK_VIRTUAL, .type = T_ENUM, .off = V(load_monitor), .enums = e_load, .def = LVS_LOAD_NONE, .diff = LVS_DIFF_CHECK },
	{ .name = "timeout", .blocks = BLK_VIRTUAL, .type = T_DURATION, .off = V(timeout), .min = 1, .def = 10, .diff = LVS_DIFF_CHECK },
	{ .name = "check_interval", .blocks = BLK_VIRTUAL, .type = T_DURATION, .off = V(interval), .min = 1, /* 0 until the block closes: then timeout */ .diff = LVS_DIFF_CHECK },
	{ .name = "reentry", .blocks = BLK_VIRTUAL, .type = T_DURATION, .off = V(reentry), .def = 180, .diff = LVS_DIFF_CHECK },
	{ .name = "rise", .blocks = BLK_VIRTUAL, .type = T_INT, .off = V(rise), .ikind = I_UINT, .min = 1, .max = LVS_RISE_FALL_MAX, .def = 1, .diff = LVS_DIFF_CHECK },
	{ .name = "fall", .blocks = BLK_VIRTUAL, .type = T_INT, .off = V(fall), .ikind = I_UINT, .min = 1, .max = LVS_RISE_FALL_MAX, .def = 1, .diff = LVS_DIFF_CHECK },
	{ .name = "quiesce_server", .blocks = BLK_VIRTUAL, .type = T_BOOL, .off = V(quiesce_server), .diff = LVS_DIFF_CHECK },
	{ .name = "slow_start", .blocks = BLK_VIRTUAL, .type = T_BOOL, .off = V(slow_start), .def = true, .diff = LVS_DIFF_CHECK },
	{ .name = "health_check", .blocks = BLK_VIRTUAL, .type = T_BOOL, .off = V(health_check), .def = true, .diff = LVS_DIFF_CHECK },
	{ .name = "client_monitor", .blocks = BLK_VIRTUAL, .type = T_STRING, .off = V(client_monitor), .diff = LVS_DIFF_CHECK },
	{ .name = "network", .blocks = BLK_VIRTUAL, .type = T_ENUM, .off = V(forward), .enums = e_forward, .def = LVS_FWD_DEFAULT },
	{ .name = "master", .blocks = BLK_VIRTUAL, .type = T_IGNORE },
	{ .name = "dirs", .blocks = BLK_VIRTUAL, .type = T_IGNORE },
	/* server NAME { } inside a virtual */
	{ .name = "address", .blocks = BLK_SERVER, .type = T_ADDR, .off = S(addr) },
	{ .name = "active", .blocks = BLK_SERVER, .type = T_BOOL, .off = S(active), .def = true },
	{ .name = "weight", .blocks = BLK_SERVER, .type = T_INT, .off = S(weight), .ikind = I_INT, .max = LVS_WEIGHT_MAX, .def = 1 },
	{ .name = "port", .blocks = BLK_SERVER, .type = T_PORT, .off = S(port), .write_if_set = true },
	{ .name = "network", .blocks = BLK_SERVER, .type = T_ENUM, .off = S(forward), .enums = e_forward, .def = LVS_FWD_DEFAULT },
	/* failover NAME { } */
	{ .name = "active", .blocks = BLK_FAILOVER, .type = T_BOOL, .off = F(active), .def = true },
	{ .name = "address", .blocks = BLK_FAILOVER, .type = T_ADDR_DEV, .off = F(addr), .off2 = F(iface) },
	{ .name = "vip_nmask", .blocks = BLK_FAILOVER, .type = T_NETMASK, .off = F(vip_prefix), .blank_is_unset = true, .off2 = F(addr) },
	{ .name = "port", .blocks = BLK_FAILOVER, .type = T_PORT, .off = F(port), .def = 80 },
	{ .name = "send", .blocks = BLK_FAILOVER, .type = T_STRING, .off = F(send), .send_expect = true },
	{ .name = "expect", .blocks = BLK_FAILOVER, .type = T_STRING, .off = F(expect), .send_expect = true },
	{ .name = "timeout", .blocks = BLK_FAILOVER, .type = T_DURATION, .off = F(timeout), .min = 1, .def = 10 },
	{ .name = "reentry", .blocks = BLK_FAILOVER, .type = T_DURATION, .off = F(reentry), .def = 180 },
	{ .name = "start_cmd", .blocks = BLK_FAILOVER, .type = T_STRING, .off = F(start_cmd) },
	{ .name = "stop_cmd", .blocks = BLK_FAILOVER, .type = T_STRING, .off = F(stop_cmd) },
};

const size_t cfg_n_keywords = sizeof(cfg_keywords) / sizeof(cfg_keywords[0]);

_Static_assert(sizeof(cfg_keywords) / sizeof(cfg_keywords[0]) <=
	       sizeof(((struct cfg_meta *)0)->line) / sizeof(unsigned),
	       "struct cfg_meta too small for the keyword table");

const char *cfg_block_name(unsigned block)
{
	switch (block) {
	case BLK_VIRTUAL: return "virtual";
	case BLK_SERVER: return "server";
	case BLK_FAILOVER: return "failover";
	default: return "global";
	}
}

static bool name_is(const struct cfg_keyword *kw, const char *name)
{
	return strcmp(kw->name, name) == 0 || (kw->alias && strcmp(kw->alias, name) == 0);
}

const struct cfg_keyword *cfg_keyword_find(const char *name, unsigned block)
{
	for (size_t i = 0; i < cfg_n_keywords; i++)
		if ((cfg_keywords[i].blocks & block) && name_is(&cfg_keywords[i], name))
			return &cfg_keywords[i];
	return NULL;
}

size_t cfg_keyword_slot(const struct cfg_keyword *kw)
{
	return (size_t)(kw - cfg_keywords);
}

unsigned cfg_keyword_blocks(const char *name)
{
	unsigned blocks = 0;

	for (size_t i = 0; i < cfg_n_keywords; i++)
		if (name_is(&cfg_keywords[i], name))
			blocks |= cfg_keywords[i].blocks;
	return blocks;
}

/* Optimal string alignment distance: Levenshtein plus adjacent swaps. */
static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t d[40][40];

	if (la >= 40 || lb >= 40)
		return SIZE_MAX;
	for (size_t i = 0; i <= la; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= la; i++) {
		for (size_t j = 1; j <= lb; j++) {
			size_t cost = a[i - 1] != b[j - 1];
			size_t best = d[i - 1][j] + 1;

			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (d[i - 1][j - 1] + cost < best)
				best = d[i - 1][j - 1] + cost;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	}
	return d[la][lb];
}

/* The closest keyword of this block within distance 2 (block openers count). */
const char *cfg_suggest(const char *name, unsigned block)
{
	static const char *const openers[] = { "virtual", "failover", "server" };
	const char *best = NULL;
	size_t best_d = 3;

	for (size_t i = 0; i < cfg_n_keywords; i++) {
		size_t d;

		if (!(cfg_keywords[i].blocks & block))
			continue;
		d = edit_distance(name, cfg_keywords[i].name);
		if (d < best_d) {
			best_d = d;
			best = cfg_keywords[i].name;
		}
	}
	for (size_t i = 0; i < 3; i++) {
		bool here = (i < 2) ? (block & BLK_GLOBAL) : (block & BLK_VIRTUAL);
		size_t d;

		if (!here)
			continue;
		d = edit_distance(name, openers[i]);
		if (d < best_d) {
			best_d = d;
			best = openers[i];
		}
	}
	return best;
}
