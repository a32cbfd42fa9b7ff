# unit tests: ipvs (netlink messages) and ipvsadm (parsing and formatting)
check_PROGRAMS += tests/unit/test-ipvs-msg tests/unit/test-ipvs-adm
tests_unit_test_ipvs_msg_CPPFLAGS = $(AM_CPPFLAGS) $(LIBNL_CFLAGS) $(LIBNL_GENL_CFLAGS)
tests_unit_test_ipvs_msg_LDADD = $(UNIT_LDADD) $(LIBNL_GENL_LIBS) $(LIBNL_LIBS)
tests_unit_test_ipvs_adm_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/src/ipvsadm \
	$(POPT_CFLAGS) $(LIBNL_CFLAGS) $(LIBNL_GENL_CFLAGS)
tests_unit_test_ipvs_adm_LDADD = src/ipvsadm/libipvsadm.a $(UNIT_LDADD) \
	$(POPT_LIBS) $(LIBNL_GENL_LIBS) $(LIBNL_LIBS)
TESTS += tests/unit/test-ipvs-msg tests/unit/test-ipvs-adm
