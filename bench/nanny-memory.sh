#!/bin/bash
# Memory bench for nanny: start N nannies (report mode, 1 s interval) against
# one loopback TCP server, then sum Private_Clean + Private_Dirty from each
# /proc/PID/smaps_rollup. Not part of make check.
#
# usage: bench/nanny-memory.sh [BUILDDIR] [N]   (run from anywhere)
set -u
B=${1:-.}
N=${2:-1000}
NANNY=$B/src/nanny/nanny
SRV=$B/tests/nanny/nanny-testsrv
[ -x "$NANNY" ] && [ -x "$SRV" ] || { echo "build nanny and tests/nanny/nanny-testsrv in $B first" >&2; exit 2; }
T=$(mktemp -d)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
	[ -n "${srv:-}" ] && kill "$srv" 2>/dev/null
	wait 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT

"$SRV" -P "$T/port" close & srv=$!
for _ in $(seq 100); do [ -s "$T/port" ] && break; sleep 0.05; done
port=$(cat "$T/port")

# -c: no fork, detached (what lvsd will run); reports go to /dev/null.
for i in $(seq "$N"); do
	"$NANNY" -c --report-fd 3 -h 127.0.0.1 -p "$port" -t 1 3>/dev/null &
	pids+=($!)
done
sleep 5	# let every nanny run a few checks (touching all its pages)

alive=0
for p in "${pids[@]}"; do [ -r "/proc/$p/smaps_rollup" ] && alive=$((alive + 1)); done
for p in "${pids[@]}"; do
	awk '/^Private_(Clean|Dirty):/ { s += $2 } /^Pss:/ { pss = $2 } /^Rss:/ { rss = $2 }
	     END { print s, pss, rss }' "/proc/$p/smaps_rollup" 2>/dev/null
done | awk -v n="$alive" -v want="$N" '
	{ t += $1; if ($1 > max) max = $1; if (min == "" || $1 < min) min = $1; pss += $2; rss += $3 }
	END {
		printf "nannies requested %d, running %d\n", want, n
		printf "private (Private_Clean+Private_Dirty) per nanny: avg %.1f KiB, min %d KiB, max %d KiB\n", t / NR, min, max
		printf "private total: %.1f MiB\n", t / 1024
		printf "Rss per nanny avg %.1f KiB, Pss per nanny avg %.1f KiB (total Pss %.1f MiB)\n", rss / NR, pss / NR, pss / 1024
	}'
echo "private KiB by mapping, first nanny (others alike):"
awk '/^[0-9a-f]+-/ { name = $6 ? $6 : "[anon]" } /^Private_(Clean|Dirty):/ { s[name] += $2 }
     END { for (k in s) if (s[k]) printf "  %5d %s\n", s[k], k }' "/proc/${pids[0]}/smaps" | sort -rn
echo "nanny binary: $(stat -c %s "$NANNY") bytes; libraries:"
ldd "$NANNY" | awk '{ print "  " $1 }'
