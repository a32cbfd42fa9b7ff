#!/bin/bash
# Where the CPU goes while lvsd starts 1,000 nannies: a system-wide perf
# profile of one start-up (no keepalived: this is about this suite alone).
# The readings are perf's shares by process name and, for lvsd and nanny,
# by symbol (kernel symbols included), plus lvsd's size once all are in; then a second start with lvsd's
# system calls traced (not with LVS_EXP_PERF_TRACE=0).
. "$top_srcdir/bench/experiments/common.sh"
t0=$(now)
perf record -a -F 499 -g -o "$D/perf.data" -- sleep "${LVS_EXP_PERF_SECS:-16}" >"$D/perf.out" 2>&1 &
perf_pid=$!
ip netns exec lb "$LVSD" -n -c "$D/lvs.cf" --nanny "$NANNY" --socket "$D/lvsd.sock" >>"$D/lvsd.log" 2>&1 &
pid=$!
ms=$(in_lb "$WATCH" -s "$t0" -t 180 live "$NSERV") || ms=NA
echo "# exp: all_in_ms $ms"
grep -E '^(VmRSS|VmPTE|RssAnon|Threads)' /proc/$pid/status | sed 's/^/# exp: lvsd /'
echo "# exp: lvsd maps $(wc -l </proc/$pid/maps) fds $(ls /proc/$pid/fd | wc -l)"
wait $perf_pid
perf report -i "$D/perf.data" --no-children --sort comm --stdio -g none 2>/dev/null | grep -v '^#' | grep . | head -12 | sed 's/^/# exp: comm /'
for c in lvsd nanny nanny-zygote; do
	perf report -i "$D/perf.data" --no-children --comm "$c" --sort sym --stdio -g none 2>/dev/null |
		grep -v '^#' | grep . | head -30 | sed "s/^/# exp: $c /"
done
kill $pid; wait $pid 2>/dev/null
pkill -9 -f "^$NANNY " 2>/dev/null
in_lb "$OUR_IPVSADM" -C
sleep 3
# LVS_EXP_PERF_TRACE=0 stops here, before the traced second start (in one
# run the guest locked up after the profile: results.md, run J).
[ "${LVS_EXP_PERF_TRACE:-1}" = 0 ] && exit 0
# Second start: lvsd's own system calls for 2 s in the middle of it
# (perf trace, attached 4 s in): the time by call, and calls over 2 ms.
ip netns exec lb "$LVSD" -n -c "$D/lvs.cf" --nanny "$NANNY" --socket "$D/lvsd.sock" >>"$D/lvsd2.log" 2>&1 &
pid=$!
sleep 4
# perf trace, not strace: tracepoints, no stop per call.
timeout -s INT 2 perf trace -s -p "$pid" >"$D/ptrace.sum" 2>&1
grep -v '^$' "$D/ptrace.sum" | head -40 | sed 's/^/# exp: ptrace sum /'
timeout -s INT 2 perf trace --duration 2 -p "$pid" >"$D/ptrace.long" 2>&1
head -30 "$D/ptrace.long" | sed 's/^/# exp: ptrace long /'
kill $pid; wait $pid 2>/dev/null
