/* lvsd's renderings of its view (src/lvsd/view_render.c): the exact JSON
 * document, the exact metrics lines and the text, for a view built by
 * hand: a web service with one server up (checked, in the kernel) and one
 * down, and a two-block fwmark service. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "view.h"

#define T0 1764700000.0         /* 2025-12-02T18:26:40Z */

static struct view_server web_servers[2], mark_servers[1], mark2_servers[1];
static struct view_virtual virtuals[3];

static void build(struct lvsd_view *v)
{
	web_servers[0] = (struct view_server){
		.name = "web1", .address = "198.51.100.11", .port = 80, .state = "up", .weight = 5,
		.in_table = true, .since = T0 - 100, .first_listing = true,
		.checks = { .known = true, .total = 40, .failures = 2, .have_last = true, .last_ok = true,
			    .last_at = T0 - 1, .last_seconds = 0.000412, .avg_seconds = 0.0005,
			    .sum_seconds = 0.02 },
		.kernel = { .known = true, .conns = 7, .inpkts = 70, .outpkts = 60, .inbytes = 7000,
			    .outbytes = 90000, .activeconns = 1, .inactconns = 2 },
	};
	web_servers[1] = (struct view_server){
		.name = "web2", .address = "198.51.100.12", .port = 8080, .state = "down", .weight = 0,
		.in_table = false, .since = T0 - 30, .problem = "its nanny died (signal 9), restarting",
		.first_listing = true,
		.checks = { .known = true, .total = 3, .failures = 3, .have_last = true, .last_ok = false,
			    .last_at = T0 - 2, .last_seconds = 2, .avg_seconds = 2, .sum_seconds = 6 },
	};
	mark_servers[0] = (struct view_server){
		.name = "m\"1", .address = "2001:db8::11", .port = 443, .state = "unknown",
		.in_table = false, .since = T0, .first_listing = true,
	};
	mark2_servers[0] = (struct view_server){
		.name = "m\"1", .address = "2001:db8::11", .port = 80, .state = "unknown",
		.in_table = false, .since = T0, .first_listing = false,
	};
	virtuals[0] = (struct view_virtual){
		.name = "web", .service = "TCP 192.0.2.100:80", .scheduler = "wlc", .blocks = 1,
		.first_block = true, .in_table = true, .servers = web_servers, .n_servers = 2,
		.has_sorry = true, .sorry_address = "198.51.100.99", .sorry_in_table = false,
		.kernel = { .known = true, .conns = 12, .inpkts = 120, .outpkts = 100, .inbytes = 12000,
			    .outbytes = 150000 },
	};
	virtuals[1] = (struct view_virtual){
		.name = "https", .service = "FWM 7 IPv6", .scheduler = "rr", .blocks = 2,
		.first_block = true, .in_table = true, .servers = mark_servers, .n_servers = 1,
		.kernel = { .known = true },
	};
	virtuals[2] = (struct view_virtual){
		.name = "http", .service = "FWM 7 IPv6", .scheduler = "rr", .blocks = 2,
		.first_block = false, .in_table = true, .servers = mark2_servers, .n_servers = 1,
		.kernel = { .known = true },
	};
	*v = (struct lvsd_view){
		.version = "9.9", .role = "active", .config = "/etc/lvs.cf", .now = T0,
		.reloads = { 0, 3, 1, 0 }, .last_reload = VIEW_RELOAD_FAILED, .last_reload_at = T0 - 60,
		.last_reload_error = "/etc/lvs.cf has 1 error", .table_failures = 4,
		.virtuals = virtuals, .n_virtuals = 3,
	};
}

