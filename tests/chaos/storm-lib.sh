# shellcheck shell=bash disable=SC2034
# Helpers of the reload storm (tests/chaos/storm.vmt), on top of
# tests/vm/lib.sh. Everything a step of the storm repeats is made of bash
# builtins: under emulation each program started costs 50-500 ms, and a
# hundred steps would spend minutes on them. So the IPVS table is read from
# /proc/PID/net/ip_vs (PID's network namespace), nannies from
# /proc/PID/task/PID/children, log lines through an open descriptor, and
# pauses are reads that time out on a fifo nobody writes.

# ---- time and pauses ------------------------------------------------------
# us_var VAR: now in microseconds, into VAR (no subshell).
us_var() { local t=$EPOCHREALTIME; printf -v "$1" '%d' $((10#${t/./})); }

PAUSE_FD=
pause() { # SECS
	if [ -z "$PAUSE_FD" ]; then
		mkfifo "$LAB_DIR/pause.fifo" 2>/dev/null
		exec {PAUSE_FD}<>"$LAB_DIR/pause.fifo"
	fi
	read -r -t "$1" -u "$PAUSE_FD" _
	return 0
}

# poll_until SECS CMD...: CMD every 50 ms until it succeeds; 1 after SECS.
poll_until() {
	local end now
	us_var end
	end=$((end + ${1%.*} * 1000000))
	shift
	until "$@"; do
		us_var now
		[ "$now" -lt "$end" ] || return 1
		pause 0.05
	done
}

# ---- the IPVS table -------------------------------------------------------
# ipvs_table PID: PID's namespace's table into TABLE, as the sorted lines of
# "ipvsadm -S -n" (services, schedulers, destinations, forwarding and weights;
# no counters). The file is read in one go: bash's read seeks back after each
# line of a seekable file, the seq_file behind it then rebuilds its text from
# that offset, and under traffic a listing read that way once lacked a
# service that was there all along (its new connections were served).
TABLE=
ipvs_table() {
	local raw=() lines=() f svc h p a n i j x fwd
	mapfile -t raw <"/proc/$1/net/ip_vs" || { TABLE="<no table: /proc/$1/net/ip_vs>"; return 1; }
	for ((i = 3; i < ${#raw[@]}; i++)); do # after the three header lines
		# shellcheck disable=SC2206 # words; the file has no glob characters
		f=(${raw[i]})
		[ "${#f[@]}" -gt 0 ] || continue
		case ${f[0]} in
		TCP|UDP|SCTP)
			h=${f[1]%:*} p=${f[1]#*:}
			printf -v a '%d.%d.%d.%d:%d' "0x${h:0:2}" "0x${h:2:2}" "0x${h:4:2}" "0x${h:6:2}" "0x$p"
			case ${f[0]} in TCP) svc="-t $a";; UDP) svc="-u $a";; *) svc="--sctp-service $a";; esac
			lines+=("-A $svc -s ${f[2]}${f[3]:+ ${f[*]:3}}")
			;;
		FWM)
			svc="-f $((16#${f[1]}))"
			lines+=("-A $svc -s ${f[2]}${f[3]:+ ${f[*]:3}}")
			;;
		'->')
			h=${f[1]%:*} p=${f[1]#*:}
			printf -v a '%d.%d.%d.%d:%d' "0x${h:0:2}" "0x${h:2:2}" "0x${h:4:2}" "0x${h:6:2}" "0x$p"
			case ${f[2]} in Masq) fwd=-m;; Route|Local) fwd=-g;; Tunnel) fwd=-i;; *) fwd="?${f[2]}";; esac
			lines+=("-a $svc -r $a $fwd -w ${f[3]}")
			;;
		esac
	done
	n=${#lines[@]}
	for ((i = 1; i < n; i++)); do # insertion sort: a dozen lines
		x=${lines[i]}
		for ((j = i - 1; j >= 0; j--)); do
			[[ ${lines[j]} > $x ]] || break
			lines[j + 1]=${lines[j]}
		done
		lines[j + 1]=$x
	done
	printf -v TABLE '%s\n' "${lines[@]}"
	TABLE=${TABLE%$'\n'}
}
table_is() { ipvs_table "$1" && [ "$TABLE" = "$2" ]; } # PID WANT

