/* lvs-config-convert: a keepalived.conf as an lvs.cf, with every keyword it
 * could not carry over named by file and line. */
#include "config.h"

#include <errno.h>
#include <popt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "popt_string.h"
#include "kconf.h"
#include "lvs_config.h"

/* Exit codes (lvs-config-convert(8)). */
enum {
	EXIT_CONVERTED = 0,
	EXIT_BAD_INPUT = 1,     /* errors in the input, bad usage, or I/O */
	EXIT_INEXACT = 2,       /* --strict, and something was dropped or approximated */
	EXIT_BUG = 3,           /* the output fails our own parser: a converter bug */
};

/* Write text to path through a temporary file in its directory, so that a
 * failed write never leaves half an lvs.cf. */
static int write_out(const char *path, const char *text, size_t len)
{
	char *tmp;
	int fd, saved;
	FILE *f;

	if (asprintf(&tmp, "%s.XXXXXX", path) < 0)
		return -1;
	fd = mkstemp(tmp);
	if (fd < 0) {
		saved = errno;
		free(tmp);
		errno = saved;
		return -1;
	}
	if (fchmod(fd, 0644) < 0 || !(f = fdopen(fd, "w"))) {
		saved = errno;
		close(fd);
		goto fail;
	}
	if (fwrite(text, 1, len, f) != len || fflush(f) != 0 || fsync(fileno(f)) != 0) {
		saved = errno;
		fclose(f);
		goto fail;
	}
	if (fclose(f) != 0 || rename(tmp, path) != 0) {
		saved = errno;
		goto fail;
	}
	free(tmp);
	return 0;
fail:
	unlink(tmp);
	free(tmp);
	errno = saved;
	return -1;
}

static int convert(const char *file, const char *out, bool strict, bool quiet)
{
	struct kconf_diags d = { 0 };
	struct lvs_config_errors errs;
	struct lvs_config *cfg;
	char *text, *lvs = NULL, why[512];
	size_t len, lvs_len, dropped, approx;
	const char *out_name = out ? out : "<stdout>";
	enum kconf_emit_result er;
	int rc;

	if (kconf_read_file(file, &text, &len, why, sizeof(why)) < 0) {
		fprintf(stderr, "%s: error: %s\n", file, why);
		return EXIT_BAD_INPUT;
	}
	cfg = kconf_convert(strcmp(file, "-") ? file : "<stdin>", text, len, &kconf_fs_reader, &d);
	free(text);
	if (!cfg) {
		size_t n = kconf_diag_count(&d, KCONF_ERROR);

		/* What would have been dropped matters once the file is right. */
		kconf_diags_print(&d, stderr, true);
		fprintf(stderr, "lvs-config-convert: %zu error%s, nothing written\n", n, n == 1 ? "" : "s");
		kconf_diags_clear(&d);
		return EXIT_BAD_INPUT;
	}
	if (!quiet)
		kconf_diags_print(&d, stderr, false);
	dropped = kconf_diag_count(&d, KCONF_DROPPED);
	approx = kconf_diag_count(&d, KCONF_APPROX);
	kconf_diags_clear(&d);

	er = kconf_emit(cfg, file, out_name, &lvs, &lvs_len, &errs);
	lvs_config_free(cfg);
	if (er != KCONF_EMIT_OK) {
		if (er == KCONF_EMIT_NOMEM) {
			fprintf(stderr, "lvs-config-convert: out of memory\n");
			return EXIT_BAD_INPUT;
		}
		fprintf(stderr, "lvs-config-convert: internal error: the lvs.cf made from %s %s; "
			"nothing written. This is a bug of lvs-config-convert: please report it with "
			"the input.\n", file, er == KCONF_EMIT_REJECTED ? "fails lvs.cf's own checks"
			: "reads back as another configuration");
		lvs_config_errors_print(&errs, stderr);
		lvs_config_errors_clear(&errs);
		return EXIT_BUG;
	}
	/* What lvs-config-check would warn about in the output, such as
	 * heartbeats without a key. */
	if (!quiet)
		lvs_config_errors_print(&errs, stderr);
	lvs_config_errors_clear(&errs);
	if (out) {
		if (write_out(out, lvs, lvs_len) < 0) {
			fprintf(stderr, "%s: error: cannot write: %s\n", out, strerror(errno));
			free(lvs);
			return EXIT_BAD_INPUT;
		}
	} else if (fwrite(lvs, 1, lvs_len, stdout) != lvs_len || fflush(stdout) != 0) {
		fprintf(stderr, "lvs-config-convert: writing: %s\n", strerror(errno));
		free(lvs);
		return EXIT_BAD_INPUT;
	}
	free(lvs);
	rc = strict && dropped + approx ? EXIT_INEXACT : EXIT_CONVERTED;
	if (!quiet && dropped + approx)
		fprintf(stderr, "lvs-config-convert: %s: %zu keyword%s dropped, %zu converted "
			"approximately%s\n", file, dropped, dropped == 1 ? "" : "s", approx,
			rc == EXIT_INEXACT ? " (--strict: exit 2)" : "");
	return rc;
}

int main(int argc, const char **argv)
{
	char *out = NULL; /* popt allocates it */
	int strict = 0, quiet = 0, version = 0, rc;
	const char *file;
	struct poptOption opts[] = {
		{ "output", 'o', POPT_ARG_STRING, NULL, POPT_STRING(0), "write the lvs.cf to FILE, not to stdout",
		  "FILE" },
		{ "strict", 0, POPT_ARG_NONE, &strict, 0,
		  "exit 2 when a keyword was dropped or converted approximately", NULL },
		{ "quiet", 'q', POPT_ARG_NONE, &quiet, 0, "print errors only", NULL },
		{ "version", 0, POPT_ARG_NONE, &version, 0, "print the version and exit", NULL },
		POPT_AUTOHELP
		POPT_TABLEEND
	};
	poptContext ctx = poptGetContext("lvs-config-convert", argc, argv, opts, 0);

	char **const strings[] = { &out };

	poptSetOtherOptionHelp(ctx, "[-o FILE] [--strict] [-q] keepalived.conf");
	while ((rc = poptGetNextOpt(ctx)) > 0)
		popt_take_string(ctx, rc, strings, 1);
	if (rc < -1) {
		fprintf(stderr, "lvs-config-convert: %s: %s\n",
			poptBadOption(ctx, POPT_BADOPTION_NOALIAS), poptStrerror(rc));
		rc = EXIT_BAD_INPUT;
		goto out;
	}
	if (version) {
		printf("lvs-config-convert (%s) %s\n", PACKAGE_NAME, PACKAGE_VERSION);
		rc = EXIT_CONVERTED;
		goto out;
	}
	file = poptGetArg(ctx);
	if (!file || poptPeekArg(ctx)) {
		fprintf(stderr, "lvs-config-convert: give one keepalived.conf (- for standard input)\n");
		rc = EXIT_BAD_INPUT;
		goto out;
	}
	if (out && !*out) {
		fprintf(stderr, "lvs-config-convert: the output file name is empty\n");
		rc = EXIT_BAD_INPUT;
		goto out;
	}
	rc = convert(file, out, strict, quiet);
out:
	poptFreeContext(ctx);
	free(out);
	return rc;
}
