# tests/send_arp: send_arp's frames byte by byte, its arguments, and the
# frames on the wire between two network namespaces (root; skips otherwise).
check_PROGRAMS += tests/send_arp/test-frame
tests_send_arp_test_frame_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/unit
tests_send_arp_test_frame_LDADD = src/lib/liblvs.a
TESTS += tests/send_arp/test-frame tests/send_arp/args.sh tests/send_arp/netns.sh
EXTRA_DIST += tests/send_arp/args.sh tests/send_arp/netns.sh
