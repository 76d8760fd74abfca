#!/usr/bin/env bash
# A Redfish BMC that fails the way real ones do (tests/sim/fwd-redfish-sim
# faults): each failure gives its exit code, says where the run stopped,
# changes nothing it should not, and leaves a way forward that status names.
. "$(dirname "$0")/lib.sh"
rf_require

rf_start --task-seconds 1 --reset-silence 1
bmc_fw() { rf_get /redfish/v1/Managers/BMC | "$JGET" FirmwareVersion; }
n=1
# update EXIT [OPTIONS...]: the next BMC version, as $T/out (JSON) and $T/err.
update() {
	local want=$1
	shift
	n=$((n + 1))
	rf_image "bmc-$n" bmc "$n.0.0" 50000
	run "$want" "$FWDISPATCH" update "${RF[@]}" --bmc "$T/bmc-$n.bin" --bmc-version "$n.0.0" \
		--bmc-timeout 20 --yes --json "$@"
	one_json "$T/out"
}
# The last run failed, the BMC was not flashed: start afresh next time.
abandon() {
	run 0 "$FWDISPATCH" status "${RF[@]}" --json
	"$FWDISPATCH" update "${RF[@]}" --abandon-unfinished --dry-run --bmc "$T/bmc-$n.bin" \
		--bmc-version "$n.0.0" >/dev/null 2>&1
	rm -f "$T/state/runs/"*.json
}

# 1. The BMC refuses the image after the upload (Update.*.VerificationFailed).
rf_fault verify-fail
update 4
jeq "$T/out" error.code flash-failed
jeq "$T/out" stopped_at bmc-job
expect_in "$T/out" "Update.1.0.VerificationFailed"
expect_in "$T/out" "refused it"
[ "$(bmc_fw)" = 1.0.0 ] || fail "a refused image changed the BMC"
"$JGET" -f "$T/out" recovery_hints >/dev/null || fail "no recovery hints"
run 0 "$FWDISPATCH" status "${RF[@]}"
expect_in "$T/out" "failed   bmc-job"
ok "VerificationFailed: exit 4, stopped at bmc-job, the old firmware runs, status tells"
abandon

# 2. The apply fails (Update.*.ApplyFailed).
rf_fault apply-fail
update 4
expect_in "$T/out" "Update.1.0.ApplyFailed"
expect_in "$T/out" "'fwdispatch status' says what it runs"
ok "ApplyFailed: exit 4 with the service's message"
abandon

# 3. Another push runs (503): busy, nothing flashed.
rf_fault busy
update 7
jeq "$T/out" error.code busy
expect_in "$T/out" "busy (503"
expect_in "$T/out" "nothing was flashed"
rf_fault busy=off
[ "$(bmc_fw)" = 1.0.0 ] || fail "changed"
ok "a concurrent push (503): exit 7, nothing flashed"
abandon

# 4. A 5xx answers where a resource is read: exit 1, named.
rf_fault http-500=50
update 1
expect_in "$T/out" "answered 500"
rf_fault http-500=off
ok "a 500 from the service: the run stops, naming the request and the answer"
abandon

# 5. The version is reported late: waited for, then verified.
rf_fault late-version=5
update 0
jeq "$T/out" bmc.after "$n.0.0"
expect_in "$T/err" "report their new version late"
[ "$(bmc_fw)" = "$n.0.0" ] || fail "not updated"
ok "a BMC reporting its new version late: waited for within --bmc-timeout, verified"

# 6. The new firmware does not take: verification fails (exit 5) after the wait.
rf_fault no-new-version
update 5
jeq "$T/out" error.code verify-mismatch
jeq "$T/out" stopped_at bmc-verify
rf_fault no-new-version=off
ok "an image that did not take: exit 5 at bmc-verify once --bmc-timeout is spent"
abandon

# 7. The task vanishes: the inventory tells.
rf_fault vanish-task
update 0
jeq "$T/out" bmc.after "$n.0.0"
expect_in "$T/err" "is gone"
rf_fault vanish-task=off
ok "a task that vanishes: the update is judged by what the BMC runs"

# 8. A stuck task: --job-timeout ends the wait, exit 1, a way forward.
rf_fault stuck-task
update 1 --job-timeout 4
jeq "$T/out" error.code timeout
expect_in "$T/out" "still runs after 4 s"
rf_fault stuck-task=off
run 0 "$FWDISPATCH" status "${RF[@]}"
expect_in "$T/out" "next:"
ok "a stuck task: exit 1 after --job-timeout; status names the next step"
# What an operator does about a hung task: restart the BMC, which ends it.
rf_send POST /redfish/v1/Managers/BMC/Actions/Manager.Reset '{"ResetType": "ForceRestart"}' \
	>/dev/null
sleep 3
abandon

# 9. The connection drops in the middle of the upload: exit 6, resume pushes again.
rf_fault drop-upload
update 6
jeq "$T/out" stopped_at bmc-upload
[ "$(bmc_fw)" != "$n.0.0" ] || fail "a cut upload was applied"
run 0 "$FWDISPATCH" resume "${RF[@]}" --yes --json
jeq "$T/out" bmc.after "$n.0.0"
cmp -s "$T/bmc-$n.bin" "$FWD_RF_PAYLOAD" || fail "the resumed push sent other bytes"
ok "an upload cut off: exit 6; resume pushes it again whole and verifies"
