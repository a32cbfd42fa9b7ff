#!/bin/bash
# Which file of a program calls into which, from the symbols of the built
# objects: "A -> B" when A uses a function or variable that B defines. Then
# the cycles (files that call each other, directly or round a loop), found
# with tsort. Usage: scripts/file-deps.sh [BUILD_DIR] [DIR...]
#   BUILD_DIR  a configured and built tree (default: build)
#   DIR        source folders to look at (default: every program's and src/lib)
# Exit status 1 when a folder has a cycle.
set -uo pipefail
build=${1:-build}
shift || true
dirs=("$@")
[ ${#dirs[@]} -gt 0 ] || dirs=(src/lib src/lib/config src/lib/ipvs src/ipvsadm src/lvsd src/nanny src/pulse src/send_arp src/tools)
status=0
for dir in "${dirs[@]}"; do
	# The objects of the program itself (its tests' copies are left out):
	# automake names them PREFIX-FILE.o; keep one per source file.
	declare -A obj=()
	for o in "$build/$dir"/*.o; do
		[ -f "$o" ] || continue
		base=${o##*/}
		case $base in tests_*) continue ;; esac
		file=${base#*-}
		file=${file%.o}.c
		[ -f "$dir/$file" ] || file=${base%.o}.c
		[ -f "$dir/$file" ] || continue
		[ -n "${obj[$file]:-}" ] || obj[$file]=$o
	done
	[ ${#obj[@]} -gt 0 ] || { echo "$dir: no objects in $build/$dir (build first)"; continue; }
	edges=$(
		for f in "${!obj[@]}"; do nm --defined-only "${obj[$f]}" |
			awk -v f="$f" '$2 ~ /^[TDBR]$/ { print "def", $3, f }'; done
		for f in "${!obj[@]}"; do nm -u "${obj[$f]}" |
			awk -v f="$f" '{ print "use", $2, f }'; done
	)
	pairs=$(awk '$1 == "def" { def[$2] = $3; next }
		$1 == "use" && ($2 in def) && def[$2] != $3 { print $3, def[$2] }' <<<"$edges" | sort -u)
	echo "== $dir (${#obj[@]} files)"
	[ -n "$pairs" ] && awk '{ printf "  %s -> %s\n", $1, $2 }' <<<"$pairs"
	loops=$(tsort <<<"$pairs" 2>&1 >/dev/null | sed -n 's/^tsort: //p' | grep -v 'input contains a loop')
	if [ -n "$loops" ]; then
		echo "  cycle among: $(sort -u <<<"$loops" | tr '\n' ' ')"
		status=1
	fi
	unset obj
done
exit $status
