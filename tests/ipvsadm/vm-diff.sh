#!/bin/sh
# make check: our ipvsadm against Debian's, step by step, in the VM lab
# (tests/vm/vm-test skips loudly when the lab cannot run).
: "${top_srcdir:=.}" "${top_builddir:=.}"
# About 1,300 program runs at up to half a second each under emulation.
LVS_VM_TIMEOUT=${LVS_VM_TIMEOUT_IPVSADM:-3000}
export LVS_VM_TIMEOUT
exec "$top_srcdir/tests/vm/vm-test" "$top_srcdir/tests/ipvsadm/diff-run.sh" \
	"$top_srcdir/tests/ipvsadm/corpus.txt" "$top_builddir/src/ipvsadm/ipvsadm"
