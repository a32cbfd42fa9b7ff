# tests/chaos: repeated faults in the VM lab.
# A short chaos run (8 random faults) in make check; make chaos runs 50.
TESTS += tests/chaos/chaos.vmt
EXTRA_DIST += tests/chaos/chaos.vmt
CHAOS_FAULTS = 50
chaos: all
	{ top_srcdir='$(abs_top_srcdir)' top_builddir='$(abs_top_builddir)' VM_CACHE='$(VM_CACHE)' \
		LVS_CHAOS_FAULTS='$(CHAOS_FAULTS)' \
		$(SHELL) $(top_srcdir)/tests/vm/run --timeout 3600 $(top_srcdir)/tests/chaos/chaos.vmt; \
		echo $$? >chaos.rc; } | tee chaos.log
	@grep '^# chaos:' chaos.log; test "$$(cat chaos.rc)" = 0
.PHONY: chaos
