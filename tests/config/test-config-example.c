/* etc/lvs.cf.example must pass and survive write + parse unchanged. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "config/internal.h"
#include "lvs_config.h"
#include "tap.h"

/* Mutated copies of the example: the parser must never crash, every refusal
 * must carry errors with a position, and whatever it accepts must survive a
 * write + parse round trip. Deterministic (fixed seed). */
static void mutations(const char *text, size_t len, unsigned rounds)
{
	/* No letters, '-' or '_': a mutated address must never become a host
	 * name, which would send the test to DNS. */
	static const char alphabet[] = " \t\n\r=#{}\"'\\:[]/.0123456789";
	unsigned seed = 12345, accepted = 0, bad_pos = 0, bad_trip = 0;
	char *buf = malloc(len + 64);

	for (unsigned r = 0; r < rounds; r++) {
		struct lvs_config_errors errs;
		struct lvs_config *c;
		size_t n = len;
		unsigned edits = 1 + rand_r(&seed) % 4;

		memcpy(buf, text, len);
		for (unsigned e = 0; e < edits; e++) {
			size_t at = (size_t)rand_r(&seed) % n;
			char ch = alphabet[rand_r(&seed) % (sizeof(alphabet) - 1)];

			switch (rand_r(&seed) % 3) {
			case 0: buf[at] = ch; break;                       /* replace */
			case 1: memmove(buf + at, buf + at + 1, n - at - 1); n--; break; /* delete */
			default: memmove(buf + at + 1, buf + at, n - at); buf[at] = ch; n++; break;
			}
		}
		c = lvs_config_parse("mutant", buf, n, &errs);
		if (!c) {
			for (size_t i = 0; i < errs.count; i++)
				if (!errs.items[i].line || !errs.items[i].message[0])
					bad_pos++;
			if (!errs.count)
				bad_pos++;
		} else {
			char *out = NULL;
			size_t olen = 0;
			FILE *f = open_memstream(&out, &olen);
			struct lvs_config *c2;

			accepted++;
			lvs_config_write(c, f);
			fclose(f);
			c2 = lvs_config_parse("rewritten", out, olen, NULL);
			if (!c2 || !lvs_config_equal(c, c2))
				bad_trip++;
			lvs_config_free(c2);
			free(out);
		}
		lvs_config_free(c);
		lvs_config_errors_clear(&errs);
	}
	free(buf);
	is_int(bad_pos, 0, "%u mutants: every refusal has positioned errors", rounds);
	is_int(bad_trip, 0, "%u mutants accepted: all round-trip", accepted);
	ok(accepted > 0 && accepted < rounds, "mutants: some accepted, some refused (%u/%u)",
	   accepted, rounds);
}

/* Is word one of the bold words of lvs.cf(5) (".B word" / ".BR word ...")? */
static bool documented(const char *man, const char *word)
{
	size_t wl = strlen(word);

	for (const char *l = man; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
		const char *end = strchr(l, '\n'), *p;

		if (strncmp(l, ".B ", 3) && strncmp(l, ".BR ", 4))
			continue;
		if (!end)
			end = l + strlen(l);
		for (p = l + 3; p + wl <= end; p++)
			if (!strncmp(p, word, wl) && (p[-1] == ' ' || p[-1] == '"') &&
			    (p + wl == end || p[wl] == ' ' || p[wl] == '"'))
				return true;
	}
	return false;
}

static void man_lists_every_keyword(const char *dir)
{
	char path[512], *man = malloc(1 << 17);
	FILE *f;
	size_t n = 0, missing = 0;

	snprintf(path, sizeof(path), "%s/man/lvs.cf.5", dir);
	f = fopen(path, "r");
	if (f) {
		n = fread(man, 1, (1 << 17) - 1, f);
		fclose(f);
	}
	man[n] = '\0';
	ok(n > 0, "lvs.cf(5) is readable");
	for (size_t i = 0; i < cfg_n_keywords; i++) {
		const struct cfg_keyword *kw = &cfg_keywords[i];

		if (!documented(man, kw->name) || (kw->alias && !documented(man, kw->alias))) {
			printf("# not in lvs.cf(5): %s\n", kw->name);
			missing++;
		}
	}
	is_int(missing, 0, "lvs.cf(5) documents all %zu keyword entries", cfg_n_keywords);
	free(man);
}

int main(void)
{
	const char *dir = getenv("top_srcdir");
	struct lvs_config_errors errs;
	struct lvs_config *a, *b = NULL;
	char path[512], *buf = NULL, *buf2 = NULL;
	size_t len = 0, len2 = 0;
	FILE *f;

	man_lists_every_keyword(dir ? dir : ".");
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
	{
		FILE *in = fopen(path, "r");
		char *text = malloc(1 << 16);
		size_t n = in ? fread(text, 1, (1 << 16) - 1, in) : 0;

		if (in)
			fclose(in);
		mutations(text, n, 3000);
		free(text);
	}
	lvs_config_free(a);
	lvs_config_free(b);
	return tap_done();
}
