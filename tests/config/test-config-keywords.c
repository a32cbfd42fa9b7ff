/* Every lvs.cf keyword parsed, with its value and the defaults asserted. */
#include "config.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "lvs_config.h"
#include "tap.h"

static struct lvs_config *parse(const char *text)
{
	struct lvs_config_errors errs;
	struct lvs_config *cfg = lvs_config_parse("test.cf", text, strlen(text), &errs);

	if (!cfg) {
		printf("# parse errors:\n");
		for (size_t i = 0; i < errs.count; i++)
			printf("#   %u:%u: %s\n", errs.items[i].line, errs.items[i].col,
			       errs.items[i].message);
	}
	lvs_config_errors_clear(&errs);
	return cfg;
}

static const char *addr_str(const struct lvs_addr *a)
{
	static char buf[4][INET6_ADDRSTRLEN];
	static int n;
	char *b = buf[n++ % 4];

	lvs_addr_format(a, b, INET6_ADDRSTRLEN);
	return b;
}

static const char globals_text[] =
	"# all globals\n"
	"serial_no = 0x20\n"
	"service = fos\n"
	"primary = 192.0.2.2\n"
	"primary_private = 198.51.100.2\n"
	"primary_shared = /dev/sdb\n"
	"backup = 192.0.2.3\n"
	"backup_private = 198.51.100.3\n"
	"backup_shared = /dev/sdc\n"
	"backup_active = 1\n"
	"heartbeat = 1\n"
	"heartbeat_port = 1539\n"
	"keepalive = 0.5\n"
	"deadtime = 2.25\n"
	"heartbeat_auth = hmac-sha256\n"
	"heartbeat_key_file = /etc/lvs/hb.key\n"
	"network = tunnel\n"
	"nat_router = 198.51.100.254 eth1:7\n"
	"nat_nmask = 255.255.254.0\n"
	"reservation_conflict_action = preempt\n"
	"debug = info\n"
	"rsh_command = ssh\n"
	"sync = 1\n"
	"ipvsadm = /usr/sbin/ipvsadm\n"
	"syncdaemon = 1\n"
	"syncd_iface = bond0\n"
	"syncd_id = 255\n"
	"tcp_timeout = 900\n"
	"tcpfin_timeout = 120\n"
	"udp_timeout = 300\n"
	"monitor_links = 1\n"
	"sloppy_tcp = 0\n"
	"nanny_nice = 0\n"
	"active_cmd = \"/bin/logger -t lvs active\"\n"
	"inactive_cmd = '/bin/logger -t lvs \"standby\"'\n"
	"hard_shutdown = 1\n"
	"heartbeat_dev = eth0\n"
	"mode = whatever you like\n";

static void test_globals(void)
{
	struct lvs_config *c = parse(globals_text);

	ok(c != NULL, "globals: every global keyword parses");
	if (!c)
		return;
	is_int(c->serial_no, 32, "serial_no in hex (strtol base 0)");
	is_int(c->service, LVS_SERVICE_FOS, "service = fos");
	is_str(addr_str(&c->primary), "192.0.2.2", "primary");
	is_str(addr_str(&c->primary_private), "198.51.100.2", "primary_private");
	is_str(c->primary_shared, "/dev/sdb", "primary_shared");
	is_str(addr_str(&c->backup), "192.0.2.3", "backup");
	is_str(addr_str(&c->backup_private), "198.51.100.3", "backup_private");
	is_str(c->backup_shared, "/dev/sdc", "backup_shared");
	ok(c->backup_active, "backup_active");
	ok(c->heartbeat, "heartbeat");
	is_int(c->heartbeat_port, 1539, "heartbeat_port");
	ok(c->keepalive == 0.5, "keepalive with a fraction");
	ok(c->deadtime == 2.25, "deadtime with a fraction");
	is_int(c->heartbeat_auth, LVS_HB_AUTH_HMAC, "heartbeat_auth hmac-sha256");
	is_str(c->heartbeat_key_file, "/etc/lvs/hb.key", "heartbeat_key_file");
	is_int(c->network, LVS_FWD_TUNNEL, "network = tunnel");
	is_str(addr_str(&c->nat_router), "198.51.100.254", "nat_router address");
	is_str(c->nat_router_iface.dev, "eth1", "nat_router device");
	is_str(c->nat_router_iface.label, "eth1:7", "nat_router label");
	is_int(c->nat_prefix, 23, "nat_nmask 255.255.254.0 is /23");
	is_str(c->reservation_conflict_action, "preempt", "reservation_conflict_action");
	is_int(c->debug_level, LOG_INFO, "older name 'debug' sets debug_level");
	is_int(c->rsh_command, LVS_RSH_SSH, "rsh_command = ssh");
	ok(c->sync, "sync");
	is_str(c->ipvsadm, "/usr/sbin/ipvsadm", "ipvsadm path");
	ok(c->syncdaemon, "syncdaemon");
	is_str(c->syncd_iface, "bond0", "syncd_iface");
	is_int(c->syncd_id, 255, "syncd_id");
	is_int(c->tcp_timeout, 900, "tcp_timeout");
	is_int(c->tcpfin_timeout, 120, "tcpfin_timeout");
	is_int(c->udp_timeout, 300, "udp_timeout");
	ok(c->monitor_links, "monitor_links");
	is_int(c->sloppy_tcp, LVS_SLOPPY_OFF, "sloppy_tcp 0: off, written to the kernel");
	is_int(c->nanny_nice, 0, "nanny_nice 0: nannies as nice as lvsd");
	is_str(c->active_cmd, "/bin/logger -t lvs active", "active_cmd: double quotes stripped");
	is_str(c->inactive_cmd, "/bin/logger -t lvs \"standby\"",
	       "inactive_cmd: single quotes stripped, inner double quotes kept");
	ok(c->hard_shutdown, "hard_shutdown = 1");
	is_int(c->n_virtuals, 0, "no virtuals");
	lvs_config_free(c);
}

