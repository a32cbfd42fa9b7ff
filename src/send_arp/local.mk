# src/send_arp: gratuitous ARP / unsolicited neighbour advertisement sender.
sbin_PROGRAMS += src/send_arp/send_arp
src_send_arp_send_arp_SOURCES = src/send_arp/send_arp.c
src_send_arp_send_arp_CPPFLAGS = $(AM_CPPFLAGS) $(POPT_CFLAGS) $(LIBCAP_CFLAGS)
src_send_arp_send_arp_LDADD = src/lib/liblvs.a $(POPT_LIBS) $(LIBCAP_LIBS) -lm
dist_man_MANS += man/send_arp.8
