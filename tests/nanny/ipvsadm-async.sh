#!/bin/bash
# Standalone mode never waits for ipvsadm: a slow ipvsadm stand-in (-I) does
# not delay checks, state changes or signals; changes made meanwhile are
# merged and applied when it ends; a hung one is killed, with its process
# group, after --ipvsadm-timeout (default 10 s) and nanny goes on.
. "${top_srcdir:-.}/tests/nanny/lib.sh"

# The stand-in logs "start|end TIME PID ARGS" to $IPVSADM_LOG. If
# $IPVSADM_LOG.sleep exists, this run sleeps that many seconds (once); if
# $IPVSADM_LOG.hang exists, this run hangs (once) with a grandchild in its
# process group. While $IPVSADM_LOG.refuse-add exists, adds fail (exit 1)
# with a message on stderr.
cat >"$T/ipvsadm" <<'SH'
#!/bin/bash
echo "start $EPOCHREALTIME $$ $*" >>"$IPVSADM_LOG"
if [ -e "$IPVSADM_LOG.hang" ]; then
	rm -f "$IPVSADM_LOG.hang"
	echo $$ >"$IPVSADM_LOG.pid"
	sleep 60 &
	echo $! >"$IPVSADM_LOG.grandchild"
	wait
fi
if [ -e "$IPVSADM_LOG.sleep" ]; then
	s=$(cat "$IPVSADM_LOG.sleep")
	rm -f "$IPVSADM_LOG.sleep"
	sleep "$s"
fi
echo "end $EPOCHREALTIME $$ $*" >>"$IPVSADM_LOG"
if [ "$1" = -a ] && [ -e "$IPVSADM_LOG.refuse-add" ]; then
	echo "Destination already exists" >&2
	exit 1
fi
SH
chmod +x "$T/ipvsadm"

cat >"$T/check" <<'SH'
#!/bin/sh
[ "$(cat "$1")" = ok ]
SH
chmod +x "$T/check"

# wait_line FILE REGEX [NTH] [TIMEOUT]: prints the time the NTH line
# matching REGEX was seen (polling), or returns 1 after TIMEOUT s.
wait_line() {
	local f=$1 re=$2 nth=${3:-1} limit=${4:-10} end
	end=$(awk -v n="$(now)" -v l="$limit" 'BEGIN { printf "%.6f", n + l }')
	while :; do
		if [ -e "$f" ] && [ "$(grep -Ec -- "$re" "$f")" -ge "$nth" ]; then
			now
			return 0
		fi
		fcmp "$(now) > $end" && return 1
		sleep 0.03
	done
}
# field TIME of the NTH line of FILE starting with WORD (start|end)
stamp() { awk -v w="$2" -v n="${3:-1}" '$1 == w && ++c == n { print $2; exit }' "$1"; }
call_args() { awk -v n="$2" '$1 == "start" && ++c == n { $1 = $2 = $3 = ""; sub(/^ +/, ""); print; exit }' "$1"; }
checks() { grep -c 'check of .* \(passed\|failed\):' "$1"; }
alive() { [ -r "/proc/$1/stat" ] && ! awk '{ exit $3 != "Z" }' "/proc/$1/stat" 2>/dev/null; }

FAST="--timeout 0.2 --check-interval 0.1 -a 0.3 --adjust-interval 0.2"
start_srv a ok
start_srv d ok

# C: a hung stand-in under the default time-out (runs beside the others).
: >"$T/C.calls"; : >"$T/C.calls.hang"
IPVSADM_LOG="$T/C.calls" "$NANNY" -n -v -I "$T/ipvsadm" -V 10.0.0.3 -p 80 -r "$a_port" \
	-h 127.0.0.1 $FAST 2>"$T/C.log" &
C=$!; PIDS="$PIDS $C"
# Its kill comes while the other parts run: a watcher notes when.
wait_line "$T/C.log" 'still running after 10000 ms: killed' 1 14 >"$T/C.killed" &
CW=$!; PIDS="$PIDS $CW"

# D: a hung stand-in, --ipvsadm-timeout 1.5.
: >"$T/D.calls"; : >"$T/D.calls.hang"
IPVSADM_LOG="$T/D.calls" "$NANNY" -n -v -I "$T/ipvsadm" -V 10.0.0.4 -p 80 -r "$d_port" \
	-h 127.0.0.1 -w 4 --ipvsadm-timeout 1.5 $FAST 2>"$T/D.log" &
D=$!; PIDS="$PIDS $D"

