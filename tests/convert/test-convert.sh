#!/bin/sh
# lvs-config-convert on the keepalived.conf files of tests/convert/conf: the
# values that reach lvs.cf, lvs-config-check's verdict on the output, and the
# exact diagnostics (FILE:LINE) and exit codes.
tool="$top_builddir/src/tools/lvs-config-convert"
checker="$top_builddir/src/tools/lvs-config-check"
conf="$top_srcdir/tests/convert/conf"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

. "$top_srcdir/tests/tap.sh"

# convert NAME [OPTION...]: NAME.conf into $tmp/NAME.cf, run from conf/ so
# that messages name the file as the tests expect; stderr in $tmp/NAME.err
# without the output's heartbeat warning, the exit code in rc.
convert() {
	name=$1; shift
	(cd "$conf" && "$tool" "$@" -o "$tmp/$name.cf" "$name.conf") 2>"$tmp/$name.all"; rc=$?
	grep -v ': warning: heartbeats are not authenticated' "$tmp/$name.all" >"$tmp/$name.err"
}
has() { # NAME, then a whole line the lvs.cf must hold
	grep -qxF -- "$2" "$tmp/$1.cf"
}
virtual_has() { # NAME VIRTUAL LINE: LINE inside "virtual VIRTUAL {"
	sed -n "/^virtual $2 {/,/^}/p" "$tmp/$1.cf" | grep -qxF -- "$3"
}
server_has() { # NAME SERVER LINE: LINE inside "server SERVER {"
	sed -n "/^	server $2 {/,/^	}/p" "$tmp/$1.cf" | grep -qxF -- "$3"
}
passes_check() {
	"$checker" -q "$tmp/$1.cf" >/dev/null 2>&1
}
diags_are() { # NAME: stderr equals the text on standard input
	cat >"$tmp/want"
	diff -u "$tmp/want" "$tmp/$1.err" >&2
}

# ---- NAT web farm with HTTP_GET, a VRRP pair, the sync daemon ----
convert nat-http
check "nat-http: exit 0" test $rc -eq 0
check "nat-http: lvs-config-check accepts it" passes_check nat-http
check "nat-http: this router (MASTER) is the primary" has nat-http "primary = 192.0.2.2"
check "nat-http: the unicast peer is the backup" has nat-http "backup = 192.0.2.3"
check "nat-http: the pair runs" has nat-http "backup_active = 1"
check "nat-http: keepalive = advert_int" has nat-http "keepalive = 2"
check "nat-http: deadtime = 3 x advert_int" has nat-http "deadtime = 6"
check "nat-http: lvs_sync_daemon" has nat-http "syncdaemon = 1"
check "nat-http: sync daemon interface" has nat-http "syncd_iface = eth1"
check "nat-http: sync daemon id" has nat-http "syncd_id = 7"
check "nat-http: notify_master is active_cmd" has nat-http 'active_cmd = "/usr/local/bin/lvs-notify master"'
check "nat-http: notify_backup is inactive_cmd" has nat-http 'inactive_cmd = "/usr/local/bin/lvs-notify backup"'
check "nat-http: the unused VRRP address is the NAT router" has nat-http "nat_router = 198.51.100.254 eth1"
check "nat-http: its netmask" has nat-http "nat_nmask = 255.255.255.0"
v=tcp-192.0.2.80-80
check "nat-http: VIP on its device and label" virtual_has nat-http $v "	address = 192.0.2.80 eth0:1"
check "nat-http: VIP netmask" virtual_has nat-http $v "	vip_nmask = 255.255.255.0"
check "nat-http: lb_algo wrr" virtual_has nat-http $v "	scheduler = wrr"
check "nat-http: persistence_timeout" virtual_has nat-http $v "	persistent = 300"
check "nat-http: persistence_granularity" virtual_has nat-http $v "	pmask = 255.255.255.0"
check "nat-http: sorry_server with its port" virtual_has nat-http $v "	sorry_server = 198.51.100.250:8080"
check "nat-http: HTTP_GET is a GET of the path with the virtualhost" virtual_has nat-http $v \
	'	send = "GET /health HTTP/1.0\r\nHost: www.example.com\r\n\r\n"'
