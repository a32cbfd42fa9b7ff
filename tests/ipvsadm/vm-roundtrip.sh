#!/bin/sh
# make check: 1,000 services x 10 servers restored with ours and saved back
# by ours and Debian's, in the VM lab (skips loudly without it).
: "${top_srcdir:=.}" "${top_builddir:=.}"
LVS_VM_TIMEOUT=${LVS_VM_TIMEOUT_IPVSADM:-1200}
export LVS_VM_TIMEOUT
exec "$top_srcdir/tests/vm/vm-test" "$top_srcdir/tests/ipvsadm/roundtrip-run.sh" \
	"$top_builddir/src/ipvsadm/ipvsadm"
