# shellcheck shell=bash
# bench/lib.sh: helpers every bench/bench-*.sh may source (bench/README.md).
#
# Timing is bash's own clock ($EPOCHREALTIME, no fork per reading); a
# figure is the median of N runs; comparisons are ratios against baselines
# timed in the same run, interleaved round by round so a burst of load on
# this shared machine hits both sides.  Nothing here fails on slowness:
# bench_die is for a broken setup only.

BENCH_TOP=${BENCH_TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
FWD_BUILD=${FWD_BUILD:-$BENCH_TOP/build}
FWDISPATCH=${FWDISPATCH:-$FWD_BUILD/bin/fwdispatch}
BENCH_QUICK=${BENCH_QUICK:-0}
# No operator's config file may change what is measured.
export FWDISPATCH_CONFIG=/dev/null LC_ALL=C

# Called in a $(...) too (bench_time_us): the subshell tells the script to
# stop, or a broken set-up would go on as a 0 ms figure.
BENCH_PID=$$
trap 'exit 1' USR1
bench_die() {
	echo "bench: $*" >&2
	[ "$BASHPID" != "$BENCH_PID" ] && kill -USR1 "$BENCH_PID"
	exit 1
}

bench_quick() {
	[ "$BENCH_QUICK" = 1 ]
}

# A scratch folder removed on exit; $BENCH_TMP names it.
bench_tmpdir() {
	BENCH_TMP=$(mktemp -d "${TMPDIR:-/tmp}/fwd-bench.XXXXXX") || bench_die "no scratch folder"
	trap 'rm -rf "$BENCH_TMP"' EXIT
}

bench_now_us() {
	local t=${EPOCHREALTIME/[.,]/}
	echo "$((10#$t))"
}

# Runs the command once, output discarded; prints its wall time in µs.
# A command that fails is a broken setup, not a slow one.
bench_time_us() {
	local s e
	s=${EPOCHREALTIME/[.,]/}
	"$@" >/dev/null 2>&1 || bench_die "failed: $*"
	e=${EPOCHREALTIME/[.,]/}
	echo "$((10#$e - 10#$s))"
}

# The median of its arguments (integers).
bench_median() {
	printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END {
		if (NR == 0) { print 0; exit }
		if (NR % 2) print v[(NR + 1) / 2]; else print int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}

# Median wall time in µs of N runs of the command.
bench_median_us() {
	local n=$1 i t=()
	shift
	for ((i = 0; i < n; i++)); do
		t+=("$(bench_time_us "$@")")
	done
	bench_median "${t[@]}"
}

# bench_event_ms FILE STEP STATUS: when fwdispatch's --events in FILE said
# STEP reached STATUS (its last such event), in ms since the epoch; nothing
# when it never did.  The events' times are in ms.
bench_event_ms() {
	local re t
	re="^{\"event\":\"step\",\"time\":\"\\([^\"]*\\)\","
	re+="\"step\":{\"name\":\"$2\",\"status\":\"$3\""
	t=$(sed -n "s/$re.*/\\1/p" "$1" | tail -1)
	[ -n "$t" ] && date -u -d "$t" +%s%3N
}

# Peak resident set of one run, in KiB (GNU time's %M; getrusage's
# ru_maxrss of the child), or "n/a" without /usr/bin/time.
bench_peak_rss_kib() {
	local out
	if [ ! -x /usr/bin/time ]; then
		echo n/a
		return
	fi
	out=$(/usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -n 1)
	case $out in
	'' | *[!0-9]*) bench_die "no peak memory from /usr/bin/time for: $*" ;;
	esac
	echo "$out"
}

# "1.23x": a / b, two decimals.
bench_ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { if (b <= 0) print "n/a"; else printf "%.2fx\n", a / b }'
}

# µs as milliseconds, one decimal (seconds, three decimals, from 10 s on).
bench_ms() {
	awk -v u="$1" 'BEGIN { if (u >= 10000000) printf "%.3f s\n", u / 1e6;
		else printf "%.1f ms\n", u / 1000 }'
}

# One result line: a label, then the figures.
bench_line() {
	local label=$1
	shift
	printf '  %-44s %s\n' "$label" "$*"
}

bench_title() {
	printf '\n== %s\n' "$*"
}

# The machine, for the record: the figures mean nothing without it.
bench_machine() {
	local cpu load
	cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null)
	load=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)
	echo "machine: $(nproc) CPU(s), ${cpu:-unknown CPU}; load average ${load:-n/a}"
	echo "         $(uname -sr); $(openssl version 2>/dev/null || echo 'no openssl')"
	echo "         $(date -u '+%Y-%m-%d %H:%M UTC')"
}
