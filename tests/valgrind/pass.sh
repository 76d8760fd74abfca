# shellcheck shell=bash disable=SC2154,SC2034
# (logs comes from run-tests.sh; unit_runner goes back to it.)
#
# pass.sh: sourced by tests/run-tests.sh for `make check VALGRIND=1`
# (FWD_VALGRIND=1): the valgrind memcheck pass over the main paths
# (tests/valgrind/README.md).
#
# FWDISPATCH and FWDISPATCH_HOOKED become wrappers that run the real
# binaries under tests/valgrind/memcheck, so every test script runs them
# under memcheck without a change; the unit tests run under it too.  Only
# the tests tests/valgrind/main-paths names run: valgrind adds about a
# second to every fwdispatch run.  After each test, the reports of its
# processes are moved into $FWD_BUILD/test-logs/valgrind/NAME, and a report
# with an error fails the test even when the test did not see the exit
# code (a --detach child, a run in the background).
[ "${FWD_SAN:-}" = 1 ] && { echo "VALGRIND=1 and SAN=1 do not go together" >&2; exit 2; }
command -v valgrind >/dev/null || {
	echo "valgrind is not installed (sh contrib/ensure-deps valgrind)" >&2
	exit 2
}
vg_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
vg_logs=$logs/valgrind/.current
vg_processes=0 vg_errors=0
mkdir -p "$vg_logs" "$FWD_BUILD/valgrind/bin"
# Wrappers with every path written in: some tests run fwdispatch with an
# empty environment (env -i) or as another user.
vg_wrapper() {
	local real=$1 wrapper

	wrapper=$FWD_BUILD/valgrind/bin/$(basename "$1")
	printf '#!/bin/sh\nexec "%s" "%s" "%s" "$@"\n' "$vg_dir/memcheck" "$vg_logs" "$real" \
		>"$wrapper"
	chmod 0755 "$wrapper"
	echo "$wrapper"
}
FWDISPATCH=$(vg_wrapper "$FWDISPATCH")
FWDISPATCH_HOOKED=$(vg_wrapper "$FWDISPATCH_HOOKED")
export FWDISPATCH FWDISPATCH_HOOKED
unit_runner=("$vg_dir/memcheck" "$vg_logs")

# vg_selected NAME: NAME (unit/test_x, cli/test-x) is one of the main paths
# (a line of main-paths is a name or a shell pattern).
mapfile -t vg_paths < <(sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' "$vg_dir/main-paths")
vg_selected() {
	local p
	for p in "${vg_paths[@]}"; do
		# shellcheck disable=SC2053
		[[ $1 == $p ]] && return 0
	done
	return 1
}

# vg_verdict NAME LOG: files the test's reports; fails (and appends the
# reports to LOG) when one of them has an error.
vg_verdict() {
	local dir=$logs/valgrind/$1 f bad=0
	mkdir -p "$dir"
	for f in "$vg_logs"/*.vg; do
		[ -e "$f" ] && mv "$f" "$dir/"
	done
	for f in "$dir"/*.vg; do
		[ -e "$f" ] || continue
		# A process that went on to exec a tool, or was killed, has no summary.
		grep -q 'ERROR SUMMARY: ' "$f" && vg_processes=$((vg_processes + 1))
		if grep -q 'ERROR SUMMARY: [1-9]' "$f"; then
			vg_errors=$((vg_errors + 1))
			bad=1
			{ echo "--- valgrind report $f"; cat "$f"; } >>"$2"
		fi
	done
	return $bad
}

# vg_summary: the pass in one line.
vg_summary() {
	echo "valgrind: $vg_processes processes checked under memcheck, $vg_errors with errors" \
		"(reports in $logs/valgrind)"
}
