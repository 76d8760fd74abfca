#!/usr/bin/env bash
# run-fuzz.sh: runs every libFuzzer target in $FWD_BUILD/tests/fuzz for
# SECONDS each over a copy of its seed corpus (tests/fuzz/corpus/NAME, and
# tests/fuzz/NAME.dict when there is one), JOBS targets at a time, and
# prints one line each: executions, coverage, and the verdict.  A crash, a
# leak, a sanitizer report or a timeout fails the target; its input is kept
# in $FWD_BUILD/fuzz-runs/NAME/ (crash-*, leak-*, timeout-*) with the log.
#
#   FWD_BUILD=$PWD/build-fuzz bash tests/fuzz/run-fuzz.sh [SECONDS [JOBS [NAME...]]]
set -u
export LC_ALL=C
top=$(cd "$(dirname "$0")/../.." && pwd)
: "${FWD_BUILD:?set FWD_BUILD to the fuzz build folder (build-fuzz)}"
seconds=${1:-60}
jobs=${2:-1}
shift $(($# < 2 ? $# : 2))
# Stop at the first report; leaks are findings too.
export ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

runs=$FWD_BUILD/fuzz-runs
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
	for bin in "$FWD_BUILD"/tests/fuzz/fuzz_*; do
		[ -x "$bin" ] && [ -f "$bin" ] && names+=("$(basename "$bin")")
	done
fi
[ ${#names[@]} -gt 0 ] || { echo "run-fuzz: no fuzz target in $FWD_BUILD/tests/fuzz" >&2; exit 1; }

# One target: a fresh copy of its corpus (new inputs go there, never into
# the seeds), a bounded run, one line of figures.
run_one() {
	local name=$1 dir=$runs/$1 bin=$FWD_BUILD/tests/fuzz/$1 seeds short dict=()
	short=${name#fuzz_}
	seeds=$top/tests/fuzz/corpus/$short
	rm -rf "$dir"
	mkdir -p "$dir/corpus"
	[ -d "$seeds" ] && cp -r "$seeds/." "$dir/corpus/"
	[ -f "$top/tests/fuzz/$short.dict" ] && dict=(-dict="$top/tests/fuzz/$short.dict")
	# -close_fd_mask=3: what the code under test prints goes to /dev/null
	# (libFuzzer and the sanitizers keep their own copy of stderr).
	nice -n 10 timeout $((seconds + 120)) "$bin" -max_total_time="$seconds" -timeout=20 \
		-rss_limit_mb=2048 -print_final_stats=1 -close_fd_mask=3 \
		-artifact_prefix="$dir/" "${dict[@]}" "$dir/corpus" > "$dir/log" 2>&1
	local status=$? execs secs cov ft units verdict
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/log" | tail -n 1)
	# A crash ends the run before the final stats: its last "#N" line then.
	[ -n "$execs" ] || execs=$(grep -o '^#[0-9]*' "$dir/log" | tail -n 1 | tr -d '#')
	secs=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$dir/log" | tail -n 1)
	cov=$(grep -o 'cov: [0-9]*' "$dir/log" | tail -n 1 | cut -d' ' -f2)
	ft=$(grep -o 'ft: [0-9]*' "$dir/log" | tail -n 1 | cut -d' ' -f2)
	units=$(find "$dir/corpus" -type f | wc -l)
	if [ "$status" -eq 0 ]; then
		verdict=ok
	else
		verdict="FAILED (exit $status): $(ls "$dir" | grep -E '^(crash|leak|timeout|oom|slow-unit)-' |
			head -n 1) in $dir; log $dir/log"
	fi
	printf '%-18s %10s execs  %6s/s  %4ss  cov %5s  ft %6s  corpus %5s  %s\n' "$name" \
		"${execs:-?}" "${secs:-?}" "$seconds" "${cov:-?}" "${ft:-?}" "$units" "$verdict" \
		> "$dir/summary"
	cat "$dir/summary"
	[ "$status" -eq 0 ]
}

mkdir -p "$runs"
passed=0 failed=0 failed_names=()
running=()
finish_one() {
	# Waits for the oldest target still running, and counts it.
	local pid=${running[0]%%:*} name=${running[0]#*:}
	running=("${running[@]:1}")
	if wait "$pid"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		failed_names+=("$name")
	fi
}
for name in "${names[@]}"; do
	[ ${#running[@]} -ge "$jobs" ] && finish_one
	run_one "$name" &
	running+=("$!:$name")
done
while [ ${#running[@]} -gt 0 ]; do
	finish_one
done
[ "$failed" -eq 0 ] || echo "failed: ${failed_names[*]} (inputs and logs in $runs)"
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
