#!/usr/bin/env bash
# The dell plugin on an iDRAC's Redfish service (the emulator's dell
# persona): the shared Redfish flow with the iDRAC profile.  (Another
# vendor's service stays the redfish plugin's: test-update-redfish.sh.)  An iDRAC
# update end to end (empty Targets, Immediate, the purged task followed
# through its job, the session the restart ends opened again); a BIOS
# staged as a Scheduled job (exit 10, its JID the job_id); each of the
# persona's faults ending as the operator needs: RED007 named, a job
# already waiting named, a Lifecycle Controller that is not ready named,
# and nothing flashed; the iDRAC's NIC selection and failover backed up,
# reset by a flash and put back.
. "$(dirname "$0")/lib.sh"
rf_require

IDRAC=/redfish/v1/Managers/iDRAC.Embedded.1
SYSTEM=/redfish/v1/Systems/System.Embedded.1
PRODUCT="PowerEdge R650"  # the persona's; images carry it
idrac_fw() { rf_get "$IDRAC" | "$JGET" FirmwareVersion; }
bios_fw() { rf_get "$SYSTEM" | "$JGET" BiosVersion; }
upd() { # EXIT PART IMAGE VERSION [OPTIONS...]
	local want=$1 part=$2 image=$3 version=$4
	shift 4
	run "$want" "$FWDISPATCH" update "${RF[@]}" "--$part" "$T/$image.bin" \
		"--$part-version" "$version" --bmc-timeout 60 --yes --json "$@"
}
# The last upload's UpdateParameters, as the emulator logged them.
last_upload() {
	grep '"path": "/redfish/v1/UpdateService/MultipartUpload"' "$FWD_RF_LOG" | tail -n 1
}

# 1. The iDRAC: the dell plugin takes the service, Targets [], Immediate,
#    the task gone the moment it ends (vanish-task: the purge, without the
#    race with the poll) and its job read, the new firmware runs.
rf_start --persona dell --task-seconds 1
rf_fault vanish-task
rf_image d bmc 7.00.00.00 60000 "$PRODUCT"
upd 0 bmc d 7.00.00.00
jeq "$T/out" plugin dell
jeq "$T/out" bmc.after 7.00.00.00
[ "$(idrac_fw)" = 7.00.00.00 ] || fail "the iDRAC does not run 7.00.00.00"
last_upload | grep -q '"Targets": \[\]' || fail "the push named Targets: $(last_upload)"
last_upload | grep -q '"Immediate"' || fail "the iDRAC push was not Immediate"
[ "$(rf_log_count POST /redfish/v1/Dell/Managers/iDRAC.Embedded.1/DellLCService)" -ge 1 ] ||
	fail "the Lifecycle Controller was not asked"
[ "$(rf_log_count GET $IDRAC/Jobs/JID_)" -ge 1 ] || fail "the purged task's job was not read"
expect_in "$T/err" "following the iDRAC's job"
ok "dell: iDRAC updated over Redfish: Targets [], Immediate, the purged task's job read"
rf_fault --clear

# 2. The BIOS: staged as a Scheduled job, exit 10, its JID the job_id;
#    nothing runs before the host's reset.
rf_image b bios 1.10.0 60000 "$PRODUCT"
upd 10 bios b 1.10.0
jeq "$T/out" bios.outcome staged
jeq "$T/out" reboot_required true
jid=$("$JGET" -f "$T/out" bios.job_id)
case $jid in JID_[0-9]*) ;; *) fail "job_id is '$jid', not the BIOS job's JID" ;; esac
[ "$(rf_get "$IDRAC/Jobs/$jid" | "$JGET" JobState)" = Scheduled ] ||
	fail "job $jid is not Scheduled"
last_upload | grep -q '"OnReset"' || fail "the BIOS push was not OnReset"
[ "$(bios_fw)" = 1.9.2 ] || fail "the BIOS changed before the host's reset"
run 0 "$FWDISPATCH" status "${RF[@]}" --json
expect_in "$T/out" "$jid"
"$RFSIM" power-cycle "$FWD_RF_DIR" >/dev/null || fail "power-cycle"
for _ in 1 2 3 4 5 6 7 8 9 10; do
	[ "$(bios_fw)" = 1.10.0 ] && break
	sleep 0.5
done
[ "$(bios_fw)" = 1.10.0 ] || fail "the staged BIOS job did not run at the host's reset"
ok "dell: BIOS staged as job $jid (Scheduled), exit 10, applied at the host's reset"

