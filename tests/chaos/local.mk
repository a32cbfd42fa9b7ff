# tests/chaos: the daemons under abuse, in the lab VM.
# Reload storm: SIGHUPs to lvsd and to a pulse pair while lvs.cf changes.
TESTS += tests/chaos/storm.vmt
EXTRA_DIST += tests/chaos/storm.vmt tests/chaos/storm-lib.sh
# Random faults on a pair under load: 8 in make check; make chaos runs 50
# (CHAOS_FAULTS=N for another count) and collects the "# chaos:" figures.
TESTS += tests/chaos/chaos.vmt
EXTRA_DIST += tests/chaos/chaos.vmt
CHAOS_FAULTS = 50
chaos: all tests/failover/flows
	{ top_srcdir='$(abs_top_srcdir)' top_builddir='$(abs_top_builddir)' VM_CACHE='$(VM_CACHE)' \
		LVS_CHAOS_FAULTS='$(CHAOS_FAULTS)' \
		$(SHELL) $(top_srcdir)/tests/vm/run --timeout 3600 $(top_srcdir)/tests/chaos/chaos.vmt; \
		echo $$? >chaos.rc; } | tee chaos.log
	@grep '^# chaos:' chaos.log; test "$$(cat chaos.rc)" = 0
.PHONY: chaos
