#!/bin/bash
# Is a start-up bound by CPU or by waiting? The guest's idle share, second
# by second, while lvsd (with its zygote, or LVS_EXP_LVSD_ARGS) starts
# 1,000 nannies. Rounds: LVS_EXP_ROUNDS (2). A reading per 0.5 s:
# "t_ms:idle_pct" (nothing heavier: the sampling must not take the CPU).
. "$top_srcdir/bench/experiments/common.sh"
# cpu_now: "busy idle" jiffies of all CPUs from /proc/stat.
cpu_now() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8, $5 + $6 }' /proc/stat; }
for ((run = 1; run <= ${LVS_EXP_ROUNDS:-2}; run++)); do
	t0=$(now)
	# shellcheck disable=SC2086
	ip netns exec lb "$LVSD" -n -c "$D/lvs.cf" --nanny "$NANNY" ${LVS_EXP_LVSD_ARGS:-} --socket "$D/lvsd.sock" >>"$D/lvsd.log" 2>&1 &
	pid=$!
	in_lb "$WATCH" -s "$t0" -t 180 live "$NSERV" >"$D/all_in" &
	wpid=$!
	set -- $(cpu_now); b0=$1 i0=$2
	line=""
	while kill -0 "$wpid" 2>/dev/null; do
		sleep 0.5
		set -- $(cpu_now); b1=$1 i1=$2
		t=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%d", (b - a) * 1000 }')
		idle=$(( (i1 - i0) * 100 / ((b1 - b0) + (i1 - i0) > 0 ? (b1 - b0) + (i1 - i0) : 1) ))
		line="$line $t:$idle"
		b0=$b1 i0=$i1
	done
	wait "$wpid"
	echo "# exp: round $run all_in_ms $(cat "$D/all_in")"
	echo "# exp: round $run t_ms:idle_pct$line"
	exp_stop $pid
done
