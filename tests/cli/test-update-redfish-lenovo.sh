#!/usr/bin/env bash
# The lenovo plugin on an XClarity Controller's Redfish service (the
# emulator's lenovo persona): Targets left empty (the image names its part,
# fwupd's wildcard-targets), the XCC's own image ending ResetRequired, the
# manager reset sent and its pre-delay and silence waited out, 11B-1.10
# running; milestone versions ordered (a downgrade refused); UEFI staged
# (exit 10); a concurrent update (503) and an image over an unpublished
# limit (413) refused with their own words, nothing flashed; the XCC's
# recovery hints.  (In band, a ThinkSystem's SMBIOS picks the plugin, which
# refuses without --redfish: unit/test_probes.)
. "$(dirname "$0")/lib.sh"
rf_require

MGR=/redfish/v1/Managers/1
SYS=/redfish/v1/Systems/1
UPLOAD=/mfwupdate
product() { rf_get /redfish/v1/ | "$JGET" Product; }
bmc_fw() { rf_get "$MGR" | "$JGET" FirmwareVersion; }
bios_fw() { rf_get "$SYS" | "$JGET" BiosVersion; }
upd() { # EXIT PART IMAGE VERSION [OPTIONS...]
	local want=$1 part=$2 image=$3 version=$4
	shift 4
	run "$want" "$FWDISPATCH" update "${RF[@]}" "--$part" "$T/$image.bin" \
		"--$part-version" "$version" --bmc-timeout 90 --yes --json "$@"
}
last_upload() { grep "\"path\": \"$UPLOAD\"" "$FWD_RF_LOG" | tail -n 1; }

# 1. The XCC: Targets [], the task asks for the reset, the core sends it,
#    the XCC answers on with its old firmware for the pre-delay, then is
#    silent, then runs 11B-1.10.
rf_start --persona lenovo --task-seconds 1 --reset-pre-delay 2 --reset-silence 2 \
	--max-image-bytes 150000
rf_image x bmc 11B-1.10 60000 "$(product)"
upd 0 bmc x 11B-1.10
jeq "$T/out" plugin lenovo
jeq "$T/out" bmc.after 11B-1.10
[ "$(bmc_fw)" = 11B-1.10 ] || fail "the XCC does not run 11B-1.10"
last_upload | grep -q '"Targets": \[\]' || fail "Targets not empty: $(last_upload)"
[ "$(rf_log_count POST $MGR/Actions/Manager.Reset)" = 1 ] || fail "no single Manager.Reset"
grep -q '"event": "reset-pre-delay"' "$FWD_RF_LOG" || fail "the pre-delay was not played"
cmp -s "$T/x.bin" "$FWD_RF_PAYLOAD" || fail "the XCC holds other bytes than the image"
ok "lenovo: Targets [], the reset sent after ResetRequired, pre-delay and silence waited out," \
	"11B-1.10 runs"

# 2. The same milestone with an older version is a downgrade: refused
#    before anything is sent.
pushes=$(rf_log_count POST "$UPLOAD")
rf_image y bmc 11C-1.05 60000 "$(product)"
upd 3 bmc y 11C-1.05
expect_in "$T/out" "refusing a downgrade"
[ "$(rf_log_count POST "$UPLOAD")" = "$pushes" ] || fail "a downgrade was pushed"
ok "lenovo: 11C-1.05 under 11B-1.10 refused as a downgrade (exit 3), nothing pushed"

# 3. UEFI: staged for the host's reboot (exit 10).
rf_image u bios U8E120J-1.20 60000 "$(product)"
upd 10 bios u U8E120J-1.20
jeq "$T/out" bios.outcome staged
[ "$(bios_fw)" = U8E118J-1.10 ] || fail "the UEFI changed before the host's reset"
ok "lenovo: UEFI staged (exit 10), applied at the host's reboot"

# 4. Another update runs (503): busy, with the XCC's words, nothing flashed.
rf_fault busy
rf_image z bmc 11B-1.20 60000 "$(product)"
upd 7 bmc z 11B-1.20
jeq "$T/out" error.code busy
expect_in "$T/out" "busy (503"
[ "$(bmc_fw)" = 11B-1.10 ] || fail "the XCC changed while busy"
rf_fault busy=off
ok "lenovo: a concurrent update (503) refused as busy (exit 7), nothing flashed"

# 5. An image over a limit the XCC does not publish: its 413 explained,
#    nothing flashed.
rf_fault unsaid-max-size
rf_image big bmc 11B-1.30 200000 "$(product)"
upd 3 bmc big 11B-1.30
expect_in "$T/out" "too large"
expect_in "$T/out" "413"
expect_in "$T/out" "nothing was flashed"
[ "$(bmc_fw)" = 11B-1.10 ] || fail "the XCC changed after a 413"
rf_fault unsaid-max-size=off
ok "lenovo: an image over the unpublished limit: the XCC's 413 explained (exit 3), nothing" \
	"flashed"

# 6. recover names the XCC's own hints.
run 0 "$FWDISPATCH" recover "${RF[@]:0:${#RF[@]}-2}" --json  # no --state-dir
expect_in "$T/out" "xcc-recovery"
ok "lenovo: recover shows the XCC's hints"
