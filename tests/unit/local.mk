# tests/unit: unit tests that need neither root nor the VM.
UNIT_LDADD = src/lib/liblvs.a
check_PROGRAMS += tests/unit/test-log
tests_unit_test_log_LDADD = $(UNIT_LDADD)
EXTRA_DIST += tests/unit/tap.h
TESTS += tests/unit/test-log
