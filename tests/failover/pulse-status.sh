#!/bin/bash
# pulse --status, --status --json and --metrics-file end to end: two routers
# in two network namespaces joined by a veth pair, a stand-in lvsd. Forged
# packets are counted by reason; the counters, the state, the peer, reloads
# and the last transition are checked in the JSON (parsed with jq), the text
# and the metrics file. Needs root and network namespaces.
set -u
: "${top_builddir:=.}"
PULSE=$top_builddir/src/pulse/pulse
A=lvssA-$$
B=lvssB-$$
PORT=5391
. "${top_srcdir:-.}/tests/tap.sh"
. "${top_srcdir:-.}/tests/failover/netns.sh"

netns_need jq
netns_at_exit() { netns_show_logs; }
netns_pair "$A" "$B"
netns_link lv0 192.0.2.1 192.0.2.2

# The stand-in lvsd of netns.sh: says ready, as lvsd does, then waits.
netns_lvsd
"$PULSE" --generate-key "$TMP/key" >/dev/null 2>&1
write_cf() { # SERIAL [EXTRA]
	cat >"$TMP/lvs.cf" <<EOS
serial_no = $1
primary = 192.0.2.1
backup = 192.0.2.2
backup_active = 1
heartbeat_port = $PORT
keepalive = 0.1
deadtime = 0.6
heartbeat_key_file = $TMP/key
network = direct
virtual web {
     address = 192.0.2.100 lv0:1
     port = 80
     server one {
         address = 192.0.2.50
     }
}
${2:-}
EOS
}
write_cf 1

start_pulse() { # NS NAME
	ip netns exec "$1" "$PULSE" -n -c "$TMP/lvs.cf" --lvsd="$TMP/lvsd" --realtime 0 \
		--socket "$TMP/$2.sock" --lvsd-pidfile "$TMP/lvsd-$2.pid" \
		--metrics-file "$TMP/$2.prom" --metrics-interval 0.2 >>"$TMP/$2.log" 2>&1 &
	PIDS="$PIDS $!"
	eval "PID_$2=$!"
}
js() { "$PULSE" --status --json --socket "$TMP/$1.sock" 2>/dev/null | jq -r "$2" 2>/dev/null; }
state_is() { [ "$(js "$1" .state)" = "$2" ]; }
metric() { awk -v n="$2 " 'index($0, n) == 1 { print $NF }' "$TMP/$1.prom" 2>/dev/null; }
metric_is() { [ "$(metric "$1" "$2")" = "$3" ]; }

tap_plan 36
"$PULSE" --status --socket "$TMP/none.sock" >"$TMP/out" 2>"$TMP/err"; rc=$?
check "--status with no pulse running: exit 1 (got $rc), saying so" \
	sh -c "[ $rc = 1 ] && grep -q 'is pulse running? cannot connect to $TMP/none.sock' '$TMP/err'"
"$PULSE" --metrics-interval 0 >/dev/null 2>"$TMP/err"; rc=$?
check "--metrics-interval 0 refused: exit 2 (got $rc)" sh -c "[ $rc = 2 ] && grep -q 'not a number of seconds' '$TMP/err'"
"$PULSE" --metrics-file= >/dev/null 2>"$TMP/err"; rc=$?
check "--metrics-file= refused: exit 2 (got $rc)" sh -c "[ $rc = 2 ] && grep -q 'the path is empty' '$TMP/err'"

start_pulse "$A" a
netns_wait 10 state_is a active
check "router A alone becomes active (its status socket answers)" state_is a active
start_pulse "$B" b
netns_wait 10 bash -c "[ \"\$($PULSE --status --json --socket $TMP/a.sock | jq -r .peer.alive)\" = true ]"
netns_wait 10 state_is b backup
check "router B stands by" state_is b backup

json=$("$PULSE" --status --json --socket "$TMP/a.sock")
check "--status --json is one valid JSON document" jq -e . <<<"$json"
tap_is "$(jq -r '[.schema_version, .program, .role, .state, .hot_standby, .authenticated] | join(" ")' <<<"$json")" \
	"1 pulse primary active true true" "schema_version 1; program, role, state, hot standby, authenticated"
tap_is "$(jq -r '[.peer.known, .peer.alive, .peer.state, .peer.role, .peer.config_same, (.peer.links | length),
	.peer.links[0].name, .peer.links[0].local, .peer.links[0].address, .peer.links[0].port] | join(" ")' <<<"$json")" \
	"true true backup backup true 1 public 192.0.2.1 192.0.2.2 $PORT" "the peer: alive, backup, same lvs.cf, link by link"
