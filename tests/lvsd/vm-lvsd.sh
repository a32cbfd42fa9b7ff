#!/bin/bash
# lvsd against real IPVS, inside the lab VM (tests/vm/run): router r1 runs
# lvsd, rs1..rs3 are real servers behind NAT, client1 talks to the VIPs.
#
#   web   TCP 192.0.2.100:80, send/expect HTTP, rr, sorry server rs3
#   mark  fwmark 5 (tc marks 192.0.2.101:8080), quiesce_server = 1
#   echo  TCP 192.0.2.101:7000, a long-lived client connection rides it
set -u
. "$top_srcdir/tests/vm/lib.sh"

LVSD=$top_builddir/src/lvsd/lvsd
NANNY=$top_builddir/src/nanny/nanny
CFG=$LAB_DIR/lvs.cf
SOCK=$LAB_DIR/lvsd.sock
RS1=$(lab_rs4 1) RS2=$(lab_rs4 2) RS3=$(lab_rs4 3)
VIP=$LAB_VIP4 VIP2=$LAB_VIP4_2
# Check timing, generous for an emulated guest that may share its host:
# timeout 2 s, every 0.5 s, re-entry after 3 s.
TIMEOUT=2 INTERVAL=0.5 REENTRY=3
TIMING="timeout = $TIMEOUT
  check_interval = $INTERVAL
  reentry = $REENTRY"

finish() {
	[ "$TAP_FAILED" -eq 0 ] || tap_diag "lvsd's log:" "$(tail -n 80 "$LAB_DIR/log/r1.lvsd.log" 2>/dev/null)"
	lab_down
}
trap finish EXIT

# wait_until SECS CMD...: retry CMD until it succeeds or SECS of wall-clock
# time have passed (an iteration count would stretch on a slow guest).
wait_until() {
	local end
	end=$(awk -v now="$EPOCHREALTIME" -v s="$1" 'BEGIN { printf "%.3f", now + s }')
	shift
	until "$@" >/dev/null 2>&1; do
		awk -v now="$EPOCHREALTIME" -v end="$end" 'BEGIN { exit !(now < end) }' || return 1
		sleep 0.1
	done
}
lab_up --servers 3 --clients 1 || tap_bail "lab_up failed"
lab_vip_on r1 || tap_bail "VIP"
ip -n r1 address add "$VIP2/24" dev "$LAB_PUB_IF" || tap_bail "VIP2"
lab_gw_on r1 || tap_bail "gateway"
for i in 1 2; do
	lab_http_server "rs$i" 80 "web from rs$i" || tap_bail "httpd rs$i:80"
	lab_http_server "rs$i" 8080 "mark from rs$i" || tap_bail "httpd rs$i:8080"
	lab_tcp_echo "rs$i" 7000 || tap_bail "echo rs$i"
done
lab_http_server rs3 80 "sorry" || tap_bail "httpd rs3"

# fwmark 5 for TCP to VIP2 port 8080, set at ingress.
ip netns exec r1 tc qdisc add dev "$LAB_PUB_IF" ingress &&
	ip netns exec r1 tc filter add dev "$LAB_PUB_IF" ingress protocol ip u32 \
		match ip dst "$VIP2/32" match ip dport 8080 0xffff action skbedit mark 5 ||
	tap_bail "tc fwmark rule"

