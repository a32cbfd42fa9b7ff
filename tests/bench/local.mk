# tests/bench: the bench's own tooling (its tables), not timings.
TESTS += tests/bench/test-summarize.sh
EXTRA_DIST += tests/bench/test-summarize.sh
