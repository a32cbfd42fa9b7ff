#!/bin/bash
# pulse's active_cmd and inactive_cmd are never waited for, and one that
# hangs is killed with its whole process group after --command-timeout
# (pulse(8)). One router in a network namespace, a stand-in lvsd; its
# peer never answers. Needs root and network namespaces.
set -u
: "${top_builddir:=.}" "${top_srcdir:=.}"
. "$top_srcdir/tests/tap.sh"
. "$top_srcdir/tests/valgrind/wrap.sh"
PULSE=$(vg_prog pulse "$top_builddir/src/pulse/pulse")
A=lvscA-$$
B=lvscB-$$
PORT=5392
. "$top_srcdir/tests/failover/netns.sh"

netns_need jq
netns_at_exit() { netns_show_logs; }
netns_pair "$A" "$B"
netns_link lv0 192.0.2.1 192.0.2.2
netns_lvsd
"$PULSE" --generate-key "$TMP/key" >/dev/null 2>&1

# A command that hangs: it and a child of its own, both pids written down.
cat >"$TMP/hang" <<EOS
#!/bin/sh
sleep 300 &
echo "\$\$ \$!" >"$TMP/hang.pids"
wait
EOS
printf '#!/bin/sh\nexit 3\n' >"$TMP/fail"
chmod +x "$TMP/hang" "$TMP/fail"
write_cf() { # ACTIVE_CMD
	cat >"$TMP/lvs.cf" <<EOS
serial_no = 1
primary = 192.0.2.1
backup = 192.0.2.2
backup_active = 1
heartbeat_port = $PORT
keepalive = 0.1
deadtime = 0.3
heartbeat_key_file = $TMP/key
network = direct
active_cmd = "$1"
virtual web {
     address = 192.0.2.100 lv0:1
     port = 80
     server one {
         address = 192.0.2.50
     }
}
EOS
}
start_pulse() { # LOG [OPTION...]
	local log=$1
	shift
	ip netns exec "$A" "$PULSE" -n -v -c "$TMP/lvs.cf" --lvsd="$TMP/lvsd" --realtime 0 \
		--socket "$TMP/a.sock" --lvsd-pidfile "$TMP/lvsd-a.pid" --forceactive "$@" >>"$TMP/$log" 2>&1 &
	PULSE_PID=$!
	PIDS="$PIDS $!"
}
stop_pulse() {
	kill "$PULSE_PID" 2>/dev/null
	wait "$PULSE_PID" 2>/dev/null
}
state() { "$PULSE" --status --json --socket "$TMP/a.sock" 2>/dev/null | jq -r .state; }
alive() { kill -0 "$1" 2>/dev/null && [ "$(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null)" != Z ]; }

tap_plan 10
for bad in x -1 86401; do
	"$PULSE" --command-timeout "$bad" --version >/dev/null 2>"$TMP/err"; rc=$?
	check "--command-timeout $bad refused: exit 2 (got $rc), saying why" \
		sh -c "[ $rc = 2 ] && grep -q 'is not a number of seconds from 0 to 86400' '$TMP/err'"
done

# 1. A hanging active_cmd is killed after 1 s, its child with it.
write_cf "$TMP/hang"
start_pulse one.log --command-timeout 1
netns_wait 10 test -s "$TMP/hang.pids"
read -r sh_pid sleep_pid <"$TMP/hang.pids" || true
check "active_cmd started (shell ${sh_pid:-?}, its child ${sleep_pid:-?})" test -n "${sleep_pid:-}"
netns_wait 10 grep -q "active_cmd (pid $sh_pid) still running after 1 s: killing it" "$TMP/one.log"
check "after --command-timeout 1, pulse says it kills the hanging active_cmd" \
	grep -q "active_cmd (pid $sh_pid) still running after 1 s: killing it" "$TMP/one.log"
netns_wait 5 sh -c "! kill -0 $sh_pid && ! kill -0 $sleep_pid"
check "the command and its child are both gone" sh -c "! kill -0 $sh_pid 2>/dev/null && ! kill -0 $sleep_pid 2>/dev/null"
netns_wait 5 grep -q "active_cmd (pid $sh_pid) ended by signal 9" "$TMP/one.log"
check "pulse reaped it and said how it ended" grep -q "active_cmd (pid $sh_pid) ended by signal 9" "$TMP/one.log"
tap_is "$(state)" active "pulse is still active, its loop answering"
stop_pulse

# 2. A failing command is reported with its status.
write_cf "$TMP/fail"
start_pulse two.log
netns_wait 10 grep -q "exited with status 3" "$TMP/two.log"
check "a failing active_cmd is reported with its status" \
	grep -q "active_cmd (pid [0-9]*) exited with status 3" "$TMP/two.log"
stop_pulse

# 3. --command-timeout 0: a hanging command is left alone.
rm -f "$TMP/hang.pids"
write_cf "$TMP/hang"
start_pulse three.log --command-timeout 0
netns_wait 10 test -s "$TMP/hang.pids"
read -r sh_pid sleep_pid <"$TMP/hang.pids" || true
PIDS="$PIDS ${sh_pid:-} ${sleep_pid:-}"
sleep 2
check "under --command-timeout 0 the hanging active_cmd still runs after 2 s, not killed" \
	sh -c "[ -n '${sh_pid:-}' ] && kill -0 ${sh_pid:-0} && ! grep -q 'killing it' '$TMP/three.log'"
stop_pulse
