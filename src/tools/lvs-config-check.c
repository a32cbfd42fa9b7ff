/* lvs-config-check: parse lvs.cf and report every error, or print it normalized. */
#include "config.h"

#include <popt.h>
#include <stdio.h>
#include <stdlib.h>

#include "lvs_config.h"
#include "popt_string.h"

int main(int argc, const char **argv)
{
	char *opt_file = NULL; /* popt allocates it */
	const char *file, *extra;
	int dump = 0, quiet = 0, version = 0, rc;
	struct lvs_config_errors errs;
	struct lvs_config *cfg;
	struct poptOption opts[] = {
		{ "configfile", 'c', POPT_ARG_STRING, NULL, POPT_STRING(0), "configuration file to check",
		  "FILE" },
		{ "dump", 0, POPT_ARG_NONE, &dump, 0,
		  "print the configuration as the suite understands it", NULL },
		{ "quiet", 'q', POPT_ARG_NONE, &quiet, 0, "print errors only (no warnings, no OK line)", NULL },
		{ "version", 0, POPT_ARG_NONE, &version, 0, "print the version and exit", NULL },
		POPT_AUTOHELP
		POPT_TABLEEND
	};
	poptContext ctx = poptGetContext("lvs-config-check", argc, argv, opts, 0);

	poptSetOtherOptionHelp(ctx, "[-c FILE | FILE] [--dump] [-q]");
	char **const strings[] = { &opt_file };

	while ((rc = poptGetNextOpt(ctx)) > 0)
		popt_take_string(ctx, rc, strings, 1);
	if (rc < -1) {
		fprintf(stderr, "lvs-config-check: %s: %s\n",
			poptBadOption(ctx, POPT_BADOPTION_NOALIAS), poptStrerror(rc));
		rc = 2;
		goto out;
	}
	if (version) {
		printf("lvs-config-check (%s) %s\n", PACKAGE_NAME, PACKAGE_VERSION);
		rc = 0;
		goto out;
	}
	file = opt_file;
	extra = poptGetArg(ctx);
	if (extra) {
		if (file || poptPeekArg(ctx)) {
			fprintf(stderr, "lvs-config-check: give one configuration file\n");
			rc = 2;
			goto out;
		}
		file = extra;
	}
	if (!file)
		file = SYSCONFDIR "/lvs.cf";

	cfg = lvs_config_load(file, &errs);
	if (!cfg || !quiet)
		lvs_config_errors_print(&errs, stderr);
	if (!cfg) {
		size_t n = lvs_config_error_count(&errs);

		if (errs.count == 0)
			perror("lvs-config-check");
		fprintf(stderr, "%zu error%s\n", n, n == 1 ? "" : "s");
		lvs_config_errors_clear(&errs);
		rc = 1;
		goto out;
	}
	lvs_config_errors_clear(&errs);
	rc = 0;
	if (dump && lvs_config_write(cfg, stdout) < 0) {
		perror("lvs-config-check: writing");
		rc = 1;
	}
	if (!quiet && !dump)
		printf("%s: configuration OK\n", file);
	lvs_config_free(cfg);
out:
	poptFreeContext(ctx);
	free(opt_file);
	return rc;
}