check "the peer's last heard time is ISO 8601 UTC" \
	jq -e '.peer.last_heard | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$")' <<<"$json"
tap_is "$(jq -r '[.lvsd.ready, (.lvsd.pid > 0), .config.path, .config.serial_no] | join(" ")' <<<"$json")" \
	"true true $TMP/lvs.cf 1" "lvsd's pid and readiness, the config path and serial"
check "the last transition: to active, with its time and reason" \
	jq -e '.transitions.last.to == "active" and (.transitions.last.reason | length > 0) and
	       (.transitions.last.time | test("Z$")) and .transitions.to.active == 1 and .transitions.total >= 2' <<<"$json"

# Counters agree across the pair: A's accepted are B's sent, give or take
# what was sent between the two queries.
sleep 0.5
a_acc=$(js a .heartbeats.accepted)
b_sent=$(js b .heartbeats.sent.heartbeat)
check "A accepted $a_acc heartbeats, B sent $b_sent: at most 10 apart, never more accepted than sent" \
	test "$a_acc" -gt 5 -a "$a_acc" -le "$b_sent" -a $((b_sent - a_acc)) -le 10
tap_is "$(js a '[.heartbeats.dropped[]] | add')" 0 "no packet dropped yet"

# ---- forged packets, each counted under its reason ----
body=$(printf 'A%.0s' $(seq 78))
for _ in 1 2 3; do	# right magic, version and flags; a tag that is not the HMAC
	ip netns exec "$B" bash -c "printf 'LVHB\\x01\\x01\\x02\\x01\\x00\\x01%s' '$body' >/dev/udp/192.0.2.1/$PORT"
done
for _ in 1 2; do
	ip netns exec "$B" bash -c "printf 'XXXX\\x01%s' '$body' >/dev/udp/192.0.2.1/$PORT"
done
ip netns exec "$B" bash -c "printf 'LV' >/dev/udp/192.0.2.1/$PORT"
ip netns exec "$A" bash -c "printf 'LVHB\\x01%s' '$body' >/dev/udp/192.0.2.1/$PORT"	# not from the peer
netns_wait 5 bash -c "[ \"\$($PULSE --status --json --socket $TMP/a.sock | jq -r '[.heartbeats.dropped[]] | add')\" = 7 ]"
json=$("$PULSE" --status --json --socket "$TMP/a.sock")
tap_is "$(jq -r '.heartbeats.links[0].dropped | [.bad_hmac, .bad_magic, .too_short, .foreign_sender, .replay, .malformed] | join(" ")' <<<"$json")" \
	"3 2 1 1 0 0" "dropped on the public link by reason: bad_hmac 3, bad_magic 2, too_short 1, foreign_sender 1"
tap_is "$(jq -r '.heartbeats.dropped | [.bad_hmac, .bad_magic, .too_short, .foreign_sender] | join(" ")' <<<"$json")" \
	"3 2 1 1" "... and the same in the totals"
check "A is still active and hears its peer: forged packets change nothing else" \
	jq -e '.state == "active" and .peer.alive' <<<"$json"
text=$("$PULSE" --status --socket "$TMP/a.sock")
check "the text: state line" grep -q "^state: active since [0-9T:Z-]* (" <<<"$text"
check "the text: dropped packets by reason" \
	grep -q "dropped 7 (foreign sender 1, too short 1, bad magic 2, bad HMAC 3)" <<<"$text"

# ---- the metrics file ----
# The file is rewritten on its own interval: wait for a version written after
# the last forged packet was counted (the foreign sender came last).
dropped_written() {
	metric_is a 'lvs_pulse_heartbeats_dropped_total{link="public",reason="bad_hmac"}' 3 &&
		metric_is a 'lvs_pulse_heartbeats_dropped_total{link="public",reason="foreign_sender"}' 1
}
netns_wait 5 dropped_written
tap_is "$(metric a 'lvs_pulse_heartbeats_dropped_total{link="public",reason="bad_hmac"}') $(metric a 'lvs_pulse_heartbeats_dropped_total{link="public",reason="bad_magic"}') $(metric a 'lvs_pulse_heartbeats_dropped_total{link="public",reason="foreign_sender"}')" \
	"3 2 1" "metrics: dropped heartbeats by reason, as in the JSON"
tap_is "$(metric a 'lvs_pulse_state{state="active"}') $(metric a 'lvs_pulse_state{state="backup"}') $(metric b 'lvs_pulse_state{state="backup"}')" \
	"1 0 1" "metrics: A active, B backup"
