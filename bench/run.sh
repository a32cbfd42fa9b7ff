#!/bin/bash
# make bench: this suite against its peers, side by side.
#   1. On the host: the nanny memory bench (bench/nanny-memory.sh).
#   2. In one lab VM run (bench/suite.sh): health checks at scale, detection,
#      reloads, start-up and memory against keepalived; ipvsadm -R and the
#      listings against Debian's ipvsadm 1.31.
# Every reading goes to bench/results.csv; bench/summarize.py turns them into
# the tables of bench/results.md (between the "bench" markers; the failover
# section, from bench/failover/run.sh, is kept).
#
# Usage (as root, from anywhere, after a build): bench/run.sh [BUILDDIR]
# Environment: BENCH_RUNS (3), BENCH_WINDOW (60 s), BENCH_NV (100),
# BENCH_NS (10), BENCH_TABLES ("10000x10 1000x100"), BENCH_TABLE_RUNS (2),
# BENCH_ONLY ("health pulse table"), BENCH_NANNIES (1000; 0 skips the host part),
# BENCH_APPEND (1: add to bench/results.csv, for a before/after),
# VM_CACHE. Run it alone: no other VM or build at the same time.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$top/build}" && pwd)
command -v keepalived >/dev/null || { echo "bench: apt-get install keepalived first" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "bench: run as root (the lab VM)" >&2; exit 1; }
make -s -C "$build" all bench-tools
export top_srcdir=$top top_builddir=$build
export LVS_BENCH_RUNS=${BENCH_RUNS:-3} LVS_BENCH_WINDOW=${BENCH_WINDOW:-60}
export LVS_BENCH_NV=${BENCH_NV:-100} LVS_BENCH_NS=${BENCH_NS:-10}
export LVS_BENCH_TABLES=${BENCH_TABLES:-"10000x10 1000x100"} LVS_BENCH_TABLE_RUNS=${BENCH_TABLE_RUNS:-2}
export LVS_BENCH_ONLY=${BENCH_ONLY:-"health pulse table"}
cache=${VM_CACHE:-${LVS_VM_CACHE:-$(sed -n 's/^VM_CACHE = //p' "$build/Makefile" 2>/dev/null)}}
cache=${cache:-$build/tests/vm/cache}
"$top/tests/vm/build-cache" "$cache" >&2
out=$top/bench
log=$build/bench.log
started=$(date -u '+%Y-%m-%d %H:%M UTC')
machine="$(uname -m), $(nproc) host cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load average $(cut -d' ' -f1-3 /proc/loadavg) at the start"
: >"$log"
nannies=${BENCH_NANNIES:-1000}
if [ "$nannies" -gt 0 ]; then
	echo "bench: nanny memory, $nannies nannies on the host" >&2
	"$top/bench/nanny-memory.sh" "$build" "$nannies" | tee -a "$log" |
		sed -n 's/^private (Private_Clean+Private_Dirty) per nanny: avg \([0-9.]*\) KiB.*/CSV,memory,ours,nanny_private_kib,1,\1,KiB/p' >>"$log.csv.host"
fi
echo "bench: lab VM run (this takes a while)" >&2
VM_CACHE=$cache "$top/tests/vm/run" --timeout "${BENCH_TIMEOUT:-5400}" --mem 3072 "$top/bench/suite.sh" | tee -a "$log"
# Each row names the commit it measured; BENCH_APPEND=1 keeps the rows of
# earlier runs (a before/after comparison), otherwise the file starts anew.
commit=$(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ "${BENCH_APPEND:-0}" = 1 ] && [ -s "$out/results.csv" ]; then
	cp "$out/results.csv" "$build/results.csv.old"
else
	echo "commit,measure,system,metric,run,value,unit" >"$build/results.csv.old"
fi
{
	cat "$build/results.csv.old"
	{ cat "$log.csv.host" 2>/dev/null || true; grep '^CSV,' "$log"; } | sed "s/^CSV,/$commit,/"
} >"$out/results.csv"
rm -f "$build/results.csv.old"
rm -f "$log.csv.host"
python3 "$top/bench/summarize.py" "$out/results.csv" "$started" "$machine" "$log" >"$build/bench-summary.md"
md=$out/results.md
[ -f "$md" ] || printf '# Benchmark results\n' >"$md"
grep -q '<!-- bench:begin -->' "$md" || printf '\n<!-- bench:begin -->\n<!-- bench:end -->\n' >>"$md"
awk -v f="$build/bench-summary.md" '
	/<!-- bench:begin -->/ { print; while ((getline l < f) > 0) print l; skip = 1; next }
	/<!-- bench:end -->/ { skip = 0 }
	!skip' "$md" >"$md.new" && mv "$md.new" "$md"
echo "bench: wrote $out/results.csv and the bench section of $md (log: $log)" >&2