check "nat-http: status_code 200-204 301 as the expect" virtual_has nat-http $v \
	'	expect = "^HTTP/[0-9.]+ (20[0-4]|301)"'
check "nat-http: the expect is a regex" virtual_has nat-http $v "	use_regex = 1"
check "nat-http: connect_timeout" virtual_has nat-http $v "	timeout = 3"
check "nat-http: delay_loop" virtual_has nat-http $v "	check_interval = 6"
check "nat-http: retry 2 is fall 3" virtual_has nat-http $v "	fall = 3"
check "nat-http: inhibit_on_failure" virtual_has nat-http $v "	quiesce_server = 1"
check "nat-http: back at once, at full weight" virtual_has nat-http $v "	reentry = 0"
check "nat-http: weight 100" server_has nat-http rs-198.51.100.11 "		weight = 100"
check "nat-http: weight 50" server_has nat-http rs-198.51.100.12 "		weight = 50"
diags_are nat-http <<'EOF'
nat-http.conf:3: keyword 'router_id' (in global_defs) has no lvs.cf equivalent: dropped
nat-http.conf:4: keyword 'notification_email' (in global_defs) has no lvs.cf equivalent: dropped
nat-http.conf:13: keyword 'virtual_router_id' (in vrrp_instance VI_WEB) has no lvs.cf equivalent: dropped
nat-http.conf:20: keyword 'authentication' (in vrrp_instance VI_WEB) cannot be converted (lvs.cf signs the heartbeats with heartbeat_key_file, see lvs.cf(5)): dropped
nat-http.conf:26: address '198.51.100.254/24' (in virtual_ipaddress) converted approximately: no virtual_server has it, so it is taken as nat_router, the NAT gateway of the real servers
nat-http.conf:52: keyword 'delay_before_retry' (in HTTP_GET) cannot be converted (lvs.cf repeats a failed check after check_interval, as any other): dropped
lvs-config-convert: nat-http.conf: 5 keywords dropped, 1 converted approximately
EOF
check "nat-http: the exact diagnostics" test $? -eq 0
check "nat-http: the output's own warning (no heartbeat key) is passed on" \
	grep -q "^$tmp/nat-http.cf:[0-9]*:[0-9]*: warning: heartbeats are not authenticated" "$tmp/nat-http.all"
convert nat-http --strict
check "nat-http --strict: exit 2 (keywords were dropped)" test $rc -eq 2
check "nat-http --strict: the output is written all the same" passes_check nat-http
check "nat-http --strict: says why it exits 2" grep -q "(--strict: exit 2)" "$tmp/nat-http.err"

# ---- Direct routing, TCP_CHECK, the backup's file ----
convert dr-tcp
check "dr-tcp: exit 0" test $rc -eq 0
check "dr-tcp: lvs-config-check accepts it" passes_check dr-tcp
check "dr-tcp: BACKUP: the peer is the primary" has dr-tcp "primary = 10.0.0.2"
check "dr-tcp: BACKUP: this router is the backup" has dr-tcp "backup = 10.0.0.3"
check "dr-tcp: deadtime = 3 x advert_int 1" has dr-tcp "deadtime = 3"
check "dr-tcp: lb_kind DR is the global network" has dr-tcp "network = direct"
v=tcp-10.0.0.25-25
check "dr-tcp: the VIP on the instance's interface" virtual_has dr-tcp $v "	address = 10.0.0.25 eth0"
check "dr-tcp: lvs_sched lc" virtual_has dr-tcp $v "	scheduler = lc"
check "dr-tcp: TCP_CHECK: no send, no expect" test -z "$(sed -n "/^virtual $v/,/^}/p" "$tmp/dr-tcp.cf" | grep -E '^	(send|expect|send_program) =')"
check "dr-tcp: connect_timeout 2" virtual_has dr-tcp $v "	timeout = 2"
check "dr-tcp: retry 3 is fall 4" virtual_has dr-tcp $v "	fall = 4"
check "dr-tcp: weight 3" server_has dr-tcp rs-10.0.1.1 "		weight = 3"
diags_are dr-tcp <<'EOF'
dr-tcp.conf:5: keyword 'virtual_router_id' (in vrrp_instance VI_MAIL) has no lvs.cf equivalent: dropped
dr-tcp.conf:8: keyword 'nopreempt' (in vrrp_instance VI_MAIL) has no lvs.cf equivalent: dropped
dr-tcp.conf:23: keyword 'quorum' (in virtual_server 10.0.0.25 25) has no lvs.cf equivalent: dropped
dr-tcp.conf:24: keyword 'hysteresis' (in virtual_server 10.0.0.25 25) has no lvs.cf equivalent: dropped
lvs-config-convert: dr-tcp.conf: 4 keywords dropped, 0 converted approximately
EOF
check "dr-tcp: quorum and hysteresis reported as dropped, with their lines" test $? -eq 0