# write_config WEB_SCHED WEB_SERVERS EXTRA_VIRTUALS
write_config() {
	cat >"$CFG" <<EOF
primary = $LAB_R1_PUB4
network = nat
virtual web {
  address = $VIP $LAB_PUB_IF
  port = 80
  scheduler = $1
  send = "GET / HTTP/1.0\\r\\n\\r\\n"
  expect = "HTTP"
  sorry_server = $RS3
  $TIMING
$2
}
virtual mark {
  address = $VIP2 $LAB_PUB_IF
  fwmark = 5
  scheduler = rr
  quiesce_server = 1
  $TIMING
  server rs1 {
    address = $RS1
    port = 8080
  }
  server rs2 {
    address = $RS2
    port = 8080
  }
}
virtual echo {
  address = $VIP2 $LAB_PUB_IF
  port = 7000
  scheduler = rr
  $TIMING
  server rs1 {
    address = $RS1
  }
  server rs2 {
    address = $RS2
  }
}
$3
EOF
}
server_block() { # NAME ADDR WEIGHT
	printf '  server %s {\n    address = %s\n    weight = %s\n  }\n' "$1" "$2" "$3"
}

table() { ip netns exec r1 ipvsadm -S -n | sort; }
# expect_table SECS DESC LINE...: wait until the table is exactly LINE...
expect_table() {
	local secs=$1 desc=$2 want
	shift 2
	want=$(printf '%s\n' "$@" | sort)
	wait_until "$secs" bash -c '[ "$(ip netns exec r1 ipvsadm -S -n | sort)" = "$1" ]' - "$want"
	tap_is "$(table)" "$want" "$desc"
}
nanny_pid() { # ADDR PORT: pid of the nanny checking ADDR:PORT
	pgrep -f -- "$NANNY .* -h $1 -p [0-9]+ -r $2 " | head -1
}
fetch() { lab_fetch client1 "$(lab_url "$1" "$2")" 3; }

MARK_TABLE=("-A -f 5 -s rr" "-a -f 5 -r $RS1:8080 -m -w 1" "-a -f 5 -r $RS2:8080 -m -w 1")
ECHO_TABLE=("-A -t $VIP2:7000 -s rr" "-a -t $VIP2:7000 -r $RS1:7000 -m -w 1" "-a -t $VIP2:7000 -r $RS2:7000 -m -w 1")

# ---- start ----
write_config rr "$(server_block rs1 "$RS1" 1; server_block rs2 "$RS2" 1)" ""
tap_ok "configuration is valid" "$LVSD" --test-config "$CFG"
lab_bg r1 "$LVSD" -n -c "$CFG" --nanny "$NANNY" --socket "$SOCK"
LVSD_PID=$LAB_PID
expect_table 10 "start: the table is the configuration, servers in once their nanny says up" \
	"-A -t $VIP:80 -s rr" "-a -t $VIP:80 -r $RS1:80 -m -w 1" "-a -t $VIP:80 -r $RS2:80 -m -w 1" \
	"${MARK_TABLE[@]}" "${ECHO_TABLE[@]}"
a=$(fetch "$VIP" 80) b=$(fetch "$VIP" 80)
tap_is "$(printf '%s\n' "$a" "$b" | sort | tr '\n' ,)" "web from rs1,web from rs2," \
	"a client gets answers from both servers through the TCP VIP (rr)"
a=$(fetch "$VIP2" 8080) b=$(fetch "$VIP2" 8080)
tap_is "$(printf '%s\n' "$a" "$b" | sort | tr '\n' ,)" "mark from rs1,mark from rs2," \
	"a client gets answers through the fwmark service"
status=$(ip netns exec r1 "$LVSD" --status --socket "$SOCK")
tap_like "$status" "server rs1: $RS1 port 80 up weight 1 since" "lvsd --status shows each server's state"
json=$(ip netns exec r1 "$LVSD" --status --json --socket "$SOCK")
tap_like "$json" '"name":"mark","service":"FWM 5"' "lvsd --status --json"

# ---- a long-lived connection through "echo", kept open across reloads ----
coproc ECHO { ip netns exec client1 busybox nc "$VIP2" 7000; }
echo hello >&"${ECHO[1]}"
read -r -t 3 line <&"${ECHO[0]}"
tap_is "${line:-}" "hello" "long-lived connection through the echo VIP works"

