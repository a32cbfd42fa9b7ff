#!/bin/bash
# ECMP bench: runs the lab scenario of tests/scaleout/scaleout.vmt N times
# (one VM boot each) and writes, between the "scaleout" markers of
# bench/results.md, the flows broken per event against the theory (1/N of
# the flows for a lost director with N = 3, 1/4 for a lost server of
# four) and the time from a director's death to the withdrawal of its next
# hop at the upstream router (power loss: BFD; kill -9 of lvsd: netlink).
#
# Usage (as root, from the source tree, after a build in ./build):
#   flock -s /work/quiet.lock flock -x /work/lab.lock bench/scaleout/run.sh [BUILDDIR]
# Environment: BENCH_RUNS (default 3), LVS_VM_CACHE.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:-$top/build}" && pwd)
out=$top/bench/scaleout
runs=${BENCH_RUNS:-3}
[ -x "$build/tests/failover/flows" ] || make -C "$build" tests/failover/flows
export top_srcdir=$top top_builddir=$build
cache=${LVS_VM_CACHE:-$(sed -n 's/^VM_CACHE = //p' "$build/Makefile" 2>/dev/null)}
cache=${cache:-$build/tests/vm/cache}
"$top/tests/vm/build-cache" "$cache" >&2
started=$(date -u '+%Y-%m-%d %H:%M UTC')
: >"$out/last-run.log"
for ((i = 1; i <= runs; i++)); do
	VM_CACHE=$cache "$top/tests/vm/run" --timeout 600 "$top/tests/scaleout/scaleout.vmt" |
		tee -a "$out/last-run.log" | grep -E '^(not ok|# scaleout:)' || true
done
commit=$(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo unknown)
awk -v runs="$runs" -v started="$started" -v commit="$commit" '
	function val(k,   i, n, kv) { n = split($0, kv, " "); for (i = 1; i <= n; i++) if (index(kv[i], k "=") == 1) return substr(kv[i], length(k) + 2); return "" }
	$1 == "#" && $2 == "scaleout:" {
		e = $3; n[e]++
		b[e] += val("broken"); f[e] += val("flows")
		if (val("via") != "") via[e] += val("via")
		if (val("on_server") != "") on[e] += val("on_server")
		if (val("withdraw_ms") != "") { w[e, n[e]] = val("withdraw_ms"); ws[e] = ws[e] (ws[e] ? ", " : "") val("withdraw_ms") }
		if (val("announce_ms") != "") as[e] = as[e] (as[e] ? ", " : "") val("announce_ms")
	}
	function pct(x, y) { return y ? sprintf("%.1f%%", 100 * x / y) : "NA" }
	END {
		printf "### ECMP directors (tests/scaleout): flows broken per event\n\n"
		printf "%s, commit %s, %d run(s) of 300 flows, three directors, four servers (mh, mh-port, sloppy_tcp = 1, direct routing).\n\n", started, commit, n["director_lost"]
		printf "| event | flows broken (all runs) | share | theory | flows on the lost box |\n|---|---|---|---|---|\n"
		printf "| director lost (power) | %d of %d | %s | 1/3 = 33.3%% without mh + sloppy_tcp | %d |\n", b["director_lost"], f["director_lost"], pct(b["director_lost"], f["director_lost"]), via["director_lost"]
		printf "| director back | %d of %d | %s | 0 | - |\n", b["director_back"], f["director_back"], pct(b["director_back"], f["director_back"])
		printf "| server lost | %d of %d | %s | its own flows (1/4 = 25%%) | %d |\n", b["server_lost"], f["server_lost"], pct(b["server_lost"], f["server_lost"]), on["server_lost"]
		printf "\n| from | to | ms per run |\n|---|---|---|\n"
		printf "| power loss of a director | its next hop gone at the upstream router (BFD 200 ms x 5) | %s |\n", ws["director_lost"]
		printf "| kill -9 of a director'"'"'s lvsd | its next hop gone at the upstream router (netlink, BGP withdraw) | %s |\n", ws["lvsd_killed"]
		printf "| the director back (links up, BIRD and lvsd started) | three next hops again | %s |\n", as["director_back"]
	}' "$out/last-run.log" >"$out/summary.md"
md=$top/bench/results.md
if ! grep -q '<!-- scaleout:begin -->' "$md"; then
	printf '\n<!-- scaleout:begin -->\n<!-- scaleout:end -->\n' >>"$md"
fi
awk -v f="$out/summary.md" '
	/<!-- scaleout:begin -->/ { print; while ((getline l < f) > 0) print l; skip = 1; next }
	/<!-- scaleout:end -->/ { skip = 0 }
	!skip' "$md" >"$md.new" && mv "$md.new" "$md"
cat "$out/summary.md"
