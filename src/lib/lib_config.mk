src_lib_liblvs_a_SOURCES +=
