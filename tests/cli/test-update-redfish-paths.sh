#!/usr/bin/env bash
# The ways a Redfish service may want an update, and an update killed in
# the middle of its upload: the task that asks for a reset (the core sends
# Manager.Reset), a reset refused, HttpPushUri without multipart, a
# service without sessions (Basic), the image size the service takes, and
# kill -9 mid-upload then resume.
. "$(dirname "$0")/lib.sh"
rf_require

bmc_fw() { rf_get /redfish/v1/Managers/BMC | "$JGET" FirmwareVersion; }
upd() { # EXIT IMAGE-NAME VERSION [OPTIONS...]
	local want=$1 name=$2 version=$3
	shift 3
	run "$want" "$FWDISPATCH" update "${RF[@]}" --bmc "$T/$name.bin" --bmc-version "$version" \
		--bmc-timeout 30 --yes --json "$@"
	one_json "$T/out"
}

# 1. The task ends with Base.ResetRequired: the core resets the manager, waits, verifies.
rf_start --bmc-activation reset-required --task-seconds 1 --reset-silence 1
rf_image a bmc 2.0.0 40000
upd 0 a 2.0.0
jeq "$T/out" bmc.after 2.0.0
[ "$(rf_log_count POST /redfish/v1/Managers/BMC/Actions/Manager.Reset)" = 1 ] ||
	fail "the core did not send Manager.Reset"
"$JGET" -f "$T/out" steps | grep -q '"bmc-reset"' || fail "no bmc-reset step"
grep '"path": "/redfish/v1/Managers/BMC/Actions/Manager.Reset"' "$FWD_RF_LOG" |
	grep -q '"ResetType"' || fail "Manager.Reset without a ResetType"
ok "a task asking for a reset: the core sends Manager.Reset, waits and verifies 2.0.0"

# 2. The reset is refused: the run stops at bmc-reset, with the way forward.
rf_fault refuse-reset
rf_image b bmc 3.0.0 40000
upd 1 b 3.0.0
jeq "$T/out" stopped_at bmc-reset
expect_in "$T/out" "reset it by hand, then resume"
rf_fault refuse-reset=off
ok "a refused Manager.Reset stops the run at bmc-reset (exit 1), saying what to do"
rf_send POST /redfish/v1/Managers/BMC/Actions/Manager.Reset '{"ResetType": "ForceRestart"}' >/dev/null
sleep 2
run 0 "$FWDISPATCH" resume "${RF[@]}" --yes --json
jeq "$T/out" bmc.after 3.0.0
ok "once the BMC was reset by hand, resume finds 3.0.0 running and finishes"

# 3. No multipart: the image alone to HttpPushUri.
rf_start --no-multipart --task-seconds 1 --reset-silence 1
rf_image c bmc 2.0.0 40000
upd 0 c 2.0.0
jeq "$T/out" bmc.push_uri /redfish/v1/UpdateService/push
cmp -s "$T/c.bin" "$FWD_RF_PAYLOAD" || fail "the pushed bytes differ"
[ "$(rf_log_count POST /redfish/v1/UpdateService/push)" = 1 ] || fail "not pushed to HttpPushUri"
ok "a service without MultipartHttpPushUri gets the image alone on HttpPushUri"

# 4. No sessions: every request carries Basic, and the update works.
rf_start --no-sessions --task-seconds 1 --reset-silence 1
rf_image d bmc 2.0.0 40000
upd 0 d 2.0.0
grep -q '"auth": "basic"' "$FWD_RF_LOG" || fail "no Basic authentication"
! grep -q '"auth": "token"' "$FWD_RF_LOG" || fail "a token on a service without sessions"
ok "a service without sessions: Basic on every request, the update works"

# 5. MaxImageSizeBytes: an image over it is refused before anything is sent.
rf_start --max-image-bytes 10000 --task-seconds 1
rf_image e bmc 2.0.0 40000
upd 3 e 2.0.0
expect_in "$T/out" "MaxImageSizeBytes"
[ "$(rf_log_count POST /redfish/v1/UpdateService/upload)" = 0 ] || fail "pushed anyway"
ok "an image over MaxImageSizeBytes: refused in the preflight (exit 3), nothing pushed"

# 6. kill -9 in the middle of the upload, then resume.
rf_start --task-seconds 1 --reset-silence 1
rf_image f bmc 2.0.0 $((200 * 1024 * 1024))
"$FWDISPATCH" update "${RF[@]}" --bmc "$T/f.bin" --bmc-version 2.0.0 --bmc-timeout 30 --yes \
	--events >"$T/events" 2>"$T/kill.err" &
pid=$!
for _ in $(seq 1 400); do
	grep -q '"bmc-upload"' "$T/events" 2>/dev/null && break
	sleep 0.05
done
grep -q '"bmc-upload"' "$T/events" || { kill -9 $pid; fail "the upload never began"; }
sleep 0.3
kill -9 $pid
wait $pid 2>/dev/null
run 0 "$FWDISPATCH" status "${RF[@]}"
expect_in "$T/out" "resume"
run 0 "$FWDISPATCH" resume "${RF[@]}" --yes --json
jeq "$T/out" bmc.after 2.0.0
cmp -s "$T/f.bin" "$FWD_RF_PAYLOAD" || fail "the BMC holds other bytes than the image"
[ "$(bmc_fw)" = 2.0.0 ] || fail "not updated"
ok "kill -9 during the upload: status names resume, which pushes again (or follows the task) and verifies"
