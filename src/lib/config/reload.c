#include "config.h"

/* What a daemon asks of a new file before it reloads from it, beyond its
 * being valid. */

#include "lvs_config.h"

const char *lvs_config_reload_refusal(const struct lvs_config *old_cfg, const struct lvs_config *new_cfg)
{
	/* An empty file, or one cut before its first virtual, parses. Read
	 * while someone rewrites lvs.cf in place, it would take every service
	 * down; nobody means that, who could mark the virtuals inactive. */
	if (old_cfg->n_virtuals > 0 && new_cfg->n_virtuals == 0)
		return "it has no virtual at all (a file being written?): to take every service "
		       "down, set active = 0 in each virtual or stop the daemon";
	return NULL;
}
