# shellcheck shell=bash
# The ECMP lab of tests/scaleout (scaleout.vmt, bench/scaleout/run.sh):
#
#   client --- [up] ==br-up== d1 d2 d3 ==br-rs== rs1 rs2 rs3 rs4
#                |                          |
#                +----------- br-rs --------+   (the servers' replies)
#
# "up" is the upstream router: BIRD with a BGP session (and BFD) to each
# director, ECMP over the three (merge paths, an L4 hash). Each director
# runs BIRD and lvsd (director_mode = ecmp, mh, direct routing) with its
# nannies; the VIP is on lo of the directors and of the servers. The
# bridges live in namespace "sw", so a director's power loss is its switch
# ports going down: the upstream router sees no carrier change, only BFD.
SO_VIP=192.0.2.100
SO_PORT=7
SO_DIRS="d1 d2 d3"
SO_RS="rs1 rs2 rs3 rs4"
SO_NS="sw up client $SO_DIRS $SO_RS"
declare -A SO_PID
so_dir_up() { echo "10.1.0.1${1#d}"; }     # d2 -> 10.1.0.12
so_dir_rs() { echo "10.2.0.1${1#d}"; }
so_rs_addr() { echo "10.2.0.2${1#rs}"; }  # rs3 -> 10.2.0.23

so_vars() {
	LVSD=$top_builddir/src/lvsd/lvsd
	NANNY=$top_builddir/src/nanny/nanny
	IPVSADM=$top_builddir/src/ipvsadm/ipvsadm
	FLOWS=$top_builddir/tests/failover/flows
	SO_DIR=${LAB_DIR:-/run/lab}/scaleout
	mkdir -p "$SO_DIR"
}

# so_topology: the namespaces, bridges and addresses (one ip -batch each).
so_topology() {
	local b=$SO_DIR/topo ns d r
	{
		for ns in $SO_NS; do echo "netns add $ns"; done
	} >"$b.ns"
	ip -batch "$b.ns" || return 1
	{
		echo "link add br-up type bridge"
		echo "link add br-rs type bridge"
		echo "link set br-up up"
		echo "link set br-rs up"
	} >"$b.sw"
	ip -n sw -batch "$b.sw" || return 1
	{
		echo "link add up-c type veth peer name c0 netns client"
		echo "link set up-c netns up"
		for d in up $SO_DIRS; do
			echo "link add $d-up type veth peer name up0 netns $d"
			echo "link set $d-up master br-up up"
		done
		for r in up $SO_DIRS $SO_RS; do
			echo "link add $r-rs type veth peer name rs0 netns $r"
			echo "link set $r-rs master br-rs up"
		done
	} >"$b.links"
	ip -n sw -batch "$b.links" || return 1
	ip -n sw link set br-up type bridge forward_delay 0 2>/dev/null
	ip -n sw link set br-rs type bridge forward_delay 0 2>/dev/null
	# The upstream router.
	{
		echo "link set lo up"
		echo "link set up-c name c0"
		echo "link set c0 up"
		echo "addr add 10.9.0.1/24 dev c0"
		echo "link set up0 up"
		echo "addr add 10.1.0.1/24 dev up0"
		echo "link set rs0 up"
		echo "addr add 10.2.0.1/24 dev rs0"
	} >"$b.up"
	ip -n up -batch "$b.up" || return 1
	ip netns exec up sh -c 'echo 1 >/proc/sys/net/ipv4/ip_forward
		echo 1 >/proc/sys/net/ipv4/fib_multipath_hash_policy
		for f in /proc/sys/net/ipv4/conf/*/rp_filter; do echo 0 >"$f"; done'
	printf '%s\n' "link set lo up" "link set c0 up" "addr add 10.9.0.2/24 dev c0" \
		"route add default via 10.9.0.1" >"$b.client"
	ip -n client -batch "$b.client" || return 1
	for d in $SO_DIRS; do
		printf '%s\n' "link set lo up" "addr add $SO_VIP/32 dev lo" "link set up0 up" \
			"addr add $(so_dir_up "$d")/24 dev up0" "link set rs0 up" \
			"addr add $(so_dir_rs "$d")/24 dev rs0" "route add default via 10.1.0.1" >"$b.$d"
		ip -n "$d" -batch "$b.$d" || return 1
		so_arp_quiet "$d"
	done
	for r in $SO_RS; do
		printf '%s\n' "link set lo up" "addr add $SO_VIP/32 dev lo" "link set rs0 up" \
			"addr add $(so_rs_addr "$r")/24 dev rs0" "route add default via 10.2.0.1" >"$b.$r"
		ip -n "$r" -batch "$b.$r" || return 1
		so_arp_quiet "$r"
	done
}

# The VIP on lo is never announced by ARP nor answered for.
so_arp_quiet() {
	ip netns exec "$1" sh -c 'for c in all rs0; do
		echo 1 >/proc/sys/net/ipv4/conf/$c/arp_ignore
		echo 2 >/proc/sys/net/ipv4/conf/$c/arp_announce; done
		for f in /proc/sys/net/ipv4/conf/*/rp_filter; do echo 0 >"$f"; done
		echo 1 >/proc/sys/net/ipv4/ip_forward'
}

