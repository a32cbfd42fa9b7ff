/* ipvsadm's parsing and rendering, without a kernel. */
#include "config.h"

#include "ipvsadm.h"
#include "tap.h"

#include <arpa/inet.h>
#include <stdlib.h>

static char *render_num(unsigned long long n, unsigned int format)
{
	static char buf[64];
	FILE *f = fmemopen(buf, sizeof(buf), "w");

	print_largenum(f, n, format);
	fclose(f);
	return buf;
}

static void test_numbers(void)
{
	is_int(string_to_number("42", 0, 100), 42, "number in range");
	is_int(string_to_number("101", 0, 100), -1, "number above range");
	is_int(string_to_number("4x", 0, 100), -1, "trailing junk");
	is_int(string_to_number("", 0, 100), -1, "empty");
	is_int(parse_timeout(NULL, 1, 10), 360, "persistence timeout defaults to 360");
	is_int(parse_timeout("0", 1, 10), -1, "timeout below minimum");
	is_int(parse_fwmark("7"), 7, "fwmark");
	is_int(parse_fwmark("0"), -1, "fwmark zero refused");
	is_int(parse_fwmark("4294967295"), 4294967295LL, "largest fwmark");
	is_int(parse_fwmark("4294967296"), -1, "fwmark too large");

	is_str(render_num(0, 0), "        0", "zero, 9 wide");
	is_str(render_num(99999999, 0), " 99999999", "below 100 million exact");
	is_str(render_num(100000000, 0), "  100000K", "100 million in K");
	is_str(render_num(999999999, 0), "  999999K", "just below a billion");
	is_str(render_num(1000000000, 0), "    1000M", "a billion in M");
	is_str(render_num(100000000000ULL, 0), "     100G", "100 billion in G");
	is_str(render_num(100000000000000ULL, 0), "     100T", "100 trillion in T");
	is_str(render_num(5, FMT_EXACT), "        5", "exact small");
	is_str(render_num(123456789012ULL, FMT_EXACT), " 123456789012", "exact large widens");
}

static void test_service_parsing(void)
{
	struct ipvs_service s = { .protocol = IPPROTO_TCP };
	char buf[64];

	is_int(parse_service("10.0.0.1:80", &s), SERVICE_ADDR | SERVICE_PORT, "v4 with port");
	inet_ntop(AF_INET, &s.addr, buf, sizeof(buf));
	is_str(buf, "10.0.0.1", "v4 address");
	is_int(s.port, 80, "port");
	is_int(s.af, AF_INET, "family v4");
	memset(&s, 0, sizeof(s));
	s.protocol = IPPROTO_TCP;
	is_int(parse_service("10.0.0.2", &s), SERVICE_ADDR, "v4 without port");
	is_int(parse_service("10.0.0.2:http", &s), SERVICE_ADDR | SERVICE_PORT, "service name as port");
	is_int(s.port, 80, "http is 80");
	is_int(parse_service("10.0.0.2:nosuchservice", &s), 0, "unknown port name");
	is_int(parse_service("10.0.0.2:65536", &s), 0, "port out of range");
	is_int(parse_service("1234", &s), 0, "bare number is not a host");
	is_int(parse_service("[2001:db8::1]:443", &s), SERVICE_ADDR | SERVICE_PORT, "bracketed v6");
	is_int(s.af, AF_INET6, "family v6");
	is_int(s.netmask, 128, "v6 prefix defaults to 128");
	is_int(s.port, 443, "v6 port");
	inet_ntop(AF_INET6, &s.addr, buf, sizeof(buf));
	is_str(buf, "2001:db8::1", "v6 address");
	is_int(parse_service("2001:db8::2", &s), SERVICE_ADDR, "bare v6 address");
	is_int(parse_service("[2001:db8::2]80", &s), 0, "bracket without colon");
	is_int(parse_service("[2001:db8::2", &s), 0, "unclosed bracket");

	uint32_t mask;
	is_int(parse_netmask("255.255.255.0", &mask), 1, "netmask parses");
	is_int(ntohl(mask), 0xffffff00, "netmask value");
	is_int(parse_netmask("1.2.3", &mask), 1, "inet_aton shorthand accepted like ipvsadm");

	uint32_t fl = 0;
	char bad[32];
	is_int(parse_sched_flags("sh", "sh-fallback,sh-port", &fl, bad, sizeof(bad)), 0, "sh flags");
	is_int(fl, IP_VS_SVC_F_SCHED_SH_FALLBACK | IP_VS_SVC_F_SCHED_SH_PORT, "sh flag bits");
	is_int(parse_sched_flags("", "sh-port", &fl, bad, sizeof(bad)), -2, "sh flag with default scheduler");
	is_str(bad, "sh-port", "names the incompatible flag");
	is_int(parse_sched_flags("rr", "flag-1,bogus", &fl, bad, sizeof(bad)), -1, "unknown flag");
	is_str(bad, "bogus", "names the unknown flag");
	is_int(parse_sched_flags("rr", ",", &fl, bad, sizeof(bad)), -3, "only a comma: no flag");
	is_int(parse_sched_flags("rr", "", &fl, bad, sizeof(bad)), -3, "empty: no flag");
	is_int(parse_sched_flags("mh", "mh-port", &fl, bad, sizeof(bad)), 0, "mh flag");
	is_int(fl, IP_VS_SVC_F_SCHED2, "mh-port is flag 2");
	is_int(parse_tun_type("gre"), 2, "gre tunnel type");
	is_int(parse_tun_type("vxlan"), -1, "unknown tunnel type");
}

