# bench: timing goals, never part of make check. `make bench` boots the lab
# once and measures this suite against keepalived and Debian's ipvsadm side
# by side (bench/run.sh); it writes bench/results.md and bench/results.csv.
EXTRA_PROGRAMS = bench/tools/hc-responder bench/tools/ipvs-watch bench/tools/check-floor
# Static like nanny, so that the floor it measures is comparable.
bench_tools_check_floor_LDFLAGS = $(AM_LDFLAGS) $(NANNY_STATIC_LDFLAGS)
bench_tools_ipvs_watch_CPPFLAGS = $(AM_CPPFLAGS) $(LIBNL_CFLAGS) $(LIBNL_GENL_CFLAGS)
bench_tools_ipvs_watch_LDADD = src/lib/liblvs.a $(LIBNL_GENL_LIBS) $(LIBNL_LIBS)
CLEANFILES += $(EXTRA_PROGRAMS)
EXTRA_DIST += bench/run.sh bench/suite.sh bench/suite-lib.sh bench/summarize.py \
	bench/experiments/README bench/experiments/common.sh bench/experiments/reload-nice.sh bench/experiments/reload-remove.sh bench/experiments/startup2.sh bench/experiments/check-floor.sh \
	bench/experiments/startup3.sh bench/experiments/startup-profile.sh bench/experiments/startup-floor.sh bench/experiments/startup-idle.sh \
	bench/nanny-memory.sh bench/scaleout/run.sh bench/failover/run.sh bench/failover/scenario.sh bench/failover/summarize.py
BENCH_TOOLS = bench/tools/hc-responder bench/tools/ipvs-watch bench/tools/check-floor tests/failover/flows
bench: all $(BENCH_TOOLS)
	VM_CACHE='$(VM_CACHE)' $(SHELL) $(top_srcdir)/bench/run.sh '$(abs_top_builddir)'
bench-tools: $(BENCH_TOOLS)
.PHONY: bench bench-tools
