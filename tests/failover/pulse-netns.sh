#!/bin/sh
# pulse end to end: two routers in two network namespaces joined by a veth
# pair, a stand-in lvsd, the real send_arp. Checks the normal start, the
# SIGTERM hand-over, no preemption by a returning primary, split-brain
# resolution after a partition, and takeover timing when the active router
# disappears. Needs root and network namespaces.

: "${top_builddir:=.}" "${top_srcdir:=.}"
. "$top_srcdir/tests/valgrind/wrap.sh"
PULSE=$(vg_prog pulse "$top_builddir/src/pulse/pulse")
SEND_ARP=$(vg_prog send_arp "$top_builddir/src/send_arp/send_arp")
CAPTURE=$top_builddir/tests/failover/capture
A=lvspA-$$
B=lvspB-$$
PLAN=45
. "$top_srcdir/tests/tap.sh"
. "$top_srcdir/tests/failover/netns.sh"

netns_need
netns_pair "$A" "$B"
netns_link lv0 192.0.2.1 192.0.2.2 02:00:5e:00:01:0a 02:00:5e:00:01:0b
sleep 0.3

# Stand-in for lvsd: records its start, stop, reloads and roles per namespace.
netns_lvsd
cat >"$TMP/lvs.cf" <<EOS
serial_no = 1
primary = 192.0.2.1
backup = 192.0.2.2
backup_active = 1
# This test checks the original behaviour: lvsd only on the active router.
standby = cold
heartbeat = 1
heartbeat_port = 5390
keepalive = 0.05
deadtime = 0.3
heartbeat_key_file = $TMP/key
network = direct
active_cmd = "/bin/sh -c 'echo \$(ip netns identify \$\$) active >> $TMP/cmd.log'"
inactive_cmd = "/bin/sh -c 'echo \$(ip netns identify \$\$) inactive >> $TMP/cmd.log'"
virtual web {
     active = 1
     address = 192.0.2.100 lv0:1
     port = 80
     server one {
         address = 192.0.2.50
         active = 1
     }
}
EOS

tap_plan $PLAN

# The key comes from pulse itself, as an admin would make it.
umask 022
"$PULSE" --generate-key "$TMP/key" >"$TMP/genkey.out" 2>&1; rc=$?
check "--generate-key: exit 0, a 0600 file of 64 hex digits and a newline" \
	sh -c "[ $rc = 0 ] && [ \"\$(stat -c %a '$TMP/key')\" = 600 ] && [ \"\$(wc -c <'$TMP/key')\" = 65 ] && grep -qxE '[0-9a-f]{64}' '$TMP/key'"
cp "$TMP/key" "$TMP/key.first"
"$PULSE" --generate-key "$TMP/key" >"$TMP/genkey.out" 2>&1; rc=$?
check "--generate-key never overwrites a key (exit $rc, file unchanged)" \
	sh -c "[ $rc != 0 ] && grep -q 'cannot create key file' '$TMP/genkey.out' && cmp -s '$TMP/key' '$TMP/key.first'"
"$PULSE" --generate-key "$TMP/key2" >/dev/null 2>&1
check "--generate-key: two keys differ" sh -c "! cmp -s '$TMP/key' '$TMP/key2'"

start_pulse() { # start_pulse NS LOG
	ip netns exec "$1" "$PULSE" -n -c "$TMP/lvs.cf" --lvsd="$TMP/lvsd" --send-arp="$SEND_ARP" >>"$2" 2>&1 &
	LAST=$!
	PIDS="$PIDS $LAST"
}
has_vip() { ip -n "$1" -4 addr show dev lv0 | grep -q 'inet 192.0.2.100/'; }
lacks_vip() { ! has_vip "$1"; }
# wait_for SECONDS COMMAND...: polls every 20 ms; prints the time it took.
# Under memcheck (the valgrind tier, which looks for memory errors, not
# speed) each limit is three times as long: a pulse started there once took
# more than 3 s to bring its IPv6 VIP up in CI. The plain run keeps the bounds.
wait_for() {
	limit=$1; shift
	[ -n "${LVS_VALGRIND:-}" ] && limit=$((limit * 3))
	t0=$(date +%s%N)
	while :; do
		if "$@"; then
			echo $(( ($(date +%s%N) - t0) / 1000000 ))
			return 0
		fi
		[ $(( ($(date +%s%N) - t0) / 1000000 )) -gt $((limit * 1000)) ] && return 1
		sleep 0.02
	done
}
nsline() { grep -q "^$1 $2\$" "$3" 2>/dev/null; }

