# tests/fuzz: libFuzzer targets, one per parser that reads what others
# write. Built with clang ($(FUZZ_CC), found by configure) whatever CC is,
# with ASan and UBSan; `make fuzz` runs each for FUZZ_SECONDS on top of its
# seed corpus (tests/fuzz/corpus/NAME) and fails on any finding, printing
# the input as hex. Not part of `make check`.
FUZZ_SECONDS = 300
FUZZ_NAMES = config heartbeat nanny-report ipvs-reply ipvsadm nanny convert bird-reply spawn-msg
FUZZ_TARGETS = tests/fuzz/fuzz-config tests/fuzz/fuzz-heartbeat tests/fuzz/fuzz-nanny-report \
	tests/fuzz/fuzz-ipvs-reply tests/fuzz/fuzz-ipvsadm tests/fuzz/fuzz-nanny tests/fuzz/fuzz-convert \
	tests/fuzz/fuzz-bird-reply tests/fuzz/fuzz-spawn-msg

FUZZ_CFLAGS = $(WARN_CFLAGS) -g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=undefined -DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
FUZZ_CPPFLAGS = $(DEFS) -I$(top_builddir) -I$(top_srcdir)/src/lib -I$(top_srcdir)/src/lib/config -I$(top_srcdir)/src/lib/ipvs \
	-DSYSCONFDIR='"$(sysconfdir)"' -DSBINDIR='"$(sbindir)"' -DRUNSTATEDIR='"$(runstatedir)"' \
	$(LIBNL_CFLAGS) $(LIBNL_GENL_CFLAGS) $(LIBNL_ROUTE_CFLAGS) $(POPT_CFLAGS) \
	$(LIBCAP_CFLAGS) $(LIBCRYPTO_CFLAGS)
FUZZ_LIBS = $(LIBNL_ROUTE_LIBS) $(LIBNL_GENL_LIBS) $(LIBNL_LIBS) $(POPT_LIBS) \
	$(LIBCAP_LIBS) $(LIBCRYPTO_LIBS) -lm
# The .c files among a list of sources (the lists also name headers).
FUZZ_C_OF = for f in $$list; do case $$f in *.c) echo $(srcdir)/$$f;; esac; done
FUZZ_LINK = $(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_CPPFLAGS)

EXTRA_DIST += tests/fuzz/run.sh tests/fuzz/corpus tests/fuzz/dict \
	tests/fuzz/fuzz-config.c tests/fuzz/fuzz-heartbeat.c tests/fuzz/fuzz-nanny-report.c \
	tests/fuzz/fuzz-ipvs-reply.c tests/fuzz/fuzz-ipvsadm.c tests/fuzz/fuzz-nanny.c \
	tests/fuzz/fuzz-convert.c tests/fuzz/fuzz-bird-reply.c tests/fuzz/fuzz-spawn-msg.c tests/fuzz/fuzz.h
CLEANFILES += $(FUZZ_TARGETS) tests/fuzz/liblvs-fuzz.a

