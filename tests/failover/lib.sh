# shellcheck shell=bash
# What the failover scenarios (*.vmt in this directory, tests/chaos and
# tests/demo) share, on top of tests/vm/lib.sh: bounded waits, the floating
# addresses of one router, its table and sync daemons, pulse's log, the VIP
# overlap sampler, the client load, power loss, and the hot pair in front of
# rs1 and rs2 (its lvs.cf, processes, table and outages).
# Expects VIP, GW, IPVSADM (pair_vars sets them) and PID (an associative
# array) from the scenario.

# pair_vars: the programs (PULSE, LVSD, NANNY, IPVSADM, FLOWS), the files
# (CFG, KEY) and the addresses (VIP, GW, RS1, RS2) of the scenarios, as
# this build and the lab name them.
pair_vars() {
	PULSE=$top_builddir/src/pulse/pulse
	LVSD=$top_builddir/src/lvsd/lvsd
	NANNY=$top_builddir/src/nanny/nanny
	IPVSADM=$top_builddir/src/ipvsadm/ipvsadm
	FLOWS=$top_builddir/tests/failover/flows
	CFG=$LAB_DIR/lvs.cf
	KEY=$LAB_DIR/hb.key
	VIP=$LAB_VIP4 GW=$LAB_GW4 RS1=$(lab_rs4 1) RS2=$(lab_rs4 2)
}

# wait_until SECS CMD...: retry CMD until it succeeds or SECS of wall-clock
# time have passed (an iteration count would stretch on a slow guest).
wait_until() {
	local end
	end=$(awk -v now="$EPOCHREALTIME" -v s="$1" 'BEGIN { printf "%.3f", now + s }')
	shift
	until "$@" >/dev/null 2>&1; do
		awk -v now="$EPOCHREALTIME" -v end="$end" 'BEGIN { exit !(now < end) }' || return 1
		sleep 0.1
	done
}
ms_since() { awk -v t0="$1" -v t1="${2:-$EPOCHREALTIME}" 'BEGIN { printf "%d", (t1 - t0) * 1000 }'; }

has_vip() { ip -n "$1" -4 addr show dev "$LAB_PUB_IF" | grep -q "inet $VIP/"; }
has_gw() { ip -n "$1" -4 addr show dev "$LAB_PRIV_IF" | grep -q "inet $GW/"; }
has_both() { has_vip "$1" && has_gw "$1"; }
has_none() { ! has_vip "$1" && ! has_gw "$1"; }
# drop_addrs ROUTER: remove the VIP and the nat_router address, whatever their prefix.
drop_addrs() {
	local a
	for a in $(ip -n "$1" -4 -o address show | awk -v v="$VIP" -v g="$GW" '{ split($4, p, "/"); if (p[1] == v || p[1] == g) print $4 "@" $2 }'); do
		ip -n "$1" address del "${a%@*}" dev "${a#*@}"
	done
}
table() { ip netns exec "$1" "$IPVSADM" -Ln 2>&1; }
# syncd_only ROUTER WANTED OTHER: the WANTED sync daemon runs (on priv0,
# syncid 7) and the OTHER does not.
syncd_only() {
	local d
	d=$(ip netns exec "$1" "$IPVSADM" -L --daemon 2>&1)
	[[ $d == *"$2 sync daemon (mcast=$LAB_PRIV_IF, syncid=7"* && $d != *"$3 sync daemon"* ]]
}
# syncd_both ROUTER: the master and the backup sync daemon both run.
syncd_both() {
	local d
	d=$(ip netns exec "$1" "$IPVSADM" -L --daemon 2>&1)
	[[ $d == *"master sync daemon (mcast=$LAB_PRIV_IF, syncid=7"* &&
		$d == *"backup sync daemon (mcast=$LAB_PRIV_IF, syncid=7"* ]]
}

log_of() { echo "$LAB_DIR/log/$1.pulse.log"; }
transitions() { grep -cE ' (backup|taking-over|active|releasing|failed|stopped) -> ' "$(log_of "$1")"; }
other() { [ "$1" = r1 ] && echo r2 || echo r1; }

