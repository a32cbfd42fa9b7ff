#!/bin/bash
# Failover side by side, inside the lab VM (run by bench/failover/run.sh):
# this suite (pulse + lvsd, hot standby) and Debian's keepalived on the same
# topology, one after the other in one VM run. Topology: client1 -> VIP
# 192.0.2.100:7 -> IPVS NAT -> rs1, rs2 (an echo service), gateway
# 198.51.100.254 floating with the VIP; r1 starts active.
#
# Each run starts both routers from a fresh namespace, opens 20 long-lived
# flows (a record each way every 20 ms) and a probe connection every 10 ms,
# waits until the backup's kernel holds the 20 connections (when the sync
# daemon is on), applies the fault to the active router and records:
#   first_ok_ms  fault -> end of the first good probe started after it
#   kept         flows alive and echoing after the takeover, counted 2 x deadtime
#                + 4 s after the fault (of 20)
#   refused, reset, timeout: probes started after the fault that failed so
#   announced_ms fault -> the new active's first ARP frame at the client
# A soak (no fault, 60 s, the tightest timers) counts the false takeovers.
#
# Output: "CSV,<fields>" lines (see the header line) and TAP-like comments.
# Settings (environment): LVS_BENCH_RUNS (5), LVS_BENCH_SOAK (60 s),
# LVS_BENCH_BUDGETS, LVS_BENCH_NOSYNC_RUNS (3), LVS_BENCH_FAULTS ("power
# kill"), LVS_BENCH_SCHED (rr), LVS_BENCH_SLOPPY (0), LVS_BENCH_PROBE_MS (10),
# LVS_BENCH_CAPTURE (set: the client's packets of every probe that saw a
# reset, with the MACs that say which router sent what, as comments).
set -u
. "$top_srcdir/tests/vm/lib.sh"
. "$top_srcdir/tests/failover/lib.sh"

pair_vars
KEEPALIVED=${KEEPALIVED:-/usr/sbin/keepalived}
NFLOWS=20
RUNS=${LVS_BENCH_RUNS:-5}
SOAK=${LVS_BENCH_SOAK:-60}
# keepalive/deadtime of this suite and keepalived's advert_int (VRRP version).
BUDGETS=${LVS_BENCH_BUDGETS:-"1/3/1/2 0.05/0.15/0.05/3 0.01/0.03/0.01/3"}
FAULTS=${LVS_BENCH_FAULTS:-"power kill"}
# The echo virtual's scheduler, for both systems; with LVS_BENCH_SLOPPY=1 the
# routers' kernels also take up TCP connections they never saw (sloppy_tcp).
SCHED=${LVS_BENCH_SCHED:-rr}
SLOPPY=${LVS_BENCH_SLOPPY:-0}
# A probe every LVS_BENCH_PROBE_MS ms instead of 10 (more connections open
# at the moment of the switch).
PROBE_MS=${LVS_BENCH_PROBE_MS:-}
export PAIR_SCHED=$SCHED
declare -A PID
FLOWS_PID=
KILL_PIDS=

finish() {
	[ -n "$FLOWS_PID" ] && kill "$FLOWS_PID" 2>/dev/null
	lab_down
}
trap finish EXIT

csv() { local IFS=,; echo "CSV,$*"; }

# ---- this suite ----
# The hot pair of tests/failover/lib.sh with the echo service only,
# checked every second.
ours_config() { # KEEPALIVE DEADTIME SYNC
	KA=$1 DT=$2 PAIR_SYNCD=$3 PAIR_CHECK_INTERVAL=1 pair_cf none >"$CFG"
}
ours_ready() { # the active router and the standby are both serving
	has_both r1 && has_none r2 && table r1 | grep -q -- "-> $RS2:7" && table r2 | grep -q -- "-> $RS2:7"
}
# kill -9 of the daemon: KILL_PIDS is looked up before the fault's clock
# starts (ours_victims / kad_victims), so both systems die by one builtin
# kill at the moment the fault counts from.
ours_victims() { KILL_PIDS=${PID[r1]}; }
ours_takeovers() { grep -c ' -> active: ' "$(log_of r2)"; }
ours_splits() { grep -c 'split brain' "$(log_of r1)" "$(log_of r2)" | awk -F: '{ n += $2 } END { print n + 0 }'; }

