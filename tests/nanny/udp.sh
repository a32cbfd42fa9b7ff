#!/bin/bash
# nanny UDP checks: reply, silence, ICMP port unreachable.
. "${top_srcdir:-.}/tests/nanny/lib.sh"

FAST="--timeout 0.3 --check-interval 0.1 -a 0.5"

start_srv u -u ok
start_nanny n1 -u -h 127.0.0.1 -p "$u_port" $FAST -s 'ping\n' -x HELLO
t=$(wait_report n1 "^up 127\\.0\\.0\\.1 $u_port 1\$"); tap_check $? "UDP server answering: up"
within "$n1_start" "$t" 1.0; tap_check $? "UDP up within 1 s"
grep -q ok "$T/u.conn"; tap_check $? "the server saw the probe datagram"

t0=$(now); srv_mode u refuse
t=$(wait_report n1 "^down 127\\.0\\.0\\.1 $u_port refused \\(ICMP port unreachable\\)\$"); tap_check $? "closed UDP port: down through ICMP refusal"
within "$t0" "$t" "0.1 + 0.25"; tap_check $? "ICMP refusal noticed before the 0.3 s timeout expired"

t0=$(now); srv_mode u ok
t=$(wait_report n1 "^up " 2); tap_check $? "UDP server back: up"
fcmp "$t - $t0 >= 0.5"; tap_check $? "UDP re-entry not before reentrytime"

srv_mode u silent
t=$(wait_report n1 "^down .* timeout waiting for the reply\$"); tap_check $? "silent UDP server with an expect string: down after timeout"
stop_nanny n1

# Without an expect string, silence is accepted (only ICMP refusal fails).
start_nanny n2 -u -h 127.0.0.1 -p "$u_port" $FAST
t=$(wait_report n2 "^up "); tap_check $? "silent UDP server without expect string: up"
fcmp "$t - $n2_start >= 0.25"; tap_check $? "... only after the timeout passed in silence"
srv_mode u refuse
wait_report n2 "^down .*ICMP" >/dev/null; tap_check $? "... and down once the port refuses"
stop_nanny n2

# Empty datagram when no send string is given; the server answers it.
srv_mode u ok
: >"$T/u.conn"
start_nanny n3 -u -h 127.0.0.1 -p "$u_port" $FAST -x '*'
wait_report n3 "^up " >/dev/null; tap_check $? "empty probe datagram answered: up"
stop_nanny n3

# IPv6 UDP.
start_srv u6 -6 -u ok
start_nanny n4 -u -h ::1 -p "$u6_port" $FAST -x HELLO
wait_report n4 "^up ::1 $u6_port 1\$" >/dev/null; tap_check $? "IPv6 UDP up"
srv_mode u6 refuse
wait_report n4 "^down ::1 .*ICMP" >/dev/null; tap_check $? "IPv6 UDP refused: down"
stop_nanny n4

tap_done