# 0. Refusals and the dry run, before anything runs.
sed "s|^heartbeat_key_file = .*|heartbeat_key_file = $TMP/nokey|" "$TMP/lvs.cf" >"$TMP/nokey.cf"
ip netns exec "$A" "$PULSE" -n -c "$TMP/nokey.cf" >"$TMP/err" 2>&1; rc=$?
check "missing key file: exit $rc != 0 with a message" \
	sh -c "[ $rc != 0 ] && grep -q 'cannot open key file' '$TMP/err'"
grep -v '^heartbeat_key_file' "$TMP/lvs.cf" >"$TMP/open.cf"
ip netns exec "$A" "$PULSE" -n -c "$TMP/open.cf" --test-start --lvsd="$TMP/lvsd" >"$TMP/open.log" 2>&1 &
OPEN=$!
# Stopped once it has said what it would do (a fixed wait is too short under valgrind).
wait_for 10 grep -q "(norun) would" "$TMP/open.log" >/dev/null
kill -TERM $OPEN; wait $OPEN
check "no heartbeat_key_file (an original lvs.cf): pulse starts, warns with the line and the fix" \
	sh -c "grep -q 'open.cf:4:1: warning: heartbeats are not authenticated' '$TMP/open.log' &&
	       grep -q 'heartbeats are NOT authenticated' '$TMP/open.log' &&
	       grep -q 'pulse --generate-key' '$TMP/open.log'"
check "... and runs (the dry run became active and says what it would do)" grep -q "(norun) would" "$TMP/open.log"
sed "s|^backup_active = 1|backup_active = 0|" "$TMP/lvs.cf" >"$TMP/nobackup.cf"
ip netns exec "$B" "$PULSE" -n -c "$TMP/nobackup.cf" >"$TMP/err" 2>&1; rc=$?
check "backup with backup_active = 0: exits 0, nothing to do" \
	sh -c "[ $rc = 0 ] && grep -q 'backup_active = 0: nothing to do' '$TMP/err'"
sed "s|^primary = .*|primary = 198.51.100.1|; s|^backup = .*|backup = 198.51.100.2|" "$TMP/lvs.cf" >"$TMP/notme.cf"
ip netns exec "$A" "$PULSE" -n -c "$TMP/notme.cf" >"$TMP/err" 2>&1; rc=$?
check "neither address is local: exit $rc != 0" \
	sh -c "[ $rc != 0 ] && grep -q 'no local interface holds' '$TMP/err'"
ip netns exec "$A" "$PULSE" -n -c "$TMP/nobackup.cf" --test-start --lvsd="$TMP/lvsd" >"$TMP/dry.log" 2>&1 &
DRY=$!
wait_for 10 sh -c "grep -q '(norun) would bring' '$TMP/dry.log' && grep -q '(norun) would start' '$TMP/dry.log'" >/dev/null
kill -TERM $DRY; wait $DRY; rc=$?
dry_ok() {
	[ $rc = 0 ] && grep -q "(norun) would start $TMP/lvsd --nofork" "$TMP/dry.log" &&
		grep -q "(norun) would bring 1 address(es) up" "$TMP/dry.log" &&
		! [ -e "$TMP/lvsd.log" ] && lacks_vip "$A"
}
check "--test-start, primary without backup: active at once, only logs what it would do" dry_ok

