#!/bin/sh
# send_arp on the wire: two network namespaces joined by a veth pair; send_arp
# runs in one, a small AF_PACKET capture helper in the other. Checks the
# frames byte by byte, that the peer's neighbour table learns the address,
# the error messages, and the capability handling. Needs root and netns.

: "${top_builddir:=.}" "${top_srcdir:=.}"
. "$top_srcdir/tests/valgrind/wrap.sh"
SEND_ARP=$(vg_prog send_arp "$top_builddir/src/send_arp/send_arp")
CAPTURE=$top_builddir/tests/failover/capture
A=lvsfo-a-$$
B=lvsfo-b-$$
MAC_A=02:00:5e:00:00:0a
MAC_B=02:00:5e:00:00:0b
HEX_A=02005e00000a
HEX_B=02005e00000b
PLAN=31
. "$top_srcdir/tests/tap.sh"
. "$top_srcdir/tests/failover/netns.sh"

netns_need
netns_pair "$A" "$B"
chmod 755 "$TMP"
if ! ip link add sa0 netns "$A" address $MAC_A type veth peer name sb0 netns "$B" address $MAC_B; then
	tap_skip_all "veth not available"
fi
inA() { ip netns exec "$A" "$@"; }
inB() { ip netns exec "$B" "$@"; }
for ns in "$A" "$B"; do
	ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0 \
		net.ipv6.conf.default.router_solicitations=0 >/dev/null 2>&1
done
inB sysctl -qw net.ipv4.conf.sb0.arp_accept=1
ip -n "$A" addr add 192.0.2.1/24 dev sa0
ip -n "$B" addr add 192.0.2.2/24 dev sb0
ip -n "$A" addr add 2001:db8::1/64 dev sa0 nodad
ip -n "$B" addr add 2001:db8::2/64 dev sb0 nodad
ip -n "$A" link set sa0 up
ip -n "$B" link set sb0 up
ip -n "$A" link set lo up
ip -n "$B" link set lo up
# Wait for carrier on both ends.
for i in 1 2 3 4 5 6 7 8 9 10; do
	ip -n "$B" link show sb0 | grep -q LOWER_UP && ip -n "$A" link show sa0 | grep -q LOWER_UP && break
	sleep 0.2
done

tap_plan $PLAN

# capture ETHERTYPE COUNT TIMEOUT: starts the helper in B, returns once it listens.
capture() {
	rm -f "$TMP/ready" "$TMP/frames"
	inB "$CAPTURE" sb0 "$1" "$3" "$2" "$TMP/ready" >"$TMP/frames" &
	CAP_PID=$!
	for i in $(seq 50); do
		[ -e "$TMP/ready" ] && return 0
		sleep 0.05
	done
	return 1
}
frames() { wait "$CAP_PID"; cat "$TMP/frames"; }
# has_frame PREFIX: a captured frame starts with this hex (veth may pad).
has_frame() { grep -q "^$1" "$TMP/frames"; }

# 1. Simple IPv4 form: gratuitous request and reply.
capture 0806 2 5
inA "$SEND_ARP" -i sa0 192.0.2.10 >"$TMP/out" 2>&1
rc=$?
frames >/dev/null
check "send_arp -i sa0 VIP exits 0" [ $rc = 0 ]
check "two ARP frames captured" [ "$(wc -l <"$TMP/frames")" = 2 ]
check "gratuitous ARP request: broadcast, op 1, sender VIP/MAC, target zero MAC, VIP" \
	has_frame "ffffffffffff${HEX_A}08060001080006040001${HEX_A}c000020a000000000000c000020a"
check "gratuitous ARP reply: broadcast, op 2, target MAC = sender MAC" \
	has_frame "ffffffffffff${HEX_A}08060001080006040002${HEX_A}c000020a${HEX_A}c000020a"
check "peer (arp_accept=1) learned 192.0.2.10 at $MAC_A" \
	sh -c "ip -n '$B' neigh show 192.0.2.10 dev sb0 | grep -q 'lladdr $MAC_A'"

