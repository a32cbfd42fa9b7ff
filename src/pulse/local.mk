# src/pulse: failover daemon. The fuzzer compiles its pure core (heartbeat
# codec, state machine) itself, instrumented: PULSE_CORE_SOURCES.
PULSE_CORE_SOURCES = src/pulse/heartbeat.c src/pulse/heartbeat.h \
	src/pulse/hb_key.c \
	src/pulse/failover.c src/pulse/failover.h
# The renderings of pulse's view (--status, metrics), also unit-tested.
PULSE_VIEW_SOURCES = src/pulse/pulse_view.c src/pulse/pulse_view.h

# Everything but main.c is a library, which pulse and its tests link.
noinst_LIBRARIES += src/pulse/libpulse.a
src_pulse_libpulse_a_SOURCES = $(PULSE_CORE_SOURCES) $(PULSE_VIEW_SOURCES) \
	src/pulse/pulse.h src/pulse/status.c \
	src/pulse/net.c src/pulse/vip.c src/pulse/vip_list.c src/pulse/run.c src/pulse/syncd.c src/pulse/reload.c \
	src/pulse/lvsd_child.c src/pulse/garp.c src/pulse/realtime.c
src_pulse_libpulse_a_CPPFLAGS = $(PULSE_CPPFLAGS)

sbin_PROGRAMS += src/pulse/pulse
src_pulse_pulse_SOURCES = src/pulse/main.c
PULSE_CPPFLAGS = $(AM_CPPFLAGS) $(POPT_CFLAGS) $(LIBCAP_CFLAGS) $(LIBCRYPTO_CFLAGS) \
	$(LIBNL_CFLAGS) $(LIBNL_GENL_CFLAGS) $(LIBNL_ROUTE_CFLAGS)
src_pulse_pulse_CPPFLAGS = $(PULSE_CPPFLAGS)
PULSE_LIBS = src/pulse/libpulse.a src/lib/liblvs.a $(POPT_LIBS) $(LIBCAP_LIBS) $(LIBCRYPTO_LIBS) \
	$(LIBNL_ROUTE_LIBS) $(LIBNL_GENL_LIBS) $(LIBNL_LIBS) -lm
src_pulse_pulse_LDADD = $(PULSE_LIBS)
dist_man_MANS += man/pulse.8
