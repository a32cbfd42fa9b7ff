#!/bin/bash
# nanny against hostile real servers on loopback: one that accepts and never
# answers, one that floods, one that answers a byte a second, one that
# resets. For each: the verdict, that every check ends within its timeout
# (plus slack for a loaded machine), and that nanny's memory stays flat
# under a flood.
#
# The verdicts, as nanny(8) states them:
#   hang               down, "timeout waiting for the reply", at the timeout
#   flood, no match    down, "reply did not match expect string", as soon as
#                      4096 bytes are in: long before the timeout
#   flood, match       up: the expect string is in the first bytes, which is
#                      all a check asks; what follows is not read
#   drip, too slow     down, "timeout, reply did not match ...", at the timeout
#   drip, in time      up: slow is not wrong if the string comes in time
#   reset              down, "read: Connection reset by peer", at once
. "${top_srcdir:-.}/tests/nanny/lib.sh"

SLACK=1.0	# scheduling slack on a loaded machine
MEM_SLACK=1024	# kB a flooded nanny may use above a quiet one

# elapsed A B: B - A, in seconds (999 if either is missing).
elapsed() { if [ -n "$1" ] && [ -n "$2" ]; then awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; else echo 999; fi; }

# check_gaps NAME: seconds between the ends of consecutive checks, from the
# "check of ... passed/failed" lines nanny -v logs (HH:MM:SS.mmm stamps).
check_gaps() {
	awk '/ debug: check of / {
		split($1, h, ":"); t = h[1] * 3600 + h[2] * 60 + h[3]
		if (n++ && t < last) t += 86400
		if (n > 1) printf "%.3f\n", t - last
		last = t
	}' "$T/$1.log"
}
# gaps_within NAME LO HI: at least 2 gaps, every one in [LO, HI] (each
# bound an awk expression).
gaps_within() {
	check_gaps "$1" | awk -v lo="$(awk "BEGIN { print $2 }")" -v hi="$(awk "BEGIN { print $3 }")" '
		{ n++; if ($1 < lo || $1 > hi) bad++ } END { exit !(n >= 2 && !bad) }'
}
gaps_text() { check_gaps "$1" | tr '\n' ' '; }

