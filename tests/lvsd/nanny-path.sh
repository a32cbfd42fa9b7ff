#!/bin/sh
# lvsd and its health checker: a missing nanny stops lvsd at start with one
# clear line (instead of restarting it for ever over an empty table), and a
# build tree's lvsd finds the nanny built beside it.
: "${top_builddir:=.}" "${top_srcdir:=.}"
. "$top_srcdir/tests/tap.sh"
LVSD="$top_builddir/src/lvsd/lvsd"
NANNY=$(cd "$top_builddir/src/nanny" && pwd)/nanny
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

cat >"$TMP/lvs.cf" <<EOS
virtual web {
	active = 1
	address = 192.0.2.10 eth0:1
	port = 80
	server a {
		address = 10.0.0.1
		active = 1
	}
}
EOS
echo 'not a program' >"$TMP/not-a-program"
chmod 644 "$TMP/not-a-program"
sed "s|^\tport = 80|\tport = 80\n\tclient_monitor = $TMP/not-a-program|" "$TMP/lvs.cf" >"$TMP/noexec.cf"
sed 's|^\tactive = 1|\tactive = 1\n\thealth_check = 0|' "$TMP/lvs.cf" >"$TMP/nocheck.cf"

tap_plan 25
"$LVSD" -n -c "$TMP/lvs.cf" --nanny=/nonexistent/nanny >"$TMP/out" 2>"$TMP/err"; rc=$?
check "--nanny naming a missing program: exit status $rc != 0" [ "$rc" -ne 0 ]
check "... one line on stderr" [ "$(wc -l <"$TMP/err")" -eq 1 ]
check "... naming the program, the virtual, the reason and the fix" grep -q \
	"cannot run the health checker /nonexistent/nanny for virtual 'web': No such file or directory (give --nanny=PATH, or client_monitor in lvs.cf)" "$TMP/err"
"$LVSD" -n -c "$TMP/noexec.cf" >"$TMP/out" 2>"$TMP/err"; rc=$?
check "client_monitor naming a file that is not executable: exit $rc, 'not an executable file'" \
	sh -c "[ $rc -ne 0 ] && grep -q 'cannot run the health checker $TMP/not-a-program .*not an executable file' '$TMP/err'"
"$LVSD" -n --test-start -c "$TMP/lvs.cf" >"$TMP/out" 2>"$TMP/err"; rc=$?
check "no --nanny, run from the build tree: starts (exit $rc)" [ "$rc" -eq 0 ]
check "... and runs the nanny built beside it ($NANNY)" grep -q "^would run: $NANNY --report-fd" "$TMP/out"
"$LVSD" -n --test-start -c "$TMP/nocheck.cf" --nanny=/nonexistent/nanny >"$TMP/out" 2>"$TMP/err"; rc=$?
check "health_check = 0 needs no health checker (exit $rc)" [ "$rc" -eq 0 ]
"$LVSD" -n --test-start -c "$TMP/lvs.cf" --nanny="$NANNY" >"$TMP/out" 2>"$TMP/err"; rc=$?
check "--nanny naming a real nanny: starts (exit $rc)" [ "$rc" -eq 0 ]
# An empty path is refused at once, before anything starts.
for opt in --nanny --socket --pidfile --configfile --metrics-file; do
	"$LVSD" -n --test-start -c "$TMP/lvs.cf" "$opt=" >"$TMP/out" 2>"$TMP/err"; rc=$?
	check "$opt= refused: exit $rc (2)" [ "$rc" -eq 2 ]
	check "... saying the path is empty" grep -qx "lvsd: $opt: the path is empty" "$TMP/err"
done
# --metrics-interval: a positive number of seconds, at most a day.
for bad in 0 -1 5s "" 100000; do
	"$LVSD" -n --test-start -c "$TMP/lvs.cf" --metrics-interval="$bad" >"$TMP/out" 2>"$TMP/err"; rc=$?
	check "--metrics-interval='$bad' refused: exit $rc (2)" [ "$rc" -eq 2 ]
done
check "... saying what it wants" grep -q "is not a number of seconds above 0 and at most 86400" "$TMP/err"
"$LVSD" -n --test-start -c "$TMP/lvs.cf" --metrics-file="$TMP/x.prom" --metrics-interval=0.5 >"$TMP/out" 2>"$TMP/err"; rc=$?
check "--metrics-file with --test-start: accepted (exit $rc), and no file written by a dry run" \
	[ "$rc" -eq 0 -a ! -e "$TMP/x.prom" ]
