#!/bin/sh
# Run each fuzz target for SECONDS on top of its seed corpus; fail on any
# crash, leak, time-out or sanitizer report, printing the input as hex.
#   run.sh SRCDIR BUILDDIR SECONDS NAME...
src=$1 build=$2 seconds=$3
shift 3
failed=0
summary=""
for name in "$@"; do
	bin="$build/fuzz-$name"
	seeds="$src/corpus/$name"
	work="$build/work/$name"
	art="$build/artifacts/$name/"
	dict=""
	[ -f "$src/dict/$name.dict" ] && dict="-dict=$src/dict/$name.dict"
	rm -rf "$art" && mkdir -p "$work" "$art"
	# New inputs go to work/; the seeds stay as they are in the tree.
	"$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
		-print_final_stats=1 -close_fd_mask=3 -artifact_prefix="$art" $dict \
		"$work" "$seeds" >"$build/fuzz-$name.log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$build/fuzz-$name.log" | tail -1)
	if [ $rc -ne 0 ] || [ -n "$(ls -A "$art")" ]; then
		failed=$((failed + 1))
		summary="$summary
FAIL fuzz-$name (exit $rc, ${execs:-?} runs)"
		grep -E '^(==[0-9]+==|SUMMARY|.*runtime error)' "$build/fuzz-$name.log" | head -20
		for f in "$art"*; do
			[ -f "$f" ] || continue
			echo "input $f:"
			od -An -tx1 -v "$f"
		done
	else
		summary="$summary
ok   fuzz-$name (${execs:-?} runs in ${seconds} s)"
	fi
done
echo "$summary"
[ $failed -eq 0 ]
