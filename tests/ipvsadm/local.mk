# tests/ipvsadm: differential and round-trip tests of ipvsadm, run in the VM
# lab (tests/vm/run); they skip, saying so, when the lab is unavailable.
IPVSADM_VM_TESTS = tests/ipvsadm/vm-diff.sh tests/ipvsadm/vm-roundtrip.sh
TESTS += $(IPVSADM_VM_TESTS)
EXTRA_DIST += $(IPVSADM_VM_TESTS) \
	tests/ipvsadm/diff-run.sh tests/ipvsadm/roundtrip-run.sh tests/ipvsadm/corpus.txt
# Listings of a table that carried traffic (-c, counters, rates), ours vs Debian's.
TESTS += tests/ipvsadm/traffic.vmt
EXTRA_DIST += tests/ipvsadm/traffic.vmt
# ipvsadm-diff, ipvsadm-restore and ipvsadm-save without a kernel.
TESTS += tests/ipvsadm/test-rules-diff.sh
EXTRA_DIST += tests/ipvsadm/test-rules-diff.sh
