#!/usr/bin/env bash
# The supermicro plugin on a Supermicro X12/X13 BMC's Redfish service (the
# emulator's supermicro persona): the shared Redfish flow with the
# Supermicro profile.  A BMC update end to end (OnStartUpdateRequest, the
# preserve flags as the BMC logged them, the verify task named in the 202's
# Accepted message, StartUpdate, the new firmware); a BIOS staged (exit 10)
# with its flags, and --no-preserve-settings mapped onto PreserveNVRAM
# only; the BIOS refused in the preflight without the out-of-band licence
# (nothing pushed); "already in update mode" named with the reset it
# needs (nothing flashed); a licence the preflight cannot read refused at
# the upload with the same words; a run killed while the BMC verifies,
# resumed: StartUpdate sent then; an X11 left to IPMI (the plugin scores 0, the
# generic plugin's run refuses cleanly); a failed verification stops before
# StartUpdate, with the recovery hint for a BMC left in update mode.
. "$(dirname "$0")/lib.sh"
rf_require


MGR=/redfish/v1/Managers/1
SYS=/redfish/v1/Systems/1
UPLOAD=/redfish/v1/UpdateService/upload
START=/redfish/v1/UpdateService/Actions/UpdateService.StartUpdate
PRODUCT=X13DEI  # the persona's default model; images carry it
bmc_fw() { rf_get "$MGR" | "$JGET" FirmwareVersion; }
bios_fw() { rf_get "$SYS" | "$JGET" BiosVersion; }
upd() { # EXIT PART IMAGE VERSION [OPTIONS...]
	local want=$1 part=$2 image=$3 version=$4
	shift 4
	run "$want" "$FWDISPATCH" update "${RF[@]}" "--$part" "$T/$image.bin" \
		"--$part-version" "$version" --bmc-timeout 60 --yes --json "$@"
}
# The last smc-preserve event of the emulator (the flags it was given).
last_preserve() { grep '"event": "smc-preserve"' "$FWD_RF_LOG" | tail -n 1; }
# The last upload's UpdateParameters, as the emulator logged them.
last_upload() { grep "\"path\": \"$UPLOAD\"" "$FWD_RF_LOG" | tail -n 1; }
# preserved FLAG true|false: the last smc-preserve event has FLAG so.
preserved() {
	last_preserve | grep -q "\"$1\": $2" || fail "$1 is not $2: $(last_preserve)"
}

# 1. The BMC: the supermicro plugin takes the X13's service (above the
#    generic plugin), uploads OnStartUpdateRequest with every BMC setting
#    kept, follows the verify task, sends StartUpdate, the new firmware runs.
rf_start --persona supermicro --task-seconds 1 --reset-silence 1
rf_image m bmc 01.02.00 60000 "$PRODUCT"
upd 0 bmc m 01.02.00
jeq "$T/out" plugin supermicro
jeq "$T/out" bmc.after 01.02.00
[ "$(bmc_fw)" = 01.02.00 ] || fail "the BMC does not run 01.02.00"
last_upload | grep -q '"OnStartUpdateRequest"' || fail "not OnStartUpdateRequest: $(last_upload)"
last_upload | grep -qF "\"Targets\": [\"$MGR\"]" || fail "Targets not the manager: $(last_upload)"
last_preserve | grep -q '"component": "bmc"' || fail "no BMC smc-preserve event"
for f in PreserveCfg PreserveSdr PreserveSsl; do preserved "$f" true; done
[ "$(rf_log_count POST "$START")" = 1 ] || fail "StartUpdate was not sent once"
expect_in "$T/err" "the BMC verifies the image"
expect_in "$T/err" "SMC.1.0.OemVerifyCompleted"
verify=$("$JGET" -f "$T/out" bmc.verify_task) || fail "no verify_task in the report"
[ "$(rf_log_count GET "$verify")" -ge 1 ] || fail "the verify task $verify was not read"
ok "supermicro: BMC updated: OnStartUpdateRequest, Preserve{Cfg,Sdr,Ssl} true, verify task" \
	"$verify followed, StartUpdate, 01.02.00 runs"

# A dry run plans the verify task and StartUpdate too, and sends neither.
pushes=$(rf_log_count POST "$UPLOAD")
rf_image m1 bmc 01.02.50 60000 "$PRODUCT"
upd 0 bmc m1 01.02.50 --dry-run
expect_in "$T/out" "the verify task"
expect_in "$T/out" "$START"
[ "$(rf_log_count POST "$UPLOAD")" = "$pushes" ] || fail "a dry run pushed"
[ "$(rf_log_count POST "$START")" = 1 ] || fail "a dry run sent StartUpdate"
ok "supermicro: a dry run plans the verify task and StartUpdate, sends nothing"