static void test_global_defaults(void)
{
	struct lvs_config *c = parse("");

	ok(c != NULL, "an empty file is a valid configuration");
	if (!c)
		return;
	is_int(c->serial_no, 0, "default serial_no 0");
	is_int(c->service, LVS_SERVICE_LVS, "default service lvs");
	is_int(c->primary.family, AF_UNSPEC, "primary unset");
	is_int(c->primary_private.family, AF_UNSPEC, "primary_private unset");
	ok(!c->backup_active, "default backup_active 0");
	ok(!c->heartbeat, "default heartbeat 0");
	is_int(c->heartbeat_port, 539, "default heartbeat_port 539");
	ok(c->keepalive == 2, "default keepalive 2");
	ok(c->deadtime == 5, "default deadtime 5");
	is_int(c->heartbeat_auth, LVS_HB_AUTH_AUTO, "default heartbeat_auth: not set (HMAC only with a key file)");
	ok(c->heartbeat_key_file == NULL, "no default heartbeat_key_file");
	is_int(c->network, LVS_FWD_NAT, "default network nat");
	is_int(c->nat_router.family, AF_UNSPEC, "nat_router unset");
	is_int(c->nat_prefix, 0, "nat_nmask unset");
	ok(c->reservation_conflict_action == NULL, "reservation_conflict_action unset");
	is_int(c->debug_level, LOG_NOTICE, "default debug_level notice");
	is_int(c->rsh_command, LVS_RSH_RSH, "default rsh_command rsh");
	ok(c->ipvsadm == NULL, "ipvsadm: built-in default");
	ok(!c->syncdaemon, "default syncdaemon 0");
	is_str(c->syncd_iface, "eth0", "default syncd_iface eth0");
	is_int(c->syncd_id, 0, "default syncd_id 0");
	is_int(c->tcp_timeout + c->tcpfin_timeout + c->udp_timeout, 0, "timeouts default 0");
	ok(!c->monitor_links, "default monitor_links 0");
	is_int(c->sloppy_tcp, LVS_SLOPPY_KERNEL, "default sloppy_tcp: the kernel's setting is left alone");
	is_int(c->nanny_nice, 10, "default nanny_nice 10: lvsd before its nannies");
	ok(c->active_cmd == NULL && c->inactive_cmd == NULL, "no default commands");
	ok(!c->hard_shutdown, "default hard_shutdown 0 (unlike the original)");
	lvs_config_free(c);
}

