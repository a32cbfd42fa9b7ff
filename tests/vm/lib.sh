# shellcheck shell=bash disable=SC2034
# Helper library for scenario scripts run inside the lab VM (tests/vm/run):
# a named network topology made of network namespaces, small servers and
# clients, bounded waits, and TAP output. Source it from bash:
#     . "$top_srcdir/tests/vm/lib.sh"
# The topology (see tests/vm/README.md for the picture):
#
#   client1, client2 --- [br-pub in lab-sw] --- pub0 (r1)  priv0 --- [br-priv in lab-sw] --- rs1..rsN
#                                          \--- pub0 (r2)  priv0 ---/
#
# Routers r1 (primary) and r2 (backup) forward IPv4 and IPv6; real servers
# route through the floating NAT gateway address, which the test (or pulse)
# puts on the active router's priv0. Bridges live in their own namespace,
# lab-sw, so the guest's root namespace stays empty.

# ---- addresses and names --------------------------------------------------
LAB_SW='lab-sw'                     # namespace holding the two bridges
LAB_BR_PUB='br-pub'
LAB_BR_PRIV='br-priv'
LAB_ROUTERS="r1 r2"
LAB_PUB_IF=pub0                   # router interfaces (in r1 and r2)
LAB_PRIV_IF=priv0
LAB_HOST_IF=eth0                  # client and real server interface

LAB_PUB_NET4=192.0.2.0/24
LAB_PUB_NET6=2001:db8:0:1::/64
LAB_PRIV_NET4=198.51.100.0/24
LAB_PRIV_NET6=2001:db8:0:2::/64

LAB_VIP4=192.0.2.100              # virtual service addresses (public side)
LAB_VIP6=2001:db8:0:1::100
LAB_VIP4_2=192.0.2.101            # a second one, for tests that need two
LAB_VIP6_2=2001:db8:0:1::101
LAB_GW4=198.51.100.254            # floating NAT gateway (private side)
LAB_GW6=2001:db8:0:2::fe

LAB_R1_PUB4=192.0.2.1   LAB_R1_PUB6=2001:db8:0:1::1
LAB_R1_PRIV4=198.51.100.1 LAB_R1_PRIV6=2001:db8:0:2::1
LAB_R2_PUB4=192.0.2.2   LAB_R2_PUB6=2001:db8:0:1::2
LAB_R2_PRIV4=198.51.100.2 LAB_R2_PRIV6=2001:db8:0:2::2
LAB_CLIENT1_4=192.0.2.11 LAB_CLIENT1_6=2001:db8:0:1::11
LAB_CLIENT2_4=192.0.2.12 LAB_CLIENT2_6=2001:db8:0:1::12
# Real server N (1..N): 198.51.100.(10+N) and 2001:db8:0:2::(10+N), see lab_rs4/lab_rs6.

LAB_DIR=${LAB_DIR:-/run/lab}      # guest-local state: docroots, pid files
LAB_SERVERS=0                     # set by lab_up

# Addresses of real server N.
lab_rs4() { echo "198.51.100.$((10 + $1))"; }
lab_rs6() { echo "2001:db8:0:2::$((10 + $1))"; }

# Fixed MAC addresses, so tests can predict them (lab_mac reads the real one):
#   rN pub0 02:00:00:00:0N:01   rN priv0 02:00:00:00:0N:02
#   clientN 02:00:00:01:00:NN   rsN 02:00:00:02:00:NN (NN: N in hex)
lab_mac_of() {
	local v
	_lab_mac v "$@" && echo "$v"
}
# _lab_mac VAR NS [IF]: same, into VAR (no subshell: forks are slow here).
_lab_mac() {
	case $2:${3:-} in
	r[0-9]:pub0) printf -v "$1" '02:00:00:00:%02x:01' "${2#r}";;
	r[0-9]:priv0) printf -v "$1" '02:00:00:00:%02x:02' "${2#r}";;
	client[0-9]*:*) printf -v "$1" '02:00:00:01:00:%02x' "${2#client}";;
	rs[0-9]*:*) printf -v "$1" '02:00:00:02:00:%02x' "${2#rs}";;
	*) return 1;;
	esac
}

# ---- TAP ------------------------------------------------------------------
# tap_plan, check, tap_ok, tap_check, tap_is, tap_like, tap_pass, tap_fail,
# tap_skip, tap_diag, tap_bail, tap_done: tests/tap.sh (the host's source
# tree is the guest's too).
. "${top_srcdir:?top_srcdir names the source tree}/tests/tap.sh"

# ---- running things -------------------------------------------------------
lab_log() { echo "# lab: $*"; }

# lab_exec NS CMD [ARGS...]: run a command in a namespace.
lab_exec() {
	local ns=$1
	shift
	ip netns exec "$ns" "$@"
}

