# unit tests: config (lvs.cf parser, writer, differ, lvs-config-check)
check_PROGRAMS += tests/unit/test-config-keywords tests/unit/test-config-errors \
	tests/unit/test-config-diff tests/unit/test-config-example tests/unit/test-config-compat \
	tests/unit/test-config-fwmark tests/unit/test-config-limits tests/unit/test-config-build
tests_unit_test_config_build_LDADD = $(UNIT_LDADD)
tests_unit_test_config_limits_LDADD = $(UNIT_LDADD)
tests_unit_test_config_keywords_LDADD = $(UNIT_LDADD)
tests_unit_test_config_errors_LDADD = $(UNIT_LDADD)
tests_unit_test_config_diff_LDADD = $(UNIT_LDADD)
tests_unit_test_config_example_LDADD = $(UNIT_LDADD)
tests_unit_test_config_compat_LDADD = $(UNIT_LDADD)
tests_unit_test_config_fwmark_LDADD = $(UNIT_LDADD)
TESTS += tests/unit/test-config-keywords tests/unit/test-config-errors \
	tests/unit/test-config-diff tests/unit/test-config-example tests/unit/test-config-compat \
	tests/unit/test-config-fwmark tests/unit/test-config-limits tests/unit/test-config-build \
	tests/unit/test-config-check.sh
EXTRA_DIST += tests/unit/test-config-check.sh tests/unit/conf
