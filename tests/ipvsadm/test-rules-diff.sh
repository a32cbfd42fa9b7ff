#!/bin/sh
# ipvsadm-diff and ipvsadm-restore --diff without a kernel: the current table
# comes from a file, and ipvsadm is a stand-in that records what it is given.
bin="$top_builddir/src/ipvsadm"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

. "$top_srcdir/tests/tap.sh"

cat >"$tmp/current" <<'RULES'
-A -t 192.0.2.10:80 -s wrr
-a -t 192.0.2.10:80 -r 10.0.0.2:8080 -m -w 2
-a -t 192.0.2.10:80 -r 10.0.0.3:8080 -m -w 1
-A -t 192.0.2.11:443 -s rr -p 300
-a -t 192.0.2.11:443 -r 10.0.0.4:443 -g -w 1
-A -f 7 -6 -s wlc
-a -f 7 -6 -r [2001:db8::5]:0 -g -w 1
RULES
cat >"$tmp/wanted" <<'RULES'
# weights changed, one server gone, one added, a service gone and one new
-A -t 192.0.2.10:80 -s wrr
-a -t 192.0.2.10:80 -r 10.0.0.2:8080 -m -w 5
--add-service --tcp-service 192.0.2.11:443 -s rr
-a -t 192.0.2.11:443 -r 10.0.0.4:443 -g -w 1
-a -t 192.0.2.11:443 -r 10.0.0.9:443 -g -w 1

-A -u 192.0.2.12:53 -s rr
-a -u 192.0.2.12:53 -r 10.0.0.5:53 -m -w 1
RULES
cat >"$tmp/expected" <<'RULES'
-D -f 7 -6
-d -t 192.0.2.10:80 -r 10.0.0.3:8080
-E -t 192.0.2.11:443 -s rr
-A -u 192.0.2.12:53 -s rr
-e -t 192.0.2.10:80 -r 10.0.0.2:8080 -m -w 5
-a -t 192.0.2.11:443 -r 10.0.0.9:443 -g -w 1
-a -u 192.0.2.12:53 -r 10.0.0.5:53 -m -w 1
RULES

"$bin/ipvsadm-diff" -c "$tmp/current" "$tmp/wanted" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "diff: exit 0" test $rc -eq 0
check "diff: nothing on stderr" test ! -s "$tmp/err"
check "diff: deletions, then services, then real servers" cmp -s "$tmp/expected" "$tmp/out"
"$bin/ipvsadm-diff" -c "$tmp/current" <"$tmp/current" >"$tmp/out"; rc=$?
check "same table: exit 0" test $rc -eq 0
check "same table: no command" test ! -s "$tmp/out"
"$bin/ipvsadm-diff" -c "$tmp/current" /dev/null >"$tmp/out"
check "empty rules: every service deleted, nothing else" \
	test "$(sort "$tmp/out" | tr '\n' ,)" = "-D -f 7 -6,-D -t 192.0.2.10:80,-D -t 192.0.2.11:443,"
"$bin/ipvsadm-diff" -c "$tmp/missing" "$tmp/wanted" >/dev/null 2>&1; rc=$?
check "unreadable current table: exit 1" test $rc -eq 1
"$bin/ipvsadm-diff" -x >/dev/null 2>&1; rc=$?
check "bad option: exit 2" test $rc -eq 2

# A stand-in ipvsadm: -S prints the current table, -C and -R are recorded.
cat >"$tmp/ipvsadm" <<FAKE
#!/bin/sh
case "\$1" in
-S) cat "$tmp/current" ;;
-C) echo CLEAR >>"$tmp/log" ;;
-R) echo RESTORE >>"$tmp/log"; cat >>"$tmp/log" ;;
esac
FAKE
chmod +x "$tmp/ipvsadm"
export IPVSADM="$tmp/ipvsadm" IPVSADM_DIFF="$bin/ipvsadm-diff"
: >"$tmp/log"
"$bin/ipvsadm-restore" --diff <"$tmp/wanted"; rc=$?
check "restore --diff: exit 0" test $rc -eq 0
check "restore --diff: never clears the table" sh -c "! grep -q CLEAR '$tmp/log'"
{ echo RESTORE; cat "$tmp/expected"; } >"$tmp/expected-log"
check "restore --diff: loads the difference only" cmp -s "$tmp/expected-log" "$tmp/log"
: >"$tmp/log"
"$bin/ipvsadm-restore" --diff <"$tmp/current"
check "restore --diff, no change: ipvsadm -R not run" test ! -s "$tmp/log"
: >"$tmp/log"
"$bin/ipvsadm-restore" <"$tmp/wanted"
check "restore: clears, then loads the rules without comments" \
	test "$(head -n 2 "$tmp/log" | tr '\n' ,)" = "CLEAR,RESTORE,"
check "restore: comments dropped" sh -c "! grep -q '^#' '$tmp/log'"
"$bin/ipvsadm-save" -n >"$tmp/out"
check "save -n: the table as ipvsadm -S prints it" cmp -s "$tmp/current" "$tmp/out"
tap_done
