# src/tools: small admin tools.
sbin_PROGRAMS += src/tools/lvs-config-check
src_tools_lvs_config_check_SOURCES = src/tools/lvs-config-check.c
src_tools_lvs_config_check_CFLAGS = $(AM_CFLAGS) $(POPT_CFLAGS)
src_tools_lvs_config_check_LDADD = src/lib/liblvs.a $(POPT_LIBS)
dist_man_MANS += man/lvs-config-check.8

# lvs-config-convert: keepalived.conf to lvs.cf. Its reading of keepalived.conf
# is a library of its own, so that the unit test and the fuzzer link it.
noinst_LIBRARIES += src/tools/libkconf.a
src_tools_libkconf_a_SOURCES = \
	src/tools/kconf.h src/tools/kconf_map.h \
	src/tools/kconf_diag.c src/tools/kconf_lex.c src/tools/kconf_tree.c \
	src/tools/kconf_include.c src/tools/kconf_value.c src/tools/kconf_regex.c \
	src/tools/kconf_map.c src/tools/kconf_map_vrrp.c src/tools/kconf_map_vs.c \
	src/tools/kconf_map_check.c src/tools/kconf_emit.c
sbin_PROGRAMS += src/tools/lvs-config-convert
src_tools_lvs_config_convert_SOURCES = src/tools/lvs-config-convert.c
src_tools_lvs_config_convert_CFLAGS = $(AM_CFLAGS) $(POPT_CFLAGS)
src_tools_lvs_config_convert_LDADD = src/tools/libkconf.a src/lib/liblvs.a $(POPT_LIBS) -lm
dist_man_MANS += man/lvs-config-convert.8

# The example configuration ships in the tarball and installs as documentation.
dist_doc_DATA = etc/lvs.cf.example doc/status-schema.md
