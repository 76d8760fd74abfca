#!/usr/bin/env bash
# The CLI conventions: help, version, usage errors and their exit codes,
# one JSON document with the schema, errors in JSON.
. "$FWD_TOP/tests/cli/lib.sh"

run 0 "$FWDISPATCH" --help
expect_in "$T/out" "usage: fwdispatch COMMAND"
expect_in "$T/out" "10  success, reboot required"
for c in detect plugins; do expect_in "$T/out" "  $c "; done
ok "--help lists the commands and the exit codes"

run 0 "$FWDISPATCH" --version
expect_in "$T/out" "fwdispatch "
expect_in "$T/out" "plugin ABI 2."
ok "--version"

run 0 "$FWDISPATCH" detect --help
expect_in "$T/out" "usage: fwdispatch detect"
expect_in "$T/out" "--dmi-file FILE"
expect_not_in "$T/out" "--host"
ok "detect --help shows only the options detect takes"

run 2 "$FWDISPATCH"
ok "no command: exit 2"
run 2 "$FWDISPATCH" frobnicate
expect_in "$T/err" "unknown command 'frobnicate'"
ok "unknown command: exit 2 with a message"
run 2 "$FWDISPATCH" detect --bogus
expect_in "$T/err" "unknown option '--bogus'"
ok "unknown option: exit 2"
run 2 "$FWDISPATCH" plugins --host 10.0.0.1
expect_in "$T/err" "does not apply to 'plugins'"
ok "an option of another command: exit 2"
run 2 "$FWDISPATCH" detect extra-arg
expect_in "$T/err" "unexpected argument 'extra-arg'"
ok "stray argument: exit 2"
run 2 "$FWDISPATCH" detect --dmi-file
expect_in "$T/err" "needs a value"
ok "option without its value: exit 2"

# A JSON failure is still exactly one document, with the error in it.
printf '\x7fELF\x01\x02garbage\x00\x00' > "$T/garbage.bin"
run 3 "$FWDISPATCH" detect --json --dmi-file "$T/garbage.bin"
one_json "$T/out"
jeq "$T/out" schema fwdispatch/1
jeq "$T/out" error.code bad-input
jeq "$T/out" error.exit_code 3
"$JGET" -f "$T/out" error.message >/dev/null || fail "no error.message"
[ -s "$T/err" ] || fail "no diagnostic on stderr"
ok "a failed --json command prints one document with error {code, message}"

# With --json, a wrong command line is one JSON document too (exit 2).
usage_json() { # EXPECTED-MESSAGE ARGS...
	local msg=$1
	shift
	run 2 "$FWDISPATCH" "$@" </dev/null
	one_json "$T/out"
	jeq "$T/out" error.code usage
	jeq "$T/out" error.exit_code 2
	"$JGET" -f "$T/out" error.message | grep -qF -- "$msg" ||
		fail "error.message of '$*' lacks '$msg'"
	expect_in "$T/err" "$msg"
}
usage_json "unknown option '--bogus'" detect --json --bogus
usage_json "unknown option '--bogus'" detect --bogus --json
usage_json "is not a port number" update --json --port abc --bmc x.hpm
usage_json "does not apply to 'plugins'" plugins --json --host 10.0.0.1
usage_json "unexpected argument 'extra'" detect --json extra
usage_json "unknown command 'frobnicate'" frobnicate --json
usage_json "nothing to do: give --bmc IMAGE" update --json
usage_json "give --yes to run it unattended" update --json --bmc x.hpm
ok "--json with a wrong command line: one document, error.code usage, exit_code 2"

# Abbreviations are not taken, and a near miss gets a suggestion.
run 2 "$FWDISPATCH" update --dry --bmc x.hpm
expect_in "$T/err" "unknown option '--dry': did you mean --dry-run?"
run 2 "$FWDISPATCH" detect --jsno
expect_in "$T/err" "unknown option '--jsno': did you mean --json?"
run 2 "$FWDISPATCH" update --bmc-timeout=5x --bmc x.hpm
expect_in "$T/err" "--bmc-timeout '5x' is not a number of seconds"
ok "no abbreviation is taken ('--dry'), a mistyped option gets 'did you mean --dry-run?'"

# stdout write errors are not success.
if [ -w /dev/full ]; then
	"$FWDISPATCH" plugins --json >/dev/full 2>"$T/err"
	[ $? -ne 0 ] || fail "writing to a full disk was reported as success"
	expect_in "$T/err" "cannot write to stdout"
	ok "a write error on stdout is a failure"
fi
