#!/bin/sh
# --version: every program prints one line naming itself and exits 0,
# without root and without IPVS in the kernel.
version=$(sed -n 's/^#define PACKAGE_VERSION "\(.*\)"$/\1/p' "$top_builddir/config.h")
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

. "$top_srcdir/tests/tap.sh"

# program, then the text its version line must contain
for entry in "pulse/pulse:pulse (lvs-suite) $version" "lvsd/lvsd:lvsd $version" \
	"nanny/nanny:nanny (lvs-suite) $version" "send_arp/send_arp:send_arp (lvs-suite) $version" \
	"tools/lvs-config-check:lvs-config-check (lvs-suite) $version" \
	"tools/lvs-config-convert:lvs-config-convert (lvs-suite) $version" \
	"ipvsadm/ipvsadm:ipvsadm v1.31"; do
	prog=${entry%%:*}
	want=${entry#*:}
	name=${prog##*/}
	"$top_builddir/src/$prog" --version >"$tmp/out" 2>"$tmp/err"; rc=$?
	check "$name --version: exit 0" test $rc -eq 0
	check "$name --version: says '$want'" grep -qF "$want" "$tmp/out"
	check "$name --version: one line" test "$(wc -l <"$tmp/out")" -eq 1
	check "$name --version: nothing on stderr" test ! -s "$tmp/err"
done
tap_done
