# shellcheck shell=bash
# What every experiment here starts with (sourced): bench/suite.sh's
# topology with 1,000 servers (100 virtuals x 10) and their responder, and
# lvs.cf for them in $D.
set -u
. "$top_srcdir/bench/suite-lib.sh"
NV=100 NS=10 NSERV=1000
D=$(mktemp -d /tmp/exp.XXXXXX)
ulimit -n 65536
topology_up $NV $NS || { echo "Bail out! topology"; exit 1; }
responder_start || { echo "Bail out! responder"; exit 1; }
lvs_cf $NV $NS >"$D/lvs.cf"