# lab_bg NS CMD [ARGS...]: start a command in a namespace in the background
# (output in $LAB_DIR/log/NS.*.log); its pid is in LAB_PID and is stopped by lab_down.
lab_bg() {
	local ns=$1 log
	shift
	mkdir -p "$LAB_DIR/log"
	log=$LAB_DIR/log/$ns.${1##*/}.log
	ip netns exec "$ns" "$@" </dev/null >>"$log" 2>&1 &
	LAB_PID=$!
	echo "$LAB_PID" >>"$LAB_DIR/pids"
}

# lab_wait_for SECS CMD [ARGS...]: retry CMD every 0.1 s until it succeeds;
# fails once SECS seconds have passed (wall clock).
lab_wait_for() {
	local end=$(( ${EPOCHSECONDS:-$(date +%s)} + $1 ))
	shift
	until "$@" >/dev/null 2>&1; do
		[ "${EPOCHSECONDS:-$(date +%s)}" -lt "$end" ] || return 1
		sleep 0.1
	done
}

# lab_mac NS IF: the MAC address of an interface.
lab_mac() {
	ip -n "$1" -br link show dev "$2" | awk '{ print $3 }'
}

# lab_listening NS PORT [tcp|udp]: is something listening on PORT in NS?
lab_listening() {
	ip netns exec "$1" bash -c "$_LAB_LISTENING"'; listening "$1" "$2"' - "$2" "${3:-tcp}"
}

# lab_wait_listening NS PORT [tcp|udp] [SECS]: wait until something listens
# (one process polls inside the namespace).
lab_wait_listening() {
	ip netns exec "$1" bash -c "$_LAB_LISTENING"'
		for ((i = 0; i < $3 * 10; i++)); do
			listening "$1" "$2" && exit 0
			sleep 0.1
		done
		exit 1' - "$2" "${3:-tcp}" "${4:-10}"
}

# Reads /proc/net/{tcp,tcp6,udp,udp6} with builtins only.
_LAB_LISTENING='
listening() {
	local port want=0A f local state
	printf -v port "%04X" "$1"
	[ "$2" = udp ] && want=07
	for f in /proc/net/$2 /proc/net/${2}6; do
		[ -r "$f" ] || continue
		while read -r _ local _ state _; do
			[ "${local##*:}" = "$port" ] && [ "$state" = "$want" ] && return 0
		done <"$f"
	done
	return 1
}'

# ---- servers and clients --------------------------------------------------
# lab_http_server NS PORT PAYLOAD: busybox httpd in NS serving PAYLOAD at /
# on every address (IPv4 and IPv6); returns once it listens.
lab_http_server() {
	local ns=$1 port=$2 root=$LAB_DIR/www/$1-$2
	mkdir -p "$root"
	printf '%s\n' "$3" >"$root/index.html"
	lab_bg "$ns" busybox httpd -f -p "$port" -h "$root"
	lab_wait_listening "$ns" "$port" || { lab_log "httpd in $ns did not start"; return 1; }
}

# lab_tcp_echo NS PORT: a TCP echo server (each connection gets its input back).
lab_tcp_echo() {
	lab_bg "$1" busybox nc -ll -p "$2" -e /bin/cat
	lab_wait_listening "$1" "$2" || { lab_log "echo server in $1 did not start"; return 1; }
}

# The HTTP client: busybox wget (static, so it starts fast under emulation;
# curl takes a second or two), else curl. Set LAB_HTTP_GET to override.
_lab_get() {
	if [ -n "${LAB_HTTP_GET:-}" ]; then
		echo "$LAB_HTTP_GET"
	elif command -v busybox >/dev/null; then
		echo "busybox timeout $1 busybox wget -q -O -"
	else
		echo "curl -gsS --max-time $1"
	fi
}

# lab_fetch NS URL [SECS]: the body of an HTTP GET from NS.
lab_fetch() {
	# shellcheck disable=SC2046
	ip netns exec "$1" $(_lab_get "${3:-5}") "$2"
}

# lab_fetch_n NS URL N [SECS]: N GETs from one process in NS, one body per
# line ("<failed: ERROR>" for a failed one).
lab_fetch_n() {
	ip netns exec "$1" bash -c '
		for ((i = 0; i < $2; i++)); do
			body=$($3 "$1" 2>&1) || body="<failed: ${body//$'"'"'\n'"'"'/ }>"
			echo "$body"
		done' - "$2" "$3" "$(_lab_get "${4:-5}")"
}

# lab_url ADDR [PORT] [PATH]: an http URL, brackets around IPv6 addresses.
lab_url() {
	local host=$1
	case $host in *:*) host="[$host]";; esac
	echo "http://$host:${2:-80}${3:-/}"
}

