# tests/lvsd: unit tests of lvsd's core.
check_PROGRAMS += tests/lvsd/test-director
tests_lvsd_test_director_CPPFLAGS = $(AM_CPPFLAGS) $(LIBNL_CFLAGS) $(LIBNL_GENL_CFLAGS) \
	-I$(top_srcdir)/src/lvsd -I$(top_srcdir)/tests/unit
tests_lvsd_test_director_LDADD = $(LVSD_LIBS)
TESTS += tests/lvsd/test-director
check_PROGRAMS += tests/lvsd/test-monitors
tests_lvsd_test_monitors_CPPFLAGS = $(tests_lvsd_test_director_CPPFLAGS)
tests_lvsd_test_monitors_LDADD = $(LVSD_LIBS)
TESTS += tests/lvsd/test-monitors
check_PROGRAMS += tests/lvsd/test-view
tests_lvsd_test_view_CPPFLAGS = $(tests_lvsd_test_director_CPPFLAGS)
tests_lvsd_test_view_LDADD = $(LVSD_LIBS)
TESTS += tests/lvsd/test-view
check_PROGRAMS += tests/lvsd/test-vip-announce
tests_lvsd_test_vip_announce_CPPFLAGS = $(tests_lvsd_test_director_CPPFLAGS)
tests_lvsd_test_vip_announce_LDADD = $(LVSD_LIBS)
TESTS += tests/lvsd/test-vip-announce
check_PROGRAMS += tests/lvsd/test-start-queue
tests_lvsd_test_start_queue_CPPFLAGS = $(tests_lvsd_test_director_CPPFLAGS)
tests_lvsd_test_start_queue_LDADD = $(LVSD_LIBS)
TESTS += tests/lvsd/test-start-queue
check_PROGRAMS += tests/lvsd/test-bird-reply
tests_lvsd_test_bird_reply_CPPFLAGS = $(tests_lvsd_test_director_CPPFLAGS)
tests_lvsd_test_bird_reply_LDADD = $(LVSD_LIBS)
TESTS += tests/lvsd/test-bird-reply
check_PROGRAMS += tests/lvsd/test-bird-client
tests_lvsd_test_bird_client_CPPFLAGS = $(tests_lvsd_test_director_CPPFLAGS)
tests_lvsd_test_bird_client_LDADD = $(LVSD_LIBS)
TESTS += tests/lvsd/test-bird-client
check_PROGRAMS += tests/lvsd/test-sd-notify
tests_lvsd_test_sd_notify_CPPFLAGS = $(tests_lvsd_test_director_CPPFLAGS)
tests_lvsd_test_sd_notify_LDADD = $(LVSD_LIBS)
TESTS += tests/lvsd/test-sd-notify
# systemd's notification socket, played by the lab tests.
check_PROGRAMS += tests/lvsd/notify-listen

# In the lab VM: lvsd against real IPVS (see the scenario's header).
TESTS += tests/lvsd/lvsd.vmt
EXTRA_DIST += tests/lvsd/lvsd.vmt
# ... and several blocks that share one fwmark (one multi-port service).
TESTS += tests/lvsd/fwmark.vmt
EXTRA_DIST += tests/lvsd/fwmark.vmt

# ... and when it cannot fork its nannies (a pids cgroup in the guest).
TESTS += tests/lvsd/resource.vmt
EXTRA_DIST += tests/lvsd/resource.vmt

# lvsd refuses to start without a runnable health checker.
TESTS += tests/lvsd/nanny-path.sh
EXTRA_DIST += tests/lvsd/nanny-path.sh

# The nanny starter: its messages and lvsd's bookkeeping without a
# process, and the starter itself as real processes on the host.
check_PROGRAMS += tests/lvsd/test-spawn-track tests/lvsd/test-spawner
tests_lvsd_test_spawn_track_CPPFLAGS = $(tests_lvsd_test_director_CPPFLAGS)
tests_lvsd_test_spawn_track_LDADD = $(LVSD_LIBS)
tests_lvsd_test_spawner_CPPFLAGS = $(tests_lvsd_test_director_CPPFLAGS)
tests_lvsd_test_spawner_LDADD = $(LVSD_LIBS)
TESTS += tests/lvsd/test-spawn-track tests/lvsd/test-spawner
# The nanny zygote: lvsd's starter as nanny, which forks nannies without
# an exec (it runs the nanny this tree built).
check_PROGRAMS += tests/lvsd/test-zygote
tests_lvsd_test_zygote_CPPFLAGS = $(tests_lvsd_test_director_CPPFLAGS)
tests_lvsd_test_zygote_LDADD = $(LVSD_LIBS)
EXTRA_tests_lvsd_test_zygote_DEPENDENCIES = src/nanny/nanny
TESTS += tests/lvsd/test-zygote
EXTRA_DIST += tests/lvsd/spawn-client.h
