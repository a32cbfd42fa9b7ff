#!/bin/bash
# Where a virtual's removal by a reload spends its time: lvsd's log stamps.
. "$top_srcdir/bench/experiments/common.sh"
ip netns exec lb "$LVSD" -n -v -c "$D/lvs.cf" --nanny "$NANNY" --socket "$D/lvsd.sock" >>"$D/lvsd.log" 2>&1 &
pid=$!
in_lb "$WATCH" -s "$(now)" -t 180 live "$NSERV" >/dev/null
sleep 5
for i in 1 2 3 4; do
	DROP_V=$NV lvs_cf $NV $NS >"$D/lvs.cf"
	: >"$D/lvsd.log"
	t0=$(now)
	echo "# exp: HUP at $(date -u +%T.%N -d @$t0)"
	kill -HUP $pid
	ms=$(in_lb "$WATCH" -s "$t0" -t 60 absent "$(vip "$NV"):80") || ms=NA
	t1=$(now)
	echo "# exp: remove $i: $ms ms (watch), seen at $(date -u +%T.%N -d @$t1)"
	sleep 1
	grep -vE "nanny\[" "$D/lvsd.log" | grep -iE "reload|deleted|stopp|v$NV" | head -8 | sed 's/^/# log: /'
	DROP_V=0 lvs_cf $NV $NS >"$D/lvs.cf"
	kill -HUP $pid
	in_lb "$WATCH" -s "$(now)" -t 60 live "$NSERV" >/dev/null
	sleep 3
done
kill $pid; wait $pid
