# shellcheck shell=bash
# Pieces of bench/suite.sh (sourced): the topology, the two systems' config
# files, and the readings taken from /proc and the table.
#
# Topology, all in the guest:
#   cli (10.50.0.2) -- lb (10.50.0.1 | 10.200.255.254) -- srv (10.200.V.S)
# lb is the router: IPVS with NAT, the VIPs 10.100.0.V (a local route, so
# IPVS sees their packets), and the health checkers. srv holds every real
# server address on one interface and runs hc-responder on port 80; its
# default route is lb. V = 1..NV virtuals, S = 1..NS servers each, plus one
# spare address per virtual (S = NS + 1) for the "server added" reload.

B=$top_builddir
LVSD=$B/src/lvsd/lvsd
PULSE=$B/src/pulse/pulse
NANNY=$B/src/nanny/nanny
OUR_IPVSADM=$B/src/ipvsadm/ipvsadm
DEB_IPVSADM=${DEB_IPVSADM:-/usr/sbin/ipvsadm}
RESPONDER=$B/bench/tools/hc-responder
WATCH=$B/bench/tools/ipvs-watch
FLOWS=$B/tests/failover/flows
KEEPALIVED=${KEEPALIVED:-/usr/sbin/keepalived}
HZ=$(getconf CLK_TCK)

# A reading: to stdout, and to $D/csv.SYSTEM.RUN for the run's own checks.
csv() { local IFS=,; echo "CSV,$*"; echo "CSV,$*" >>"$D/csv.$2.$4"; }
note() { echo "# bench: $*"; }
in_lb() { ip netns exec lb "$@"; }
vip() { echo "10.100.0.$1"; }
rip() { echo "10.200.$1.$2"; }

topology_up() { # NV NS
	local nv=$1 ns=$2 v s
	ip netns add lb && ip netns add srv && ip netns add cli || return 1
	ip link add lb-s netns lb type veth peer name srv-l netns srv
	ip link add lb-c netns lb type veth peer name cli-l netns cli
	for n in lb srv cli; do ip -n $n link set lo up; done
	ip -n lb link set lb-s up && ip -n lb link set lb-c up
	ip -n srv link set srv-l up && ip -n cli link set cli-l up
	ip -n lb addr add 10.200.255.254/16 dev lb-s
	ip -n lb addr add 10.50.0.1/24 dev lb-c
	ip -n lb route add local 10.100.0.0/16 dev lo
	ip -n cli addr add 10.50.0.2/24 dev cli-l
	ip -n cli route add 10.100.0.0/16 via 10.50.0.1
	in_lb sysctl -qw net.ipv4.ip_forward=1
	# 1,000 neighbours from lb's side: above the default gc_thresh3 (1024
	# entries, kept by the first namespace for all of them).
	sysctl -qw net.ipv4.neigh.default.gc_thresh1=4096 net.ipv4.neigh.default.gc_thresh2=8192 \
		net.ipv4.neigh.default.gc_thresh3=16384
	# Every server address in one ip(8) process: a spawn costs in the guest.
	: >"$D/addrs"
	for ((v = 1; v <= nv; v++)); do
		for ((s = 1; s <= ns + 1; s++)); do
			echo "$(rip "$v" "$s")" >>"$D/addrs"
		done
	done
	sed 's|.*|addr add &/16 dev srv-l|' "$D/addrs" | ip -n srv -batch - || return 1
	ip -n srv route add default via 10.200.255.254
	ip netns exec srv sysctl -qw net.core.somaxconn=4096 net.ipv4.tcp_max_syn_backlog=4096
	ip netns exec lb sysctl -qw net.ipv4.ip_local_port_range="10000 65000" net.ipv4.tcp_tw_reuse=1
}

responder_start() {
	rm -f "$D/count"
	ip netns exec srv "$RESPONDER" "$D/addrs" 80 "$D/count" >>"$D/responder.log" 2>&1 &
	RESP_PID=$!
	for _ in $(seq 200); do [ -s "$D/count" ] && return 0; sleep 0.05; done
	return 1
}
# Connections accepted so far (every one a health check, or a client).
accepted() {
	rm -f "$D/count"
	kill -USR1 "$RESP_PID"
	for _ in $(seq 200); do [ -s "$D/count" ] && { cat "$D/count"; return; }; sleep 0.01; done
	echo 0
}
servers_stop() { printf '%s\n' "$@" >"$D/count.stop"; kill -USR2 "$RESP_PID"; }
servers_start_all() { kill -HUP "$RESP_PID"; }

