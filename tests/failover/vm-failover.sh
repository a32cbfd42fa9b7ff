#!/bin/sh
# Failover of real traffic through real kernel IPVS: run inside the VM lab,
#   top_builddir=BUILD tests/vm/run tests/failover/vm-failover.sh
# Two routers (pulse + lvsd + nanny, NAT with a floating nat_router), a real
# server and a client in network namespaces on two bridges. The client keeps
# fetching a page through the VIP while the active router dies, comes back,
# and is stopped; it must get the page again each time, from the other router.
# Prints TAP; skips where the kernel has no IPVS.

: "${top_builddir:=.}"
BUILD=$(cd "$top_builddir" && pwd)
PULSE=$BUILD/src/pulse/pulse
LVSD=$BUILD/src/lvsd/lvsd
NANNY=$BUILD/src/nanny/nanny
IPVSADM=$BUILD/src/ipvsadm/ipvsadm
SEND_ARP=$BUILD/src/send_arp/send_arp
PLAN=18
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); echo "not ok $n - $1"; }
check() {
	d=$1; shift
	if "$@"; then ok "$d"; else nok "$d"; fi
}
skip_all() { echo "1..0 # SKIP $1"; exit 0; }

[ "$(id -u)" = 0 ] || skip_all "needs root"
modprobe ip_vs 2>/dev/null
modprobe ip_vs_wlc 2>/dev/null
[ -e /proc/net/ip_vs ] || skip_all "no IPVS in this kernel (run it with tests/vm/run)"
ip netns add vfC || skip_all "no network namespaces"
TMP=$(mktemp -d)
cleanup() {
	for p in $PIDS; do kill "$p" 2>/dev/null; done
	sleep 0.5
	for ns in vfC vfA vfB vfR; do ip netns del $ns 2>/dev/null; done
	ip link del vfpub 2>/dev/null
	ip link del vfprv 2>/dev/null
}
PIDS=
trap cleanup EXIT
trap "exit 1" HUP INT TERM PIPE

# Two bridges in the VM's own namespace: public (client, routers) and
# private (routers, real server).
ip link add vfpub type bridge && ip link set vfpub up
ip link add vfprv type bridge && ip link set vfprv up
port() { # port NS IFNAME BRIDGE ADDR/LEN
	ip link add "v$1$2" type veth peer name tmp0
	ip link set tmp0 netns "$1"
	ip -n "$1" link set tmp0 name "$2"
	ip link set "v$1$2" master "$3" up
	ip -n "$1" addr add "$4" dev "$2"
	ip -n "$1" link set "$2" up
}
for ns in vfA vfB vfR; do ip netns add $ns; done
for ns in vfC vfA vfB vfR; do ip -n $ns link set lo up; done
port vfC eth0 vfpub 192.0.2.10/24
port vfA pub vfpub 192.0.2.1/24
port vfA prv vfprv 10.0.0.1/24
port vfB pub vfpub 192.0.2.2/24
port vfB prv vfprv 10.0.0.2/24
port vfR eth0 vfprv 10.0.0.50/24
ip -n vfR route add default via 10.0.0.254
for ns in vfA vfB; do ip netns exec $ns sysctl -qw net.ipv4.ip_forward=1; done

mkdir "$TMP/www"
echo "served by the real server" >"$TMP/www/index.html"
(cd "$TMP/www" && exec ip netns exec vfR python3 -m http.server 80 --bind 10.0.0.50) \
	>"$TMP/www.log" 2>&1 &
PIDS="$PIDS $!"

printf 'vm lab heartbeat key 0123456789\n' >"$TMP/key"
chmod 600 "$TMP/key"
cat >"$TMP/lvs.cf" <<EOS
serial_no = 1
primary = 192.0.2.1
primary_private = 10.0.0.1
backup = 192.0.2.2
backup_private = 10.0.0.2
backup_active = 1
heartbeat = 1
heartbeat_port = 539
keepalive = 0.2
deadtime = 1
heartbeat_key_file = $TMP/key
network = nat
nat_router = 10.0.0.254 prv:1
syncdaemon = 1
syncd_iface = prv
syncd_id = 7
virtual web {
     active = 1
     address = 192.0.2.100 pub:1
     port = 80
     protocol = tcp
     scheduler = wlc
     send = "GET / HTTP/1.0\r\n\r\n"
     expect = "HTTP"
     timeout = 1
     reentry = 0
     client_monitor = $NANNY
     server real {
         address = 10.0.0.50
         active = 1
         weight = 1
     }
}
EOS
# lvsd's status socket must differ per router (one file system).
for r in A B; do
	printf '#!/bin/sh\nexec %s --socket %s/lvsd-%s.sock "$@"\n' "$LVSD" "$TMP" "$r" >"$TMP/lvsd-$r"
	chmod +x "$TMP/lvsd-$r"
done

