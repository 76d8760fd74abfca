#!/usr/bin/env bash
# `fwdispatch update` against interruptions, on the simulated Supermicro BMC
# with real ipmitool: the dry run (its plan, nothing sent), the journal
# after kill -9 at every step boundary (status tells the truth, resume
# finishes with one upload and the payload byte for byte), --yes, the
# manifest's upgrade path, the history, and verify.
. "$FWD_TOP/tests/cli/lib.sh"
sim_require
state=$T/state

sim_start --profile supermicro --module-args 'activation=reset' --reset-silence 3

# --- no --yes, stdin not a terminal: refused before anything
mkimage v172 1.72
run 2 "$FWDISPATCH" update --bmc "$T/v172.hpm" --host "$FWD_SIM_HOST" --port "$FWD_SIM_PORT" \
	--user "$FWD_SIM_USER" --password-file "$FWD_SIM_PASSWORD_FILE" --cipher 3 \
	--state-dir "$state"
expect_in "$T/err" "give --yes"
[ "$(log_count '^initiate')" = 0 ] || fail "an update without --yes sent something"
ok "without --yes and no terminal: exit 2 before any command reaches the BMC"

# --- dry run: the plan with the exact commands; nothing sent, nothing written
before=$(wc -l <"$FWD_SIM_LOG")
fwd_update_json 0 --dry-run --bmc "$T/v172.hpm"
jeq "$T/out" result dry-run
grep -q "hpm upgrade $T/v172.hpm force activate" "$T/out" || fail "no hpm upgrade in the plan"
grep -q -- "-H $FWD_SIM_HOST -p $FWD_SIM_PORT -U $FWD_SIM_USER -C 3 -E" "$T/out" ||
	fail "the plan's ipmitool command lacks the exact target options"
grep -qF -- "$(head -n 1 "$FWD_SIM_PASSWORD_FILE")" "$T/out" && fail "the password is in the plan"
[ "$(sed -n "$((before + 1)),\$p" "$FWD_SIM_LOG" | grep -cE '^(initiate|upload|finish|activate|cold-reset)')" = 0 ] ||
	fail "the dry run sent a command that changes the BMC"
[ ! -e "$state/backups" ] && [ ! -e "$state/runs" ] || fail "the dry run wrote to the state folder"
expect_fw 1.71 "after the dry run"
ok "dry run: plan with 'ipmitool -I lanplus -H ... -E hpm upgrade ...', no password, nothing sent or written"

# --- kill -9 right after each step, then status and resume
version=72
for step in identify check-bmc-image backup bmc-upload bmc-reset bmc-wait bmc-verify lan-check; do
	new=1.$version
	old=$(mc_fw)
	mkimage "v$version" "$new"
	initiated=$(log_count '^initiate action')
	# (the hook is only in the test build: see below)
	FWDISPATCH=$FWDISPATCH_HOOKED FWDISPATCH_TEST_KILL_AFTER=$step \
		fwd_update 137 --yes --bmc "$T/v$version.hpm"
	run 0 "$FWDISPATCH" status --state-dir "$state"
	expect_in "$T/out" "UNFINISHED: the run was interrupted in step '$step'"
	run 0 "$FWDISPATCH" status --json --state-dir "$state"
	jeq "$T/out" state interrupted
	fwd_resume 0 --json
	jeq "$T/out" result ok
	jeq "$T/out" bmc.after "$new"
	expect_fw "$new" "after resume"
	uploads=$(( $(log_count '^initiate action') - initiated ))
	[ "$uploads" = 1 ] || fail "kill after $step: $uploads uploads for one run (expected 1)"
	cmp "$T/v$version.payload" "$FWD_SIM_PAYLOAD" || fail "kill after $step: other bytes flashed"
	[ -z "$(ls -A "$state/staging")" ] || fail "kill after $step: staged copies left: $(ls "$state/staging")"
	run 0 "$FWDISPATCH" status --json --state-dir "$state"
	jeq "$T/out" state ok
	fwd_resume 3
	expect_in "$T/err" "nothing to resume"
	ok "kill -9 after $step ($old -> $new): status says unfinished, resume finishes with one upload, byte for byte"
	version=$((version + 1))
done

# --- the fwdispatch that gets installed has no such hook
new=1.$version
mkimage "v$version" "$new"
FWDISPATCH_TEST_KILL_AFTER=identify fwd_update_json 0 --bmc "$T/v$version.hpm"
jeq "$T/out" result ok
expect_fw "$new" "after an update with FWDISPATCH_TEST_KILL_AFTER set"
ok "FWDISPATCH_TEST_KILL_AFTER does nothing to the release binary: the update ran to its end"
version=$((version + 1))

# --- a manifest whose upgrade path forbids the running version
new=1.$version
mkimage "v$version" "$new"
sha=$(sha256sum "$T/v$version.hpm" | cut -d' ' -f1)
cat >"$T/manifest.json" <<JSON
{ "schema": "fwdispatch-manifest/1",
  "images": [ { "component": "bmc", "file": "v$version.hpm", "version": "$new", "sha256": "$sha",
                "boards": ["X11SSH-F", "X11SSH-LN4F"], "min_running": "2.00" } ] }
JSON
initiated=$(log_count '^initiate action')
fwd_update_json 3 --yes --manifest "$T/manifest.json" --dmi-file "$FWD_TOP/tests/data/dmi/supermicro-x11ssh-f.txt"
expect_in "$T/err" "over 2.00 or later"
[ "$(log_count '^initiate action')" = "$initiated" ] || fail "a refused manifest image was sent"
ok "manifest: an image that must go over 2.00 is refused on a BMC running $(mc_fw), nothing sent"

sed -i 's/"min_running": "2.00"/"min_running": "1.70"/' "$T/manifest.json"
fwd_update_json 0 --yes --manifest "$T/manifest.json" --dmi-file "$FWD_TOP/tests/data/dmi/supermicro-x11ssh-f.txt"
jeq "$T/out" bmc.after "$new"
jeq "$T/out" history "$state/history.jsonl"
tail -n 1 "$state/history.jsonl" >"$T/last-entry.json"
jeq "$T/last-entry.json" new "$new"
fwd_update_json 0 --yes --manifest "$T/manifest.json" --dmi-file "$FWD_TOP/tests/data/dmi/supermicro-x11ssh-f.txt"
jeq "$T/out" bmc.skipped "already runs the manifest's version"
ok "manifest: the listed image installs over 1.70+, and a second run finds nothing to do"

# --- the history of all these runs
run 0 "$FWDISPATCH" history --json --state-dir "$state"
n=$(grep -o '"component"' "$T/out" | wc -l)
[ "$n" -ge 10 ] || fail "history has $n entries after 11 runs"
"$JGET" -f "$T/out" history.0.new | grep -qx 1.72 || fail "the first history entry is not the 1.72 run"
[ "$(stat -c %a "$state/history.jsonl")" = 600 ] || fail "history.jsonl is not 0600"
run 0 "$FWDISPATCH" history --state-dir "$state"
expect_in "$T/out" "1.71 -> 1.72"
ok "history: one 0600 JSON line per run and component, oldest first, shown as a table"
sim_stop
