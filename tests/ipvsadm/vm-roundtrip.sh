#!/bin/sh
# make check: 1,000 services x 10 servers restored and saved back, in the VM lab.
. "${top_srcdir:-.}/tests/ipvsadm/vm-common.sh"
need_vm
exec "$vmrun" "$top_srcdir/tests/ipvsadm/roundtrip-run.sh" \
	"$top_builddir/src/ipvsadm/ipvsadm"