static char outbuf[4096];

static FILE *out_open(void)
{
	memset(outbuf, 0, sizeof(outbuf));
	return fmemopen(outbuf, sizeof(outbuf), "w");
}

static void test_rendering(void)
{
	struct ipvs_service se = { .af = AF_INET, .protocol = IPPROTO_TCP, .port = 80,
				   .sched_name = "wlc", .flags = IP_VS_SVC_F_PERSISTENT,
				   .timeout = 600, .netmask = 0 };
	struct ipvs_dest d = { .af = AF_INET, .port = 8080, .conn_flags = IP_VS_CONN_F_MASQ,
			       .weight = 3, .activeconns = 1, .inactconns = 2 };
	char name[128];
	FILE *f;

	inet_pton(AF_INET, "10.0.0.1", &se.addr);
	inet_pton(AF_INET, "255.255.255.0", &se.netmask);
	inet_pton(AF_INET, "10.1.1.2", &d.addr);

	format_service_name(name, sizeof(name), &se, FMT_RULE | FMT_NUMERIC);
	is_str(name, "-t 10.0.0.1:80", "save service name");
	f = out_open();
	print_service_line(f, &se, name, FMT_RULE | FMT_NUMERIC);
	print_dest_line(f, &se, &d, name, FMT_RULE | FMT_NUMERIC);
	fclose(f);
	is_str(outbuf, "-A -t 10.0.0.1:80 -s wlc -p 600 -M 255.255.255.0\n"
		       "-a -t 10.0.0.1:80 -r 10.1.1.2:8080 -m -w 3\n", "-S lines");

	format_service_name(name, sizeof(name), &se, FMT_NUMERIC);
	is_str(name, "TCP  10.0.0.1:80", "list service name");
	f = out_open();
	print_service_line(f, &se, name, FMT_NUMERIC);
	print_dest_line(f, &se, &d, name, FMT_NUMERIC);
	fclose(f);
	is_str(outbuf, "TCP  10.0.0.1:80 wlc persistent 600 mask 255.255.255.0\n"
		       "  -> 10.1.1.2:8080                Masq    3      1          2         \n",
	       "-L -n lines");

	/* tunnels in save format */
	d.conn_flags = IP_VS_CONN_F_TUNNEL;
	d.tun_type = IP_VS_CONN_F_TUNNEL_TYPE_GUE;
	d.tun_port = 6080;
	d.tun_flags = IP_VS_TUNNEL_ENCAP_FLAG_CSUM;
	format_service_name(name, sizeof(name), &se, FMT_RULE | FMT_NUMERIC);
	f = out_open();
	print_dest_line(f, &se, &d, name, FMT_RULE | FMT_NUMERIC);
	d.tun_type = IP_VS_CONN_F_TUNNEL_TYPE_IPIP;
	print_dest_line(f, &se, &d, name, FMT_RULE | FMT_NUMERIC);
	fclose(f);
	is_str(outbuf, "-a -t 10.0.0.1:80 -r 10.1.1.2:8080 -i -w 3 --tun-type gue --tun-port 6080 --tun-csum\n"
		       "-a -t 10.0.0.1:80 -r 10.1.1.2:8080 -i -w 3 --tun-type ipip\n", "tunnel -S lines");

	/* fwmark, IPv6, scheduler flags, ops */
	struct ipvs_service fw = { .af = AF_INET6, .fwmark = 5, .sched_name = "sh",
				   .flags = IP_VS_SVC_F_SCHED_SH_PORT | IP_VS_SVC_F_ONEPACKET,
				   .netmask = 128 };
	format_service_name(name, sizeof(name), &fw, FMT_RULE);
	is_str(name, "-f 5 -6", "fwmark v6 save name");
	f = out_open();
	print_service_line(f, &fw, name, FMT_RULE);
	fclose(f);
	is_str(outbuf, "-A -f 5 -6 -s sh -o -b sh-port\n", "flags in save line");
	format_service_name(name, sizeof(name), &fw, 0);
	is_str(name, "FWM  5 IPv6", "fwmark v6 list name");
	f = out_open();
	print_service_line(f, &fw, name, 0);
	fclose(f);
	is_str(outbuf, "FWM  5 IPv6 sh (sh-port) ops\n", "flags in list line");

	struct ipvs_service v6 = { .af = AF_INET6, .protocol = IPPROTO_UDP, .port = 53 };
	inet_pton(AF_INET6, "2001:db8::1", &v6.addr);
	format_service_name(name, sizeof(name), &v6, FMT_NUMERIC);
	is_str(name, "UDP  [2001:db8::1]:53", "v6 list name");

	f = out_open();
	print_title(f, FMT_STATS);
	fclose(f);
	is_str(outbuf, "Prot LocalAddress:Port               Conns   InPkts  OutPkts  InBytes OutBytes\n"
		       "  -> RemoteAddress:Port\n", "stats title");
}