static const char *const want_json =
	"{\"schema_version\":1,\"program\":\"lvsd\",\"version\":\"9.9\",\"time\":\"2025-12-02T18:26:40Z\","
	"\"role\":\"active\",\"config\":\"/etc/lvs.cf\","
	"\"reloads\":{\"ok\":3,\"failed\":1,\"partial\":0,\"last\":{\"time\":\"2025-12-02T18:25:40Z\","
	"\"result\":\"failed\",\"error\":\"/etc/lvs.cf has 1 error\"}},\"table_operation_failures\":4,"
	"\"virtuals\":["
	"{\"name\":\"web\",\"service\":\"TCP 192.0.2.100:80\",\"scheduler\":\"wlc\",\"blocks\":1,\"in_table\":true,"
	"\"servers_up\":1,\"servers_down\":1,\"servers_unknown\":0,"
	"\"kernel\":{\"connections\":12,\"packets_in\":120,\"packets_out\":100,\"bytes_in\":12000,\"bytes_out\":150000},"
	"\"servers\":["
	"{\"name\":\"web1\",\"address\":\"198.51.100.11\",\"port\":80,\"state\":\"up\",\"weight\":5,\"in_table\":true,"
	"\"since\":\"2025-12-02T18:25:00Z\",\"problem\":null,"
	"\"checks\":{\"total\":40,\"failures\":2,\"last_result\":\"ok\",\"last_time\":\"2025-12-02T18:26:39Z\","
	"\"latency_last_seconds\":0.000412,\"latency_avg_seconds\":0.0005},"
	"\"kernel\":{\"connections\":7,\"active_connections\":1,\"inactive_connections\":2,\"packets_in\":70,"
	"\"packets_out\":60,\"bytes_in\":7000,\"bytes_out\":90000}},"
	"{\"name\":\"web2\",\"address\":\"198.51.100.12\",\"port\":8080,\"state\":\"down\",\"weight\":0,\"in_table\":false,"
	"\"since\":\"2025-12-02T18:26:10Z\",\"problem\":\"its nanny died (signal 9), restarting\","
	"\"checks\":{\"total\":3,\"failures\":3,\"last_result\":\"failed\",\"last_time\":\"2025-12-02T18:26:38Z\","
	"\"latency_last_seconds\":2,\"latency_avg_seconds\":2},\"kernel\":null}],"
	"\"sorry_server\":{\"address\":\"198.51.100.99\",\"in_table\":false}},"
	"{\"name\":\"https\",\"service\":\"FWM 7 IPv6\",\"scheduler\":\"rr\",\"blocks\":2,\"in_table\":true,"
	"\"servers_up\":0,\"servers_down\":0,\"servers_unknown\":1,"
	"\"kernel\":{\"connections\":0,\"packets_in\":0,\"packets_out\":0,\"bytes_in\":0,\"bytes_out\":0},"
	"\"servers\":[{\"name\":\"m\\\"1\",\"address\":\"2001:db8::11\",\"port\":443,\"state\":\"unknown\",\"weight\":0,"
	"\"in_table\":false,\"since\":\"2025-12-02T18:26:40Z\",\"problem\":null,\"checks\":null,\"kernel\":null}],"
	"\"sorry_server\":null},"
	"{\"name\":\"http\",\"service\":\"FWM 7 IPv6\",\"scheduler\":\"rr\",\"blocks\":2,\"in_table\":true,"
	"\"servers_up\":0,\"servers_down\":0,\"servers_unknown\":1,"
	"\"kernel\":{\"connections\":0,\"packets_in\":0,\"packets_out\":0,\"bytes_in\":0,\"bytes_out\":0},"
	"\"servers\":[{\"name\":\"m\\\"1\",\"address\":\"2001:db8::11\",\"port\":80,\"state\":\"unknown\",\"weight\":0,"
	"\"in_table\":false,\"since\":\"2025-12-02T18:26:40Z\",\"problem\":null,\"checks\":null,\"kernel\":null}],"
	"\"sorry_server\":null}"
	"]}\n";

