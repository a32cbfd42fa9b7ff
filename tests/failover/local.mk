# tests/failover: pulse. Its unit tests link src/pulse/libpulse.a
# (PULSE_LIBS); capture (an AF_PACKET listener) serves tests/send_arp too.
PULSE_TEST_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/src/pulse -I$(top_srcdir)/tests/unit $(LIBCRYPTO_CFLAGS)
check_PROGRAMS += tests/failover/capture tests/failover/flows
tests_failover_capture_SOURCES = tests/failover/capture.c
tests_failover_flows_SOURCES = tests/failover/flows.c
EXTRA_DIST += tests/failover/pulse-netns.sh tests/failover/netns.sh

check_PROGRAMS += tests/failover/test-heartbeat
tests_failover_test_heartbeat_CPPFLAGS = $(PULSE_TEST_CPPFLAGS)
tests_failover_test_heartbeat_LDADD = $(PULSE_LIBS)
TESTS += tests/failover/test-heartbeat

check_PROGRAMS += tests/failover/test-failover
tests_failover_test_failover_CPPFLAGS = $(PULSE_TEST_CPPFLAGS)
tests_failover_test_failover_LDADD = $(PULSE_LIBS)
TESTS += tests/failover/test-failover

check_PROGRAMS += tests/failover/test-pulse-view
tests_failover_test_pulse_view_CPPFLAGS = $(PULSE_TEST_CPPFLAGS)
tests_failover_test_pulse_view_LDADD = $(PULSE_LIBS)
TESTS += tests/failover/test-pulse-view

# End to end in two network namespaces (root only; skips otherwise).
TESTS += tests/failover/pulse-netns.sh
# pulse --status, --json and --metrics-file in two namespaces (root, jq).
TESTS += tests/failover/pulse-status.sh
EXTRA_DIST += tests/failover/pulse-status.sh
# active_cmd and inactive_cmd under --command-timeout (root only).
TESTS += tests/failover/pulse-commands.sh
EXTRA_DIST += tests/failover/pulse-commands.sh
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
tests_failover_test_vip_diff_CPPFLAGS = $(PULSE_TEST_CPPFLAGS)
tests_failover_test_vip_diff_LDADD = $(PULSE_LIBS)
TESTS += tests/failover/test-vip-diff