# ---- keepalived ----
kad_config() { # ROUTER PRIORITY ADVERT VERSION SYNC
	local sync=
	[ "$5" = 1 ] && sync="lvs_sync_daemon $LAB_PRIV_IF VI_1 id 7"
	cat >"$LAB_DIR/keepalived-$1.conf" <<EOF
global_defs {
  router_id $1
  vrrp_version $4
  $sync
}
vrrp_instance VI_1 {
  state BACKUP
  interface $LAB_PUB_IF
  virtual_router_id 51
  priority $2
  advert_int $3
  virtual_ipaddress {
    $VIP/24 dev $LAB_PUB_IF
    $GW/24 dev $LAB_PRIV_IF
  }
}
virtual_server $VIP 7 {
  delay_loop 1
  lb_algo $SCHED
  lb_kind NAT
  protocol TCP
  real_server $RS1 7 {
    weight 1
    TCP_CHECK {
      connect_timeout 1
    }
  }
  real_server $RS2 7 {
    weight 1
    TCP_CHECK {
      connect_timeout 1
    }
  }
}
EOF
}
kad_start() { # ROUTER
	lab_bg "$1" "$KEEPALIVED" -n -l -D -f "$LAB_DIR/keepalived-$1.conf" \
		-p "$LAB_DIR/kad-$1.pid" -r "$LAB_DIR/kad-$1.vrrp.pid" -c "$LAB_DIR/kad-$1.check.pid"
	PID[$1]=$LAB_PID
}
kad_ready() { ours_ready; }
# Every keepalived process on the router at once (a crash of the parent
# alone would let its children clean up).
kad_victims() { KILL_PIDS=$(ip netns pids r1 | tr '\n' ' '); }
kad_takeovers() { grep -c 'Entering MASTER STATE' "$LAB_DIR/log/r2.keepalived.log"; }
# Not counted for keepalived (summarize.py says so); the field stays numeric.
kad_splits() { echo 0; }

# ---- one run ----
fresh_routers() { # SYSTEM
	local r
	[ -n "$FLOWS_PID" ] && { kill "$FLOWS_PID" 2>/dev/null; wait "$FLOWS_PID" 2>/dev/null; FLOWS_PID=; }
	for r in r1 r2; do
		lab_router_reboot "$r" || return 1
		rm -f "$LAB_DIR"/lvsd-$r.* "$LAB_DIR"/kad-$r.* "$LAB_DIR/log/$r".*.log
		PID[$r]=
		if [ "$SLOPPY" = 1 ] && [ "$1" = kad ]; then
			echo 1 | ip netns exec "$r" tee /proc/sys/net/ipv4/vs/sloppy_tcp >/dev/null || return 1
		fi
	done
}
# start_pair SYSTEM KA DT ADVERT VERSION SYNC: r1 first, then r2 once r1 is active.
start_pair() {
	local sys=$1
	if [ "$sys" = ours ]; then
		ours_config "$2" "$3" "$6"
		pair_start r1
		wait_until 30 has_both r1 || return 1
		pair_start r2
	else
		kad_config r1 150 "$4" "$5" "$6"
		kad_config r2 100 "$4" "$5" "$6"
		kad_start r1
		wait_until 30 has_both r1 || { echo "# keepalived on r1 never took the addresses"; tail -n 12 "$LAB_DIR/log/r1.keepalived.log" | sed 's/^/#   /'; return 1; }
		kad_start r2
	fi
	wait_until 60 "${sys}_ready" && return 0
	local r
	for r in r1 r2; do
		echo "# $sys did not get ready; $r: $(has_vip $r && echo VIP) $(has_gw $r && echo GW)"
		tail -n 8 "$LAB_DIR/log/$r".*.log 2>/dev/null | sed 's/^/#   /'
	done
	return 1
}

