# config part of liblvs: the lvs.cf parser, writer and differ.
src_lib_liblvs_a_SOURCES += \
	src/lib/lvs_config.h src/lib/config_internal.h \
	src/lib/config_errors.c src/lib/config_lex.c src/lib/config_values.c \
	src/lib/config_names.c src/lib/config_keyword.c src/lib/config_block.c \
	src/lib/config_index.c src/lib/config_index.h \
	src/lib/config_parse.c src/lib/config_check.c src/lib/config_group.c src/lib/config_free.c \
	src/lib/config_addr.c src/lib/config_build.c src/lib/config_write.c src/lib/config_equal.c \
	src/lib/config_diff.c src/lib/config_reload.c
