# tests/unit: unit tests of src/lib that need neither root nor the VM.
UNIT_LDADD = src/lib/liblvs.a
check_PROGRAMS += tests/unit/test-log tests/unit/test-escape tests/unit/test-evloop tests/unit/test-caps tests/unit/test-cmdline tests/unit/test-process
tests_unit_test_log_LDADD = $(UNIT_LDADD)
tests_unit_test_escape_LDADD = $(UNIT_LDADD)
tests_unit_test_evloop_LDADD = $(UNIT_LDADD)
tests_unit_test_caps_LDADD = $(UNIT_LDADD) $(LIBCAP_LIBS)
tests_unit_test_cmdline_LDADD = $(UNIT_LDADD)
tests_unit_test_process_LDADD = $(UNIT_LDADD)
EXTRA_DIST += tests/unit/tap.h
TESTS += tests/unit/test-log tests/unit/test-escape tests/unit/test-evloop tests/unit/test-caps tests/unit/test-cmdline tests/unit/test-process
# The pieces of --status and the metrics files that both daemons use.
check_PROGRAMS += tests/unit/test-prom tests/unit/test-json-out tests/unit/test-status-sock
tests_unit_test_prom_LDADD = $(UNIT_LDADD) -lm
tests_unit_test_json_out_LDADD = $(UNIT_LDADD) -lm
tests_unit_test_status_sock_LDADD = $(UNIT_LDADD) -lm
TESTS += tests/unit/test-prom tests/unit/test-json-out tests/unit/test-status-sock
# The nanny -> lvsd report lines.
check_PROGRAMS += tests/unit/test-report
tests_unit_test_report_LDADD = $(UNIT_LDADD)
TESTS += tests/unit/test-report
# The messages between lvsd and its nanny starter (lvsd and nanny's zygote).
check_PROGRAMS += tests/unit/test-spawn-msg
tests_unit_test_spawn_msg_LDADD = $(UNIT_LDADD)
TESTS += tests/unit/test-spawn-msg