# Short timers: BGP hold 3 s, BFD 200 ms x 5 (the guest is emulated).
_so_bgp_timers='hold time 3; keepalive time 1; connect retry time 1; connect delay time 1; error wait time 1, 2; bfd on;'
_so_bfd='protocol bfd { interface "up0" { interval 200 ms; multiplier 5; }; }'

so_bird_up_conf() {
	local d
	cat <<EOF
router id 10.1.0.1;
log "$SO_DIR/bird-up.log" all;
protocol device { }
protocol kernel {
	ipv4 { import none; export all; };
	merge paths on;
}
$_so_bfd
template bgp director {
	local 10.1.0.1 as 65000;
	$_so_bgp_timers
	ipv4 { import all; export none; };
}
EOF
	for d in $SO_DIRS; do
		echo "protocol bgp $d from director { neighbor $(so_dir_up "$d") as 65001; }"
	done
}

# A director's BIRD learns lvsd's routes from table 100 and exports them.
so_bird_dir_conf() {
	cat <<EOF
router id $(so_dir_up "$1");
log "$SO_DIR/bird-$1.log" all;
protocol device { }
protocol kernel lvs {
	kernel table 100;
	learn;
	ipv4 { import all; export none; };
}
$_so_bfd
protocol bgp up {
	local $(so_dir_up "$1") as 65001;
	neighbor 10.1.0.1 as 65000;
	$_so_bgp_timers
	ipv4 { import none; export where proto = "lvs"; next hop self; };
}
EOF
}

so_bird_start() { # NS
	local conf=$SO_DIR/bird-$1.conf
	if [ "$1" = up ]; then so_bird_up_conf; else so_bird_dir_conf "$1"; fi >"$conf"
	ip netns exec "$1" bird -c "$conf" -s "$SO_DIR/bird-$1.ctl" -P "$SO_DIR/bird-$1.pid" ||
		return 1
}
so_birdc() { local ns=$1; shift; ip netns exec "$ns" birdc -s "$SO_DIR/bird-$ns.ctl" "$@"; }

