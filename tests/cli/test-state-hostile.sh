#!/usr/bin/env bash
# status reads journals that may have been cut short or tampered with: a
# step without a status or a name, a record without its fields.  It must
# neither crash (status --follow did, on {"steps":[{}]}) nor print "(null)".
. "$FWD_TOP/tests/cli/lib.sh"
state=$T/state
mkdir -m 0700 -p "$state/runs"

for journal in '{"steps":[{}]}' '{"steps":[{"status":"running"}]}' \
	'{"steps":[{"name":"x"}],"bios":{"job":{}},"verified":{}}'; do
	printf '%s\n' "$journal" >"$state/runs/local.json"
	chmod 600 "$state/runs/local.json"
	for how in "" --follow --json; do
		# shellcheck disable=SC2086
		run 0 timeout 20 "$FWDISPATCH" status --state-dir "$state" $how
		expect_not_in "$T/out" "(null)"
	done
done
ok "status, status --follow and status --json on broken journals: exit 0, no crash, no (null)"

printf '{}\n' >"$state/runs/local.json"
run 3 "$FWDISPATCH" status --state-dir "$state"
expect_in "$T/err" "is not a run journal"
ok "a journal with nothing of a run in it: refused as such (exit 3)"