/* Every line the metrics file must hold for this view, in order. */
static const char *const want_metrics =
	"# HELP lvs_lvsd_info Always 1: the running lvsd, its version and role.\n"
	"# TYPE lvs_lvsd_info gauge\n"
	"lvs_lvsd_info{version=\"9.9\",role=\"active\"} 1\n"
	"# HELP lvs_lvsd_reloads_total Reloads (SIGHUP) by result: ok, failed (the file was refused), partial (some table operations failed).\n"
	"# TYPE lvs_lvsd_reloads_total counter\n"
	"lvs_lvsd_reloads_total{result=\"ok\"} 3\n"
	"lvs_lvsd_reloads_total{result=\"failed\"} 1\n"
	"lvs_lvsd_reloads_total{result=\"partial\"} 0\n"
	"# HELP lvs_lvsd_last_reload_success 1 if the last reload was applied in full, else 0.\n"
	"# TYPE lvs_lvsd_last_reload_success gauge\n"
	"lvs_lvsd_last_reload_success 0\n"
	"# HELP lvs_lvsd_last_reload_timestamp_seconds When the last reload happened, seconds since the Epoch.\n"
	"# TYPE lvs_lvsd_last_reload_timestamp_seconds gauge\n"
	"lvs_lvsd_last_reload_timestamp_seconds 1764699940\n"
	"# HELP lvs_lvsd_table_operation_failures_total IPVS table operations the kernel refused.\n"
	"# TYPE lvs_lvsd_table_operation_failures_total counter\n"
	"lvs_lvsd_table_operation_failures_total 4\n"
	"# HELP lvs_virtual_in_table 1 if the virtual's IPVS service is in the kernel's table.\n"
	"# TYPE lvs_virtual_in_table gauge\n"
	"lvs_virtual_in_table{virtual=\"web\"} 1\n"
	"lvs_virtual_in_table{virtual=\"https\"} 1\n"
	"lvs_virtual_in_table{virtual=\"http\"} 1\n"
	"# HELP lvs_virtual_servers Real servers of a virtual by health: up, down, unknown.\n"
	"# TYPE lvs_virtual_servers gauge\n"
	"lvs_virtual_servers{virtual=\"web\",state=\"up\"} 1\n"
	"lvs_virtual_servers{virtual=\"web\",state=\"down\"} 1\n"
	"lvs_virtual_servers{virtual=\"web\",state=\"unknown\"} 0\n"
	"lvs_virtual_servers{virtual=\"https\",state=\"up\"} 0\n"
	"lvs_virtual_servers{virtual=\"https\",state=\"down\"} 0\n"
	"lvs_virtual_servers{virtual=\"https\",state=\"unknown\"} 1\n"
	"lvs_virtual_servers{virtual=\"http\",state=\"up\"} 0\n"
	"lvs_virtual_servers{virtual=\"http\",state=\"down\"} 0\n"
	"lvs_virtual_servers{virtual=\"http\",state=\"unknown\"} 1\n"
	"# HELP lvs_server_up 1 if the real server's health check passes, else 0.\n"
	"# TYPE lvs_server_up gauge\n"
	"lvs_server_up{virtual=\"web\",server=\"web1\"} 1\n"
	"lvs_server_up{virtual=\"web\",server=\"web2\"} 0\n"
	"lvs_server_up{virtual=\"https\",server=\"m\\\"1\"} 0\n"
	"lvs_server_up{virtual=\"http\",server=\"m\\\"1\"} 0\n"
	"# HELP lvs_server_in_table 1 if the real server is in the IPVS table.\n"
	"# TYPE lvs_server_in_table gauge\n"
	"lvs_server_in_table{virtual=\"web\",server=\"web1\"} 1\n"
	"lvs_server_in_table{virtual=\"web\",server=\"web2\"} 0\n"
	"lvs_server_in_table{virtual=\"https\",server=\"m\\\"1\"} 0\n"
	"lvs_server_in_table{virtual=\"http\",server=\"m\\\"1\"} 0\n"
	"# HELP lvs_server_weight The real server's weight in the IPVS table (0 when out).\n"
	"# TYPE lvs_server_weight gauge\n"
	"lvs_server_weight{virtual=\"web\",server=\"web1\"} 5\n"
	"lvs_server_weight{virtual=\"web\",server=\"web2\"} 0\n"
	"lvs_server_weight{virtual=\"https\",server=\"m\\\"1\"} 0\n"
	"lvs_server_weight{virtual=\"http\",server=\"m\\\"1\"} 0\n"
	"# HELP lvs_server_check_failures_total Health checks of the real server that failed.\n"
	"# TYPE lvs_server_check_failures_total counter\n"
	"lvs_server_check_failures_total{virtual=\"web\",server=\"web1\"} 2\n"
	"lvs_server_check_failures_total{virtual=\"web\",server=\"web2\"} 3\n"
	"# HELP lvs_server_check_duration_seconds Time the health checks of a real server took.\n"
	"# TYPE lvs_server_check_duration_seconds summary\n"
	"lvs_server_check_duration_seconds_sum{virtual=\"web\",server=\"web1\"} 0.02\n"
	"lvs_server_check_duration_seconds_count{virtual=\"web\",server=\"web1\"} 40\n"
	"lvs_server_check_duration_seconds_sum{virtual=\"web\",server=\"web2\"} 6\n"
	"lvs_server_check_duration_seconds_count{virtual=\"web\",server=\"web2\"} 3\n"
	"# HELP lvs_server_check_last_duration_seconds Time the last health check of the real server took.\n"
	"# TYPE lvs_server_check_last_duration_seconds gauge\n"
	"lvs_server_check_last_duration_seconds{virtual=\"web\",server=\"web1\"} 0.000412\n"
	"lvs_server_check_last_duration_seconds{virtual=\"web\",server=\"web2\"} 2\n"
	"# HELP lvs_service_connections_total Connections the kernel scheduled for the service.\n"
	"# TYPE lvs_service_connections_total counter\n"
	"lvs_service_connections_total{virtual=\"web\",service=\"TCP 192.0.2.100:80\"} 12\n"
	"lvs_service_connections_total{virtual=\"https\",service=\"FWM 7 IPv6\"} 0\n"
	"# HELP lvs_service_packets_total Packets of the service, in (from clients) and out (to clients).\n"
	"# TYPE lvs_service_packets_total counter\n"
	"lvs_service_packets_total{virtual=\"web\",service=\"TCP 192.0.2.100:80\",direction=\"in\"} 120\n"
	"lvs_service_packets_total{virtual=\"web\",service=\"TCP 192.0.2.100:80\",direction=\"out\"} 100\n"
	"lvs_service_packets_total{virtual=\"https\",service=\"FWM 7 IPv6\",direction=\"in\"} 0\n"
	"lvs_service_packets_total{virtual=\"https\",service=\"FWM 7 IPv6\",direction=\"out\"} 0\n"
	"# HELP lvs_service_bytes_total Bytes of the service, in (from clients) and out (to clients).\n"
	"# TYPE lvs_service_bytes_total counter\n"
	"lvs_service_bytes_total{virtual=\"web\",service=\"TCP 192.0.2.100:80\",direction=\"in\"} 12000\n"
	"lvs_service_bytes_total{virtual=\"web\",service=\"TCP 192.0.2.100:80\",direction=\"out\"} 150000\n"
	"lvs_service_bytes_total{virtual=\"https\",service=\"FWM 7 IPv6\",direction=\"in\"} 0\n"
	"lvs_service_bytes_total{virtual=\"https\",service=\"FWM 7 IPv6\",direction=\"out\"} 0\n"
	"# HELP lvs_server_connections_total Connections the kernel sent to the real server.\n"
	"# TYPE lvs_server_connections_total counter\n"
	"lvs_server_connections_total{virtual=\"web\",server=\"web1\"} 7\n"
	"# HELP lvs_server_active_connections The real server's active connections (ESTABLISHED, for TCP).\n"
	"# TYPE lvs_server_active_connections gauge\n"
	"lvs_server_active_connections{virtual=\"web\",server=\"web1\"} 1\n"
	"# HELP lvs_server_inactive_connections The real server's other connections.\n"
	"# TYPE lvs_server_inactive_connections gauge\n"
	"lvs_server_inactive_connections{virtual=\"web\",server=\"web1\"} 2\n"
	"# HELP lvs_server_packets_total Packets through the real server, in and out.\n"
	"# TYPE lvs_server_packets_total counter\n"
	"lvs_server_packets_total{virtual=\"web\",server=\"web1\",direction=\"in\"} 70\n"
	"lvs_server_packets_total{virtual=\"web\",server=\"web1\",direction=\"out\"} 60\n"
	"# HELP lvs_server_bytes_total Bytes through the real server, in and out.\n"
	"# TYPE lvs_server_bytes_total counter\n"
	"lvs_server_bytes_total{virtual=\"web\",server=\"web1\",direction=\"in\"} 7000\n"
	"lvs_server_bytes_total{virtual=\"web\",server=\"web1\",direction=\"out\"} 90000\n";

