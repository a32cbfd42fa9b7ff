#!/bin/bash
# Set up a fresh Debian 12 machine (as root) and build lvs-suite, then:
#   scripts/setup.sh demo    build and run the demo in the VM lab (tests/demo/demo.sh, plain lines)
#   scripts/setup.sh check   build and run every test; last line "N passed, N failed, N skipped"
#   scripts/setup.sh deps    only install the Debian packages
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
what=${1:-check}

# Build and test dependencies, all from Debian's archive.
packages=(
	build-essential autoconf automake libtool pkg-config
	libnl-3-dev libnl-genl-3-dev libnl-route-3-dev libpopt-dev libcap-dev libssl-dev
	iproute2 ipvsadm kmod cpio xz-utils busybox-static qemu-system-x86 qemu-utils bird2
	groff-base man-db valgrind tcpdump clang jq
)

install_deps() {
	local missing=()
	for p in "${packages[@]}"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
	done
	if [ ${#missing[@]} -gt 0 ]; then
		echo "setup: installing ${missing[*]}"
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -qq
		apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
	fi
}

build() {
	autoreconf -fi
	mkdir -p build
	cd build
	[ -f Makefile ] || ../configure --enable-silent-rules
	make -j"$(nproc)"
}

# Sum automake's test-suite summaries into the one closing line CI reads.
summarize() {
	awk '
		/^# (PASS|XFAIL):/ { passed += $3 }
		/^# (FAIL|XPASS|ERROR):/ { failed += $3 }
		/^# SKIP:/ { skipped += $3 }
		END { printf "%d passed, %d failed, %d skipped\n", passed, failed, skipped }
	' "$@"
}

case "$what" in
deps)
	install_deps
	;;
check)
	install_deps
	build
	# In CI a missing qemu or kernel is a failure, not a skip.
	if [ "${CI:-}" = true ]; then export LVS_VM_REQUIRED=1; fi
	status=0
	make -j2 check 2>&1 | tee check.out || status=$?
	if [ $status -ne 0 ]; then
		find . -name '*.log' -path '*tests*' -newer Makefile -print0 |
			xargs -0 grep -l -E '^(not ok|ERROR|FAIL)' 2>/dev/null |
			while read -r log; do echo "==== $log"; tail -n 60 "$log"; done
	fi
	# The sanitizer tier: a second build with ASan, UBSan and LSan runs the
	# tests that need no VM (a leak fails its test). Then the valgrind tier:
	# the daemons' loopback tests with nanny, pulse and send_arp under
	# memcheck, one verdict per process. Their summaries count in the last line.
	echo "setup: sanitizer tier in build-san (output in build/san.out)"
	san_status=0
	(
		mkdir -p ../build-san && cd ../build-san &&
			{ [ -f Makefile ] || ../configure --enable-silent-rules --enable-sanitizers; } &&
			make -j"$(nproc)" && make -j2 check-host
	) >san.out 2>&1 || san_status=$?
	grep -E '^(# [A-Z]+:|FAIL|ERROR)' san.out || true
	[ "$san_status" -eq 0 ] || { tail -n 40 san.out; status=1; }
	echo "setup: valgrind tier (output in build/valgrind.out)"
	vg_status=0
	make check-valgrind >valgrind.out 2>&1 || vg_status=$?
	grep -E '^(# [A-Z]+:|FAIL|ERROR)' valgrind.out || true
	[ "$vg_status" -eq 0 ] || { tail -n 40 valgrind.out; status=1; }
	# Every fuzz target for a short while on top of its seed corpus (make
	# fuzz prints a crashing input as hex); it counts as one test.
	fuzz_status=0
	echo "setup: make fuzz FUZZ_SECONDS=${FUZZ_SECONDS:-30} (output in build/fuzz.out)"
	make fuzz FUZZ_SECONDS="${FUZZ_SECONDS:-30}" >fuzz.out 2>&1 || fuzz_status=$?
	if [ "$fuzz_status" -eq 0 ]; then echo "# PASS: 1 (make fuzz)" >>check.out; else
		echo "# FAIL: 1 (make fuzz, status $fuzz_status)" >>check.out
		tail -n 40 fuzz.out
		status=1
	fi
	summarize check.out san.out valgrind.out
	exit $status
	;;
demo)
	install_deps
	build
	exec make demo
	;;
*)
	echo "usage: $0 demo|check|deps" >&2
	exit 2
	;;
esac