# ---- the topology ---------------------------------------------------------
# _lab_router_links ROUTER: ip -batch lines for its two veth pairs, each end
# straight in its namespace (ROUTER's side and the switch's).
_lab_router_links() {
	local mac
	_lab_mac mac "$1" pub0
	echo "link add name $LAB_PUB_IF netns $1 address $mac type veth peer name $1-pub netns $LAB_SW"
	_lab_mac mac "$1" priv0
	echo "link add name $LAB_PRIV_IF netns $1 address $mac type veth peer name $1-priv netns $LAB_SW"
}
# _lab_router_setup ROUTER: forwarding on, links up, a fixed address on each side.
_lab_router_setup() {
	local n=${1#r} f=$LAB_DIR/batch/$1
	{
		echo "link set lo up"
		echo "link set $LAB_PUB_IF up"
		echo "link set $LAB_PRIV_IF up"
		echo "address add 192.0.2.$n/24 dev $LAB_PUB_IF"
		echo "address add 2001:db8:0:1::$n/64 dev $LAB_PUB_IF nodad"
		echo "address add 198.51.100.$n/24 dev $LAB_PRIV_IF"
		echo "address add 2001:db8:0:2::$n/64 dev $LAB_PRIV_IF nodad"
	} >"$f"
	ip netns exec "$1" bash -c '
		echo 1 >/proc/sys/net/ipv4/ip_forward &&
		echo 1 >/proc/sys/net/ipv6/conf/all/forwarding &&
		exec ip -batch "$1"' - "$f"
}

# lab_router_reboot ROUTER: the router as after a power cycle: its namespace,
# and with it every process, address, IPVS table, connection entry and sync
# daemon in it, is replaced by a fresh one wired and addressed as lab_up
# left it. (What runs in it must be started again.)
lab_router_reboot() {
	local r=$1 p
	# A namespace an earlier call deleted is only waited for: one slow
	# teardown must not fail every later reboot.
	if [ -e "/run/netns/$r" ]; then
		for p in $(ip netns pids "$r" 2>/dev/null); do kill -9 "$p" 2>/dev/null; done
		ip netns delete "$r" || return 1
	fi
	# The kernel tears a namespace down in the background; the switch's
	# ends of the veth pairs go with it.
	lab_wait_for 60 eval "! ip -n $LAB_SW link show $r-pub >/dev/null 2>&1 && ! ip -n $LAB_SW link show $r-priv >/dev/null 2>&1" || {
		lab_log "lab_router_reboot: $r's links did not go away in 60 s; the kernel's last words:"
		dmesg 2>/dev/null | tail -n 15 | sed 's/^/# lab:   /'
		return 1
	}
	ip netns add "$r" && _lab_router_links "$r" | ip -batch - &&
		ip -n "$LAB_SW" link set "$r-pub" master "$LAB_BR_PUB" up &&
		ip -n "$LAB_SW" link set "$r-priv" master "$LAB_BR_PRIV" up &&
		_lab_router_setup "$r"
}

# lab_up [--servers N] [--clients N]: build the topology (default 2 real
# servers, 2 clients). No address is floating yet: see lab_gw_on/lab_vip_on.
lab_up() {
	local servers=2 clients=2 b ns i r
	while [ $# -gt 0 ]; do
		case $1 in
		--servers) servers=$2; shift 2;;
		--clients) clients=$2; shift 2;;
		*) echo "lab_up: unknown option $1" >&2; return 2;;
		esac
	done
	LAB_SERVERS=$servers
	LAB_CLIENTS=$clients
	b=$LAB_DIR/batch
	mkdir -p "$b"
	: >"$LAB_DIR/pids"

	LAB_HOSTS="$LAB_ROUTERS"
	for ((i = 1; i <= clients; i++)); do LAB_HOSTS="$LAB_HOSTS client$i"; done
	for ((i = 1; i <= servers; i++)); do LAB_HOSTS="$LAB_HOSTS rs$i"; done

	# One ip process creates every namespace and every veth pair, each end
	# straight in its namespace (few processes: each exec is slow under emulation).
	local mac
	{
		echo "netns add $LAB_SW"
		for ns in $LAB_HOSTS; do echo "netns add $ns"; done
		for r in $LAB_ROUTERS; do _lab_router_links "$r"; done
		for ((i = 1; i <= clients; i++)); do
			_lab_mac mac "client$i"
			echo "link add name $LAB_HOST_IF netns client$i address $mac type veth peer name client$i netns $LAB_SW"
		done
		for ((i = 1; i <= servers; i++)); do
			_lab_mac mac "rs$i"
			echo "link add name $LAB_HOST_IF netns rs$i address $mac type veth peer name rs$i netns $LAB_SW"
		done
	} >"$b/root"
	ip -batch "$b/root" || return 1

	# Then every namespace is configured by one ip -batch, all at once.
	# The switch:
	{
		echo "link set lo up"
		for br in $LAB_BR_PUB $LAB_BR_PRIV; do
			echo "link add $br type bridge forward_delay 0 stp_state 0"
			echo "link set $br up"
		done
		for r in $LAB_ROUTERS; do
			echo "link set $r-pub master $LAB_BR_PUB up"
			echo "link set $r-priv master $LAB_BR_PRIV up"
		done
		for ((i = 1; i <= clients; i++)); do echo "link set client$i master $LAB_BR_PUB up"; done
		for ((i = 1; i <= servers; i++)); do echo "link set rs$i master $LAB_BR_PRIV up"; done
	} >"$b/$LAB_SW"
	local pids=()
	ip -n "$LAB_SW" -batch "$b/$LAB_SW" & pids+=($!)

	# Routers: forwarding on, a fixed address on each side.
	for r in $LAB_ROUTERS; do
		_lab_router_setup "$r" & pids+=($!)
	done

	# Clients: on the public LAN, their default route leaves through it.
	for ((i = 1; i <= clients; i++)); do
		{
			echo "link set lo up"
			echo "link set $LAB_HOST_IF up"
			echo "address add 192.0.2.$((10 + i))/24 dev $LAB_HOST_IF"
			echo "address add 2001:db8:0:1::$((10 + i))/64 dev $LAB_HOST_IF nodad"
			echo "route add default dev $LAB_HOST_IF"
			echo "route add ::/0 dev $LAB_HOST_IF"
		} >"$b/client$i"
		ip -n "client$i" -batch "$b/client$i" & pids+=($!)
	done

	# Real servers: default route via the floating NAT gateway.
	for ((i = 1; i <= servers; i++)); do
		{
			echo "link set lo up"
			echo "link set $LAB_HOST_IF up"
			echo "address add 198.51.100.$((10 + i))/24 dev $LAB_HOST_IF"
			echo "address add 2001:db8:0:2::$((10 + i))/64 dev $LAB_HOST_IF nodad"
			echo "route add default via $LAB_GW4"
			echo "route add ::/0 via $LAB_GW6"
		} >"$b/rs$i"
		ip -n "rs$i" -batch "$b/rs$i" & pids+=($!)
	done
	local pid rc=0
	for pid in "${pids[@]}"; do wait "$pid" || rc=1; done
	[ $rc -eq 0 ] || { lab_log "lab_up: configuring a namespace failed"; return 1; }
	lab_log "up: routers $LAB_ROUTERS, $clients client(s), $servers real server(s)"
}

