# etc: the example configuration (see src/tools/local.mk) and the service
# files, which get the configured paths.
systemdsystemunit_DATA = etc/systemd/pulse.service etc/systemd/lvsd.service
initddir = $(sysconfdir)/init.d
initd_SCRIPTS = etc/init.d/pulse
SERVICE_TEMPLATES = etc/systemd/pulse.service.in etc/systemd/lvsd.service.in etc/init.d/pulse.in
EXTRA_DIST += $(SERVICE_TEMPLATES)
# The drop-in for director_mode = ecmp (lvsd(8), SYSTEMD): an example, not
# installed as a drop-in, since pair mode does not want it.
dist_doc_DATA += etc/systemd/lvsd-ecmp.conf
CLEANFILES += $(systemdsystemunit_DATA) $(initd_SCRIPTS)

edit_paths = sed -e 's|@sbindir[@]|$(sbindir)|g' -e 's|@sysconfdir[@]|$(sysconfdir)|g' \
	-e 's|@runstatedir[@]|$(runstatedir)|g'
etc/systemd/pulse.service: $(srcdir)/etc/systemd/pulse.service.in Makefile
	$(AM_V_GEN)$(MKDIR_P) etc/systemd && $(edit_paths) $(srcdir)/etc/systemd/pulse.service.in >$@
etc/systemd/lvsd.service: $(srcdir)/etc/systemd/lvsd.service.in Makefile
	$(AM_V_GEN)$(MKDIR_P) etc/systemd && $(edit_paths) $(srcdir)/etc/systemd/lvsd.service.in >$@
etc/init.d/pulse: $(srcdir)/etc/init.d/pulse.in Makefile
	$(AM_V_GEN)$(MKDIR_P) etc/init.d && $(edit_paths) $(srcdir)/etc/init.d/pulse.in >$@ && chmod +x $@
