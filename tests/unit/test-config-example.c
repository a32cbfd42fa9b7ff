/* etc/lvs.cf.example must pass and survive write + parse unchanged. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lvs_config.h"
#include "tap.h"

int main(void)
{
	const char *dir = getenv("top_srcdir");
	struct lvs_config_errors errs;
	struct lvs_config *a, *b = NULL;
	char path[512], *buf = NULL, *buf2 = NULL;
	size_t len = 0, len2 = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/etc/lvs.cf.example", dir ? dir : ".");
	a = lvs_config_load(path, &errs);
	lvs_config_errors_print(&errs, stdout);
	ok(a != NULL, "the example configuration passes");
	is_int(errs.count, 0, "no errors in the example");
	lvs_config_errors_clear(&errs);
	if (!a)
		return tap_done();
	is_int(a->n_virtuals, 6, "six virtuals in the example");
	ok(a->backup_active && a->heartbeat_key_file, "two routers with an authenticated heartbeat");

	f = open_memstream(&buf, &len);
	ok(lvs_config_write(a, f) == 0, "write");
	fclose(f);
	b = lvs_config_parse("written", buf, len, &errs);
	lvs_config_errors_print(&errs, stdout);
	ok(b != NULL, "the written configuration parses");
	lvs_config_errors_clear(&errs);
	ok(b && lvs_config_equal(a, b), "parse(write(example)) equals the example");

	/* Normalized output is a fixed point. */
	if (b) {
		f = open_memstream(&buf2, &len2);
		lvs_config_write(b, f);
		fclose(f);
		ok(len == len2 && memcmp(buf, buf2, len) == 0, "writing twice gives the same text");
	}
	if (b) {
		struct lvs_diff d;

		ok(lvs_config_diff(a, b, &d) == 0 && d.count == 0, "no diff between the two");
		lvs_diff_free(&d);
	}
	free(buf);
	free(buf2);
	lvs_config_free(a);
	lvs_config_free(b);
	return tap_done();
}
