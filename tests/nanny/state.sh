#!/bin/bash
# nanny's state machine: rise/fall, re-entry, signals, weights and slow start, load.
. "${top_srcdir:-.}/tests/nanny/lib.sh"

# checks_between LOG FROM_RE TO_RE WORD: count "check ... WORD" log lines
# after the last line matching FROM_RE (or the start) up to the first TO_RE.
checks_before() {	# checks_before LOG TO_RE WORD [NTH_TO]
	awk -v to="$2" -v w="$3" -v nth="${4:-1}" '
		$0 ~ "check of .* " w ":" { c++ }
		$0 ~ to { if (++k == nth) { print c; exit } c = 0 }' "$1"
}

start_srv a ok

# --- rise / fall counters (counted from nanny's -v log, not timing) ---
start_nanny rf -v -h 127.0.0.1 -p "$a_port" --timeout 0.2 --check-interval 0.1 -a 0 --rise 3 --fall 2
t=$(wait_report rf "^up "); tap_check $? "--rise 3: up"
[ "$(checks_before "$T/rf.log" 'making .* available' passed)" = 3 ]; tap_check $? "... after exactly 3 good checks"
# Log stamps are HH:MM:SS.mmm: first passed check to "making available".
span=$(awk '{ split($1, a, ":"); s = a[1] * 3600 + a[2] * 60 + a[3] }
	/check of .* passed/ && first == "" { first = s } /making .* available/ { print s - first; exit }' "$T/rf.log")
fcmp "$span >= 0.19"; tap_check $? "... which takes at least two intervals (took $span s)"
srv_mode a refuse
wait_report rf "^down " >/dev/null; tap_check $? "--fall 2: down"
[ "$(checks_before "$T/rf.log" 'shutting down' failed)" = 2 ]; tap_check $? "... after exactly 2 failed checks"
stop_nanny rf

# --- re-entry: healthy continuously for -a seconds after a failure ---
srv_mode a ok
start_nanny re -h 127.0.0.1 -p "$a_port" --timeout 0.2 --check-interval 0.1 -a 1.0
wait_report re "^up " >/dev/null; tap_check $? "up at start without waiting for reentrytime"
srv_mode a refuse
wait_report re "^down " >/dev/null; tap_check $? "down on refusal"
srv_mode a ok; sleep 0.5
srv_mode a refuse; sleep 0.3		# a relapse restarts the clock
t0=$(now); srv_mode a ok
t=$(wait_report re "^up " 2); tap_check $? "re-entry after a relapse"
fcmp "$t - $t0 >= 1.0"; tap_check $? "re-entry counted from the end of the relapse (>= 1.0 s; $(awk "BEGIN{print $t - $t0}"))"
fcmp "$t - $t0 <= 1.0 + 0.3 + 1.5"; tap_check $? "re-entry not much later"
[ "$(count_report re '^down ')" = 1 ]; tap_check $? "the relapse while down produced no extra line"

# --- signals ---
t0=$(now); kill -USR1 "$re_pid"
t=$(wait_report re "^down 127\\.0\\.0\\.1 $a_port forced down \\(SIGUSR1\\)\$"); tap_check $? "SIGUSR1: forced down"
within "$t0" "$t" 0.5; tap_check $? "... at once"
n0=$(wc -l <"$T/a.conn"); sleep 0.5; n1=$(wc -l <"$T/a.conn")
[ "$n0" = "$n1" ]; tap_check $? "no probes while forced (maintenance)"
t0=$(now); kill -HUP "$re_pid"
t=$(wait_report re "^up " 3); tap_check $? "SIGHUP: back to normal, up again"
within "$t0" "$t" 0.8; tap_check $? "... without reentry delay after a forced down"
srv_mode a refuse
wait_report re "^down " 3 >/dev/null; tap_check $? "down again on refusal"
kill -USR2 "$re_pid"
wait_report re "^up " 4 >/dev/null; tap_check $? "SIGUSR2: forced up although failing"
sleep 0.5
[ "$(count_report re '^down ')" = 3 ]; tap_check $? "... and stays up while forced"
t0=$(now); kill -HUP "$re_pid"
t=$(wait_report re "^down .*refused" 3); tap_check $? "SIGHUP: normal checking takes it down again"
within "$t0" "$t" 0.8; tap_check $? "... within one check"
t0=$(now); kill -TERM "$re_pid"; wait "$re_pid"; rc=$?
[ "$rc" = 0 ]; tap_check $? "SIGTERM: exit status 0"
within "$t0" "$(now)" 0.5; tap_check $? "... promptly"

srv_mode a hang
conns=$(cat "$T/a.conn" 2>/dev/null | wc -l)
start_nanny tm -h 127.0.0.1 -p "$a_port" --timeout 5 --check-interval 0.1 -x HELLO
# Signal it once its check hangs (a slow start, under valgrind say, must not
# turn this into a test of a signal sent before nanny set its handlers).
for _ in $(seq 200); do [ "$(cat "$T/a.conn" 2>/dev/null | wc -l)" -gt "$conns" ] && break; sleep 0.05; done
sleep 0.2
t0=$(now); kill -INT "$tm_pid"; wait "$tm_pid"; rc=$?
[ "$rc" = 0 ] && within "$t0" "$(now)" 0.5; tap_check $? "SIGINT during a hanging check: prompt clean exit"

# --- failover peer monitor: exits when the peer service fails ---
srv_mode a ok
start_nanny fo -v --fos -h 127.0.0.1 -p "$a_port" --timeout 0.2 --check-interval 0.1
for _ in $(seq 50); do grep -q 'check of .* passed' "$T/fo.log" && break; sleep 0.05; done
sleep 0.3
kill -0 "$fo_pid" 2>/dev/null; tap_check $? "--fos: keeps running while the peer is healthy"
t0=$(now); srv_mode a refuse
wait "$fo_pid"; rc=$?
[ "$rc" = 0 ] && within "$t0" "$(now)" 1.0; tap_check $? "--fos: exits 0 within an interval when the peer fails"
[ ! -s "$T/fo.rep" ]; tap_check $? "--fos: writes no report lines"

# --- weights: full at first, slow start (weight/32 doubled every adjust
# interval) only for a server back after a failure ---
srv_mode a ok
start_nanny ss -h 127.0.0.1 -p "$a_port" --timeout 0.2 --check-interval 0.1 -a 0.3 -w 64 --adjust-interval 0.3
wait_report ss "^up " >/dev/null; tap_check $? "first up reported"
grep -q '^[0-9.]* up 127\.0\.0\.1 [0-9]* 64$' "$T/ss.rep"; tap_check $? "a server that never failed enters at its full weight (got: $(report_lines ss))"
sleep 0.8
[ "$(wc -l <"$T/ss.rep")" = 1 ]; tap_check $? "... with no slow start steps after it (got: $(report_lines ss | tr '\n' ';'))"
srv_mode a refuse
wait_report ss "^down " >/dev/null; tap_check $? "down on refusal"
srv_mode a ok
wait_report ss "^weight .* 64\$" 1 8 >/dev/null; tap_check $? "after the failure: slow start reaches the configured weight again"
seq_got=$(report_lines ss | tail -n +3 | awk '{ print $1 ":" $NF }' | tr '\n' ' ')
[ "$seq_got" = "up:2 weight:4 weight:8 weight:16 weight:32 weight:64 " ]; tap_check $? "return: up at 64/32, doubled up to 64 (got: $seq_got)"
gaps_ok=$(tail -n +3 "$T/ss.rep" | awk 'NR > 1 { if ($1 - p < 0.27) bad = 1 } { p = $1 } END { print bad ? 1 : 0 }')
[ "$gaps_ok" = 0 ]; tap_check $? "one doubling per adjust interval, not faster"
sleep 0.7
[ "$(wc -l <"$T/ss.rep")" = 8 ]; tap_check $? "no weight lines once at the configured weight"
stop_nanny ss

# --- --no-slow-start: back at full weight at once ---
start_nanny ns -h 127.0.0.1 -p "$a_port" --timeout 0.2 --check-interval 0.1 -a 0.3 -w 64 \
	--adjust-interval 0.3 --no-slow-start
wait_report ns "^up .* 64\$" >/dev/null; tap_check $? "--no-slow-start: first up at full weight"
srv_mode a refuse
wait_report ns "^down " >/dev/null; tap_check $? "--no-slow-start: down on refusal"
t0=$(now); srv_mode a ok
t=$(wait_report ns "^up " 2); tap_check $? "--no-slow-start: back up"
fcmp "$t - $t0 >= 0.3"; tap_check $? "--no-slow-start: after the re-entry time all the same"
sleep 0.8
seq_got=$(report_lines ns | awk '{ print $1 ":" $NF }' | tr '\n' ' ')
case "$seq_got" in "up:64 down:"*" up:64 ") r=0 ;; *) r=1 ;; esac
tap_check $r "--no-slow-start: return at full weight, no weight lines (got: $seq_got)"
stop_nanny ns