static const char *const want_text =
	"lvsd 9.9, config /etc/lvs.cf, 3 virtual services\n"
	"role: active\n"
	"last reload: failed at 2025-12-02T18:25:40Z: /etc/lvs.cf has 1 error (3 ok, 1 failed, 0 partial)\n"
	"virtual web: TCP 192.0.2.100:80 wlc\n"
	"  kernel: 12 connections, packets 120 in 100 out, bytes 12000 in 150000 out\n"
	"  server web1: 198.51.100.11 port 80 up weight 5 since 2025-12-02T18:25:00Z\n"
	"    checks: 40, 2 failed, last passed in 0.4 ms, mean 0.5 ms\n"
	"    kernel: 7 connections (1 active, 2 inactive), packets 70 in 60 out, bytes 7000 in 90000 out\n"
	"  server web2: 198.51.100.12 port 8080 down weight 0 (not in table) since 2025-12-02T18:26:10Z"
	" (its nanny died (signal 9), restarting)\n"
	"    checks: 3, 3 failed, last failed in 2000.0 ms, mean 2000.0 ms\n"
	"  sorry server 198.51.100.99: standing by\n"
	"virtual https: FWM 7 IPv6 rr (one service of 2 blocks)\n"
	"  kernel: 0 connections, packets 0 in 0 out, bytes 0 in 0 out\n"
	"  server m\"1: 2001:db8::11 port 443 unknown weight 0 (not in table) since 2025-12-02T18:26:40Z\n"
	"virtual http: FWM 7 IPv6 rr (one service of 2 blocks)\n"
	"  kernel: 0 connections, packets 0 in 0 out, bytes 0 in 0 out\n"
	"  server m\"1: 2001:db8::11 port 80 unknown weight 0 (not in table) since 2025-12-02T18:26:40Z\n";

