# src/ipvsadm: ipvsadm 1.31 compatible front end on liblvs's IPVS client.
# The pure parts live in a small library so the unit tests can use them.
noinst_LIBRARIES += src/ipvsadm/libipvsadm.a
src_ipvsadm_libipvsadm_a_SOURCES = \
	src/ipvsadm/ipvsadm.h \
	src/ipvsadm/parse.c src/ipvsadm/format.c src/ipvsadm/options.c \
	src/ipvsadm/tokens.c
src_ipvsadm_libipvsadm_a_CPPFLAGS = $(AM_CPPFLAGS) $(POPT_CFLAGS) $(LIBNL_CFLAGS) $(LIBNL_GENL_CFLAGS)

sbin_PROGRAMS += src/ipvsadm/ipvsadm
src_ipvsadm_ipvsadm_SOURCES = src/ipvsadm/main.c src/ipvsadm/commands.c src/ipvsadm/list.c \
	src/ipvsadm/restore.c
src_ipvsadm_ipvsadm_CPPFLAGS = $(AM_CPPFLAGS) $(POPT_CFLAGS) $(LIBNL_CFLAGS) $(LIBNL_GENL_CFLAGS)
src_ipvsadm_ipvsadm_LDADD = src/ipvsadm/libipvsadm.a src/lib/liblvs.a \
	$(POPT_LIBS) $(LIBNL_GENL_LIBS) $(LIBNL_LIBS)
dist_man_MANS += man/ipvsadm.8
