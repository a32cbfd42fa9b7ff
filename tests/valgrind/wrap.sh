# shellcheck shell=sh
# Sourced by the daemons' loopback tests: vg_prog NAME PATH prints the
# program to run. Normally that is PATH itself. With LVS_VALGRIND=DIR (the
# valgrind tier of scripts/setup.sh check) it is a wrapper that runs PATH
# under memcheck, one log per process in DIR; tests/valgrind/report.sh then
# turns each log into a verdict.
vg_prog() {
	if [ -z "${LVS_VALGRIND:-}" ]; then
		echo "$2"
		return
	fi
	mkdir -p "$LVS_VALGRIND/bin"
	cat >"$LVS_VALGRIND/bin/$1" <<WRAP
#!/bin/sh
exec valgrind --leak-check=full --errors-for-leak-kinds=definite,indirect \\
	--error-exitcode=1 --child-silent-after-fork=yes --trace-children=no \\
	--log-file="$LVS_VALGRIND/$1.%p.log" "$2" "\$@"
WRAP
	chmod +x "$LVS_VALGRIND/bin/$1"
	echo "$LVS_VALGRIND/bin/$1"
}
