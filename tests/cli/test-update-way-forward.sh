#!/usr/bin/env bash
# Every state a run can leave has a way forward, and the commands fwdispatch
# tells the operator to run work as written: a BMC that comes back only
# after --bmc-timeout leaves the run unfinished (not a dead end); an update
# with other images is refused over it and names 'resume'; a resume that
# fails before it changes anything leaves the run resumable with its
# backup; the resume that status names, run as printed, finishes the run
# (LAN check included); the same update run again carries on like a
# resume; --abandon-unfinished starts anew.
. "$FWD_TOP/tests/cli/lib.sh"
sim_require
state=$T/state
mkdir -p "$state"
PATH=$(dirname "$FWDISPATCH"):$PATH   # the commands say "fwdispatch ..."

# wait_bmc: until the simulated BMC answers again (at most a minute).
wait_bmc() {
	for _ in $(seq 60); do
		[ -n "$(mc_fw)" ] && return
		sleep 1
	done
	fail "the simulated BMC did not come back"
}

# (40 s: the first run, the refused one and a failing resume all fall inside it,
# each failed wait asking once more after its bound and then why.)
sim_start --profile supermicro --module-args 'activation=reset' --reset-silence 40
mkimage v172 1.72

# --- the BMC comes back after the bound: exit 6, and the run is unfinished
fwd_update_json 6 --bmc "$T/v172.hpm" --bmc-timeout 3
jeq "$T/out" stopped_at bmc-wait
backup=$("$JGET" -f "$T/out" backup)
first=$("$JGET" -f "$T/out" run_id)
run 0 "$FWDISPATCH" status --json --state-dir "$state"
jeq "$T/out" state failed
jeq "$T/out" next.action resume
cmd=$("$JGET" -f "$T/out" next.command)
want="fwdispatch resume --host $FWD_SIM_HOST --port $FWD_SIM_PORT --user $FWD_SIM_USER"
want="$want --password-file $(realpath "$FWD_SIM_PASSWORD_FILE") --cipher 3"
want="$want --state-dir $(realpath "$state")"
[ "$cmd" = "$want" ] || fail "status names '$cmd', expected '$want'"
run 0 "$FWDISPATCH" status --state-dir "$state"
expect_in "$T/out" "UNFINISHED: the run failed in step 'bmc-wait' after it began to change"
expect_in "$T/out" "next: '$cmd' finishes it"
ok "BMC back only after --bmc-timeout: exit 6, status says UNFINISHED and names the resume command"

# --- an update with other images is refused over it, names the resume, changes nothing
mkimage v180 1.80
initiated=$(log_count '^initiate')
fwd_update_json 3 --bmc "$T/v180.hpm"
expect_in "$T/err" "is unfinished: its backup holds the BMC's settings as they were"
expect_in "$T/err" "Finish it with '$cmd'"
expect_in "$T/err" "--abandon-unfinished"
[ "$(log_count '^initiate')" = "$initiated" ] || fail "the refused update sent an upgrade"
run 0 "$FWDISPATCH" status --json --state-dir "$state"
jeq "$T/out" last_update.run_id "$first"
jeq "$T/out" next.action resume
ok "an update with other images over the unfinished run: exit 3, names the resume, nothing sent"

# --- a resume that fails before changing anything leaves the run resumable
fwd_resume 6 --bmc-timeout 2
expect_in "$T/err" "does not answer"
run 0 "$FWDISPATCH" status --json --state-dir "$state"
jeq "$T/out" last_update.run_id "$first"
jeq "$T/out" next.action resume
"$JGET" -f "$T/out" last_update.last_resume.error.message | grep -q "does not answer" ||
	fail "status does not show why the last resume failed"
