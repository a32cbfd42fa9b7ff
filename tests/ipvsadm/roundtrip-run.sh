#!/bin/sh
# Runs inside the VM as root. Restores a generated table of SERVICES services
# with DESTS real servers each using ours, checks that both ours and
# Debian's -S -n give the input back and that -L -n output is identical,
# and times -R with each. Prints TAP, then "# bench:" lines.
# Usage: roundtrip-run.sh OURS [REF] [SERVICES] [DESTS]
ours=$1
ref=${2:-/usr/sbin/ipvsadm}
nsvc=${3:-1000}
ndst=${4:-10}
work=$(mktemp -d)
trap 'rm -rf "$work"; ip netns del lvsrt1 2>/dev/null; ip netns del lvsrt2 2>/dev/null' EXIT

for ns in lvsrt1 lvsrt2; do
	ip netns add $ns
	ip -n $ns link set lo up
	ip -n $ns link add d0 type veth peer name d1
	ip -n $ns link set d0 up
	ip -n $ns addr add 10.0.0.254/8 dev d0
done

# Written in the order -S sorts it: TCP before UDP, addresses ascending.
awk -v nsvc="$nsvc" -v ndst="$ndst" 'BEGIN {
	split("rr wrr lc wlc sh dh sed nq", sched, " ")
	for (i = 0; i < nsvc; i++) {
		proto = (i < nsvc * 3 / 4) ? "-t" : "-u"
		svc = sprintf("%s 10.100.%d.%d:%d", proto, int(i / 250), i % 250 + 1, 80)
		line = sprintf("-A %s -s %s", svc, sched[i % 8 + 1])
		if (i % 5 == 0)
			line = line sprintf(" -p %d", 60 + i)
		print line
		for (j = 0; j < ndst; j++) {
			if (j % 3 == 0)
				print sprintf("-a %s -r 10.200.%d.%d:8080 -m -w %d", svc, i % 250, j + 1, j)
			else if (j % 3 == 1)
				print sprintf("-a %s -r 10.200.%d.%d:80 -g -w %d", svc, i % 250, j + 1, j)
			else
				print sprintf("-a %s -r 10.200.%d.%d:80 -m -w %d", svc, i % 250, j + 1, j)
		}
	}
}' > "$work/table"
lines=$(wc -l < "$work/table")

now() { date +%s.%N; }
. "${top_srcdir:?}/tests/tap.sh"

t0=$(now)
ip netns exec lvsrt1 "$ours" -R < "$work/table"
rc=$?
t1=$(now)
tap_check $rc "ours -R of $lines lines exits 0"
ip netns exec lvsrt1 "$ours" -S -n > "$work/ours.save"
cmp -s "$work/table" "$work/ours.save"
tap_check $? "ours -S -n gives the input back"
[ $? = 0 ] || diff "$work/table" "$work/ours.save" | head -20 | sed 's/^/# /'
ip netns exec lvsrt1 "$ref" -S -n > "$work/ref.save"
cmp -s "$work/table" "$work/ref.save"
tap_check $? "Debian -S -n on our restore gives the input back"
ip netns exec lvsrt1 "$ours" -L -n > "$work/ours.list"
ip netns exec lvsrt1 "$ref" -L -n > "$work/ref.list"
cmp -s "$work/ours.list" "$work/ref.list"
tap_check $? "-L -n identical on the same table"
ip netns exec lvsrt1 "$ours" -L -n --stats > "$work/ours.list"
ip netns exec lvsrt1 "$ref" -L -n --stats > "$work/ref.list"
cmp -s "$work/ours.list" "$work/ref.list"
tap_check $? "-L -n --stats identical on the same table"

t2=$(now)
ip netns exec lvsrt2 "$ref" -R < "$work/table"
rc=$?
t3=$(now)
tap_check $rc "Debian -R exits 0"
ip netns exec lvsrt2 "$ours" -S -n > "$work/ours2.save"
cmp -s "$work/table" "$work/ours2.save"
tap_check $? "ours -S -n on Debian's restore gives the input back"

# flush both and time again (second run, warm caches)
ip netns exec lvsrt1 "$ours" -C
ip netns exec lvsrt2 "$ref" -C
t4=$(now)
ip netns exec lvsrt1 "$ours" -R < "$work/table"
t5=$(now)
ip netns exec lvsrt2 "$ref" -R < "$work/table"
t6=$(now)
tap_done
echo "# bench: lines=$lines services=$nsvc dests_per_service=$ndst"
echo "# bench: ours_restore_s=$(echo "$t1 - $t0" | bc) debian_restore_s=$(echo "$t3 - $t2" | bc)"
echo "# bench: ours_restore2_s=$(echo "$t5 - $t4" | bc) debian_restore2_s=$(echo "$t6 - $t5" | bc)"
