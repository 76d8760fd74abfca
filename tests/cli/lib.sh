# lib.sh: sourced by the tests/cli/test-*.sh scripts.
#
# Gives each script a private temp folder ($T, removed on exit), the
# binaries ($FWDISPATCH, $JGET), and assertions that print what they
# check and stop the script at the first failure.
set -u
: "${FWD_TOP:?run through tests/run-tests.sh or set FWD_TOP}"
: "${FWD_BUILD:?set FWD_BUILD}"
: "${FWDISPATCH:=$FWD_BUILD/bin/fwdispatch}"
JGET=$FWD_BUILD/tests/tools/jget
T=$(mktemp -d "${TMPDIR:-/tmp}/fwd-cli.XXXXXX") && [ -d "$T" ] || { echo "cannot create a temporary folder" >&2; exit 1; }
trap 'rm -rf "$T"' EXIT
checks=0

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

ok() {
	checks=$((checks + 1))
	echo "ok $checks - $*"
}

# run EXPECTED_EXIT CMD...: runs CMD with stdout in $T/out, stderr in $T/err.
run() {
	local want=$1 got
	shift
	"$@" >"$T/out" 2>"$T/err"
	got=$?
	if [ "$got" != "$want" ]; then
		echo "--- stdout" >&2; cat "$T/out" >&2
		echo "--- stderr" >&2; cat "$T/err" >&2
		fail "'$*' exited $got, expected $want"
	fi
}

# expect_in FILE TEXT: FILE contains TEXT (fixed string).
expect_in() {
	grep -qF -- "$2" "$1" || { echo "--- $1:" >&2; cat "$1" >&2; fail "'$2' not found in $(basename "$1")"; }
}

expect_not_in() {
	! grep -qF -- "$2" "$1" || { echo "--- $1:" >&2; cat "$1" >&2; fail "'$2' unexpectedly in $(basename "$1")"; }
}

# jeq FILE PATH VALUE: the JSON document in FILE has VALUE at PATH.
jeq() {
	local got
	got=$("$JGET" -f "$1" "$2") || fail "no '$2' in the JSON document $(basename "$1")"
	[ "$got" = "$3" ] || fail "JSON '$2' is '$got', expected '$3'"
}

# one_json FILE: FILE holds exactly one valid JSON document.
one_json() {
	"$JGET" -f "$1" -c || { cat "$1" >&2; fail "$(basename "$1") is not one JSON document"; }
}