# 2. --overwrite-bmc-config: PreserveCfg false, the rest kept.
rf_image m2 bmc 01.03.00 60000 "$PRODUCT"
upd 0 bmc m2 01.03.00 --overwrite-bmc-config
preserved PreserveCfg false
preserved PreserveSdr true
preserved PreserveSsl true
ok "supermicro: --overwrite-bmc-config sends PreserveCfg false, keeps the SDR and TLS"

# 3. The BIOS: the licence read, staged until the host's reset (exit 10),
#    every BIOS flag true.
rf_image b bios 2.2 60000 "$PRODUCT"
upd 10 bios b 2.2
jeq "$T/out" bios.outcome staged
check_verdict "$T/out" oob-licence pass
[ "$(rf_log_count GET $MGR/LicenseManager/QueryLicense)" -ge 1 ] || fail "licence not read"
last_preserve | grep -q '"component": "bios"' || fail "no BIOS smc-preserve event"
for f in PreserveME PreserveNVRAM PreserveSMBIOS BackupBIOS; do preserved "$f" true; done
last_upload | grep -qF "\"Targets\": [\"$SYS/Bios\"]" || fail "Targets not the BIOS"
[ "$(bios_fw)" = 2.1 ] || fail "the BIOS changed before the host's reset"
ok "supermicro: BIOS staged (exit 10), licence checked, every BIOS flag true"

# 4. --no-preserve-settings: the settings (NVRAM) go, the ME region, the
#    SMBIOS identity and the backup stay.
"$RFSIM" power-cycle "$FWD_RF_DIR" >/dev/null || fail "power-cycle"
rf_image b2 bios 2.3 60000 "$PRODUCT"
upd 10 bios b2 2.3 --no-preserve-settings
preserved PreserveNVRAM false
preserved PreserveME true
preserved PreserveSMBIOS true
preserved BackupBIOS true
jeq "$T/out" bios.preserve_settings false
ok "supermicro: --no-preserve-settings sends PreserveNVRAM false, PreserveME stays true"

# 5. No out-of-band licence: the BIOS refused in the preflight (exit 3),
#    the licence named, the in-band way said, nothing pushed.
"$RFSIM" power-cycle "$FWD_RF_DIR" >/dev/null || fail "power-cycle"
rf_fault no-oob-licence
pushes=$(rf_log_count POST "$UPLOAD")
rf_image b3 bios 2.4 60000 "$PRODUCT"
upd 3 bios b3 2.4
expect_in "$T/err" "SFT-OOB-LIC or SFT-DCMS-SINGLE"
expect_in "$T/err" "in band"
expect_in "$T/err" "nothing was flashed"
check_verdict "$T/out" oob-licence refuse
[ "$(rf_log_count POST "$UPLOAD")" = "$pushes" ] || fail "a BIOS was pushed without the licence"
ok "supermicro: no-oob-licence: the BIOS refused (exit 3) naming the licence, nothing pushed"
# A BMC that cannot show its licences: a warning in the preflight, and the
# upload's refusal (OemLicenseNotPassed) explained the same way.
rf_fault licence-query-missing
before=$(bios_fw)
upd 3 bios b3 2.4
check_verdict "$T/out" oob-licence warn
expect_in "$T/err" "SMC.1.0.OemLicenseNotPassed"
expect_in "$T/err" "SFT-OOB-LIC or SFT-DCMS-SINGLE"
expect_in "$T/err" "in band"
expect_in "$T/err" "nothing was flashed"
jeq "$T/out" stopped_at bios-stage
[ "$(bios_fw)" = "$before" ] || fail "the BIOS changed after a refused upload"
ok "supermicro: licence not readable: a warning, then the upload's OemLicenseNotPassed" \
	"explained (exit 3), nothing flashed"
rf_fault --clear

# 6. Already in update mode: the upload refused with its own message (the
#    reset it needs), nothing flashed; once the BMC is reset, it goes through.
rf_fault already-update-mode
rf_image m3 bmc 01.04.00 60000 "$PRODUCT"
starts=$(rf_log_count POST "$START")
upd 3 bmc m3 01.04.00
expect_in "$T/err" "the BMC is already in update mode"
expect_in "$T/err" "SMC.1.0.OemFirmwareAlreadyInUpdateMode"
expect_in "$T/err" "reset the BMC (its web page"
expect_in "$T/err" "nothing was flashed"
jeq "$T/out" stopped_at bmc-upload
[ "$(rf_log_count POST "$START")" = "$starts" ] || fail "StartUpdate sent in update mode"
[ "$(bmc_fw)" = 01.03.00 ] || fail "the BMC changed in update mode"
ok "supermicro: already-update-mode: refused at bmc-upload (exit 3), the reset named, nothing" \
	"flashed"