# --- D: hung, --ipvsadm-timeout 1.5 ---
wait_line "$T/D.calls" '^start .* -a ' >/dev/null; tap_check $? "D: the add started (hung stand-in)"
ts=$(stamp "$T/D.calls" start 1)
t=$(wait_line "$T/D.log" 'still running after 1500 ms: killed' 1 5); tap_check $? "D: hung ipvsadm killed (--ipvsadm-timeout 1.5)"
[ -n "$ts" ] && fcmp "$t - $ts >= 1.45 && $t - $ts <= 2.5"; tap_check $? "D: ... after the time-out ($(awk "BEGIN { print $t - ${ts:-0} }") s)"
grep -q 'ipvsadm -a -t 10.0.0.4:80 -r 127.0.0.1:[0-9]* -m -w 4: still running after 1500 ms: killed with its process group, counts as failed' "$T/D.log"; tap_check $? "D: the failure is logged with the command"
sleep 0.3
pid=$(cat "$T/D.calls.pid" 2>/dev/null); gc=$(cat "$T/D.calls.grandchild" 2>/dev/null)
[ -n "$pid" ] && ! alive "$pid"; tap_check $? "D: the stand-in is gone"
[ -n "$gc" ] && ! alive "$gc"; tap_check $? "D: its grandchild (same process group) is gone"
n0=$(checks "$T/D.log"); sleep 0.5; n1=$(checks "$T/D.log")
kill -0 "$D" 2>/dev/null && [ $((n1 - n0)) -ge 2 ]; tap_check $? "D: nanny goes on checking"
srv_mode d refuse
wait_line "$T/D.log" 'shutting down' >/dev/null
srv_mode d ok
wait_line "$T/D.calls" '^end .* -a ' 1 5 >/dev/null; tap_check $? "D: the add is retried at the next change, and succeeds"
[ "$(grep -c '^start' "$T/D.calls")" -ge 2 ] && [ "$(call_args "$T/D.calls" 2)" = "-a -t 10.0.0.4:80 -r 127.0.0.1:$d_port -m -w 1" ]; tap_check $? "D: ... with the slow start weight after the failure (got: $(call_args "$T/D.calls" 2))"
kill "$D"; wait "$D"

# A: TCP check; the first ipvsadm (the add) takes 5 s.
: >"$T/A.calls"; echo 5 >"$T/A.calls.sleep"
IPVSADM_LOG="$T/A.calls" "$NANNY" -n -v -I "$T/ipvsadm" -V 10.0.0.1 -p 80 -r "$a_port" \
	-h 127.0.0.1 -w 4 $FAST 2>"$T/A.log" &
A=$!; PIDS="$PIDS $A"

# --- A ---
wait_line "$T/A.calls" '^start .* -a ' >/dev/null; tap_check $? "A: the add started (slow stand-in)"
R="-r 127.0.0.1:$a_port"
[ "$(call_args "$T/A.calls" 1)" = "-a -t 10.0.0.1:80 $R -m -w 4" ]; tap_check $? "A: add at full weight (got: $(call_args "$T/A.calls" 1))"
sleep 1
srv_mode a refuse; t0=$(now)
t=$(wait_line "$T/A.log" 'shutting down 127\.0\.0\.1'); tap_check $? "A: server going down reported while ipvsadm runs"
within "$t0" "$t" 0.6; tap_check $? "A: ... on time (within one check: $(awk "BEGIN { print $t - $t0 }") s)"
[ "$(grep -c '^end' "$T/A.calls")" = 0 ]; tap_check $? "A: ... while the stand-in still sleeps"
n0=$(checks "$T/A.log"); sleep 1.5; n1=$(checks "$T/A.log")
[ "$(grep -c '^end' "$T/A.calls")" = 0 ] && [ $((n1 - n0)) -ge 6 ]; tap_check $? "A: checks go on while ipvsadm runs ($((n1 - n0)) in 1.5 s)"
kill -0 "$A" 2>/dev/null; tap_check $? "A: nanny is alive"
wait_line "$T/A.calls" '^start .* -d ' 1 6 >/dev/null; tap_check $? "A: the delete follows the slow add"
ta=$(stamp "$T/A.calls" end 1); td=$(stamp "$T/A.calls" start 2)
fcmp "$td - $ta >= 0 && $td - $ta <= 1.0"; tap_check $? "A: ... as soon as the add ended ($(awk "BEGIN { print $td - $ta }") s)"
fcmp "$ta - $(stamp "$T/A.calls" start 1) >= 4.9"; tap_check $? "A: the add was not cut short (5 s < the 10 s time-out)"
[ "$(call_args "$T/A.calls" 2)" = "-d -t 10.0.0.1:80 $R" ]; tap_check $? "A: second call is the delete (got: $(call_args "$T/A.calls" 2))"
sleep 0.3
[ "$(grep -c '^start' "$T/A.calls")" = 2 ]; tap_check $? "A: no other ipvsadm runs"
kill "$A"; wait "$A"

# --- B ---
# B: send_program check; the add takes 5 s; signals meanwhile.
: >"$T/B.calls"; echo 5 >"$T/B.calls.sleep"; echo ok >"$T/B.state"
IPVSADM_LOG="$T/B.calls" "$NANNY" -n -v -I "$T/ipvsadm" -V 10.0.0.2 -p 80 -h 127.0.0.1 \
	-e "$T/check $T/B.state" $FAST 2>"$T/B.log" &
B=$!; PIDS="$PIDS $B"

