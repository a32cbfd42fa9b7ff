/* Every row of the keyword table, one at a time: give the keyword a value
 * other than the base file's, then check that the parser takes it, that
 * lvs_config_equal and lvs_config_diff notice it (with the row's LVS_DIFF_*
 * bit), and that lvs_config_write writes it so that reading the output
 * back gives an equal configuration. A keyword that the writer, the
 * comparison or the diff forgets fails here. The values are made from the
 * row's type and the base file's value, so a new row needs no edit here. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config/internal.h"
#include "log.h"
#include "tap.h"

/* @ is where the keyword line goes. */
static const char base_lvs[] =
	"primary = 192.0.2.1\n"
	"backup = 192.0.2.2\n"
	"heartbeat_key_file = /etc/lvs/heartbeat.key\n"
	"nat_router = 10.0.0.254 eth1:1\n"
	/* What director_mode = ecmp needs, so that its row parses. */
	"sloppy_tcp = 1\n"
	"network = direct\n"
	"@G"
	"virtual web {\n"
	"\taddress = 192.0.2.10 eth0:1\n"
	"\tport = 80\n"
	"\tscheduler = mh\n" /* mh_port and mh_fallback are its flags */
	"@V"
	"\tserver a {\n"
	"\t\taddress = 192.0.2.21\n"
	"@S"
	"\t}\n"
	"}\n";

/* A fwmark service: its address, port and protocol are no identity. */
static const char base_mark[] =
	"primary = 192.0.2.1\n"
	"backup = 192.0.2.2\n"
	"heartbeat_key_file = /etc/lvs/heartbeat.key\n"
	"virtual mark {\n"
	"\taddress = 192.0.2.10 eth0:1\n"
	"\tfwmark = 5\n"
	"\tport = 80\n"
	"\tscheduler = mh\n" /* mh_port and mh_fallback are its flags */
	"@V"
	"\tserver a {\n"
	"\t\taddress = 192.0.2.21\n"
	"\t}\n"
	"}\n";

static const char base_fos[] =
	"service = fos\n"
	"primary = 192.0.2.1\n"
	"heartbeat_key_file = /etc/lvs/heartbeat.key\n"
	"failover ftp {\n"
	"\taddress = 192.0.2.50 eth0:3\n"
	"\tport = 21\n"
	"@F"
	"}\n";

static const char *marker(unsigned block)
{
	switch (block) {
	case BLK_VIRTUAL: return "@V";
	case BLK_SERVER: return "@S";
	case BLK_FAILOVER: return "@F";
	default: return "@G";
	}
}

/* base with `line` at the block's marker and the other markers gone. */
static char *text_with(const char *base, unsigned block, const char *line)
{
	size_t len = strlen(base) + strlen(line) + 1;
	char *out = malloc(len), *o = out;
	const char *want = marker(block);

	for (const char *s = base; *s;) {
		if (s[0] == '@' && s[1]) {
			if (strncmp(s, want, 2) == 0)
				o += sprintf(o, "%s", line);
			s += 2;
		} else {
			*o++ = *s++;
		}
	}
	*o = '\0';
	return out;
}

static struct lvs_config *parse(const char *what, const char *text)
{
	struct lvs_config_errors errs = { 0 };
	struct lvs_config *c = lvs_config_parse("t.cf", text, strlen(text), &errs);

	if (!c) {
		printf("# %s: refused:\n", what);
		lvs_config_errors_print(&errs, stdout);
		printf("# the text:\n%s", text);
	}
	lvs_config_errors_clear(&errs);
	return c;
}

/* The block of c a row of `block` describes. */
static void *object(struct lvs_config *c, unsigned block)
{
	switch (block) {
	case BLK_VIRTUAL: return c->n_virtuals ? &c->virtuals[0] : NULL;
	case BLK_SERVER: return c->n_virtuals && c->virtuals[0].n_servers ? &c->virtuals[0].servers[0] : NULL;
	case BLK_FAILOVER: return c->n_failovers ? &c->failovers[0] : NULL;
	default: return c;
	}
}