# ---- nannies --------------------------------------------------------------
# nannies LVSD_PID: lvsd's live nannies into NANNY (associative, KEY -> pid,
# KEY "VPORT/ADDRESS/WEIGHT" from their command line), their count into
# NANNY_N, and KEYs seen twice into NANNY_DUP.
declare -A NANNY
NANNY_N=0 NANNY_DUP=
nannies() {
	local kids=() c args i h p w k
	NANNY=() NANNY_N=0 NANNY_DUP=
	read -r -a kids <"/proc/$1/task/$1/children" 2>/dev/null
	for c in "${kids[@]}"; do
		mapfile -d '' args <"/proc/$c/cmdline" 2>/dev/null || continue
		[ "${#args[@]}" -gt 0 ] && [ "${args[0]##*/}" = nanny ] || continue # a zombie's is empty
		[ "${args[1]:-}" != --zygote ] || continue # lvsd's nanny zygote: no server's
		h='' p='' w=''
		for ((i = 1; i < ${#args[@]} - 1; i++)); do
			case ${args[i]} in
			-h) h=${args[i + 1]};;
			-p) p=${args[i + 1]};;
			-w) w=${args[i + 1]};;
			esac
		done
		k=$p/$h/$w
		[ -n "${NANNY[$k]:-}" ] && NANNY_DUP+=" $k"
		NANNY[$k]=$c
		NANNY_N=$((NANNY_N + 1))
	done
}
# nannies_are LVSD_PID KEYS: exactly one nanny per KEY (space separated).
nannies_are() {
	local k n=0
	nannies "$1"
	[ -z "$NANNY_DUP" ] || return 1
	for k in $2; do
		[ -n "${NANNY[$k]:-}" ] || return 1
		n=$((n + 1))
	done
	[ "$NANNY_N" -eq "$n" ]
}
nanny_text() { # the NANNY array as "KEY=pid ..." (for diagnostics)
	local k out=
	for k in "${!NANNY[@]}"; do out+=" $k=${NANNY[$k]}"; done
	echo "${out# }${NANNY_DUP:+ (twice:$NANNY_DUP)}"
}

# ---- log lines ------------------------------------------------------------
# follow_open NAME FILE: from now on, follow_next reads FILE's new lines.
declare -A FOLLOW_FD FOLLOW_PART
follow_open() {
	local fd
	exec {fd}<"$2"
	while IFS= read -r -u "$fd" _; do :; done
	FOLLOW_FD[$1]=$fd
	FOLLOW_PART[$1]=
}
# follow_next NAME SECS ERE: the next whole line that matches ERE, in LINE;
# 1 if none came within SECS. A line still being written waits for its end.
LINE=
follow_next() {
	local fd=${FOLLOW_FD[$1]} end now l
	us_var end
	end=$((end + $2 * 1000000))
	while :; do
		if IFS= read -r -u "$fd" l; then
			l=${FOLLOW_PART[$1]}$l
			FOLLOW_PART[$1]=
			if [[ $l =~ $3 ]]; then
				LINE=$l
				return 0
			fi
			continue
		fi
		FOLLOW_PART[$1]+=$l
		us_var now
		[ "$now" -lt "$end" ] || return 1
		pause 0.01
	done
}

# ---- files ----------------------------------------------------------------
# put_atomic FILE TEXT: FILE is TEXT at once (written aside, then renamed).
put_atomic() {
	printf '%s' "$2" >"$1.new" && busybox mv -f "$1.new" "$1"
}
# put_slowly FILE TEXT CUT PAUSE PIDS: FILE rewritten in place, the first CUT
# bytes, then SIGHUP to PIDS while the file holds just them, then after PAUSE
# seconds the rest: a reader that gets the signal sees a cut file, or the
# whole one if it comes late.
put_slowly() {
	local pids
	read -r -a pids <<<"$5"
	{
		printf '%s' "${2:0:$3}"
		kill -HUP "${pids[@]}"
		pause "$4"
		printf '%s' "${2:$3}"
	} >"$1"
}
# mid_cut TEXT N: into CUT, an offset inside TEXT's virtual blocks, not at a
# line start, picked by N (a cut there leaves a block open: the file is
# incomplete, whatever the line).
CUT=
mid_cut() {
	local head=${1%%virtual *} from to
	from=$((${#head} + 8)) to=$((${#1} - 2))
	CUT=$((from + $2 % (to - from)))
	[ "${1:CUT-1:1}" != $'\n' ] || CUT=$((CUT + 1))
}