static const char virtual_text[] =
	"virtual web {\n"
	"  active = 0\n"
	"  address = 192.0.2.80 eth0:1\n"
	"  vip_nmask = 255.255.255.0\n"
	"  sorry_server = 198.51.100.250:8080\n"
	"  port = 8000\n"
	"  protocol = sctp\n"
	"  persistent = 600\n"
	"  pmask = /16\n"
	"  scheduler = mh\n"
	"  send = \"GET / HTTP/1.0\\r\\n\\r\\n\"\n"
	"  expect = \"say \\\"hi\\\" # not a comment\"   # a comment\n"
	"  use_regex = 1\n"
	"  send_program = \"/bin/check %h %p\"\n"
	"  load_monitor = ruptime\n"
	"  timeout = 0.05\n"
	"  check_interval = 1.5\n"
	"  reentry = 0\n"
	"  rise = 3\n"
	"  fall = 0x2\n"
	"  quiesce_server = 1\n"
	"  slow_start = 0\n"
	"  health_check = 0\n"
	"  client_monitor = /usr/local/sbin/nanny\n"
	"  network = direct\n"
	"  master = obsolete\n"
	"  dirs = /a /b\n"
	"  server one {\n"
	"    address = 198.51.100.11\n"
	"    active = 0\n"
	"    weight = 65535\n"
	"    port = 8080\n"
	"    network = tunnel\n"
	"  }\n"
	"  server two {\n"
	"    address = 198.51.100.12\n"
	"  }\n"
	"}\n";

static void test_virtual(void)
{
	struct lvs_config *c = parse(virtual_text);
	const struct lvs_virtual *v;
	const struct lvs_server *s;

	ok(c != NULL, "virtual: every virtual and server keyword parses");
	if (!c)
		return;
	is_int(c->n_virtuals, 1, "one virtual");
	v = &c->virtuals[0];
	is_str(v->name, "web", "virtual name");
	is_int(v->line, 1, "virtual line");
	ok(!v->active, "active = 0");
	is_str(addr_str(&v->addr), "192.0.2.80", "VIP");
	is_str(v->iface.dev, "eth0", "VIP device");
	is_str(v->iface.label, "eth0:1", "VIP label");
	is_int(v->vip_prefix, 24, "vip_nmask /24");
	is_str(addr_str(&v->sorry_server), "198.51.100.250", "sorry_server address");
	is_int(v->sorry_port, 8080, "sorry_server port");
	is_int(v->port, 8000, "port");
	is_int(v->protocol, IPPROTO_SCTP, "protocol sctp");
	is_int(v->fwmark, 0, "no fwmark");
	is_int(v->persistent, 600, "persistent");
	is_int(v->pmask_prefix, 16, "pmask /16 as a prefix");
	is_str(v->scheduler, "mh", "scheduler mh (extension)");
	is_str(v->send, "GET / HTTP/1.0\\r\\n\\r\\n", "send keeps its escapes raw");
	is_str(v->expect, "say \\\"hi\\\" # not a comment",
	       "expect: escaped quotes do not end it, # inside quotes is text, trailing comment dropped");
	ok(v->use_regex, "use_regex");
	is_str(v->send_program, "/bin/check %h %p", "send_program");
	is_int(v->load_monitor, LVS_LOAD_RUPTIME, "load_monitor ruptime");
	ok(v->timeout == 0.05, "timeout 0.05");
	ok(v->interval == 1.5, "check_interval 1.5");
	ok(v->reentry == 0, "reentry 0 is allowed");
	is_int(v->rise, 3, "rise");
	is_int(v->fall, 2, "fall in hex");
	ok(v->quiesce_server, "quiesce_server");
	ok(!v->slow_start, "slow_start = 0");
	ok(!v->health_check, "health_check = 0");
	is_str(v->client_monitor, "/usr/local/sbin/nanny", "client_monitor");
	is_int(v->forward, LVS_FWD_DIRECT, "per-virtual network");
	is_int(v->n_servers, 2, "two servers");
	s = &v->servers[0];
	is_str(s->name, "one", "server name");
	is_int(s->line, 28, "server line");
	is_str(addr_str(&s->addr), "198.51.100.11", "server address");
	ok(!s->active, "server active = 0");
	is_int(s->weight, 65535, "weight 65535");
	is_int(s->port, 8080, "server port");
	is_int(s->forward, LVS_FWD_TUNNEL, "per-server network");
	is_int(lvs_server_forward(c, v, s), LVS_FWD_TUNNEL, "effective forward: server's");
	is_int(lvs_server_port(v, s), 8080, "effective port: server's");
	s = &v->servers[1];
	ok(s->active, "server active defaults to 1");
	is_int(s->weight, 1, "weight defaults to 1");
	is_int(s->port, 0, "server port unset");
	is_int(s->forward, LVS_FWD_DEFAULT, "server network unset");
	is_int(lvs_server_forward(c, v, s), LVS_FWD_DIRECT, "effective forward: the virtual's");
	is_int(lvs_server_port(v, s), 8000, "effective port: the virtual's");
	lvs_config_free(c);
}

