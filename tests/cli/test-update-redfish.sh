#!/usr/bin/env bash
# fwdispatch update over Redfish (--redfish), against the emulated BMC of
# tests/sim/fwd-redfish-sim: a whole BMC update and a BIOS staging with the
# IPMI path's safety (preflight, backup, journal, history, JSON), and the
# dry run that sends nothing.
. "$(dirname "$0")/lib.sh"
rf_require

rf_start
bmc_fw() { rf_get /redfish/v1/Managers/BMC | "$JGET" FirmwareVersion; }

# 1. A dry run: the plan names the requests, nothing is pushed, nothing pinned.
rf_image bmc-2 bmc 2.0.0 300000
run 0 "$FWDISPATCH" update "${RF[@]}" --bmc "$T/bmc-2.bin" --bmc-version 2.0.0 --dry-run --json
one_json "$T/out"
jeq "$T/out" dry_run true
jeq "$T/out" plugin redfish
jeq "$T/out" identity.source redfish
jeq "$T/out" identity.redfish.service_vendor Contoso
expect_in "$T/out" "POST /redfish/v1/UpdateService/upload {Targets, @Redfish.OperationApplyTime}"
expect_in "$T/out" "GET /redfish/v1/"
[ "$(rf_log_count POST /redfish/v1/UpdateService/upload)" = 0 ] || fail "a dry run pushed"
[ ! -e "$T/state/redfish/known-certs" ] || fail "a dry run pinned the certificate"
[ "$(bmc_fw)" = 1.0.0 ] || fail "a dry run changed the BMC"
ok "a dry run lists the Redfish requests by method, path and body keys; sends no push, pins nothing"

# 2. The update, end to end.
run 0 "$FWDISPATCH" update "${RF[@]}" --bmc "$T/bmc-2.bin" --bmc-version 2.0.0 --yes --json
one_json "$T/out"
jeq "$T/out" result ok
jeq "$T/out" changed true
jeq "$T/out" bmc.before 1.0.0
jeq "$T/out" bmc.after 2.0.0
jeq "$T/out" bmc.outcome updated
jeq "$T/out" tls.verified_by pin
jeq "$T/out" tls.certificate_sha256 "$FWD_RF_FINGERPRINT"
jeq "$T/out" tls.pinned_now true
for s in identify check-bmc-image preflight-checks backup bmc-upload bmc-job bmc-wait \
	bmc-verify lan-check; do
	"$JGET" -f "$T/out" steps | grep -q "\"$s\"" || fail "no step $s in the report"
done
cmp -s "$T/bmc-2.bin" "$FWD_RF_PAYLOAD" || fail "the BMC got other bytes than the image"
[ "$(bmc_fw)" = 2.0.0 ] || fail "the BMC does not run 2.0.0"
grep -q "^127.0.0.1_${FWD_RF_PORT} $FWD_RF_FINGERPRINT " "$T/state/redfish/known-certs" ||
	fail "the certificate is not pinned"
[ "$(stat -c %a "$T/state/redfish/known-certs")" = 600 ] || fail "known-certs is not 0600"
ok "a BMC update over Redfish: pushed byte for byte, restarted, verified 2.0.0, certificate pinned"

# The session was deleted; the push carried Immediate and the BMC's inventory entry.
[ "$(rf_log_count DELETE /redfish/v1/SessionService/Sessions/)" -ge 1 ] || fail "no session deleted"
[ "$(rf_get /redfish/v1/SessionService/Sessions | "$JGET" -l Members)" = 0 ] ||
	fail "fwdispatch left a session open"
grep '"path": "/redfish/v1/UpdateService/upload"' "$FWD_RF_LOG" | grep -q '"Immediate"' ||
	fail "the push did not ask for Immediate"
grep '"path": "/redfish/v1/UpdateService/upload"' "$FWD_RF_LOG" |
	grep -q 'FirmwareInventory/BMC' || fail "the push did not target the BMC's inventory entry"
ok "every session fwdispatch opened is deleted; the push asks for Immediate on the BMC's entry"

