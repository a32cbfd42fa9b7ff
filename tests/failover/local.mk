# tests/failover: send_arp and pulse.
check_PROGRAMS += tests/failover/test-frame tests/failover/capture tests/failover/flows
tests_failover_test_frame_SOURCES = tests/failover/test-frame.c
tests_failover_test_frame_LDADD = src/lib/liblvs.a
tests_failover_test_frame_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/unit
tests_failover_capture_SOURCES = tests/failover/capture.c
tests_failover_flows_SOURCES = tests/failover/flows.c
EXTRA_DIST += tests/failover/send-arp-netns.sh tests/failover/pulse-netns.sh \
	tests/failover/send-arp-args.sh
TESTS += tests/failover/test-frame tests/failover/send-arp-netns.sh tests/failover/send-arp-args.sh

check_PROGRAMS += tests/failover/test-heartbeat
tests_failover_test_heartbeat_SOURCES = tests/failover/test-heartbeat.c $(PULSE_CORE_SOURCES)
tests_failover_test_heartbeat_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/unit $(LIBCRYPTO_CFLAGS)
tests_failover_test_heartbeat_LDADD = $(LIBCRYPTO_LIBS)
TESTS += tests/failover/test-heartbeat

check_PROGRAMS += tests/failover/test-failover
tests_failover_test_failover_SOURCES = tests/failover/test-failover.c $(PULSE_CORE_SOURCES)
tests_failover_test_failover_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/unit $(LIBCRYPTO_CFLAGS)
tests_failover_test_failover_LDADD = $(LIBCRYPTO_LIBS) -lm
TESTS += tests/failover/test-failover

check_PROGRAMS += tests/failover/test-pulse-view
tests_failover_test_pulse_view_SOURCES = tests/failover/test-pulse-view.c $(PULSE_VIEW_SOURCES) \
	src/pulse/heartbeat.c src/pulse/heartbeat.h
tests_failover_test_pulse_view_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/unit $(LIBCRYPTO_CFLAGS)
tests_failover_test_pulse_view_LDADD = src/lib/liblvs.a $(LIBCRYPTO_LIBS) -lm
TESTS += tests/failover/test-pulse-view

# End to end in two network namespaces (root only; skips otherwise).
TESTS += tests/failover/pulse-netns.sh
# pulse --status, --json and --metrics-file in two namespaces (root, jq).
TESTS += tests/failover/pulse-status.sh
EXTRA_DIST += tests/failover/pulse-status.sh
# The heartbeat port taken at start-up and on SIGHUP (root only).
TESTS += tests/failover/pulse-port-taken.sh
EXTRA_DIST += tests/failover/pulse-port-taken.sh

# Failover through real IPVS on the shared VM lab (tests/vm/lib.sh).
TESTS += tests/failover/failover.vmt
EXTRA_DIST += tests/failover/failover.vmt

# Hot standby: flows through power loss and kill -9 (tests/failover/hot.vmt).
TESTS += tests/failover/hot.vmt
EXTRA_DIST += tests/failover/hot.vmt tests/failover/lib.sh

# pulse's address lists and a reload's difference (pure).
check_PROGRAMS += tests/failover/test-vip-diff
tests_failover_test_vip_diff_SOURCES = tests/failover/test-vip-diff.c src/pulse/vip_list.c
tests_failover_test_vip_diff_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/unit $(LIBCRYPTO_CFLAGS)
tests_failover_test_vip_diff_LDADD = src/lib/liblvs.a
TESTS += tests/failover/test-vip-diff