# kb PID FIELD: a /proc/PID/status figure (VmRSS, VmHWM) in kB.
kb() { awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status" 2>/dev/null; }
alive() { kill -0 "$1" 2>/dev/null; }

V="-v --check-interval 0.2"

# ---- all the servers and nannies at once: the checks take seconds ----
start_srv hang hang
start_srv flood -b "GARBAGE garbage garbage " flood
start_srv match flood
start_srv drip -d 1000 drip
start_srv reset reset
start_srv quiet ok

# Accepts, never answers.
start_nanny hang $V --timeout 1.5 -s 'HELLO?\r\n' -x HELLO -h 127.0.0.1 -p "$hang_port"
start_nanny hangre $V --timeout 1.5 -s 'HELLO?\r\n' --regex -x '^HEL+O' -h 127.0.0.1 -p "$hang_port"
# A flood of the wrong bytes, with a timeout long enough to tell "stopped at
# 4096 bytes" from "read until the timeout"; checks back to back.
start_nanny flood -v --check-interval 0.05 --timeout 3 -s 'GET /\r\n' -x HELLO -h 127.0.0.1 -p "$flood_port"
start_nanny floodre $V --timeout 3 --regex -x 'HEL+O' -h 127.0.0.1 -p "$flood_port"
# The same nanny against a server that answers once: the memory yardstick.
start_nanny quiet -v --check-interval 0.05 --timeout 3 -s 'GET /\r\n' -x HELLO -h 127.0.0.1 -p "$quiet_port"
# A flood that starts with what is expected.
start_nanny match -v --check-interval 0.05 --timeout 3 -s 'GET /\r\n' -x 'HELLO nanny' -h 127.0.0.1 -p "$match_port"
start_nanny matchre $V --timeout 3 --regex -x '^HELLO [a-z]+ test server' -h 127.0.0.1 -p "$match_port"
# One byte a second of "HELLO nanny test server".
start_nanny drip $V --timeout 2.5 -x HELLO -h 127.0.0.1 -p "$drip_port"
start_nanny driphe $V --timeout 2.5 -x HE -h 127.0.0.1 -p "$drip_port"
start_nanny dripre $V --timeout 1.5 --regex -x '^HEL' -h 127.0.0.1 -p "$drip_port"
# Reads the request, then resets.
start_nanny reset $V --timeout 3 -s 'HELLO?\r\n' -x HELLO -h 127.0.0.1 -p "$reset_port"
start_nanny resetre $V --timeout 3 -s 'HELLO?\r\n' --regex -x '^HEL+O' -h 127.0.0.1 -p "$reset_port"

# ---- memory under the flood, sampled while it lasts ----
sleep 1
rss0=$(kb "$flood_pid" VmRSS)
rss_max=$rss0
for _ in $(seq 25); do
	r=$(kb "$flood_pid" VmRSS)
	[ -n "$r" ] && [ "$r" -gt "$rss_max" ] && rss_max=$r
	sleep 0.2
done
hwm=$(kb "$flood_pid" VmHWM) hwm_quiet=$(kb "$quiet_pid" VmHWM)
hwm_match=$(kb "$match_pid" VmHWM)
floods=$(wc -l <"$T/flood.conn")

# ---- hang ----
t=$(wait_report hang "^down 127\\.0\\.0\\.1 $hang_port timeout waiting for the reply\$"); tap_check $? "hang: down, timeout waiting for the reply"
d=$(elapsed "$hang_start" "$t")
fcmp "$d >= 1.5 - 0.05 && $d <= 1.5 + $SLACK"; timing_ok $? "hang: the first check ends at its 1.5 s timeout (${d} s)"
gaps_within hang 1.65 "1.7 + $SLACK"; timing_ok $? "hang: every check lasts its timeout, then the interval (gaps: $(gaps_text hang))"
wait_report hangre "^down .* timeout waiting for the reply\$" >/dev/null; tap_check $? "hang, regex expect: down, timeout"
[ "$(count_report hang '^down ')" -eq 1 ] && [ "$(count_report hang '^up ')" -eq 0 ]; tap_check $? "hang: one down line, never up"

# ---- flood, wrong bytes ----
t=$(wait_report flood "^down 127\\.0\\.0\\.1 $flood_port reply did not match expect string\$"); tap_check $? "flood of garbage: down, reply did not match"
d=$(elapsed "$flood_start" "$t")
fcmp "$d <= $SLACK"; timing_ok $? "flood of garbage: decided at 4096 bytes, not at the 3 s timeout (${d} s)"
gaps_within flood 0 "0.05 + $SLACK"; timing_ok $? "flood of garbage: no check waits for its timeout ($(check_gaps flood | wc -l) gaps, largest $(check_gaps flood | sort -n | tail -1) s)"
[ "$floods" -ge 20 ]; tap_check $? "flood of garbage: nanny went on checking through it ($floods connections in 6 s)"
! grep -q 'timeout' "$T/flood.rep" "$T/flood.log"; tap_check $? "flood of garbage: no check reported a timeout"
wait_report floodre "^down .* reply did not match expect string\$" >/dev/null; tap_check $? "flood of garbage, regex expect: down, did not match"
d=$(elapsed "$floodre_start" "$(wait_report floodre '^down ')")
fcmp "$d <= $SLACK"; timing_ok $? "flood of garbage, regex expect: decided long before the timeout (${d} s)"
[ -n "$rss0" ] && [ "$rss_max" -le $((rss0 + 256)) ]; timing_ok $? "flood: VmRSS flat while flooded (${rss0} kB after 1 s, at most ${rss_max} kB over 5 s)"
[ -n "$hwm" ] && [ -n "$hwm_quiet" ] && [ "$hwm" -le $((hwm_quiet + MEM_SLACK)) ]; timing_ok $? "flood: VmHWM ${hwm} kB, within ${MEM_SLACK} kB of a nanny checking a quiet server (${hwm_quiet} kB)"

# ---- flood, the right bytes first ----
t=$(wait_report match "^up 127\\.0\\.0\\.1 $match_port 1\$"); tap_check $? "flood starting with the expect string: up (a match on the first bytes passes)"
d=$(elapsed "$match_start" "$t")
fcmp "$d <= $SLACK"; timing_ok $? "flood starting with the expect string: up at once (${d} s)"
[ "$(count_report match '^down ')" -eq 0 ] && alive "$match_pid"; tap_check $? "flood starting with the expect string: stays up, nanny alive"
[ -n "$hwm_match" ] && [ "$hwm_match" -le $((hwm_quiet + MEM_SLACK)) ]; timing_ok $? "flood starting with the expect string: VmHWM ${hwm_match} kB, bounded too"
wait_report matchre "^up " >/dev/null; tap_check $? "flood starting with the expect string, regex expect: up"

# ---- drip ----
t=$(wait_report drip "^down 127\\.0\\.0\\.1 $drip_port timeout, reply did not match expect string\$"); tap_check $? "drip too slow for the timeout: down, timeout with a partial reply"
d=$(elapsed "$drip_start" "$t")
fcmp "$d >= 2.5 - 0.05 && $d <= 2.5 + $SLACK"; timing_ok $? "drip: each byte does not restart the clock, the check ends at 2.5 s (${d} s)"
t=$(wait_report driphe "^up 127\\.0\\.0\\.1 $drip_port 1\$"); tap_check $? "drip that delivers the expect string in time: up"
d=$(elapsed "$driphe_start" "$t")
fcmp "$d >= 0.9 && $d <= 1 + $SLACK"; timing_ok $? "drip: up when the second byte comes, about 1 s (${d} s)"
t=$(wait_report dripre "^down .* timeout, reply did not match expect string\$"); tap_check $? "drip, regex expect: down, timeout"
d=$(elapsed "$dripre_start" "$t")
fcmp "$d >= 1.5 - 0.05 && $d <= 1.5 + $SLACK"; timing_ok $? "drip, regex expect: at its 1.5 s timeout (${d} s)"
gaps_within dripre 1.65 "1.7 + $SLACK"; timing_ok $? "drip: every check lasts its timeout, then the interval (gaps: $(gaps_text dripre))"

# ---- reset ----
t=$(wait_report reset "^down 127\\.0\\.0\\.1 $reset_port read: Connection reset by peer\$"); tap_check $? "reset: down, connection reset by peer"
d=$(elapsed "$reset_start" "$t")
fcmp "$d <= 0.1 + $SLACK"; timing_ok $? "reset: noticed at once, not at the 3 s timeout (${d} s)"
gaps_within reset 0.15 "0.3 + $SLACK"; timing_ok $? "reset: no check waits for its timeout (gaps: $(gaps_text reset))"
wait_report resetre "^down .* read: Connection reset by peer\$" >/dev/null; tap_check $? "reset, regex expect: down, reset"

# Every nanny is still running: none was killed or wedged by its server.
dead=
for n in hang hangre flood floodre quiet match matchre drip driphe dripre reset resetre; do
	eval "alive \$${n}_pid" || dead="$dead $n"
done
[ -z "$dead" ]; tap_check $? "every nanny is still running${dead:+ (dead:$dead)}"

tap_done
