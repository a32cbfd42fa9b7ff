# ipvs part of liblvs: the IPVS generic netlink client
src_lib_liblvs_a_SOURCES += \
	src/lib/ipvs.c src/lib/ipvs.h \
	src/lib/ipvs_msg.c src/lib/ipvs_msg.h \
	src/lib/ipvs_policy.c src/lib/ipvs_policy.h \
	src/lib/ipvs_err.c