tap_is "$(metric a lvs_pulse_peer_alive) $(metric a 'lvs_pulse_link_alive{link="public"}')" "1 1" "metrics: the peer and its link alive"
acc=$(metric a 'lvs_pulse_heartbeats_accepted_total{link="public"}')
check "metrics: accepted heartbeats counted ($acc)" test "${acc:-0}" -gt 5
# The text format: every sample's family has HELP and TYPE before it.
check "metrics: every sample follows its family's HELP and TYPE, every line well formed" \
	awk '
		/^# HELP / { help[$3] = 1; next }
		/^# TYPE / { if (!help[$3]) exit 1; type[$3] = $4; next }
		/^#/ { exit 1 }
		{
			if ($0 !~ /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*",?)*\})? [-+0-9.eE]+$|NaN$|Inf$/) exit 1
			name = $0; sub(/[{ ].*/, "", name)
			if (!type[name]) exit 1
			if (type[name] == "counter" && name !~ /_total$/) exit 1
			n++
		}
		END { if (n < 20) exit 1 }' "$TMP/a.prom"
check "metrics: no temporary file left beside it" test ! -e "$TMP/a.prom.tmp"

# ---- reloads ----
write_cf 2
kill -HUP "$PID_a"
netns_wait 5 bash -c "[ \"\$($PULSE --status --json --socket $TMP/a.sock | jq -r .reloads.ok)\" = 1 ]"
json=$("$PULSE" --status --json --socket "$TMP/a.sock")
tap_is "$(jq -r '[.reloads.ok, .reloads.failed, .reloads.last.result, .reloads.last.error, .config.serial_no] | join(" ")' <<<"$json")" \
	"1 0 ok  2" "a good reload: counted, result ok, no error, the new serial_no"
netns_wait 5 bash -c "[ \"\$($PULSE --status --json --socket $TMP/a.sock | jq -r .peer.config_same)\" = false ]"
tap_is "$(js a .peer.config_same)" false "A's lvs.cf now differs from what B runs: config_same false"
write_cf 3 "bogus_keyword = 1"
kill -HUP "$PID_a"
netns_wait 5 bash -c "[ \"\$($PULSE --status --json --socket $TMP/a.sock | jq -r .reloads.failed)\" = 1 ]"
json=$("$PULSE" --status --json --socket "$TMP/a.sock")
tap_is "$(jq -r '[.reloads.ok, .reloads.failed, .reloads.last.result, .config.serial_no] | join(" ")' <<<"$json")" \
	"1 1 failed 2" "a bad file: counted as failed, the running serial_no stays"
check "... with why: $(jq -r .reloads.last.error <<<"$json")" jq -e '.reloads.last.error | test("error")' <<<"$json"
tap_is "$(metric a 'lvs_pulse_reloads_total{result="ok"}') $(metric a 'lvs_pulse_reloads_total{result="failed"}') $(metric a lvs_pulse_last_reload_success)" \
	"1 1 0" "metrics: written at once after a reload, ok 1, failed 1, last success 0"
write_cf 2
kill -HUP "$PID_b"
netns_wait 5 bash -c "[ \"\$($PULSE --status --json --socket $TMP/a.sock | jq -r .peer.config_same)\" = true ]"
tap_is "$(js a .peer.config_same) $(js b .reloads.ok)" "true 1" "B reloads the same file: config_same again"

# ---- a hand-over: the last transition on B ----
kill -TERM "$PID_a"
netns_wait 10 state_is b active
json=$("$PULSE" --status --json --socket "$TMP/b.sock")
check "A stopped: B active, its last transition to active, with a reason" \
	jq -e '.state == "active" and .transitions.last.to == "active" and
	       (.transitions.last.reason | length > 0) and .transitions.to.active == 1' <<<"$json"
tap_is "$(jq -r '[.peer.state, .transitions.to.backup] | join(" ")' <<<"$json")" "stopped 1" \
	"B heard A's stopped state; one transition to backup (at its start)"
wait "$PID_a"
check "A's clean exit removes its metrics file" test ! -e "$TMP/a.prom"
check "... and its status socket" test ! -e "$TMP/a.sock"
netns_wait 5 metric_is b 'lvs_pulse_state{state="active"}' 1
tap_is "$(metric b 'lvs_pulse_state{state="active"}') $(metric b 'lvs_pulse_transitions_total{to="active"}')" "1 1" \
	"B's metrics: active, one transition to active"
check "B's metrics: when it became active" \
	test "$(metric b lvs_pulse_state_since_timestamp_seconds | cut -d. -f1)" -ge $(($(date +%s) - 30))
tap_done
