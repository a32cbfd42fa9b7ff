/* Comparing configurations field by field, through the keyword table: a
 * keyword with a row is compared, and reported by lvs_config_diff under
 * the row's LVS_DIFF_* bit, with no edit here. */
#include "config.h"

#include "internal.h"

#include <string.h>

static bool str_eq(const char *a, const char *b)
{
	return a && b ? strcmp(a, b) == 0 : a == b;
}

static bool iface_eq(const struct lvs_iface *a, const struct lvs_iface *b)
{
	return strcmp(a->dev, b->dev) == 0 && strcmp(a->label, b->label) == 0;
}

static bool int_eq(enum cfg_int_kind k, const void *a, const void *b)
{
	switch (k) {
	case I_LONG: return *(const long *)a == *(const long *)b;
	case I_INT: return *(const int *)a == *(const int *)b;
	case I_UINT: return *(const unsigned *)a == *(const unsigned *)b;
	case I_U32: return *(const uint32_t *)a == *(const uint32_t *)b;
	}
	return false;
}

bool cfg_field_eq(const struct cfg_keyword *kw, const void *a, const void *b)
{
	const char *pa = (const char *)a + kw->off, *pb = (const char *)b + kw->off;

	switch (kw->type) {
	case T_BOOL:
		return *(const bool *)pa == *(const bool *)pb;
	case T_INT:
		return int_eq(kw->ikind, pa, pb);
	case T_DURATION:
		return *(const double *)pa == *(const double *)pb;
	case T_PORT:
		return *(const uint16_t *)pa == *(const uint16_t *)pb;
	case T_ADDR:
		return lvs_addr_equal((const struct lvs_addr *)pa, (const struct lvs_addr *)pb);
	case T_ADDR_DEV:
		return lvs_addr_equal((const struct lvs_addr *)pa, (const struct lvs_addr *)pb) &&
		       iface_eq((const struct lvs_iface *)((const char *)a + kw->off2),
				(const struct lvs_iface *)((const char *)b + kw->off2));
	case T_NETMASK:
		return *(const unsigned *)pa == *(const unsigned *)pb;
	case T_STRING:
		return str_eq(*(char *const *)pa, *(char *const *)pb);
	case T_DEVICE:
	case T_SCHED:
		return strcmp(pa, pb) == 0;
	case T_ENUM:
	case T_DEBUG:
		return *(const int *)pa == *(const int *)pb;
	case T_SORRY:
		return lvs_addr_equal((const struct lvs_addr *)pa, (const struct lvs_addr *)pb) &&
		       *(const uint16_t *)((const char *)a + kw->off2) ==
		       *(const uint16_t *)((const char *)b + kw->off2);
	case T_IGNORE:
		return true;
	}
	return false;
}

static bool block_eq(unsigned block, const void *a, const void *b)
{
	for (size_t i = 0; i < cfg_n_keywords; i++)
		if ((cfg_keywords[i].blocks & block) && !cfg_field_eq(&cfg_keywords[i], a, b))
			return false;
	return true;
}

unsigned cfg_block_diff(unsigned block, const void *a, const void *b)
{
	unsigned what = 0;

	for (size_t i = 0; i < cfg_n_keywords; i++)
		if ((cfg_keywords[i].blocks & block) && !cfg_field_eq(&cfg_keywords[i], a, b))
			what |= cfg_keywords[i].diff;
	return what;
}

static bool server_eq(const struct lvs_server *a, const struct lvs_server *b)
{
	return str_eq(a->name, b->name) && block_eq(BLK_SERVER, a, b);
}

static bool virtual_eq(const struct lvs_virtual *a, const struct lvs_virtual *b)
{
	if (!str_eq(a->name, b->name) || !block_eq(BLK_VIRTUAL, a, b) || a->n_servers != b->n_servers)
		return false;
	for (size_t i = 0; i < a->n_servers; i++)
		if (!server_eq(&a->servers[i], &b->servers[i]))
			return false;
	return true;
}

static bool failover_eq(const struct lvs_failover *a, const struct lvs_failover *b)
{
	return str_eq(a->name, b->name) && block_eq(BLK_FAILOVER, a, b);
}

static bool failovers_eq(const struct lvs_config *a, const struct lvs_config *b)
{
	if (a->n_failovers != b->n_failovers)
		return false;
	for (size_t i = 0; i < a->n_failovers; i++)
		if (!failover_eq(&a->failovers[i], &b->failovers[i]))
			return false;
	return true;
}

/* Global keywords grouped the way lvs_config_diff reports them (each row's
 * diff bit), and the failover blocks as one. */
unsigned cfg_globals_diff(const struct lvs_config *a, const struct lvs_config *b)
{
	unsigned what = cfg_block_diff(BLK_GLOBAL, a, b);

	if (!failovers_eq(a, b))
		what |= LVS_DIFF_FAILOVER;
	return what;
}

bool lvs_config_equal(const struct lvs_config *a, const struct lvs_config *b)
{
	if (cfg_globals_diff(a, b) || a->n_virtuals != b->n_virtuals)
		return false;
	for (size_t i = 0; i < a->n_virtuals; i++)
		if (!virtual_eq(&a->virtuals[i], &b->virtuals[i]))
			return false;
	return true;
}