# ---- failure and recovery ----
kill_server() { # NS PORT
	local pid
	pid=$(ip netns pids "$1" | xargs -r ps -o pid=,args= -p | awk -v p="$2" '$0 ~ "httpd -f -p " p " " { print $1 }')
	kill $pid
}
t0=$EPOCHREALTIME
kill_server rs1 80
expect_table 10 "rs1 stopped: it leaves the web service" \
	"-A -t $VIP:80 -s rr" "-a -t $VIP:80 -r $RS2:80 -m -w 1" "${MARK_TABLE[@]}" "${ECHO_TABLE[@]}"
t1=$EPOCHREALTIME
tap_ok "... within timeout + interval + 3 s slack ($(awk "BEGIN { printf \"%.2f\", $t1 - $t0 }") s)" \
	awk "BEGIN { exit !($t1 - $t0 <= $TIMEOUT + $INTERVAL + 3) }"
kill_server rs1 8080
expect_table 10 "quiesce_server: rs1 stays in the fwmark service with weight 0" \
	"-A -t $VIP:80 -s rr" "-a -t $VIP:80 -r $RS2:80 -m -w 1" \
	"-A -f 5 -s rr" "-a -f 5 -r $RS1:8080 -m -w 0" "-a -f 5 -r $RS2:8080 -m -w 1" "${ECHO_TABLE[@]}"
lab_http_server rs1 8080 "mark from rs1"
t0=$EPOCHREALTIME
lab_http_server rs1 80 "web from rs1"
expect_table 15 "rs1 restarted: back in both services after reentry" \
	"-A -t $VIP:80 -s rr" "-a -t $VIP:80 -r $RS1:80 -m -w 1" "-a -t $VIP:80 -r $RS2:80 -m -w 1" \
	"${MARK_TABLE[@]}" "${ECHO_TABLE[@]}"
t1=$EPOCHREALTIME
tap_ok "... not before the $REENTRY s reentry ($(awk "BEGIN { printf \"%.2f\", $t1 - $t0 }") s)" \
	awk "BEGIN { exit !($t1 - $t0 >= $REENTRY) }"

# ---- every server down: the sorry server takes the traffic ----
kill_server rs1 80
kill_server rs2 80
expect_table 10 "all web servers down: the sorry server is in" \
	"-A -t $VIP:80 -s rr" "-a -t $VIP:80 -r $RS3:80 -m -w 1" "${MARK_TABLE[@]}" "${ECHO_TABLE[@]}"
tap_is "$(fetch "$VIP" 80)" "sorry" "clients get the sorry page"
lab_http_server rs2 80 "web from rs2"
expect_table 15 "a server recovers: the sorry server leaves" \
	"-A -t $VIP:80 -s rr" "-a -t $VIP:80 -r $RS2:80 -m -w 1" "${MARK_TABLE[@]}" "${ECHO_TABLE[@]}"
lab_http_server rs1 80 "web from rs1"
expect_table 15 "both web servers back" \
	"-A -t $VIP:80 -s rr" "-a -t $VIP:80 -r $RS1:80 -m -w 1" "-a -t $VIP:80 -r $RS2:80 -m -w 1" \
	"${MARK_TABLE[@]}" "${ECHO_TABLE[@]}"

# ---- reloads ----
pid_m1=$(nanny_pid "$RS1" 8080) pid_e1=$(nanny_pid "$RS1" 7000) pid_w2=$(nanny_pid "$RS2" 80)
tap_ok "nanny pids found ($pid_m1 $pid_e1 $pid_w2)" test -n "$pid_m1" -a -n "$pid_e1" -a -n "$pid_w2"

