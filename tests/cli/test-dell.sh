#!/usr/bin/env bash
# The dell plugin end to end: the real CLI, the simulated iDRAC (tests/sim,
# profile dell) and the racadm stand-in (tests/vendor/racadm).
#
# - iDRAC and BIOS in one run: the iDRAC job is followed to Completed, the
#   iDRAC really resets and comes back, its new version is verified, and
#   only then is the BIOS staged (job Scheduled: reboot required, exit 10);
#   racadm got the verified bytes; the password never shows.
# - `fwdispatch status` reads the BIOS job again: Scheduled, then Completed
#   once the host has rebooted.
# - RAC987 with a non-zero exit is a created job; no RAC987 is a failure
#   with racadm's words; a Failed job (RED007) fails with its message and
#   the recovery hints; a failed iDRAC job stops the BIOS from being staged;
#   a job that never ends is bounded by --job-timeout.
# - In-band: no remote options, no password on any racadm command line.
. "$FWD_TOP/tests/cli/lib.sh"
sim_require
[ -x "$FWD_TOP/tests/vendor/racadm" ] || fail "tests/vendor/racadm is missing"
command -v flock >/dev/null || { echo "skip: 'flock' is not installed"; exit 77; }

# activation=reset: the iDRAC runs a new firmware only after its reset,
# which the stand-in sends when the job completes (bmc_reset_after_update).
sim_start --profile dell --module-args 'activation=reset'
[ "$(mc_fw)" = 4.40 ] || fail "the simulated iDRAC does not start at 4.40"

# ---- the stand-in ----

standin_setup racadm
unset FWDISPATCH_IPMITOOL FWDISPATCH_IPMI_DEVICE

calls() { cat "$T/standin/calls.log" 2>/dev/null; }

# The line number in calls.log of the first call matching a pattern.
call_no() {
	calls | grep -n -- "$1" | head -n 1 | cut -d: -f1
}

# Vendor images and their .sha256 sidecars.
mkimage_vendor iDRAC-with-Lifecycle-Controller_4.50.EXE 70000
mkimage_vendor BIOS_R640_2.9.4.EXE 50000
IDRAC=$T/iDRAC-with-Lifecycle-Controller_4.50.EXE
BIOS=$T/BIOS_R640_2.9.4.EXE

# shellcheck disable=SC2046
oob() {
	echo $(target_opts) --state-dir "$T/state"
}

# The password is never in calls.log (the stand-in masks -p, check anyway)
# and never in what fwdispatch printed.
no_password_anywhere() {
	local pw
	pw=$(cat "$FWD_SIM_PASSWORD_FILE")
	! grep -qF -- "$pw" "$T/standin/calls.log" "$T/out" "$T/err" ||
		fail "the password shows in calls.log or fwdispatch's output"
}

# ---- iDRAC then BIOS, out-of-band ----

scenario new_bmc_version=4.50 bmc_reset_after_update=1 \
	racadm_idrac_version=4.40.00.00 racadm_new_idrac_version=4.50.00.00 \
	racadm_job_states=Scheduled,Downloading,Running,Completed
fwd_update_json 10 --bmc "$IDRAC" --bios "$BIOS" --job-timeout 60
jeq "$T/out" plugin dell
jeq "$T/out" result ok
jeq "$T/out" reboot_required true
jeq "$T/out" bmc.job_status Completed
jeq "$T/out" bmc.after 4.50.00.00
jeq "$T/out" bios.job_status Scheduled
jeq "$T/out" bios.reboot_required true
bmc_jid=$("$JGET" -f "$T/out" bmc.job_id)
bios_jid=$("$JGET" -f "$T/out" bios.job_id)
[[ $bmc_jid =~ ^JID_[0-9]{12}$ ]] || fail "bmc.job_id '$bmc_jid' is not a job ID"
[[ $bios_jid =~ ^JID_[0-9]{12}$ ]] && [ "$bios_jid" != "$bmc_jid" ] ||
	fail "bios.job_id '$bios_jid' is not a new job ID"