# 3. job-active: a BIOS job waits already: the BIOS is refused naming it,
#    nothing pushed; the iDRAC's own update is not held by it.
rf_fault job-active
pushes=$(rf_log_count POST /redfish/v1/UpdateService/MultipartUpload)
rf_image b2 bios 1.11.0 60000 "$PRODUCT"
upd 3 bios b2 1.11.0
expect_in "$T/err" "JID_000000000001"
expect_in "$T/err" "nothing was flashed"
[ "$(rf_log_count POST /redfish/v1/UpdateService/MultipartUpload)" = "$pushes" ] ||
	fail "a BIOS was pushed while a BIOS job waits"
ok "dell: job-active: the BIOS refused (exit 3) naming JID_000000000001, nothing pushed"
rf_fault --clear

# 4. lc-not-ready: refused in the preflight as busy (try again later), nothing pushed.
rf_fault lc-not-ready
rf_image d2 bmc 7.10.00.00 60000 "$PRODUCT"
upd 7 bmc d2 7.10.00.00
jeq "$T/out" error.code busy
expect_in "$T/err" "Lifecycle Controller is not ready"
[ "$(rf_log_count POST /redfish/v1/UpdateService/MultipartUpload)" = "$pushes" ] ||
	fail "an image was pushed while the Lifecycle Controller is not ready"
[ "$(idrac_fw)" = 7.00.00.00 ] || fail "the iDRAC changed"
ok "dell: lc-not-ready: refused as busy (exit 7, as racadm's RED023) in the preflight, nothing" \
	"pushed"
rf_fault --clear

# 5. red007: the package's signature fails: the flash fails with RED007
#    and Dell's words, the iDRAC runs what it ran.
rf_fault red007
upd 4 bmc d2 7.10.00.00
expect_in "$T/err" "RED007"
expect_in "$T/err" "Unable to verify Update Package signature"
[ "$(idrac_fw)" = 7.00.00.00 ] || fail "the iDRAC changed after RED007"
ok "dell: red007: the flash fails (exit 4) naming RED007, the iDRAC unchanged"
rf_fault --clear

# 6. The NIC selection and failover: saved with the backup, put back to
#    Dedicated/None by the flash (nic-reset), PATCHed back under If-Match
#    in the lan-check and read back (vendor_settings), as the racadm path.
[ "$(rf_send PATCH "$IDRAC/Attributes" \
	'{"Attributes": {"NIC.1.Selection": "LOM1", "NIC.1.Failover": "All"}}')" = 200 ] ||
	fail "cannot set the NIC to LOM1/All"
nic() { rf_get "$IDRAC/Attributes" | python3 -c 'import json,sys; a=json.load(sys.stdin)["Attributes"]; print(a["NIC.1.Selection"] + "/" + a["NIC.1.Failover"])'; }
rf_fault nic-reset
rf_image d3 bmc 7.20.00.00 60000 "$PRODUCT"
upd 0 bmc d3 7.20.00.00
backup=$("$JGET" -f "$T/out" backup)
jeq "$backup" vendor.nic.selection LOM1
jeq "$backup" vendor.nic.failover All
grep -q '"event": "nic-reset"' "$FWD_RF_LOG" || fail "the flash did not reset the NIC"
jeq "$T/out" vendor_settings.selection.saved LOM1
jeq "$T/out" vendor_settings.selection.now LOM1
jeq "$T/out" vendor_settings.selection.restored true
jeq "$T/out" vendor_settings.failover.restored true
[ "$(nic)" = LOM1/All ] || fail "the iDRAC's NIC is $(nic), not LOM1/All again"
grep '"method": "PATCH"' "$FWD_RF_LOG" | grep "$IDRAC/Attributes" | tail -n 1 |
	grep -qv '"if_match": null' || fail "the NIC was PATCHed without If-Match"
ok "dell: NIC LOM1/All backed up, reset by the flash, PATCHed back (If-Match) and read back"

# A run without the reset finds the NIC as saved and changes nothing.
patches=$(rf_log_count PATCH "$IDRAC/Attributes")
rf_image d4 bmc 7.30.00.00 60000 "$PRODUCT"
upd 0 bmc d4 7.30.00.00
jeq "$T/out" vendor_settings.selection.restored false
jeq "$T/out" vendor_settings.selection.now LOM1
[ "$(rf_log_count PATCH "$IDRAC/Attributes")" = "$patches" ] || fail "a NIC that did not move was PATCHed"
ok "dell: a flash that kept the NIC: compared, nothing PATCHed"
