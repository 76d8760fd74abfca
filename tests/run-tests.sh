#!/usr/bin/env bash
# run-tests.sh: runs every test and prints one line each, then the total.
#
# Unit tests are the cmocka binaries in $FWD_BUILD/tests/unit; integration
# tests are tests/cli/test-*.sh, which get FWD_TOP, FWD_BUILD, FWDISPATCH and
# FWDISPATCH_HOOKED and exit 0 (pass), 77 (skip) or anything else (fail).  A failed test's
# output is printed in full; every output is kept in $FWD_BUILD/test-logs.
#
# With FWD_VALGRIND=1 (make check VALGRIND=1) the tests run under valgrind's
# memcheck (tests/valgrind/pass.sh): those NAME-PATTERN matches, or without
# one, only the main paths.
#
#   FWD_BUILD=$PWD/build bash tests/run-tests.sh [NAME-PATTERN]
set -u
export LC_ALL=C
top=$(cd "$(dirname "$0")/.." && pwd)
: "${FWD_BUILD:?set FWD_BUILD to the build folder}"
export FWD_TOP=$top FWD_BUILD
export FWDISPATCH=$FWD_BUILD/bin/fwdispatch
# The same with the test hooks (Makefile: HOOKED_CLI), for the tests that kill a run.
export FWDISPATCH_HOOKED=$FWD_BUILD/tests/bin/fwdispatch-hooked
export FWDISPATCH_PLUGIN_DIR=$FWD_BUILD/lib/fwdispatch/plugins
# No config file of this machine (/etc/fwdispatch.conf): tests name theirs.
export FWDISPATCH_CONFIG=/dev/null
# Nor its trusted keys (/etc/fwdispatch/trusted-keys), which would make
# every manifest of every test need a signature: tests name theirs.
export FWDISPATCH_TRUSTED_KEYS=/dev/null
# Sanitizers: stop at the first report, so a report is a failed test.
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=0:halt_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
pattern=${1:-}
per_test_timeout=${FWD_TEST_TIMEOUT:-900}

logs=$FWD_BUILD/test-logs
rm -rf "$logs"
mkdir -p "$logs"
valgrind=${FWD_VALGRIND:-}
unit_runner=()
# shellcheck source=tests/valgrind/pass.sh
[ "$valgrind" = 1 ] && . "$top/tests/valgrind/pass.sh"

passed=0 failed=0 skipped=0
failed_names=()

run_one() {
	local name=$1
	shift
	local log=$logs/$name.log start end status
	[ -n "$pattern" ] && [[ $name != *$pattern* ]] && return
	[ "$valgrind" = 1 ] && [ -z "$pattern" ] && ! vg_selected "$name" && return
	mkdir -p "$(dirname "$log")"
	start=$(date +%s)
	timeout -k 10 "$per_test_timeout" "$@" >"$log" 2>&1
	status=$?
	[ "$valgrind" = 1 ] && ! vg_verdict "$name" "$log" && [[ $status == 0 || $status == 77 ]] &&
		status=99
	end=$(date +%s)
	case $status in
	0) passed=$((passed + 1)); printf 'PASS  %-40s %3ss\n' "$name" $((end - start)) ;;
	77) skipped=$((skipped + 1)); printf 'SKIP  %-40s %s\n' "$name" "$(tail -n 1 "$log")" ;;
	*)
		failed=$((failed + 1))
		failed_names+=("$name")
		printf 'FAIL  %-40s (exit %d)\n' "$name" "$status"
		sed 's/^/    | /' "$log"
		;;
	esac
}

# FWD_SUITE=ansible (make check-ansible): the collection's tests in
# tests/ansible instead of the unit and CLI tests.
suite=${FWD_SUITE:-}
[ "$suite" = ansible ] && for t in "$top"/tests/ansible/test-*.sh; do
	[ -f "$t" ] || continue
	run_one "ansible/$(basename "$t" .sh)" bash "$t"
done
[ -z "$suite" ] && for t in "$FWD_BUILD"/tests/unit/test_*; do
	[ -x "$t" ] || continue
	run_one "unit/$(basename "$t")" "${unit_runner[@]}" "$t"
done
[ -z "$suite" ] && for t in "$top"/tests/cli/test-*.sh; do
	[ -f "$t" ] || continue
	run_one "cli/$(basename "$t" .sh)" bash "$t"
done

echo
[ ${#failed_names[@]} -gt 0 ] && echo "failed: ${failed_names[*]}"
[ "$valgrind" = 1 ] && vg_summary
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
