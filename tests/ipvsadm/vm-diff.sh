#!/bin/sh
# make check: differential test of our ipvsadm against Debian's, in the VM lab.
. "${top_srcdir:-.}/tests/ipvsadm/vm-common.sh"
need_vm
exec "$vmrun" "$top_srcdir/tests/ipvsadm/diff-run.sh" \
	"$top_srcdir/tests/ipvsadm/corpus.txt" "$top_builddir/src/ipvsadm/ipvsadm"
