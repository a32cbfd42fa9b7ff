#include "config.h"

#include "config_internal.h"

#include <limits.h>
#include <stddef.h>
#include <string.h>

static const struct cfg_enum e_service[] = {
	{ "lvs", LVS_SERVICE_LVS }, { "fos", LVS_SERVICE_FOS }, { NULL, 0 } };
static const struct cfg_enum e_forward[] = {
	{ "nat", LVS_FWD_NAT }, { "direct", LVS_FWD_DIRECT }, { "tunnel", LVS_FWD_TUNNEL }, { NULL, 0 } };
static const struct cfg_enum e_auth[] = {
	{ "hmac-sha256", LVS_HB_AUTH_HMAC }, { "none", LVS_HB_AUTH_NONE }, { NULL, 0 } };
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

const struct cfg_keyword cfg_keywords[] = {
	/* global section */
	{ "serial_no", NULL, BLK_GLOBAL, T_INT, G(serial_no), 0, I_LONG, 0, LONG_MAX, NULL, false },
	{ "service", NULL, BLK_GLOBAL, T_ENUM, G(service), 0, 0, 0, 0, e_service, false },
	{ "primary", NULL, BLK_GLOBAL, T_ADDR, G(primary), 0, 0, 0, 0, NULL, false },
	{ "primary_private", NULL, BLK_GLOBAL, T_ADDR, G(primary_private), 0, 0, 0, 0, NULL, false },
	{ "primary_shared", NULL, BLK_GLOBAL, T_STRING, G(primary_shared), 0, 0, 0, 0, NULL, false },
	{ "backup", NULL, BLK_GLOBAL, T_ADDR, G(backup), 0, 0, 0, 0, NULL, false },
	{ "backup_private", NULL, BLK_GLOBAL, T_ADDR, G(backup_private), 0, 0, 0, 0, NULL, false },
	{ "backup_shared", NULL, BLK_GLOBAL, T_STRING, G(backup_shared), 0, 0, 0, 0, NULL, false },
	{ "backup_active", NULL, BLK_GLOBAL, T_BOOL, G(backup_active), 0, 0, 0, 0, NULL, false },
	{ "heartbeat", NULL, BLK_GLOBAL, T_BOOL, G(heartbeat), 0, 0, 0, 0, NULL, false },
	{ "heartbeat_port", NULL, BLK_GLOBAL, T_PORT, G(heartbeat_port), 0, 0, 0, 0, NULL, false },
	{ "keepalive", NULL, BLK_GLOBAL, T_DURATION, G(keepalive), 0, 0, 1, 0, NULL, false },
	{ "deadtime", NULL, BLK_GLOBAL, T_DURATION, G(deadtime), 0, 0, 1, 0, NULL, false },
	{ "heartbeat_auth", NULL, BLK_GLOBAL, T_ENUM, G(heartbeat_auth), 0, 0, 0, 0, e_auth, false },
	{ "heartbeat_key_file", NULL, BLK_GLOBAL, T_STRING, G(heartbeat_key_file), 0, 0, 0, 0, NULL, false },
	{ "network", NULL, BLK_GLOBAL, T_ENUM, G(network), 0, 0, 0, 0, e_forward, false },
	{ "nat_router", NULL, BLK_GLOBAL, T_ADDR_DEV, G(nat_router), G(nat_router_iface), 0, 0, 0, NULL, false },
	{ "nat_nmask", NULL, BLK_GLOBAL, T_NETMASK, G(nat_prefix), 0, 0, 0, 0, NULL, false },
	{ "reservation_conflict_action", NULL, BLK_GLOBAL, T_STRING, G(reservation_conflict_action), 0, 0, 0, 0, e_conflict, false },
	{ "debug_level", "debug", BLK_GLOBAL, T_DEBUG, G(debug_level), 0, 0, 0, 0, NULL, false },
	{ "rsh_command", NULL, BLK_GLOBAL, T_ENUM, G(rsh_command), 0, 0, 0, 0, e_rsh, false },
	{ "sync", NULL, BLK_GLOBAL, T_BOOL, G(sync), 0, 0, 0, 0, NULL, false },
	{ "ipvsadm", NULL, BLK_GLOBAL, T_STRING, G(ipvsadm), 0, 0, 0, 0, NULL, false },
	{ "syncdaemon", NULL, BLK_GLOBAL, T_BOOL, G(syncdaemon), 0, 0, 0, 0, NULL, false },
	{ "syncd_iface", NULL, BLK_GLOBAL, T_DEVICE, G(syncd_iface), 0, 0, 0, 0, NULL, false },
	{ "syncd_id", NULL, BLK_GLOBAL, T_INT, G(syncd_id), 0, I_UINT, 0, 255, NULL, false },
	{ "tcp_timeout", NULL, BLK_GLOBAL, T_INT, G(tcp_timeout), 0, I_UINT, 0, TIMEOUT_MAX, NULL, false },
	{ "tcpfin_timeout", NULL, BLK_GLOBAL, T_INT, G(tcpfin_timeout), 0, I_UINT, 0, TIMEOUT_MAX, NULL, false },
	{ "udp_timeout", NULL, BLK_GLOBAL, T_INT, G(udp_timeout), 0, I_UINT, 0, TIMEOUT_MAX, NULL, false },
	{ "monitor_links", NULL, BLK_GLOBAL, T_BOOL, G(monitor_links), 0, 0, 0, 0, NULL, false },
	{ "active_cmd", NULL, BLK_GLOBAL, T_STRING, G(active_cmd), 0, 0, 0, 0, NULL, false },
	{ "inactive_cmd", NULL, BLK_GLOBAL, T_STRING, G(inactive_cmd), 0, 0, 0, 0, NULL, false },
	{ "hard_shutdown", NULL, BLK_GLOBAL, T_BOOL, G(hard_shutdown), 0, 0, 0, 0, NULL, false },
	{ "heartbeat_dev", NULL, BLK_GLOBAL, T_IGNORE, 0, 0, 0, 0, 0, NULL, false },
	{ "mode", NULL, BLK_GLOBAL, T_IGNORE, 0, 0, 0, 0, 0, NULL, false },
	/* virtual NAME { } */
	{ "active", NULL, BLK_VIRTUAL, T_BOOL, V(active), 0, 0, 0, 0, NULL, false },
	{ "address", NULL, BLK_VIRTUAL, T_ADDR_DEV, V(addr), V(iface), 0, 0, 0, NULL, false },
	{ "vip_nmask", NULL, BLK_VIRTUAL, T_NETMASK, V(vip_prefix), 0, 0, 0, 0, NULL, false },
	{ "sorry_server", NULL, BLK_VIRTUAL, T_SORRY, V(sorry_server), 0, 0, 0, 0, NULL, false },
	{ "port", NULL, BLK_VIRTUAL, T_PORT, V(port), 0, 0, 0, 0, NULL, false },
	{ "protocol", NULL, BLK_VIRTUAL, T_ENUM, V(protocol), 0, 0, 0, 0, e_protocol, false },
	{ "fwmark", NULL, BLK_VIRTUAL, T_INT, V(fwmark), 0, I_U32, 1, 4294967295L, NULL, false },
	{ "persistent", NULL, BLK_VIRTUAL, T_INT, V(persistent), 0, I_UINT, 0, TIMEOUT_MAX, NULL, false },
	{ "pmask", NULL, BLK_VIRTUAL, T_NETMASK, V(pmask_prefix), 0, 0, 0, 0, NULL, false },
	{ "scheduler", NULL, BLK_VIRTUAL, T_SCHED, V(scheduler), 0, 0, 0, 0, NULL, false },
	{ "send", NULL, BLK_VIRTUAL, T_STRING, V(send), 0, 0, 0, 0, NULL, true },
	{ "expect", NULL, BLK_VIRTUAL, T_STRING, V(expect), 0, 0, 0, 0, NULL, true },
	{ "use_regex", NULL, BLK_VIRTUAL, T_BOOL, V(use_regex), 0, 0, 0, 0, NULL, false },
	{ "send_program", NULL, BLK_VIRTUAL, T_STRING, V(send_program), 0, 0, 0, 0, NULL, false },
	{ "load_monitor", NULL, BLK_VIRTUAL, T_ENUM, V(load_monitor), 0, 0, 0, 0, e_load, false },
	{ "timeout", NULL, BLK_VIRTUAL, T_DURATION, V(timeout), 0, 0, 1, 0, NULL, false },
	{ "check_interval", NULL, BLK_VIRTUAL, T_DURATION, V(interval), 0, 0, 1, 0, NULL, false },
	{ "reentry", NULL, BLK_VIRTUAL, T_DURATION, V(reentry), 0, 0, 0, 0, NULL, false },
	{ "rise", NULL, BLK_VIRTUAL, T_INT, V(rise), 0, I_UINT, 1, 10000, NULL, false },
	{ "fall", NULL, BLK_VIRTUAL, T_INT, V(fall), 0, I_UINT, 1, 10000, NULL, false },
	{ "quiesce_server", NULL, BLK_VIRTUAL, T_BOOL, V(quiesce_server), 0, 0, 0, 0, NULL, false },
	{ "health_check", NULL, BLK_VIRTUAL, T_BOOL, V(health_check), 0, 0, 0, 0, NULL, false },
	{ "client_monitor", NULL, BLK_VIRTUAL, T_STRING, V(client_monitor), 0, 0, 0, 0, NULL, false },
	{ "network", NULL, BLK_VIRTUAL, T_ENUM, V(forward), 0, 0, 0, 0, e_forward, false },
	{ "master", NULL, BLK_VIRTUAL, T_IGNORE, 0, 0, 0, 0, 0, NULL, false },
	{ "dirs", NULL, BLK_VIRTUAL, T_IGNORE, 0, 0, 0, 0, 0, NULL, false },
	/* server NAME { } inside a virtual */
	{ "address", NULL, BLK_SERVER, T_ADDR, S(addr), 0, 0, 0, 0, NULL, false },
	{ "active", NULL, BLK_SERVER, T_BOOL, S(active), 0, 0, 0, 0, NULL, false },
	{ "weight", NULL, BLK_SERVER, T_INT, S(weight), 0, I_INT, 0, 65535, NULL, false },
	{ "port", NULL, BLK_SERVER, T_PORT, S(port), 0, 0, 0, 0, NULL, false },
	{ "network", NULL, BLK_SERVER, T_ENUM, S(forward), 0, 0, 0, 0, e_forward, false },
	/* failover NAME { } */
	{ "address", NULL, BLK_FAILOVER, T_ADDR_DEV, F(addr), F(iface), 0, 0, 0, NULL, false },
	{ "vip_nmask", NULL, BLK_FAILOVER, T_NETMASK, F(vip_prefix), 0, 0, 0, 0, NULL, false },
	{ "active", NULL, BLK_FAILOVER, T_BOOL, F(active), 0, 0, 0, 0, NULL, false },
	{ "timeout", NULL, BLK_FAILOVER, T_DURATION, F(timeout), 0, 0, 1, 0, NULL, false },
	{ "reentry", NULL, BLK_FAILOVER, T_DURATION, F(reentry), 0, 0, 0, 0, NULL, false },
	{ "port", NULL, BLK_FAILOVER, T_PORT, F(port), 0, 0, 0, 0, NULL, false },
	{ "send", NULL, BLK_FAILOVER, T_STRING, F(send), 0, 0, 0, 0, NULL, true },
	{ "expect", NULL, BLK_FAILOVER, T_STRING, F(expect), 0, 0, 0, 0, NULL, true },
	{ "start_cmd", NULL, BLK_FAILOVER, T_STRING, F(start_cmd), 0, 0, 0, 0, NULL, false },
	{ "stop_cmd", NULL, BLK_FAILOVER, T_STRING, F(stop_cmd), 0, 0, 0, 0, NULL, false },
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
