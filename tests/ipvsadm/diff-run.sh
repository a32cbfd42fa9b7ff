#!/bin/sh
# Runs inside the VM as root: every corpus line is given to Debian's ipvsadm
# in one network namespace and to ours in another (IPVS tables are per
# namespace), then both tables are listed; outputs and exit codes must match.
# Usage: diff-run.sh CORPUS OURS [REF]   Prints TAP.
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
	# Name lookups must fail at once, not wait for a resolver on d0.
	for ns in $(sed -n 's/^nameserver *//p' /etc/resolv.conf); do
		case $ns in
		*:*) ip -n "$1" -6 route add unreachable "$ns" ;;
		*) ip -n "$1" route add unreachable "$ns/32" ;;
		esac
	done
}
setup_ns lvsref
setup_ns lvsours

n=0
fail=0
# run NS BIN ARGS... ; stdin from $work/in
run() {
	ns=$1 bin=$2
	shift 2
	ip netns exec "$ns" "$bin" "$@" < "$work/in" > "$work/out" 2> "$work/err"
	echo $? > "$work/rc"
	# Only the program path may differ.
	sed -e "s|$bin|ipvsadm|g" "$work/out" > "$work/$ns.out"
	sed -e "s|$bin|ipvsadm|g" "$work/err" > "$work/$ns.err"
	cp "$work/rc" "$work/$ns.rc"
}

# compare DESCRIPTION ARGS...
compare() {
	desc=$1
	shift
	run lvsref "$ref" "$@"
	# Unsorted listings follow the kernel's hash order, which differs
	# between namespaces: those are compared on the same table.
	case " $* " in
	*' --nosort '*) run lvsref "$ours" "$@"; for k in out err rc; do cp "$work/lvsref.$k" "$work/lvsours.$k"; done; run lvsref "$ref" "$@" ;;
	*) run lvsours "$ours" "$@" ;;
	esac
	n=$((n + 1))
	bad=
	for k in out err rc; do
		cmp -s "$work/lvsref.$k" "$work/lvsours.$k" || bad="$bad $k"
	done
	if [ -z "$bad" ]; then
		echo "ok $n - $desc"
	else
		fail=$((fail + 1))
		echo "not ok $n - $desc (differs:$bad)"
		for k in $bad; do
			echo "# --- debian $k"
			sed 's/^/#   /' "$work/lvsref.$k"
			echo "# --- ours $k"
			sed 's/^/#   /' "$work/lvsours.$k"
		done
	fi
}

listings='-L -n|--stats -n|--rate -n|--thresholds -n|--persistent-conn -n|--tun-info -n|-S -n|-L -n --exact --stats|-L --timeout|-L --daemon|-L|-S|-L -n --nosort|-c -n|-L -n -c --persistent-conn'
step=0
while IFS= read -r line; do
	case $line in ''|'#'*) continue ;; esac
	: > "$work/in"
	args=$line
	case $line in
	*' <<< '*)
		args=${line%% <<< *}
		printf '%b\n' "${line#* <<< }" > "$work/in"
		;;
	esac
	# shellcheck disable=SC2086
	set -f
	compare "ipvsadm $line" $args
	: > "$work/in"
	compare "  then -L -n" -L -n
	step=$((step + 1))
	if [ $((step % 10)) -eq 0 ]; then
		oldifs=$IFS
		IFS='|'
		for l in $listings; do
			IFS=$oldifs
			compare "  then $l" $l
			IFS='|'
		done
		IFS=$oldifs
	fi
	set +f
done < "$corpus"
: > "$work/in"
oldifs=$IFS
IFS='|'
for l in $listings; do
	IFS=$oldifs
	compare "final $l" $l
	IFS='|'
done
IFS=$oldifs
echo "1..$n"
echo "# $fail of $n steps differ"
[ "$fail" -eq 0 ]