# ---- fwmark with MISC_CHECK ----
convert fwmark-misc
check "fwmark-misc: exit 0" test $rc -eq 0
check "fwmark-misc: lvs-config-check accepts it" passes_check fwmark-misc
v=fwmark-80
check "fwmark-misc: a fwmark service" virtual_has fwmark-misc $v "	fwmark = 80"
check "fwmark-misc: given the one VRRP address" virtual_has fwmark-misc $v "	address = 192.0.2.90 eth0:3"
check "fwmark-misc: persistence_timeout without a value is 360" virtual_has fwmark-misc $v "	persistent = 360"
check "fwmark-misc: lb_algo sh" virtual_has fwmark-misc $v "	scheduler = sh"
check "fwmark-misc: misc_path is send_program, the server's address as %h" \
	virtual_has fwmark-misc $v '	send_program = "/usr/local/bin/check-shop %h --tls"'
check "fwmark-misc: misc_timeout is the timeout" virtual_has fwmark-misc $v "	timeout = 5"
check "fwmark-misc: MISC_CHECK's retry 0 is fall 1" virtual_has fwmark-misc $v "	fall = 1"
check "fwmark-misc: advert_int 0.5" has fwmark-misc "keepalive = 0.5"
check "fwmark-misc: deadtime 1.5" has fwmark-misc "deadtime = 1.5"
check "fwmark-misc: a server of port 0 has no port" test -z "$(sed -n '/server rs-198.51.100.31 {/,/}/p' "$tmp/fwmark-misc.cf" | grep port)"
diags_are fwmark-misc <<'EOF'
fwmark-misc.conf:25: keyword 'misc_dynamic' (in MISC_CHECK) cannot be converted (lvs.cf adjusts weights from a load average (load_monitor), not from a check's exit status): dropped
lvs-config-convert: fwmark-misc.conf: 1 keyword dropped, 0 converted approximately
EOF
check "fwmark-misc: misc_dynamic dropped" test $? -eq 0

# ---- DNS over UDP and TCP on one address, no VRRP ----
convert udp-dns
check "udp-dns: exit 0" test $rc -eq 0
check "udp-dns: lvs-config-check accepts it" passes_check udp-dns
check "udp-dns: lvs_timeouts tcp" has udp-dns "tcp_timeout = 900"
check "udp-dns: lvs_timeouts tcpfin" has udp-dns "tcpfin_timeout = 120"
check "udp-dns: lvs_timeouts udp" has udp-dns "udp_timeout = 60"
check "udp-dns: no VRRP: one router" has udp-dns "backup_active = 0"
check "udp-dns: the UDP service" virtual_has udp-dns udp-192.0.2.53-53 "	protocol = udp"
check "udp-dns: DNS_CHECK through dig" virtual_has udp-dns udp-192.0.2.53-53 \
	'	send_program = "dig +short +time=2 +tries=1 -p %p @%h www.example.com A"'
check "udp-dns: any answer passes" virtual_has udp-dns udp-192.0.2.53-53 "	expect = *"
check "udp-dns: the TCP service of the same address" virtual_has udp-dns tcp-192.0.2.53-53 "	port = 53"
check "udp-dns: lb_algo rr" virtual_has udp-dns tcp-192.0.2.53-53 "	scheduler = rr"
diags_are udp-dns <<'EOF'
udp-dns.conf:6: keyword 'virtual_server' (at top level) converted approximately: its address is in no vrrp_instance's virtual_ipaddress: lvs.cf brings the address up on eth0, check the device
udp-dns.conf:13: keyword 'DNS_CHECK' (in real_server 10.1.0.1 53) converted approximately: checked with dig(1), which must be installed on the routers: a server passes when it gives an answer
udp-dns.conf:20: keyword 'DNS_CHECK' (in real_server 10.1.0.2 53) converted approximately: checked with dig(1), which must be installed on the routers: a server passes when it gives an answer
udp-dns.conf:28: keyword 'virtual_server' (at top level) converted approximately: its address is in no vrrp_instance's virtual_ipaddress: lvs.cf brings the address up on eth0, check the device
lvs-config-convert: udp-dns.conf: 0 keywords dropped, 4 converted approximately
EOF
check "udp-dns: the exact diagnostics" test $? -eq 0

# ---- IPv6, SSL_GET, a sorry server, port mapping ----
convert ipv6
check "ipv6: exit 0" test $rc -eq 0
check "ipv6: lvs-config-check accepts it" passes_check ipv6
check "ipv6: priority 255 without state: the primary" has ipv6 "primary = 2001:db8:0:1::2"
v=tcp-2001:db8:0:1::80-443
check "ipv6: the VIP, no label" virtual_has ipv6 $v "	address = 2001:db8:0:1::80 eth0"
check "ipv6: the prefix" virtual_has ipv6 $v "	vip_nmask = 64"
check "ipv6: sorry_server in brackets with its port" virtual_has ipv6 $v "	sorry_server = [2001:db8:0:2::250]:8443"
check "ipv6: lb_algo sed" virtual_has ipv6 $v "	scheduler = sed"
check "ipv6: SSL_GET is a TCP connect: no send" test -z "$(grep -E '^	(send|expect) =' "$tmp/ipv6.cf")"
check "ipv6: the real server's own port" server_has ipv6 rs-2001:db8:0:2::11-8443 "		port = 8443"
check "ipv6: SSL_GET is reported as approximate" \
	grep -qxF "ipv6.conf:23: keyword 'SSL_GET' (in real_server 2001:db8:0:2::11 8443) converted approximately: lvs.cf's checks speak no TLS: the server is checked by opening a TCP connection, its url requests are dropped" "$tmp/ipv6.err"

# ---- Everything with an equivalent: --strict passes ----
convert exact --strict
check "exact --strict: exit 0" test $rc -eq 0
check "exact: nothing reported" test ! -s "$tmp/exact.err"
check "exact: lvs-config-check accepts it" passes_check exact
check "exact: fractional timings" virtual_has exact tcp-192.0.2.10-8080 "	timeout = 1.5"
check "exact: deadtime 3 x 1.5" has exact "deadtime = 4.5"

# ---- Keywords lvs.cf has no place for ----
convert unknown
check "unknown: exit 0" test $rc -eq 0
check "unknown: lvs-config-check accepts it" passes_check unknown
check "unknown: an unknown scheduler leaves wlc" virtual_has unknown tcp-203.0.113.10-80 "	scheduler = wlc"
check "unknown: SMTP_CHECK expects the greeting" virtual_has unknown tcp-203.0.113.10-80 "	expect = 220"
check "unknown: the IPv6 server of an IPv4 service is left out" test -z "$(grep 2001:db8::5 "$tmp/unknown.cf")"
diags_are unknown <<'EOF'
unknown.conf:3: keyword 'router_id' (in global_defs) has no lvs.cf equivalent: dropped
unknown.conf:4: keyword 'enable_script_security' (in global_defs) has no lvs.cf equivalent: dropped
unknown.conf:5: option 'maxlen' of 'lvs_sync_daemon' (in global_defs) has no lvs.cf equivalent: dropped
unknown.conf:5: option 'ttl' of 'lvs_sync_daemon' (in global_defs) has no lvs.cf equivalent: dropped
unknown.conf:8: keyword 'vrrp_script' (at top level) has no lvs.cf equivalent: dropped
unknown.conf:13: keyword 'vrrp_instance' (at top level) converted approximately: without unicast_src_ip and one unicast_peer of the same family the routers' addresses are unknown: set primary, backup and backup_active = 1 in the output (it runs one router alone)
unknown.conf:18: keyword 'track_script' (in vrrp_instance VI_1) has no lvs.cf equivalent: dropped
unknown.conf:22: option 'scope' of '203.0.113.10/24' (in virtual_ipaddress) has no lvs.cf equivalent: dropped
unknown.conf:23: address '203.0.113.99' (in virtual_ipaddress) cannot be converted (no virtual_server uses it, and lvs.cf brings up only the addresses of its virtual services): dropped
unknown.conf:25: keyword 'garp_master_delay' (in vrrp_instance VI_1) has no lvs.cf equivalent: dropped
unknown.conf:28: keyword 'virtual_server_group' (at top level) cannot be converted (lvs.cf has no groups of virtual services: write a virtual_server for each address): dropped
unknown.conf:33: keyword 'lb_algo' (in virtual_server 203.0.113.10 80) cannot be converted (lvs.cf knows no scheduler 'twos': wlc is used): dropped
unknown.conf:34: keyword 'lb_kind' (in virtual_server 203.0.113.10 80) converted approximately: lvs.cf's tunnel is IP-in-IP: the tunnel options are dropped
unknown.conf:35: keyword 'ha_suspend' (in virtual_server 203.0.113.10 80) has no lvs.cf equivalent: dropped
unknown.conf:36: keyword 'alpha' (in virtual_server 203.0.113.10 80) has no lvs.cf equivalent: dropped
unknown.conf:37: keyword 'omega' (in virtual_server 203.0.113.10 80) has no lvs.cf equivalent: dropped
unknown.conf:38: keyword 'quorum_up' (in virtual_server 203.0.113.10 80) has no lvs.cf equivalent: dropped
unknown.conf:39: keyword 'real_server' (in virtual_server 203.0.113.10 80) converted approximately: it has no check lvs.cf can run, but lvs.cf checks every server of a virtual service: it gets the check of real_server 203.0.113.22 (line 46)
unknown.conf:41: keyword 'notify_up' (in real_server 203.0.113.21 80) has no lvs.cf equivalent: dropped
unknown.conf:42: keyword 'uthreshold' (in real_server 203.0.113.21 80) has no lvs.cf equivalent: dropped
unknown.conf:43: keyword 'PING_CHECK' (in real_server 203.0.113.21 80) cannot be converted (nanny checks a service's port or runs a program: write a MISC_CHECK for it): dropped
unknown.conf:48: keyword 'SMTP_CHECK' (in real_server 203.0.113.22 80) converted approximately: the server's 220 greeting is checked, no HELO is sent
unknown.conf:49: keyword 'helo_name' (in SMTP_CHECK) has no lvs.cf equivalent: dropped
unknown.conf:51: keyword 'TCP_CHECK' (in real_server 203.0.113.22 80) cannot be converted (lvs.cf runs one check per server: the first, at line 48, is used): dropped
unknown.conf:55: keyword 'real_server' (in virtual_server 203.0.113.10 80) cannot be converted (it is IPv6 but the virtual service is IPv4, and lvs.cf cannot mix them): dropped
lvs-config-convert: unknown.conf: 21 keywords dropped, 4 converted approximately
EOF
check "unknown: every unmapped keyword, with its file and line" test $? -eq 0
convert unknown --strict
check "unknown --strict: exit 2" test $rc -eq 2

# ---- include: relative globs, followed ----
convert include
check "include: exit 0" test $rc -eq 0
check "include: lvs-config-check accepts it" passes_check include
check "include: the first included file's service" grep -qx "virtual tcp-192.0.2.100-80 {" "$tmp/include.cf"
check "include: the second's" grep -qx "virtual tcp-192.0.2.101-80 {" "$tmp/include.cf"
check "include: a message names the included file" \
	grep -qxF "inc/b.conf:4: keyword 'frobnicate' (in real_server 10.0.0.2 80) has no lvs.cf equivalent: dropped" "$tmp/include.err"
convert include-none
check "include-none: exit 0" test $rc -eq 0
check "include-none: an include matching nothing is reported" \
	grep -qxF "include-none.conf:2: 'include other.conf' matches no file: nothing included" "$tmp/include-none.err"

# ---- Broken files: FILE:LINE:COL, exit 1, nothing written ----
for entry in \
	"unclosed:broken/unclosed.conf:1:1: error: block 'virtual_server' opened here is never closed (missing '}')" \
	"quote:broken/quote.conf:2:15: error: unterminated quoted string (a quote ends on its line)" \
	"extra-brace:broken/extra-brace.conf:4:1: error: unexpected '}' (no block is open)" \
	"lone-brace:broken/lone-brace.conf:1:1: error: unexpected '{' (a block follows a keyword)"; do
	name=${entry%%:*}
	want=${entry#*:}
	(cd "$conf" && "$tool" -o "$tmp/$name.cf" "broken/$name.conf") >"$tmp/out" 2>"$tmp/err"; rc=$?
	check "broken/$name: exit 1" test $rc -eq 1
	check "broken/$name: $want" grep -qxF -- "$want" "$tmp/err"
	check "broken/$name: says nothing was written" grep -qx "lvs-config-convert: 1 error, nothing written" "$tmp/err"
	check "broken/$name: no output file" test ! -e "$tmp/$name.cf"
	check "broken/$name: nothing on stdout" test ! -s "$tmp/out"
done
(cd "$conf" && "$tool" broken/values.conf) >"$tmp/out" 2>"$tmp/err"; rc=$?
check "broken/values: exit 1" test $rc -eq 1
cat >"$tmp/want" <<'EOF'
broken/values.conf:4:16: error: invalid value 'heavy' for 'weight' (expected an integer from 0 to 65535)
broken/values.conf:6:29: error: invalid value '-1' for 'connect_timeout' (expected seconds from 0.001 to 1000000, fractions allowed)
broken/values.conf:9:14: error: invalid value 'QUIC' for 'protocol' (expected TCP, UDP or SCTP)
lvs-config-convert: 3 errors, nothing written
EOF
check "broken/values: every bad value, at its column, and only the errors" diff -u "$tmp/want" "$tmp/err"
check "broken/values: nothing on stdout" test ! -s "$tmp/out"

# ---- The command line ----
"$tool" <"$conf/exact.conf" - >"$tmp/stdin.cf" 2>"$tmp/err"; rc=$?
check "stdin (-): exit 0" test $rc -eq 0
check "stdin: the lvs.cf on stdout" grep -qx "virtual tcp-192.0.2.10-8080 {" "$tmp/stdin.cf"
sed 1d "$tmp/exact.cf" >"$tmp/a"; sed 1d "$tmp/stdin.cf" >"$tmp/b"
check "stdin: the same lvs.cf as from the file, header aside" cmp -s "$tmp/a" "$tmp/b"
printf 'virtual_server 192.0.2.1 80 {\n\tweight x\n}\n' | "$tool" - >/dev/null 2>"$tmp/err"
check "stdin: messages name <stdin>" grep -q "^<stdin>:2:" "$tmp/err"
(cd "$conf" && "$tool" exact.conf >"$tmp/run1" 2>/dev/null && "$tool" exact.conf >"$tmp/run2" 2>/dev/null)
check "two runs give the same output" cmp -s "$tmp/run1" "$tmp/run2"
"$tool" >/dev/null 2>"$tmp/err"; rc=$?
check "no file: exit 1" test $rc -eq 1
check "no file: says what to give" grep -q "give one keepalived.conf" "$tmp/err"
"$tool" a.conf b.conf >/dev/null 2>&1; rc=$?
check "two files: exit 1" test $rc -eq 1
"$tool" "$tmp/does-not-exist.conf" >/dev/null 2>"$tmp/err"; rc=$?
check "missing file: exit 1" test $rc -eq 1
check "missing file: cannot open" grep -q "does-not-exist.conf: error: cannot open" "$tmp/err"
"$tool" -o "$tmp/no/such/dir/x.cf" "$conf/exact.conf" >/dev/null 2>"$tmp/err"; rc=$?
check "unwritable output: exit 1" test $rc -eq 1
check "unwritable output: says so" grep -q "x.cf: error: cannot write" "$tmp/err"
"$tool" -q "$conf/unknown.conf" >/dev/null 2>"$tmp/err"; rc=$?
check "-q: exit 0" test $rc -eq 0
check "-q: nothing on stderr" test ! -s "$tmp/err"
tap_done
