# tests/chaos: the daemons under abuse, in the lab VM.
# Reload storm: SIGHUPs to lvsd and to a pulse pair while lvs.cf changes.
TESTS += tests/chaos/storm.vmt
EXTRA_DIST += tests/chaos/storm.vmt tests/chaos/storm-lib.sh
