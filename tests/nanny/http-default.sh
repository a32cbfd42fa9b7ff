#!/bin/bash
# nanny's default check: on port 80 with no send, expect or send_program it
# sends an HTTP/1.0 request and expects "HTTP", as the original did; on other
# ports a bare connect. Port 80 needs root: a private network namespace of
# our own guarantees it is free and keeps the test off the host's network.
. "${top_srcdir:-.}/tests/tap.sh"
if [ "$(id -u)" != 0 ] || ! unshare -n true 2>/dev/null; then
	tap_skip_all "needs root and unshare -n (port 80 in a private network namespace)"
fi
[ -n "${NANNY_IN_NETNS:-}" ] || NANNY_IN_NETNS=1 exec unshare -n "$0" "$@"
ip link set lo up
# Each nanny's name differs from its server's: start_nanny sets NAME_pid, and
# srv_mode signals NAME_pid, so a shared name would send the server's SIGUSR1
# to nanny, which forces it down (an earlier version passed that way).
. "${top_srcdir:-.}/tests/nanny/lib.sh"

start_srv web -p 80 -b "HTTP/1.0 200 OK" ok
start_nanny webn -h 127.0.0.1 -p 80 --timeout 0.5 --check-interval 0.1
wait_report webn "^up 127\\.0\\.0\\.1 80 " >/dev/null
tap_check $? "port 80, no send/expect: an HTTP server passes the default check"
srv_mode web wrong
wait_report webn "^down 127\\.0\\.0\\.1 80 " >/dev/null
tap_check $? "port 80, no send/expect: a server that does not answer HTTP fails it"
stop_nanny webn

# send = "" in lvs.cf reaches nanny as -s '': the way to ask for a bare
# connect on port 80. A server that accepts and says nothing passes it,
# where the HTTP default would wait for a reply and time out.
srv_mode web hang
start_nanny bare -h 127.0.0.1 -p 80 -s '' --timeout 0.5 --check-interval 0.1
wait_report bare "^up 127\\.0\\.0\\.1 80 " >/dev/null
tap_check $? "port 80 with -s '': a bare connect, a silent server passes"
stop_nanny bare
start_nanny http -h 127.0.0.1 -p 80 --timeout 0.5 --check-interval 0.1
wait_report http "^down 127\\.0\\.0\\.1 80 " >/dev/null
tap_check $? "port 80 with no send: the same silent server fails the HTTP default"
stop_nanny http

start_srv other -b "HTTP/1.0 200 OK" wrong
start_nanny othern -h 127.0.0.1 -p "$other_port" --timeout 0.5 --check-interval 0.1
wait_report othern "^up " >/dev/null
tap_check $? "another port, no send/expect: a bare connect suffices"
stop_nanny othern
tap_done
