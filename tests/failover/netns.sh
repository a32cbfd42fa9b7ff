# shellcheck shell=sh
# Two routers on one host for the pulse tests (pulse-netns.sh,
# pulse-port-taken.sh, pulse-status.sh) and send_arp's (tests/send_arp/):
# network namespaces A and B, veth links between them, a temporary
# directory, and what to stop at exit. Source tests/tap.sh first. POSIX sh.
#
#   netns_need [CMD...]     skip the whole test unless root, with ip and each CMD
#   netns_pair A B          make namespaces A and B (skip the test if it cannot),
#                           TMP (a new directory) and PIDS (empty); at exit
#                           (or HUP, INT, TERM, PIPE) each pid in PIDS gets
#                           TERM, then KILL 0.3 s later, the namespaces go,
#                           netns_at_exit runs if the test defines it, and TMP
#                           is removed unless KEEP_TMP is set
#   netns_link IF ADDR_A ADDR_B [MAC_A MAC_B]
#                           a veth pair named IF on both sides (the same
#                           name, as one lvs.cf names it), ADDR_A/24 in A and
#                           ADDR_B/24 in B, IF and lo up
#   netns_lvsd              a stand-in for lvsd at $TMP/lvsd: it appends
#                           "NS start", "NS stop" (TERM, then it exits),
#                           "NS reload" (HUP), "NS role active" (USR1) and
#                           "NS role backup" (USR2) to $TMP/lvsd.log, NS
#                           being its namespace, and says ready on
#                           --ready-fd as lvsd does, once its handlers are set
#   netns_wait SECS CMD...  run CMD (quietly) every 50 ms until it succeeds;
#                           fails once SECS have passed
#   netns_show_logs         for netns_at_exit: when a check failed, the last
#                           30 lines of each $TMP/*.log as TAP comments
NETNS_A=
NETNS_B=

netns_need() {
	[ "$(id -u)" = 0 ] || tap_skip_all "needs root (network namespaces)"
	command -v ip >/dev/null || tap_skip_all "ip (iproute2) not installed"
	for _netns_c in "$@"; do
		command -v "$_netns_c" >/dev/null || tap_skip_all "$_netns_c not installed"
	done
}

_netns_cleanup() {
	for _netns_p in $PIDS; do kill "$_netns_p" 2>/dev/null; done
	[ -z "$PIDS" ] || sleep 0.3
	for _netns_p in $PIDS; do kill -9 "$_netns_p" 2>/dev/null; done
	ip netns del "$NETNS_A" 2>/dev/null
	[ -z "$NETNS_B" ] || ip netns del "$NETNS_B" 2>/dev/null
	! command -v netns_at_exit >/dev/null || netns_at_exit
	if [ -n "${KEEP_TMP:-}" ]; then echo "# logs kept in $TMP" >&2; else rm -rf "$TMP"; fi
}

netns_pair() {
	ip netns add "$1" 2>/dev/null || tap_skip_all "cannot create network namespaces"
	NETNS_A=$1
	TMP=$(mktemp -d)
	PIDS=
	trap _netns_cleanup EXIT
	trap "exit 1" HUP INT TERM PIPE
	ip netns add "$2" || tap_skip_all "cannot create a second network namespace"
	NETNS_B=$2
}

netns_link() {
	# Made under two names, then renamed: both ends are IF.
	if [ -n "${4:-}" ]; then
		ip link add "${1}x" netns "$NETNS_A" address "$4" type veth \
			peer name "${1}y" netns "$NETNS_B" address "$5"
	else
		ip link add "${1}x" netns "$NETNS_A" type veth peer name "${1}y" netns "$NETNS_B"
	fi || tap_skip_all "veth not available"
	ip -n "$NETNS_A" link set "${1}x" name "$1"
	ip -n "$NETNS_B" link set "${1}y" name "$1"
	ip -n "$NETNS_A" addr add "$2/24" dev "$1"
	ip -n "$NETNS_B" addr add "$3/24" dev "$1"
	for _netns_n in "$NETNS_A" "$NETNS_B"; do
		ip -n "$_netns_n" link set "$1" up
		ip -n "$_netns_n" link set lo up
	done
}

netns_lvsd() {
	cat >"$TMP/lvsd" <<EOS
#!/bin/sh
ns=\$(ip netns identify \$\$)
echo "\$ns start" >>"$TMP/lvsd.log"
trap 'echo "\$ns stop" >>"$TMP/lvsd.log"; exit 0' TERM
trap 'echo "\$ns reload" >>"$TMP/lvsd.log"' HUP
trap 'echo "\$ns role active" >>"$TMP/lvsd.log"' USR1
trap 'echo "\$ns role backup" >>"$TMP/lvsd.log"' USR2
for a in "\$@"; do
	case "\$a" in --ready-fd=*) eval "echo ready >&\${a#--ready-fd=}" ;; esac
done
while :; do sleep 0.05; done
EOS
	chmod +x "$TMP/lvsd"
}

netns_wait() {
	_netns_left=$(($1 * 20))
	shift
	until "$@" >/dev/null 2>&1; do
		[ "$_netns_left" -gt 0 ] || return 1
		_netns_left=$((_netns_left - 1))
		sleep 0.05
	done
}

netns_show_logs() {
	[ "$TAP_FAILED" = 0 ] && return
	for _netns_f in "$TMP"/*.log; do
		echo "# --- $_netns_f"
		sed 's/^/# /' "$_netns_f" | tail -n 30
	done
}
