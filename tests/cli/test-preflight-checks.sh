#!/usr/bin/env bash
# The preflight's checks of the machine (issue 13), against the simulated
# BMC: each check's verdict is a line of the preflight and an entry of the
# JSON's "preflight" array, also in --dry-run.  Here the BMC's self-test
# (mc_selftest= of the simulator): passed -> pass; not implemented -> skip;
# failed or fatal -> refuse, exit 3, nothing sent to the BMC, naming
# --allow-bmc-selftest-failure; with it -> "overridden", kept in the
# journal and the history.
. "$FWD_TOP/tests/cli/lib.sh"
sim_require

initiates() { log_count '^initiate ' || true; }
# --- passed: a line in the human dry run, "pass" in the JSON
sim_start --profile supermicro --dir "$T/bmc"
mkimage v172 1.72 --sha256-out "$T/v172.hpm.sha256"
fwd_update 0 --dry-run --bmc "$T/v172.hpm"
expect_in "$T/out" "check bmc-selftest"
grep -E "check bmc-selftest +pass +the BMC passes its self-test" "$T/out" >/dev/null ||
	fail "no 'pass' line for the self-test: $(grep check "$T/out")"
grep -E '\[ ok \] preflight-checks' "$T/out" >/dev/null || fail "no preflight-checks step"
fwd_update_json 0 --dry-run --bmc "$T/v172.hpm"
check_verdict "$T/out" bmc-selftest pass
fwd_update 0 --events --dry-run --bmc "$T/v172.hpm"
grep -E '^\{"event":"check",.*"check":\{"check":"bmc-selftest","verdict":"pass"' "$T/out" \
	>/dev/null || fail "no check event: $(grep -c . "$T/out") lines"
ok "a BMC that passes its self-test: a 'pass' line in the dry run, the JSON and the events"
sim_stop

# --- failed (57h) and fatal (58h): refused before anything is sent
for how in fail fatal; do
	sim_start --profile supermicro --dir "$T/bmc-$how" --module-args "mc_selftest=$how"
	fwd_update_json 3 --bmc "$T/v172.hpm"
	check_verdict "$T/out" bmc-selftest refuse
	jeq "$T/out" result failed
	jeq "$T/out" changed false
	jeq "$T/out" backup null
	expect_in "$T/out" "--allow-bmc-selftest-failure"
	[ "$(initiates)" = 0 ] || fail "mc_selftest=$how: an upgrade was sent to the BMC"
	ipmi mc info >"$T/mcinfo" 2>&1
	expect_in "$T/mcinfo" "Firmware Revision         : 1.71"
	[ -z "$(ls "$T/state/backups" 2>/dev/null)" ] ||
		fail "a backup was written before a refusal"
	fwd_update 3 --dry-run --bmc "$T/v172.hpm"
	grep -E "check bmc-selftest +refuse" "$T/out" >/dev/null ||
		fail "the dry run shows no refusal: $(grep check "$T/out")"
	ok "mc_selftest=$how: refused (exit 3) in the run and the dry run, nothing sent"
	sim_stop
done

# --- overridden: the run goes on, and the journal and the history say so
sim_start --profile supermicro --dir "$T/bmc-override" --module-args "mc_selftest=fail"
fwd_update_json 0 --bmc "$T/v172.hpm" --allow-bmc-selftest-failure
check_verdict "$T/out" bmc-selftest overridden
jeq "$T/out" bmc.after 1.72
history=$("$JGET" -f "$T/out" history)
grep '"overridden"' "$history" >/dev/null || fail "the history does not keep the override"
grep -l '"overridden"' "$T"/state/runs/*.json >/dev/null 2>&1 ||
	fail "no journal keeps the override: $(ls "$T/state/runs")"
ok "--allow-bmc-selftest-failure: flashed, the verdict 'overridden' in the JSON, journal, history"
sim_stop

# --- not implemented: "skip", and the run goes on
sim_start --profile supermicro --dir "$T/bmc-notimpl" --module-args "mc_selftest=notimpl"
rm -rf "$T/state"
fwd_update_json 0 --bmc "$T/v172.hpm"
check_verdict "$T/out" bmc-selftest skip
jeq "$T/out" bmc.after 1.72
ok "a BMC without a self-test: 'skip', and the update runs"
sim_stop
