/* The lvs.cf parser on any bytes, and the reload diff between two parsed
 * files. The input is one file, or two separated by a line "%%". A file
 * that parses must survive the writer and parse again as the same
 * configuration. */
#include "config.h"

#include "fuzz.h"
#include "lvs_config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct lvs_config *parse(const char *name, const uint8_t *text, size_t len)
{
	struct lvs_config_errors errs;
	struct lvs_config *cfg = lvs_config_parse(name, (const char *)text, len, &errs);
	char *out = NULL;
	size_t out_len = 0;
	FILE *f;

	/* Rendering the messages touches every one of them. */
	f = open_memstream(&out, &out_len);
	if (f) {
		lvs_config_errors_print(&errs, f);
		fclose(f);
	}
	free(out);
	lvs_config_errors_clear(&errs);
	return cfg;
}

/* What the writer makes of cfg reads back as cfg. */
static void round_trip(const struct lvs_config *cfg)
{
	struct lvs_config_errors errs;
	struct lvs_config *again;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (!f)
		return;
	if (lvs_config_write(cfg, f) < 0) {
		fclose(f);
		free(text);
		return;
	}
	fclose(f);
	again = lvs_config_parse("written", text, len, &errs);
	if (!again || !lvs_config_equal(cfg, again)) {
		fprintf(stderr, "the writer's output %s:\n%.*s\n",
			again ? "parses differently" : "does not parse", (int)len, text);
		if (!again)
			lvs_config_errors_print(&errs, stderr);
		abort();
	}
	lvs_config_free(again);
	lvs_config_errors_clear(&errs);
	free(text);
}

static void diff(const struct lvs_config *a, const struct lvs_config *b)
{
	struct lvs_diff d;
	char line[512];

	if (lvs_config_diff(a, b, &d) < 0)
		return;
	for (size_t i = 0; i < d.count; i++)
		lvs_change_describe(&d.changes[i], line, sizeof(line));
	lvs_diff_free(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char sep[] = "\n%%\n";
	const uint8_t *second = NULL;
	size_t first_len = size;
	struct lvs_config *a, *b = NULL;

	for (size_t i = 0; i + sizeof(sep) - 1 <= size; i++)
		if (memcmp(data + i, sep, sizeof(sep) - 1) == 0) {
			first_len = i + 1;
			second = data + i + sizeof(sep) - 1;
			break;
		}
	a = parse("a.cf", data, first_len);
	if (second)
		b = parse("b.cf", second, size - (size_t)(second - data));
	if (a)
		round_trip(a);
	if (a && b) {
		diff(a, b);
		diff(b, a);
	}
	if (a && !second)
		diff(a, a);
	lvs_config_free(a);
	lvs_config_free(b);
	return 0;
}
