#!/bin/bash
# deb-check: build the Debian package in a copy of the tree (the source tree
# stays clean), lint it, install it, run each program from its installed path,
# then remove and purge it and check that nothing it brought is left behind.
# Run as root on a Debian 12 machine that may be changed (CI): it installs the
# build dependencies, and the package conflicts with Debian's ipvsadm.
#
#   scripts/deb-check.sh [--keep] [--replace-ipvsadm]
#     --keep             leave the work directory
#     --replace-ipvsadm  when Debian's ipvsadm is installed, let the package
#                        replace it for the check; it is installed again at the
#                        end. Without it the check refuses: the VM lab uses
#                        /usr/sbin/ipvsadm from Debian as its reference.
#
# Hook: when DEB_CHECK_INSTALLED_HOOK names a program, it runs while the
# package is installed (for the lab demo against the installed files), with
# the package's file list as its first argument; its failure fails the check.
set -euo pipefail
cd "$(dirname "$0")/.."
src=$PWD
keep=no
replace_ipvsadm=no
for arg in "$@"; do
	case $arg in
	--keep) keep=yes ;;
	--replace-ipvsadm) replace_ipvsadm=yes ;;
	*) echo "usage: $0 [--keep] [--replace-ipvsadm]" >&2; exit 2 ;;
	esac
done
pkg=lvs-suite
started=$(date +%s)

