# src/lvsd: the director daemon. Its core is a library so the tests link it.
noinst_LIBRARIES += src/lvsd/liblvsd.a
src_lvsd_liblvsd_a_SOURCES = \
	src/lvsd/director.c src/lvsd/director.h \
	src/lvsd/ipvs_map.c src/lvsd/ipvs_map.h \
	src/lvsd/monitors.c src/lvsd/kernel.c src/lvsd/status.c src/lvsd/lvsd.h \
	src/lvsd/view.h src/lvsd/view_render.c \
	src/lvsd/vip_announce.c src/lvsd/vip_announce.h \
	src/lvsd/announce.c src/lvsd/announce_tun.c \
	src/lvsd/start_queue.c src/lvsd/start_queue.h \
	src/lvsd/spawn_track.c src/lvsd/spawn_track.h \
	src/lvsd/spawner.c src/lvsd/spawner.h \
	src/lvsd/bird_reply.c src/lvsd/bird_reply.h src/lvsd/bird_client.c src/lvsd/bird_client.h \
	src/lvsd/sd_notify.c src/lvsd/sd_notify.h
src_lvsd_liblvsd_a_CPPFLAGS = $(AM_CPPFLAGS) $(LIBNL_CFLAGS) $(LIBNL_GENL_CFLAGS) $(LIBNL_ROUTE_CFLAGS) $(LIBCAP_CFLAGS)

sbin_PROGRAMS += src/lvsd/lvsd
src_lvsd_lvsd_SOURCES = src/lvsd/main.c
src_lvsd_lvsd_CPPFLAGS = $(AM_CPPFLAGS) $(LIBNL_CFLAGS) $(LIBNL_GENL_CFLAGS) $(POPT_CFLAGS) $(LIBCAP_CFLAGS)
LVSD_LIBS = src/lvsd/liblvsd.a src/lib/liblvs.a \
	$(LIBNL_ROUTE_LIBS) $(LIBNL_GENL_LIBS) $(LIBNL_LIBS) $(POPT_LIBS) $(LIBCAP_LIBS) -lm
src_lvsd_lvsd_LDADD = $(LVSD_LIBS)
dist_man_MANS += man/lvsd.8
