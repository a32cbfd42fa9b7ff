#!/bin/bash
# fork against vfork lvsd start-up (and keepalived as the anchor), same VM run.
# Needs two lvsd builds in /tmp: lvsd-fork and lvsd-vfork, the second with a
# vfork in process_spawn (tried on 2026-12-04 and not kept; see results.md).
. "$top_srcdir/bench/experiments/common.sh"
keepalived_conf $NV $NS >"$D/keepalived.conf"
stop() { exp_stop "$1"; }
for run in 1 2 3; do
	for v in fork vfork keepalived; do
		t0=$(now)
		if [ $v = keepalived ]; then
			ip netns exec lb "$KEEPALIVED" -C -n -l -f "$D/keepalived.conf" -p "$D/k.pid" -c "$D/kc.pid" >>"$D/k.log" 2>&1 &
		else
			ip netns exec lb /tmp/lvsd-$v -n -c "$D/lvs.cf" --nanny "$NANNY" --socket "$D/lvsd.sock" >>"$D/$v.log" 2>&1 &
		fi
		pid=$!
		ms=$(in_lb "$WATCH" -s "$t0" -t 180 live "$NSERV") || ms=NA
		echo "# exp: run $run $v all_in_ms $ms"
		stop $pid
	done
done
tail -n 3 "$D"/*.log | sed 's/^/# log: /'
