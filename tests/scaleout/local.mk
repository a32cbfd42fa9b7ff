# tests/scaleout: N active directors behind ECMP (director_mode = ecmp), in the lab VM.
TESTS += tests/scaleout/scaleout.vmt
EXTRA_DIST += tests/scaleout/scaleout.vmt tests/scaleout/lib.sh
