#!/usr/bin/env bash
# The valgrind pass (make check VALGRIND=1, tests/valgrind) fails on what it
# must catch: a definite leak, a branch on an uninitialised value, a write
# past a block, a read of a freed one, each makes the program exit 99; a
# leak in a forked child whose status nobody checks (as a --detach child)
# still fails the test that ran it; an exit code and a still-reachable block
# pass through untouched.  And every test main-paths names exists, so a typo
# cannot drop one unseen.  memcheck-target makes each error on purpose.
. "$FWD_TOP/tests/cli/lib.sh"
command -v valgrind >/dev/null || { echo "skip: valgrind is not installed"; exit 77; }
# An ASan build (make check SAN=1) cannot run under valgrind.
[ "${FWD_SAN:-}" = 1 ] && { echo "skip: an ASan build does not run under valgrind"; exit 77; }
MEMCHECK=$FWD_TOP/tests/valgrind/memcheck
TARGET=$FWD_BUILD/tests/tools/memcheck-target
[ -x "$TARGET" ] || fail "'$TARGET' is not built"

# memcheck EXPECTED-EXIT ARGS...: memcheck-target ARGS under memcheck, its
# reports in $T/vg (one file per process), their text in $T/report.
memcheck() {
	local want=$1
	shift
	rm -rf "$T/vg"
	mkdir "$T/vg"
	run "$want" "$MEMCHECK" "$T/vg" "$TARGET" "$@"
	cat "$T/vg"/*.vg >"$T/report"
}

memcheck 7 clean 7
expect_in "$T/report" "ERROR SUMMARY: 0 errors"
memcheck 0 still-held
expect_in "$T/report" "ERROR SUMMARY: 0 errors"
ok "no error: the program's own exit code, a block still held at exit is no error"

memcheck 99 leak
expect_in "$T/report" "16 bytes in 1 blocks are definitely lost"
memcheck 99 uninit
expect_in "$T/report" "Conditional jump or move depends on uninitialised value(s)"
memcheck 99 overflow
expect_in "$T/report" "Invalid write of size 1"
memcheck 99 use-after-free
expect_in "$T/report" "Invalid read of size 1"
ok "a definite leak, an uninitialised value, an overflow, a use after free: exit 99"

# The pass as run-tests.sh runs it, with memcheck-target as "fwdispatch".
mkdir -p "$T/build" "$T/logs"
(
	unset FWD_SAN
	FWD_BUILD=$T/build logs=$T/logs FWDISPATCH=$TARGET FWDISPATCH_HOOKED=$TARGET
	# shellcheck source=tests/valgrind/pass.sh
	. "$FWD_TOP/tests/valgrind/pass.sh"
	[ "$FWDISPATCH" = "$T/build/valgrind/bin/memcheck-target" ] ||
		fail "the pass did not wrap FWDISPATCH: '$FWDISPATCH'"
	"$FWDISPATCH" clean 0 || fail "a clean run under the wrapper failed"
	vg_verdict cli/clean "$T/clean.log" || fail "a clean run was given a verdict of error"
	env -i "$FWDISPATCH" child-leak || fail "child-leak did not exit 0"
	! vg_verdict cli/child "$T/child.log" || fail "a leak in a child passed the verdict"
	expect_in "$T/child.log" "definitely lost"
	[ -n "$(ls "$T/logs/valgrind/cli/child")" ] || fail "the reports were not kept"
	vg_summary >"$T/summary"
	expect_in "$T/summary" "3 processes checked under memcheck, 1 with errors"
	vg_selected unit/test_hpm1 || fail "unit/test_hpm1 is not selected"
	vg_selected cli/test-check || fail "cli/test-check is not selected"
	! vg_selected cli/test-sim-faults || fail "cli/test-sim-faults is selected"
) || exit 1
ok "a leak in a child whose exit nobody checks fails the test; the wrapper works with env -i"

# Each line names (or, as a pattern, matches) at least one test.
while read -r name; do
	found=
	case $name in
	unit/*) for f in "$FWD_TOP"/tests/$name.c; do [ -f "$f" ] && found=1; done ;;
	cli/*) for f in "$FWD_TOP"/tests/$name.sh; do [ -f "$f" ] && found=1; done ;;
	*) fail "main-paths: '$name' is neither unit/ nor cli/" ;;
	esac
	[ -n "$found" ] || fail "main-paths names '$name': no such test"
done < <(sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' "$FWD_TOP/tests/valgrind/main-paths")
ok "every test tests/valgrind/main-paths names exists"
