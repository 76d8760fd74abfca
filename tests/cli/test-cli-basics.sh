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

# stdout write errors are not success.
if [ -w /dev/full ]; then
	"$FWDISPATCH" plugins --json >/dev/full 2>"$T/err"
	[ $? -ne 0 ] || fail "writing to a full disk was reported as success"
	expect_in "$T/err" "cannot write to stdout"
	ok "a write error on stdout is a failure"
fi
