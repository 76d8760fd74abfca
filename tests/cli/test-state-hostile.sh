#!/usr/bin/env bash
# State files that were cut short or tampered with.  status reads journals
# with a step without a status or a name, a record without its fields: it
# must neither crash (status --follow did, on {"steps":[{}]}) nor print
# "(null)".  A FIFO planted as the journal, the history, the run's log or
# given as --password-file is refused at once, saying what it is, instead
# of hanging the run (at the history: after a verified flash).  A state
# folder under a folder others can write to (not sticky) is refused.
. "$FWD_TOP/tests/cli/lib.sh"
sim_require
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

# A detail with escape sequences (a BMC's or a tool's words, or a tampered
# journal) reaches the terminal as visible text, never as a sequence.
printf '%s\n' '{"steps":[{"name":"bios-stage","status":"ok","detail":"RED001\u001b[2J\u001b[32mBIOS is updated\r\u009b2J\u202eko"}]}' \
	>"$state/runs/local.json"
run 0 "$FWDISPATCH" status --state-dir "$state"
! grep -q $'\033' "$T/out" "$T/err" || fail "an escape sequence reached the terminal: $(cat -A "$T/out")"
! grep -q $'\r' "$T/out" || fail "a carriage return reached the terminal"
! grep -q $'\xc2\x9b' "$T/out" || fail "a C1 control reached the terminal"
! grep -q $'\xe2\x80\xae' "$T/out" || fail "a bidi override reached the terminal"
expect_in "$T/out" 'RED001\x1b[2J\x1b[32mBIOS is updated\x0d\u009b2J\u202eko'
run 0 "$FWDISPATCH" status --json --state-dir "$state"
jeq "$T/out" last_update.steps.0.detail $'RED001\033[2J\033[32mBIOS is updated\r\xc2\x9b2J\xe2\x80\xaeko'
ok "status: escape sequences, CR, C1 and bidi controls shown as text; --json keeps the data"

printf '{}\n' >"$state/runs/local.json"
run 3 "$FWDISPATCH" status --state-dir "$state"
expect_in "$T/err" "is not a run journal"
ok "a journal with nothing of a run in it: refused as such (exit 3)"

# --- FIFOs: refused at once, never waited on
mkfifo "$T/pw.fifo"
run 3 timeout 20 "$FWDISPATCH" backup --state-dir "$state" --host 192.0.2.1 --user u \
	--password-file "$T/pw.fifo"
expect_in "$T/err" "password file '$T/pw.fifo' is a FIFO, not a regular file"
rm -f "$state/runs/local.json"
mkfifo "$state/runs/192.0.2.1_623.json"
run 3 timeout 20 "$FWDISPATCH" status --state-dir "$state" --host 192.0.2.1
expect_in "$T/err" "the journal '$state/runs/192.0.2.1_623.json' is a FIFO, not a regular file"
rm -f "$state/runs/192.0.2.1_623.json"
mkfifo "$state/history.jsonl"
run 3 timeout 20 "$FWDISPATCH" history --state-dir "$state"
expect_in "$T/err" "history '$state/history.jsonl' is a FIFO"
ok "a FIFO as password file, journal or history: refused at once, named as a FIFO"

sim_start --profile supermicro
mkimage v172 1.72
# shellcheck disable=SC2046
run 0 timeout 120 "$FWDISPATCH" update --yes --json $(target_opts) --state-dir "$state" \
	--bmc "$T/v172.hpm"
jeq "$T/out" bmc.after 1.72
jeq "$T/out" history null
expect_in "$T/err" "the history misses this run: history '$state/history.jsonl' is a FIFO"
run 0 "$FWDISPATCH" status --json --state-dir "$state"
jeq "$T/out" state ok
ok "a FIFO as the history: the flash ends, verified, its journal says ok, the history is said to miss it"

rm -f "$state/history.jsonl"
mkimage v173 1.73
rm -f "$state/runs/${FWD_SIM_HOST}_$FWD_SIM_PORT.log"
mkfifo "$state/runs/${FWD_SIM_HOST}_$FWD_SIM_PORT.log" || fail "mkfifo"
# shellcheck disable=SC2046
run 3 timeout 60 "$FWDISPATCH" update --yes --detach $(target_opts) --state-dir "$state" \
	--bmc "$T/v173.hpm"
expect_in "$T/err" "is a FIFO, not a regular file: move it away"
[ "$(mc_fw)" = 1.72 ] || fail "the refused detach flashed the BMC"
ok "a FIFO as the run's log: --detach refused at once (exit 3), nothing flashed"
rm -f "$state/runs/${FWD_SIM_HOST}_$FWD_SIM_PORT.log"

# --- A folder above the state folder that others may change (issue 12, defect 2):
# whoever can write there can swap the folder the tools are handed staged copies from.
mkdir -m 0700 "$T/open" "$T/open/state"
chmod 0777 "$T/open"
# shellcheck disable=SC2046
run 3 "$FWDISPATCH" update --yes $(target_opts) --state-dir "$T/open/state" --bmc "$T/v173.hpm"
expect_in "$T/err" "state folder '$T/open/state' is under '$T/open', which is writable by others (mode 0777) and not sticky"
# shellcheck disable=SC2046
run 3 "$FWDISPATCH" update --yes $(target_opts) --state-dir "$T/open/new" --bmc "$T/v173.hpm"
expect_in "$T/err" "state folder '$T/open/new' cannot be created there: its parent is '$T/open', which is writable by others"
[ ! -e "$T/open/new" ] || fail "a state folder was created in a folder others can write to"
[ -z "$(ls -A "$T/open/state")" ] || fail "the refused run wrote into the state folder: $(ls -A "$T/open/state")"
[ "$(mc_fw)" = 1.72 ] || fail "the refused run flashed the BMC"
ok "a state folder under a folder others can write to (not sticky): exit 3, nothing created, nothing flashed"
chmod 1777 "$T/open"
# shellcheck disable=SC2046
run 0 timeout 120 "$FWDISPATCH" update --yes $(target_opts) --state-dir "$T/open/state" \
	--bmc "$T/v173.hpm"
[ "$(mc_fw)" = 1.73 ] || fail "the BMC was not flashed under a sticky parent"
ok "the same folder made sticky, as /tmp: the update runs"
sim_stop
