# shellcheck shell=sh
# TAP for every shell test (host tests, .vmt scenarios in the VM guest, the
# valgrind verdict), sourced by them:
#     . "$top_srcdir/tests/tap.sh"
# POSIX sh (dash runs some tests), no process started but where a function
# says so (each one is slow in the emulated guest).
#
#   tap_plan N            print the plan first (optional: tap_done prints it)
#   check DESC CMD...     run CMD in this shell; its status is the verdict
#   tap_ok DESC CMD...    the same in a subshell, CMD's output shown on failure
#   tap_check STATUS DESC ok when STATUS is 0
#   tap_is GOT WANT DESC  ok when equal, both shown on failure
#   tap_like GOT ERE DESC ok when GOT matches ERE (grep -E), shown on failure
#   tap_pass DESC / tap_fail DESC / tap_skip REASON
#   tap_diag TEXT...      each line of each argument as a "# " comment
#   tap_skip_all REASON   "1..0 # SKIP REASON" and exit 0 (before any check)
#   tap_bail MSG          "Bail out! MSG" and exit 1
#   tap_done              the plan if none was printed; status 1 if a check failed
# TAP_N counts the checks so far, TAP_FAILED the failed ones.
TAP_N=0
TAP_FAILED=0
TAP_PLANNED=

tap_plan() { TAP_PLANNED=$1; echo "1..$1"; }
tap_pass() { TAP_N=$((TAP_N + 1)); echo "ok $TAP_N - $*"; }
tap_fail() { TAP_N=$((TAP_N + 1)); TAP_FAILED=$((TAP_FAILED + 1)); echo "not ok $TAP_N - $*"; }
tap_skip() { TAP_N=$((TAP_N + 1)); echo "ok $TAP_N # SKIP $*"; }
tap_check() { if [ "$1" -eq 0 ]; then tap_pass "$2"; else tap_fail "$2"; fi; }
tap_skip_all() { echo "1..0 # SKIP $*"; exit 0; }
tap_bail() { echo "Bail out! $*"; exit 1; }

# tap_diag TEXT...: split on newlines with parameter expansion, no process.
tap_diag() {
	for _tap_a in "$@"; do
		while :; do
			case $_tap_a in
			*"
"*)
				echo "# ${_tap_a%%"
"*}"
				_tap_a=${_tap_a#*"
"}
				;;
			*)
				echo "# $_tap_a"
				break
				;;
			esac
		done
	done
}

check() {
	_tap_d=$1
	shift
	if "$@"; then tap_pass "$_tap_d"; else tap_fail "$_tap_d"; fi
}

tap_ok() {
	_tap_d=$1
	shift
	_tap_out=$("$@" 2>&1)
	_tap_rc=$?
	tap_check "$_tap_rc" "$_tap_d"
	[ "$_tap_rc" -eq 0 ] || tap_diag "command: $* (exit $_tap_rc)" "$_tap_out"
	return "$_tap_rc"
}

tap_is() {
	if [ "$1" = "$2" ]; then tap_pass "$3"; return 0; fi
	tap_fail "$3"
	tap_diag "got:      '$1'" "expected: '$2'"
	return 1
}

tap_like() {
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then tap_pass "$3"; return 0; fi
	tap_fail "$3"
	tap_diag "got:      '$1'" "expected to match: $2"
	return 1
}

tap_done() {
	[ -n "$TAP_PLANNED" ] || echo "1..$TAP_N"
	[ "$TAP_FAILED" -eq 0 ]
}
