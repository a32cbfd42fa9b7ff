/* What the lvs.cf parser costs: linear in the number of blocks, and no
 * more input than LVS_CONFIG_MAX_SIZE. */
#include "config.h"

#include "lvs_config.h"
#include "tap.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* n virtual blocks (each with two servers), the last one named like the
 * first when dup. */
static char *many_virtuals(size_t n, bool dup, size_t *len)
{
	char *text = NULL;
	FILE *f = open_memstream(&text, len);

	for (size_t i = 0; i < n; i++)
		fprintf(f, "virtual v%zu {\n address = 10.%zu.%zu.%zu eth0:1\n port = 80\n"
			" server a {\n  address = 192.168.0.1\n }\n server b {\n  address = 192.168.0.2\n }\n}\n",
			dup && i == n - 1 ? (size_t)0 : i, (i >> 16) & 255, (i >> 8) & 255, i & 255);
	fclose(f);
	return text;
}

static double cpu_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* CPU time to parse n blocks, the best of three. */
static double parse_cost(size_t n)
{
	size_t len;
	char *text = many_virtuals(n, false, &len);
	double best = 1e9;

	for (int r = 0; r < 3; r++) {
		struct lvs_config_errors errs;
		double t0 = cpu_seconds();
		struct lvs_config *cfg = lvs_config_parse("many.cf", text, len, &errs);
		double t = cpu_seconds() - t0;

		if (!cfg)
			best = -1;
		else if (t < best && best >= 0)
			best = t;
		lvs_config_free(cfg);
		lvs_config_errors_clear(&errs);
	}
	free(text);
	return best;
}

static void test_linear(void)
{
	struct lvs_config_errors errs;
	size_t len;
	char *text = many_virtuals(2000, true, &len);
	struct lvs_config *cfg = lvs_config_parse("dup.cf", text, len, &errs);
	double small, large;

	ok(cfg == NULL && errs.count == 1 && strstr(errs.items[0].message,
	   "duplicate virtual name 'v0' (first at line 1)"), "the duplicate among 2000 is found");
	lvs_config_free(cfg);
	lvs_config_errors_clear(&errs);
	free(text);

	/* Four times the blocks, about four times the work; a quadratic check
	 * makes it sixteen. CPU time, so the machine's load does not count. */
	small = parse_cost(5000);
	large = parse_cost(20000);
	ok(small > 0 && large > 0, "5000 and 20000 virtuals parse");
	ok(large < 8 * small, "20000 virtuals cost %.3f s, 5000 cost %.3f s: ratio %.1f below 8",
	   large, small, small > 0 ? large / small : 0);
}

static void test_size_cap(void)
{
	struct lvs_config_errors errs;
	struct lvs_config *cfg;
	char path[] = "/tmp/test-config-limits-XXXXXX";
	int fd = mkstemp(path);
	char *text;

	/* A buffer one byte over the cap (all blanks: fine but for its size). */
	text = malloc(LVS_CONFIG_MAX_SIZE + 1);
	memset(text, '\n', LVS_CONFIG_MAX_SIZE + 1);
	cfg = lvs_config_parse("big.cf", text, LVS_CONFIG_MAX_SIZE + 1, &errs);
	ok(cfg == NULL, "a buffer over 16 MiB is refused");
	ok(errs.count == 1 && strstr(errs.items[0].message, "file too large") &&
	   errs.items[0].line == 0, "... with one error: too large, no line");
	lvs_config_errors_clear(&errs);
	cfg = lvs_config_parse("big.cf", text, LVS_CONFIG_MAX_SIZE, &errs);
	ok(cfg != NULL, "exactly 16 MiB of blank lines is fine");
	lvs_config_free(cfg);
	lvs_config_errors_clear(&errs);
	free(text);

	/* A file over the cap (sparse: reads as zero bytes). */
	ok(fd >= 0 && ftruncate(fd, LVS_CONFIG_MAX_SIZE + 4096) == 0, "sparse file made");
	cfg = lvs_config_load(path, &errs);
	ok(cfg == NULL && errno == EFBIG, "a file over 16 MiB is refused (EFBIG)");
	ok(errs.count == 1 && strcmp(errs.items[0].file, path) == 0 &&
	   strcmp(errs.items[0].message, "file too large (lvs.cf may be at most 16 MiB)") == 0,
	   "... naming the file, saying why");
	lvs_config_errors_clear(&errs);
	close(fd);
	unlink(path);

	cfg = lvs_config_load("", &errs);
	ok(cfg == NULL && errs.count == 1 &&
	   strcmp(errs.items[0].message, "the configuration file name is empty") == 0,
	   "an empty path says so");
	lvs_config_errors_clear(&errs);
}

static void test_quoted_bytes(void)
{
	static const char text[] = "fr\033[31mob = 1\nvirtual v {\n\tsch\xff = rr\n}\n";
	struct lvs_config_errors errs;
	struct lvs_config *cfg = lvs_config_parse("esc\033.cf", text, sizeof(text) - 1, &errs);
	bool clean = true;

	ok(cfg == NULL, "unknown keywords refused");
	for (size_t i = 0; i < errs.count; i++)
		for (const char *c = errs.items[i].message; *c; c++)
			if ((unsigned char)*c < 0x20 || (unsigned char)*c >= 0x7f)
				clean = false;
	ok(clean, "no raw control or 8-bit byte in any message");
	ok(errs.count >= 1 && strstr(errs.items[0].message, "'fr\\x1b[31mob'"), "ESC shown as \\x1b");
	ok(errs.count == 3 && strstr(errs.items[2].message, "'sch\\xff'"), "0xff shown as \\xff");
	ok(errs.count >= 1 && strcmp(errs.items[0].file, "esc\\x1b.cf") == 0, "file name quoted too");
	lvs_config_errors_clear(&errs);
}

int main(void)
{
	test_linear();
	test_size_cap();
	test_quoted_bytes();
	return tap_done();
}
