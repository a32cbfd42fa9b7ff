# tests/nanny: loopback tests of nanny (report and standalone modes, no root).
check_PROGRAMS += tests/nanny/nanny-testsrv
NANNY_TESTS = tests/nanny/tcp.sh tests/nanny/udp.sh tests/nanny/program.sh \
	tests/nanny/state.sh tests/nanny/standalone.sh
check_SCRIPTS += $(NANNY_TESTS)
TESTS += $(NANNY_TESTS)
EXTRA_DIST += $(NANNY_TESTS) tests/nanny/lib.sh