ok "iDRAC job $bmc_jid completed and verified, BIOS staged as $bios_jid (exit 10)"
[ "$(mc_fw)" = 4.50 ] || fail "the simulated iDRAC runs $(mc_fw), not 4.50"
grep -q "mc-reset-cold exit=0" "$T/standin/sim-actions.log" || fail "the iDRAC was not reset"
wait_ms=$("$JGET" -f "$T/out" bmc.wait_ms)
[ "$wait_ms" -ge 1000 ] || fail "bmc.wait_ms $wait_ms: the wait did not see the reset"
ok "the iDRAC really reset, answered again after ${wait_ms} ms and runs 4.50"

# The backup, written before the first flash, holds racadm's versions too.
backup=$("$JGET" -f "$T/out" backup)
jeq "$backup" vendor.getversion.idrac_version 4.40.00.00
jeq "$backup" vendor.getversion.bios_version 2.8.1
[ -n "$(call_no ' getversion')" ] && [ "$(call_no ' getversion')" -lt "$(call_no 'update -f')" ] ||
	fail "getversion was not read before the update"
ok "the backup keeps racadm getversion (iDRAC 4.40.00.00, BIOS 2.8.1)"

# Steps, in order: the iDRAC verified before the BIOS was staged.
steps=$("$JGET" -f "$T/out" steps | tr '{' '\n' | sed -n 's/.*"name":"\([^"]*\)".*/\1/p' | tr '\n' ' ')
case $steps in
*"bmc-upload bmc-job bmc-wait bmc-verify "*"bios-stage "*) ok "steps: $steps" ;;
*) fail "steps out of order: $steps" ;;
esac
b=$(call_no "update -f .*@bmc-")
s=$(call_no "update -f .*@bios-")
[ -n "$b" ] && [ -n "$s" ] && [ "$b" -lt "$s" ] || fail "racadm updates out of order:
$(calls)"
ok "racadm updated the iDRAC (call $b) before the BIOS (call $s)"

