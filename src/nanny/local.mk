# src/nanny: the per-server health checker.
# Everything but main.c is a library, which nanny and its tests link.
noinst_LIBRARIES += src/nanny/libnanny.a
src_nanny_libnanny_a_SOURCES = \
	src/nanny/nanny.h src/nanny/monitor.h src/nanny/run.h \
	src/nanny/run.c src/nanny/monitor.c src/nanny/options.c \
	src/nanny/child.c src/nanny/match.c \
	src/nanny/probe.c src/nanny/load.c src/nanny/action.c src/nanny/caps.c src/nanny/zygote.c
src_nanny_libnanny_a_CFLAGS = $(AM_CFLAGS) $(POPT_CFLAGS) $(LIBCAP_CFLAGS)

sbin_PROGRAMS += src/nanny/nanny
src_nanny_nanny_SOURCES = src/nanny/main.c
src_nanny_nanny_CFLAGS = $(AM_CFLAGS) $(POPT_CFLAGS) $(LIBCAP_CFLAGS)
# Only what nanny uses: no libnl; --as-needed keeps unused DSOs out (memory).
# Static by default (configure --enable-static-nanny): lvsd starts one nanny
# per server, and the dynamic loader is most of the cost of a start.
src_nanny_nanny_LDFLAGS = $(AM_LDFLAGS) -Wl,--as-needed $(NANNY_STATIC_LDFLAGS)
NANNY_LIBS = src/nanny/libnanny.a src/lib/liblvs.a $(POPT_LIBS) $(LIBCAP_LIBS)
src_nanny_nanny_LDADD = $(NANNY_LIBS)
if STATIC_NANNY
# The same program linked dynamically, for the valgrind tier: memcheck cannot
# replace malloc in a static program, so it would find nothing there.
check_PROGRAMS += src/nanny/nanny-dynamic
src_nanny_nanny_dynamic_SOURCES = src/nanny/main.c
src_nanny_nanny_dynamic_CFLAGS = $(src_nanny_nanny_CFLAGS)
src_nanny_nanny_dynamic_LDFLAGS = $(AM_LDFLAGS) -Wl,--as-needed
src_nanny_nanny_dynamic_LDADD = $(NANNY_LIBS)
endif
dist_man_MANS += man/nanny.8
EXTRA_DIST += bench/nanny-memory.sh bench/nanny-memory.md
