#!/bin/bash
# Standalone mode: nanny runs ipvsadm (a fake that records its argv) itself.
. "${top_srcdir:-.}/tests/nanny/lib.sh"

cat >"$T/ipvsadm" <<'SH'
#!/bin/sh
echo "$*" >>"$IPVSADM_LOG"
grep -E '^Cap(Eff|Bnd)' /proc/self/status | tr '\t' ' ' | tr '\n' ' ' >>"$IPVSADM_LOG.caps"
echo >>"$IPVSADM_LOG.caps"
SH
chmod +x "$T/ipvsadm"
export IPVSADM_LOG="$T/calls"
: >"$IPVSADM_LOG"

# wait_calls N: until the fake has been run N times (5 s max).
wait_calls() {
	for _ in $(seq 100); do
		[ "$(wc -l <"$IPVSADM_LOG")" -ge "$1" ] && return 0
		sleep 0.05
	done
	return 1
}
call() { sed -n "${1}p" "$IPVSADM_LOG"; }
FAST="--timeout 0.2 --check-interval 0.1 -a 0.3 --adjust-interval 0.2"

start_srv a ok
"$NANNY" -n -I "$T/ipvsadm" -V 10.0.0.1 -p 80 -r "$a_port" -h 127.0.0.1 -M g -w 4 $FAST 2>"$T/s1.log" &
s1=$!; PIDS="$PIDS $s1"
wait_calls 1; tap_check $? "ipvsadm run: add"
R="-r 127.0.0.1:$a_port"
[ "$(call 1)" = "-a -t 10.0.0.1:80 $R -g -w 4" ]; tap_check $? "first add at the full weight 4 (got: $(call 1))"
sleep 0.6
[ "$(wc -l <"$IPVSADM_LOG")" = 1 ]; tap_check $? "no slow start edits, no ipvsadm runs while nothing changes"
srv_mode a refuse
wait_calls 2; [ "$(call 2)" = "-d -t 10.0.0.1:80 $R" ]; tap_check $? "failure deletes the real server (got: $(call 2))"
srv_mode a ok
wait_calls 3; [ "$(call 3)" = "-a -t 10.0.0.1:80 $R -g -w 1" ]; tap_check $? "re-entry adds it again with weight 4/32 -> 1 (got: $(call 3))"
wait_calls 5
[ "$(call 4)" = "-e -t 10.0.0.1:80 $R -g -w 2" ]; tap_check $? "slow start: edit weight 2 (got: $(call 4))"
[ "$(call 5)" = "-e -t 10.0.0.1:80 $R -g -w 4" ]; tap_check $? "slow start: edit weight 4 (got: $(call 5))"
kill -TERM "$s1"; wait "$s1"; rc=$?
wait_calls 6; [ "$(call 6)" = "-d -t 10.0.0.1:80 $R" ] && [ "$rc" = 0 ]; tap_check $? "SIGTERM removes our entry, exit 0 (got: $(call 6))"
if [ "$(id -u)" = 0 ]; then
	# CAP_NET_ADMIN is bit 12: 0x1000.
	grep -q 'CapEff: 0000000000001000 CapBnd: 0000000000001000' "$IPVSADM_LOG.caps"; tap_check $? "ipvsadm ran with CAP_NET_ADMIN only"
else
	tap_skip "capability check needs root"
fi

# Quiesce: weight 0 instead of delete; back with -e.
: >"$IPVSADM_LOG"
"$NANNY" -n -I "$T/ipvsadm" -V 10.0.0.1 -p 80 -r "$a_port" -h 127.0.0.1 -q -w 1 $FAST 2>"$T/s2.log" &
s2=$!; PIDS="$PIDS $s2"
wait_calls 1
if [ "$(id -u)" = 0 ]; then
	caps=$(grep -E '^Cap(Prm|Eff|Bnd)' "/proc/$s2/status" | awk '{ print $2 }' | tr '\n' ' ')
	[ "$caps" = "0000000000001000 0000000000000000 0000000000001000 " ]; tap_check $? "standalone nanny keeps CAP_NET_ADMIN permitted only, none effective (got: $caps)"
else
	tap_skip "capability check needs root"
fi
srv_mode a refuse
wait_calls 2; [ "$(call 2)" = "-e -t 10.0.0.1:80 $R -m -w 0" ]; tap_check $? "-q: failure sets weight 0 (got: $(call 2))"
srv_mode a ok
wait_calls 3; [ "$(call 3)" = "-e -t 10.0.0.1:80 $R -m -w 1" ]; tap_check $? "-q: recovery edits the weight back (got: $(call 3))"
kill -TERM "$s2"; wait "$s2"
wait_calls 4; [ "$(call 4)" = "-d -t 10.0.0.1:80 $R" ]; tap_check $? "-q: exit removes the entry"