say() { printf 'deb-check: %s\n' "$*"; }
fail() { say "FAIL: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || fail "run as root (it installs and purges $pkg)"
installed() { dpkg-query -W -f '${Status}' "$1" 2>/dev/null | grep -q ' installed$'; }
if installed "$pkg"; then
	fail "$pkg is installed already; this check would purge it (dpkg -P $pkg first)"
fi
had_ipvsadm=no
if installed ipvsadm; then
	[ $replace_ipvsadm = yes ] ||
		fail "Debian's ipvsadm is installed and $pkg replaces it; give --replace-ipvsadm to allow that for the check"
	had_ipvsadm=yes
fi

work=$(mktemp -d /tmp/deb-check.XXXXXX)
# Debian's ipvsadm back as it was, also after a failure: our package, when
# still there, goes first; ipvsadm's own record (conffiles gone) is purged.
restore_ipvsadm() {
	[ $had_ipvsadm = yes ] || return 0
	installed ipvsadm && return 0
	if installed "$pkg"; then dpkg -P "$pkg" >/dev/null 2>&1 || true; fi
	dpkg -P ipvsadm >/dev/null 2>&1 || true
	say "installing Debian's ipvsadm again"
	if ls "$work"/ipvsadm_*.deb >/dev/null 2>&1; then
		apt-get install -y -q "$work"/ipvsadm_*.deb >/dev/null 2>&1
	else
		apt-get install -y -q ipvsadm >/dev/null 2>&1
	fi || say "WARNING: could not install Debian's ipvsadm again (apt-get install ipvsadm)"
}
cleanup() {
	restore_ipvsadm
	if [ $keep = yes ]; then say "work directory kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

say "copying the tree to $work"
mkdir "$work/tree"
if git -C "$src" rev-parse --git-dir >/dev/null 2>&1; then
	git -C "$src" ls-files -z --cached --others --exclude-standard |
		(cd "$src" && xargs -0 cp --parents -a -t "$work/tree" 2>/dev/null || true)
	# files deleted in the work tree but still in the index
	git -C "$src" ls-files -z --deleted | (cd "$work/tree" && xargs -0 rm -f)
else
	tar -C "$src" --exclude=./build -cf - . | tar -C "$work/tree" -xf -
fi

say "installing build dependencies"
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -q --no-install-recommends dpkg-dev debhelper lintian >"$work/apt.log" 2>&1 ||
	{ cat "$work/apt.log"; fail "apt-get install of the build tools"; }
(cd "$work/tree" && apt-get build-dep -y -q ./) >>"$work/apt.log" 2>&1 ||
	{ cat "$work/apt.log"; fail "apt-get build-dep"; }

say "dpkg-buildpackage -us -uc -b"
(cd "$work/tree" && dpkg-buildpackage -us -uc -b) >"$work/build.log" 2>&1 ||
	{ tail -n 60 "$work/build.log"; fail "dpkg-buildpackage (log: $work/build.log)"; }
deb=$(ls "$work"/${pkg}_*.deb)
changes=$(ls "$work"/${pkg}_*.changes)
say "built $(basename "$deb")"

say "lintian"
lintian --fail-on error --info "$changes" | tee "$work/lintian.log" || fail "lintian reported errors"
say "lintian: $(grep -c '^E:' "$work/lintian.log" || true) errors," \
	"$(grep -c '^W:' "$work/lintian.log" || true) warnings"

# What the system has before: afterwards only what was there may remain.
snapshot() {
	{ find /etc /usr /lib /var/lib/systemd 2>/dev/null || true; } | LC_ALL=C sort
}
snapshot >"$work/before"

if [ $had_ipvsadm = yes ]; then
	(cd "$work" && apt-get download -q ipvsadm >/dev/null 2>&1) ||
		say "cannot download Debian's ipvsadm now; it will come from the archive at the end"
	say "$pkg replaces Debian's ipvsadm until the end of the check"
fi
say "installing $(basename "$deb")"
apt-get install -y -q "$deb" >"$work/install.log" 2>&1 ||
	{ cat "$work/install.log"; fail "apt-get install ./$(basename "$deb")"; }
dpkg-query -L "$pkg" >"$work/files"
dpkg-query -W -f '${Conffiles}\n' "$pkg" | awk 'NF { print $1 }' >"$work/conffiles"

say "programs run from the installed paths"
for prog in pulse lvsd nanny ipvsadm send_arp lvs-config-check lvs-config-convert ipvsadm-save \
	ipvsadm-restore ipvsadm-diff; do
	path=/usr/sbin/$prog
	grep -qxF "$path" "$work/files" || fail "$path is not in the package"
	out=$("$path" --version 2>&1) || fail "$path --version: $out"
	say "  $path --version: $out"
done
example=/usr/share/doc/$pkg/examples/lvs.cf
out=$(/usr/sbin/lvs-config-check "$example" 2>&1) || fail "lvs-config-check $example: $out"
say "  lvs-config-check $example: $out"
for page in pulse.8 lvsd.8 nanny.8 ipvsadm.8 send_arp.8 lvs-config-check.8 lvs-config-convert.8 \
	ipvsadm-save.8 ipvsadm-restore.8 ipvsadm-diff.8 lvs.cf.5; do
	grep -q "/usr/share/man/man${page##*.}/$page.gz\$" "$work/files" || fail "no man page $page"
done
key=/etc/lvs/heartbeat.key
[ "$(stat -c %a "$key" 2>/dev/null)" = 600 ] || fail "$key missing or not mode 0600"
say "  $key: mode 0600"
for prog in ipvsadm pulse lvsd nanny send_arp lvs-config-check lvs-config-convert; do
	bash -c ". /usr/share/bash-completion/completions/$prog && complete -p $prog" >/dev/null ||
		fail "bash completion for $prog"
done
say "  bash completion: seven scripts load"
for unit in pulse lvsd ipvsadm; do
	grep -qxF "/lib/systemd/system/$unit.service" "$work/files" || fail "no $unit.service"
done
grep -q '^ConditionFileNotEmpty=/etc/lvs.cf$' /lib/systemd/system/pulse.service ||
	fail "pulse.service does not wait for /etc/lvs.cf"
for conf in /etc/default/ipvsadm /etc/ipvsadm.rules /etc/init.d/ipvsadm /etc/init.d/pulse; do
	grep -qxF "$conf" "$work/conffiles" || fail "$conf is not a conffile"
done
/usr/libexec/$pkg/ipvsadm-rules start || fail "ipvsadm-rules start with AUTO=false"

if [ -n "${DEB_CHECK_INSTALLED_HOOK:-}" ]; then
	say "hook: $DEB_CHECK_INSTALLED_HOOK"
	"$DEB_CHECK_INSTALLED_HOOK" "$work/files" || fail "hook $DEB_CHECK_INSTALLED_HOOK"
else
	say "hook: DEB_CHECK_INSTALLED_HOOK not set, no lab scenario against the installed files"
fi

say "dpkg -r $pkg"
dpkg -r "$pkg" >"$work/remove.log" 2>&1 || { cat "$work/remove.log"; fail "dpkg -r"; }
while read -r f; do
	[ -d "$f" ] && continue	# directories may be shared (and /lib is a link)
	[ -e "$f" ] || [ -L "$f" ] || continue
	grep -qxF "$f" "$work/conffiles" || fail "$f is still there after dpkg -r"
done <"$work/files"
say "dpkg -P $pkg"
dpkg -P "$pkg" >"$work/purge.log" 2>&1 || { cat "$work/purge.log"; fail "dpkg -P"; }
dpkg-query -W -f '${Status}' "$pkg" 2>/dev/null | grep -q 'not-installed' ||
	[ -z "$(dpkg-query -W -f '${Status}' "$pkg" 2>/dev/null)" ] || fail "dpkg still knows $pkg"

snapshot >"$work/after"
LC_ALL=C comm -13 "$work/before" "$work/after" >"$work/left"
if [ -s "$work/left" ]; then
	cat "$work/left" >&2
	fail "left behind after dpkg -P (above)"
fi
while read -r f; do
	[ -d "$f" ] && continue	# new directories show in the snapshots above
	[ -e "$f" ] || [ -L "$f" ] || continue
	grep -qxF "$f" "$work/before" || fail "$f is still there after dpkg -P"
done <"$work/files"
say "OK: built, linted, installed, run, removed and purged in $(($(date +%s) - started)) s"
