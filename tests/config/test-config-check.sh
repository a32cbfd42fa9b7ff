#!/bin/sh
# lvs-config-check: exit codes, messages and the FILE:LINE:COL error format.
tool="$top_builddir/src/tools/lvs-config-check"
conf="$top_srcdir/tests/config/conf"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

. "$top_srcdir/tests/tap.sh"

"$tool" "$top_srcdir/etc/lvs.cf.example" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "example: exit 0" test $rc -eq 0
check "example: says configuration OK" grep -q "configuration OK" "$tmp/out"
check "example: nothing on stderr" test ! -s "$tmp/err"

"$tool" -c "$top_srcdir/etc/lvs.cf.example" >"$tmp/out" 2>&1; rc=$?
check "-c FILE: exit 0" test $rc -eq 0
check "-c FILE: configuration OK" grep -q "configuration OK" "$tmp/out"

"$tool" -q "$top_srcdir/etc/lvs.cf.example" >"$tmp/out" 2>&1; rc=$?
check "-q: exit 0" test $rc -eq 0
check "-q: silent on success" test ! -s "$tmp/out"

"$tool" "$conf/bad-unknown-keyword.cf" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "bad file: exit 1" test $rc -eq 1
check "bad file: FILE:LINE:COL: error: MESSAGE" \
	grep -qx "$conf/bad-unknown-keyword.cf:4:2: error: unknown keyword 'schedular' (did you mean 'scheduler'?)" "$tmp/err"
check "bad file: error count" grep -qx "1 error" "$tmp/err"
check "bad file: no OK" test ! -s "$tmp/out"

# Several errors in one file are all reported, in file order.
cat >"$tmp/multi.cf" <<'CF'
keepalive = soon
virtual web {
	address = 192.0.2.10 eth0:1
	port = 80
	weight = 3
	server a {
		address = 2001:db8::1
	}
}
}
CF
"$tool" -c "$tmp/multi.cf" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "several errors: exit 1" test $rc -eq 1
check "several errors: 4 errors" grep -qx "4 errors" "$tmp/err"
sed -n 's/^[^:]*:\([0-9]*\):\([0-9]*\): error: .*/\1:\2/p' "$tmp/err" | tr '\n' ' ' >"$tmp/locs"
check "several errors: locations in order" test "$(cat "$tmp/locs")" = "1:13 5:2 7:3 10:1 "

"$tool" --dump "$top_srcdir/etc/lvs.cf.example" >"$tmp/dump.cf" 2>&1; rc=$?
check "--dump: exit 0" test $rc -eq 0
check "--dump: prints the virtuals" grep -q "^virtual www {" "$tmp/dump.cf"
"$tool" -q "$tmp/dump.cf" >"$tmp/out" 2>&1; rc=$?
check "--dump output passes the check" test $rc -eq 0
"$tool" --dump "$tmp/dump.cf" >"$tmp/dump2.cf" 2>&1
check "--dump is a fixed point" cmp -s "$tmp/dump.cf" "$tmp/dump2.cf"

"$tool" "$tmp/does-not-exist.cf" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "missing file: exit 1" test $rc -eq 1
check "missing file: cannot open" grep -q "does-not-exist.cf: error: cannot open" "$tmp/err"

# An original file: accepted, its warnings on stderr in the same format.
"$tool" "$conf/compat-no-auth.cf" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "original file without a key: exit 0" test $rc -eq 0
check "original file without a key: configuration OK" grep -q "configuration OK" "$tmp/out"
check "original file without a key: FILE:LINE:COL: warning: on stderr" \
	grep -q "^$conf/compat-no-auth.cf:5:1: warning: heartbeats are not authenticated" "$tmp/err"
"$tool" -q "$conf/compat-no-auth.cf" >"$tmp/out" 2>&1; rc=$?
check "-q: warnings silenced too, still exit 0" sh -c "[ $rc -eq 0 ] && [ ! -s '$tmp/out' ]"
"$tool" "$conf/bad-deadtime.cf" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "deadtime = keepalive where the pair runs: exit 1, both values named" \
	sh -c "[ $rc -eq 1 ] && grep -q 'error: deadtime (2) must be greater than keepalive (2)' '$tmp/err'"

# director_mode = ecmp refuses NAT on the line that chose it.
"$tool" "$conf/bad-ecmp-nat-server.cf" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "ecmp with a NAT server: exit 1, FILE:LINE:COL of its network line" \
	sh -c "[ $rc -eq 1 ] && grep -q '^$conf/bad-ecmp-nat-server.cf:10:3: error: director_mode = ecmp cannot forward by NAT' '$tmp/err'"
"$tool" "$conf/ecmp.cf" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "ecmp with direct and tunnel servers: exit 0" test $rc -eq 0

"$tool" --no-such-option >"$tmp/out" 2>&1; rc=$?
check "bad option: exit 2" test $rc -eq 2

"$tool" a.cf b.cf >"$tmp/out" 2>&1; rc=$?
check "two files: exit 2" test $rc -eq 2

# A file that never ends stops at the size cap (memory bounded here so that
# a tool without the cap fails instead of eating the machine). ASan reserves
# terabytes of address space, so a sanitizer build is bounded by its RSS.
if ldd "$tool" 2>/dev/null | grep -q libasan; then
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}hard_rss_limit_mb=400 "$tool" /dev/zero
else
	(ulimit -v 400000; exec "$tool" /dev/zero)
fi >"$tmp/out" 2>"$tmp/err"; rc=$?
check "/dev/zero: exit 1" test $rc -eq 1
check "/dev/zero: too large, file named" \
	grep -qx "/dev/zero: error: file too large (lvs.cf may be at most 16 MiB)" "$tmp/err"

"$tool" "" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "empty path: exit 1" test $rc -eq 1
check "empty path: says so" grep -qx "error: the configuration file name is empty" "$tmp/err"
"$tool" "$tmp/none.cf" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "missing file: the path named, no line numbers" \
	grep -qx "$tmp/none.cf: error: cannot open: No such file or directory" "$tmp/err"

# Bytes from the file are quoted, never echoed raw to the terminal.
printf 'fr\033[31mob = 1\n\377 = 2\n' >"$tmp/esc.cf"
"$tool" "$tmp/esc.cf" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "escape sequence: exit 1" test $rc -eq 1
check "escape sequence: quoted as \\x1b" \
	grep -qF "$tmp/esc.cf:1:1: error: unknown keyword 'fr\x1b[31mob' in the global section" "$tmp/err"
check "byte 0xff: quoted as \\xff" grep -qF "unknown keyword '\xff'" "$tmp/err"
check "no control or 8-bit byte on stderr" sh -c "! LC_ALL=C grep -q '[^ -~]' '$tmp/err'"

tap_done
