# tests/nanny: loopback tests of nanny (report and standalone modes, no root).
check_PROGRAMS += tests/nanny/nanny-testsrv tests/nanny/test-nanny-parts tests/nanny/test-monitor
tests_nanny_test_nanny_parts_SOURCES = tests/nanny/test-nanny-parts.c \
	src/nanny/load.c src/nanny/match.c
tests_nanny_test_nanny_parts_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/src/nanny
tests_nanny_test_nanny_parts_LDADD = src/lib/liblvs.a
TESTS += tests/nanny/test-nanny-parts
# The state machine on a simulated clock: events in, actions out.
tests_nanny_test_monitor_SOURCES = tests/nanny/test-monitor.c \
	src/nanny/monitor.c src/nanny/load.c
tests_nanny_test_monitor_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/src/nanny
tests_nanny_test_monitor_LDADD = src/lib/liblvs.a
TESTS += tests/nanny/test-monitor
# The command line, and the ranges it shares with lvs.cf.
check_PROGRAMS += tests/nanny/test-nanny-options
tests_nanny_test_nanny_options_SOURCES = tests/nanny/test-nanny-options.c src/nanny/options.c
tests_nanny_test_nanny_options_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/src/nanny $(POPT_CFLAGS)
tests_nanny_test_nanny_options_LDADD = src/lib/liblvs.a $(POPT_LIBS)
TESTS += tests/nanny/test-nanny-options
NANNY_TESTS = tests/nanny/tcp.sh tests/nanny/udp.sh tests/nanny/program.sh \
	tests/nanny/state.sh tests/nanny/standalone.sh tests/nanny/http-default.sh \
	tests/nanny/ipvsadm-async.sh tests/nanny/hostile.sh
check_SCRIPTS += $(NANNY_TESTS)
TESTS += $(NANNY_TESTS)
EXTRA_DIST += $(NANNY_TESTS) tests/nanny/lib.sh
