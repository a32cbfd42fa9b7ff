# Shared by the VM tests of ipvsadm: find the lab, or skip loudly.
vmrun="$top_srcdir/tests/vm/run"
need_vm() {
	if [ ! -x "$vmrun" ]; then
		echo "1..0 # SKIP the VM lab (tests/vm/run) is not there: ipvsadm NOT compared with Debian's"
		exit 0
	fi
	if ! command -v qemu-system-x86_64 >/dev/null 2>&1; then
		echo "1..0 # SKIP qemu-system-x86_64 missing: ipvsadm NOT compared with Debian's"
		exit 0
	fi
	if [ ! -x /usr/sbin/ipvsadm ]; then
		echo "1..0 # SKIP Debian's ipvsadm (/usr/sbin/ipvsadm) missing: nothing to compare with"
		exit 0
	fi
}