# 1. Normal start of both.
rm -f "$TMP/ready"
ip netns exec "$B" "$CAPTURE" lv0 0806 5 2 "$TMP/ready" >"$TMP/arp" &
CAP=$!
for i in $(seq 50); do [ -e "$TMP/ready" ] && break; sleep 0.05; done
start_pulse "$A" "$TMP/A.log"; PA=$LAST
start_pulse "$B" "$TMP/B.log"; PB=$LAST
ms=$(wait_for 3 has_vip "$A")
check "both started: VIP up on the primary (${ms:-timeout} ms)" [ -n "$ms" ]
sleep 0.5
check "backup holds no VIP" lacks_vip "$B"
lvsd_on_primary_only() { nsline "$A" start "$TMP/lvsd.log" && ! nsline "$B" start "$TMP/lvsd.log"; }
check "lvsd running on the primary only" lvsd_on_primary_only
# policy PID: the scheduling policy in /proc/PID/stat (0 normal, 2 SCHED_RR).
policy() { sed 's/.*) //' "/proc/$1/stat" | cut -d' ' -f39; }
child_lvsd() { for c in /proc/[0-9]*; do [ "$(cat "$c/comm" 2>/dev/null)" = lvsd ] && [ "$(sed 's/.*) //' "$c/stat" | cut -d' ' -f2)" = "$1" ] && echo "${c#/proc/}"; done | head -n 1; }
# Under memcheck the first pass through pulse's loop can use up the
# real-time CPU limit; pulse must then have dropped to normal and said so.
rr_or_said_why() {
	[ "$(policy $PA)" = 2 ] && return 0
	[ -n "${LVS_VALGRIND:-}" ] && [ "$(policy $PA)" = 0 ] &&
		grep -q 'at real-time priority without blocking (RLIMIT_RTTIME): back to normal' "$TMP/A.log"
}
check "pulse runs with SCHED_RR (policy $(policy $PA))" rr_or_said_why
L=$(child_lvsd $PA)
check "its lvsd at normal scheduling (policy $( [ -n "$L" ] && policy "$L"))" sh -c "[ -n '$L' ] && [ \"\$(sed 's/.*) //' /proc/$L/stat | cut -d' ' -f39)\" = 0 ]"
check "active_cmd ran on the primary, inactive_cmd on both" \
	sh -c "grep -q '^$A active' '$TMP/cmd.log' && grep -q '^$B inactive' '$TMP/cmd.log' && ! grep -q '^$B active' '$TMP/cmd.log'"
wait $CAP
check "the backup's side saw the gratuitous ARP for the VIP from the primary's MAC" \
	grep -q "^ffffffffffff02005e00010a08060001080006040001" "$TMP/arp"

# 2. SIGTERM on the active primary: give-up hand-over.
kill -TERM $PA
ms=$(wait_for 3 has_vip "$B")
check "SIGTERM on the primary: backup took over in ${ms:-timeout} ms" [ -n "$ms" ]
check "... because the primary gave the role up, not after a deadtime" \
	grep -q "backup -> taking-over: peer gave up the role" "$TMP/B.log"
wait $PA; rc=$?
check "primary exited with status $rc" [ $rc = 0 ]
check "primary's VIP removed" lacks_vip "$A"
check "primary's lvsd stopped" nsline "$A" stop "$TMP/lvsd.log"
check "primary's log shows the acknowledged release" \
	grep -q "releasing -> stopped: the peer acknowledged the give-up" "$TMP/A.log"

# 3. The primary comes back: no preemption.
start_pulse "$A" "$TMP/A2.log"; PA=$LAST
sleep 1.5
standby_again() { lacks_vip "$A" && grep -q 'starting as primary' "$TMP/A2.log"; }
check "returning primary stays standby" standby_again
check "backup keeps the VIP" has_vip "$B"

# 4. Partition, then heal: the backup, active earlier, stays.
ip -n "$A" link set lv0 down
ms=$(wait_for 3 has_vip "$A")
check "partition: primary took over too (${ms:-timeout} ms)" [ -n "$ms" ]
check "both hold the VIP during the partition" has_vip "$B"
ip -n "$A" link set lv0 up
ms=$(wait_for 3 lacks_vip "$A")
check "healed: the primary released in ${ms:-timeout} ms" [ -n "$ms" ]
check "healed: the backup (active earlier) kept the VIP" has_vip "$B"
check "primary's log names the split brain rule" grep -q "split brain: the peer has been active longer" "$TMP/A2.log"

# 5. The active router vanishes (its link goes, pulse dies with it).
ip -n "$B" link set lv0 down
kill -9 $PB
ms=$(wait_for 3 has_vip "$A")
check "active router gone: primary took over in ${ms:-timeout} ms (deadtime 0.3 s)" \
	sh -c "[ -n '$ms' ] && [ '$ms' -lt 1500 ]"

