# tests/ipvs: the IPVS client's messages, and ipvsadm's parsing and
# formatting, with no kernel.
check_PROGRAMS += tests/ipvs/test-ipvs-msg tests/ipvs/test-ipvs-adm
tests_ipvs_test_ipvs_msg_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/unit $(LIBNL_CFLAGS) $(LIBNL_GENL_CFLAGS)
tests_ipvs_test_ipvs_msg_LDADD = src/lib/liblvs.a $(LIBNL_GENL_LIBS) $(LIBNL_LIBS)
tests_ipvs_test_ipvs_adm_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/src/ipvsadm -I$(top_srcdir)/tests/unit \
	$(POPT_CFLAGS) $(LIBNL_CFLAGS) $(LIBNL_GENL_CFLAGS)
tests_ipvs_test_ipvs_adm_LDADD = src/ipvsadm/libipvsadm.a src/lib/liblvs.a \
	$(POPT_LIBS) $(LIBNL_GENL_LIBS) $(LIBNL_LIBS)
TESTS += tests/ipvs/test-ipvs-msg tests/ipvs/test-ipvs-adm
