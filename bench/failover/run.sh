#!/bin/bash
# Failover bench: boots the lab VM once and runs bench/failover/scenario.sh
# in it (this suite and keepalived side by side), then writes every run to
# bench/failover/results.csv and the summary table into bench/results.md
# (between the "failover" markers).
#
# Usage (as root, from the source tree, after a build in ./build):
#   bench/failover/run.sh [BUILDDIR]
# Environment: BENCH_RUNS (5 per cell), BENCH_SOAK (60 s), BENCH_BUDGETS,
# BENCH_NOSYNC_RUNS (3), BENCH_FAULTS ("power kill"), BENCH_SCHED (the echo
# service's scheduler, rr), BENCH_SLOPPY (1: net.ipv4.vs.sloppy_tcp on both
# routers, for both systems), BENCH_PROBE_MS (10), LVS_VM_CACHE (the lab's
# kernel cache). BENCH_SECTION=NAME writes a variant: bench/failover/
# results-NAME.csv and the NAME section of bench/results.md, with
# BENCH_TITLE and BENCH_NOTE as its heading and note.
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
export LVS_BENCH_FAULTS=${BENCH_FAULTS:-"power kill"} LVS_BENCH_SCHED=${BENCH_SCHED:-rr}
export LVS_BENCH_SLOPPY=${BENCH_SLOPPY:-0} LVS_BENCH_PROBE_MS=${BENCH_PROBE_MS:-}
section=${BENCH_SECTION:-failover}
if [ "$section" = failover ]; then
	csv_out=$out/results.csv log=$out/last-run.log summary=$out/summary.md
else
	csv_out=$out/results-$section.csv log=$out/last-run-$section.log summary=$out/summary-$section.md
	export SUMMARY_TITLE=${BENCH_TITLE:-$section} SUMMARY_NOTE=${BENCH_NOTE:-}
	export SUMMARY_CSV=bench/failover/results-$section.csv
	export SUMMARY_COMMAND="BENCH_SECTION=$section BENCH_RUNS=$LVS_BENCH_RUNS BENCH_SOAK=$LVS_BENCH_SOAK BENCH_NOSYNC_RUNS=$LVS_BENCH_NOSYNC_RUNS BENCH_FAULTS='$LVS_BENCH_FAULTS' BENCH_SCHED=$LVS_BENCH_SCHED BENCH_SLOPPY=$LVS_BENCH_SLOPPY${BENCH_BUDGETS:+ BENCH_BUDGETS='$BENCH_BUDGETS'}${BENCH_PROBE_MS:+ BENCH_PROBE_MS=$BENCH_PROBE_MS} bench/failover/run.sh"
fi
cache=${LVS_VM_CACHE:-$(sed -n 's/^VM_CACHE = //p' "$build/Makefile" 2>/dev/null)}
cache=${cache:-$build/tests/vm/cache}
"$top/tests/vm/build-cache" "$cache" >&2
started=$(date -u '+%Y-%m-%d %H:%M UTC')
VM_CACHE=$cache "$top/tests/vm/run" --timeout "${BENCH_TIMEOUT:-5400}" --mem 1024 \
	"$top/bench/failover/scenario.sh" | tee "$log"
grep '^CSV,' "$log" | sed 's/^CSV,//' >"$csv_out"
python3 "$top/bench/failover/summarize.py" "$csv_out" "$started" "$(uname -m), $(nproc) host cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')" >"$summary"
# Into bench/results.md, between the markers (kept if missing: appended).
md=$top/bench/results.md
[ -f "$md" ] || printf '# Benchmark results\n' >"$md"
if ! grep -q "<!-- $section:begin -->" "$md"; then
	printf '\n<!-- %s:begin -->\n<!-- %s:end -->\n' "$section" "$section" >>"$md"
fi
awk -v f="$summary" -v b="<!-- $section:begin -->" -v e="<!-- $section:end -->" '
	$0 == b { print; while ((getline l < f) > 0) print l; skip = 1; next }
	$0 == e { skip = 0 }
	!skip' "$md" >"$md.new" && mv "$md.new" "$md"
echo "run.sh: wrote $csv_out and the $section section of $md" >&2
