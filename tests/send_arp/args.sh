#!/bin/sh
# send_arp's arguments: usage when there are none, and addresses no host can
# claim refused before anything is sent (no root needed: it stops first).
tool="$top_builddir/src/send_arp/send_arp"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

. "$top_srcdir/tests/tap.sh"

"$tool" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "no arguments: exit 2" test $rc -eq 2
check "no arguments: usage printed" grep -q "^Usage: send_arp" "$tmp/err"
check "no arguments: no 'bad IP address'" sh -c "! grep -q 'bad IP address' '$tmp/err'"

for case in "0.0.0.0:the unspecified address" "255.255.255.255:the broadcast address" \
	    "224.0.0.1:a multicast address" "127.0.0.1:a loopback address" \
	    "@::1:a loopback address" "@:::the unspecified address" "@ff02::1:a multicast address"; do
	case $case in
	@*) rest=${case#@}; addr=${rest%:*}; why=${rest##*:} ;;
	*) addr=${case%%:*}; why=${case#*:} ;;
	esac
	# -i names a device that cannot exist: were the address let through,
	# the run would still stop without sending anything.
	"$tool" -i no-such-dev0 "$addr" >"$tmp/out" 2>"$tmp/err"; rc=$?
	check "$addr: exit 2" test $rc -eq 2
	check "$addr: refused as $why" grep -qx "send_arp: $addr is $why: no host can claim it, nothing sent" "$tmp/err"
done

"$tool" -i no-such-dev0 127.0.0.1 00:11:22:33:44:55 192.0.2.1 00:11:22:33:44:66 >"$tmp/out" 2>"$tmp/err"; rc=$?
check "classic form: a loopback source refused" \
	sh -c "[ $rc -eq 2 ] && grep -q '127.0.0.1 is a loopback address' '$tmp/err'"

"$tool" -i no-such-dev0 192.0.2.1 >"$tmp/out" 2>"$tmp/err"; rc=$?
check "a unicast address passes the check (then the device is unknown)" \
	sh -c "[ $rc -eq 1 ] && grep -q \"unknown interface 'no-such-dev0'\" '$tmp/err'"

tap_done