# fwmark + UDP, and an IPv6 service.
start_srv u -u ok
: >"$IPVSADM_LOG"
"$NANNY" -n -I "$T/ipvsadm" -f 7 -u -p 53 -r "$u_port" -h 127.0.0.1 -M i $FAST -x HELLO 2>"$T/s3.log" &
s3=$!; PIDS="$PIDS $s3"
wait_calls 1; [ "$(call 1)" = "-a -f 7 -r 127.0.0.1:$u_port -i -w 1" ]; tap_check $? "fwmark service: -f MARK, checks the -r port (got: $(call 1))"
kill "$s3"; wait "$s3"
start_srv six -6 ok
: >"$IPVSADM_LOG"
"$NANNY" -n -I "$T/ipvsadm" -V 2001:db8::80 -p 443 -r "$six_port" -h ::1 $FAST 2>"$T/s4.log" &
s4=$!; PIDS="$PIDS $s4"
wait_calls 1; [ "$(call 1)" = "-a -t [2001:db8::80]:443 -r [::1]:$six_port -m -w 1" ]; tap_check $? "IPv6 service and server (got: $(call 1))"
kill "$s4"; wait "$s4"

# --test-start: print, do not run.
: >"$IPVSADM_LOG"
"$NANNY" -n --test-start -I "$T/ipvsadm" -V 10.0.0.1 -p 80 -r "$a_port" -h 127.0.0.1 $FAST >"$T/s5.out" 2>"$T/s5.log" &
s5=$!; PIDS="$PIDS $s5"
for _ in $(seq 60); do [ -s "$T/s5.out" ] && break; sleep 0.05; done
kill "$s5"; wait "$s5"
[ "$(head -1 "$T/s5.out")" = "$T/ipvsadm -a -t 10.0.0.1:80 $R -m -w 1" ]; tap_check $? "--test-start prints the command (got: $(head -1 "$T/s5.out"))"
[ ! -s "$IPVSADM_LOG" ]; tap_check $? "--test-start runs nothing"

# The command line the original lvsd built is accepted as it is.
"$NANNY" -c -h 127.0.0.1 -p 80 -r "$a_port" -s 'x\r\n' -x HELLO -q --regex -v -a 0 \
	-I "$T/ipvsadm" -t 0.5 -w 3 -V 10.0.0.1 -M -g -U none --nodaemon --lvs --norun >"$T/s6.out" 2>"$T/s6.log" &
s6=$!; PIDS="$PIDS $s6"
for _ in $(seq 60); do [ -s "$T/s6.out" ] && break; sleep 0.05; done
kill "$s6"; wait "$s6"
[ "$(head -1 "$T/s6.out")" = "$T/ipvsadm -a -t 10.0.0.1:80 $R -g -w 3" ]; tap_check $? "original lvsd command line accepted (got: $(head -1 "$T/s6.out"))"

# Report mode never runs ipvsadm and holds no capabilities.
start_nanny rp -I "$T/ipvsadm" -V 10.0.0.1 -h 127.0.0.1 -p "$a_port" $FAST
wait_report rp "^up " >/dev/null; tap_check $? "report mode: up reported"
[ ! -s "$IPVSADM_LOG" ]; tap_check $? "report mode: ipvsadm never run"
caps=$(grep -E '^Cap(Prm|Eff|Bnd)' "/proc/$rp_pid/status" | awk '{ print $2 }' | tr '\n' ' ')
[ "$caps" = "0000000000000000 0000000000000000 0000000000000000 " ]; tap_check $? "report mode: no capabilities at all (got: $caps)"
stop_nanny rp

# Option errors.
"$NANNY" -n -h 127.0.0.1 -p 80 2>"$T/err"; rc=$?
[ "$rc" = 1 ] && grep -q 'needs -V' "$T/err"; tap_check $? "standalone without -V/-f: usage error"
"$NANNY" -n --report -h 300.1.1.1 2>"$T/err"; rc=$?
[ "$rc" = 1 ] && grep -q 'bad server address' "$T/err"; tap_check $? "bad server address rejected"
"$NANNY" -n --report -h 127.0.0.1 -e "prog 'unbalanced" 2>"$T/err"; rc=$?
[ "$rc" = 1 ]; tap_check $? "unbalanced quote in send_program rejected"
"$NANNY" --version | grep -q '^nanny '; tap_check $? "--version"
"$NANNY" --help | grep -q -- '--reentrytime'; tap_check $? "--help lists the options"

tap_done