static void test_virtual_defaults(void)
{
	struct lvs_config *c = parse("network = tunnel\n"
				     "virtual v { # comment after the brace\n"
				     " address = 192.0.2.1 eth0\n"
				     " port = 80\n"
				     " timeout = 7\n"
				     " server s {\n address = 198.51.100.1\n }\n"
				     "}\n");
	const struct lvs_virtual *v;

	ok(c != NULL, "minimal virtual parses");
	if (!c)
		return;
	v = &c->virtuals[0];
	ok(v->active, "virtual active defaults to 1");
	is_str(v->iface.dev, "eth0", "device without alias");
	is_str(v->iface.label, "", "no label without alias");
	is_int(v->vip_prefix, 0, "vip_nmask unset");
	is_int(v->sorry_server.family, AF_UNSPEC, "no sorry_server");
	is_int(v->protocol, IPPROTO_TCP, "default protocol tcp");
	is_int(v->persistent, 0, "persistence off");
	is_int(v->pmask_prefix, 0, "pmask unset");
	is_str(v->scheduler, "wlc", "default scheduler wlc");
	ok(!v->send && !v->expect && !v->send_program, "no send/expect/send_program");
	ok(!v->use_regex, "use_regex off");
	is_int(v->load_monitor, LVS_LOAD_NONE, "load_monitor none");
	ok(v->timeout == 7, "timeout");
	ok(v->interval == 7, "check_interval defaults to timeout");
	ok(v->reentry == 180, "default reentry 180");
	is_int(v->rise, 1, "default rise 1");
	is_int(v->fall, 1, "default fall 1");
	ok(!v->quiesce_server, "quiesce_server off");
	ok(v->slow_start, "slow_start defaults to 1");
	ok(v->health_check, "health_check defaults to 1");
	ok(!v->client_monitor, "client_monitor: built-in default");
	is_int(v->forward, LVS_FWD_DEFAULT, "virtual network unset");
	is_int(lvs_server_forward(c, v, &v->servers[0]), LVS_FWD_TUNNEL,
	       "effective forward: the global network");
	lvs_config_free(c);
}

static void test_ipv6_fwmark_names(void)
{
	struct lvs_config *c = parse(
		"primary=localhost\n"
		"virtual six {\n"
		"\taddress = 2001:db8::80 eth1\n"
		"\tvip_nmask = 64\n"
		"\tpmask = /48\n"
		"\tport = http\n"
		"\tsorry_server = [2001:db8::250]:http-alt\n"
		"\tserver a {\n\t\taddress = 2001:db8:1::11\n\t\tport = https\n\t}\n"
		"}\n"
		"virtual mark {\r\n"
		"\taddress = 192.0.2.90 eth0:3\r\n"
		"\tfwmark = 0x50\r\n"
		"\tserver m {\r\n\t\taddress = 198.51.100.31\r\n\t}\r\n"
		"}\r\n"
		"virtual dns {\n"
		"\taddress = 192.0.2.53 eth0:4\n"
		"\tport = domain\n"
		"\tprotocol = udp\n"
		"\tsorry_server = 2001:db8::53\n"
		"}\n"
		"virtual plain{\n"
		"\taddress = 192.0.2.54 eth0:5\n"
		"\tport = 22\n"
		"\tsorry_server = 198.51.100.9\n"
		"}\n");
	const struct lvs_virtual *v;

	ok(c == NULL, "an IPv6 sorry_server for an IPv4 virtual is refused");
	lvs_config_free(c);
	c = parse(
		"primary=localhost\n"
		"virtual six {\n"
		"\taddress = 2001:db8::80 eth1\n"
		"\tvip_nmask = 64\n"
		"\tpmask = /48\n"
		"\tport = http\n"
		"\tsorry_server = [2001:db8::250]:8443\n"
		"\tserver a {\n\t\taddress = 2001:db8:1::11\n\t\tport = https\n\t}\n"
		"}\n"
		"virtual mark {\r\n"
		"\taddress = 192.0.2.90 eth0:3\r\n"
		"\tfwmark = 0x50\r\n"
		"\tserver m {\r\n\t\taddress = 198.51.100.31\r\n\t}\r\n"
		"}\r\n"
		"virtual dns {\n"
		"\taddress = 192.0.2.53 eth0:4\n"
		"\tport = domain\n"
		"\tprotocol = udp\n"
		"}\n"
		"virtual plain{\n"
		"\taddress = 192.0.2.54 eth0:5\n"
		"\tport = 22\n"
		"\tsorry_server = 198.51.100.9\n"
		"}\n");
	ok(c != NULL, "IPv6, fwmark, CRLF, service names and a=b parse");
	if (!c)
		return;
	is_str(addr_str(&c->primary), "127.0.0.1", "primary = localhost resolves (IPv4 preferred)");
	is_int(c->n_virtuals, 4, "four virtuals");
	v = &c->virtuals[0];
	is_int(v->addr.family, AF_INET6, "IPv6 VIP");
	is_str(addr_str(&v->addr), "2001:db8::80", "IPv6 VIP text");
	is_str(v->iface.dev, "eth1", "IPv6 VIP device");
	is_int(v->vip_prefix, 64, "vip_nmask as a prefix length");
	is_int(v->pmask_prefix, 48, "IPv6 pmask /48");
	is_int(v->port, 80, "port = http from /etc/services");
	is_str(addr_str(&v->sorry_server), "2001:db8::250", "[IPv6]:port sorry_server address");
	is_int(v->sorry_port, 8443, "[IPv6]:port sorry_server port");
	is_int(v->servers[0].port, 443, "server port = https");
	is_str(addr_str(&v->servers[0].addr), "2001:db8:1::11", "IPv6 server");
	v = &c->virtuals[1];
	is_int(v->fwmark, 80, "fwmark 0x50");
	is_int(v->port, 0, "fwmark virtual without port");
	is_str(v->iface.label, "eth0:3", "CRLF line endings tolerated");
	is_int(lvs_server_port(v, &v->servers[0]), 0, "fwmark server port 0 = as the client's");
	v = &c->virtuals[2];
	is_int(v->protocol, IPPROTO_UDP, "protocol udp");
	is_int(v->port, 53, "port = domain (udp)");
	v = &c->virtuals[3];
	is_str(v->name, "plain", "'virtual plain{' without a space before the brace");
	is_str(addr_str(&v->sorry_server), "198.51.100.9", "sorry_server without port");
	is_int(v->sorry_port, 0, "sorry_server port unset");
	lvs_config_free(c);
}

