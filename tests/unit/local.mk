# tests/unit: unit tests of src/lib that need neither root nor the VM.
UNIT_LDADD = src/lib/liblvs.a
check_PROGRAMS += tests/unit/test-log tests/unit/test-escape tests/unit/test-evloop tests/unit/test-caps tests/unit/test-cmdline
tests_unit_test_log_LDADD = $(UNIT_LDADD)
tests_unit_test_escape_LDADD = $(UNIT_LDADD)
tests_unit_test_evloop_LDADD = $(UNIT_LDADD)
tests_unit_test_caps_LDADD = $(UNIT_LDADD) $(LIBCAP_LIBS)
tests_unit_test_cmdline_LDADD = $(UNIT_LDADD)
EXTRA_DIST += tests/unit/tap.h tests/tap.sh
TESTS += tests/unit/test-log tests/unit/test-escape tests/unit/test-evloop tests/unit/test-caps tests/unit/test-cmdline
include $(srcdir)/tests/unit/config.mk
include $(srcdir)/tests/unit/ipvs.mk