static long int_of(const struct cfg_keyword *kw, const char *f)
{
	switch (kw->ikind) {
	case I_LONG: return *(const long *)f;
	case I_INT: return *(const int *)f;
	case I_UINT: return (long)*(const unsigned *)f;
	case I_U32: return (long)*(const uint32_t *)f;
	}
	return 0;
}

/* A value of the row's type that differs from what the base file has. */
static void other_value(const struct cfg_keyword *kw, const void *obj, char *buf, size_t len)
{
	const char *f = (const char *)obj + kw->off;

	switch (kw->type) {
	case T_BOOL:
		snprintf(buf, len, "%d", !*(const bool *)f);
		break;
	case T_INT: {
		long v = kw->min + 1;

		if (v == int_of(kw, f))
			v++;
		snprintf(buf, len, "%ld", v);
		break;
	}
	case T_DURATION:
		snprintf(buf, len, "%g", *(const double *)f + 1.5);
		break;
	case T_PORT:
		snprintf(buf, len, "%d", *(const uint16_t *)f == 8080 ? 8081 : 8080);
		break;
	case T_ADDR:
		snprintf(buf, len, "192.0.2.200");
		break;
	case T_ADDR_DEV:
		snprintf(buf, len, "192.0.2.200 eth3:7");
		break;
	case T_NETMASK:
		snprintf(buf, len, "255.255.0.0");
		break;
	case T_STRING:
		/* Of a closed list: its last word. */
		if (kw->enums) {
			const struct cfg_enum *e = kw->enums;

			while (e[1].name)
				e++;
			snprintf(buf, len, "%s", e->name);
		} else {
			snprintf(buf, len, "/usr/lib/lvs-test/%s", kw->name);
		}
		break;
	case T_DEVICE:
		snprintf(buf, len, "eth7");
		break;
	case T_ENUM: {
		/* The last word whose value differs: "tunnel" for a server's network
		 * also changes what it inherits from the global nat. */
		const char *pick = NULL;

		for (const struct cfg_enum *e = kw->enums; e->name; e++)
			if (e->value != *(const int *)f)
				pick = e->name;
		snprintf(buf, len, "%s", pick ? pick : "?");
		break;
	}
	case T_SCHED:
		snprintf(buf, len, "%s", strcmp(f, "rr") ? "rr" : "wrr");
		break;
	case T_DEBUG:
		snprintf(buf, len, "%s", *(const int *)f == LOG_DEBUG ? "err" : "debug");
		break;
	case T_SORRY:
		snprintf(buf, len, "198.51.100.9:8080");
		break;
	case T_IGNORE:
		snprintf(buf, len, "whatever");
		break;
	}
}

/* The change lvs_config_diff reports for a row: the global change, or the
 * virtual's. 0 if none. */
static unsigned diff_bits(const struct lvs_diff *d, unsigned block, size_t *n_changes,
			  bool *identity)
{
	unsigned what = 0, gone = 0, came = 0;

	*n_changes = d->count;
	for (size_t i = 0; i < d->count; i++) {
		const struct lvs_change *c = &d->changes[i];

		gone += c->kind == LVS_CHANGE_VIRTUAL_REMOVED;
		came += c->kind == LVS_CHANGE_VIRTUAL_ADDED;
		if (c->kind == LVS_CHANGE_GLOBAL && (block == BLK_GLOBAL || block == BLK_FAILOVER))
			what |= c->what;
		else if (c->kind == LVS_CHANGE_VIRTUAL_CHANGED && block == BLK_VIRTUAL)
			what |= c->what;
	}
	*identity = gone == 1 && came == 1;
	return what;
}

static char *written(const struct lvs_config *c)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return NULL;
	lvs_config_write(c, f);
	fclose(f);
	return buf;
}

static void one_row(const struct cfg_keyword *kw, const char *where, const char *base_text,
		    struct lvs_config *base)
{
	char value[128], line[256], *text, *out, key[160];
	struct lvs_config *changed, *again;
	struct lvs_diff d;
	size_t n_changes;
	unsigned bits;
	bool identity;

