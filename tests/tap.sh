# shellcheck shell=sh
# TAP for shell tests, sourced by them: check DESC CMD [ARGS...] runs CMD and
# prints "ok N - DESC" or "not ok N - DESC"; n counts the checks so far.
n=0
check() { # description, then a command whose status is the verdict
	desc=$1; shift
	n=$((n + 1))
	if "$@"; then echo "ok $n - $desc"; else echo "not ok $n - $desc"; fi
}
