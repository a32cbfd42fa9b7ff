# tests/demo: the demo for people (make demo, in Makefile.am, runs it in the
# VM lab); plain lines, not TAP, so it is not among the TESTS.
EXTRA_DIST += tests/demo/demo.sh