# The reset the message names ends update mode: the same run goes through.
ends=$(grep -c '"event": "reset-end"' "$FWD_RF_LOG")
rf_send POST $MGR/Actions/Manager.Reset '{"ResetType": "ForceRestart"}' >/dev/null
for _ in $(seq 1 40); do
	[ "$(grep -c '"event": "reset-end"' "$FWD_RF_LOG")" -gt "$ends" ] && break
	sleep 0.25
done
grep -q '"event": "update-mode-cleared"' "$FWD_RF_LOG" || fail "the reset left update mode on"
upd 0 bmc m3 01.04.00
[ "$(bmc_fw)" = 01.04.00 ] || fail "the BMC does not run 01.04.00 after its reset"
ok "supermicro: after the BMC's reset (Manager.Reset) the same update goes through"

# 7. verify-fail: the BMC's verification refuses the image: the run fails
#    naming it (exit 4), no StartUpdate, the BMC runs what it ran.
rf_fault verify-fail
starts=$(rf_log_count POST "$START")
rf_image m4 bmc 01.05.00 60000 "$PRODUCT"
upd 4 bmc m4 01.05.00
expect_in "$T/err" "VerificationFailed"
expect_in "$T/out" "smc-update-mode"
[ "$(rf_log_count POST "$START")" = "$starts" ] || fail "StartUpdate sent after a failed verify"
[ "$(bmc_fw)" = 01.04.00 ] || fail "the BMC changed after a failed verify"
ok "supermicro: verify-fail: the run fails (exit 4) naming VerificationFailed, no StartUpdate," \
	"the update-mode recovery hint shown"
rf_fault --clear

# 8. kill -9 while the BMC verifies the image (after the upload, before
#    StartUpdate): status names resume; resume follows the verify task it
#    finds, sends the StartUpdate the killed run never sent, and verifies.
rf_start --persona supermicro --task-seconds 4 --reset-silence 1
rf_image k bmc 01.06.00 60000 "$PRODUCT"
"$FWDISPATCH" update "${RF[@]}" --bmc "$T/k.bin" --bmc-version 01.06.00 --bmc-timeout 60 \
	--yes >"$T/kill.out" 2>"$T/kill.err" &
pid=$!
for _ in $(seq 1 200); do
	grep -q "the BMC verifies the image" "$T/kill.err" 2>/dev/null && break
	sleep 0.05
done
grep -q "the BMC verifies the image" "$T/kill.err" || { kill -9 $pid; fail "no verify task seen"; }
kill -9 $pid
wait $pid 2>/dev/null
[ "$(rf_log_count POST "$START")" = 0 ] || fail "StartUpdate sent before the kill"
run 0 "$FWDISPATCH" status "${RF[@]}"
expect_in "$T/out" "resume"
run 0 "$FWDISPATCH" resume "${RF[@]}" --bmc-timeout 60 --yes --json
[ "$(rf_log_count POST "$START")" = 1 ] || fail "resume did not send StartUpdate once"
expect_in "$T/err" "was the BMC's verification of the image"
jeq "$T/out" bmc.after 01.06.00
[ "$(bmc_fw)" = 01.06.00 ] || fail "the BMC does not run 01.06.00 after resume"
ok "supermicro: kill -9 during the verify task; resume sends StartUpdate once, 01.06.00 runs"

# 9. X11: no Redfish update path: the supermicro plugin scores 0 saying
#    IPMI/sum; the generic plugin takes it and refuses cleanly, nothing sent.
rf_start --persona supermicro --model X11DPi-N --task-seconds 1
rf_image x bmc 01.80.00 60000 X11DPi-N
upd 3 bmc x 01.80.00
jeq "$T/out" plugin redfish
n=$("$JGET" -f "$T/out" -l candidates) || fail "no candidates in the report"
for ((i = 0; i < n; i++)); do
	[ "$("$JGET" -f "$T/out" "candidates.$i.name")" = supermicro ] && break
done
[ "$i" -lt "$n" ] || fail "supermicro is not among the candidates"
jeq "$T/out" "candidates.$i.score" 0
"$JGET" -f "$T/out" "candidates.$i.reason" >"$T/reason"
expect_in "$T/reason" "no usable Redfish update path"
expect_in "$T/reason" "IPMI or with sum"
expect_in "$T/err" "nothing was flashed"
[ "$(rf_log_count POST /redfish/v1/UpdateService)" = 0 ] || fail "an X11 was pushed to"
ok "supermicro: X11 scores 0 (IPMI/sum named); the generic run refuses (exit 3), nothing sent"
