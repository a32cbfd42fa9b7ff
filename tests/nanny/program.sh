#!/bin/bash
# send_program checks: exit status, first output line, timeout with process
# group kill, no shell.
. "${top_srcdir:-.}/tests/nanny/lib.sh"

FAST="--timeout 0.5 --check-interval 0.1 -a 0.3"

cat >"$T/check" <<'SH'
#!/bin/sh
# check MODE HOST PORT
case "$1" in
ok) echo "OK $2 $3"; echo second line ;;
fail) echo "OK $2 $3"; exit 1 ;;
garbage) printf 'xx\001\002 nothing useful\n' ;;
hang)	# leave a grandchild in our process group, then hang
	sleep 30 & echo $! >"$4.grandchild"
	echo "$$" >"$4.pid"
	sleep 30 ;;
esac
SH
chmod +x "$T/check"

start_nanny n1 -h 127.0.0.1 -p 4242 $FAST -e "$T/check ok %h %p" -x "OK 127.0.0.1 4242"
wait_report n1 "^up 127\\.0\\.0\\.1 4242 1\$" >/dev/null; tap_check $? "program printing the expected line (with %h %p) and exit 0: up"
stop_nanny n1

start_nanny n2 -h 127.0.0.1 -p 4242 $FAST -e "$T/check fail %h %p" -x "OK"
wait_report n2 "^down .* send_program exited with status 1\$" >/dev/null; tap_check $? "program matching but exiting 1: down"
stop_nanny n2

start_nanny n3 -h 127.0.0.1 -p 4242 $FAST -e "$T/check garbage" -x "OK"
wait_report n3 "^down .* send_program output did not match\$" >/dev/null; tap_check $? "program printing garbage: down"
stop_nanny n3

start_nanny n3b -h 127.0.0.1 -p 4242 $FAST -e "$T/check ok %h %p" -x "second line"
wait_report n3b "^down .* did not match\$" >/dev/null; tap_check $? "only the first output line counts"
stop_nanny n3b

start_nanny n3c -h 127.0.0.1 -p 4242 $FAST -e "/nonexistent/prog"
wait_report n3c "^down .* exited with status 127\$" >/dev/null; tap_check $? "missing program: down (status 127)"
stop_nanny n3c

t0=$(now)
start_nanny n4 -h 127.0.0.1 -p 4242 $FAST -e "$T/check hang x y $T/h"
t=$(wait_report n4 "^down .* send_program timed out \\(killed\\)\$"); tap_check $? "hanging program: down, killed"
within "$t0" "$t" "0.5 + 1.0"; tap_check $? "killed within the timeout (+slack)"
stop_nanny n4
pgid=$(cat "$T/h.pid" 2>/dev/null)
gc=$(cat "$T/h.grandchild" 2>/dev/null)
# A killed orphan may stay a zombie until init reaps it: that counts as gone.
alive() { [ -r "/proc/$1/stat" ] && ! awk '{ exit $3 != "Z" }' "/proc/$1/stat" 2>/dev/null; }
group_alive() { local p; for p in /proc/[0-9]*; do awk -v g="$1" '$5 == g && $3 != "Z" { f = 1 } END { exit !f }' "$p/stat" 2>/dev/null && return 0; done; return 1; }
[ -n "$pgid" ] && ! group_alive "$pgid"; tap_check $? "its whole process group is gone"
[ -n "$gc" ] && ! alive "$gc"; tap_check $? "the grandchild it left behind is gone"

# No shell: metacharacters are plain argument text.
rm -f "$T/pwned"
start_nanny n5 -h 127.0.0.1 -p 4242 $FAST -e "/bin/echo %h; touch $T/pwned" -x "127.0.0.1; touch"
wait_report n5 "^up " >/dev/null; tap_check $? "'%h; touch FILE' is passed to echo as arguments"
sleep 0.3
[ ! -e "$T/pwned" ]; tap_check $? "no shell ran: the file was not created"
stop_nanny n5
start_nanny n6 -h 127.0.0.1 -p 4242 $FAST -e "/bin/echo 'a  b' \"c \\\"d\\\"\" \$(id)" -x 'a  b c "d" $(id)'
wait_report n6 "^up " >/dev/null; tap_check $? "quotes group words, \$(...) is not expanded"
stop_nanny n6

# Without an expect string only the exit status counts.
start_nanny n7 -h 127.0.0.1 -p 4242 $FAST -e "/bin/true"
wait_report n7 "^up " >/dev/null; tap_check $? "exit 0 without expect string: up"
stop_nanny n7
start_nanny n8 -h 127.0.0.1 -p 4242 $FAST -e "/bin/false"
wait_report n8 "^down .*status 1" >/dev/null; tap_check $? "exit 1 without expect string: down"
stop_nanny n8

tap_done
