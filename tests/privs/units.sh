#!/bin/sh
# The systemd units: systemd-analyze verify has nothing to say about them,
# and their exposure level (systemd-analyze security --offline) is no worse
# than the hardening reached (README.md, "Least privilege"). Skipped where
# systemd-analyze is not installed.
. "$top_srcdir/tests/tap.sh"
if ! command -v systemd-analyze >/dev/null 2>&1; then
	tap_skip_all "systemd-analyze is not installed"
fi
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
# verify wants the programs the unit runs to exist: the built ones.
mkdir "$tmp/sbin" "$tmp/etc"
for p in pulse/pulse lvsd/lvsd tools/lvs-config-check; do
	ln -s "$top_builddir/src/$p" "$tmp/sbin/" || exit 1
done

# unit:highest exposure allowed
for entry in pulse:2.7 lvsd:2.2; do
	u=${entry%%:*}
	max=${entry#*:}
	sed -e "s|@sbindir[@]|$tmp/sbin|g" -e "s|@sysconfdir[@]|$tmp/etc|g" -e 's|@runstatedir[@]|/run|g' \
		"$top_srcdir/etc/systemd/$u.service.in" >"$tmp/$u.service"
	systemd-analyze verify --man=no "$tmp/$u.service" >"$tmp/verify" 2>&1
	check "$u.service: systemd-analyze verify passes" test $? -eq 0
	check "$u.service: systemd-analyze verify has nothing to say" test ! -s "$tmp/verify"
	sed 's/^/# /' "$tmp/verify"
	systemd-analyze security --offline=true --no-pager "$tmp/$u.service" >"$tmp/security" 2>&1
	score=$(sed -n "s/.*Overall exposure level for $u\.service: \([0-9.]*\).*/\1/p" "$tmp/security")
	echo "# $u.service: exposure level ${score:-?} (at most $max)"
	check "$u.service: systemd-analyze security gives an exposure level" test -n "$score"
	check "$u.service: exposure level ${score:-?} is at most $max" \
		awk -v s="${score:-99}" -v m="$max" 'BEGIN { exit !(s + 0 <= m + 0) }'
done

# lvsd.service with the drop-in for director_mode = ecmp: still verifies,
# it gives lvsd /dev/net/tun (and nothing more) and BIRD's group, and its
# exposure stays bounded. The drop-in is read from beside the unit.
mkdir "$tmp/lvsd.service.d" && cp "$top_srcdir/etc/systemd/lvsd-ecmp.conf" "$tmp/lvsd.service.d/ecmp.conf"
systemd-analyze verify --man=no "$tmp/lvsd.service" >"$tmp/verify" 2>&1
check "lvsd.service + lvsd-ecmp.conf: systemd-analyze verify passes" test $? -eq 0
check "lvsd.service + lvsd-ecmp.conf: verify has nothing to say" test ! -s "$tmp/verify"
sed 's/^/# /' "$tmp/verify"
systemd-analyze security --offline=true --no-pager "$tmp/lvsd.service" >"$tmp/security" 2>&1
check "the drop-in is read: PrivateDevices is off" grep -q '^ *✗ PrivateDevices=' "$tmp/security"
check "... and a device list allows /dev/net/tun" grep -q 'DeviceAllow=.*device ACL.*/dev/net/tun:rw' "$tmp/security"
score=$(sed -n "s/.*Overall exposure level for lvsd\.service: \([0-9.]*\).*/\1/p" "$tmp/security")
echo "# lvsd.service with lvsd-ecmp.conf: exposure level ${score:-?} (at most 2.6)"
check "lvsd.service + lvsd-ecmp.conf: exposure level ${score:-?} is at most 2.6" \
	awk -v s="${score:-99}" -v m=2.6 'BEGIN { exit !(s + 0 <= m + 0) }'
tap_done
