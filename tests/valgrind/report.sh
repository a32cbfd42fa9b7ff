#!/bin/sh
# The valgrind tier's verdict: one check per process that ran under memcheck
# (logs in $LVS_VALGRIND, see wrap.sh). A process must end with no error and
# no definite or indirect leak. One killed with SIGKILL, as the tests do to
# simulate a crash, wrote no summary: it is listed as skipped.
. "$top_srcdir/tests/tap.sh"
dir=${LVS_VALGRIND:?LVS_VALGRIND names the directory of the logs}
logs=0
for log in "$dir"/*.log; do
	[ -f "$log" ] || continue
	logs=$((logs + 1))
	name=${log##*/}
	name=${name%.log}
	summary=$(grep -o 'ERROR SUMMARY: [0-9]* errors' "$log" | tail -n 1)
	if [ -z "$summary" ]; then
		tap_pass "$name: no summary (killed) # SKIP"
		continue
	fi
	what=$(grep -E 'definitely lost|indirectly lost|Invalid|uninitialised|Mismatched' "$log" | head -n 3 | tr -s ' ' | tr '\n' ';')
	check "$name: $summary${what:+ ($what)}" test "$summary" = "ERROR SUMMARY: 0 errors"
	[ "$summary" = "ERROR SUMMARY: 0 errors" ] || sed 's/^/# /' "$log" | head -n 60
done
check "the tests ran processes under valgrind ($logs logs)" test "$logs" -gt 0
tap_done
