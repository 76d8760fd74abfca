#!/usr/bin/env bash
# The dell plugin's checks before the first byte and its NIC selection,
# end to end: the real CLI, the simulated iDRAC (tests/sim, profile dell)
# and the racadm stand-in (tests/vendor/racadm, racadm_queue and the NIC
# keys).
#
# - A firmware job already queued (Scheduled, newer iDRAC fields, [NA])
#   refuses with exit 3 naming its ID and how to see or delete it; nothing
#   is sent, no backup is written; the dry run shows the refusal too.
# - Completed and Failed jobs pass; a pending configuration job warns.
# - The BIOS job an earlier fwdispatch run staged is recognised as such
#   (from the history), still refused until the host reboots.
# - racadm's busy answers (RAC0508) are exit 7, in the preflight's queue
#   view and in the BIOS's `racadm update`.
# - The iDRAC's NIC selection and failover: in the backup, reset by the
#   flash, put back and read back in the lan-check (the JSON's
#   vendor_settings); `fwdispatch restore` puts them back too (its dry run
#   only says so); a set the iDRAC ignores fails the lan-check.
. "$FWD_TOP/tests/cli/lib.sh"
sim_require
[ -x "$FWD_TOP/tests/vendor/racadm" ] || fail "tests/vendor/racadm is missing"
command -v flock >/dev/null || { echo "skip: 'flock' is not installed"; exit 77; }

sim_start --profile dell --module-args 'activation=reset'
standin_setup racadm
unset FWDISPATCH_IPMITOOL FWDISPATCH_IPMI_DEVICE

calls() { cat "$T/standin/calls.log" 2>/dev/null; }
mkimage_vendor iDRAC-with-Lifecycle-Controller_4.50.EXE 70000
mkimage_vendor BIOS_R640_2.9.4.EXE 50000
IDRAC=$T/iDRAC-with-Lifecycle-Controller_4.50.EXE
BIOS=$T/BIOS_R640_2.9.4.EXE

no_update_sent() {
	! calls | grep -q -- ' update -f ' || fail "racadm update was run: $(calls)"
}

# ---- a firmware job already queued: exit 3, nothing sent ----

Q='JID_400000000001|Export: System Configuration|Completed'
Q+=';JID_400000000002|Firmware Update: iDRAC|Failed'
scenario "racadm_queue=$Q;JID_795494856002|Firmware Update: BIOS|Scheduled" \
	racadm_job_format=new racadm_percent_na=1
fwd_update_json 3 --bmc "$IDRAC" --bios "$BIOS"
check_verdict "$T/out" dell-jobs refuse
[[ $detail == "firmware job JID_795494856002 (Firmware Update: BIOS) is Scheduled" ]] ||
	fail "dell-jobs detail: $detail"
jeq "$T/out" error.exit_code 3
jeq "$T/out" changed false
jeq "$T/out" backup null
expect_in "$T/out" "firmware job JID_795494856002 'Firmware Update: BIOS', Scheduled"
expect_in "$T/out" "racadm jobqueue view -i JID_795494856002"
expect_in "$T/out" "racadm jobqueue delete -i JID_795494856002"
no_update_sent
[ -z "$(ls "$T/state/backups" 2>/dev/null)" ] || fail "a backup was written before the refusal"
[ "$(mc_fw)" = 4.40 ] || fail "the iDRAC runs $(mc_fw)"
fwd_update 3 --dry-run --bios "$BIOS"
grep -E "check dell-jobs +refuse +firmware job JID_795494856002" "$T/out" >/dev/null ||
	fail "the dry run shows no refusal: $(grep check "$T/out")"
ok "a queued BIOS firmware job: exit 3 naming JID_795494856002, the racadm commands; nothing sent"

# ---- finished jobs pass; a pending configuration job warns ----

scenario "racadm_queue=$Q"
fwd_update_json 0 --dry-run --bmc "$IDRAC" --bios "$BIOS"
check_verdict "$T/out" dell-jobs pass
[[ $detail == "no firmware job queued (2 finished jobs in the queue)" ]] || fail "detail: $detail"
no_update_sent
scenario "racadm_queue=$Q;JID_400000000003|Configure: BIOS.Setup.1-1|Ready for Execution"
fwd_update 0 --dry-run --bios "$BIOS"
grep -E "check dell-jobs +warn +no firmware job queued; JID_400000000003" "$T/out" >/dev/null ||
	fail "no warning for the configuration job: $(grep check "$T/out")"
ok "Completed and Failed jobs pass; a pending configuration job is a warning"

# ---- the BIOS job an earlier run staged ----

scenario
fwd_update_json 10 --bios "$BIOS"
bios_jid=$("$JGET" -f "$T/out" bios.job_id)
[[ $bios_jid =~ ^JID_[0-9]{12}$ ]] || fail "bios.job_id '$bios_jid'"
fwd_update_json 3 --bios "$BIOS"
check_verdict "$T/out" dell-jobs refuse
expect_in "$T/out" "$bios_jid was staged by an earlier fwdispatch run on this target \
(Firmware Update: BIOS, Scheduled): reboot the host to apply it, or delete it with \
'racadm jobqueue delete -i $bios_jid'"
[ "$(calls | grep -c -- ' update -f ')" = 1 ] || fail "a second update was sent: $(calls)"
ok "the earlier run's $bios_jid: recognised as fwdispatch's own, exit 3 until the host reboots"
: >"$T/standin/host-rebooted"
fwd_update_json 0 --dry-run --bios "$BIOS"
check_verdict "$T/out" dell-jobs pass
ok "after the host's reboot the job is Completed and the preflight passes"