# The backup holds the BMC's network settings and accounts, no password.
b=$("$JGET" -f "$T/out" backup)
[ -f "$b" ] && [ "$(stat -c %a "$b")" = 600 ] || fail "no 0600 backup at '$b'"
jeq "$b" protocol redfish
jeq "$b" vendor.resources.0.name eth0
jeq "$b" vendor.resources.0.settings.IPv4StaticAddresses.0.Address 192.0.2.10
jeq "$b" vendor.resources.1.name network-protocol
jeq "$b" vendor.accounts.0.UserName admin
pw=$(cat "$FWD_RF_PASSWORD_FILE")
for f in "$b" "$T/out" "$T/err" "$T/state/history.jsonl" "$FWD_RF_LOG" "$T/state"/runs/*; do
	! grep -qF -- "$pw" "$f" || fail "the password is in $f"
done
ok "the backup (0600) holds eth0, the network protocol and the accounts; no password anywhere"

# 3. History and journal.
tail -n 1 "$T/state/history.jsonl" >"$T/h"
jeq "$T/h" component bmc
jeq "$T/h" new 2.0.0
jeq "$T/h" tls.verified_by pin
run 0 "$FWDISPATCH" status "${RF[@]}" --json
jeq "$T/out" state ok
ok "the history and status tell the Redfish update, with how the certificate was trusted"

# 4. The same again: nothing to do.
run 0 "$FWDISPATCH" update "${RF[@]}" --bmc "$T/bmc-2.bin" --bmc-version 2.0.0 --yes --json
jeq "$T/out" changed false
jeq "$T/out" tls.pinned_now false
ok "the same image again changes nothing; the pinned certificate is reused"

# 5. BIOS staging: applied at the next host reboot, exit 10.
rf_image bios-3 bios 3.0.0 200000
run 10 "$FWDISPATCH" update "${RF[@]}" --bios "$T/bios-3.bin" --bios-version 3.0.0 --yes --json
jeq "$T/out" reboot_required true
jeq "$T/out" bios.reboot_required true
jeq "$T/out" bios.outcome staged
grep '"path": "/redfish/v1/UpdateService/upload"' "$FWD_RF_LOG" | tail -n 1 |
	grep -q '"OnReset"' || fail "the BIOS push did not ask for OnReset"
[ "$(rf_get /redfish/v1/Systems/System1 | "$JGET" BiosVersion)" = 1.0.0 ] ||
	fail "the BIOS changed before a host reboot"
"$RFSIM" power-cycle "$FWD_RF_DIR" >/dev/null || fail "power-cycle"
[ "$(rf_get /redfish/v1/Systems/System1 | "$JGET" BiosVersion)" = 3.0.0 ] ||
	fail "the staged BIOS does not run after the host's reboot"
ok "a BIOS is staged OnReset (exit 10, nothing rebooted) and runs after the host's reboot"

# 6. A BMC that runs its new firmware after Manager.Reset only, and restarts
# a moment after answering it: the wait ends once it has restarted (its
# 401 to the old session), not at fwdispatch's own next login; the new
# version is there at once, with no late-version wait.
rf_start --bmc-activation reset-required --task-seconds 0.5 --reset-silence 2
rf_image bmc-4 bmc 4.0.0 100000
run 0 "$FWDISPATCH" update "${RF[@]}" --bmc "$T/bmc-4.bin" --bmc-version 4.0.0 --yes --json
jeq "$T/out" bmc.after 4.0.0
expect_not_in "$T/err" "not yet 4.0.0"
python3 - "$FWD_RF_LOG" >"$T/order" <<'PY'
import json, sys
seen = []
for line in open(sys.argv[1]):
    r = json.loads(line)
    if r.get("path", "").endswith("/Manager.Reset"):
        seen.append("reset-request")
    elif r.get("event") in ("reset", "reset-end"):
        seen.append(r["event"])
    elif r.get("status") == 401 and "reset-end" in seen:
        seen.append("401")
print(" ".join(seen))
PY
[ "$(cat "$T/order")" = "reset-request reset reset-end 401" ] ||
	fail "Manager.Reset, restart, then the old session refused: not '$(cat "$T/order")'"
ok "reset-required: Manager.Reset sent, the wait lasts until the BMC restarted, 4.0.0 at once"
