# src/lib/config: lvs.cf, the one configuration file. The parser (lex,
# values, keyword_line, block, parse, check, fwmark_group), the keyword
# table that drives it (keyword_table), and what works on a parsed file:
# write, equal, diff, defaults, free, build (in memory), reload.
src_lib_liblvs_a_SOURCES += \
	src/lib/config/lvs_config.h src/lib/config/internal.h \
	src/lib/config/index.c src/lib/config/index.h \
	src/lib/config/errors.c src/lib/config/lex.c src/lib/config/values.c \
	src/lib/config/keyword_table.c src/lib/config/keyword_line.c \
	src/lib/config/block.c src/lib/config/parse.c \
	src/lib/config/check.c src/lib/config/fwmark_group.c \
	src/lib/config/defaults.c src/lib/config/free.c src/lib/config/build.c \
	src/lib/config/addr.c src/lib/config/names.c src/lib/config/effective.c \
	src/lib/config/identity.c \
	src/lib/config/write.c src/lib/config/equal.c src/lib/config/diff.c \
	src/lib/config/reload.c
