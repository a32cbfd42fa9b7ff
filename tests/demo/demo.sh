#!/bin/bash
# The demo (make demo), inside the lab VM (tests/vm/run): a hot-standby pair
# of routers, r1 and r2, in front of two web servers, rs1 and rs2, told in
# plain lines as it goes:
#
#   1 the lab: its namespaces and addresses, which router is active, the
#     active one's IPVS table (this suite's ipvsadm), lvsd --status of both
#   2 client1's load: 10 long-lived connections through the VIP (an echo
#     service) and an HTTP request every 50 ms; from then on one line per
#     second: the requests answered in that second, and by which server
#   3 power loss of the active router r1 (its links down, everything in it
#     killed): the timeline of r2's takeover, in ms from the fault, and the
#     long-lived connections that survived it
#   4 rs2's web server stops: it leaves the table; it starts again: it is back
#   5 a reload: rs1's weight 1 -> 3 in lvs.cf, SIGHUP to pulse; the table
#     before and after, and the share of the requests after
#   6 a summary: requests, failures, longest outage, failover time,
#     connections kept
#
# Every figure is measured in this run. The script stops with status 1 at
# the first step that fails (no takeover, a server that does not leave or
# come back, a reload not applied). LVS_DEMO_KEEPALIVE, LVS_DEMO_DEADTIME
# change pulse's timers (0.2 s and 1 s).
set -u
. "$top_srcdir/tests/vm/lib.sh"
. "$top_srcdir/tests/failover/lib.sh"

pair_vars
KA=${LVS_DEMO_KEEPALIVE:-0.2} DT=${LVS_DEMO_DEADTIME:-1}
NFLOWS=10
PROBE_MS=50
T_BEGIN=$EPOCHREALTIME
declare -A PID WEB
FLOWS_PID= TICKER_PID=
mkdir -p "$LAB_DIR" && : >"$LAB_DIR/faults"
NFAULTS=0
declare -A FAULT_NAME