static void test_sorting(void)
{
	struct ipvs_service a = { .af = AF_INET, .protocol = IPPROTO_TCP, .port = 80 };
	struct ipvs_service b = a;

	inet_pton(AF_INET, "10.0.0.1", &a.addr);
	inet_pton(AF_INET, "10.0.0.2", &b.addr);
	ok(cmp_services(&a, &b) < 0, "lower address first");
	inet_pton(AF_INET, "192.168.0.1", &b.addr);
	ok(cmp_services(&a, &b) > 0, "wrap-around of ipvsadm 1.31 kept (192.168 before 10)");
	b = a;
	b.port = 81;
	ok(cmp_services(&a, &b) < 0, "then by port");
	b.fwmark = 1;
	ok(cmp_services(&a, &b) < 0, "address services before fwmark ones");
}

static void test_restore_lines(void)
{
	char **argv;
	int argc = split_line("  -A\t-t 10.0.0.1:80   -s rr \n", "ipvsadm", &argv);

	is_int(argc, 6, "words split on blanks");
	is_str(argv[0], "ipvsadm", "program name first");
	is_str(argv[1], "-A", "first word");
	is_str(argv[3], "10.0.0.1:80", "third word");
	is_str(argv[5], "rr", "last word without newline");
	ok(argv[6] == NULL, "NULL terminated");
	free_line_argv(argc, argv);
	argc = split_line("   \n", "ipvsadm", &argv);
	is_int(argc, 1, "blank line has only the program");
	free_line_argv(argc, argv);
}

static int parse_check(const char *line, struct command *c, struct outcome *o)
{
	char **argv;
	int argc = split_line(line, "ipvsadm", &argv), rc;

	memset(c, 0, sizeof(*c));
	c->dest.weight = 1;
	c->dest.conn_flags = IP_VS_CONN_F_DROUTE;
	c->svc.netmask = 0xffffffffU;
	rc = parse_options(argc, argv, c, o, "ipvsadm");
	if (!rc)
		rc = check_command(c, o);
	free_line_argv(argc, argv);
	return rc;
}