# liblvs once, instrumented (objects named by path: src/lib/config/x.c and
# src/lib/x.c may share a base name).
tests/fuzz/liblvs-fuzz.a: $(src_lib_liblvs_a_SOURCES)
	$(AM_V_GEN)rm -rf tests/fuzz/obj && mkdir -p tests/fuzz/obj && \
	list='$(src_lib_liblvs_a_SOURCES)'; for f in `$(FUZZ_C_OF)`; do \
		$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_CPPFLAGS) -c $$f \
			-o tests/fuzz/obj/`echo $$f | sed 's|.*/src/lib/||; s|/|-|g'`.o || exit 1; \
	done && rm -f $@ && $(AR) cr $@ tests/fuzz/obj/*.o && $(RANLIB) $@ && rm -rf tests/fuzz/obj

tests/fuzz/fuzz-config: tests/fuzz/fuzz-config.c tests/fuzz/fuzz.h tests/fuzz/liblvs-fuzz.a
	$(AM_V_GEN)$(FUZZ_LINK) -o $@ $(srcdir)/tests/fuzz/fuzz-config.c tests/fuzz/liblvs-fuzz.a $(FUZZ_LIBS)

tests/fuzz/fuzz-ipvs-reply: tests/fuzz/fuzz-ipvs-reply.c tests/fuzz/fuzz.h tests/fuzz/liblvs-fuzz.a
	$(AM_V_GEN)$(FUZZ_LINK) -o $@ $(srcdir)/tests/fuzz/fuzz-ipvs-reply.c tests/fuzz/liblvs-fuzz.a $(FUZZ_LIBS)

tests/fuzz/fuzz-heartbeat: tests/fuzz/fuzz-heartbeat.c tests/fuzz/fuzz.h $(PULSE_CORE_SOURCES) tests/fuzz/liblvs-fuzz.a
	$(AM_V_GEN)list='$(PULSE_CORE_SOURCES)'; $(FUZZ_LINK) -I$(srcdir)/src/pulse -o $@ \
		$(srcdir)/tests/fuzz/fuzz-heartbeat.c `$(FUZZ_C_OF)` tests/fuzz/liblvs-fuzz.a $(FUZZ_LIBS)

# The report protocol of nanny and lvsd (src/lib/report.c).
tests/fuzz/fuzz-nanny-report: tests/fuzz/fuzz-nanny-report.c tests/fuzz/fuzz.h tests/fuzz/liblvs-fuzz.a
	$(AM_V_GEN)$(FUZZ_LINK) -o $@ $(srcdir)/tests/fuzz/fuzz-nanny-report.c tests/fuzz/liblvs-fuzz.a $(FUZZ_LIBS)

tests/fuzz/fuzz-ipvsadm: tests/fuzz/fuzz-ipvsadm.c tests/fuzz/fuzz.h $(IPVSADM_PURE_SOURCES) tests/fuzz/liblvs-fuzz.a
	$(AM_V_GEN)list='$(IPVSADM_PURE_SOURCES)'; $(FUZZ_LINK) -I$(srcdir)/src/ipvsadm -o $@ \
		$(srcdir)/tests/fuzz/fuzz-ipvsadm.c `$(FUZZ_C_OF)` tests/fuzz/liblvs-fuzz.a $(FUZZ_LIBS)

FUZZ_NANNY_FILES = src/nanny/options.c src/nanny/match.c src/nanny/nanny.h
tests/fuzz/fuzz-nanny: tests/fuzz/fuzz-nanny.c tests/fuzz/fuzz.h $(FUZZ_NANNY_FILES) tests/fuzz/liblvs-fuzz.a
	$(AM_V_GEN)list='$(FUZZ_NANNY_FILES)'; $(FUZZ_LINK) -I$(srcdir)/src/nanny -o $@ \
		$(srcdir)/tests/fuzz/fuzz-nanny.c `$(FUZZ_C_OF)` tests/fuzz/liblvs-fuzz.a $(FUZZ_LIBS)

# lvs-config-convert's keepalived.conf reader, with the converter library.
FUZZ_CONVERT_FILES = $(src_tools_libkconf_a_SOURCES)
tests/fuzz/fuzz-convert: tests/fuzz/fuzz-convert.c tests/fuzz/fuzz.h $(FUZZ_CONVERT_FILES) tests/fuzz/liblvs-fuzz.a
	$(AM_V_GEN)list='$(FUZZ_CONVERT_FILES)'; $(FUZZ_LINK) -I$(srcdir)/src/tools -o $@ \
		$(srcdir)/tests/fuzz/fuzz-convert.c `$(FUZZ_C_OF)` tests/fuzz/liblvs-fuzz.a $(FUZZ_LIBS)

# lvsd's reader of BIRD's control socket (announce_bfd).
FUZZ_BIRD_FILES = src/lvsd/bird_reply.c src/lvsd/bird_reply.h
tests/fuzz/fuzz-bird-reply: tests/fuzz/fuzz-bird-reply.c tests/fuzz/fuzz.h $(FUZZ_BIRD_FILES) tests/fuzz/liblvs-fuzz.a
	$(AM_V_GEN)list='$(FUZZ_BIRD_FILES)'; $(FUZZ_LINK) -I$(srcdir)/src/lvsd -o $@ \
		$(srcdir)/tests/fuzz/fuzz-bird-reply.c `$(FUZZ_C_OF)` tests/fuzz/liblvs-fuzz.a $(FUZZ_LIBS)

# The messages between lvsd and its nanny starter.
FUZZ_SPAWN_FILES =
tests/fuzz/fuzz-spawn-msg: tests/fuzz/fuzz-spawn-msg.c tests/fuzz/fuzz.h $(FUZZ_SPAWN_FILES) tests/fuzz/liblvs-fuzz.a
	$(AM_V_GEN)list='$(FUZZ_SPAWN_FILES)'; $(FUZZ_LINK) -o $@ \
		$(srcdir)/tests/fuzz/fuzz-spawn-msg.c `$(FUZZ_C_OF)` tests/fuzz/liblvs-fuzz.a $(FUZZ_LIBS)

if HAVE_FUZZ
fuzz-build: $(FUZZ_TARGETS)
fuzz: fuzz-build
	$(SHELL) $(srcdir)/tests/fuzz/run.sh '$(srcdir)/tests/fuzz' tests/fuzz '$(FUZZ_SECONDS)' $(FUZZ_NAMES)
else
fuzz-build fuzz:
	@echo "make fuzz: no clang with libFuzzer was found by configure (set FUZZ_CC)" >&2; exit 1
endif
.PHONY: fuzz fuzz-build

# Inputs found, crashes and logs of the last runs.
clean-local: fuzz-clean
fuzz-clean:
	rm -rf tests/fuzz/work tests/fuzz/artifacts tests/fuzz/obj tests/fuzz/fuzz-*.log
.PHONY: fuzz-clean
