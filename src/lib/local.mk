# src/lib: code shared by two or more programs.
noinst_LIBRARIES += src/lib/liblvs.a
src_lib_liblvs_a_SOURCES = \
	src/lib/log.c src/lib/log.h
# Parser and diff (src/lib/config_*.c) are listed by lib_config.mk.
include $(srcdir)/src/lib/lib_config.mk
