#!/bin/bash
# Where lvsd's start-up goes: when the nannies are started and when their
# servers come up, against keepalived's all-in time, same VM run. Rounds of
# ours (nanny_nice 10, the default), ours-nice0 and keepalived, or
# LVS_EXP_SYSTEMS; LVS_EXP_ROUNDS (2). The readings are ms from the daemon's start to the
# 1st, 250th, 500th, 750th and 1000th nanny started and server up.
. "$top_srcdir/bench/experiments/common.sh"
keepalived_conf $NV $NS >"$D/keepalived.conf"
# info level: lvsd logs each nanny it starts.
sed 's/^serial_no = 1$/&\ndebug_level = info/' "$D/lvs.cf" >"$D/ours.cf"
sed 's/^serial_no = 1$/&\ndebug_level = info\nnanny_nice = 0/' "$D/lvs.cf" >"$D/ours-nice0.cf"
stop() { exp_stop "$1"; }
# marks T0 LOG PATTERN: ms from T0 to the 1st, 250th, ... line matching.
marks() {
	awk -v t0="$1" -v pat="$3" '
	BEGIN { day = t0 - int(t0 / 86400) * 86400 }
	$0 ~ pat { split($1, c, ":"); t = c[1] * 3600 + c[2] * 60 + c[3]
		n++; if (n == 1 || n % 250 == 0) printf " %d:%d", n, (t - day) * 1000 }
	END { if (!n) printf " none" }' "$2"
}
for ((run = 1; run <= ${LVS_EXP_ROUNDS:-2}; run++)); do
	for v in ${LVS_EXP_SYSTEMS:-ours ours-nice0 keepalived}; do
		log=$D/$v.$run.log
		t0=$(now)
		if [ $v = keepalived ]; then
			ip netns exec lb "$KEEPALIVED" -C -n -l -f "$D/keepalived.conf" -p "$D/k.pid" -c "$D/kc.pid" >>"$log" 2>&1 &
		else
			ip netns exec lb "$LVSD" -n -c "$D/$v.cf" --nanny "$NANNY" --socket "$D/lvsd.sock" >>"$log" 2>&1 &
		fi
		pid=$!
		ms=$(in_lb "$WATCH" -s "$t0" -t 180 live "$NSERV") || ms=NA
		echo "# exp: round $run $v all_in_ms $ms"
		if [ $v != keepalived ]; then
			echo "# exp: round $run $v started_ms$(marks "$t0" "$log" 'nanny [0-9]+ started')"
			echo "# exp: round $run $v up_ms$(marks "$t0" "$log" '-> up')"
		fi
		stop $pid
	done
done
tail -n 3 "$D"/*.log | sed 's/^/# log: /'