# ---- saying it ----
# say TEXT: one line, with the time (HH:MM:SS.mmm) in front.
say() {
	local t=$EPOCHREALTIME
	local f=${t#*.}
	printf '%(%H:%M:%S)T.%s  %s\n' "${t%.*}" "${f:0:3}" "$*"
}
# show TEXT BLOCK: a line, then BLOCK indented, in one write (the ticker
# writes its lines in between, not inside).
show() {
	local t=$EPOCHREALTIME l out
	local f=${t#*.}
	printf -v out '%(%H:%M:%S)T.%s  %s\n' "${t%.*}" "${f:0:3}" "$1"
	while IFS= read -r l; do out+="              $l"$'\n'; done <<<"$2"
	printf '%s' "$out"
}
section() { printf '\n== %s ==\n' "$*"; }
die() {
	ticker_stop
	say "DEMO FAILED: $*"
	local r
	for r in r1 r2; do
		show "the end of $r's pulse log:" \
			"$(grep -v 'heartbeats [a-z ]*: [0-9]*$' "$(log_of $r)" 2>/dev/null | tail -n 15)"
	done
	exit 1
}
finish() {
	local r
	ticker_stop
	[ -n "$FLOWS_PID" ] && kill "$FLOWS_PID" 2>/dev/null
	for r in r1 r2; do [ -n "${PID[$r]:-}" ] && kill "${PID[$r]}" 2>/dev/null; done
	lab_down
}
trap finish EXIT

# fault KIND TARGET NAME: a numbered fault window starts now (outages()).
fault() {
	NFAULTS=$((NFAULTS + 1))
	echo "$NFAULTS $EPOCHREALTIME $1 $2" >>"$LAB_DIR/faults"
	FAULT_NAME[$NFAULTS]=$3
}

# ---- the ticker: a line per second from client1's probe results ----
# second_line SECOND: the HTTP requests answered (ended) in that second,
# by server, and those that failed, by how.
second_line() {
	local hms
	printf -v hms '%(%H:%M:%S)T' "$1"
	awk -v s="$1" -v hms="$hms" -v names="rs1 rs2" '
		$1 == "probe" && int($3) == s { if ($4 == "ok") { ok++; by[$5]++ } else { bad++; why[$4]++ } }
		END {
			line = sprintf("%s      %3d answered", hms, ok)
			n = split(names, nm, " ")
			sep = " ("
			for (i = 1; i <= n; i++) { line = line sep nm[i] " " by[nm[i]] + 0; sep = ", "; known[nm[i]] = 1 }
			for (k in by) if (!(k in known)) { line = line sep k " " by[k]; sep = ", " }
			line = line ")"
			if (bad) {
				line = line sprintf(", %d failed", bad)
				sep = " ("
				for (k in why) { line = line sep why[k] " " k; sep = ", " }
				line = line ")"
			}
			print line
		}' "$LAB_DIR/flows.out"
}
# The ticker wakes 0.2 s after each second ends (the requests that ended
# in it are written by then) and sleeps on a FIFO read: no process per sleep.
ticker() {
	local fd s now us d w
	exec {fd}<>"$LAB_DIR/tick.fifo"
	s=${EPOCHREALTIME%.*}
	while [ ! -e "$LAB_DIR/tick.stop" ]; do
		now=$EPOCHREALTIME
		us=$(( 10#${now%.*}${now#*.} ))
		d=$(( (s + 1) * 1000000 + 200000 - us ))
		if [ "$d" -gt 0 ]; then
			printf -v w '%d.%06d' $((d / 1000000)) $((d % 1000000))
			read -r -t "$w" -u "$fd" _
		fi
		[ -e "$LAB_DIR/tick.stop" ] && break
		second_line "$s"
		s=$((s + 1))
	done
}
ticker_start() {
	rm -f "$LAB_DIR/tick.stop"
	[ -p "$LAB_DIR/tick.fifo" ] || mkfifo "$LAB_DIR/tick.fifo"
	ticker &
	TICKER_PID=$!
}
ticker_stop() {
	[ -n "$TICKER_PID" ] || return 0
	: >"$LAB_DIR/tick.stop"
	wait "$TICKER_PID" 2>/dev/null
	TICKER_PID=
}
# quiet_for SECS: let the ticker speak for a while.
quiet_for() { sleep "$1"; }

# ---- the routers ----
# expected W1 W2 [down]: the table lvs.cf and the servers' health call for,
# rs1 and rs2 at those weights in the web service (rs2 not in it with "down").
expected() {
	{
		echo "TCP $VIP:7 rr"
		echo "TCP $VIP:7 rr -> $RS1:7 Masq 1"
		echo "TCP $VIP:7 rr -> $RS2:7 Masq 1"
		echo "TCP $VIP:80 wrr"
		echo "TCP $VIP:80 wrr -> $RS1:80 Masq $1"
		[ "${3:-}" = down ] || echo "TCP $VIP:80 wrr -> $RS2:80 Masq $2"
	} | sort
}
table_is() { [ "$(table_lines "$1")" = "$(expected "${@:2}")" ]; }
pair_ready() {
	has_both r1 && has_none r2 && table_is r1 1 1 && table_is r2 1 1 &&
		[ "$(lvsd_role r1)" = active ] && [ "$(lvsd_role r2)" = backup ]
}
status_of() { ip netns exec "$1" "$LVSD" --status --socket "$LAB_DIR/lvsd-$1.sock" 2>&1; }
synced_flows() { [ "$(established "$1")" -ge "$NFLOWS" ]; }
# flows_echoing: every long-lived connection alive and none silent for 0.5 s.
flows_echoing() { flows_status && [ "$(field alive)" = "$NFLOWS" ] && [ "$(field quiet)" -lt 500 ]; }
# log_ms ROUTER FROM_LINE T0 ERE: ms from T0 (an $EPOCHREALTIME) to the
# first line of ROUTER's pulse log (where its lvsd and nannies write too)
# after FROM_LINE that matches ERE; the log's stamps are HH:MM:SS.mmm, local.
log_ms() {
	local sod0
	printf -v sod0 '%(%H:%M:%S)T' "${3%.*}"
	tail -n +$(($2 + 1)) "$(log_of "$1")" | RE=$4 awk -v sod0="$sod0" -v frac="0.${3#*.}" '
		function sod(hms, h) { split(hms, h, ":"); return h[1] * 3600 + h[2] * 60 + h[3] }
		$0 ~ ENVIRON["RE"] {
			d = sod($1) - (sod(sod0) + frac)
			if (d < -43200) d += 86400
			printf "%d", d * 1000
			exit
		}'
}
# first_answer T0: "MS SERVER" of the first good request started after T0
# (MS: from T0 to its end).
first_answer() {
	awk -v t0="$1" '$1 == "probe" && $2 >= t0 && $4 == "ok" { printf "%d %s", ($3 - t0) * 1000, $5; exit }' "$LAB_DIR/flows.out"
}

# ---- 1. the lab ----
[ -x "$PULSE" ] && [ -x "$FLOWS" ] && [ -x "$IPVSADM" ] ||
	die "build first: make all tests/failover/flows (make demo does)"
section "1. the lab"
say "building the lab: network namespaces wired by two bridges, inside a VM running Debian's kernel ($(uname -r)) with IPVS"
lab_up --servers 2 --clients 1 >/dev/null || die "lab_up failed"
for s in rs1 rs2; do
	lab_bg "$s" "$FLOWS" echo 7
	lab_wait_listening "$s" 7 || die "the echo server in $s did not start"
	lab_http_server "$s" 80 "Hello from $s" || die "the web server in $s did not start"
	WEB[$s]=$LAB_PID
done
printf 'demo heartbeat key 0123456789abcdef\n' >"$KEY"
chmod 600 "$KEY"
pair_cf wrr 1 1 1 >"$CFG"
out=$("$LVSD" --test-config "$CFG" 2>&1) || die "lvs.cf is not valid: $out"
say "lvs.cf: hot standby (keepalive $KA s, deadtime $DT s, connection sync on), NAT;" \
	"virtual web $VIP:80 (wrr, rs1 and rs2 at weight 1), virtual echo $VIP:7 (rr)"
t=$EPOCHREALTIME
pair_start r1
pair_start r2
wait_until 90 pair_ready || die "the pair did not settle with r1 active and r2 standing by"
say "pulse started on r1 and r2; $(ms_since "$t") ms later r1 is active and r2 stands by with the same table"

# The addresses as the namespaces hold them (one ip per namespace).
declare -A ADDRS
ns=
while read -r a b c; do
	case $a in
	netns:) ns=$b; continue;;
	lo|lo@*|'') continue;;
	esac
	[ -n "$ns" ] || continue
	ADDRS[$ns]="${ADDRS[$ns]:-}  ${a%%@*} ${c}"
done <<<"$(ip -all netns exec ip -br -4 address show 2>/dev/null)"
role_of() {
	case $1 in
	client*) echo "client";;
	rs*) echo "real server, its page says \"Hello from $1\"";;
	r*) if [[ ${ADDRS[$1]:-} == *" $VIP/"* && ${ADDRS[$1]:-} == *" $GW/"* ]]; then
			echo "router, ACTIVE: it holds the VIP and the NAT gateway"
		elif [[ ${ADDRS[$1]:-} != *" $VIP/"* && ${ADDRS[$1]:-} != *" $GW/"* ]]; then
			echo "router, backup: no floating address (hot standby: its lvsd keeps the table too)"
		else
			echo "router, holding only one of the VIP and the NAT gateway"
		fi;;
	esac
}
wire="client1 --[br-pub $LAB_PUB_NET4]--"
printf -v pad '%*s' ${#wire} ''
topo="$wire+-- pub0 r1 priv0 --+--[br-priv $LAB_PRIV_NET4]-- rs1, rs2"$'\n'"$pad+-- pub0 r2 priv0 --+"$'\n'
for ns in client1 r1 r2 rs1 rs2; do
	printf -v l '%-8s %s' "$ns" "$(role_of "$ns")"
	topo+=$'\n'"$l"
	l=
	for w in ${ADDRS[$ns]:-}; do
		case $w in
		"$VIP"/*) l+=" $w (VIP)";;
		"$GW"/*) l+=" $w (NAT gateway)";;
		*/*) l+=" $w";;
		*) l+="${l:+,}  $w:";;
		esac
	done
	printf -v l '%-8s%s' "" "${l:-  (no IPv4 address)}"
	topo+=$'\n'"$l"
