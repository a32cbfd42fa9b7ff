# tests/scaleout: N active directors behind ECMP (director_mode = ecmp), in the lab VM.
TESTS += tests/scaleout/scaleout.vmt
EXTRA_DIST += tests/scaleout/scaleout.vmt tests/scaleout/lib.sh
# One director with announce_bfd = 1 and lvsd's systemd notifications.
TESTS += tests/scaleout/bfd.vmt
EXTRA_DIST += tests/scaleout/bfd.vmt
