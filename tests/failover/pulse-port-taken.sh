#!/bin/bash
# pulse when its heartbeat port is taken: at start-up (in the foreground and
# as a daemon, and by a second pulse) it exits non-zero with a message that
# names the address, the port and the cause; on SIGHUP to a taken port it
# keeps its old sockets and its old configuration, goes on heartbeating,
# and takes the new port at the next SIGHUP once it is free. Two routers in
# two network namespaces, a stand-in lvsd. Needs root.

: "${top_builddir:=.}" "${top_srcdir:=.}"
. "$top_srcdir/tests/tap.sh"
. "$top_srcdir/tests/valgrind/wrap.sh"
PULSE=$(vg_prog pulse "$top_builddir/src/pulse/pulse")
HOLD=$top_builddir/tests/nanny/nanny-testsrv
A=lvsptA-$$
B=lvsptB-$$

. "$top_srcdir/tests/failover/netns.sh"
netns_need ss
netns_pair "$A" "$B"
netns_link lv0 192.0.2.1 192.0.2.2
# A private heartbeat link too: two sockets per router to keep in step.
netns_link lv1 198.51.100.1 198.51.100.2

# The stand-in lvsd of netns.sh: it logs its start (and more), says ready, waits.
netns_lvsd
"$PULSE" --generate-key "$TMP/key" >/dev/null || exit 1

# config FILE PORT [EXTRA_VIRTUAL_ADDRESS]: each router has its own file, so
# that each can be moved to a new port on its own.
config() {
	cat >"$1" <<EOS
primary = 192.0.2.1
primary_private = 198.51.100.1
backup = 192.0.2.2
backup_private = 198.51.100.2
backup_active = 1
standby = cold
heartbeat_port = $2
keepalive = 0.1
deadtime = 1
heartbeat_key_file = $TMP/key
network = direct
virtual web {
     address = 192.0.2.100 lv0:1
     port = 80
     server one {
         address = 192.0.2.50
     }
}
EOS
	[ -z "$3" ] || cat >>"$1" <<EOS
virtual mail {
     address = $3 lv0:2
     port = 25
     server one {
         address = 192.0.2.50
     }
}
EOS
}

has_addr() { ip -n "$1" -4 addr show dev lv0 | grep -q "inet $2/"; }
# bound NS ADDR PORT: a UDP socket bound to ADDR:PORT in NS.
bound() { ip netns exec "$1" ss -Hnlu "sport = :$3" | grep -q " $2:$3 "; }
# wait_until SECS CMD...: polls every 50 ms.
wait_until() {
	local end=$((SECONDS + $1))
	shift
	until "$@"; do
		[ $SECONDS -le "$end" ] || return 1
		sleep 0.05
	done
}
# hold NS ADDR PORT: something else takes the UDP port; pid in HELD.
hold() {
	rm -f "$TMP/hold.port"
	ip netns exec "$1" "$HOLD" -u -a "$2" -p "$3" -P "$TMP/hold.port" silent &
	HELD=$!
	PIDS="$PIDS $HELD"
	wait_until 5 test -s "$TMP/hold.port"
}
# start NS CONFIG LOG: pulse in the foreground; pid in LAST.
start() {
	ip netns exec "$1" "$PULSE" -n -c "$2" --lvsd="$TMP/lvsd" >>"$3" 2>&1 &
	LAST=$!
	PIDS="$PIDS $LAST"
}
# stays_backup SECS: B holds no VIP and never left the backup state for SECS
# (3 deadtimes: heartbeats flow).
stays_backup() {
	local end=$((SECONDS + $1))
	while [ $SECONDS -lt "$end" ]; do
		has_addr "$B" 192.0.2.100 && return 1
		sleep 0.1
	done
	! grep -q -- "-> taking-over\|-> active" "$TMP/B.log"
}
# exits_within SECS PID: the process ends within SECS; its status in RC.
exits_within() {
	wait_until "$1" sh -c "! kill -0 $2 2>/dev/null" || return 1
	wait "$2"
	RC=$?
}
BIND_ERR="cannot bind the public heartbeat socket to 192.0.2.1 port 5390: Address already in use"

config "$TMP/a.cf" 5390
config "$TMP/b.cf" 5390

# ---- start-up with the port taken ----
hold "$A" 192.0.2.1 5390
start "$A" "$TMP/a.cf" "$TMP/start-fg.log"
exits_within 5 "$LAST"; check "port taken, foreground: pulse exits" [ $? = 0 ]
check "... with a non-zero status ($RC)" [ "${RC:-0}" != 0 ]
check "... saying which socket, address, port and why" grep -qF "$BIND_ERR" "$TMP/start-fg.log"
check "... and what to look for" grep -q "another pulse, or another program, uses heartbeat_port 5390" "$TMP/start-fg.log"
check "... having started nothing: no lvsd, no VIP" sh -c "[ ! -e '$TMP/lvsd.log' ] && ! ip -n '$A' -4 addr show dev lv0 | grep -q 192.0.2.100"

ip netns exec "$A" timeout 10 "$PULSE" -c "$TMP/a.cf" --lvsd="$TMP/lvsd" --pidfile "$TMP/pa.pid" \
	>"$TMP/start-bg.out" 2>"$TMP/start-bg.err"; RC=$?
