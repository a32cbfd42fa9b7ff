#!/bin/bash
# lvsd reload time (one weight change) with 1000 nannies at nice 0, then at nice 10.
. "$top_srcdir/bench/experiments/common.sh"
t0=$(now); in_lb "$LVSD" --test-config "$D/lvs.cf" >/dev/null; echo "# exp: test-config (exec + parse) $(ms_between "$t0" "$(now)") ms"
t0=$(now); in_lb "$LVSD" --test-config "$D/lvs.cf" >/dev/null; echo "# exp: test-config (exec + parse) $(ms_between "$t0" "$(now)") ms"
t0=$(now); in_lb "$LVSD" --version >/dev/null; echo "# exp: lvsd --version (exec only) $(ms_between "$t0" "$(now)") ms"
ip netns exec lb "$LVSD" -n -c "$D/lvs.cf" --nanny "$NANNY" --socket "$D/lvsd.sock" >>"$D/lvsd.log" 2>&1 &
pid=$!
ms=$(in_lb "$WATCH" -s "$(now)" -t 180 live "$NSERV") || ms=NA
sleep 5
echo "# exp: lvsd VmRSS $(grep -E 'VmRSS|VmPTE' /proc/$pid/status | tr -s ' \t\n' ' ')"
w=1
for nice in 0 10 0 10; do
	[ "$nice" = 10 ] && renice -n 10 -p $(pgrep -P $pid) >/dev/null
	[ "$nice" = 0 ] && renice -n 0 -p $(pgrep -P $pid) >/dev/null
	sleep 2
	for i in 1 2 3 4; do
		w=$((w == 5 ? 6 : 5))
		W_V=2 W_S=1 W_W=$w lvs_cf $NV $NS >"$D/lvs.cf"
		t0=$(now)
		kill -HUP $pid
		ms=$(in_lb "$WATCH" -s "$t0" -t 60 weight "$(vip 2):80" "$(rip 2 1):80" $w) || ms=NA
		echo "# exp: nice $nice reload $i weight $w: $ms ms"
		sleep 3
	done
done
kill $pid; wait $pid
tail -n 3 "$D/lvsd.log" | sed 's/^/# log: /'