# ---- configuration of the two systems; OVERRIDES: weight V S W, extra V, drop V ----
# PULSE_CF=1: the heartbeat settings too, for pulse (a backup that never
# answers, so that pulse runs alone; hot standby, so lvsd builds the table).
W_V=0 W_S=0 W_W=1 EXTRA_V=0 DROP_V=0 PULSE_CF=0
lvs_cf() { # NV NS
	local nv=$1 ns=$2 v s last w
	printf 'serial_no = 1\nprimary = 10.200.255.254\nnetwork = nat\n'
	[ "$PULSE_CF" = 1 ] && printf 'backup = 10.50.0.3\nbackup_active = 1\nstandby = hot\nheartbeat = 1\nkeepalive = 1\ndeadtime = 3\nheartbeat_key_file = %s\n' "$D/hb.key"
	for ((v = 1; v <= nv; v++)); do
		[ "$v" = "$DROP_V" ] && continue
		printf 'virtual v%d {\n  address = %s lb-c\n  port = 80\n  protocol = tcp\n  scheduler = wlc\n' "$v" "$(vip "$v")"
		printf '  timeout = 1\n  check_interval = 1\n  reentry = 0\n  send = ""\n  client_monitor = %s\n' "$NANNY"
		last=$ns
		[ "$v" = "$EXTRA_V" ] && last=$((ns + 1))
		for ((s = 1; s <= last; s++)); do
			w=1
			[ "$v" = "$W_V" ] && [ "$s" = "$W_S" ] && w=$W_W
			printf '  server s%d {\n    address = %s\n    port = 80\n    weight = %d\n  }\n' "$s" "$(rip "$v" "$s")" "$w"
		done
		printf '}\n'
	done
}
keepalived_conf() { # NV NS
	local nv=$1 ns=$2 v s last w
	printf 'global_defs {\n  router_id bench\n}\n'
	for ((v = 1; v <= nv; v++)); do
		[ "$v" = "$DROP_V" ] && continue
		printf 'virtual_server %s 80 {\n  delay_loop 1\n  lb_algo wlc\n  lb_kind NAT\n  protocol TCP\n  alpha\n' "$(vip "$v")"
		last=$ns
		[ "$v" = "$EXTRA_V" ] && last=$((ns + 1))
		for ((s = 1; s <= last; s++)); do
			w=1
			[ "$v" = "$W_V" ] && [ "$s" = "$W_S" ] && w=$W_W
			printf '  real_server %s 80 {\n    weight %d\n    TCP_CHECK {\n      connect_timeout 1\n      retry 0\n    }\n  }\n' \
				"$(rip "$v" "$s")" "$w"
		done
		printf '}\n'
	done
}

# ---- readings ----
# CPU ticks (user + system) of the given processes.
cpu_ticks() {
	local t=0 p line f
	for p in "$@"; do
		read -r line <"/proc/$p/stat" 2>/dev/null || continue
		f=(${line##*) })
		t=$((t + f[11] + f[12]))
	done
	echo "$t"
}
# Context switches (voluntary + involuntary) of the given processes: in an
# emulated guest each one is dear, and a process per server pays some per check.
ctx_switches() {
	local p files=()
	for p in "$@"; do files+=("/proc/$p/status"); done
	cat "${files[@]}" 2>/dev/null | awk '/^(non)?voluntary_ctxt_switches:/ { s += $2 } END { print s + 0 }'
}
pss_kib() {
	local p files=()
	for p in "$@"; do files+=("/proc/$p/smaps_rollup"); done
	cat "${files[@]}" 2>/dev/null | awk '/^Pss:/ { s += $2 } END { print s + 0 }'
}
# The daemon and its children (nannies; keepalived's checker).
family() { echo "$1" $(pgrep -P "$1"); }
# nanny pid by the server address it checks ("-h ADDR").
nanny_map() {
	[ -n "$1" ] || return 0
	pgrep -a -P "$1" | sed -n 's/^\([0-9]*\) .* -h \([0-9.]*\) .*/\2 \1/p' | sort
}
# restarted BEFORE AFTER: servers checked in both whose checker pid changed.
restarted() { join "$1" "$2" | awk '$2 != $3' | wc -l; }
started() { join -v 2 "$1" "$2" | wc -l; }
now() { echo "$EPOCHREALTIME"; }
# timed_change MS_VAR 'CHANGE' CONDITION...: start the watch first and wait
# until it has polled once, then make the change (a command line, eval'd);
# MS_VAR gets the ms from the change to the condition, or NA. Starting the
# watch after the change would add its own start (100-300 ms in the lab)
# to every fast change.
timed_change() {
	local var=$1 change=$2 t0 seen rc wp
	shift 2
	rm -f "$D/watch.ready" "$D/watch.out"
	in_lb "$WATCH" -R "$D/watch.ready" -t 60 "$@" >"$D/watch.out" 2>>"$D/watch.err" &
	wp=$!
	for _ in $(seq 1000); do
		[ -e "$D/watch.ready" ] && break
		kill -0 "$wp" 2>/dev/null || break
		sleep 0.01
	done
	t0=$(now)
	eval "$change"
	wait "$wp"
	rc=$?
	seen=$(cat "$D/watch.out" 2>/dev/null)
	if [ "$rc" = 0 ] && [ -n "$seen" ]; then
		printf -v "$var" '%s' "$(ms_between "$t0" "$seen")"
	else
		printf -v "$var" '%s' NA
	fi
}
ms_between() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%d", (b - a) * 1000 }'; }
