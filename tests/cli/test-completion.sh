#!/bin/bash
# The bash completion scripts: each registers with complete -F, and its
# function, called with COMP_WORDS set as bash would, offers the right words.
dir="$top_srcdir/completion"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

. "$top_srcdir/tests/tap.sh"

# complete WORD... : what the completion offers for the last word, one a line.
complete_line() {
	local spec func
	COMP_WORDS=("$@")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMP_LINE="$*"
	COMP_POINT=${#COMP_LINE}
	spec=$(complete -p "${1##*/}" 2>/dev/null) || return 1
	func=$(sed -n 's/.*-F \([^ ]*\).*/\1/p' <<<"$spec")
	COMPREPLY=()
	"$func" "${1##*/}" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
	printf '%s\n' "${COMPREPLY[@]}"
}
offers() { # word, then the command line: the word is among the offers
	local want=$1; shift
	complete_line "$@" | grep -qxF -- "$want"
}
registered() {
	complete -p "$1" 2>/dev/null | grep -q -- "-F _lvs_.* $1\$"
}
offers_nothing() {
	test -z "$(complete_line "$@")"
}

for prog in ipvsadm pulse lvsd nanny send_arp lvs-config-check lvs-config-convert; do
	check "$prog: the script sources cleanly" bash -n "$dir/$prog"
	# shellcheck source=/dev/null
	. "$dir/$prog"
	check "$prog: complete -p names its function" registered "$prog"
done

# A stand-in ipvsadm whose table has two TCP services and one fwmark.
cat >"$tmp/ipvsadm" <<'FAKE'
#!/bin/sh
[ "$1" = -S ] || exit 1
cat <<TABLE
-A -t 192.0.2.10:80 -s wrr
-a -t 192.0.2.10:80 -r 10.0.0.2:8080 -m -w 2
-a -t 192.0.2.10:80 -r 10.0.0.3:8080 -m -w 1
-A -t 192.0.2.11:443 -s rr
-a -t 192.0.2.11:443 -r 10.0.0.4:443 -g -w 1
-A -f 7 -s wlc
TABLE
FAKE
chmod +x "$tmp/ipvsadm"
fake="$tmp/ipvsadm"

check "ipvsadm: commands first (-A)" offers -A ipvsadm -
check "ipvsadm: --add-service" offers --add-service ipvsadm --add
check "ipvsadm: --start-daemon" offers --start-daemon ipvsadm --start
check "ipvsadm: options after a command (--scheduler)" offers --scheduler ipvsadm -A --sch
check "ipvsadm: schedulers after -s (wrr)" offers wrr "$fake" -A -t 192.0.2.9:80 -s w
check "ipvsadm: schedulers after -s (not rr for 'w')" \
	test "$(complete_line "$fake" -A -t 192.0.2.9:80 -s w | tr '\n' ,)" = "wrr,wlc,"
check "ipvsadm: mh scheduler" offers mh "$fake" -E -t x -s m
check "ipvsadm: TCP services of the table after -t" offers 192.0.2.10:80 "$fake" -D -t ''
check "ipvsadm: both TCP services" test "$(complete_line "$fake" -D -t 192 | wc -l)" -eq 2
check "ipvsadm: fwmarks of the table after -f" offers 7 "$fake" -E -f ''
check "ipvsadm: no UDP service in the table" offers_nothing "$fake" -D -u ''
check "ipvsadm: real servers of the chosen service after -r" \
	test "$(complete_line "$fake" -d -t 192.0.2.10:80 -r '' | tr '\n' ,)" = "10.0.0.2:8080,10.0.0.3:8080,"
check "ipvsadm: daemon states" offers backup ipvsadm --start-daemon b
check "ipvsadm: nothing offered for a weight" offers_nothing ipvsadm -a -t x -r y -w ''
check "ipvsadm: no table without IPVS: no service, no error" offers_nothing /nonexistent/ipvsadm -D -t ''

check "pulse: --generate-key" offers --generate-key pulse --gen
check "pulse: --lvsd-metrics-file" offers --lvsd-metrics-file pulse --lvsd-m
check "pulse: files after --metrics-file" offers "$dir/pulse" pulse --metrics-file "$dir/pu"
check "pulse: nothing offered for --metrics-interval" offers_nothing pulse --metrics-interval ''
check "pulse: --command-timeout" offers --command-timeout pulse --command-t
check "pulse: nothing offered for --command-timeout" offers_nothing pulse --command-timeout ''
check "lvsd: --metrics-interval" offers --metrics-interval lvsd --metrics-i
check "nanny: --report-checks" offers --report-checks nanny --report-c
check "pulse: files after -c" offers "$dir/pulse" pulse -c "$dir/pu"
check "lvsd: --test-config" offers --test-config lvsd --test-c
check "lvsd: roles after --role" offers backup lvsd --status --role b
check "nanny: --send_program" offers --send_program nanny --send_p
check "nanny: methods after -M" offers g nanny -M ''
check "nanny: nothing offered for -h (the server address)" offers_nothing nanny -h ''
check "send_arp: --interface" offers --interface send_arp --int
check "send_arp: interfaces after -i (lo)" offers lo send_arp -i l
check "lvs-config-check: --dump" offers --dump lvs-config-check --d
check "lvs-config-check: files" offers "$top_srcdir/etc/lvs.cf.example" lvs-config-check "$top_srcdir/etc/lvs.cf.ex"
check "lvs-config-convert: --strict" offers --strict lvs-config-convert --st
check "lvs-config-convert: files after -o" offers "$dir/lvs-config-convert" lvs-config-convert -o "$dir/lvs-config-con"
check "lvs-config-convert: the input file" offers "$top_srcdir/tests/convert/conf/nat-http.conf" \
	lvs-config-convert "$top_srcdir/tests/convert/conf/nat-h"
check "lvs-config-convert: no options offered for a file word" \
	test -z "$(complete_line lvs-config-convert "$dir/lvs-config-con" | grep -- '^-')"
tap_done
