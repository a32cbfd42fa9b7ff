#!/bin/bash
# What a process per server costs by itself, against keepalived and this
# suite, in one VM run: the same 1,000 servers checked every second by
#   keepalived   its checker, TCP_CHECK (bench/suite.sh's configuration)
#   ours         lvsd and its 1,000 nannies (nanny_nice as lvs.cf's default, 10)
#   ours-nice0   the same with nanny_nice = 0 (nannies as nice as lvsd)
#   floor-conn   1,000 bench/tools/check-floor processes: a sleep to the next
#                second, then socket, connect, poll, close; nothing else
#   floor-lazy   1,000 of them in lazy mode: one sleep per check, each
#                connection left open until the next check (not run unless
#                LVS_EXP_SYSTEMS names it)
#   floor-wake   1,000 of them that only wake once a second
# over a 30 s window each, in turn, three rounds. Readings per system and
# round: CPU (user + sys of its processes, from /proc) per check, context
# switches per check, checks per second (connections at the responder; for
# floor-wake the wakes), and the whole guest's busy CPU per check (from
# /proc/stat, every vCPU, the responder and the network stack included).
. "$top_srcdir/bench/experiments/common.sh"
FLOOR=$top_builddir/bench/tools/check-floor
WINDOW=${LVS_EXP_WINDOW:-30}
keepalived_conf $NV $NS >"$D/keepalived.conf"
{ echo "nanny_nice = 0"; cat "$D/lvs.cf"; } >"$D/lvs-nice0.cf"
echo "# exp: clocksource $(cat /sys/devices/system/clocksource/clocksource0/current_clocksource), $(nproc) vCPU"
: >"$D/checked"
for ((v = 1; v <= NV; v++)); do for ((s = 1; s <= NS; s++)); do rip "$v" "$s" >>"$D/checked"; done; done
# Voluntary context switches only (the family's total less these is the
# involuntary ones: preemption, not waiting).
voluntary() {
	local p files=()
	for p in "$@"; do files+=("/proc/$p/status"); done
	cat "${files[@]}" 2>/dev/null | awk '/^voluntary_ctxt_switches:/ { s += $2 } END { print s + 0 }'
}
busy_jiffies() { awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 }' /proc/stat; }
stop() { exp_stop "$1" "$FLOOR" ${LVS_EXP_NANNY_BEFORE:+"$LVS_EXP_NANNY_BEFORE"}; }
# LVS_EXP_NANNY_BEFORE=PATH: also lvsd with that nanny ("ours-before"), for a
# before and after of a nanny change in the same run; LVS_EXP_LVSD_BEFORE=PATH
# makes it that lvsd too.
SYSTEMS=${LVS_EXP_SYSTEMS:-"keepalived ours ours-nice0 ${LVS_EXP_NANNY_BEFORE:+ours-before }floor-conn floor-wake"}
for ((round = 1; round <= ${LVS_EXP_ROUNDS:-3}; round++)); do
	for sys in $SYSTEMS; do
		case $sys in
		keepalived) ip netns exec lb "$KEEPALIVED" -C -n -l -f "$D/keepalived.conf" -p "$D/k.pid" -c "$D/kc.pid" >>"$D/k.log" 2>&1 & ;;
		ours) ip netns exec lb "$LVSD" -n -c "$D/lvs.cf" --nanny "$NANNY" --socket "$D/lvsd.sock" >>"$D/ours.log" 2>&1 & ;;
		ours-nice0) ip netns exec lb "$LVSD" -n -c "$D/lvs-nice0.cf" --nanny "$NANNY" --socket "$D/lvsd.sock" >>"$D/ours.log" 2>&1 & ;;
		ours-before) ip netns exec lb "${LVS_EXP_LVSD_BEFORE:-$LVSD}" -n -c "$D/lvs.cf" --nanny "$LVS_EXP_NANNY_BEFORE" --socket "$D/lvsd.sock" >>"$D/ours.log" 2>&1 & ;;
		floor-conn) ip netns exec lb "$FLOOR" connect "$D/checked" 80 >>"$D/floor.log" 2>&1 & ;;
		floor-lazy) ip netns exec lb "$FLOOR" lazy "$D/checked" 80 >>"$D/floor.log" 2>&1 & ;;
		floor-wake) ip netns exec lb "$FLOOR" wake "$D/checked" >>"$D/floor.log" 2>&1 & ;;
		esac
		pid=$!
		case $sys in
		keepalived|ours|ours-nice0|ours-before) in_lb "$WATCH" -t 180 live "$NSERV" >/dev/null || echo "# exp: $sys: not every server in the table" ;;
		*) for _ in $(seq 600); do [ "$(pgrep -c -P "$pid")" -ge "$NSERV" ] && break; sleep 0.1; done ;;
		esac
		sleep 5
		procs=$(family "$pid")
		x0=$(ctx_switches $procs) v0=$(voluntary $procs) px0=$(ctx_switches "$pid") pk0=$(cpu_ticks "$pid")
		k0=$(cpu_ticks $procs) c0=$(accepted) b0=$(busy_jiffies) t0=$(now)
		sleep "$WINDOW"
		procs=$(family "$pid")
		k1=$(cpu_ticks $procs) c1=$(accepted) b1=$(busy_jiffies) t1=$(now) x1=$(ctx_switches $procs)
		v1=$(voluntary $procs) px1=$(ctx_switches "$pid") pk1=$(cpu_ticks "$pid")
		checks=$((c1 - c0))
		[ "$sys" = floor-wake ] && checks=$(awk -v n="$(pgrep -c -P "$pid")" -v a="$t0" -v b="$t1" 'BEGIN { printf "%d", n * (b - a) }')
		awk -v sys="$sys" -v r="$round" -v k="$((k1 - k0))" -v b="$((b1 - b0))" -v x="$((x1 - x0))" -v c="$checks" \
			-v hz="$HZ" -v a="$t0" -v e="$t1" -v np="$(wc -w <<<"$procs")" \
			-v v="$((v1 - v0))" -v px="$((px1 - px0))" -v pk="$((pk1 - pk0))" 'BEGIN {
			printf "# exp: round %d %s processes %d checks_per_s %.0f cpu_us_per_check %.0f switches_per_check %.2f guest_busy_us_per_check %.0f",
				r, sys, np, c / (e - a), c ? 1e6 * k / hz / c : 0, c ? x / c : 0, c ? 1e6 * b / hz / c : 0
			# Of which: voluntary; and the parent alone (lvsd, keepalived'"'"'s
			# main process, the floor'"'"'s idle parent).
			printf " voluntary_per_check %.2f parent_switches_per_check %.3f parent_cpu_us_per_check %.0f\n",
				c ? v / c : 0, c ? px / c : 0, c ? 1e6 * pk / hz / c : 0 }'
		# LVS_EXP_STRACE=SECS: after the window, what one checker process
		# (the first child) does, system call by system call.
		if [ -n "${LVS_EXP_STRACE:-}" ]; then
			one=$(pgrep -P "$pid" | head -1)
			[ "$sys" = keepalived ] && one=$(cat "$D/kc.pid" 2>/dev/null)
			timeout "$LVS_EXP_STRACE" strace -tt -p "$one" -o "$D/strace" 2>/dev/null
			sed "s/^/# strace $sys: /" "$D/strace" | head -80
		fi
		stop "$pid"
	done
done
tail -n 3 "$D"/*.log | sed 's/^/# log: /'
