# tests/privs: least privilege. The systemd units' hardening, judged by
# systemd-analyze (skipped without it); in the lab VM, the capability sets
# of every running daemon against their man pages.
TESTS += tests/privs/units.sh tests/privs/caps.vmt
EXTRA_DIST += tests/privs/units.sh tests/privs/caps.vmt
