# src/ipvsadm: ipvsadm 1.31 compatible front end on liblvs's IPVS client.
# Everything but main.c is a library, which ipvsadm and its tests link; the
# fuzzer compiles the pure parts (IPVSADM_PURE_SOURCES) itself, instrumented.
IPVSADM_PURE_SOURCES = \
	src/ipvsadm/ipvsadm.h \
	src/ipvsadm/parse.c src/ipvsadm/format.c src/ipvsadm/options.c \
	src/ipvsadm/tokens.c
noinst_LIBRARIES += src/ipvsadm/libipvsadm.a
src_ipvsadm_libipvsadm_a_SOURCES = $(IPVSADM_PURE_SOURCES) \
	src/ipvsadm/commands.c src/ipvsadm/list.c src/ipvsadm/restore.c
src_ipvsadm_libipvsadm_a_CPPFLAGS = $(AM_CPPFLAGS) $(POPT_CFLAGS) $(LIBNL_CFLAGS) $(LIBNL_GENL_CFLAGS)

sbin_PROGRAMS += src/ipvsadm/ipvsadm
src_ipvsadm_ipvsadm_SOURCES = src/ipvsadm/main.c
src_ipvsadm_ipvsadm_CPPFLAGS = $(AM_CPPFLAGS) $(POPT_CFLAGS) $(LIBNL_CFLAGS) $(LIBNL_GENL_CFLAGS)
src_ipvsadm_ipvsadm_LDADD = src/ipvsadm/libipvsadm.a src/lib/liblvs.a \
	$(POPT_LIBS) $(LIBNL_GENL_LIBS) $(LIBNL_LIBS)
dist_man_MANS += man/ipvsadm.8

# The save/restore wrappers and the differential restore, shell scripts that
# get the configured path of ipvsadm.
ipvsadm_wrappers = src/ipvsadm/ipvsadm-save src/ipvsadm/ipvsadm-restore src/ipvsadm/ipvsadm-diff
sbin_SCRIPTS = $(ipvsadm_wrappers)
EXTRA_DIST += $(ipvsadm_wrappers:=.in)
CLEANFILES += $(ipvsadm_wrappers)
edit_script = sed -e 's|@sbindir[@]|$(sbindir)|g' -e 's|@PACKAGE_NAME[@]|$(PACKAGE_NAME)|g' \
	-e 's|@PACKAGE_VERSION[@]|$(PACKAGE_VERSION)|g'
src/ipvsadm/ipvsadm-save: $(srcdir)/src/ipvsadm/ipvsadm-save.in Makefile
	$(AM_V_GEN)$(MKDIR_P) src/ipvsadm && $(edit_script) $(srcdir)/src/ipvsadm/ipvsadm-save.in >$@ && chmod +x $@
src/ipvsadm/ipvsadm-restore: $(srcdir)/src/ipvsadm/ipvsadm-restore.in Makefile
	$(AM_V_GEN)$(MKDIR_P) src/ipvsadm && $(edit_script) $(srcdir)/src/ipvsadm/ipvsadm-restore.in >$@ && chmod +x $@
src/ipvsadm/ipvsadm-diff: $(srcdir)/src/ipvsadm/ipvsadm-diff.in Makefile
	$(AM_V_GEN)$(MKDIR_P) src/ipvsadm && $(edit_script) $(srcdir)/src/ipvsadm/ipvsadm-diff.in >$@ && chmod +x $@
dist_man_MANS += man/ipvsadm-save.8 man/ipvsadm-restore.8 man/ipvsadm-diff.8