# one_run SYSTEM BUDGET FAULT RUN SYNC
one_run() {
	local sys=$1 budget=$2 fault=$3 run=$4 sync=$5 ka dt adv ver t0 first kept lost p
	IFS=/ read -r ka dt adv ver <<<"$budget"
	fresh_routers "$sys" || { csv "$sys" "$budget" "$fault" "$run" "$sync" setup-failed; return; }
	if ! start_pair "$sys" "$ka" "$dt" "$adv" "$ver" "$sync"; then
		csv "$sys" "$budget" "$fault" "$run" "$sync" start-failed
		return
	fi
	flows_start ${PROBE_MS:+-p "$PROBE_MS"}
	flows_mark
	wait_until 30 flows_alive_fresh
	[ "$sync" = 1 ] && wait_until 30 synced_all r2
	local insync
	insync=$(synced r2)
	# The new active's first announcement as the client sees it (an ARP
	# frame from r2's MAC): detection and takeover, apart from the rest.
	local arp_cap r2mac
	r2mac=$(ip netns exec r2 cat "/sys/class/net/$LAB_PUB_IF/address")
	ip netns exec client1 timeout 12 tcpdump -c 1 -l -n -tt -i "$LAB_HOST_IF" "ether src $r2mac and arp src host $VIP" >"$LAB_DIR/cap.arp" 2>/dev/null &
	arp_cap=$!
	sleep 1
	local cap=
	if [ -n "${LVS_BENCH_CAPTURE:-}" ]; then
		ip netns exec client1 timeout 12 tcpdump -l -n -e -tt -i "$LAB_HOST_IF" "tcp port 7" >"$LAB_DIR/cap.client" 2>/dev/null &
		cap=$!
		sleep 0.5
	fi
	if [ "$fault" = power ]; then
		# The fault counts from when both links are down (one ip process:
		# starting one takes tens of ms here); then everything in r1 dies.
		printf 'link set r1-pub down\nlink set r1-priv down\n' | ip -n "$LAB_SW" -batch -
		t0=$EPOCHREALTIME
		power_off r1
	else
		"${sys}_victims"
		t0=$EPOCHREALTIME
		# shellcheck disable=SC2086
		kill -9 $KILL_PIDS 2>/dev/null
	fi
	wait_until 30 has_both r2
	flows_mark
	# Time for the flows to show whether they live, from the fault: twice
	# the detection time (TCP's retransmissions back off meanwhile) + 4 s.
	sleep "$(awk -v t0="$t0" -v now="$EPOCHREALTIME" -v dt="$dt" 'BEGIN { d = 2 * dt + 4 - (now - t0); printf "%.2f", (d > 0 ? d : 0) }')"
	flows_status
	kept=$(field fresh)
	lost=$(field lost)
	first=$(first_ok_ms "$t0")
	p=$(probes_since "$t0")
	read -r _ refused reset timeout _ <<<"$p"
	local announced
	wait "$arp_cap" 2>/dev/null
	announced=$(awk -v t0="$t0" '$1 ~ /^[0-9]+\.[0-9]+$/ { printf "%d", ($1 - t0) * 1000; exit }' "$LAB_DIR/cap.arp")
	if [ "$sys" = ours ]; then
		# Where the time went on the new active, from its log (UTC stamps).
		grep -E ' -> active|announc|sync' "$(log_of r2)" | awk -v t0="$t0" '{ split($1, t, ":"); s = t[1] * 3600 + t[2] * 60 + t[3]; d = (s - (t0 % 86400)) * 1000; if (d > -50) printf "# r2 %+d ms: %s\n", d, $0 }' | head -n 6
	fi
	if [ -n "$cap" ]; then
		# The reset probes' packets as the client saw them, with the MACs
		# that tell which router (or server) sent what.
		wait "$cap" 2>/dev/null
		echo "# capture $sys $fault run $run: r1 $(ip netns exec r1 cat /sys/class/net/$LAB_PUB_IF/address), r2 $(ip netns exec r2 cat /sys/class/net/$LAB_PUB_IF/address), fault at $t0"
		local port
		for port in $(awk '/Flags \[R/ { for (i = 1; i <= NF; i++) if ($i == ">") { split($(i - 1), a, "."); split($(i + 1), b, "."); p = (a[5] == "7" ? b[5] : a[5]); sub(":", "", p); print p } }' "$LAB_DIR/cap.client" | sort -u | head -n 5); do
			grep -E "\.$port[ :]" "$LAB_DIR/cap.client" | head -n 14 | sed "s/^/# cap $port: /"
		done
	fi
	csv "$sys" "$budget" "$fault" "$run" "$sync" ok "${first:-none}" "$kept" "$lost" "$insync" "$refused" "$reset" "$timeout" "${announced:-none}"
}