int main(void)
{
	struct lvsd_view v;
	struct strbuf b = { 0 };

	build(&v);
	view_render_json(&v, &b);
	is_str(sb_str(&b), want_json, "JSON: the whole document");
	sb_free(&b);

	view_render_metrics(&v, &b);
	is_lines(sb_str(&b), want_metrics, "metrics");
	sb_free(&b);

	view_render_text(&v, &b);
	is_lines(sb_str(&b), want_text, "text");
	sb_free(&b);

	/* No reload yet: no "last" object, no last-reload metrics. */
	v.last_reload = VIEW_RELOAD_NONE;
	v.reloads[VIEW_RELOAD_OK] = v.reloads[VIEW_RELOAD_FAILED] = 0;
	view_render_json(&v, &b);
	ok(strstr(sb_str(&b), "\"reloads\":{\"ok\":0,\"failed\":0,\"partial\":0,\"last\":null}") != NULL,
	   "JSON before any reload: last is null");
	sb_free(&b);
	view_render_metrics(&v, &b);
	ok(strstr(sb_str(&b), "lvs_lvsd_last_reload") == NULL, "metrics before any reload: no last-reload lines");
	sb_free(&b);
	view_render_text(&v, &b);
	ok(strstr(sb_str(&b), "last reload") == NULL, "text before any reload: no reload line");
	sb_free(&b);

	/* The kernel could not be read: null, and no kernel metrics. */
	virtuals[0].kernel.known = false;
	web_servers[0].kernel.known = false;
	view_render_json(&v, &b);
	ok(strstr(sb_str(&b), "\"servers_unknown\":0,\"kernel\":null,") != NULL, "JSON: unknown kernel counters are null");
	sb_free(&b);
	view_render_metrics(&v, &b);
	ok(strstr(sb_str(&b), "lvs_service_connections_total{virtual=\"web\"") == NULL &&
	   strstr(sb_str(&b), "# TYPE lvs_service_connections_total counter\n") != NULL,
	   "metrics: no sample for counters not read, the family is still declared");
	sb_free(&b);
	return tap_done();
}
