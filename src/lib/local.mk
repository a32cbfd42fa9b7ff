# src/lib: code shared by two or more programs.
noinst_LIBRARIES += src/lib/liblvs.a
src_lib_liblvs_a_SOURCES = \
	src/lib/log.c src/lib/log.h \
	src/lib/escape.c src/lib/escape.h \
	src/lib/strbuf.c src/lib/strbuf.h \
	src/lib/json_out.c src/lib/json_out.h \
	src/lib/prom.c src/lib/prom.h \
	src/lib/status_sock.c src/lib/status_sock.h \
	src/lib/metrics_file.c src/lib/metrics_file.h \
	src/lib/evloop.c src/lib/evloop.h \
	src/lib/clock.h \
	src/lib/process.c src/lib/process.h \
	src/lib/report.c src/lib/report.h \
	src/lib/caps.c src/lib/caps.h \
	src/lib/cmdline.c src/lib/cmdline.h \
	src/lib/popt_string.c src/lib/popt_string.h \
	src/lib/arp_frame.c src/lib/arp_frame.h \
	src/lib/announce.c src/lib/announce.h \
	src/lib/lvs_ranges.c src/lib/lvs_ranges.h \
	src/lib/regex_guard.c src/lib/regex_guard.h \
	src/lib/spawn_msg.c src/lib/spawn_msg.h \
	src/lib/spawn_serve.c src/lib/spawn_serve.h
src_lib_liblvs_a_CPPFLAGS = $(AM_CPPFLAGS) $(LIBNL_CFLAGS) $(LIBNL_GENL_CFLAGS) $(LIBNL_ROUTE_CFLAGS) $(POPT_CFLAGS)
# Each part of the library lists its sources in its own fragment.
include $(srcdir)/src/lib/config/local.mk
include $(srcdir)/src/lib/ipvs/local.mk
