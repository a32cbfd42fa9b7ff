# Helpers for nanny's loopback tests (sourced): TAP (tests/tap.sh), a test
# server, nanny in report mode with every report line time-stamped.

: "${top_builddir:=.}" "${top_srcdir:=.}"
. "$top_srcdir/tests/tap.sh"
. "$top_srcdir/tests/valgrind/wrap.sh"
# Under valgrind, the dynamic build of the same sources when nanny is static
# (memcheck cannot see a static program's malloc).
NANNY_BIN=$top_builddir/src/nanny/nanny
[ -n "${LVS_VALGRIND:-}" ] && [ -x "$top_builddir/src/nanny/nanny-dynamic" ] &&
	NANNY_BIN=$top_builddir/src/nanny/nanny-dynamic
NANNY=$(vg_prog nanny "$NANNY_BIN")
SRV=$top_builddir/tests/nanny/nanny-testsrv
T=$(mktemp -d "${TMPDIR:-/tmp}/nanny-test.XXXXXX")
PIDS=""

cleanup() {
	for p in $PIDS; do
		kill "$p" 2>/dev/null
	done
	wait 2>/dev/null
	[ -n "$KEEP" ] || rm -rf "$T"
}
trap cleanup EXIT

# timing_ok STATUS DESCRIPTION: ok for a figure of time or memory. Under
# valgrind (LVS_VALGRIND, the memcheck tier) nanny starts seconds late and
# memcheck's own memory is counted, so the figure is not judged there: the
# line says so as a TAP skip, and the normal run judges it.
timing_ok() {
	if [ -n "${LVS_VALGRIND:-}" ]; then
		tap_pass "$2 # SKIP time and memory figures are not judged under valgrind"
	else
		tap_check "$@"
	fi
}

now() { echo "$EPOCHREALTIME"; }

# fcmp "EXPR": floating-point comparison through awk.
fcmp() { awk "BEGIN { exit !($1) }" 2>/dev/null; }

# start_srv NAME [server args...]: sets NAME_port and NAME_pid; control file
# $T/NAME.ctl, connection log $T/NAME.conn.
start_srv() {
	local name=$1
	shift
	"$SRV" -P "$T/$name.port" -c "$T/$name.ctl" -l "$T/$name.conn" "$@" &
	eval "${name}_pid=$!"
	PIDS="$PIDS $!"
	for _ in $(seq 100); do
		[ -s "$T/$name.port" ] && break
		sleep 0.05
	done
	eval "${name}_port=$(cat "$T/$name.port")"
}

# srv_mode NAME MODE: switch the server's behaviour; prints the time.
srv_mode() {
	local pid
	echo "$2" >"$T/$1.ctl"
	eval "pid=\$${1}_pid"
	kill -USR1 "$pid"
	sleep 0.02	# let it apply before the caller takes the time
}

stamp_lines() {
	while IFS= read -r line; do
		printf '%s %s\n' "$EPOCHREALTIME" "$line"
	done
}

# start_nanny NAME [nanny args...]: report mode on fd 3 into $T/NAME.rep
# (each line prefixed by its arrival time), log in $T/NAME.log.
start_nanny() {
	local name=$1
	shift
	: >"$T/$name.rep"
	"$NANNY" -n --report-fd 3 "$@" 3> >(stamp_lines >"$T/$name.rep") 2>"$T/$name.log" &
	eval "${name}_pid=$!"
	eval "${name}_start=$(now)"
	PIDS="$PIDS $!"
}

# wait_report NAME REGEX [NTH] [TIMEOUT]: waits for the NTH report line
# matching REGEX (ERE on the line without its stamp); prints its time and
# returns 0, or returns 1 after TIMEOUT seconds (default 10).
wait_report() {
	local name=$1 re=$2 nth=${3:-1} limit=${4:-10} t
	local end
	end=$(awk -v n="$(now)" -v l="$limit" 'BEGIN { printf "%.6f", n + l }')
	while :; do
		t=$(awk -v re="$re" -v nth="$nth" '{ s = $1; $1 = ""; sub(/^ /, ""); if ($0 ~ re && ++c == nth) { print s; exit } }' "$T/$name.rep")
		if [ -n "$t" ]; then
			echo "$t"
			return 0
		fi
		fcmp "$(now) > $end" && return 1
		sleep 0.03
	done
}

# report_lines NAME: the report without time stamps.
report_lines() { cut -d' ' -f2- "$T/$1.rep"; }

# count_report NAME REGEX
count_report() { report_lines "$1" | grep -Ec -- "$2"; }

stop_nanny() {
	local pid
	eval "pid=\$${1}_pid"
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
}

# within A B LIMIT: B - A <= LIMIT and B >= A - 0.05 (seconds)
within() { [ -n "$1" ] && [ -n "$2" ] && fcmp "$2 - $1 <= $3 && $2 >= $1 - 0.05"; }
