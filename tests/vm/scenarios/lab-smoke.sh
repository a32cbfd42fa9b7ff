#!/bin/bash
# Lab smoke test, run inside the VM (tests/vm/run): real kernel IPVS, driven
# by the system's ipvsadm in router r1, balances a client's HTTP requests
# over two NAT real servers, over IPv4 and over IPv6.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$here/lib.sh"
trap lab_down EXIT

ipvsadm=/usr/sbin/ipvsadm

if [ -e /proc/net/ip_vs ]; then tap_pass "IPVS is in the kernel (/proc/net/ip_vs)"
else tap_fail "IPVS is in the kernel (/proc/net/ip_vs)"; fi
[ -x "$ipvsadm" ] || tap_bail "no $ipvsadm (install Debian's ipvsadm)"

tap_ok "lab_up: two routers, two clients, two real servers" lab_up --servers 2 || tap_bail "no lab"
tap_ok "floating NAT gateway addresses on r1" lab_gw_on r1
tap_ok "VIPs on r1" lab_vip_on r1
tap_ok "HTTP server on rs1" lab_http_server rs1 80 "payload from rs1"
tap_ok "HTTP server on rs2" lab_http_server rs2 80 "payload from rs2"

# One service per address family, round robin over both real servers, masquerading.
v4=$LAB_VIP4:80
v6=[$LAB_VIP6]:80
tap_ok "ipvsadm in r1: IPv4 and IPv6 services, two NAT real servers each" \
	lab_exec r1 sh -ec "
		$ipvsadm -A -t $v4 -s rr
		$ipvsadm -a -t $v4 -r $(lab_rs4 1):80 -m
		$ipvsadm -a -t $v4 -r $(lab_rs4 2):80 -m
		$ipvsadm -A -t $v6 -s rr
		$ipvsadm -a -t $v6 -r [$(lab_rs6 1)]:80 -m
		$ipvsadm -a -t $v6 -r [$(lab_rs6 2)]:80 -m"
table=$(lab_exec r1 $ipvsadm -Ln)
tap_diag "r1: ipvsadm -Ln" "$table"
tap_is "$(grep -c -- '-> .*Masq' <<<"$table")" 4 "r1's table has the four NAT real servers"
tap_is "$(lab_exec r2 $ipvsadm -Ln | grep -c '^TCP')" 0 "r2's table is empty (IPVS is per namespace)"

# rr alternates: 4 fetches give A B A B with A != B, one from each server.
check_rr() {
	local fam=$1 url=$2 got a b c d
	got=$(lab_fetch_n client1 "$url" 4)
	tap_diag "client1 fetched $url:" "$got"
	read -r -d '' a b c d <<<"$(tr ' ' '_' <<<"$got")"
	tap_like "$got" "payload from rs1" "$fam: a reply from rs1 through the VIP"
	tap_like "$got" "payload from rs2" "$fam: a reply from rs2 through the VIP"
	if [ "$a" != "$b" ] && [ "$a" = "$c" ] && [ "$b" = "$d" ] && [ "${a#<failed}" = "$a" ]; then
		tap_pass "$fam: rr alternates between the servers"
	else
		tap_fail "$fam: rr alternates between the servers"
	fi
}
check_rr IPv4 "$(lab_url "$LAB_VIP4")"
check_rr IPv6 "$(lab_url "$LAB_VIP6")"

# The kernel folds its per-CPU counters into these every 2 s: wait for them.
conns() {
	lab_exec r1 $ipvsadm -Ln --stats |
		awk '$1 == "->" && $2 ~ /:80$/ { n += $3 } END { print n + 0 }'
}
conns_are_8() { [ "$(conns)" = 8 ]; }
lab_wait_for 6 conns_are_8
tap_is "$(conns)" 8 "the real servers' connection counters add up to the 8 fetches"
tap_diag "r1: ipvsadm -Ln --stats" "$(lab_exec r1 $ipvsadm -Ln --stats)"
tap_done