# soak SYSTEM BUDGET: no fault; false takeovers and split brains in SOAK s.
soak() {
	local sys=$1 budget=$2 ka dt adv ver p
	IFS=/ read -r ka dt adv ver <<<"$budget"
	fresh_routers "$sys" || return
	start_pair "$sys" "$ka" "$dt" "$adv" "$ver" 1 || { csv soak "$sys" "$budget" start-failed; return; }
	flows_start
	local base t0
	base=$("${sys}_takeovers")
	t0=$EPOCHREALTIME
	if [ -n "${LVS_BENCH_CAPTURE:-}" ] && [ "$sys" = ours ]; then
		local r caps=
		for r in r1 r2; do
			ip netns exec "$r" timeout "$SOAK" tcpdump -l -n -tt -i "$LAB_PUB_IF" udp port 539 >"$LAB_DIR/cap.$r" 2>/dev/null &
			caps="$caps $!"
		done
	fi
	sleep "$SOAK"
	if [ -n "${LVS_BENCH_CAPTURE:-}" ] && [ "$sys" = ours ]; then
		# shellcheck disable=SC2086
		wait $caps
		for r in r1 r2; do
			# Gaps between r1's heartbeats, as seen leaving r1 and arriving at r2.
			awk -v who="$r" '$3 ~ /^192\.0\.2\.1\./ { if (last) { g = $1 - last; if (g > max) max = g; if (g > 0.03) n++ }; last = $1; c++ }
				END { printf "# capture on %s: %d heartbeats from r1, longest gap %.1f ms, %d gaps over 30 ms\n", who, c, max * 1000, n }' "$LAB_DIR/cap.$r"
		done
	fi
	flows_status
	p=$(probes_since "$t0")
	read -r ok refused reset timeout _ <<<"$p"
	if [ "$sys" = ours ]; then
		echo "# soak: first transitions of r1 and r2:"
		grep -hE ' -> |split brain|dropped|deadtime|sync' "$(log_of r1)" | head -n 25 | sed 's/^/# r1 /'
		grep -hE ' -> |split brain|dropped|deadtime|sync' "$(log_of r2)" | head -n 25 | sed 's/^/# r2 /'
		local r
		for r in r1 r2; do echo "# $r counters: $(counters "$r" | tr '\n' ' ')"; done
	fi
	csv soak "$sys" "$budget" ok "$SOAK" $(( $("${sys}_takeovers") - base )) "$("${sys}_splits")" \
		"$(field lost)" "$ok" "$refused" "$reset" "$timeout"
}

# ---- the lab ----
[ -x "$PULSE" ] && [ -x "$FLOWS" ] && [ -x "$KEEPALIVED" ] || tap_bail "need pulse, tests/failover/flows and keepalived"
lab_up --servers 2 --clients 1 || tap_bail "lab_up failed"
for s in rs1 rs2; do
	lab_bg "$s" "$FLOWS" echo 7
	lab_wait_listening "$s" 7 || tap_bail "echo server in $s"
done
printf 'lab heartbeat key 0123456789abcdef\n' >"$KEY"
chmod 600 "$KEY"
echo "CSV,system,budget,fault,run,sync,status,first_ok_ms,kept,lost,synced_before,refused,reset,timeout,announced_ms"
echo "CSV,soak,system,budget,status,seconds,false_takeovers,split_brains,lost,ok,refused,reset,timeout"
echo "# $(uname -r), $(nproc) vCPU, load $(cut -d' ' -f1-3 /proc/loadavg)"
for budget in $BUDGETS; do
	for fault in $FAULTS; do
		# The two systems alternate run by run, so a slow spell of the
		# host hits both.
		for ((run = 1; run <= RUNS; run++)); do
			for sys in ours kad; do one_run "$sys" "$budget" "$fault" "$run" 1; done
		done
	done
done
# Without the sync daemon: what the flows owe to it.
for ((run = 1; run <= ${LVS_BENCH_NOSYNC_RUNS:-3}; run++)); do
	for sys in ours kad; do one_run "$sys" "${BUDGETS%% *}" power "$run" 0; done
done
if [ "$SOAK" -gt 0 ]; then
	for sys in ours kad; do soak "$sys" "${BUDGETS##* }"; done
fi
echo "# done"
