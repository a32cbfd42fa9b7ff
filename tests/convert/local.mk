# tests/convert: lvs-config-convert. A unit test of its lexer, block tree
# and mapper, and a shell test that converts the keepalived.conf files of
# conf/ and checks the output and the diagnostics.
check_PROGRAMS += tests/convert/test-kconf
tests_convert_test_kconf_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/src/tools -I$(top_srcdir)/tests/unit
tests_convert_test_kconf_LDADD = src/tools/libkconf.a src/lib/liblvs.a -lm
TESTS += tests/convert/test-kconf tests/convert/test-convert.sh
EXTRA_DIST += tests/convert/test-convert.sh tests/convert/conf