done
show "the topology (each box a network namespace; the bridges are in lab-sw):" "$topo"
show "ipvsadm -L -n on r1 (this suite's ipvsadm):" "$(ip netns exec r1 "$IPVSADM" -L -n 2>&1)"
show "lvsd --status on r1:" "$(status_of r1)"
show "lvsd --status on r2 (lvsd runs on the backup too, with its own health checks):" "$(status_of r2)"

# ---- 2. load ----
section "2. client1's load"
flows_start -p "$PROBE_MS" -g 80 || die "client1's connections did not start"
flows_mark
wait_until 30 flows_alive_fresh || die "client1's $NFLOWS long-lived connections are not all echoing"
say "client1 keeps $NFLOWS long-lived connections to $VIP:7 (a record each way every 20 ms)" \
	"and sends an HTTP request to $VIP:80 every $PROBE_MS ms (1 s time-out)"
wait_until 30 synced_flows r2 || die "r2's kernel did not get the $NFLOWS connections from r1's sync daemon"
say "r2's kernel holds the $NFLOWS connections too: r1's sync daemon passed them on ($(established r2) ESTABLISHED entries)"
say "one line per second from here on: the requests answered in that second, and by whom"
ticker_start
quiet_for 4

# ---- 3. power loss of r1 ----
section "3. power loss of the active router, r1"
mark=$(wc -l <"$(log_of r2)")
# The longest pause of a long-lived connection counts from here.
flows_mark
fault power r1 "power loss of r1"
# The fault counts from when both links are down (one ip process), then
# everything in r1 dies with the machine.
printf 'link set r1-pub down\nlink set r1-priv down\n' | ip -n "$LAB_SW" -batch -
T0=$EPOCHREALTIME
say "r1 loses power: both its links are down (t = 0); every process in it is killed"
power_off r1
wait_until 20 has_both r2 || die "r2 did not take over within 20 s"
say "r2 holds the VIP and the NAT gateway"
wait_until 20 eval '[ -n "$(first_answer "$T0")" ]' || die "no answer through r2 within 20 s of the takeover"
say "client1's requests are answered through r2"
wait_until 30 flows_echoing && say "client1's long-lived connections all echo again, through r2"
flows_status
KEPT=$(field alive) LOST=$(field lost) PAUSE=$(field maxgap)
read -r FIRST_MS FIRST_BY <<<"$(first_answer "$T0")"
FAILOVER_MS=$FIRST_MS
detect=$(log_ms r2 "$mark" "$T0" 'no heartbeat from the peer for deadtime')
vip_up=$(log_ms r2 "$mark" "$T0" "brought up ${VIP//./\\.} ")
gw_up=$(log_ms r2 "$mark" "$T0" "brought up ${GW//./\\.} ")
timeline=$(
	{
		echo "0 power loss of r1 (both links down)"
		[ -n "$detect" ] && echo "$detect r2 notices: no heartbeat from r1 for deadtime ($DT s); it takes the role"
		[ -n "$vip_up" ] && echo "$vip_up r2 brings up the VIP $VIP (and announces it)"
		[ -n "$gw_up" ] && echo "$gw_up r2 brings up the NAT gateway $GW (and announces it)"
		echo "$FIRST_MS first answer through r2 (from $FIRST_BY)"
	} | sort -n -s -k1,1 | while read -r ms what; do printf '%+7d ms  %s\n' "$ms" "$what"; done
)
show "the takeover, in ms from the fault (r2's times from its pulse log):" "$timeline"
say "long-lived connections: $KEPT of $NFLOWS survived the failover ($LOST lost), and echo through r2;" \
	"the longest pause of one: $PAUSE ms"
