#!/bin/bash
# Failover bench: boots the lab VM once and runs bench/failover/scenario.sh
# in it (this suite and keepalived side by side), then writes every run to
# bench/failover/results.csv and the summary table into bench/results.md
# (between the "failover" markers).
#
# Usage (as root, from the source tree, after a build in ./build):
#   bench/failover/run.sh [BUILDDIR]
# Environment: BENCH_RUNS (5 per cell), BENCH_SOAK (60 s), BENCH_BUDGETS,
# BENCH_NOSYNC_RUNS (3), LVS_VM_CACHE (the lab's kernel cache).
# Run it alone: no other VM or build at the same time, or the figures are noise.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:-$top/build}" && pwd)
out=$top/bench/failover
command -v keepalived >/dev/null || { echo "run.sh: apt-get install keepalived first" >&2; exit 1; }
[ -x "$build/tests/failover/flows" ] || make -C "$build" tests/failover/flows
export top_srcdir=$top top_builddir=$build
export LVS_BENCH_RUNS=${BENCH_RUNS:-5} LVS_BENCH_SOAK=${BENCH_SOAK:-60}
export LVS_BENCH_NOSYNC_RUNS=${BENCH_NOSYNC_RUNS:-3}
[ -n "${BENCH_BUDGETS:-}" ] && export LVS_BENCH_BUDGETS=$BENCH_BUDGETS
cache=${LVS_VM_CACHE:-$(sed -n 's/^LVS_VM_CACHE = //p' "$build/Makefile" 2>/dev/null)}
cache=${cache:-$build/tests/vm/cache}
"$top/tests/vm/build-cache" "$cache" >&2
started=$(date -u '+%Y-%m-%d %H:%M UTC')
log=$out/last-run.log
VM_CACHE=$cache "$top/tests/vm/run" --timeout "${BENCH_TIMEOUT:-5400}" --mem 1024 \
	"$top/bench/failover/scenario.sh" | tee "$log"
grep '^CSV,' "$log" | sed 's/^CSV,//' >"$out/results.csv"
python3 "$top/bench/failover/summarize.py" "$out/results.csv" "$started" "$(uname -m), $(nproc) host cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')" >"$out/summary.md"
# Into bench/results.md, between the markers (kept if missing: appended).
md=$top/bench/results.md
[ -f "$md" ] || printf '# Benchmark results\n' >"$md"
if ! grep -q '<!-- failover:begin -->' "$md"; then
	printf '\n<!-- failover:begin -->\n<!-- failover:end -->\n' >>"$md"
fi
awk -v f="$out/summary.md" '
	/<!-- failover:begin -->/ { print; while ((getline l < f) > 0) print l; skip = 1; next }
	/<!-- failover:end -->/ { skip = 0 }
	!skip' "$md" >"$md.new" && mv "$md.new" "$md"
echo "run.sh: wrote $out/results.csv and the failover section of $md" >&2
