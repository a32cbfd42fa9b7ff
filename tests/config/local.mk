# tests/config: the lvs.cf library (src/lib/config) and lvs-config-check.
CONFIG_TESTS = tests/config/test-config-keywords tests/config/test-config-errors \
	tests/config/test-config-diff tests/config/test-config-example \
	tests/config/test-config-compat tests/config/test-config-fwmark \
	tests/config/test-config-limits tests/config/test-config-build \
	tests/config/test-config-table
CONFIG_TEST_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/unit
check_PROGRAMS += $(CONFIG_TESTS)
tests_config_test_config_keywords_CPPFLAGS = $(CONFIG_TEST_CPPFLAGS)
tests_config_test_config_keywords_LDADD = $(UNIT_LDADD)
tests_config_test_config_errors_CPPFLAGS = $(CONFIG_TEST_CPPFLAGS)
tests_config_test_config_errors_LDADD = $(UNIT_LDADD)
tests_config_test_config_diff_CPPFLAGS = $(CONFIG_TEST_CPPFLAGS)
tests_config_test_config_diff_LDADD = $(UNIT_LDADD)
tests_config_test_config_example_CPPFLAGS = $(CONFIG_TEST_CPPFLAGS)
tests_config_test_config_example_LDADD = $(UNIT_LDADD)
tests_config_test_config_compat_CPPFLAGS = $(CONFIG_TEST_CPPFLAGS)
tests_config_test_config_compat_LDADD = $(UNIT_LDADD)
tests_config_test_config_fwmark_CPPFLAGS = $(CONFIG_TEST_CPPFLAGS)
tests_config_test_config_fwmark_LDADD = $(UNIT_LDADD)
tests_config_test_config_limits_CPPFLAGS = $(CONFIG_TEST_CPPFLAGS)
tests_config_test_config_limits_LDADD = $(UNIT_LDADD)
tests_config_test_config_build_CPPFLAGS = $(CONFIG_TEST_CPPFLAGS)
tests_config_test_config_build_LDADD = $(UNIT_LDADD)
tests_config_test_config_table_CPPFLAGS = $(CONFIG_TEST_CPPFLAGS)
tests_config_test_config_table_LDADD = $(UNIT_LDADD)
TESTS += $(CONFIG_TESTS) tests/config/test-config-check.sh
EXTRA_DIST += tests/config/test-config-check.sh tests/config/conf
