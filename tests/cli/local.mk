# tests/cli: what every program shares on its command line (--version) and
# the bash completion scripts.
TESTS += tests/cli/test-version.sh tests/cli/test-completion.sh tests/cli/test-options-twice.sh
EXTRA_DIST += tests/cli/test-version.sh tests/cli/test-completion.sh tests/cli/test-options-twice.sh