run 0 "$FWDISPATCH" status --state-dir "$state"
expect_in "$T/out" "the last attempt to resume it"
wait_bmc
mv "$T/v172.hpm" "$T/moved.hpm"
fwd_resume 3
run 0 "$FWDISPATCH" status --json --state-dir "$state"
jeq "$T/out" last_update.run_id "$first"
jeq "$T/out" next.action resume
mv "$T/moved.hpm" "$T/v172.hpm"
cp "$T/v172.hpm" "$T/kept.hpm"
cp "$T/v180.hpm" "$T/v172.hpm"
fwd_resume 3
expect_in "$T/err" "but the interrupted run's journal says"
cp "$T/kept.hpm" "$T/v172.hpm"
run 0 "$FWDISPATCH" status --json --state-dir "$state"
jeq "$T/out" next.action resume
ok "resumes that fail before changing anything (BMC away, image moved or changed, the journal's SHA-256 named): the run stays resumable"

# --- resume --dry-run: what it would do from what the BMC runs now; nothing changes
cp "$state/runs/${FWD_SIM_HOST}_$FWD_SIM_PORT.json" "$T/journal-before"
run 0 bash -c "$cmd --dry-run"
expect_in "$T/out" "dry run: what resuming would do with run $first"
expect_in "$T/out" "dry run: nothing was changed or sent to the BMC"
grep -qE '^\[(keep|skip| ok )\] bmc-upload|^\[.*\] bmc-upload +.*(already|flashed it)' "$T/out" ||
	fail "the dry run does not say the upload is done: $(cat "$T/out")"
expect_in "$T/out" "lan-check"
run 0 bash -c "$cmd --dry-run --json"
one_json "$T/out"
jeq "$T/out" dry_run true
jeq "$T/out" resumed_from "$first"
cmp -s "$state/runs/${FWD_SIM_HOST}_$FWD_SIM_PORT.json" "$T/journal-before" ||
	fail "resume --dry-run changed the journal"
[ "$(log_count '^initiate')" = "$initiated" ] || fail "resume --dry-run sent an upgrade"
run 2 bash -c "$cmd --dry-run --detach"
ok "resume --dry-run: says what it would do (upload kept, LAN check to come), journal untouched"

# --- the resume status names, run as written, finishes the run
run 0 bash -c "$cmd --yes --json"
one_json "$T/out"
jeq "$T/out" result ok
jeq "$T/out" backup "$backup"
jeq "$T/out" bmc.after 1.72
"$JGET" -f "$T/out" steps | grep -q '"lan-check"' || fail "the resumed run skipped the LAN check"
[ "$(log_count '^initiate')" = "$initiated" ] || fail "the resume flashed the BMC again"
expect_fw 1.72 "after the resume"
run 0 "$FWDISPATCH" status --json --state-dir "$state"
jeq "$T/out" state ok
jeq "$T/out" next.action null
ok "the printed resume command finishes the run: same backup, no second flash, LAN checked"

# --- the same update again carries on from where its run stopped
mkimage v173 1.73
fwd_update_json 6 --bmc "$T/v173.hpm" --bmc-timeout 3
second=$("$JGET" -f "$T/out" run_id)
initiated=$(log_count '^initiate')
wait_bmc
fwd_update_json 0 --bmc "$T/v173.hpm"
jeq "$T/out" resumed_from "$second"
jeq "$T/out" bmc.after 1.73
"$JGET" -f "$T/out" steps | grep -q '"lan-check"' || fail "the re-run skipped the LAN check"
[ "$(log_count '^initiate')" = "$initiated" ] || fail "the re-run flashed the BMC again"
ok "the same update run again over its unfinished run: carried on (resumed_from), no second flash"

# --- --abandon-unfinished starts anew over an unfinished run
mkimage v174 1.74
fwd_update_json 6 --bmc "$T/v174.hpm" --bmc-timeout 3
third=$("$JGET" -f "$T/out" run_id)
wait_bmc
mkimage v175 1.75
fwd_update_json 3 --bmc "$T/v175.hpm"
fwd_update_json 0 --bmc "$T/v175.hpm" --abandon-unfinished
jeq "$T/out" abandoned "$third"
jeq "$T/out" bmc.after 1.75
expect_in "$T/err" "is abandoned"
ok "--abandon-unfinished: the unfinished run is named as abandoned, the new one runs to its end"
sim_stop
