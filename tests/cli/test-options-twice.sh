#!/bin/sh
# A string option given twice: the last one wins, and nothing leaks (popt
# drops the first copy; the sanitizer tier turns a leak into exit 1).
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

. "$top_srcdir/tests/tap.sh"

cf=$top_srcdir/etc/lvs.cf.example
b=$top_builddir/src

"$b/tools/lvs-config-check" -q -c /nonexistent/a.cf -c "$cf" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "lvs-config-check -c A -c B: checks B (exit $rc)" test $rc -eq 0
check "... and says nothing" test ! -s "$tmp/err"

"$b/lvsd/lvsd" -c /nonexistent/a.cf --configfile="$cf" --socket=/x --socket=/y \
	--test-config >"$tmp/out" 2>"$tmp/err"; rc=$?
check "lvsd -c A --configfile=B --test-config: checks B (exit $rc)" test $rc -eq 0
"$b/lvsd/lvsd" -c "$cf" -c /nonexistent/b.cf --test-config >"$tmp/out" 2>"$tmp/err"; rc=$?
check "lvsd -c B -c A --test-config: checks A, which is missing (exit $rc)" test $rc -ne 0
check "... naming A" grep -q /nonexistent/b.cf "$tmp/err"

"$b/pulse/pulse" -c /a -c /b --lvsd=/x --lvs=/y --pidfile=/p --pidfile=/q --version \
	>"$tmp/out" 2>"$tmp/err"; rc=$?
check "pulse with string options twice, --version: exit $rc" test $rc -eq 0
check "... nothing on stderr" test ! -s "$tmp/err"

"$b/send_arp/send_arp" -i eth9 -i lo --version >"$tmp/out" 2>"$tmp/err"; rc=$?
check "send_arp -i A -i B --version: exit $rc, the version printed" \
	sh -c "[ $rc -eq 0 ] && grep -q send_arp '$tmp/out' && [ ! -s '$tmp/err' ]"
"$b/send_arp/send_arp" -i nosuchdev0 -i nosuchdev1 10.0.0.1 >"$tmp/out" 2>"$tmp/err"; rc=$?
check "send_arp -i A -i B ADDR: uses B (exit $rc)" \
	sh -c "[ $rc -ne 0 ] && grep -q \"unknown interface 'nosuchdev1'\" '$tmp/err'"

"$b/nanny/nanny" -n -h 127.0.0.1 -h 127.0.0.2 -p 1 -p 2 -V 10.0.0.1 -V 10.0.0.2 --version \
	>"$tmp/out" 2>"$tmp/err"; rc=$?
check "nanny with string options twice, --version: exit $rc" \
	sh -c "[ $rc -eq 0 ] && [ ! -s '$tmp/err' ]"
printf 'virtual_server 10.0.0.1 80 {\n  real_server 10.0.0.2 80 {\n  }\n}\n' >"$tmp/k.conf"
"$b/tools/lvs-config-convert" -q -o "$tmp/first.cf" -o "$tmp/last.cf" "$tmp/k.conf" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "lvs-config-convert -o A -o B: exit $rc, writes B only" \
	sh -c "[ $rc -eq 0 ] && [ -s '$tmp/last.cf' ] && [ ! -e '$tmp/first.cf' ]"

"$b/lvsd/lvsd" --metrics-file=/a --metrics-file=/b --metrics-interval=5 --metrics-interval=10 \
	-c "$cf" --test-config >"$tmp/out" 2>"$tmp/err"; rc=$?
check "lvsd --metrics-file twice, --test-config: exit $rc" test $rc -eq 0
"$b/pulse/pulse" --socket=/a --socket=/b --metrics-file=/a --metrics-file=/b --version \
	>"$tmp/out" 2>"$tmp/err"; rc=$?
check "pulse --socket and --metrics-file twice, --version: exit $rc" \
	sh -c "[ $rc -eq 0 ] && [ ! -s '$tmp/err' ]"
tap_done
