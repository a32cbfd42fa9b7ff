#!/bin/bash
# The start-up floor of a process per server: how long 1,000 checkers take
# to start and each do its first check when each is forked and exec'd in
# turn by one parent, as lvsd starts its nannies, against lvsd and
# keepalived's checker in the same VM run. Rounds (LVS_EXP_ROUNDS, 2) of:
#   ours           lvsd and its nannies: ms until every server is in the table
#   ours-nozygote  the same with lvsd --no-zygote: the starter execs each nanny
#   ours-before    lvsd and nanny given by LVS_EXP_LVSD_BEFORE and
#                  LVS_EXP_NANNY_BEFORE (older builds): a before and after
#                  of a change in the same run
#   ours-floor     lvsd with check-floor as its nanny (a check at once, then
#                  "up"): lvsd's own part, its spawning, reports and table
#   keepalived     its checker (alpha), the same
#   floor-spawn    bench/tools/check-floor spawn: ms until the 1,000th first check
#   floor-spawn-fds  the same with 1,000 close-on-exec descriptors open in the
#                  parent, as lvsd holds one report pipe per nanny
#   floor-spawn-child  floor-spawn, each child doing what lib/process.c's does
#                  before its exec (check-floor's like-lvsd)
#   floor-spawn-lvsd  both: 1,000 descriptors and the child's work
#   floor-vfork, floor-vfork-lvsd  floor-spawn and floor-spawn-lvsd, each
#                  child started by vfork instead of fork
#   floor-fork-child  floor-spawn-child without the exec: each forked child
#                  runs its checks itself, as children of a zygote would
#   NAME-fine      any of ours, ours-before or keepalived, timed by an
#                  ipvs-watch that polls every 10 ms from the start (-c 10)
#                  rather than every 100 ms until nine in ten are in: what
#                  the watcher's own polling costs the system it times
# Each line also gives the starting process's own CPU (user + sys) and minor
# page faults until then: lvsd, keepalived's checker, or the floor's parent.
# The floor writes nothing to the kernel table, so it is a floor under
# lvsd's figure, not a like-for-like one. Its ms count from the parent's start.
. "$top_srcdir/bench/experiments/common.sh"
FLOOR=$top_builddir/bench/tools/check-floor
keepalived_conf $NV $NS >"$D/keepalived.conf"
: >"$D/checked"
for ((v = 1; v <= NV; v++)); do for ((s = 1; s <= NS; s++)); do rip "$v" "$s" >>"$D/checked"; done; done
echo "# exp: clocksource $(cat /sys/devices/system/clocksource/clocksource0/current_clocksource), $(nproc) vCPU"
# own PID: "cpu_ms N minflt N" of that process so far, from /proc/PID/stat.
own() {
	local f
	f=$(cat "/proc/$1/stat" 2>/dev/null) || { echo "cpu_ms NA minflt NA"; return; }
	f=${f##*) }
	# shellcheck disable=SC2086
	set -- $f
	echo "cpu_ms $(((${12} + ${13}) * 1000 / $(getconf CLK_TCK))) minflt $8"
}
stop() { exp_stop "$1" "$FLOOR" ${LVS_EXP_NANNY_BEFORE:+"$LVS_EXP_NANNY_BEFORE"}; }
for ((run = 1; run <= ${LVS_EXP_ROUNDS:-2}; run++)); do
	for label in ${LVS_EXP_SYSTEMS:-ours ours-floor keepalived floor-spawn floor-spawn-fds}; do
		v=${label%-fine} watch_args=()
		[ "$v" != "$label" ] && watch_args=(-c 10)
		t0=$(now)
		case $v in
		keepalived) ip netns exec lb "$KEEPALIVED" -C -n -l -f "$D/keepalived.conf" -p "$D/k.pid" -c "$D/kc.pid" >>"$D/k.log" 2>&1 & ;;
		ours) ip netns exec lb "$LVSD" -n -c "$D/lvs.cf" --nanny "$NANNY" --socket "$D/lvsd.sock" >>"$D/ours.log" 2>&1 & ;;
		ours-nozygote) ip netns exec lb "$LVSD" -n -c "$D/lvs.cf" --nanny "$NANNY" --no-zygote --socket "$D/lvsd.sock" >>"$D/ours.log" 2>&1 & ;;
		ours-floor) ip netns exec lb "$LVSD" -n -c "$D/lvs.cf" --nanny "$FLOOR" --socket "$D/lvsd.sock" >>"$D/ours.log" 2>&1 & ;;
		ours-before) ip netns exec lb "${LVS_EXP_LVSD_BEFORE:-$LVSD}" -n -c "$D/lvs.cf" --nanny "${LVS_EXP_NANNY_BEFORE:-$NANNY}" \
			--socket "$D/lvsd.sock" >>"$D/ours.log" 2>&1 & ;;
		floor-spawn) ip netns exec lb "$FLOOR" spawn "$D/checked" 80 0 >"$D/$v.$run.out" 2>&1 & ;;
		floor-spawn-fds) ip netns exec lb "$FLOOR" spawn "$D/checked" 80 1000 >"$D/$v.$run.out" 2>&1 & ;;
		floor-spawn-child) ip netns exec lb "$FLOOR" spawn "$D/checked" 80 0 like-lvsd >"$D/$v.$run.out" 2>&1 & ;;
		floor-spawn-lvsd) ip netns exec lb "$FLOOR" spawn "$D/checked" 80 1000 like-lvsd >"$D/$v.$run.out" 2>&1 & ;;
		floor-fork-child) ip netns exec lb "$FLOOR" spawn "$D/checked" 80 0 like-lvsd,noexec >"$D/$v.$run.out" 2>&1 & ;;
		floor-vfork) ip netns exec lb "$FLOOR" spawn "$D/checked" 80 0 vfork >"$D/$v.$run.out" 2>&1 & ;;
		floor-vfork-lvsd) ip netns exec lb "$FLOOR" spawn "$D/checked" 80 1000 like-lvsd,vfork >"$D/$v.$run.out" 2>&1 & ;;
		esac
		pid=$!
		case $v in
		ours|ours-nozygote|ours-floor|ours-before|keepalived)
			ms=$(in_lb "$WATCH" "${watch_args[@]}" -s "$t0" -t 180 live "$NSERV") || ms=NA
			p=$pid
			[ "$v" = keepalived ] && p=$(cat "$D/kc.pid" 2>/dev/null)
			echo "# exp: round $run $label all_in_ms $ms, $(own "$p")"
			;;
		*)
			for _ in $(seq 1800); do grep -q "first check $NSERV at" "$D/$v.$run.out" && break; sleep 0.1; done
			echo "# exp: round $run $v all_in_ms $(awk -v n="$NSERV" '$4 == n { print $6 }' "$D/$v.$run.out")" \
				"marks$(awk '/first check/ { printf " %d:%d", $4, $6 }' "$D/$v.$run.out")," \
				"all started at $(awk '/processes started/ { print $6 }' "$D/$v.$run.out") ms, $(own $pid)"
			;;
		esac
		stop $pid
	done
done
