#!/usr/bin/env bash
# The hpe plugin on an iLO 5/6's Redfish service (the emulator's hpe
# persona): the iLO's upload form to HttpPushUri (sessionKey, parameters,
# files[]) and the update followed in UpdateService's Oem.Hpe state.  The
# iLO updated end to end, its "iLO 5 v3.0.0" read as 3.0.0; the session's
# token sent in the form and found nowhere of ours; a dry run that plans the
# form, sends nothing; a system ROM staged (exit 10), running after the
# host's reset; an update that ends in Error failing with the iLO's words,
# nothing claimed; iLO 6 too; the iLO's recovery hints.
. "$(dirname "$0")/lib.sh"
rf_require

UPLOAD=/cgi-bin/uploadFile
MGR=/redfish/v1/Managers/1
SYS=/redfish/v1/Systems/1
product() { rf_get /redfish/v1/ | "$JGET" Product; }
bmc_fw() { rf_get "$MGR" | "$JGET" FirmwareVersion; }
bios_fw() { rf_get "$SYS" | "$JGET" BiosVersion; }
upd() { # EXIT PART IMAGE VERSION [OPTIONS...]
	local want=$1 part=$2 image=$3 version=$4
	shift 4
	run "$want" "$FWDISPATCH" update "${RF[@]}" "--$part" "$T/$image.bin" \
		"--$part-version" "$version" --bmc-timeout 60 --yes --json "$@"
}
last_upload() { grep "\"path\": \"$UPLOAD\"" "$FWD_RF_LOG" | tail -n 1; }

# 1. The iLO: the hpe plugin takes it, pushes the form, follows Oem.Hpe to
#    Complete; the iLO restarts and runs 3.0.0, read as "iLO 5 v3.0.0".
rf_start --persona hpe --task-seconds 1 --reset-silence 1
rf_image h bmc 3.0.0 60000 "$(product)"
upd 0 bmc h 3.0.0
jeq "$T/out" plugin hpe
jeq "$T/out" bmc.after "iLO 5 v3.0.0"
jeq "$T/out" bmc.ilo_state Complete
[ "$(bmc_fw)" = "iLO 5 v3.0.0" ] || fail "the iLO does not run 3.0.0"
last_upload | grep -q '"status": 200' || fail "the form was not taken: $(last_upload)"
for part in sessionKey parameters 'files\[\]'; do
	last_upload | grep -q "\"$part\"" || fail "no $part in the form: $(last_upload)"
done
[ "$(rf_log_count POST /redfish/v1/UpdateService/upload)" = 0 ] || fail "a DMTF push too"
expect_in "$T/err" "iLO update state: Writing"
cmp -s "$T/h.bin" "$FWD_RF_PAYLOAD" || fail "the iLO holds other bytes than the image"
ok "hpe: the iLO form pushed (sessionKey, parameters, files[]), Oem.Hpe followed to Complete," \
	"iLO 5 v3.0.0 runs"

# 2. The token went into the form, and nowhere of ours.
[ -s "$FWD_RF_STATE/tokens" ] || fail "the emulator issued no token"
while read -r token; do
	! grep -rqF -- "$token" "$T/state" "$T/out" "$T/err" ||
		fail "a session token is in fwdispatch's files or output"
done <"$FWD_RF_STATE/tokens"
ok "hpe: no session token in the state folder, the journal, the JSON or the log"

# 3. A dry run plans the form (its field names, no values) and the state
#    it follows; nothing is sent.
pushes=$(rf_log_count POST "$UPLOAD")
rf_image h2 bmc 3.1.0 60000 "$(product)"
upd 0 bmc h2 3.1.0 --dry-run
expect_in "$T/out" "$UPLOAD"
expect_in "$T/out" "sessionKey"
expect_in "$T/out" "Oem.Hpe"
[ "$(rf_log_count POST "$UPLOAD")" = "$pushes" ] || fail "a dry run pushed"
ok "hpe: a dry run plans the form and the Oem.Hpe state, sends nothing"

# 4. The system ROM: written, applied at the host's next reset (exit 10);
#    after it, verify finds it running.
rf_image b bios 2.80 60000 "$(product)"
upd 10 bios b 2.80
jeq "$T/out" plugin hpe
jeq "$T/out" bios.outcome staged
[ "$(bios_fw)" = "U30 v2.68" ] || fail "the system ROM changed before the host's reset"
"$RFSIM" power-cycle "$FWD_RF_DIR" >/dev/null || fail "power-cycle"
[ "$(bios_fw)" = "U30 v2.80" ] || fail "the host reset did not bring 2.80"
run 0 "$FWDISPATCH" verify "${RF[@]}" --json
ok "hpe: system ROM staged (exit 10); after the host's reset verify finds U30 v2.80"

# 5. The iLO's update ends in Error: the run fails with the iLO's words
#    (exit 4), the iLO runs what it ran, the recovery hints are the iLO's.
rf_fault verify-fail
rf_image h3 bmc 3.2.0 60000 "$(product)"
upd 4 bmc h3 3.2.0
expect_in "$T/err" "the iLO's update ended in Error"
expect_in "$T/err" "VerificationFailed"
jeq "$T/out" bmc.ilo_state Error
jeq "$T/out" stopped_at bmc-upload
expect_in "$T/out" "ilo-flash-recovery"
[ "$(bmc_fw)" = "iLO 5 v3.0.0" ] || fail "the iLO changed after an Error"
ok "hpe: an update ending in Error fails (exit 4) with the iLO's message; nothing claimed"

# 6. iLO 6 (ProLiant Gen11): the same path.
rf_start --persona hpe --ilo 6 --task-seconds 1 --reset-silence 1
rf_image g bmc 1.60 60000 "$(product)"
upd 0 bmc g 1.60
jeq "$T/out" plugin hpe
jeq "$T/out" bmc.after "iLO 6 v1.60"
ok "hpe: iLO 6 updated the same way, 'iLO 6 v1.60' runs"
