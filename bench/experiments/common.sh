# shellcheck shell=bash
# What every experiment here starts with (sourced): bench/suite.sh's
# topology with 1,000 servers (100 virtuals x 10) and their responder, and
# lvs.cf for them in $D; exp_stop.
set -u
. "$top_srcdir/bench/suite-lib.sh"
NV=100 NS=10 NSERV=1000
D=$(mktemp -d /tmp/exp.XXXXXX)
ulimit -n 65536
topology_up $NV $NS || { echo "Bail out! topology"; exit 1; }
responder_start || { echo "Bail out! responder"; exit 1; }
lvs_cf $NV $NS >"$D/lvs.cf"

# exp_stop PID [PROGRAM...]: stop a system started in the background (TERM,
# then KILL after 15 s), kill what is left of nanny and of each PROGRAM,
# empty the table, and let the guest settle before the next system.
exp_stop() {
	local prog
	kill "$1" 2>/dev/null
	for _ in $(seq 300); do kill -0 "$1" 2>/dev/null || break; sleep 0.05; done
	kill -9 "$1" 2>/dev/null; wait "$1" 2>/dev/null
	shift
	for prog in "$NANNY" "$@"; do pkill -9 -f "^$prog " 2>/dev/null; done
	in_lb "$OUR_IPVSADM" -C
	sleep 3
}