static void test_failover(void)
{
	struct lvs_config *c = parse(
		"service = fos\n"
		"failover ftp {\n"
		"  address = 192.0.2.21 eth0:5\n"
		"  vip_nmask = 255.255.255.128\n"
		"  active = 1\n"
		"  timeout = 4.5\n"
		"  reentry = 20\n"
		"  port = 21\n"
		"  send = \"QUIT\\r\\n\"\n"
		"  expect = '220'\n"
		"  start_cmd = \"/etc/init.d/vsftpd start\"\n"
		"  stop_cmd = \"/etc/init.d/vsftpd stop\"\n"
		"}\n"
		"failover web {\n"
		"  address = 192.0.2.22 eth0\n"
		"}\n");
	const struct lvs_failover *f;

	ok(c != NULL, "failover keywords parse");
	if (!c)
		return;
	is_int(c->n_failovers, 2, "two failovers");
	f = &c->failovers[0];
	is_str(f->name, "ftp", "failover name");
	is_str(addr_str(&f->addr), "192.0.2.21", "failover address");
	is_str(f->iface.label, "eth0:5", "failover label");
	is_int(f->vip_prefix, 25, "failover vip_nmask");
	ok(f->active, "failover active");
	ok(f->timeout == 4.5, "failover timeout");
	ok(f->reentry == 20, "failover reentry");
	is_int(f->port, 21, "failover port");
	is_str(f->send, "QUIT\\r\\n", "failover send raw");
	is_str(f->expect, "220", "failover expect");
	is_str(f->start_cmd, "/etc/init.d/vsftpd start", "start_cmd");
	is_str(f->stop_cmd, "/etc/init.d/vsftpd stop", "stop_cmd");
	f = &c->failovers[1];
	is_int(f->port, 80, "failover port defaults to 80");
	ok(f->timeout == 10, "failover timeout defaults to 10");
	ok(f->reentry == 180, "failover reentry defaults to 180");
	ok(f->active, "failover active defaults to 1");
	lvs_config_free(c);
}

