# man: the pages of no single program. Each program's local.mk installs its
# own page(s) from here; lvs.cf(5), read by them all, ships from this one.
dist_man_MANS += man/lvs.cf.5
