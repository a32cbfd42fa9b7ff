# src/pulse: failover daemon. Its pure core (heartbeat codec, state machine)
# is also linked into the unit tests in tests/failover.
PULSE_CORE_SOURCES = src/pulse/heartbeat.c src/pulse/heartbeat.h \
	src/pulse/hb_key.c \
	src/pulse/failover.c src/pulse/failover.h
# The renderings of pulse's view (--status, metrics), also unit-tested.
PULSE_VIEW_SOURCES = src/pulse/pulse_view.c src/pulse/pulse_view.h

sbin_PROGRAMS += src/pulse/pulse
src_pulse_pulse_SOURCES = $(PULSE_CORE_SOURCES) $(PULSE_VIEW_SOURCES) src/pulse/pulse.h src/pulse/status.c \
	src/pulse/main.c src/pulse/net.c src/pulse/vip.c src/pulse/vip_list.c src/pulse/run.c src/pulse/syncd.c src/pulse/reload.c \
	src/pulse/lvsd_child.c src/pulse/garp.c src/pulse/realtime.c
src_pulse_pulse_CPPFLAGS = $(AM_CPPFLAGS) $(POPT_CFLAGS) $(LIBCAP_CFLAGS) $(LIBCRYPTO_CFLAGS) \
	$(LIBNL_CFLAGS) $(LIBNL_GENL_CFLAGS) $(LIBNL_ROUTE_CFLAGS)
src_pulse_pulse_LDADD = src/lib/liblvs.a $(POPT_LIBS) $(LIBCAP_LIBS) $(LIBCRYPTO_LIBS) \
	$(LIBNL_ROUTE_LIBS) $(LIBNL_GENL_LIBS) $(LIBNL_LIBS) -lm
dist_man_MANS += man/pulse.8