# 2. arp_accept=0: an existing entry is updated, no entry is created.
inB sysctl -qw net.ipv4.conf.sb0.arp_accept=0
ip -n "$B" neigh replace 192.0.2.20 lladdr 02:00:5e:00:00:99 dev sb0 nud stale
inA "$SEND_ARP" -i sa0 192.0.2.20
check "arp_accept=0: existing stale entry moved to $MAC_A" \
	sh -c "ip -n '$B' neigh show 192.0.2.20 dev sb0 | grep -q 'lladdr $MAC_A'"
inA "$SEND_ARP" -i sa0 192.0.2.30
check "arp_accept=0: no entry created for an unknown address (the check above can fail)" \
	sh -c "! ip -n '$B' neigh show 192.0.2.30 dev sb0 | grep -q lladdr"

# 3. The original four-argument form.
capture 0806 1 5
inA "$SEND_ARP" -i sa0 192.0.2.1 $MAC_A 192.0.2.2 $HEX_B
rc=$?
frames >/dev/null
check "classic form exits 0" [ $rc = 0 ]
check "classic form: one ARP reply from SRC to TARG, Ethernet addressed the same" \
	has_frame "${HEX_B}${HEX_A}08060001080006040002${HEX_A}c0000201${HEX_B}c0000202"

capture 0806 2 5
inA "$SEND_ARP" -i sa0:1 192.0.2.11 2>"$TMP/err"
rc=$?
frames >/dev/null
check "alias label sa0:1 means sa0 (exit $rc, 2 frames)" \
	sh -c "[ $rc = 0 ] && [ \$(wc -l <'$TMP/frames') = 2 ]"

# 4. -c/-I: three rounds 0.2 s apart = six frames, at least 0.4 s.
capture 0806 6 5
t0=$(date +%s%N)
inA "$SEND_ARP" -i sa0 -c 3 --interval 0.2 192.0.2.10
t1=$(date +%s%N)
frames >/dev/null
check "-c 3 sends three rounds (6 frames)" [ "$(wc -l <"$TMP/frames")" = 6 ]
ms=$(( (t1 - t0) / 1000000 ))
check "-I 0.2 spaces them (took ${ms} ms, want 400..1500)" [ $ms -ge 400 -a $ms -lt 1500 ]