show "ipvsadm -L -n on r2 (now active):" "$(ip netns exec r2 "$IPVSADM" -L -n 2>&1)"
quiet_for 2

# ---- 4. a real server stops and returns ----
section "4. rs2's web server stops, then starts again"
fault server rs2 "rs2's web server stopped"
mark=$(wc -l <"$(log_of r2)")
t=$EPOCHREALTIME
kill "${WEB[rs2]}"
say "rs2's web server stops (its echo service goes on)"
wait_until 20 router_lacks_web r2 "$RS2" || die "rs2 did not leave r2's web service"
ms=$(log_ms r2 "$mark" "$t" 'virtual web: server rs2 .* -> down')
show "rs2 is out of the web service: its nanny on r2 found it down, and lvsd took it out ${ms:-?} ms after it stopped:" \
	"$(tail -n +$((mark + 1)) "$(log_of r2)" | grep -m 1 'virtual web: server rs2 .* -> down')"
show "ipvsadm -L -n on r2:" "$(ip netns exec r2 "$IPVSADM" -L -n 2>&1)"
show "lvsd --status on r2:" "$(status_of r2)"
quiet_for 2
mark=$(wc -l <"$(log_of r2)")
t=$EPOCHREALTIME
lab_http_server rs2 80 "Hello from rs2" || die "rs2's web server did not start again"
WEB[rs2]=$LAB_PID
say "rs2's web server runs again"
wait_until 20 table_is r2 1 1 || die "rs2 did not come back into r2's web service"
ms=$(log_ms r2 "$mark" "$t" 'virtual web: server rs2 .* -> up')
show "rs2 is back in the web service, ${ms:-?} ms after the command that started its web server (processes start slowly in the emulated VM):" \
	"$(tail -n +$((mark + 1)) "$(log_of r2)" | grep -m 1 'virtual web: server rs2 .* -> up')"
