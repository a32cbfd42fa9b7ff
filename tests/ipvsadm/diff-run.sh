#!/bin/sh
# Runs inside the VM as root: every corpus step is given to Debian's ipvsadm
# in one network namespace and to ours in another (IPVS tables are per
# namespace); after each command the table is listed (-L -n, and every 20
# steps in all the other formats). Stdout, stderr (program path replaced)
# and exit codes must be identical. Prints TAP, one line per step.
# Usage: diff-run.sh CORPUS OURS [REF]
#
# Cross-reading: after every corpus command both programs list the kernel
# state of both namespaces (services, destinations, timeouts, sync daemons;
# every 20 commands and at the end in every sorted listing format). Debian's
# listing of Debian's table is the reference; ours of our table, ours of
# Debian's table (our decoder) and Debian's of our table (our encoder) must
# all equal it. Comparing only "Debian on Debian's" with "ours on ours" lets
# a mistake made symmetrically by our encoder and decoder (a byte order, say)
# cancel out; the cross listings cannot.
#
# Each side runs all its steps in one shell inside its namespace (entering a
# namespace per command is slow under emulation); results are compared
# afterwards.
. "${top_srcdir:?}/tests/tap.sh"
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
# a description in $work/descs, and in $work/kinds the cross-read that
# follows the step: "-" none, "x" the quick one, "f" the full one.
listings='-L -n|--stats -n|--rate -n|--thresholds -n|--persistent-conn -n|--tun-info -n|-S -n|-L -n --exact --stats|-L --timeout|-L --daemon|-L|-S|-L -n --nosort|-c -n|-L -n -c --persistent-conn'
# Cross-read listings, fed to "ipvsadm -R" so that one run gives them all
# (1.31 runs -L and -S lines of a restore like command lines). Only sorted
# listings: unsorted ones follow each namespace's hash order. -c reads
# /proc/net/ip_vs_conn, not netlink, so it has nothing to cross-read. The
# quick one shows every attribute the kernel keeps (-S: sched flags, tunnel
# type/port/flags, netmask; --thresholds: the thresholds); the full one adds
# every other sorted format the corpus lists in.
printf '%s\n' '-L -n' '-S -n' '-L -n --thresholds' '-L --timeout' '-L --daemon' \
	> "$work/cross.x"
{ cat "$work/cross.x"
  printf '%s\n' '-L -n --tun-info' '-L -n --persistent-conn' '-L -n --stats' \
	'-L -n --rate' '-L -n --stats --exact' '-L -n --rate --exact' '-L' '-S'
} > "$work/cross.f"
n=0
add_step() {	# DESC ARGS [STDIN-TEXT] [CROSS-KIND]
	n=$((n + 1))
	printf '%s\n' "$2" >> "$work/steps"
	printf '%s\n' "$1" >> "$work/descs"
	printf '%s\n' "${4:--}" >> "$work/kinds"
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
: > "$work/kinds"
cmds=0
while IFS= read -r line; do
	case $line in ''|'#'*) continue ;; esac
	args=$line
	text=
	case $line in
	*' <<< '*) args=${line%% <<< *}; text=${line#* <<< } ;;
	esac
	cmds=$((cmds + 1))
	kind=x
	[ $((cmds % 20)) -eq 0 ] && kind=f
	add_step "ipvsadm $line" "$args" "$text" "$kind"
	last=$n
	add_step "  then -L -n" "-L -n"
	[ $((cmds % 20)) -eq 0 ] && add_listings "  then"
done < "$corpus"
add_listings "final"
# The final table is cross-read in every format too.
sed -i "${last}s/.*/f/" "$work/kinds"

# run_side NS OUTDIR BIN OTHER XDIR [NOSORT-OUTDIR]: all steps in one shell.
# After a step marked for it, BIN and then OTHER list the table (-R with the
# cross-read lines): BIN's listing goes to OUTDIR/x, OTHER's to XDIR.
# Unsorted listings follow the kernel's hash order, which differs between
# namespaces, so when NOSORT-OUTDIR is given those steps are also run by
# OTHER on the same table, into NOSORT-OUTDIR.
run_side() {
	mkdir -p "$2/x" "$5"
	ip netns exec "$1" sh -c '
		bin=$1 out=$2 other=$3 xdir=$4 odir=$5 work=$6
		i=0
		set -f
		while IFS= read -r args && IFS= read -r kind <&3; do
			i=$((i + 1))
			# shellcheck disable=SC2086
			"$bin" $args < "$work/in.$i" > "$out/$i.out" 2> "$out/$i.err" 3<&-
			echo $? > "$out/$i.rc"
			case " $args " in
			*" --nosort "*)
				if [ -n "$odir" ]; then
					"$other" $args < "$work/in.$i" > "$odir/$i.out" 2> "$odir/$i.err" 3<&-
					echo $? > "$odir/$i.rc"
				fi ;;
			esac
			if [ "$kind" != - ]; then
				"$bin" -R < "$work/cross.$kind" > "$out/x/$i.out" 2> "$out/x/$i.err" 3<&-
				echo $? > "$out/x/$i.rc"
				"$other" -R < "$work/cross.$kind" > "$xdir/$i.out" 2> "$xdir/$i.err" 3<&-
				echo $? > "$xdir/$i.rc"
			fi
		done < "$work/steps" 3< "$work/kinds"
		set +f
		# only the program path may differ
		sed -i "s|$bin|ipvsadm|g; s|$other|ipvsadm|g" "$out"/*.out "$out"/*.err \
			"$out"/x/*.out "$out"/x/*.err "$xdir"/*.out "$xdir"/*.err
		[ -n "$odir" ] && sed -i "s|$other|ipvsadm|g" "$odir"/*.out "$odir"/*.err
		exit 0
	' sh "$3" "$2" "$4" "$5" "$6" "$work"
}
# xours: Debian listing our table; xref: ours listing Debian's table.
mkdir -p "$work/ours"
run_side lvsours "$work/ours" "$ours" "$ref" "$work/xours"
run_side lvsref "$work/ref" "$ref" "$ours" "$work/xref" "$work/ours"

# A side that did not run every step must not pass by comparing nothing.
nx=$(grep -vc '^-$' "$work/kinds")
for side in ref:$n ours:$n ref/x:$nx ours/x:$nx xref:$nx xours:$nx; do
	got=$(ls "$work/${side%:*}" | grep -c '\.rc$')
	if [ "$got" -ne "${side#*:}" ]; then
		tap_fail "$work/${side%:*} holds $got of ${side#*:} results"
		tap_done
		exit 1
	fi
done
# Debian against ours (each on its own table, x/ included), then each
# cross listing against Debian's listing of Debian's table.
diff -rq "$work/ref" "$work/ours" > "$work/differs" 2>&1
diff -rq "$work/ref/x" "$work/xref" > "$work/differs.xref" 2>&1
diff -rq "$work/ref/x" "$work/xours" > "$work/differs.xours" 2>&1
# The cross-reads must have had sync daemons of both kinds to read, or they
# prove nothing about their attributes.
masters=$(cat "$work"/ref/x/*.out | grep -c '^master sync daemon (')
backups=$(cat "$work"/ref/x/*.out | grep -c '^backup sync daemon (')
# One awk pass turns diff's "Files A/12.out and B/12.out differ" into
# verdicts ("ok DESC", "not ok DESC", "# DIAGNOSTIC"), which tap.sh prints.
awk -v dir="$work" -v masters="$masters" -v backups="$backups" '
	FILENAME == ARGV[4] { i++; desc[i] = $0; next }
	{
		if (!match($0, /\/(x\/)?[0-9]+\.(out|err|rc) and /))
			next
		k = substr($0, RSTART + 1, RLENGTH - 6)
		x = sub(/^x\//, "", k)
		split(k, p, ".")
		if (FILENAME == ARGV[1])
			what = x ? "self-listing." p[2] : p[2]
		else if (FILENAME == ARGV[2])
			what = "ours-reads-debian." p[2]
		else
			what = "debian-reads-ours." p[2]
		bad[p[1]] = bad[p[1]] " " what
	}
	function show(label, f,   l) {
		print "# --- " label
		while ((getline l < f) > 0) print "#   " l
		close(f)
	}
	END {
		for (s = 1; s <= i; s++) {
			if (!(s in bad)) { print "ok " desc[s]; continue }
			print "not ok " desc[s] " (differs:" bad[s] ")"
			nk = split(bad[s], ks, " ")
			for (j = 1; j <= nk; j++) {
				split(ks[j], w, ".")
				if (w[1] == "self-listing") {
					show("debian lists debian'"'"'s table, " w[2], dir "/ref/x/" s "." w[2])
					show("ours lists our table, " w[2], dir "/ours/x/" s "." w[2])
				} else if (w[1] == "ours-reads-debian") {
					show("debian lists debian'"'"'s table, " w[2], dir "/ref/x/" s "." w[2])
					show("ours lists debian'"'"'s table, " w[2], dir "/xref/" s "." w[2])
				} else if (w[1] == "debian-reads-ours") {
					show("debian lists debian'"'"'s table, " w[2], dir "/ref/x/" s "." w[2])
					show("debian lists our table, " w[2], dir "/xours/" s "." w[2])
				} else {
					show("debian " w[1], dir "/ref/" s "." w[1])
					show("ours " w[1], dir "/ours/" s "." w[1])
				}
			}
		}
		s = i + 1
		d = "the cross-reads listed running sync daemons (" masters " master, " backups " backup lines)"
		print (masters > 0 && backups > 0 ? "ok " : "not ok ") d
	}
' "$work/differs" "$work/differs.xref" "$work/differs.xours" "$work/descs" >"$work/verdicts"
while IFS= read -r l; do
	case $l in
	"ok "*) tap_pass "${l#ok }" ;;
	"not ok "*) tap_fail "${l#not ok }" ;;
	"# "*) tap_diag "${l#\# }" ;;
	esac
done <"$work/verdicts"
tap_diag "$TAP_FAILED of $TAP_N checks failed"
tap_done
