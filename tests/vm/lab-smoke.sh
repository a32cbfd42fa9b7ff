#!/bin/sh
# make check: the lab smoke scenario, in the VM.
exec "${top_srcdir:-$(dirname "$0")/../..}/tests/vm/vm-test" \
	"${top_srcdir:-$(dirname "$0")/../..}/tests/vm/scenarios/lab-smoke.sh"
