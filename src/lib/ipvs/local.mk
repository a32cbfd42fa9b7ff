# src/lib/ipvs: the client of the kernel's IPVS generic netlink family. The
# messages (ipvs_msg, built and parsed without a socket, so they are tested
# and fuzzed without a kernel), the socket and the calls (ipvs), the
# validation of a request before it is sent (ipvs_policy), the error texts
# (ipvs_err).
src_lib_liblvs_a_SOURCES += \
	src/lib/ipvs/ipvs.c src/lib/ipvs/ipvs.h \
	src/lib/ipvs/ipvs_msg.c src/lib/ipvs/ipvs_msg.h \
	src/lib/ipvs/ipvs_policy.c src/lib/ipvs/ipvs_policy.h \
	src/lib/ipvs/ipvs_err.c
