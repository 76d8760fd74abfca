#!/usr/bin/env bash
# The journal cannot record a run's end (its disk filled: issue 12, defect 9):
# the run still exits with its true result and says that the journal is
# behind, how the run really ended and what to do; `status` afterwards never
# claims another result: it reads the end from last-update.json when that
# could be written, and otherwise says the journal may be behind.  The full
# disk is the hooked build's FWDISPATCH_TEST_DISK_FULL (Makefile: HOOKED_CLI):
# "end" fails the journal's last write, "end-all" also the history and
# last-update.json.  A BIOS staged through the sum stand-in is the run.
. "$FWD_TOP/tests/cli/lib.sh"
sim_require
command -v flock >/dev/null || { echo "skip: 'flock' is not installed"; exit 77; }

sim_start --profile supermicro --dir "$T/bmc"
state=$T/state
standin_setup sum
mkimage_vendor X11SSH9.B24 200000
bios_img=$T/X11SSH9.B24
journal() { ls "$state"/runs/*.json; }

# --- a run that succeeds, its journal's end lost
scenario
FWDISPATCH=$FWDISPATCH_HOOKED FWDISPATCH_TEST_DISK_FULL=end fwd_update_json 10 --bios "$bios_img"
jeq "$T/out" result ok
jeq "$T/out" bios.outcome staged
expect_in "$T/err" "the journal could not record how this run ended"
expect_in "$T/err" "this run really ended: ok (exit 10)"
expect_in "$T/err" "fwdispatch resume "
"$JGET" -f "$T/out" journal_error | grep -q "No space left on device" ||
	fail "journal_error: $("$JGET" -f "$T/out" journal_error)"
! "$JGET" -f "$(journal)" result >/dev/null 2>&1 || fail "the hook did not keep the end out of the journal"
ok "the journal's last write fails: exit 10 all the same, the warning says the journal is behind and how the run ended"
run 0 "$FWDISPATCH" status --state-dir "$state"
expect_in "$T/out" "the journal stops before this run's end"
expect_in "$T/out" "last-update.json"
expect_in "$T/out" "next: a BIOS waits for the host's reboot"
expect_not_in "$T/out" "UNFINISHED"
expect_not_in "$T/out" "interrupted"
run 0 "$FWDISPATCH" status --json --state-dir "$state"
jeq "$T/out" state ok
jeq "$T/out" next.action reboot-then-verify
jeq "$T/out" end_recorded_in "$state/last-update.json"
ok "status then reads the end from last-update.json: ok, reboot then verify (not 'interrupted')"

# --- a run that fails, its end lost: its exit and message are the failure's own
scenario sum_bios_exit=149
FWDISPATCH=$FWDISPATCH_HOOKED FWDISPATCH_TEST_DISK_FULL=end fwd_update_json 4 --bios "$bios_img"
jeq "$T/out" result failed
jeq "$T/out" error.exit_code 4
expect_in "$T/err" "the flash may have stopped midway"
expect_in "$T/err" "this run really ended: failed (exit 4, flash-failed)"
expect_not_in "$T/err" "error: cannot write the journal"
run 0 "$FWDISPATCH" status --json --state-dir "$state"
jeq "$T/out" state failed
jeq "$T/out" next.action resume
"$JGET" -f "$T/out" next.caution | grep -q "BIOS flash failed" || fail "no caution: $(cat "$T/out")"
ok "a failed run whose end is lost: exit 4 with its own message (not the journal's), status says failed"

# --- nothing could record the end: status says the journal may be behind
scenario
FWDISPATCH=$FWDISPATCH_HOOKED FWDISPATCH_TEST_DISK_FULL=end-all fwd_update_json 10 --bios "$bios_img"
expect_in "$T/err" "the journal could not record how this run ended"
expect_in "$T/err" "the history misses this run"
expect_in "$T/err" "the report is not kept"
run 0 "$FWDISPATCH" status --state-dir "$state"
expect_in "$T/out" "the journal shows the run at the last step it recorded; if the run was not killed, it could not record its end"
expect_in "$T/out" "fwdispatch resume "
run 0 "$FWDISPATCH" status --json --state-dir "$state"
jeq "$T/out" end_recorded_in null
jeq "$T/out" next.action resume
ok "journal, history and last-update.json all full: status says the record may be behind and names resume"
# The resume it names completes the record without staging the BIOS again.
# (Its preflight asks sum its questions again; it flashes nothing.)
calls_before=$(sum_updates | wc -l)
fwd_resume 10 --json
[ "$(sum_updates | wc -l)" = "$calls_before" ] || fail "the resume staged again: $(sum_calls)"
run 0 "$FWDISPATCH" status --json --state-dir "$state"
jeq "$T/out" state ok
jeq "$T/out" next.action reboot-then-verify
ok "the resume status names keeps the staged BIOS and records the end: status ok"
