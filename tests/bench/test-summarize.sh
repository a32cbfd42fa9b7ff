#!/bin/sh
# bench/summarize.py: each table takes both columns from one run, the latest
# that measured this suite's side of it, so that a ratio never mixes runs; a
# later run that measured only some systems (BENCH_ONLY) does not hide the
# figures of the others.
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

. "$top_srcdir/tests/tap.sh"

# Run A measured direct reloads and reloads through pulse; run B, later,
# only direct reloads, with other figures for keepalived.
cat >"$tmp/results.csv" <<'CSV'
commit,measure,system,metric,run,value,unit
aaaaaaa,meta,all,servers,0,10,count
aaaaaaa,meta,all,window_s,0,30,s
aaaaaaa,reload,keepalived,weight_ms,1,400,ms
aaaaaaa,reload,keepalived,weight_ms,2,600,ms
aaaaaaa,reload,ours,weight_ms,1,100,ms
aaaaaaa,reload,pulse,weight_ms,1,150,ms
aaaaaaa,reload,pulse,weight_ms,2,250,ms
bbbbbbb,meta,all,servers,0,10,count
bbbbbbb,meta,all,window_s,0,30,s
bbbbbbb,reload,keepalived,weight_ms,1,900,ms
bbbbbbb,reload,ours,weight_ms,1,300,ms
bbbbbbb,reload,ours,weight_ms,2,NA,ms
CSV
: >"$tmp/log"
python3 "$top_srcdir/bench/summarize.py" "$tmp/results.csv" "today" "here" "$tmp/log" >"$tmp/out.md"
tap_check $? "summarize.py runs"

row() { # table title's start, row label's start: the row in that table
	awk -v t="### $1" -v l="| $2" 'index($0, t) == 1 { f = 1; next } /^### / { f = 0 } f && index($0, l) == 1' "$tmp/out.md"
}
tap_is "$(row "2. Reload" "one server's weight")" \
	"| one server's weight changed: until the table shows it, ms | 900 | 300, 1 of 2 failed | 2 | 0.33x |" \
	"the direct reload table is the latest run's, failed runs counted"
tap_is "$(row "2b." "one server's weight")" \
	"| one server's weight changed: until the table shows it, ms | 500 (400-600) | 200 (150-250) | 2 | 0.40x |" \
	"the pulse table keeps the earlier run, keepalived's column from that same run"
tap_like "$(grep -A2 '^### 2b\.' "$tmp/out.md")" "Figures here from aaaaaaa come from an earlier" \
	"the pulse table names the run it comes from"
tap_like "$(grep 'weight change through pulse' "$tmp/out.md")" '\*\*met\*\* \(200 against 500\)' \
	"the pulse goal compares figures of one run"
tap_done