# 6. Counters on SIGUSR1: nothing was rejected.
kill -USR1 $PA
sleep 0.2
check "no heartbeat failed authentication or replay checks" \
	sh -c "grep -q 'heartbeats bad HMAC: 0' '$TMP/A2.log' && grep -q 'heartbeats replay: 0' '$TMP/A2.log' && grep -Eq 'heartbeats accepted: [1-9]' '$TMP/A2.log'"

# 6b. SIGHUP on the active router: heartbeat timers and addresses follow the
# file (by difference), a bad file changes nothing, the old file restores.
has_vip2() { ip -n "$A" -4 addr show dev lv0 | grep -q 'inet 192.0.2.101/'; }
lacks_vip2() { ! has_vip2; }
cp "$TMP/lvs.cf" "$TMP/lvs.cf.orig"
transitions_before=$(grep -c ' -> ' "$TMP/A2.log")
sed -e 's/^keepalive = .*/keepalive = 0.1/' -e 's/^deadtime = .*/deadtime = 0.5/' "$TMP/lvs.cf.orig" >"$TMP/lvs.cf"
cat >>"$TMP/lvs.cf" <<EOS
virtual mail {
     address = 192.0.2.101 lv0:2
     port = 25
     server one {
         address = 192.0.2.50
     }
}
EOS
kill -HUP $PA
ms=$(wait_for 3 has_vip2)
check "SIGHUP: the added virtual's address came up on the active router (${ms:-timeout} ms)" \
	sh -c "[ -n '$ms' ] && grep -q 'reloaded .*keepalive 0.1 s, deadtime 0.5 s' '$TMP/A2.log'"
check "SIGHUP: the other VIP stayed up and the router stayed active" \
	sh -c "ip -n '$A' -4 addr show dev lv0 | grep -q 'inet 192.0.2.100/' && [ \$(grep -c ' -> ' '$TMP/A2.log') = $transitions_before ]"
echo "virtual broken {" >>"$TMP/lvs.cf"
kill -HUP $PA
sleep 0.5
check "SIGHUP with a bad file: logged, the running configuration stays" \
	sh -c "grep -q 'reload: .* has errors; the running configuration stays' '$TMP/A2.log' && ip -n '$A' -4 addr show dev lv0 | grep -q 'inet 192.0.2.101/'"
check "... and pulse is still running" kill -0 $PA
cp "$TMP/lvs.cf.orig" "$TMP/lvs.cf"
kill -HUP $PA
ms=$(wait_for 3 lacks_vip2)
check "SIGHUP with the original file: the removed virtual's address went down (${ms:-timeout} ms)" \
	sh -c "[ -n '$ms' ] && grep -q 'reloaded .*keepalive 0.05 s, deadtime 0.3 s' '$TMP/A2.log' && ip -n '$A' -4 addr show dev lv0 | grep -q 'inet 192.0.2.100/'"
# Of the three SIGHUPs, the two with a file pulse took were passed on, the
# bad file's was not (lvsd must not take a file pulse refused); they came at
# least 0.5 s apart, so the stand-in's trap saw each.
check "SIGHUP was passed to lvsd for the two good files only, and pulse stayed active through the reloads" \
	wait_for 2 sh -c "[ \$(grep -c '^$A reload\$' '$TMP/lvsd.log') -eq 2 ] && [ \$(grep -c ' -> ' '$TMP/A2.log') = $transitions_before ]"

# 7. IPv6: heartbeats over IPv6 and an IPv6 VIP announced by neighbour advertisement.
kill -TERM $PA; wait $PA
ip -n "$B" link set lv0 up
for ns in "$A" "$B"; do ip netns exec "$ns" sysctl -qw net.ipv6.conf.lv0.accept_dad=0; done
ip -n "$A" addr add 2001:db8::1/64 dev lv0 nodad
ip -n "$B" addr add 2001:db8::2/64 dev lv0 nodad
sed "s|^primary = .*|primary = 2001:db8::1|; s|^backup = .*|backup = 2001:db8::2|;
     s|address = 192.0.2.100 lv0:1|address = 2001:db8::100 lv0|; s|address = 192.0.2.50|address = 2001:db8::50|" \
	"$TMP/lvs.cf" >"$TMP/lvs6.cf"
