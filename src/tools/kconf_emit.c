/* The converted model as lvs.cf text, proven to read back as itself. */
#include "config.h"

#include "kconf.h"

#include <stdlib.h>
#include <string.h>

#include "escape.h"

enum kconf_emit_result kconf_emit(const struct lvs_config *cfg, const char *src, const char *out_name,
				  char **text, size_t *len, struct lvs_config_errors *errs)
{
	struct lvs_config *again;
	char *buf = NULL, *safe;
	size_t n = 0;
	FILE *f;

	memset(errs, 0, sizeof(*errs));
	*text = NULL;
	*len = 0;
	f = open_memstream(&buf, &n);
	if (!f)
		return KCONF_EMIT_NOMEM;
	/* The source name goes into a comment: one line, printable. */
	safe = lvs_escape_unprintable(src);
	fprintf(f, "# Converted from %s by lvs-config-convert (%s %s).\n"
		"# Check it with lvs-config-check; every keyword is in lvs.cf(5).\n",
		safe ? safe : "keepalived.conf", PACKAGE_NAME, PACKAGE_VERSION);
	free(safe);
	if (lvs_config_write(cfg, f) < 0) {
		fclose(f);
		free(buf);
		return KCONF_EMIT_NOMEM;
	}
	if (fclose(f) != 0) {
		free(buf);
		return KCONF_EMIT_NOMEM;
	}
	again = lvs_config_parse(out_name, buf, n, errs);
	if (!again) {
		free(buf);
		return errs->count ? KCONF_EMIT_REJECTED : KCONF_EMIT_NOMEM;
	}
	if (!lvs_config_equal(cfg, again)) {
		lvs_config_free(again);
		free(buf);
		return KCONF_EMIT_DIFFERS;
	}
	lvs_config_free(again);
	*text = buf;
	*len = n;
	return KCONF_EMIT_OK;
}
