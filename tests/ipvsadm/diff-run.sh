#!/bin/sh
# Runs inside the VM as root: every corpus step is given to Debian's ipvsadm
# in one network namespace and to ours in another (IPVS tables are per
# namespace); after each command the table is listed (-L -n, and every 20
# steps in all the other formats). Stdout, stderr (program path replaced)
# and exit codes must be identical. Prints TAP, one line per step.
# Usage: diff-run.sh CORPUS OURS [REF]
#
# Each side runs all its steps in one shell inside its namespace (entering a
# namespace per command is slow under emulation); results are compared
# afterwards.
corpus=$1
ours=$2
ref=${3:-/usr/sbin/ipvsadm}
work=$(mktemp -d)
trap 'rm -rf "$work"; ip netns del lvsref 2>/dev/null; ip netns del lvsours 2>/dev/null' EXIT

setup_ns() {
	ip netns add "$1" || exit 1
	ip -n "$1" link set lo up
	# Addresses used by the corpus must be routable unicast for the kernel.
	ip -n "$1" link add d0 type veth peer name d1
	ip -n "$1" link set d0 up
	ip -n "$1" link set d1 up
	ip -n "$1" addr add 10.0.0.254/8 dev d0
	ip -n "$1" addr add 192.168.0.254/16 dev d0
	ip -n "$1" addr add 172.16.0.254/12 dev d0
	ip -n "$1" -6 addr add 2001:db8::fe/32 dev d0 nodad
	# Name lookups must fail at once, not wait for a resolver behind d0.
	for ns in $(sed -n 's/^nameserver *//p' /etc/resolv.conf); do
		case $ns in
		*:*) ip -n "$1" -6 route add unreachable "$ns" ;;
		*) ip -n "$1" route add unreachable "$ns/32" ;;
		esac
	done
}
setup_ns lvsref
setup_ns lvsours

# Build the step list: "args" lines in $work/steps, stdin in $work/in.N,
# a description in $work/desc.N.
listings='-L -n|--stats -n|--rate -n|--thresholds -n|--persistent-conn -n|--tun-info -n|-S -n|-L -n --exact --stats|-L --timeout|-L --daemon|-L|-S|-L -n --nosort|-c -n|-L -n -c --persistent-conn'
n=0
add_step() {	# DESC ARGS [STDIN-TEXT]
	n=$((n + 1))
	printf '%s\n' "$2" >> "$work/steps"
	printf '%s\n' "$1" >> "$work/descs"
	if [ -n "$3" ]; then printf '%b\n' "$3" > "$work/in.$n"; else : > "$work/in.$n"; fi
}
add_listings() {	# PREFIX
	oldifs=$IFS
	IFS='|'
	for l in $listings; do
		add_step "$1 $l" "$l"
	done
	IFS=$oldifs
}
: > "$work/steps"
: > "$work/descs"
cmds=0
while IFS= read -r line; do
	case $line in ''|'#'*) continue ;; esac
	args=$line
	text=
	case $line in
	*' <<< '*) args=${line%% <<< *}; text=${line#* <<< } ;;
	esac
	add_step "ipvsadm $line" "$args" "$text"
	add_step "  then -L -n" "-L -n"
	cmds=$((cmds + 1))
	[ $((cmds % 20)) -eq 0 ] && add_listings "  then"
done < "$corpus"
add_listings "final"

# run_side NS OUTDIR BIN [OTHER-BIN OTHER-OUTDIR]: all steps in one shell.
# Unsorted listings follow the kernel's hash order, which differs between
# namespaces, so with a second binary those steps are also run by it on the
# same table.
run_side() {
	mkdir -p "$2"
	ip netns exec "$1" sh -c '
		bin=$1 out=$2 other=$3 odir=$4 work=$5
		i=0
		set -f
		while IFS= read -r args; do
			i=$((i + 1))
			# shellcheck disable=SC2086
			"$bin" $args < "$work/in.$i" > "$out/$i.out" 2> "$out/$i.err"
			echo $? > "$out/$i.rc"
			case " $args " in
			*" --nosort "*)
				if [ -n "$other" ]; then
					"$other" $args < "$work/in.$i" > "$odir/$i.out" 2> "$odir/$i.err"
					echo $? > "$odir/$i.rc"
				fi ;;
			esac
		done < "$work/steps"
		set +f
		# only the program path may differ
		sed -i "s|$bin|ipvsadm|g" "$out"/*.out "$out"/*.err
		[ -n "$other" ] && sed -i "s|$other|ipvsadm|g" "$odir"/*.out "$odir"/*.err
		exit 0
	' sh "$3" "$2" "$4" "$5" "$work"
}
mkdir -p "$work/ours"
run_side lvsours "$work/ours" "$ours"
run_side lvsref "$work/ref" "$ref" "$ours" "$work/ours"

# A side that did not run every step must not pass by comparing nothing.
for side in ref ours; do
	got=$(ls "$work/$side" | grep -c '\.rc$')
	if [ "$got" -ne "$n" ]; then
		echo "1..1"
		echo "not ok 1 - $side side ran $got of $n steps"
		exit 1
	fi
done
diff -rq "$work/ref" "$work/ours" > "$work/differs" 2>&1
# One awk pass turns diff's "Files A/12.out and B/12.out differ" into TAP.
awk -v dir="$work" '
	FILENAME == ARGV[1] {
		if (match($0, /\/[0-9]+\.(out|err|rc) and /)) {
			k = substr($0, RSTART + 1, RLENGTH - 6)
			split(k, p, ".")
			bad[p[1]] = bad[p[1]] " " p[2]
		}
		next
	}
	{
		i++
		if (!(i in bad)) { print "ok " i " - " $0; next }
		fail++
		print "not ok " i " - " $0 " (differs:" bad[i] ")"
		nk = split(bad[i], ks, " ")
		for (j = 1; j <= nk; j++) {
			split("debian ours", who, " ")
			split("ref ours", sub_, " ")
			for (w = 1; w <= 2; w++) {
				print "# --- " who[w] " " ks[j]
				f = dir "/" sub_[w] "/" i "." ks[j]
				while ((getline l < f) > 0) print "#   " l
				close(f)
			}
		}
	}
	END { print "1.." i; print "# " fail + 0 " of " i " steps differ"; exit fail > 0 }
' "$work/differs" "$work/descs"