rm -f "$TMP/ready"
ip netns exec "$B" "$CAPTURE" lv0 86dd 5 50 "$TMP/ready" >"$TMP/na" &
CAP=$!
for i in $(seq 50); do [ -e "$TMP/ready" ] && break; sleep 0.05; done
ip netns exec "$A" "$PULSE" -n -c "$TMP/lvs6.cf" --lvsd="$TMP/lvsd" --send-arp="$SEND_ARP" >"$TMP/A6.log" 2>&1 &
PA=$!; PIDS="$PIDS $PA"
ip netns exec "$B" "$PULSE" -n -c "$TMP/lvs6.cf" --lvsd="$TMP/lvsd" --send-arp="$SEND_ARP" >"$TMP/B6.log" 2>&1 &
PB=$!; PIDS="$PIDS $PB"
has_vip6() { ip -n "$1" -6 addr show dev lv0 | grep -q 'inet6 2001:db8::100/128'; }
ms=$(wait_for 3 has_vip6 "$A")
check "IPv6 pair: VIP 2001:db8::100 up on the primary (${ms:-timeout} ms)" [ -n "$ms" ]
sleep 1.2
kill $CAP 2>/dev/null; wait $CAP 2>/dev/null
# NA (type 0x88) with the override flag, target 2001:db8::100, from the primary's MAC
check "IPv6 pair: the backup's side saw the unsolicited NA for the VIP" \
	grep -q "^33330000000102005e00010a86dd.*8800....2000000020010db8000000000000000000000100" "$TMP/na"
kill -TERM $PA
ms=$(wait_for 3 has_vip6 "$B")
check "IPv6 pair: SIGTERM hands the VIP to the backup (${ms:-timeout} ms)" [ -n "$ms" ]
check "IPv6 pair: over authenticated IPv6 heartbeats (the backup was given the role)" \
	grep -q "backup -> taking-over: peer gave up the role" "$TMP/B6.log"

# 8. monitor_links: the active router loses its link, releases, and refuses
# the role until the link is back. A veth peer loses carrier with it, so only
# the primary monitors its links here; the differing lvs.cf is warned about.
kill -TERM $PB; wait $PB
sed "s|^deadtime = .*|deadtime = 0.3\nmonitor_links = 1|" "$TMP/lvs.cf" >"$TMP/links.cf"
ip netns exec "$A" "$PULSE" -n -c "$TMP/links.cf" --lvsd="$TMP/lvsd" --send-arp="$SEND_ARP" >"$TMP/A8.log" 2>&1 &
PA=$!; PIDS="$PIDS $PA"
ip netns exec "$B" "$PULSE" -n -c "$TMP/lvs.cf" --lvsd="$TMP/lvsd" --send-arp="$SEND_ARP" >"$TMP/B8.log" 2>&1 &
PB=$!; PIDS="$PIDS $PB"
wait_for 3 has_vip "$A" >/dev/null
ip -n "$A" link set lv0 down
ms=$(wait_for 3 has_vip "$B")
check "monitor_links: primary's link down, backup took over (${ms:-timeout} ms)" [ -n "$ms" ]
check "monitor_links: the primary released its VIP and failed" \
	sh -c "! ip -n '$A' -4 addr show dev lv0 | grep -q 'inet 192.0.2.100/' && grep -q 'active -> releasing: local link down' '$TMP/A8.log'"
ip -n "$A" link set lv0 up
ms=$(wait_for 3 grep -q "failed -> backup" "$TMP/A8.log")
check "monitor_links: link back, primary on standby again (${ms:-timeout} ms), backup keeps the VIP" \
	sh -c "[ -n '$ms' ] && ip -n '$B' -4 addr show dev lv0 | grep -q 'inet 192.0.2.100/'"
check "differing lvs.cf on the two routers is warned about" \
	grep -q "the peer's lvs.cf differs from ours" "$TMP/B8.log"

[ $TAP_N = $PLAN ] || echo "# plan mismatch: ran $TAP_N of $PLAN" >&2