# --- load monitoring with a fake load program ---
# The arguments file is replaced whole (mv), never seen half-written: the
# program runs every adjust interval, also while the test reads the file.
cat >"$T/load" <<'SH'
#!/bin/sh
echo "$@" >"$0.args.$$" && mv "$0.args.$$" "$0.args"
cat "$0.value"
SH
chmod +x "$T/load"
echo " 19:01:02 up 3 days,  2 users,  load average: 0.00, 0.10, 0.20" >"$T/load.value"
start_nanny ld -h 127.0.0.1 -p "$a_port" --timeout 0.5 --check-interval 0.1 -w 8 -S 3 \
	--adjust-interval 0.15 --load-program "$T/load --host %h --port %p"
wait_report ld "^weight .* 24\$" 1 10 >/dev/null; tap_check $? "idle server (load 0): weight raised to scale x weight (24)"
[ "$(report_lines ld | awk '$NF > 24' | wc -l)" = 0 ]; tap_check $? "... never above it"
[ "$(cat "$T/load.args")" = "--host 127.0.0.1 --port $a_port" ]; tap_check $? "load program got %h and %p"
grep -q '^[0-9.]* up 127\.0\.0\.1 [0-9]* 8$' "$T/ld.rep"; tap_check $? "load monitoring: first up at the configured weight 8"
steps=$(report_lines ld | awk '$1 == "weight" { print $NF }' | tr '\n' ' ')
case "$steps" in "12 16 20 24 "*) r=0 ;; *) r=1 ;; esac
tap_check $r "from 8, +4 per step (8/2 * cbrt(1)) (got: $steps)"
n=$(wc -l <"$T/ld.rep")
echo "myhost up 3+01:02, load 2.00, 1.50, 1.00" >"$T/load.value"	# rup-style
wait_report ld "^weight .* 8\$" 1 10 >/dev/null; tap_check $? "busy server (load 2): weight lowered back to the configured 8"
[ "$(report_lines ld | tail -n +$((n + 1)) | awk '$NF < 8' | wc -l)" = 0 ]; tap_check $? "... never below it"
echo "1.0" >"$T/load.value"
n=$(wc -l <"$T/ld.rep"); sleep 0.6
[ "$(wc -l <"$T/ld.rep")" = "$n" ]; tap_check $? "load exactly 1: weight unchanged"
echo "no numbers here" >"$T/load.value"
sleep 0.5
[ "$(wc -l <"$T/ld.rep")" = "$n" ] && grep -q 'bad load average' "$T/ld.log"; tap_check $? "unparsable load output: logged, weight unchanged"
stop_nanny ld