show "ipvsadm -L -n on r2:" "$(ip netns exec r2 "$IPVSADM" -L -n 2>&1)"
quiet_for 2

# ---- 5. a reload ----
section "5. a reload: rs1's weight in the web service, 1 -> 3"
show "ipvsadm -L -n on r2 before:" "$(ip netns exec r2 "$IPVSADM" -L -n 2>&1)"
pair_cf wrr 3 1 1 2 >"$CFG.new" && mv "$CFG.new" "$CFG"
mark=$(wc -l <"$(log_of r2)")
fault reload r2 "the reload"
t=$EPOCHREALTIME
kill -HUP "${PID[r2]}"
say "lvs.cf now gives rs1 weight 3 (serial_no 2); SIGHUP to r2's pulse"
wait_until 20 table_is r2 3 1 || die "the reload was not applied to r2's table"
T_RELOAD=$EPOCHREALTIME
ms=$(log_ms r2 "$mark" "$t" "reload: server 'rs1' .* weight")
show "lvsd applied it ${ms:-?} ms after the signal; r2's log says:" \
	"$(tail -n +$((mark + 1)) "$(log_of r2)" | grep -E 'reload|SIGHUP|serial' | head -n 8)"
show "ipvsadm -L -n on r2 after:" "$(ip netns exec r2 "$IPVSADM" -L -n 2>&1)"
quiet_for 4

# ---- 6. summary ----
ticker_stop
T_END=$EPOCHREALTIME
flows_mark
wait_until 10 flows_alive_fresh
flows_status
END_ALIVE=$(field alive) END_LOST=$(field lost)
kill -TERM "$FLOWS_PID"
wait "$FLOWS_PID" 2>/dev/null
FLOWS_PID=
section "6. summary"
read -r sent ok failed rs1 rs2 <<<"$(awk '$1 == "probe" { n++; if ($4 == "ok") { ok++; by[$5]++ } else f++ }
	END { print n + 0, ok + 0, f + 0, by["rs1"] + 0, by["rs2"] + 0 }' "$LAB_DIR/flows.out")"
read -r after_n after_rs1 <<<"$(awk -v a="$T_RELOAD" -v b="$T_END" '$1 == "probe" && $4 == "ok" && $2 >= a && $3 < b { n++; if ($5 == "rs1") r++ }
	END { print n + 0, r + 0 }' "$LAB_DIR/flows.out")"
worst=0 worst_what=none per=
while read -r i ms nfail; do
	[ -n "$i" ] || continue
	per+="${FAULT_NAME[$i]}: longest outage $ms ms, $nfail failed request(s)"$'\n'
	if [ "$ms" -gt "$worst" ]; then worst=$ms; worst_what=${FAULT_NAME[$i]}; fi
done <<<"$(outages)"
summary=$(
	printf '%-16s %s\n' "requests" "$sent sent to the VIP, $ok answered (rs1 $rs1, rs2 $rs2), $failed failed"
	printf '%-16s %s\n' "longest outage" "$worst ms ($worst_what): from the first failed request to the next good one"
	printf '%-16s %s\n' "failover" "$FAILOVER_MS ms from r1's power loss to the first answer through r2"
	printf '%-16s %s\n' "connections" "$KEPT of $NFLOWS long-lived connections kept through the failover (longest pause $PAUSE ms), $END_ALIVE of $NFLOWS alive at the end ($END_LOST lost)"
	printf '%-16s %s\n' "after the reload" "rs1 answered $after_rs1 of $after_n requests (weights 3:1)"
	ms=$(ms_since "$T_BEGIN")
	printf '%-16s %s\n' "the demo" "$((ms / 1000)).$((ms % 1000 / 100)) s in the VM, from the lab's start to here"
)
show "what happened:" "$summary"
show "outages by event:" "${per%$'\n'}"
say "done"
