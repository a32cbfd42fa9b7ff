#!/bin/bash
# The side-by-side bench, inside the lab VM (started by bench/run.sh): this
# suite and keepalived on the same real servers, then this suite's ipvsadm
# and Debian's on the same tables, in one VM run. Prints "CSV,..." lines:
#   measure,system,metric,run,value,unit
# and "# bench:" notes. Settings: LVS_BENCH_RUNS (3), LVS_BENCH_WINDOW (60 s),
# LVS_BENCH_NV (100) x LVS_BENCH_NS (10) servers, LVS_BENCH_TABLES
# ("10000x10 1000x100"), LVS_BENCH_TABLE_RUNS (2), LVS_BENCH_ONLY
# ("health pulse table": which parts; pulse is the reloads through pulse).
set -u
. "$top_srcdir/bench/suite-lib.sh"
RUNS=${LVS_BENCH_RUNS:-3}
WINDOW=${LVS_BENCH_WINDOW:-60}
NV=${LVS_BENCH_NV:-100} NS=${LVS_BENCH_NS:-10}
TABLES=${LVS_BENCH_TABLES:-"10000x10 1000x100"}
TABLE_RUNS=${LVS_BENCH_TABLE_RUNS:-2}
ONLY=${LVS_BENCH_ONLY:-"health pulse table"}
NSERV=$((NV * NS))
D=$(mktemp -d /tmp/bench.XXXXXX)
DAEMON= FLOWS_PID= RESP_PID=
ulimit -n 65536

finish() {
	[ -n "$DAEMON" ] && kill "$DAEMON" 2>/dev/null
	[ -n "$FLOWS_PID" ] && kill "$FLOWS_PID" 2>/dev/null
	[ -n "$RESP_PID" ] && kill "$RESP_PID" 2>/dev/null
	wait 2>/dev/null
}
trap finish EXIT

# ---- the two systems: start, reload, stop ----
write_config() { # SYSTEM
	case $1 in
	ours) lvs_cf "$NV" "$NS" >"$D/lvs.cf" ;;
	pulse) PULSE_CF=1 lvs_cf "$NV" "$NS" >"$D/lvs.cf" ;;
	*) keepalived_conf "$NV" "$NS" >"$D/keepalived.conf" ;;
	esac
}
start_system() { # SYSTEM: sets DAEMON
	if [ "$1" = ours ]; then
		# Not through a function: $! must be the daemon (ip execs it).
		ip netns exec lb "$LVSD" -n -c "$D/lvs.cf" --nanny "$NANNY" --socket "$D/lvsd.sock" >>"$D/ours.log" 2>&1 &
	elif [ "$1" = pulse ]; then
		# pulse in the foreground runs its lvsd, which logs to the same place.
		ip netns exec lb "$PULSE" -n -c "$D/lvs.cf" --lvsd="$LVSD" --lvsd-socket="$D/lvsd.sock" \
			--lvsd-pidfile="$D/lvsd.pid" >>"$D/pulse.log" 2>&1 &
	else
		ip netns exec lb "$KEEPALIVED" -C -n -l -f "$D/keepalived.conf" -p "$D/k.pid" -c "$D/kc.pid" \
			>>"$D/keepalived.log" 2>&1 &
	fi
	DAEMON=$!
}
stop_system() {
	kill "$DAEMON" 2>/dev/null
	for _ in $(seq 300); do kill -0 "$DAEMON" 2>/dev/null || break; sleep 0.05; done
	kill -9 "$DAEMON" 2>/dev/null
	wait "$DAEMON" 2>/dev/null
	DAEMON=
	# Children that outlived it (none expected) would skew the next system.
	pkill -9 -f "^$NANNY " 2>/dev/null
	pkill -9 -f "^$LVSD " 2>/dev/null
	in_lb "$OUR_IPVSADM" -C
}
checker_map() { # SYSTEM FILE: who checks what, to count restarts
	case $1 in
	ours) nanny_map "$DAEMON" >"$2" ;;
	pulse) nanny_map "$(pgrep -P "$DAEMON" -x lvsd | head -n 1)" >"$2" ;;
	*) pgrep -P "$DAEMON" | sed 's/^/checker /' | sort >"$2" ;;
	esac
}