# --- --initial-up: a nanny restarted by lvsd for a server in service ---
srv_mode a ok
start_nanny iu -h 127.0.0.1 -p "$a_port" --timeout 0.2 --check-interval 0.1 -a 0 -w 16 --initial-up
sleep 0.5
[ "$(count_report iu '.')" = 0 ]; tap_check $? "--initial-up: healthy server, nothing reported (no slow start restart)"
srv_mode a refuse
wait_report iu "^down " >/dev/null; tap_check $? "--initial-up: a failure is still reported"
srv_mode a ok
wait_report iu "^up .* 1\$" >/dev/null; tap_check $? "--initial-up: after a failure the usual slow start applies (16/32 -> 1)"
stop_nanny iu

# --- --report-checks: one line per check, with its result and duration ---
srv_mode a ok
start_nanny rc -h 127.0.0.1 -p "$a_port" --timeout 0.2 --check-interval 0.1 -a 0 --report-checks
wait_report rc "^check " 3 >/dev/null; tap_check $? "--report-checks: a line for every check"
srv_mode a refuse
wait_report rc "^down " >/dev/null; tap_check $? "--report-checks: state lines as before"
stop_nanny rc
got=$(report_lines rc | awk '$1 != "check" || $0 !~ /^check 127\.0\.0\.1 [0-9]+ (ok|fail) [0-9]+$/ { next } { print $4 }' | uniq | tr '\n' ' ')
case "$got" in "ok fail "*) r=0 ;; *) r=1 ;; esac
tap_check $r "check lines: 'check ADDR PORT ok|fail MICROSECONDS', passing then failing (got: $got)"
order=$(report_lines rc | awk '$1 == "up" || $1 == "down" { print $1; next } $1 == "check" { print $4 }' | uniq | tr '\n' ' ')
case "$order" in "ok up ok fail down "*) r=0 ;; *) r=1 ;; esac
tap_check $r "the check that changes the state comes before the state line (got: $order)"
# Check lines come in batches of 8 (one wake-up of lvsd for each): with a
# check every 0.1 s, lines of a batch arrive together, not 0.1 s apart.
close=$(awk '$2 == "check" { if (last != "" && $1 - last < 0.05) c++; last = $1 } END { print c + 0 }' "$T/rc.rep")
[ "$close" -ge 7 ]; tap_check $? "check lines arrive in batches ($close of them right after the one before)"
# At a check every 1.5 s the lines wait up to 5 s (CHECK_FLUSH_S), and go
# out in the wake-up of the last check before then, not in one of their own
# 5 s after the first: the batch after the "up" comes about 6.0 s after it
# (a multiple of 1.5 s), not 6.5 s.
srv_mode a ok
start_nanny fl -h 127.0.0.1 -p "$a_port" --timeout 0.5 --check-interval 1.5 -a 0 --report-checks
wait_report fl "^up " >/dev/null
for _ in $(seq 100); do [ "$(count_report fl '^check ')" -ge 2 ] && break; sleep 0.1; done
stop_nanny fl
gap=$(awk '$2 == "up" { up = $1 } $2 == "check" && up != "" && $1 - up > 0.5 { print $1 - up; exit }' "$T/fl.rep")
off=$(awk -v g="${gap:-0}" 'BEGIN { k = int(g / 1.5 + 0.5); d = g - 1.5 * k; print (d < 0 ? -d : d) }')
timing_ok $([ -n "$gap" ] && fcmp "$off < 0.25"; echo $?) "waiting check lines go out with a check, not in a wake-up of their own (batch after ${gap:-none} s, ${off} s off the 1.5 s grid)"
start_nanny nc -h 127.0.0.1 -p "$a_port" --timeout 0.2 --check-interval 0.1 -a 0
wait_report nc "^down " >/dev/null
sleep 0.3
[ "$(count_report nc '^check ')" = 0 ]; tap_check $? "without --report-checks: no check lines"
stop_nanny nc
"$NANNY" -n --report-checks -h 127.0.0.1 -p "$a_port" -V 192.0.2.1 >/dev/null 2>"$T/rcx.err"; rc=$?
[ "$rc" = 2 ] || [ "$rc" = 1 ]; tap_check $? "--report-checks without report mode is refused (exit $rc: $(cat "$T/rcx.err"))"

tap_done