# Overlap sampling: one bash loop per router inside its namespace reads
# /proc/net/fib_trie (no process per sample: the VIP's local route, so an
# address on a downed link does not count, it cannot answer) and logs each
# change of "holds the VIP" with its time; overlap_ms gives the longest time
# both held it.
sampler_start() { # ROUTER
	local fifo=$LAB_DIR/sample.fifo
	[ -p "$fifo" ] || mkfifo "$fifo"
	rm -f "$LAB_DIR/sample.stop"
	ip netns exec "$1" bash -c '
		exec {fd}<>"$3"
		prev=x
		while [ ! -e "$2" ]; do
			read -r -d "" s </proc/net/fib_trie
			[[ $s == *"$1
"* ]] && v=1 || v=0
			[ "$v" = "$prev" ] || { echo "$EPOCHREALTIME $v"; prev=$v; }
			read -t 0.005 -u "$fd" _
		done
		echo "$EPOCHREALTIME end"' - "$VIP" "$LAB_DIR/sample.stop" "$fifo" >"$LAB_DIR/sample.$1" &
	SAMPLERS="${SAMPLERS:-} $!"
}
sampler_stop() {
	touch "$LAB_DIR/sample.stop"
	# shellcheck disable=SC2086
	wait $SAMPLERS
	SAMPLERS=
}
overlap_ms() { # [FROM]: only time after FROM counts
	{ sed 's/^/a /' "$LAB_DIR/sample.r1"; sed 's/^/b /' "$LAB_DIR/sample.r2"; } | sort -k2,2n | awk -v from="${1:-0}" '
		function both() { return st["a"] == 1 && st["b"] == 1 }
		{
			if ($2 < from) $2 = from
			was = both()
			if ($3 == "end") { if (was) { d = $2 - t; if (d > m) m = d }; st["a"] = st["b"] = 0; next }
			st[$1] = $3
			if (!was && both()) t = $2
			if (was && !both()) { d = $2 - t; if (d > m) m = d }
		}
		END { printf "%d", m * 1000 }'
}

# counters ROUTER: SIGUSR1, then the report's "NAME: COUNT" lines.
counters() {
	local log n
	log=$(log_of "$1")
	n=$(grep -c 'state .* lvsd pid' "$log")
	kill -USR1 "${PID[$1]}"
	wait_until 15 eval '[ "$(grep -c "state .* lvsd pid" "$log")" -gt "$n" ]'
	grep -E 'heartbeats [a-zA-Z ]+: [0-9]+$' "$log" | tail -n 10 | sed 's/.*heartbeats //'
}
cnt() { sed -n "s/^$2: //p" <<<"$1" | tail -n 1; }

# synced ROUTER: connection entries to the echo service in ROUTER's kernel.
synced() { ip netns exec "$1" "$IPVSADM" -Lnc 2>/dev/null | grep -c "ESTABLISHED .* $VIP:${FLOWS_PORT:-7} "; }
synced_all() { [ "$(synced "$1")" -ge "$NFLOWS" ]; }
lvsd_count() { # ROUTER: lvsd processes in its namespace
	local p n=0 c
	for p in $(ip netns pids "$1"); do
		read -r c <"/proc/$p/comm" 2>/dev/null && [ "$c" = lvsd ] && n=$((n + 1))
	done
	echo "$n"
}

# ---- client load: tests/failover/flows in client1 ----
# FLOWS_PID runs "flows run" with NFLOWS long-lived flows to VIP:FLOWS_PORT
# and a probe every 10 ms; status lines on SIGUSR1, a mark on SIGUSR2.
# flows_start [OPTIONS...]: more options of "flows run" (a later -p wins).
flows_start() {
	ip netns exec client1 "$FLOWS" run "$VIP" "${FLOWS_PORT:-7}" -n "$NFLOWS" -i 20 -p 10 -t 1000 "$@" >"$LAB_DIR/flows.out" 2>&1 &
	FLOWS_PID=$!
	# Signals only once its handlers are in place: when it reports the flows.
	wait_until 30 eval '[ "$(grep -c "^flow .* \(up\|lost\)" "$LAB_DIR/flows.out")" -ge "$NFLOWS" ]'
}
STATUS=
flows_status() {
	local n
	n=$(grep -c '^status' "$LAB_DIR/flows.out")
	kill -USR1 "$FLOWS_PID"
	wait_until 10 eval '[ "$(grep -c "^status" "$LAB_DIR/flows.out")" -gt "$n" ]'
	STATUS=$(grep '^status' "$LAB_DIR/flows.out" | tail -n 1)
}
field() { sed -n "s/.* $1=\([0-9]*\).*/\1/p" <<<"$STATUS"; }
flows_mark() { kill -USR2 "$FLOWS_PID"; sleep 0.1; }
# flows_alive_fresh: every flow alive and echoed since the mark.
flows_alive_fresh() { flows_status && [ "$(field alive)" = "$NFLOWS" ] && [ "$(field fresh)" = "$NFLOWS" ]; }
# probes_since T0 [T1]: "ok refused reset timeout other" of the probes started in [T0, T1).
probes_since() {
	awk -v t0="$1" -v t1="${2:-9999999999}" '$1 == "probe" && $2 >= t0 && $2 < t1 {
			if ($4 == "ok" || $4 == "refused" || $4 == "reset" || $4 == "timeout") n[$4]++; else n["other"]++ }
		END { printf "%d %d %d %d %d", n["ok"], n["refused"], n["reset"], n["timeout"], n["other"] }' "$LAB_DIR/flows.out"
}
# first_ok_ms T0: from T0 to the end of the first good probe started after it.
first_ok_ms() {
	awk -v t0="$1" '$1 == "probe" && $2 >= t0 && $4 == "ok" { printf "%d", ($3 - t0) * 1000; exit }' "$LAB_DIR/flows.out"
}

# ---- power ----
# power_off ROUTER: its links go down on the switch's side, so it sends and
# answers nothing, and everything running in it dies with the machine
# (lab_router_reboot brings it back).
power_off() {
	ip -n "$LAB_SW" link set "$1-pub" down
	ip -n "$LAB_SW" link set "$1-priv" down
	local p
	for p in $(ip netns pids "$1"); do kill -9 "$p" 2>/dev/null; done
	[ -n "${PID[$1]:-}" ] && wait "${PID[$1]}" 2>/dev/null
	PID[$1]=
}

# ---- the hot pair in front of rs1 and rs2 (chaos.vmt, tests/demo/demo.sh) ----
# pair_cf WEB_SCHEDULER RS1_WEB_WEIGHT RS2_WEB_WEIGHT WEB_CHECK_TIMEOUT [SERIAL]:
# an lvs.cf on stdout for r1 (primary) and r2 (backup) in hot standby with
# the kernel sync daemon, an echo service on port 7 (rr, both servers at
# weight 1) and a web one on port 80, each checked by nanny every 0.5 s.
# WEB_SCHEDULER "none": no web service (bench/failover/scenario.sh).
# Uses KA, DT, KEY, NANNY, RS1, RS2 (and VIP, GW) of the scenario, and when
# set: PAIR_SYNCD (the syncdaemon value, default 1), PAIR_CHECK_INTERVAL
# (default 0.5), PAIR_SCHED (the echo service's scheduler, default rr) and
# PAIR_SLOPPY (the sloppy_tcp value, default kernel).
pair_cf() {
	cat <<EOF
serial_no = ${5:-1}
primary = $LAB_R1_PUB4
primary_private = $LAB_R1_PRIV4
backup = $LAB_R2_PUB4
backup_private = $LAB_R2_PRIV4
backup_active = 1
standby = hot
heartbeat = 1
heartbeat_port = 539
keepalive = $KA
deadtime = $DT
heartbeat_key_file = $KEY
network = nat
nat_router = $GW $LAB_PRIV_IF:1
syncdaemon = ${PAIR_SYNCD:-1}
syncd_iface = $LAB_PRIV_IF
syncd_id = 7
sloppy_tcp = ${PAIR_SLOPPY:-kernel}
virtual echo {
  active = 1
  address = $VIP $LAB_PUB_IF:1
  port = 7
  protocol = tcp
  scheduler = ${PAIR_SCHED:-rr}
  send = "x"
  expect = "x"
  timeout = 1
  check_interval = ${PAIR_CHECK_INTERVAL:-0.5}
  reentry = 0
  client_monitor = $NANNY
  server rs1 {
    address = $RS1
    active = 1
    weight = 1
  }
  server rs2 {
    address = $RS2
    active = 1
    weight = 1
  }
}
EOF
	[ "$1" = none ] || cat <<EOF
virtual web {
  active = 1
  address = $VIP $LAB_PUB_IF:1
  port = 80
  protocol = tcp
  scheduler = $1
  send = "GET / HTTP/1.0\\r\\n\\r\\n"
  expect = "HTTP"
  timeout = $4
  check_interval = 0.5
  reentry = 0
  client_monitor = $NANNY
  server rs1 {
    address = $RS1
    active = 1
    weight = $2
  }
  server rs2 {
    address = $RS2
    active = 1
    weight = $3
  }
}
EOF
}
# pair_start ROUTER: its pulse, which runs lvsd (LVSD) on lvs.cf (CFG) with
# a status socket and pid file of its own ($LAB_DIR/lvsd-ROUTER.*).
pair_start() {
	lab_bg "$1" "$PULSE" -n -c "$CFG" --lvsd="$LVSD" \
		--lvsd-socket="$LAB_DIR/lvsd-$1.sock" --lvsd-pidfile="$LAB_DIR/lvsd-$1.pid"
	PID[$1]=$LAB_PID
}
# procs ROUTER COMM: the pids of COMM in ROUTER's namespace. Pure bash (a
# test -ef on the namespace files, no process per pid): on the emulated
# guest every process started costs a good part of a second.
procs() {
	local p c
	for p in /proc/[0-9]*; do
		[ "$p/ns/net" -ef "/run/netns/$1" ] 2>/dev/null || continue
		read -r c <"$p/comm" 2>/dev/null && [ "$c" = "$2" ] && echo "${p#/proc/}"
	done
}
count() { # ROUTER COMM: how many
	local p c n=0
	for p in /proc/[0-9]*; do
		[ "$p/ns/net" -ef "/run/netns/$1" ] 2>/dev/null || continue
		read -r c <"$p/comm" 2>/dev/null && [ "$c" = "$2" ] && n=$((n + 1))
	done
	echo "$n"
}
# established ROUTER: ESTABLISHED entries to the echo service in its kernel,
# straight from /proc (thousands of TIME_WAIT entries from the requests make
# a listing slow).
established() {
	local vip_hex
	# shellcheck disable=SC2086
	printf -v vip_hex '%02X%02X%02X%02X' ${VIP//./ }
	ip netns exec "$1" awk -v v="$vip_hex" '$1 == "TCP" && $4 == v && $5 == "0007" && $8 == "ESTABLISHED" { n++ } END { print n + 0 }' /proc/net/ip_vs_conn
}
lvsd_role() { ip netns exec "$1" "$LVSD" --status --socket "$LAB_DIR/lvsd-$1.sock" 2>/dev/null | sed -n 's/^role: //p'; }

# The table as "PROTO VIP:PORT SCHED" and "... -> RS:PORT FWD WEIGHT" lines,
# sorted (the kernel lists in hash order).
table_lines() {
	ip netns exec "$1" "$IPVSADM" -Ln 2>/dev/null | awk '
		NR <= 3 { next }
		$1 != "->" { s = $1 " " $2 " " $3; print s; next }
		{ print s " -> " $2 " " $3 " " $4 }' | sort
}
web_pid() { # SERVER: its busybox httpd
	local p
	for p in $(procs "$1" busybox); do
		tr '\0' ' ' <"/proc/$p/cmdline" | grep -q httpd && echo "$p"
	done | head -n 1
}
router_lacks_web() { ! table_lines "$1" | grep -q -- "-> $2:80 "; }
# quick_orphans ROUTER: a "power loss" kills the router's processes after
# its links went down, so their TCP sockets are orphaned with nowhere to
# send their FIN; at the default 8 retries they keep the old namespace (and
# the veths) alive for up to two minutes. One retry ends them in seconds.
quick_orphans() { ip netns exec "$1" sh -c 'echo 1 >/proc/sys/net/ipv4/tcp_orphan_retries'; }

# outages: for each fault window (its start time, kind and target in
# $LAB_DIR/faults, "N TIME KIND TARGET" lines), the longest run of failed
# probes that began in it, in ms from the first failed probe's start to the
# next good one's start, and the failed probes: "N MS FAILED" lines.
outages() {
	sort -k2,2n "$LAB_DIR/flows.out" | awk -v faults="$LAB_DIR/faults" '
		BEGIN { while ((getline l < faults) > 0) { n++; split(l, f, " "); t[n] = f[2] } }
		$1 != "probe" { next }
		{
			while (w < n && $2 >= t[w + 1]) w++
			if ($4 != "ok") { if (!bad) { bad = 1; from = $2; fw = w } ; failed[w]++; next }
			if (bad) { d = ($2 - from) * 1000; if (d > worst[fw]) worst[fw] = d; bad = 0 }
		}
		END { for (i = 1; i <= n; i++) printf "%d %d %d\n", i, worst[i], failed[i] }'
}