# The one lvs.cf of every director: the echo service on every server,
# mh with the source port, checked every 0.5 s.
so_lvs_cf() {
	local r
	cat <<EOF
serial_no = 1
director_mode = ecmp
sloppy_tcp = 1
network = direct
announce_table = 100
virtual echo {
	address = $SO_VIP lo
	port = $SO_PORT
	scheduler = mh
	mh_port = 1
	timeout = 1
	check_interval = 0.5
	reentry = 1
EOF
	for r in $SO_RS; do
		printf '\tserver %s {\n\t\taddress = %s\n\t}\n' "$r" "$(so_rs_addr "$r")"
	done
	echo "}"
}

so_lvsd_start() { # DIRECTOR
	ip netns exec "$1" "$LVSD" -n -c "$SO_DIR/lvs.cf" --nanny "$NANNY" \
		--socket "$SO_DIR/lvsd-$1.sock" --pidfile "$SO_DIR/lvsd-$1.pid" \
		>>"$SO_DIR/lvsd-$1.log" 2>&1 </dev/null &
	SO_PID[lvsd-$1]=$!
}

so_echo_start() { # SERVER
	ip netns exec "$1" "$FLOWS" echo "$SO_PORT" >>"$SO_DIR/echo-$1.log" 2>&1 </dev/null &
	SO_PID[echo-$1]=$!
}

# The upstream router's next hops for the VIP, one a line.
so_nexthops() {
	ip -n up -4 route show "$SO_VIP/32" 2>/dev/null | grep -o 'via [0-9.]*' | cut -d' ' -f2 | sort
}
so_nexthop_count() { so_nexthops | grep -c .; }
so_has_nexthop() { so_nexthops | grep -qx "$1"; }

# so_power_off DIRECTOR: its switch ports go down and everything in it dies.
so_power_off() {
	local p
	ip -n sw link set "$1-up" down
	ip -n sw link set "$1-rs" down
	for p in $(ip netns pids "$1"); do kill -9 "$p" 2>/dev/null; done
	wait "${SO_PID[lvsd-$1]}" 2>/dev/null
	# The routes lvsd's device carried went with it; so did the table
	# contents of this "machine" as far as the next boot is concerned.
	ip netns exec "$1" "$IPVSADM" -C 2>/dev/null
}
so_power_on() {
	ip -n sw link set "$1-up" up
	ip -n sw link set "$1-rs" up
}

# Connections of the echo service a director's table holds (ESTABLISHED).
so_conns_on() { ip netns exec "$1" "$IPVSADM" -Lnc 2>/dev/null | grep -c "ESTABLISHED.* $SO_VIP:$SO_PORT "; }
# New connections a director's service has scheduled, ever (its Conns; the
# kernel's estimator folds the counters in every 2 s, so wait that long).
so_sched_on() {
	ip netns exec "$1" "$IPVSADM" -Ln --stats 2>/dev/null |
		awk -v s="$SO_VIP:$SO_PORT" '$1 == "TCP" && $2 == s { print $3 }'
}
# Established connections a server holds on the echo port (/proc, builtins;
# the echo server's socket is IPv6 with mapped IPv4 addresses).
so_conns_at() {
	ip netns exec "$1" bash -c 'n=0; p=$(printf "%04X" '"$SO_PORT"')
		for f in /proc/net/tcp /proc/net/tcp6; do
			while read -r _ l _ st _; do [[ $st == 01 && $l == *:$p ]] && n=$((n + 1)); done <"$f"
		done
		echo $n'
}

# so_client_ports_at NS: the client ports of the established connections to
# the echo port in NS, one per line, sorted as text for comm (NAT keeps the client's port).
so_client_ports_at() {
	ip netns exec "$1" bash -c 'p=$(printf "%04X" '"$SO_PORT"')
		for f in /proc/net/tcp /proc/net/tcp6; do
			while read -r _ l r st _; do
				[[ $st == 01 && $l == *:$p ]] && echo $((16#${r##*:}))
			done <"$f"
		done' | sort
}

so_down() {
	local k ns
	for k in "${!SO_PID[@]}"; do kill "${SO_PID[$k]}" 2>/dev/null; done
	for ns in $SO_NS; do
		[ -f "$SO_DIR/bird-$ns.pid" ] && kill "$(cat "$SO_DIR/bird-$ns.pid")" 2>/dev/null
	done
	for ns in $SO_NS; do
		[ -e "/run/netns/$ns" ] && ip netns delete "$ns"
	done
	return 0
}