# ---- busy: exit 7 ----

scenario racadm_view_fail=busy
fwd_update_json 7 --bios "$BIOS"
check_verdict "$T/out" dell-jobs refuse
expect_in "$T/out" "RAC0508: Unable to complete the operation because the provider is not ready."
jeq "$T/out" error.exit_code 7
no_update_sent
RED023='RED023: Lifecycle Controller in use.'
RED023+=' This job will start when Lifecycle Controller is available.'
scenario racadm_update_result=busy "racadm_busy_message=$RED023"
fwd_update_json 7 --bios "$BIOS"
check_verdict "$T/out" dell-jobs pass
jeq "$T/out" stopped_at bios-stage
expect_in "$T/out" "staged no BIOS update: racadm said 'ERROR: RED023: Lifecycle Controller in use."
! calls | grep -q 'jobqueue view -i' || fail "a job was followed after a busy answer: $(calls)"
ok "busy iDRAC: exit 7 from the preflight's queue view (RAC0508) and from racadm update (RED023)"

# ---- the NIC selection: reset by the flash, put back in the lan-check ----

scenario racadm_nic_selection=LOM1 racadm_nic_failover=All racadm_flash_resets_nic=1 \
	new_bmc_version=4.50 bmc_reset_after_update=1 \
	racadm_idrac_version=4.40.00.00 racadm_new_idrac_version=4.50.00.00
fwd_update_json 0 --bmc "$IDRAC" --job-timeout 60
backup=$("$JGET" -f "$T/out" backup)
jeq "$backup" vendor.nic.selection LOM1
jeq "$backup" vendor.nic.failover All
grep -q 'nic-reset was=LOM1/All now=Dedicated/None' "$T/standin/sim-actions.log" ||
	fail "the flash did not reset the NIC: $(cat "$T/standin/sim-actions.log")"
jeq "$T/out" vendor_settings.selection.saved LOM1
jeq "$T/out" vendor_settings.selection.now LOM1
jeq "$T/out" vendor_settings.selection.restored true
jeq "$T/out" vendor_settings.failover.restored true
s=$(calls | grep -n 'set iDRAC.NIC.Selection LOM1' | cut -d: -f1)
f=$(calls | grep -n 'set iDRAC.NIC.Failover All' | cut -d: -f1)
r=$(calls | grep -n 'get iDRAC.NIC.Selection' | tail -n 1 | cut -d: -f1)
[ -n "$s" ] && [ -n "$f" ] && [ "$s" -lt "$f" ] && [ "$f" -lt "$r" ] ||
	fail "not set Selection, then Failover, then read back: $(calls)"
[ "$(cat "$T/standin/nic-selection")" = LOM1 ] || fail "the iDRAC's NIC is not LOM1 again"
ok "NIC selection LOM1/All backed up, reset by the flash, put back and read back (vendor_settings)"

# ---- fwdispatch restore ----

"$T/vendor-bin/racadm" set iDRAC.NIC.Selection Dedicated >/dev/null || fail "set by hand failed"
# shellcheck disable=SC2046
run 0 "$FWDISPATCH" restore "$backup" --dry-run $(target_opts) --state-dir "$T/state"
expect_in "$T/out" "dry run: nothing is sent"
[ "$(cat "$T/standin/nic-selection")" = Dedicated ] || fail "the dry run set the NIC"
# shellcheck disable=SC2046
run 0 "$FWDISPATCH" restore "$backup" --yes --json $(target_opts) --state-dir "$T/state"
one_json "$T/out"
jeq "$T/out" vendor_settings.selection.saved LOM1
jeq "$T/out" vendor_settings.selection.restored true
jeq "$T/out" vendor_settings.failover.restored false
[ "$(cat "$T/standin/nic-selection")" = LOM1 ] || fail "restore did not put LOM1 back"
ok "fwdispatch restore: the dry run says it, the run puts LOM1 back and reads it back"

# ---- a set the iDRAC ignores: the lan-check fails ----

sim_stop
sim_start --profile dell --module-args 'activation=reset'
scenario racadm_nic_selection=LOM1 racadm_flash_resets_nic=1 racadm_nic_set_ignored=1 \
	new_bmc_version=4.50 bmc_reset_after_update=1 \
	racadm_idrac_version=4.40.00.00 racadm_new_idrac_version=4.50.00.00
# shellcheck disable=SC2046
run_any() { "$FWDISPATCH" update --yes --json $(target_opts) --state-dir "$T/state-ignored" "$@" \
	>"$T/out" 2>"$T/err"; echo $?; }
code=$(run_any --bmc "$IDRAC" --job-timeout 60)
[ "$code" != 0 ] || fail "a NIC the iDRAC did not take back passed the lan-check"
one_json "$T/out"
jeq "$T/out" stopped_at lan-check
jeq "$T/out" vendor_settings.selection.restored false
jeq "$T/out" vendor_settings.selection.now Dedicated
expect_in "$T/out" "iDRAC.NIC.Selection is Dedicated, the backup says LOM1"
ok "a NIC set the iDRAC ignores: the read-back catches it, the lan-check fails (exit $code)"

echo "all $checks checks passed"
