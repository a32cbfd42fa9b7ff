/* lvsd's side of the nanny protocol: the command line it builds and the
 * report lines it accepts. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lvsd.h"
#include "tap.h"

static const char *cfg_text =
	"primary = 192.0.2.1\n"
	"rsh_command = ssh\n"
	"virtual web {\n"
	"  address = 192.0.2.100 eth0:1\n"
	"  port = 80\n"
	"  send = \"GET / HTTP/1.0\\r\\n\\r\\n\"\n"
	"  expect = \"HTTP/1.[01] 200\"\n"
	"  use_regex = 1\n"
	"  timeout = 0.5\n"
	"  check_interval = 2\n"
	"  reentry = 15\n"
	"  rise = 2\n"
	"  fall = 3\n"
	"  load_monitor = uptime\n"
	"  server web1 {\n    address = 198.51.100.11\n    port = 8080\n    weight = 40\n  }\n"
	"}\n"
	"virtual mark {\n"
	"  address = 2001:db8::100 eth0\n"
	"  fwmark = 9\n"
	"  protocol = udp\n"
	"  send_program = \"/usr/lib/check %h; rm -rf /\"\n"
	"  server m1 {\n    address = 2001:db8:2::21\n    port = 53\n  }\n"
	"}\n"
	"virtual flat {\n"
	"  address = 192.0.2.101 eth0:2\n"
	"  port = 25\n"
	"  slow_start = 0\n"
	"  server f1 {\n    address = 198.51.100.41\n    weight = 7\n  }\n"
	"}\n"
	"virtual bare {\n"
	"  address = 192.0.2.102 eth0:3\n"
	"  port = 80\n"
	"  send = \"\"\n"
	"  server b1 {\n    address = 198.51.100.51\n  }\n"
	"}\n";

static void join(const char **argv, char *out, size_t len)
{
	out[0] = '\0';
	for (int i = 0; argv[i]; i++) {
		strncat(out, i ? "|" : "", len - strlen(out) - 1);
		strncat(out, argv[i], len - strlen(out) - 1);
	}
}

int main(void)
{
	struct lvs_config_errors errs = { 0 };
	struct lvs_config *cfg = lvs_config_parse("t.cf", cfg_text, strlen(cfg_text), &errs);
	struct lvsd l = { .nanny_path = "/opt/nanny" };
	struct vs_state vs = { 0 };
	struct rs_state rs = { 0 };
	const char *argv[64];
	char buf[1024], line[2048], addr[64];
	enum rs_health h;
	int w;
	unsigned port;

	if (!cfg)
		lvs_config_errors_print(&errs, stdout);
	ok(cfg != NULL, "configuration parses");
	if (!cfg)
		return tap_done();
	l.cfg = cfg;

	vs.cfg = &cfg->virtuals[0];
	rs.cfg = &vs.cfg->servers[0];
	ok(monitors_argv(&l, &vs, &rs, argv, 64, buf, sizeof(buf)) > 0, "argv for web1");
	join(argv, line, sizeof(line));
	is_str(line, "/opt/nanny|--report-fd|3|--nofork|-h|198.51.100.11|-p|80|-r|8080|"
	       "-s|GET / HTTP/1.0\\r\\n\\r\\n|-x|HTTP/1.[01] 200|--regex|--timeout|0.5|"
	       "--check-interval|2|-a|15|--rise|2|--fall|3|-w|40|--report-checks|-U|ssh|--lvs",
	       "every check setting reaches nanny; escapes stay raw for nanny to translate");

	vs.cfg = &cfg->virtuals[1];
	rs.cfg = &vs.cfg->servers[0];
	l.foreground = true;
	l.verbose = true;
	ok(monitors_argv(&l, &vs, &rs, argv, 64, buf, sizeof(buf)) > 0, "argv for m1");
	join(argv, line, sizeof(line));
	is_str(line, "/opt/nanny|--report-fd|3|--nofork|--nodaemon|-h|2001:db8:2::21|-p|53|-r|53|"
	       "-f|9|-u|-e|/usr/lib/check %h; rm -rf /|--timeout|10|--check-interval|10|-a|180|"
	       "--rise|1|--fall|1|-w|1|--report-checks|-v|--lvs",
	       "fwmark, UDP, IPv6; send_program passed as one argument (nanny splits it, no shell)");
	rs.health = RS_UP;
	ok(monitors_argv(&l, &vs, &rs, argv, 64, buf, sizeof(buf)) > 0, "argv for m1 while up");
	join(argv, line, sizeof(line));
	ok(strstr(line, "|-w|1|--initial-up|") != NULL, "a nanny restarted for a server in service starts up");
	rs.health = RS_UNKNOWN;
	ok(strstr(line, "--no-slow-start") == NULL, "slow_start not set (default 1): no --no-slow-start");

	vs.cfg = &cfg->virtuals[2];
	rs.cfg = &vs.cfg->servers[0];
	l.foreground = false;
	l.verbose = false;
	ok(monitors_argv(&l, &vs, &rs, argv, 64, buf, sizeof(buf)) > 0, "argv for f1");
	join(argv, line, sizeof(line));
	is_str(line, "/opt/nanny|--report-fd|3|--nofork|-h|198.51.100.41|-p|25|-r|25|"
	       "--timeout|10|--check-interval|10|-a|180|--rise|1|--fall|1|-w|7|--no-slow-start|"
	       "--report-checks|--lvs",
	       "slow_start = 0: nanny gets --no-slow-start");
	rs.health = RS_UP;
	ok(monitors_argv(&l, &vs, &rs, argv, 64, buf, sizeof(buf)) > 0, "argv for f1 while up");
	join(argv, line, sizeof(line));
	ok(strstr(line, "|-w|7|--initial-up|--no-slow-start|") != NULL,
	   "slow_start = 0 and in service: both options");
	rs.health = RS_UNKNOWN;
	cfg->virtuals[2].slow_start = true;
	ok(monitors_argv(&l, &vs, &rs, argv, 64, buf, sizeof(buf)) > 0, "argv for f1, slow_start = 1");
	join(argv, line, sizeof(line));
	ok(strstr(line, "--no-slow-start") == NULL, "slow_start = 1: no --no-slow-start");
	ok(monitors_argv(&l, &vs, &rs, argv, 10, buf, sizeof(buf)) < 0, "too few argv slots reported");
	ok(monitors_argv(&l, &vs, &rs, argv, 64, buf, 8) < 0, "too small a buffer reported");

	/* An empty send on port 80 is how lvs.cf asks for a bare connect: nanny
	 * must get the empty -s, or it falls back to its HTTP default. */
	vs.cfg = &cfg->virtuals[3];
	rs.cfg = &vs.cfg->servers[0];
	ok(monitors_argv(&l, &vs, &rs, argv, 64, buf, sizeof(buf)) > 0, "argv for b1");
	join(argv, line, sizeof(line));
	ok(strstr(line, "|-p|80|-r|80|-s||--timeout|") != NULL, "send = \"\" on port 80 reaches nanny as -s ''");

	is_int(monitors_parse_report("up 198.51.100.11 8080 40", &h, &w, addr, sizeof(addr), &port), 0, "up line");
	ok(h == RS_UP && w == 40 && port == 8080 && !strcmp(addr, "198.51.100.11"), "up: health, weight, address, port");
	is_int(monitors_parse_report("weight 2001:db8::1 80 3", &h, &w, addr, sizeof(addr), &port), 0, "weight line");
	ok(h == RS_UP && w == 3 && !strcmp(addr, "2001:db8::1"), "weight line keeps the server up");
	is_int(monitors_parse_report("down 198.51.100.11 80 connect: Connection refused", &h, &w, addr,
				     sizeof(addr), &port), 0, "down line with a reason");
	ok(h == RS_DOWN && port == 80, "down: health and port");
	is_int(monitors_parse_report("down 198.51.100.11 80", &h, &w, addr, sizeof(addr), &port), 0,
	       "down line without a reason");
	is_int(monitors_parse_report("up 198.51.100.11 80", &h, &w, addr, sizeof(addr), &port), -1, "up without weight");
	is_int(monitors_parse_report("up 198.51.100.11 80 70000", &h, &w, addr, sizeof(addr), &port), -1, "weight out of range");
	is_int(monitors_parse_report("up 198.51.100.11 80 5 extra", &h, &w, addr, sizeof(addr), &port), -1, "trailing junk");
	is_int(monitors_parse_report("sideways 198.51.100.11 80 5", &h, &w, addr, sizeof(addr), &port), -1, "unknown word");
	is_int(monitors_parse_report("up 198.51.100.11 99999 5", &h, &w, addr, sizeof(addr), &port), -1, "port out of range");
	/* Numbers are plain digits: sscanf's %u took "-4294967216" as 80. */
	static const char *const bad_numbers[] = {
		"up 198.51.100.11 -4294967216 5", "up 198.51.100.11 80 -0", "up 198.51.100.11 +80 5",
		"up 198.51.100.11 80 +5", "down 198.51.100.11 0x50 timeout", "up 198.51.100.11 080080 5",
		"up 198.51.100.11 80 99999999999999999999", "weight 198.51.100.11 80 5x",
	};
	for (size_t i = 0; i < sizeof(bad_numbers) / sizeof(bad_numbers[0]); i++)
		is_int(monitors_parse_report(bad_numbers[i], &h, &w, addr, sizeof(addr), &port), -1,
		       "refused: %s", bad_numbers[i]);
	is_int(monitors_parse_report("up 198.51.100.11 80 5", &h, &w, addr, 8, &port), -1,
	       "an address longer than the buffer is refused, not cut");
	is_int(monitors_parse_report("up 198.51.100.11 80 5\r\n", &h, &w, addr, sizeof(addr), &port), 0,
	       "line end tolerated");
	is_str(addr, "198.51.100.11", "address copied whole");
	is_int(monitors_parse_report("", &h, &w, addr, sizeof(addr), &port), -1, "empty line");

	/* Check lines (--report-checks): result and duration of each check. */
	{
		bool passed = false;
		uint64_t us = 0;
		static const char *const bad_checks[] = {
			"check 198.51.100.11 80 ok", "check 198.51.100.11 80 maybe 12",
			"check 198.51.100.11 80 ok -5", "check 198.51.100.11 80 ok 1234567890123",
			"check 198.51.100.11 80 ok 12 extra", "check 198.51.100.11 99999 ok 12",
			"checks 198.51.100.11 80 ok 12", "up 198.51.100.11 80 5",
		};

		is_int(monitors_parse_check("check 198.51.100.11 8080 ok 412", &passed, &us, addr, sizeof(addr),
					    &port), 0, "check line, passed");
		ok(passed && us == 412 && port == 8080 && !strcmp(addr, "198.51.100.11"),
		   "check: result, microseconds, address, port");
		is_int(monitors_parse_check("check 2001:db8::1 53 fail 2000000\n", &passed, &us, addr,
					    sizeof(addr), &port), 0, "check line, failed");
		ok(!passed && us == 2000000 && port == 53 && !strcmp(addr, "2001:db8::1"),
		   "check: a failure and its duration");
		for (size_t i = 0; i < sizeof(bad_checks) / sizeof(bad_checks[0]); i++)
			is_int(monitors_parse_check(bad_checks[i], &passed, &us, addr, sizeof(addr), &port), -1,
			       "refused: %s", bad_checks[i]);
		is_int(monitors_parse_check("check 198.51.100.11 80 ok 5", &passed, &us, addr, 8, &port), -1,
		       "check: an address longer than the buffer is refused");
	}

	/* A nanny that cannot start (fork fails) or keeps dying is retried
	 * after 1, 2, 4 ... s, never more than 30 s apart, so it starts soon
	 * after the cause goes away; a long run resets the wait. */
	{
		double b = 0, seq[8];
		static const double want[8] = { 1, 2, 4, 8, 16, 30, 30, 30 };
		bool same = true;

		for (int i = 0; i < 8; i++) {
			b = monitors_next_backoff(b, false);
			seq[i] = b;
			same = same && seq[i] == want[i];
		}
		ok(same, "retries after 1, 2, 4, 8, 16, then every 30 s (got %g %g %g %g %g %g %g %g)",
		   seq[0], seq[1], seq[2], seq[3], seq[4], seq[5], seq[6], seq[7]);
		ok(monitors_next_backoff(30, true) == 0, "after a long healthy run: at once");
		ok(monitors_next_backoff(0, false) == 1, "a failure after that: 1 s again");
	}
	rs.monitor = NULL;
	ok(monitors_problem(&rs) == NULL, "no monitor (health_check = 0): no problem to show");
	ok(monitors_checks(&rs) == NULL, "no monitor: no checks to show");

	lvs_config_free(cfg);
	return tap_done();
}