wait_line "$T/B.calls" '^start .* -a ' >/dev/null; sleep 0.5
R="-r 127.0.0.1:80"
grep -q 'making 127\.0\.0\.1:80 available' "$T/B.log"; tap_check $? "B: send_program check passed, server up"
[ "$(call_args "$T/B.calls" 1)" = "-a -t 10.0.0.2:80 $R -m -w 1" ]; tap_check $? "B: the add started (got: $(call_args "$T/B.calls" 1))"
echo fail >"$T/B.state"; t0=$(now)
t=$(wait_line "$T/B.log" 'shutting down 127\.0\.0\.1:80: send_program exited with status 1' 1 3); tap_check $? "B: send_program failure reported while ipvsadm runs"
within "$t0" "$t" 0.8; tap_check $? "B: ... on time ($(awk "BEGIN { print $t - $t0 }") s)"
[ "$(grep -c '^end' "$T/B.calls")" = 0 ]; tap_check $? "B: ... while the stand-in still sleeps"
kill -USR1 "$B"; t0=$(now)
t=$(wait_line "$T/B.log" 'SIGUSR1: forcing' 1 2); tap_check $? "B: SIGUSR1 handled while ipvsadm runs"
within "$t0" "$t" 0.3; tap_check $? "B: ... at once"
kill -TERM "$B"; t0=$(now); wait "$B"; rc=$?; t=$(now)
[ "$rc" = 0 ]; tap_check $? "B: SIGTERM while ipvsadm runs: exit 0"
te=$(stamp "$T/B.calls" end 1)
[ -n "$te" ] && fcmp "$t >= $te"; tap_check $? "B: ... after the running ipvsadm ended (it was not killed)"
[ "$(call_args "$T/B.calls" 2)" = "-d -t 10.0.0.2:80 $R" ] && [ -n "$(stamp "$T/B.calls" end 2)" ]; tap_check $? "B: ... and after deleting the entry (got: $(call_args "$T/B.calls" 2))"
[ "$(grep -c '^start' "$T/B.calls")" = 2 ]; tap_check $? "B: down, forced down and exit merged into one delete"

# --- C: hung, default time-out 10 s ---
ts=$(stamp "$T/C.calls" start 1)
wait "$CW"; tap_check $? "C: hung ipvsadm killed after the default time-out"
t=$(cat "$T/C.killed")
[ -n "$ts" ] && fcmp "$t - $ts >= 9.9 && $t - $ts <= 11.5"; tap_check $? "C: ... of 10 s ($(awk "BEGIN { print $t - ${ts:-0} }") s)"
grep -q 'shutting down' "$T/C.log"; tap_check $? "C: the server's failure (A's refusal) was logged meanwhile"
awk '/check of/ { n++ } /still running after/ { exit } END { exit !(n >= 30) }' "$T/C.log"; tap_check $? "C: checks went on during those 10 s"
kill "$C"; wait "$C"

# --- E: an add refused: logged with ipvsadm's message; with -q an edit
# follows (the entry an earlier nanny left quiesced) ---
: >"$T/E.calls"; : >"$T/E.calls.refuse-add"
IPVSADM_LOG="$T/E.calls" "$NANNY" -n -I "$T/ipvsadm" -V 10.0.0.5 -p 80 -r "$d_port" \
	-h 127.0.0.1 -q -w 3 $FAST 2>"$T/E.log" &
E=$!; PIDS="$PIDS $E"
wait_line "$T/E.calls" '^end .* -e ' 1 5 >/dev/null; tap_check $? "E: -q: refused add followed by an edit"
R="-r 127.0.0.1:$d_port"
[ "$(call_args "$T/E.calls" 1)" = "-a -t 10.0.0.5:80 $R -m -w 3" ] && [ "$(call_args "$T/E.calls" 2)" = "-e -t 10.0.0.5:80 $R -m -w 3" ]; tap_check $? "E: ... -a then -e with the weight (got: $(call_args "$T/E.calls" 1); $(call_args "$T/E.calls" 2))"
grep -q 'ipvsadm -a -t 10.0.0.5:80 .* failed (status 1): Destination already exists' "$T/E.log"; tap_check $? "E: the failure is logged with ipvsadm's own message"
sleep 0.4
[ "$(grep -c '^start' "$T/E.calls")" = 2 ]; tap_check $? "E: nothing retried in a loop"
kill "$E"; wait "$E"
[ "$(call_args "$T/E.calls" 3)" = "-d -t 10.0.0.5:80 $R" ]; tap_check $? "E: exit deletes the entry (got: $(call_args "$T/E.calls" 3))"

# Option errors.
"$NANNY" -n -I "$T/ipvsadm" -V 10.0.0.1 -h 127.0.0.1 --ipvsadm-timeout 0 2>"$T/err"; rc=$?
[ "$rc" = 1 ] && grep -q 'bad --ipvsadm-timeout' "$T/err"; tap_check $? "--ipvsadm-timeout 0 rejected"

tap_done