# 1. an added virtual
write_config rr "$(server_block rs1 "$RS1" 1; server_block rs2 "$RS2" 1)" "virtual extra {
  address = $VIP $LAB_PUB_IF
  port = 8080
  $TIMING
  server rs1 {
    address = $RS1
  }
}"
kill -HUP "$LVSD_PID"
expect_table 15 "reload 1: the added virtual appears, nothing else changes" \
	"-A -t $VIP:80 -s rr" "-a -t $VIP:80 -r $RS1:80 -m -w 1" "-a -t $VIP:80 -r $RS2:80 -m -w 1" \
	"-A -t $VIP:8080 -s wlc" "-a -t $VIP:8080 -r $RS1:8080 -m -w 1" \
	"${MARK_TABLE[@]}" "${ECHO_TABLE[@]}"

# 2. a removed server
write_config rr "$(server_block rs2 "$RS2" 1)" ""
kill -HUP "$LVSD_PID"
expect_table 15 "reload 2: rs1 removed from web, the extra virtual gone" \
	"-A -t $VIP:80 -s rr" "-a -t $VIP:80 -r $RS2:80 -m -w 1" "${MARK_TABLE[@]}" "${ECHO_TABLE[@]}"

# 3. a weight change
write_config rr "$(server_block rs2 "$RS2" 5)" ""
kill -HUP "$LVSD_PID"
expect_table 15 "reload 3: weight 1 -> 5 edited in place" \
	"-A -t $VIP:80 -s rr" "-a -t $VIP:80 -r $RS2:80 -m -w 5" "${MARK_TABLE[@]}" "${ECHO_TABLE[@]}"
sleep 3
tap_is "$(table | grep -c -- "-r $RS2:80 -m -w 5")" 1 "... and stays 5 (the restarted nanny does not slow-start it)"

# 4. a scheduler change
write_config wlc "$(server_block rs2 "$RS2" 5)" ""
kill -HUP "$LVSD_PID"
expect_table 15 "reload 4: scheduler rr -> wlc edited in place" \
	"-A -t $VIP:80 -s wlc" "-a -t $VIP:80 -r $RS2:80 -m -w 5" "${MARK_TABLE[@]}" "${ECHO_TABLE[@]}"

# 5. a bad file
good_table=$(table)
printf 'virtual broken {\n  adress = 192.0.2.99 pub0\n  port = 80\n}\n' >>"$CFG"
kill -HUP "$LVSD_PID"
sleep 3
tap_is "$(table)" "$good_table" "reload 5: a bad file changes nothing"
tap_ok "... and lvsd is still running" kill -0 "$LVSD_PID"
tap_like "$(cat "$LAB_DIR"/log/r1.lvsd.log)" "reload: $CFG has errors; the running configuration stays" \
	"... it logs that it keeps the running configuration"
tap_like "$(cat "$LAB_DIR"/log/r1.lvsd.log)" "lvs.cf:[0-9]+:[0-9]+: unknown keyword 'adress'" \
	"... and the error with line and column"

tap_is "$(nanny_pid "$RS1" 8080) $(nanny_pid "$RS1" 7000)" "$pid_m1 $pid_e1" \
	"unchanged servers kept their nanny (same pids) through all reloads"
tap_ok "the changed server got a new nanny" test "$(nanny_pid "$RS2" 80)" != "$pid_w2"
echo again >&"${ECHO[1]}"
line=
read -r -t 3 line <&"${ECHO[0]}"
tap_is "${line:-}" "again" "the long-lived connection through an unchanged virtual survived every reload"
exec {ECHO[1]}>&-

# ---- SIGTERM: only lvsd's services go ----
ip netns exec r1 ipvsadm -A -t 192.0.2.1:22 -s rr
kill -TERM "$LVSD_PID"
wait_until 10 bash -c "! kill -0 $LVSD_PID"
tap_ok "lvsd exits on SIGTERM" bash -c "! kill -0 $LVSD_PID"
wait "$LVSD_PID" 2>/dev/null
expect_table 10 "SIGTERM removes lvsd's services and leaves the hand-made one" "-A -t 192.0.2.1:22 -s rr"
tap_is "$(pgrep -fc -- "$NANNY")" 0 "no nanny left behind"
tap_done