# The bytes racadm received are the verified images.
for f in "$T"/standin/received/*@bmc-* "$T"/standin/received/*@bios-*; do
	[ -f "$f" ] || fail "racadm received no file: $(ls "$T/standin/received")"
done
cmp -s "$T"/standin/received/*@bmc-* "$IDRAC" || fail "racadm got other bytes than the iDRAC image"
cmp -s "$T"/standin/received/*@bios-* "$BIOS" || fail "racadm got other bytes than the BIOS image"
ok "racadm received exactly the verified bytes of both images"

# Out-of-band: -r -u -p **** --nocertwarn on every call, warnings said.
[ "$(calls | grep -vc -- ' -r 127.0.0.1 -u root -p \*\*\*\* --nocertwarn ')" = 0 ] ||
	fail "a racadm call without the remote options: $(calls)"
no_password_anywhere
expect_in "$T/err" "prefer in-band"
expect_in "$T/err" "process list"
ok "out-of-band racadm: remote options on every call, password masked, in-band advised"

# ---- status: the BIOS job now, then after the host reboots ----

# shellcheck disable=SC2046
run 0 "$FWDISPATCH" status $(oob) --json
jeq "$T/out" last_update.bios.job_id "$bios_jid"
jeq "$T/out" last_update.bios.job.status Scheduled
jeq "$T/out" last_update.bios.job.state scheduled
# shellcheck disable=SC2046
run 10 "$FWDISPATCH" verify $(oob) --json
jeq "$T/out" verify.bios.state reboot-pending
"$JGET" -f "$T/out" verify.bios.detail | grep -qF "job $bios_jid is Scheduled" ||
	fail "verify does not name the waiting job: $("$JGET" -f "$T/out" verify.bios.detail)"
ok "verify before the reboot: the BIOS job is Scheduled, so reboot pending (exit 10)"
: >"$T/standin/host-rebooted"
# shellcheck disable=SC2046
run 0 "$FWDISPATCH" status $(oob) --json
jeq "$T/out" last_update.bios.job.status Completed
jeq "$T/out" last_update.bios.job.message "RED001: Job completed successfully."
# shellcheck disable=SC2046
run 0 "$FWDISPATCH" status $(oob)
expect_in "$T/out" "BIOS job $bios_jid: Completed"
ok "status follows the BIOS job: Scheduled, then Completed after the reboot"

# ---- RAC987 with exit 1, the job ID printed ----

scenario racadm_update_exit=1 racadm_update_print_jid=1 racadm_bios_job_states=Downloading,Scheduled
fwd_update_json 10 --bios "$BIOS"
jeq "$T/out" bios.upload_exit_code 1
jeq "$T/out" bios.job_status Scheduled
u=$(call_no "update -f")
next=$(calls | sed -n "$((u + 1))p")
case $next in
*"jobqueue view -i JID_"*) ;;
*) fail "after an update that printed the job ID, expected 'jobqueue view -i', got: $next" ;;
esac
ok "racadm exit 1 with RAC987 is a staged BIOS; the printed job ID is used"

# ---- no RAC987 ----

scenario racadm_update_result=fail
fwd_update_json 4 --bios "$BIOS"
jeq "$T/out" error.exit_code 4
jeq "$T/out" stopped_at bios-stage
expect_in "$T/out" "no RAC987"
expect_in "$T/out" "RAC947: Invalid file"
[ -z "$(call_no 'jobqueue view -i')" ] || fail "a job was followed although none was created"
jeq "$T/out" reboot_required false
ok "no RAC987: exit 4 with racadm's own error"

# ---- a BIOS job that fails at once ----

scenario racadm_bios_job_states=Failed \
	"racadm_bios_job_message=RED007: Unable to verify Update Package signature."
fwd_update_json 4 --bios "$BIOS"
expect_in "$T/out" "ended Failed: RED007: Unable to verify Update Package signature."
jeq "$T/out" stopped_at bios-stage
jeq "$T/out" reboot_required false
hints=$("$JGET" -f "$T/out" recovery_hints)
case $hints in *'"bios-no-post"'*'"hard-lock"'*) ;; *) fail "recovery_hints: $hints" ;; esac
case $hints in *'"bmc-unreachable"'*) fail "BMC hints for a BIOS failure: $hints" ;; esac
ok "a Failed BIOS job: exit 4 with RED007 and the BIOS recovery hints"

# ---- a job message that tries to rewrite the terminal ----

scenario racadm_bios_job_states=Failed \
	"racadm_bios_job_message=RED007$(printf '\033[2K\r\033[32m[ ok ] bios-stage') fake"
fwd_update 4 --bios "$BIOS"
! grep -q $'\033' "$T/out" "$T/err" || fail "the job's escape sequences reached the terminal"
expect_in "$T/out" 'RED007\x1b[2K\x0d\x1b[32m[ ok ] bios-stage fake'
ok "a job message with escape sequences: printed as visible text, not obeyed"

# ---- a failed iDRAC job: no BIOS staged after it ----

scenario racadm_job_states=Running,Failed \
	"racadm_job_message=RED007: Unable to verify Update Package signature."
fwd_update_json 4 --bmc "$IDRAC" --bios "$BIOS" --job-timeout 30
expect_in "$T/out" "iDRAC update job JID_"
expect_in "$T/out" "RED007"
jeq "$T/out" stopped_at bmc-job
jeq "$T/out" bios.flash_started false
[ "$(calls | grep -c 'update -f')" = 1 ] || fail "the BIOS was sent after a failed iDRAC job:
$(calls)"
ok "a Failed iDRAC job: exit 4, and the BIOS is never staged"
# It was seen Running, so it may have failed part-way (issue 12, defect 6).
expect_in "$T/out" "after it had begun (seen Running at 50%): the update may have failed part-way"
expect_in "$T/out" "do not remove the server's power until the iDRAC has been updated again"
jeq "$T/out" bmc.writing_began true
jeq "$T/out" error.exit_code 4
run 0 "$FWDISPATCH" status --state-dir "$T/state"
expect_in "$T/out" "the BMC flash failed part-way (the tool had begun writing it): do not remove the server's power"
expect_in "$T/out" "fwdispatch resume "
ok "an iDRAC job Running, then Failed: part-way, do not remove power; status says so and names resume"

# Failed straight from Scheduled: a rejected package, no part-way claim.
scenario racadm_job_states=Scheduled,Failed \
	"racadm_job_message=RED007: Unable to verify Update Package signature."
fwd_update_json 4 --bmc "$IDRAC" --job-timeout 30 --abandon-unfinished
expect_in "$T/out" "ended Failed: RED007"
expect_not_in "$T/out" "part-way"
! "$JGET" -f "$T/out" bmc.writing_began >/dev/null 2>&1 || fail "writing_began after a job never seen at work"
run 0 "$FWDISPATCH" status --state-dir "$T/state"
expect_in "$T/out" "the BMC flash failed and may have stopped midway"
ok "an iDRAC job Failed straight from Scheduled: exit 4 without a part-way claim"

# A BIOS job that ran, then failed.
scenario racadm_bios_job_states=Running,Failed
fwd_update_json 4 --bios "$BIOS" --job-timeout 30
expect_in "$T/out" "after it had begun (seen Running at 50%): the update may have failed part-way"
expect_in "$T/out" "do not power off or reboot the host until the BIOS has been flashed again"
jeq "$T/out" bios.writing_began true
run 0 "$FWDISPATCH" status --state-dir "$T/state"
expect_in "$T/out" "the BIOS flash failed part-way (the tool had begun writing it): do not power off"
ok "a BIOS job Running, then Failed: part-way, do not power off; status says so"

# ---- a job that never ends ----

scenario racadm_job_states=Running
start=$(date +%s)
fwd_update_json 1 --bmc "$IDRAC" --job-timeout 3
took=$(($(date +%s) - start))
jeq "$T/out" error.code timeout
jeq "$T/out" stopped_at bmc-job
expect_in "$T/out" "did not finish within 3 s"
expect_in "$T/out" "racadm jobqueue view -i JID_"
[ "$took" -lt 30 ] || fail "a 3 s job bound took ${took} s"
ok "a job that never ends: stopped after the --job-timeout bound, with how to look at it"

# ---- recover: the Dell hints ----

# shellcheck disable=SC2046
run 0 "$FWDISPATCH" recover $(target_opts) --json
for id in bmc-unreachable bios-no-post hard-lock lan-lost; do
	expect_in "$T/out" "\"$id\""
done
expect_in "$T/out" "NVRAM_CLR"
ok "recover shows the four Dell hints"

# ---- in-band ----

scenario racadm_bios_job_states=Scheduled
run 10 inband "$FWDISPATCH" update --yes --bios "$BIOS" --dmi-file "$FWD_TOP/tests/data/dmi/dell-poweredge-r640.txt" \
	--state-dir "$T/state-inband" --json
one_json "$T/out"
jeq "$T/out" plugin dell
jeq "$T/out" bios.job_status Scheduled
! calls | grep -q -- ' -r \| -p ' || fail "in-band racadm got remote options: $(calls)"
calls | grep -q "racadm exit=0 update -f " || fail "no in-band racadm update: $(calls)"
expect_not_in "$T/err" "prefer in-band"
expect_not_in "$T/err" "process list"
ok "in-band: 'racadm update -f FILE', no remote options, no password warning"

echo "all $checks checks passed"
