/* Building a configuration in memory gives what parsing the same file gives. */
#include "config.h"

#include "lvs_config.h"
#include "tap.h"

#include <stdlib.h>
#include <string.h>

static struct lvs_config *parse(const char *text)
{
	struct lvs_config_errors errs;
	struct lvs_config *c = lvs_config_parse("t.cf", text, strlen(text), &errs);

	lvs_config_errors_clear(&errs);
	return c;
}

int main(void)
{
	struct lvs_config *built = lvs_config_new(), *parsed = parse("");
	struct lvs_virtual *v;
	struct lvs_server *s;

	ok(built && parsed && lvs_config_equal(built, parsed), "a new configuration is an empty file's");
	lvs_config_free(parsed);

	v = lvs_config_add_virtual(built, "www");
	ok(v != NULL, "add a virtual");
	lvs_addr_parse("192.0.2.1", &v->addr);
	strcpy(v->iface.dev, "eth0");
	v->port = 80;
	s = lvs_virtual_add_server(v, "a");
	ok(s != NULL, "add a server");
	lvs_addr_parse("10.0.0.1", &s->addr);
	v = lvs_config_add_virtual(built, "dns");
	lvs_addr_parse("192.0.2.2", &v->addr);
	strcpy(v->iface.dev, "eth0");
	v->port = 53;
	parsed = parse("virtual www {\n address = 192.0.2.1 eth0\n port = 80\n"
		       " server a {\n  address = 10.0.0.1\n }\n}\n"
		       "virtual dns {\n address = 192.0.2.2 eth0\n port = 53\n}\n");
	ok(parsed != NULL, "the same as a file parses");
	ok(parsed && lvs_config_equal(built, parsed), "blocks added with the defaults of empty blocks");
	is_int(built->n_virtuals, 2, "two virtuals");
	is_str(built->virtuals[0].name, "www", "the first keeps its name after the array moved");
	is_int(built->virtuals[0].n_servers, 1, "and its server");
	ok(built->virtuals[0].interval == 10 && built->virtuals[0].timeout == 10,
	   "check_interval is the timeout, 10, as the parser fills it in");
	lvs_config_free(parsed);
	lvs_config_free(built);

	ok(lvs_scheduler_known("wrr") && lvs_scheduler_known("mh"), "known schedulers");
	ok(!lvs_scheduler_known("twos") && !lvs_scheduler_known("") && !lvs_scheduler_known("WRR"),
	   "unknown ones");
	return tap_done();
}
