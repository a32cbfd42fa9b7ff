/* lvs-config-convert on any bytes: the keepalived.conf lexer, block tree
 * and mapper. The input is one file, or several separated by lines "%%":
 * the first is the configuration, "include N" names the Nth of the others
 * (counting from 1; anything else matches no file). A conversion that
 * reports no error must give an lvs.cf that our own parser accepts and
 * reads back as the same configuration. */
#include "config.h"

#include "fuzz.h"
#include "kconf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PARTS 8

struct parts {
	const uint8_t *p[MAX_PARTS];
	size_t len[MAX_PARTS];
	size_t n;
};

static int part_read(void *ctx, const char *from, const char *pattern, struct kconf_file **files,
		     size_t *n, char *why, size_t why_len)
{
	const struct parts *pt = ctx;
	char *end;
	unsigned long i = strtoul(pattern, &end, 10);

	(void)from;
	*files = NULL;
	*n = 0;
	if (!strcmp(pattern, "fail")) {
		snprintf(why, why_len, "asked to fail");
		return -1;
	}
	if (*end || end == pattern || i == 0 || i >= pt->n)
		return 0;
	*files = calloc(1, sizeof(**files));
	if (!*files)
		return -1;
	(*files)->name = strdup(pattern);
	(*files)->text = malloc(pt->len[i] + 1);
	if (!(*files)->name || !(*files)->text) {
		kconf_files_free(*files, 1);
		*files = NULL;
		return -1;
	}
	memcpy((*files)->text, pt->p[i], pt->len[i]);
	(*files)->text[pt->len[i]] = '\0';
	(*files)->len = pt->len[i];
	*n = 1;
	return 0;
}

static void split(const uint8_t *data, size_t size, struct parts *pt)
{
	static const char sep[] = "\n%%\n";
	size_t start = 0;

	pt->n = 0;
	for (size_t i = 0; i + sizeof(sep) - 1 <= size && pt->n < MAX_PARTS - 1; i++)
		if (memcmp(data + i, sep, sizeof(sep) - 1) == 0) {
			pt->p[pt->n] = data + start;
			pt->len[pt->n++] = i + 1 - start;
			start = i + sizeof(sep) - 1;
			i = start - 1;
		}
	pt->p[pt->n] = data + start;
	pt->len[pt->n++] = size - start;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct parts pt;
	struct kconf_reader rd = { .read = part_read, .ctx = &pt };
	struct kconf_diags d = { 0 };
	struct lvs_config_errors errs;
	struct lvs_config *cfg;
	enum kconf_emit_result r;
	char *out = NULL, *text;
	size_t out_len = 0, len;
	FILE *f;

	split(data, size, &pt);
	cfg = kconf_convert("fuzz.conf", (const char *)pt.p[0], pt.len[0], &rd, &d);
	/* Rendering the messages touches every one of them. */
	f = open_memstream(&out, &out_len);
	if (f) {
		kconf_diags_print(&d, f, false);
		fclose(f);
	}
	free(out);
	if (cfg && kconf_diag_count(&d, KCONF_ERROR)) {
		fprintf(stderr, "a configuration came with errors\n");
		abort();
	}
	kconf_diags_clear(&d);
	if (!cfg)
		return 0;
	r = kconf_emit(cfg, "fuzz.conf", "out.cf", &text, &len, &errs);
	if (r == KCONF_EMIT_REJECTED || r == KCONF_EMIT_DIFFERS) {
		fprintf(stderr, "the converted lvs.cf %s\n", r == KCONF_EMIT_REJECTED
			? "fails our own parser:" : "reads back differently");
		lvs_config_errors_print(&errs, stderr);
		abort();
	}
	if (r == KCONF_EMIT_OK)
		free(text);
	lvs_config_errors_clear(&errs);
	lvs_config_free(cfg);
	return 0;
}