	other_value(kw, object(base, kw->blocks), value, sizeof(value));
	snprintf(line, sizeof(line), "%s = %s\n", kw->name, value);
	text = text_with(base_text, kw->blocks, line);
	changed = parse(kw->name, text);
	ok(changed != NULL, "%s %s = %s: parsed", where, kw->name, value);
	free(text);
	if (!changed)
		return;
	if (kw->type == T_IGNORE) {
		ok(lvs_config_equal(base, changed), "%s %s: obsolete, ignored: equal", where, kw->name);
		lvs_config_free(changed);
		return;
	}
	ok(!lvs_config_equal(base, changed), "%s %s: lvs_config_equal sees the change", where, kw->name);
	ok(lvs_config_diff(base, changed, &d) == 0, "%s %s: diffed", where, kw->name);
	bits = diff_bits(&d, kw->blocks, &n_changes, &identity);
	ok(n_changes > 0, "%s %s: lvs_config_diff reports the change (%zu)", where, kw->name, n_changes);
	if (kw->blocks == BLK_FAILOVER)
		ok(bits & LVS_DIFF_FAILOVER, "%s %s: as a failover change", where, kw->name);
	else if (identity)
		ok(kw->blocks == BLK_VIRTUAL, "%s %s: the service's identity: a removal and an "
		   "addition", where, kw->name);
	else if (kw->diff)
		ok((bits & kw->diff) == kw->diff, "%s %s: with the row's bit %#x (got %#x)", where,
		   kw->name, kw->diff, bits);
	lvs_diff_free(&d);

	out = written(changed);
	snprintf(key, sizeof(key), "\n%s%s = ", kw->blocks == BLK_SERVER ? "\t\t" :
		 kw->blocks == BLK_GLOBAL ? "" : "\t", kw->name);
	ok(out && strstr(out, key), "%s %s: written", where, kw->name);
	again = out ? parse("written back", out) : NULL;
	ok(again && lvs_config_equal(changed, again), "%s %s: written and read back equal",
	   where, kw->name);
	if (again && !lvs_config_equal(changed, again))
		printf("# written:\n%s", out);
	free(out);
	lvs_config_free(again);
	lvs_config_free(changed);
}

int main(void)
{
	char *lvs_text = text_with(base_lvs, 0, ""), *fos_text = text_with(base_fos, 0, ""),
	     *mark_text = text_with(base_mark, 0, "");
	struct lvs_config *lvs = parse("base", lvs_text), *fos = parse("base", fos_text),
			  *mark = parse("base", mark_text);
	size_t rows[BLK_FAILOVER + 1] = { 0 };

	free(lvs_text);
	free(fos_text);
	free(mark_text);
	ok(lvs && fos && mark, "the base files parse");
	if (!lvs || !fos || !mark)
		return tap_done();
	for (size_t i = 0; i < cfg_n_keywords; i++) {
		const struct cfg_keyword *kw = &cfg_keywords[i];

		one_row(kw, cfg_block_name(kw->blocks), kw->blocks == BLK_FAILOVER ? base_fos : base_lvs,
			kw->blocks == BLK_FAILOVER ? fos : lvs);
		if (kw->blocks == BLK_VIRTUAL)
			one_row(kw, "fwmark virtual", base_mark, mark);
		rows[kw->blocks]++;
	}
	ok(rows[BLK_GLOBAL] && rows[BLK_VIRTUAL] && rows[BLK_SERVER] && rows[BLK_FAILOVER],
	   "rows of every block tried (%zu global, %zu virtual, %zu server, %zu failover)",
	   rows[BLK_GLOBAL], rows[BLK_VIRTUAL], rows[BLK_SERVER], rows[BLK_FAILOVER]);
	lvs_config_free(lvs);
	lvs_config_free(fos);
	lvs_config_free(mark);
	return tap_done();
}