static void test_auth_none_and_escapes(void)
{
	struct lvs_config *c = parse(
		"primary = 192.0.2.2\nbackup = 192.0.2.3\nbackup_active = 1\n"
		"heartbeat_auth = none\n"
		"debug_level = 7\n"
		"virtual v {\n address = 192.0.2.1 eth0:0\n port = 0x50\n"
		" send = 'it\\'s \"quoted\"'\n"
		" expect = a=b\\tc\n"
		"}\n");
	char *plain;

	ok(c != NULL, "heartbeat_auth = none allows backup_active without a key file");
	if (!c)
		return;
	is_int(c->heartbeat_auth, LVS_HB_AUTH_NONE, "heartbeat_auth none");
	is_int(c->debug_level, LOG_DEBUG, "debug_level as a number");
	is_int(c->virtuals[0].port, 80, "port in hex");
	is_str(c->virtuals[0].send, "it\\'s \"quoted\"", "single-quoted value with \\' inside");
	plain = lvs_unescape(c->virtuals[0].send, NULL, NULL);
	is_str(plain, "it's \"quoted\"", "lvs_unescape of the raw value");
	free(plain);
	is_str(c->virtuals[0].expect, "a=b\\tc", "bare value may contain '=' and backslashes");
	lvs_config_free(c);
}

static void test_helpers(void)
{
	struct lvs_addr a, b;
	char buf[INET6_ADDRSTRLEN];

	ok(lvs_addr_parse("192.0.2.1", &a) == 0 && a.family == AF_INET, "addr_parse IPv4");
	ok(lvs_addr_parse("2001:db8::1", &b) == 0 && b.family == AF_INET6, "addr_parse IPv6");
	ok(lvs_addr_parse("localhost", &a) < 0, "addr_parse does no name lookup");
	ok(lvs_addr_parse("[2001:db8::1]", &a) < 0, "addr_parse takes no brackets");
	ok(lvs_addr_parse("192.0.2.1", &a) == 0 && !lvs_addr_equal(&a, &b), "v4 != v6");
	lvs_addr_parse("2001:db8:0::1", &a);
	ok(lvs_addr_equal(&a, &b), "equal IPv6 in different spellings");
	lvs_addr_format(&a, buf, sizeof(buf));
	is_str(buf, "2001:db8::1", "addr_format IPv6 canonical");
	ok(lvs_addr_format(&a, buf, 4) < 0, "addr_format: short buffer");
	memset(&a, 0, sizeof(a));
	lvs_addr_format(&a, buf, sizeof(buf));
	is_str(buf, "unset", "addr_format of an unset address");
	is_str(lvs_forward_name(LVS_FWD_NAT), "nat", "forward name nat");
	is_str(lvs_forward_name(LVS_FWD_DIRECT), "direct", "forward name direct");
	is_str(lvs_forward_name(LVS_FWD_TUNNEL), "tunnel", "forward name tunnel");
	is_str(lvs_protocol_name(IPPROTO_TCP), "tcp", "protocol name tcp");
	is_str(lvs_protocol_name(IPPROTO_UDP), "udp", "protocol name udp");
	is_str(lvs_protocol_name(IPPROTO_SCTP), "sctp", "protocol name sctp");
}

/* Writing a parsed configuration and parsing it again gives an equal one. */
static void test_round_trip(void)
{
	const char *texts[] = { globals_text, virtual_text };

	for (size_t i = 0; i < 2; i++) {
		struct lvs_config *a = parse(texts[i]), *b = NULL;
		char *buf = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);

		ok(a && lvs_config_write(a, f) == 0, "round trip %zu: write", i);
		fclose(f);
		if (a)
			b = parse(buf);
		ok(b != NULL, "round trip %zu: the output parses", i);
		ok(a && b && lvs_config_equal(a, b), "round trip %zu: equal", i);
		if (b && b->n_virtuals) {
			ok(!b->virtuals[0].slow_start, "round trip %zu: slow_start = 0 written and read back", i);
			b->virtuals[0].slow_start = true;
			ok(!lvs_config_equal(a, b), "round trip %zu: a changed slow_start is not equal", i);
			b->virtuals[0].slow_start = false;
			b->virtuals[0].servers[0].weight++;
			ok(!lvs_config_equal(a, b), "round trip %zu: a changed weight is not equal", i);
		} else if (b) {
			b->keepalive += 0.25;
			ok(!lvs_config_equal(a, b), "round trip %zu: a changed keepalive is not equal", i);
		}
		lvs_config_free(a);
		lvs_config_free(b);
		free(buf);
	}
}

int main(void)
{
	test_globals();
	test_global_defaults();
	test_virtual();
	test_virtual_defaults();
	test_ipv6_fwmark_names();
	test_failover();
	test_auth_none_and_escapes();
	test_helpers();
	test_round_trip();
	return tap_done();
}
