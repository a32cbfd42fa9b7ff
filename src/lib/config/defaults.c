/* The values of an empty file or block, from the keyword table. */
#include "config.h"

#include "internal.h"

#include <string.h>

static void set_default(const struct cfg_keyword *kw, char *base)
{
	void *dst = base + kw->off;

	switch (kw->type) {
	case T_BOOL:
		*(bool *)dst = kw->def != 0;
		break;
	case T_INT:
		switch (kw->ikind) {
		case I_LONG: *(long *)dst = (long)kw->def; break;
		case I_INT: *(int *)dst = (int)kw->def; break;
		case I_UINT: *(unsigned *)dst = (unsigned)kw->def; break;
		case I_U32: *(uint32_t *)dst = (uint32_t)kw->def; break;
		}
		break;
	case T_DURATION:
		*(double *)dst = kw->def;
		break;
	case T_PORT:
		*(uint16_t *)dst = (uint16_t)kw->def;
		break;
	case T_ENUM:
	case T_DEBUG:
		*(int *)dst = (int)kw->def;
		break;
	case T_DEVICE:
	case T_SCHED:
		if (kw->def_str)
			strcpy(dst, kw->def_str);
		break;
	case T_ADDR:
	case T_ADDR_DEV:
	case T_NETMASK:
	case T_STRING:
	case T_SORRY:
	case T_IGNORE:
		break;  /* unset: the block starts zeroed */
	}
}

static void block_defaults(unsigned block, void *obj)
{
	for (size_t i = 0; i < cfg_n_keywords; i++)
		if (cfg_keywords[i].blocks & block)
			set_default(&cfg_keywords[i], obj);
}

void cfg_config_defaults(struct lvs_config *cfg)
{
	block_defaults(BLK_GLOBAL, cfg);
}

void cfg_virtual_defaults(struct lvs_virtual *v)
{
	block_defaults(BLK_VIRTUAL, v);
}

void cfg_server_defaults(struct lvs_server *s)
{
	block_defaults(BLK_SERVER, s);
}

void cfg_failover_defaults(struct lvs_failover *f)
{
	block_defaults(BLK_FAILOVER, f);
}
