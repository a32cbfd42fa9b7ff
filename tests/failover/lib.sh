# shellcheck shell=bash
# What the failover scenarios (*.vmt in this directory) share, on top of
# tests/vm/lib.sh: bounded waits, the floating addresses of one router, its
# table and sync daemons, pulse's log, and the VIP overlap sampler.
# Expects VIP, GW, IPVSADM and PID (an associative array) from the scenario.

# wait_until SECS CMD...: retry CMD until it succeeds or SECS of wall-clock
# time have passed (an iteration count would stretch on a slow guest).
wait_until() {
	local end
	end=$(awk -v now="$EPOCHREALTIME" -v s="$1" 'BEGIN { printf "%.3f", now + s }')
	shift
	until "$@" >/dev/null 2>&1; do
		awk -v now="$EPOCHREALTIME" -v end="$end" 'BEGIN { exit !(now < end) }' || return 1
		sleep 0.1
	done
}
ms_since() { awk -v t0="$1" -v t1="${2:-$EPOCHREALTIME}" 'BEGIN { printf "%d", (t1 - t0) * 1000 }'; }

has_vip() { ip -n "$1" -4 addr show dev "$LAB_PUB_IF" | grep -q "inet $VIP/"; }
has_gw() { ip -n "$1" -4 addr show dev "$LAB_PRIV_IF" | grep -q "inet $GW/"; }
has_both() { has_vip "$1" && has_gw "$1"; }
has_none() { ! has_vip "$1" && ! has_gw "$1"; }
# drop_addrs ROUTER: remove the VIP and the nat_router address, whatever their prefix.
drop_addrs() {
	local a
	for a in $(ip -n "$1" -4 -o address show | awk -v v="$VIP" -v g="$GW" '{ split($4, p, "/"); if (p[1] == v || p[1] == g) print $4 "@" $2 }'); do
		ip -n "$1" address del "${a%@*}" dev "${a#*@}"
	done
}
table() { ip netns exec "$1" "$IPVSADM" -Ln 2>&1; }
# syncd_only ROUTER WANTED OTHER: the WANTED sync daemon runs (on priv0,
# syncid 7) and the OTHER does not.
syncd_only() {
	local d
	d=$(ip netns exec "$1" "$IPVSADM" -L --daemon 2>&1)
	[[ $d == *"$2 sync daemon (mcast=$LAB_PRIV_IF, syncid=7"* && $d != *"$3 sync daemon"* ]]
}
# syncd_both ROUTER: the master and the backup sync daemon both run.
syncd_both() {
	local d
	d=$(ip netns exec "$1" "$IPVSADM" -L --daemon 2>&1)
	[[ $d == *"master sync daemon (mcast=$LAB_PRIV_IF, syncid=7"* &&
		$d == *"backup sync daemon (mcast=$LAB_PRIV_IF, syncid=7"* ]]
}

log_of() { echo "$LAB_DIR/log/$1.pulse.log"; }
transitions() { grep -cE ' (backup|taking-over|active|releasing|failed|stopped) -> ' "$(log_of "$1")"; }
other() { [ "$1" = r1 ] && echo r2 || echo r1; }

# Overlap sampling: one bash loop per router inside its namespace reads
# /proc/net/fib_trie (no process per sample: the VIP's local route, so an
# address on a downed link does not count, it cannot answer) and logs each
# change of "holds the VIP" with its time; overlap_ms gives the longest time
# both held it.
sampler_start() { # ROUTER
	local fifo=$LAB_DIR/sample.fifo
	[ -p "$fifo" ] || mkfifo "$fifo"
	rm -f "$LAB_DIR/sample.stop"
	ip netns exec "$1" bash -c '
		exec {fd}<>"$3"
		prev=x
		while [ ! -e "$2" ]; do
			read -r -d "" s </proc/net/fib_trie
			[[ $s == *"$1
"* ]] && v=1 || v=0
			[ "$v" = "$prev" ] || { echo "$EPOCHREALTIME $v"; prev=$v; }
			read -t 0.005 -u "$fd" _
		done
		echo "$EPOCHREALTIME end"' - "$VIP" "$LAB_DIR/sample.stop" "$fifo" >"$LAB_DIR/sample.$1" &
	SAMPLERS="${SAMPLERS:-} $!"
}
sampler_stop() {
	touch "$LAB_DIR/sample.stop"
	# shellcheck disable=SC2086
	wait $SAMPLERS
	SAMPLERS=
}
overlap_ms() { # [FROM]: only time after FROM counts
	{ sed 's/^/a /' "$LAB_DIR/sample.r1"; sed 's/^/b /' "$LAB_DIR/sample.r2"; } | sort -k2,2n | awk -v from="${1:-0}" '
		function both() { return st["a"] == 1 && st["b"] == 1 }
		{
			if ($2 < from) $2 = from
			was = both()
			if ($3 == "end") { if (was) { d = $2 - t; if (d > m) m = d }; st["a"] = st["b"] = 0; next }
			st[$1] = $3
			if (!was && both()) t = $2
			if (was && !both()) { d = $2 - t; if (d > m) m = d }
		}
		END { printf "%d", m * 1000 }'
}

# counters ROUTER: SIGUSR1, then the report's "NAME: COUNT" lines.
counters() {
	local log n
	log=$(log_of "$1")
	n=$(grep -c 'state .* lvsd pid' "$log")
	kill -USR1 "${PID[$1]}"
	wait_until 15 eval '[ "$(grep -c "state .* lvsd pid" "$log")" -gt "$n" ]'
	grep -E 'heartbeats [a-zA-Z ]+: [0-9]+$' "$log" | tail -n 10 | sed 's/.*heartbeats //'
}
cnt() { sed -n "s/^$2: //p" <<<"$1" | tail -n 1; }
