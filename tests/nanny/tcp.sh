#!/bin/bash
# nanny TCP checks against the loopback test server: transitions and timing.
. "${top_srcdir:-.}/tests/nanny/lib.sh"

FAST="--timeout 0.2 --check-interval 0.1 -a 0.5"
SLACK=1.0	# scheduling slack on a loaded machine

start_srv a ok
start_nanny n1 -h 127.0.0.1 -p "$a_port" $FAST -x HELLO

t=$(wait_report n1 "^up 127\\.0\\.0\\.1 $a_port 1\$"); tap_check $? "accepting server reported up"
within "$n1_start" "$t" 1.0; tap_check $? "first up within 1 s of start (no reentry at start)"

t0=$(now); srv_mode a hang
t=$(wait_report n1 "^down 127\\.0\\.0\\.1 $a_port timeout waiting for the reply\$"); tap_check $? "hanging server: down, reason timeout"
within "$t0" "$t" "0.2 + 0.1 + $SLACK"; tap_check $? "down within timeout + interval of the hang"

t0=$(now); srv_mode a ok
t=$(wait_report n1 "^up " 2); tap_check $? "recovered server reported up again"
fcmp "$t - $t0 >= 0.5"; tap_check $? "re-entry not before reentrytime (0.5 s; took $(awk "BEGIN{print $t - $t0}"))"
fcmp "$t - $t0 <= 0.5 + 0.3 + 1.5"; tap_check $? "re-entry not much after reentrytime"

t0=$(now); srv_mode a wrong
t=$(wait_report n1 "^down .* reply did not match expect string\$" 1); tap_check $? "wrong banner: down"
within "$t0" "$t" "0.3 + $SLACK"; tap_check $? "wrong banner noticed within one interval"

srv_mode a ok
wait_report n1 "^up " 3 >/dev/null; tap_check $? "up after the wrong banner is fixed"
t0=$(now); srv_mode a reset
t=$(wait_report n1 "^down .* read: Connection reset by peer\$" 1); tap_check $? "reset mid-exchange: down with the reset as reason"

srv_mode a ok
wait_report n1 "^up " 4 >/dev/null; tap_check $? "up again"
t0=$(now); srv_mode a refuse
t=$(wait_report n1 "^down .* connect: Connection refused\$" 1); tap_check $? "closed port: down, connection refused"
within "$t0" "$t" "0.1 + $SLACK"; tap_check $? "refusal noticed within one interval"
[ "$(count_report n1 '^down ')" -eq 4 ]; tap_check $? "one down line per failure, not one per probe"
stop_nanny n1

# A server that starts refusing: the first check reports down.
start_srv r refuse
start_nanny n2 -h 127.0.0.1 -p "$r_port" $FAST
t=$(wait_report n2 "^down 127\\.0\\.0\\.1 $r_port connect: Connection refused\$"); tap_check $? "initially closed port reported down"
within "$n2_start" "$t" 1.0; tap_check $? "initial down within 1 s"
stop_nanny n2

# Banner in three pieces 100 ms apart: read until the expect string is whole.
start_srv p -d 100 pieces
start_nanny n3 -h 127.0.0.1 -p "$p_port" --timeout 1 --check-interval 0.1 -x "HELLO nanny test server"
wait_report n3 "^up " >/dev/null; tap_check $? "banner in pieces: up (partial reads joined)"
start_nanny n4 -h 127.0.0.1 -p "$p_port" --timeout 0.15 --check-interval 0.1 -x "HELLO nanny test server"
wait_report n4 "^down .* timeout, reply did not match" >/dev/null; tap_check $? "banner in pieces slower than --timeout: down"
stop_nanny n3; stop_nanny n4

# Regex and "*".
srv_mode a ok
start_nanny n5 -h 127.0.0.1 -p "$a_port" $FAST --regex -x '^HEL+O [a-z]+ test'
start_nanny n6 -h 127.0.0.1 -p "$a_port" $FAST --regex -x '^WORLD|server$'
wait_report n5 "^up " >/dev/null; tap_check $? "--regex matching reply: up"
wait_report n6 "^down .*did not match" >/dev/null; tap_check $? "--regex not matching: down"
stop_nanny n5; stop_nanny n6
srv_mode a wrong
start_nanny n7 -h 127.0.0.1 -p "$a_port" $FAST -x '*'
wait_report n7 "^up " >/dev/null; tap_check $? "expect * accepts any reply"
stop_nanny n7
srv_mode a hang
start_nanny n8 -h 127.0.0.1 -p "$a_port" $FAST -x '*'
wait_report n8 "^down .*timeout" >/dev/null; tap_check $? "expect * needs at least one byte"
stop_nanny n8

# Escapes: the count server answers "GOT <bytes received>".
start_srv c count
start_nanny n9 -h 127.0.0.1 -p "$c_port" --timeout 1 --check-interval 0.2 -s 'AB\tC\r\n' -x 'GOT 6\r\n'
wait_report n9 "^up " >/dev/null; tap_check $? "escapes translated in send and expect (6 bytes sent)"
start_nanny n10 -h 127.0.0.1 -p "$c_port" --timeout 1 --check-interval 0.2 -T -s 'AB\tC\r\n' -x 'GOT 6'
wait_report n10 "^down .*did not match" >/dev/null; tap_check $? "-T: no translation, so 6 bytes were not sent"
start_nanny n11 -h 127.0.0.1 -p "$c_port" --timeout 1 --check-interval 0.2 -T -s 'AB\tC\r\n' -x 'GOT 9'
wait_report n11 "^up " >/dev/null; tap_check $? "-T: the 9 literal bytes were sent"
stop_nanny n9; stop_nanny n10; stop_nanny n11

# -t is the interval and the timeout at once (the original meaning).
start_srv t ok
start_nanny n13 -h 127.0.0.1 -p "$t_port" -t 0.3 -x HELLO
wait_report n13 "^up " >/dev/null; tap_check $? "-t 0.3: up"
n0=$(wc -l <"$T/t.conn"); sleep 1.2; n1=$(wc -l <"$T/t.conn")
fcmp "$n1 - $n0 >= 3 && $n1 - $n0 <= 5"; tap_check $? "-t 0.3: one check per 0.3 s ($((n1 - n0)) in 1.2 s)"
t0=$(now); srv_mode t hang
t=$(wait_report n13 "^down .*timeout waiting"); tap_check $? "-t 0.3: hang detected"
fcmp "$t - $t0 >= 0.3 && $t - $t0 <= 0.6 + $SLACK"; tap_check $? "-t 0.3: after the 0.3 s timeout, within timeout + interval"
stop_nanny n13

# IPv6.
start_srv six -6 ok
start_nanny n12 -h ::1 -p "$six_port" $FAST -x HELLO
wait_report n12 "^up ::1 $six_port 1\$" >/dev/null; tap_check $? "IPv6 server ::1 up"
srv_mode six refuse
wait_report n12 "^down ::1 $six_port connect: Connection refused\$" >/dev/null; tap_check $? "IPv6 server ::1 down when refusing"
stop_nanny n12

tap_done