# lab_gw_on ROUTER / lab_gw_off ROUTER: put / remove the floating NAT gateway
# addresses on ROUTER's private interface.
lab_gw_on() {
	ip -n "$1" address add "$LAB_GW4/24" dev "$LAB_PRIV_IF" &&
		ip -n "$1" address add "$LAB_GW6/64" dev "$LAB_PRIV_IF" nodad
}
lab_gw_off() {
	ip -n "$1" address del "$LAB_GW4/24" dev "$LAB_PRIV_IF"
	ip -n "$1" address del "$LAB_GW6/64" dev "$LAB_PRIV_IF"
}

# lab_vip_on ROUTER [VIP4] [VIP6] / lab_vip_off ...: the virtual addresses
# on ROUTER's public interface (defaults: LAB_VIP4, LAB_VIP6).
lab_vip_on() {
	ip -n "$1" address add "${2:-$LAB_VIP4}/24" dev "$LAB_PUB_IF" &&
		ip -n "$1" address add "${3:-$LAB_VIP6}/64" dev "$LAB_PUB_IF" nodad
}
lab_vip_off() {
	ip -n "$1" address del "${2:-$LAB_VIP4}/24" dev "$LAB_PUB_IF"
	ip -n "$1" address del "${3:-$LAB_VIP6}/64" dev "$LAB_PUB_IF"
}

# lab_down: stop what lab_bg started, delete the namespaces (one ip process).
lab_down() {
	local pid ns
	if [ -f "$LAB_DIR/pids" ]; then
		while read -r pid; do kill "$pid" 2>/dev/null; done <"$LAB_DIR/pids"
		: >"$LAB_DIR/pids"
	fi
	for ns in ${LAB_HOSTS:-} $LAB_SW; do
		[ -e "/run/netns/$ns" ] && echo "netns delete $ns"
	done >"$LAB_DIR/batch/down" 2>/dev/null || return 0
	[ -s "$LAB_DIR/batch/down" ] && ip -force -batch "$LAB_DIR/batch/down" 2>/dev/null
	return 0
}