static void test_options(void)
{
	struct command c;
	struct outcome o;

	is_int(parse_check("-A -t 10.0.0.1:80 -s rr -p", &c, &o), 0, "add service parses");
	is_int(c.cmd, CMD_ADD, "command");
	is_int(c.svc.timeout, 360, "default persistence");
	is_str(c.svc.sched_name, "rr", "scheduler");
	is_int(parse_check("-A -t 10.0.0.1:80", &c, &o), 0, "defaults filled in");
	is_str(c.svc.sched_name, "wlc", "default scheduler wlc");
	is_int(parse_check("-a -t 10.0.0.1:80 -r 10.1.1.1:8080", &c, &o), 0, "add dest");
	is_int(c.dest.port, 80, "DR dest keeps the service port");
	is_int(c.dest.conn_flags, IP_VS_CONN_F_DROUTE, "DR by default");
	is_int(parse_check("-a -t 10.0.0.1:80 -r 10.1.1.1:8080 -m -w 4", &c, &o), 0, "NAT dest");
	is_int(c.dest.port, 8080, "NAT dest port kept");
	is_int(c.dest.weight, 4, "weight");

	parse_check("-A -t 10.0.0.1:0", &c, &o);
	is_str(o.msg, "Zero port specified for non-persistent service", "zero port");
	parse_check("-A -t 10.0.0.1:80 -o", &c, &o);
	is_str(o.msg, "One-Packet Scheduling is only for UDP virtual services", "ops on tcp");
	parse_check("-a -t 10.0.0.1:80", &c, &o);
	is_str(o.msg, "You need to supply the 'real-server' option for the 'add-server' command", "missing -r");
	parse_check("-D -t 10.0.0.1:80 -s rr", &c, &o);
	is_str(o.msg, "Illegal 'scheduler' option with the 'delete-service' command", "illegal option");
	parse_check("-L -c --timeout", &c, &o);
	is_str(o.msg, "The option 'timeout' conflicts with the 'connection' option in the 'list' command", "conflict");
	parse_check("-A -t 10.0.0.1:80 -s rr -s wrr", &c, &o);
	is_str(o.msg, "multiple 'scheduler' options specified", "repeated option");
	parse_check("-A -t 10.0.0.1:80 -s rr -b ,", &c, &o);
	is_str(o.msg, "no scheduler flag given in `,'", "-b , says no flag was given");
	parse_check("-A -t 10.0.0.1:80 -s rr -b bogus", &c, &o);
	is_str(o.msg, "invalid scheduler flag `bogus'", "-b bogus keeps 1.31's message");
	parse_check("-t 10.0.0.1:80 -A", &c, &o);
	is_str(o.msg, "Try `ipvsadm -h' or 'ipvsadm --help' for more information.", "command must come first");
	is_int(o.status, 255, "exit status 255");
	parse_check("-a -t 10.0.0.1:80 -r 10.1.1.1 -i --tun-type gue", &c, &o);
	is_str(o.msg, "You need to supply the 'tun-port' option for the 'gue' tunnel type", "gue needs a port");
	parse_check("-a -t 10.0.0.1:80 -r 10.1.1.1 -m --tun-type gre", &c, &o);
	is_str(o.msg, "Tunnel options conflict with forward method", "tunnel options need -i");
	parse_check("-a -t 10.0.0.1:80 -r [2001:db8::1]:80 -m", &c, &o);
	is_str(o.msg, "Different address family is allowed only for tunneling servers", "mixed families");
	parse_check("--set 1 2", &c, &o);
	is_str(o.msg, "--set option requires 3 timeout values", "--set needs three values");
	is_int(parse_check("--set 900 120 300", &c, &o), 0, "--set parses");
	ok(c.timeouts.tcp == 900 && c.timeouts.tcp_fin == 120 && c.timeouts.udp == 300, "timeouts");
	parse_check("-A -t 10.0.0.1:80 extra", &c, &o);
	is_str(o.msg, "unexpected argument extra", "stray argument");
	parse_check("--start-daemon nobody", &c, &o);
	is_str(o.msg, "illegal start-daemon parameter specified", "bad daemon state");
	is_int(parse_check("--start-daemon backup --syncid 4 --mcast-group 224.0.0.90", &c, &o), 0,
	       "daemon options");
	is_str(c.daemon.mcast_ifn, "eth0", "default interface eth0");
	is_int(c.daemon.syncid, 4, "syncid");
	is_int(c.daemon.mcast_af, AF_INET, "group family");
	parse_check("-A -t 10.0.0.1:80 --bogus", &c, &o);
	is_int(o.status, -3, "popt error: command skipped");
	is_str(o.msg, "--bogus: unknown option", "popt's own message");
}

static void test_conn_line(void)
{
	FILE *f = out_open();

	print_conn_line(f, "TCP 0A000001 1F90 0A000002 0050 0A000003 0050 ESTABLISHED     61\n",
			FMT_NUMERIC);
	fclose(f);
	is_str(outbuf, "TCP 01:01  ESTABLISHED 10.0.0.1:8080      10.0.0.2:80        10.0.0.3:80\n",
	       "connection entry");

	/* Short lines (fewer than nine columns) are skipped, not rendered
	 * from unset fields. */
	static const char *const short_lines[] = {
		"", "\n", "TCP\n", "TCP 0A000001 1F90\n",
		"TCP 0A000001 1F90 0A000002 0050 0A000003 0050 ESTABLISHED\n",
		"TCP 0A000001 1F90 0A000002 0050 0A000003 0050 ESTABLISHED x\n",
	};
	for (size_t i = 0; i < sizeof(short_lines) / sizeof(short_lines[0]); i++) {
		f = out_open();
		is_int(print_conn_line(f, short_lines[i], FMT_NUMERIC), 1,
		       "short connection line %zu skipped", i);
		fclose(f);
		is_str(outbuf, "", "short connection line %zu prints nothing", i);
	}
	/* The persistence-engine columns are optional. */
	f = out_open();
	is_int(print_conn_line(f, "UDP 0A000001 0035 0A000002 0035 0A000003 0035 UDP 5 sip\n",
			       FMT_NUMERIC | FMT_PERSISTENTCONN), 0, "pe name without data");
	fclose(f);
}

int main(void)
{
	test_numbers();
	test_service_parsing();
	test_rendering();
	test_sorting();
	test_restore_lines();
	test_options();
	test_conn_line();
	return tap_done();
}