echo "1..$PLAN"
start_pulse() { # NS ROUTER
	ip netns exec "$1" "$PULSE" -n -c "$TMP/lvs.cf" --lvsd="$TMP/lvsd-$2" --send-arp="$SEND_ARP" \
		>>"$TMP/pulse-$2.log" 2>&1 &
	LAST=$!
	PIDS="$PIDS $LAST"
}
fetch() { ip netns exec vfC curl -s -m 1 http://192.0.2.100/ 2>/dev/null | grep -q "served by the real server"; }
# wait_fetch LIMIT_SECONDS: prints the ms until the page came through.
wait_fetch() {
	t0=$(date +%s%N)
	while :; do
		fetch && { echo $(( ($(date +%s%N) - t0) / 1000000 )); return 0; }
		[ $(( ($(date +%s%N) - t0) / 1000000 )) -gt $(($1 * 1000)) ] && return 1
		sleep 0.1
	done
}
has_vip() { ip -n "$1" -4 addr show dev pub | grep -q 'inet 192.0.2.100/'; }

start_pulse vfA A; PA=$LAST
start_pulse vfB B; PB=$LAST
ms=$(wait_fetch 60)
check "client gets the page through the VIP (${ms:-timeout} ms after start)" [ -n "$ms" ]
check "primary holds the VIP and the NAT router address" \
	sh -c "ip -n vfA -4 addr show | grep -q 'inet 192.0.2.100/' && ip -n vfA -4 addr show | grep -q 'inet 10.0.0.254/'"
check "primary's IPVS table has the service and the real server" \
	sh -c "ip netns exec vfA '$IPVSADM' -Ln | grep -q '192.0.2.100:80' && ip netns exec vfA '$IPVSADM' -Ln | grep -q '10.0.0.50:80'"
check "backup holds neither address and has an empty table" \
	sh -c "! ip -n vfB -4 addr show | grep -q '192.0.2.100' && ! ip netns exec vfB '$IPVSADM' -Ln | grep -q '192.0.2.100'"

syncd_only() { # NS WANTED OTHER: the wanted daemon runs, the other does not
	ip netns exec "$1" "$IPVSADM" -L --daemon >"$TMP/daemons" 2>&1
	grep -q "$2 sync daemon (mcast=prv, syncid=7" "$TMP/daemons" && ! grep -q "$3 sync daemon" "$TMP/daemons"
}
syncd_pair() { syncd_only vfA master backup && syncd_only vfB backup master; }
check "sync daemons: only a master on the primary, only a backup on the backup" syncd_pair
for i in 1 2 3; do fetch; done
sleep 2
check "the backup learnt the client's connections from the master sync daemon" \
	sh -c "ip netns exec vfB '$IPVSADM' -Lnc | grep -q '192.0.2.10:.*192.0.2.100:80.*10.0.0.50:80'"

# The primary dies: links gone, pulse killed (lvsd goes with it).
ip -n vfA link set pub down
ip -n vfA link set prv down
kill -9 $PA
ms=$(wait_fetch 30)
check "primary died: client gets the page again after ${ms:-timeout} ms (deadtime 1 s)" [ -n "$ms" ]
check "backup holds the VIP and the NAT router address" \
	sh -c "ip -n vfB -4 addr show | grep -q 'inet 192.0.2.100/' && ip -n vfB -4 addr show | grep -q 'inet 10.0.0.254/'"
check "backup's log shows the deadtime takeover" grep -q "no heartbeat from the peer for deadtime" "$TMP/pulse-B.log"
check "backup's sync daemon switched to master" syncd_only vfB master backup

# The primary comes back (its stale addresses are cleared at start) and stays standby.
ip -n vfA link set pub up
ip -n vfA link set prv up
start_pulse vfA A; PA=$LAST
sleep 4
check "returning primary cleared its stale VIP and stays standby" \
	sh -c "! ip -n vfA -4 addr show | grep -q '192.0.2.100' && grep -q 'backup -> taking-over' '$TMP/pulse-B.log'"
check "client still served (by the backup)" fetch
check "returning primary has no IPVS service" sh -c "! ip netns exec vfA '$IPVSADM' -Ln | grep -q '192.0.2.100'"

# Planned switch: SIGTERM on the backup hands the role over at once.
kill -TERM $PB
ms=$(wait_fetch 30)
check "SIGTERM on the active backup: client served again after ${ms:-timeout} ms" [ -n "$ms" ]
# Bounded wait, with a post-mortem if something hangs.
for i in $(seq 100); do kill -0 $PB 2>/dev/null || break; sleep 0.2; done
if kill -0 $PB 2>/dev/null; then
	echo "# pulse B still running 20 s after SIGTERM:"
	ps -eo pid,ppid,stat,wchan:32,cmd | grep -E 'pulse|lvsd|nanny|ipvsadm' | grep -v grep | sed 's/^/#   /'
	for p in $(pgrep -f 'pulse -n|lvsd'); do echo "# stack of $p:"; sed 's/^/#   /' /proc/$p/stack 2>/dev/null; done
	tail -5 "$TMP/pulse-B.log" | sed 's/^/#   /'
	kill -9 $PB
fi
wait $PB; rc=$?
check "backup exited cleanly ($rc) and removed its addresses and service" \
	sh -c "[ $rc = 0 ] && ! ip -n vfB -4 addr show | grep -q '192.0.2.100' && ! ip netns exec vfB '$IPVSADM' -Ln | grep -q '192.0.2.100'"
check "primary took over by give-up, not by deadtime" grep -q "peer gave up the role" "$TMP/pulse-A.log"
n_ok=0
for i in $(seq 10); do fetch && n_ok=$((n_ok + 1)); done
check "10 fetches in a row through the primary: $n_ok succeeded" [ $n_ok = 10 ]
check "no sync daemon left in the stopped backup's namespace" \
	sh -c "! ip netns exec vfB '$IPVSADM' -L --daemon 2>&1 | grep -q 'sync daemon'"
ip netns exec vfA "$IPVSADM" -L --daemon | sed 's/^/# A: /'
ip netns exec vfB "$IPVSADM" -Lnc 2>/dev/null | head -5 | sed 's/^/# B conns: /'

[ $n = $PLAN ] || echo "# plan mismatch: ran $n of $PLAN" >&2
for r in A B; do echo "# --- pulse-$r.log"; sed 's/^/# /' "$TMP/pulse-$r.log" | grep -v 'heartbeats [a-z ]*: 0$' | tail -30; done
