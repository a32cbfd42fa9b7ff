# src/tools: small admin tools.
sbin_PROGRAMS += src/tools/lvs-config-check
src_tools_lvs_config_check_SOURCES = src/tools/lvs-config-check.c
src_tools_lvs_config_check_CFLAGS = $(AM_CFLAGS) $(POPT_CFLAGS)
src_tools_lvs_config_check_LDADD = src/lib/liblvs.a $(POPT_LIBS)
dist_man_MANS += man/lvs-config-check.8 man/lvs.cf.5

# The example configuration ships in the tarball and installs as documentation.
dist_doc_DATA = etc/lvs.cf.example doc/status-schema.md