check "port taken, as a daemon: the starting command fails ($RC), not a detached child" \
	sh -c "[ $RC != 0 ] && [ $RC != 124 ] && [ ! -e '$TMP/pa.pid' ]"
check "... and the error is on its stderr, not only in syslog" grep -qF "$BIND_ERR" "$TMP/start-bg.err"
[ -s "$TMP/pa.pid" ] && kill "$(cat "$TMP/pa.pid")"	# had it detached after all
kill "$HELD"; wait "$HELD" 2>/dev/null

# ---- a second pulse beside a running one ----
start "$A" "$TMP/a.cf" "$TMP/A.log"; PA=$LAST
wait_until 5 has_addr "$A" 192.0.2.100; check "port free: pulse starts and becomes active" [ $? = 0 ]
start "$B" "$TMP/b.cf" "$TMP/B.log"; PB=$LAST
wait_until 5 bound "$B" 192.0.2.2 5390; check "the backup starts" [ $? = 0 ]
start "$A" "$TMP/a.cf" "$TMP/second.log"
exits_within 5 "$LAST"; check "a second pulse on the same router exits non-zero ($RC)" sh -c "[ $? = 0 ] && [ '${RC:-0}' != 0 ]"
check "... with the same clear message" grep -qF "$BIND_ERR" "$TMP/second.log"
check "... and the first one stays active" sh -c "kill -0 $PA && ip -n '$A' -4 addr show dev lv0 | grep -q 'inet 192.0.2.100/'"
check "the backup stays backup (heartbeats flow)" stays_backup 3

# ---- SIGHUP to a taken port ----
hold "$A" 192.0.2.1 5391
config "$TMP/a.cf" 5391 192.0.2.101
kill -HUP "$PA"
wait_until 5 grep -q "port 5391: Address already in use" "$TMP/A.log"
check "SIGHUP to a taken port: the bind error is logged" [ $? = 0 ]
check "... with what pulse does about it" grep -q "reload: .*the running configuration stays" "$TMP/A.log"
check "... pulse keeps running, on its old socket" sh -c "kill -0 $PA && ip netns exec '$A' ss -Hnlu 'sport = :5390' | grep -q ' 192.0.2.1:5390 '"
check "... and none of the new file applies (its new VIP stays down)" sh -c "sleep 0.5; ! ip -n '$A' -4 addr show dev lv0 | grep -q 192.0.2.101"
check "... and the backup still hears it: no takeover" stays_backup 3

# ---- the port is freed: the next SIGHUP takes it ----
kill "$HELD"; wait "$HELD" 2>/dev/null
config "$TMP/b.cf" 5391
kill -HUP "$PA" "$PB"
wait_until 5 bound "$A" 192.0.2.1 5391; check "SIGHUP once the port is free: pulse moves to it" [ $? = 0 ]
check "... and lets go of the old one" sh -c "! ip netns exec '$A' ss -Hnlu 'sport = :5390' | grep -q 5390"
wait_until 5 has_addr "$A" 192.0.2.101; check "... and the rest of the file applies now (the new VIP is up)" [ $? = 0 ]
wait_until 5 bound "$B" 192.0.2.2 5391; check "the backup moved to the new port too" [ $? = 0 ]
check "... and still hears the active router: no takeover" stays_backup 3

# ---- more port changes: nothing accumulates ----
for port in 5392 5393 5390; do
	config "$TMP/a.cf" $port 192.0.2.101
	config "$TMP/b.cf" $port
	kill -HUP "$PA" "$PB"
	wait_until 5 sh -c "ip netns exec '$A' ss -Hnlu | grep -q ' 192.0.2.1:$port ' && ip netns exec '$B' ss -Hnlu | grep -q ' 192.0.2.2:$port '"
	check "SIGHUP to port $port: both routers moved" [ $? = 0 ]
	check "... the backup stays backup" stays_backup 3
done
check "the active router holds one socket per heartbeat link, on the new port" \
	sh -c "[ \"\$(ip netns exec '$A' ss -Hnlu | grep -c ' 192.0.2.1:')\" = 1 ] &&
	       [ \"\$(ip netns exec '$A' ss -Hnlu | grep -c ' 198.51.100.1:')\" = 1 ] &&
	       ip netns exec '$A' ss -Hnlu | grep -q ' 198.51.100.1:5390 '"

# ---- a SIGHUP that leaves the port as it is keeps the sockets ----
inodes() { ip netns exec "$A" ss -Hnlue 2>/dev/null | grep -E ' (192\.0\.2\.1|198\.51\.100\.1):5390 ' | grep -o 'ino:[0-9]*' | sort | tr '\n' ' '; }
before=$(inodes)
config "$TMP/a.cf" 5390
kill -HUP "$PA"
wait_until 5 sh -c "! ip -n '$A' -4 addr show dev lv0 | grep -q 192.0.2.101"
check "SIGHUP, same port: the rest applies (the VIP that left the file went down)" [ $? = 0 ]
check "... and both heartbeat sockets are the same ones ($before)" sh -c "[ \"\$(echo $before | wc -w)\" = 2 ] && [ \"$(inodes)\" = \"$before\" ]"
check "... the backup stays backup" stays_backup 3

tap_done