# 4. start-up: until every server is in the table.
timed_start() { # SYSTEM RUN
	local t0 ms
	t0=$(now)
	start_system "$1"
	if ms=$(in_lb "$WATCH" -s "$t0" -t 180 live "$NSERV"); then
		csv startup "$1" all_servers_in_ms "$2" "$ms" ms
	else
		note "$1 run $2: not every server in the table after 180 s"
		csv startup "$1" all_servers_in_ms "$2" NA ms
	fi
}

health_run() { # SYSTEM RUN
	local sys=$1 run=$2 t0 ms c0 c1 k0 k1 x0 x1 t1 procs checks cpu pss s
	W_V=0 EXTRA_V=0 DROP_V=0
	if ! kill -0 "$RESP_PID" 2>/dev/null; then
		note "$sys run $run: the servers' responder had died ($(tail -n 3 "$D/responder.log" | tr '\n' ' ')); started again"
		responder_start || { echo "Bail out! responder did not start again"; exit 1; }
	fi
	write_config "$sys"
	timed_start "$sys" "$run"
	sleep 5
	# 1. health checks at scale: CPU, memory, checks done, over WINDOW.
	procs=$(family "$DAEMON")
	x0=$(ctx_switches $procs) k0=$(cpu_ticks $procs) c0=$(accepted) t0=$(now)
	sleep "$WINDOW"
	procs=$(family "$DAEMON")
	k1=$(cpu_ticks $procs) c1=$(accepted) t1=$(now) x1=$(ctx_switches $procs)
	pss=$(pss_kib $procs)
	checks=$(awk -v c="$((c1 - c0))" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", c / (b - a) }')
	cpu=$(awk -v k="$((k1 - k0))" -v hz="$HZ" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", 100 * k / hz / (b - a) }')
	csv health "$sys" cpu_percent "$run" "$cpu" "% of one CPU"
	csv health "$sys" checks_per_s "$run" "$checks" /s
	csv health "$sys" cpu_us_per_check "$run" \
		"$(awk -v k="$((k1 - k0))" -v hz="$HZ" -v c="$((c1 - c0))" 'BEGIN { printf "%.0f", c ? 1e6 * k / hz / c : 0 }')" us
	csv health "$sys" switches_per_check "$run" \
		"$(awk -v x="$((x1 - x0))" -v c="$((c1 - c0))" 'BEGIN { printf "%.2f", c ? x / c : 0 }')" count
	csv health "$sys" processes "$run" "$(wc -w <<<"$procs")" count
	csv memory "$sys" pss_total_kib "$run" "$pss" KiB
	# 1b. detection: 10 servers of v1 stop at once.
	STOP_LIST=()
	for ((s = 1; s <= 10 && s <= NS; s++)); do STOP_LIST+=("$(rip 1 "$s")"); done
	timed_change ms 'servers_stop "${STOP_LIST[@]}"' out "$(vip 1):80" "${STOP_LIST[@]}"
	csv detect "$sys" ten_servers_out_ms "$run" "$ms" ms
	timed_change ms servers_start_all live "$NSERV"
	csv detect "$sys" ten_servers_back_ms "$run" "$ms" ms
	reloads "$sys" "$run"
	stop_system
}

# 2. reloads, with a live connection through a virtual they leave alone.
# Not v1 (its servers were just stopped), v2, v3 or the last one.
reloads() { # SYSTEM RUN
	local sys=$1 run=$2 live_v
	live_v=$((NV >= 5 ? NV - 1 : 1))
	ip netns exec cli "$FLOWS" run "$(vip "$live_v")" 80 -n 1 -i 100 >"$D/flows.out" 2>&1 &
	FLOWS_PID=$!
	sleep 1
	reload_step "$sys" "$run" weight "W_V=2 W_S=1 W_W=5" weight "$(vip 2):80" "$(rip 2 1):80" 5
	reload_step "$sys" "$run" add_server "W_V=2 W_S=1 W_W=5 EXTRA_V=3" present "$(vip 3):80" "$(rip 3 $((NS + 1))):80"
	reload_step "$sys" "$run" remove_virtual "W_V=2 W_S=1 W_W=5 EXTRA_V=3 DROP_V=$NV" absent "$(vip "$NV"):80"
	sleep 1
	kill "$FLOWS_PID" 2>/dev/null
	wait "$FLOWS_PID" 2>/dev/null
	FLOWS_PID=
	if ! grep -q '^flow 0 up' "$D/flows.out"; then
		note "$sys run $run: the live connection never came up, so it proves nothing: $(tr '\n' ';' <"$D/flows.out" | tail -c 200)"
		csv reload "$sys" live_connection_survived "$run" NA bool
	elif ! grep -q '^flow .* lost' "$D/flows.out"; then
		csv reload "$sys" live_connection_survived "$run" 1 bool
	else
		note "$sys run $run: flows said: $(tr '\n' ';' <"$D/flows.out" | tail -c 300)"
		csv reload "$sys" live_connection_survived "$run" 0 bool
	fi
	if grep -q "^CSV,[a-z]*,$sys,[a-z_]*,$run,NA," "$D/csv.$sys.$run" 2>/dev/null; then
		tail -n 8 "$D/$sys.log" | sed "s/^/# $sys.log: /"
		tail -n 5 "$D/responder.log" | sed 's/^/# responder.log: /'
	fi
}

# 2b. the same reloads through pulse: SIGHUP to pulse, which checks the
# file and passes the reload to its lvsd.
pulse_reload_run() { # RUN
	local run=$1
	W_V=0 EXTRA_V=0 DROP_V=0
	printf 'bench heartbeat key 0123456789abcdef\n' >"$D/hb.key"
	chmod 600 "$D/hb.key"
	write_config pulse
	timed_start pulse "$run"
	sleep 5
	reloads pulse "$run"
	stop_system
}

reload_step() { # SYSTEM RUN NAME "OVERRIDES" CONDITION...
	local sys=$1 run=$2 name=$3 t0 ms
	eval "$4"
	shift 4
	write_config "$sys"
	checker_map "$sys" "$D/before"
	timed_change ms 'kill -HUP "$DAEMON"' "$@"
	csv reload "$sys" "${name}_ms" "$run" "$ms" ms
	sleep 2 # restarts done by then, whatever their order
	checker_map "$sys" "$D/after"
	csv reload "$sys" "${name}_restarted" "$run" "$(restarted "$D/before" "$D/after")" count
	[ "$(restarted "$D/before" "$D/after")" = 0 ] ||
		note "$sys run $run $name: restarted: $(join "$D/before" "$D/after" | awk '$2 != $3 { printf "%s ", $1 }')"
	[ "$sys" != keepalived ] && csv reload "$sys" "${name}_started" "$run" "$(started "$D/before" "$D/after")" count
}

# 3. table load: each binary restores into a fresh namespace, and both list it.
table_file() { # SERVICES SERVERS FILE
	awk -v nsvc="$1" -v nrs="$2" 'BEGIN {
		for (i = 0; i < nsvc; i++) {
			vip = sprintf("10.%d.%d.%d", 1 + int(i / 65536), int(i / 256) % 256, i % 256)
			printf "-A -t %s:80 -s wlc\n", vip
			for (j = 0; j < nrs; j++)
				printf "-a -t %s:80 -r 172.16.%d.%d:80 -m -w 1\n", vip, int(j / 250), 1 + j % 250
		}
	}' >"$3"
}
timed() { # MS_VAR CMD...: run CMD, its time in ms into MS_VAR
	local t0 rc
	t0=$(now)
	"${@:2}"
	rc=$?
	printf -v "$1" '%s' "$(ms_between "$t0" "$(now)")"
	return $rc
}
table_run() { # SHAPE RUN
	local shape=$1 run=$2 f=$D/table.$1 sys bin lister lbin ms k=0
	for sys in ours debian; do
		[ $sys = ours ] && bin=$OUR_IPVSADM || bin=$DEB_IPVSADM
		k=$((k + 1))
		ip netns add "t$k" && ip -n "t$k" link set lo up  # down, no destination is unicast
		if timed ms ip netns exec "t$k" "$bin" -R <"$f"; then
			csv "table_$shape" "$sys" restore_ms "$run" "$ms" ms
		else
			csv "table_$shape" "$sys" restore_ms "$run" NA ms
		fi
		# Both binaries list the same table (the one this one restored).
		for lister in ours debian; do
			[ $lister = ours ] && lbin=$OUR_IPVSADM || lbin=$DEB_IPVSADM
			timed ms ip netns exec "t$k" "$lbin" -L -n >"$D/L.$lister"
			csv "table_$shape" "$lister" list_ms "$run" "$ms" ms
			timed ms ip netns exec "t$k" "$lbin" -S -n >"$D/S.$lister"
			csv "table_$shape" "$lister" save_ms "$run" "$ms" ms
			timed ms ip netns exec "t$k" "$lbin" -L -n --stats >"$D/St.$lister"
			csv "table_$shape" "$lister" stats_ms "$run" "$ms" ms
		done
		for o in L S St; do
			cmp -s "$D/$o.ours" "$D/$o.debian" || note "table $shape run $run restored by $sys: -$o output differs between the binaries"
		done
		[ "$(grep -c '^-a' "$D/S.ours")" = "$(grep -c '^-a' "$f")" ] ||
			note "table $shape run $run restored by $sys: $(grep -c '^-a' "$D/S.ours") of $(grep -c '^-a' "$f") servers in the table"
		ip netns del "t$k"
	done
}

note "kernel $(uname -r), $(nproc) vCPUs; ours $("$OUR_IPVSADM" --version | head -1); peer $("$DEB_IPVSADM" --version | head -1); $("$KEEPALIVED" --version 2>&1 | head -1)"
csv meta all servers 0 "$NSERV" count
csv meta all window_s 0 "$WINDOW" s
if [[ " $ONLY " == *" health "* || " $ONLY " == *" pulse "* ]]; then
	topology_up "$NV" "$NS" || { echo "Bail out! topology"; exit 1; }
	responder_start || { echo "Bail out! responder did not start: $(cat "$D/responder.log")"; exit 1; }
	note "$NSERV servers ($NV x $NS) behind $NV virtuals; checks every 1 s, time-out 1 s"
fi
if [[ " $ONLY " == *" health "* ]]; then
	for ((r = 1; r <= RUNS; r++)); do
		# Alternate who goes first, so that neither always has the fresher guest.
		if ((r % 2)); then order="ours keepalived"; else order="keepalived ours"; fi
		for sys in $order; do
			note "run $r: $sys"
			health_run "$sys" "$r"
		done
	done
	tail -n 5 "$D/ours.log" | sed 's/^/# ours.log: /'
	tail -n 5 "$D/keepalived.log" | sed 's/^/# keepalived.log: /'
fi
if [[ " $ONLY " == *" pulse "* ]]; then
	for ((r = 1; r <= RUNS; r++)); do
		note "run $r: pulse (reloads through pulse)"
		pulse_reload_run "$r"
	done
	tail -n 5 "$D/pulse.log" | sed 's/^/# pulse.log: /'
fi
if [[ " $ONLY " == *" table "* ]]; then
	for shape in $TABLES; do
		table_file "${shape%x*}" "${shape#*x}" "$D/table.$shape"
		note "table $shape: $(wc -l <"$D/table.$shape") lines"
		for ((r = 1; r <= TABLE_RUNS; r++)); do
			table_run "$shape" "$r"
		done
	done
fi
note done