# 5. IPv6: unsolicited neighbour advertisement.
# Internet checksum of the ICMPv6 message with pseudo-header, done in shell.
cksum6() { # cksum6 HEX_OF_PSEUDO_HEADER_AND_MESSAGE
	s=0; h=$1
	while [ -n "$h" ]; do
		w=${h%"${h#????}"}; h=${h#????}
		s=$((s + 0x$w))
	done
	while [ $s -gt 65535 ]; do s=$(( (s & 65535) + (s >> 16) )); done
	printf '%04x' $(( 65535 - s ))
}
SRC6=20010db8000000000000000000000010
DST6=ff020000000000000000000000000001
BODY_TAIL="20000000${SRC6}0201${HEX_A}"
CK=$(cksum6 "${SRC6}${DST6}00000020000000""3a""8800""0000""${BODY_TAIL}")
# An existing entry with another MAC is overridden (override flag), which
# also proves the kernel accepted the checksum and hop limit.
ip -n "$B" -6 neigh replace 2001:db8::10 lladdr 02:00:5e:00:00:99 dev sb0 nud stale
capture 86dd 20 3
inA "$SEND_ARP" -i sa0 2001:db8::10
rc=$?
frames >/dev/null
check "send_arp -i sa0 IPv6-VIP exits 0" [ $rc = 0 ]
check "unsolicited NA: all-nodes MAC, IPv6 hop limit 255, type 136, override, option, checksum $CK" \
	has_frame "333300000001${HEX_A}86dd6000000000203aff${SRC6}${DST6}8800${CK}${BODY_TAIL}"
sleep 0.2
check "peer's existing entry for 2001:db8::10 overridden to $MAC_A (kernel accepted the NA)" \
	sh -c "ip -n '$B' -6 neigh show 2001:db8::10 dev sb0 | grep -q 'lladdr $MAC_A'"
# RFC 9131: with accept_untracked_na (and, on some kernels, forwarding) an
# unknown target gets a new entry.
if inB sysctl -qw net.ipv6.conf.sb0.accept_untracked_na=1 net.ipv6.conf.sb0.forwarding=1 2>/dev/null; then
	inA "$SEND_ARP" -i sa0 2001:db8::11
	sleep 0.2
	check "peer (accept_untracked_na=1) created an entry for 2001:db8::11 at $MAC_A" \
		sh -c "ip -n '$B' -6 neigh show 2001:db8::11 dev sb0 | grep -q 'lladdr $MAC_A'"
else
	tap_skip "kernel has no accept_untracked_na"
fi

# 6. Errors.
inA "$SEND_ARP" -i nosuch0 192.0.2.10 2>"$TMP/err"; rc=$?
check "unknown interface: exit $rc != 0" [ $rc != 0 ]
check "unknown interface: says so" grep -q "unknown interface 'nosuch0'" "$TMP/err"
inA "$SEND_ARP" -i sa0 192.0.2.1 02:00:5e:00:00 192.0.2.2 $HEX_B 2>"$TMP/err"; rc=$?
check "bad MAC: exit 2" [ $rc = 2 ]
check "bad MAC: says so" grep -q "bad source MAC address" "$TMP/err"
inA "$SEND_ARP" -i sa0 192.0.2.300 2>"$TMP/err"; rc=$?
check "bad IP: exit 2 and says so" sh -c "[ $rc = 2 ] && grep -q 'bad IP address' '$TMP/err'"
inA "$SEND_ARP" -i sa0 192.0.2.1 $MAC_A 10.1 $HEX_B 2>"$TMP/err"; rc=$?
check "bad target IP in the classic form: exit 2" [ $rc = 2 ]
inA "$SEND_ARP" -i sa0 ff02::1 2>"$TMP/err"; rc=$?
check "multicast IPv6 VIP refused" [ $rc = 2 ]
inA "$SEND_ARP" -i sa0 2>"$TMP/err"; rc=$?
check "no address: usage error" [ $rc = 2 ]

# 7. Capabilities.
if command -v setpriv >/dev/null; then
	inA setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
		"$SEND_ARP" -i sa0 192.0.2.10 2>"$TMP/err"; rc=$?
	check "unprivileged user: exit $rc != 0" [ $rc != 0 ]
	check "unprivileged user: 'needs CAP_NET_RAW'" grep -q "needs CAP_NET_RAW" "$TMP/err"

	capture 0806 2 5
	inA setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=+net_raw --ambient-caps=+net_raw \
		"$SEND_ARP" -i sa0 192.0.2.40 2>"$TMP/err"; rc=$?
	frames >/dev/null
	check "non-root user with only CAP_NET_RAW (ambient): exit 0" [ $rc = 0 ]
	check "non-root user with only CAP_NET_RAW: frames sent" has_frame "ffffffffffff${HEX_A}0806000108000604000"

	# While it waits between rounds the socket is open: no capability may remain.
	# ip netns exec and setpriv exec, so $! is send_arp itself.
	ip netns exec "$A" setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=+net_raw \
		--ambient-caps=+net_raw "$SEND_ARP" -i sa0 -c 2 -I 1.5 192.0.2.40 &
	pid=$!
	sleep 0.7
	grep '^Cap' /proc/$pid/status | sed 's/^/# /'
	check "after opening the socket: no permitted/effective/inheritable/ambient caps" \
		sh -c "grep -E '^Cap(Prm|Eff|Inh|Amb):' /proc/$pid/status | grep -vq ':[[:space:]]*0*\$' && exit 1 || exit 0"
	wait $pid
	check "... and it still sends its second round (exit 0)" [ $? = 0 ]

	ip netns exec "$A" "$SEND_ARP" -i sa0 -c 2 -I 1.5 192.0.2.40 &
	pid=$!
	sleep 0.7
	check "run as root: all capabilities dropped too" \
		sh -c "grep -E '^Cap(Prm|Eff|Inh|Amb):' /proc/$pid/status | grep -vq ':[[:space:]]*0*\$' && exit 1 || exit 0"
	wait $pid
else
	for d in 1 2 3 4 5 6 7; do tap_skip "setpriv not installed"; done
fi

[ $TAP_N = $PLAN ] || echo "# plan mismatch: ran $TAP_N of $PLAN" >&2
