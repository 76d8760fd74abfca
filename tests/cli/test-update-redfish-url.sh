#!/usr/bin/env bash
# --bmc-url and --bios-url: a Redfish BMC pulls its image from a mirror
# (UpdateService.SimpleUpdate), after fwdispatch fetched the same URL and
# checked what it served.  The command line's rules, a good update of each
# part, and each way it must stop with nothing asked of the BMC: a wrong
# SHA-256, a truncated image, a URL that fails or redirects, a service
# without SimpleUpdate; then the BMC's own pull failing (TransferFailed).
. "$(dirname "$0")/lib.sh"
rf_require

SIMPLE=/redfish/v1/UpdateService/Actions/UpdateService.SimpleUpdate
mkdir -p "$T/www"
web_start "$T/www"
rf_start --task-seconds 1 --reset-silence 1
sha() { sha256sum "$T/$1.bin" | cut -d' ' -f1; }
publish() { cp "$T/$1.bin" "$T/www/$1.bin"; }

# 1. The command line: each rule a usage error (exit 2), nothing fetched or sent.
rf_image bmc-2 bmc 2.0.0 300000
publish bmc-2
S=$(sha bmc-2)
run 2 "$FWDISPATCH" update --host 127.0.0.1 --port 1 --user u --bmc-url "$WEB/bmc-2.bin" \
	--sha256-bmc "$S" --yes
expect_in "$T/err" "is for a Redfish BMC"
run 2 "$FWDISPATCH" update "${RF[@]}" --bmc-url "$WEB/bmc-2.bin" --yes
expect_in "$T/err" "needs --sha256-bmc"
run 2 "$FWDISPATCH" update "${RF[@]}" --bmc "$T/bmc-2.bin" --bmc-url "$WEB/bmc-2.bin" \
	--sha256-bmc "$S" --yes
expect_in "$T/err" "both name the bmc image"
run 2 "$FWDISPATCH" update "${RF[@]}" --bmc-url "ftp://127.0.0.1/bmc-2.bin" --sha256-bmc "$S" --yes
expect_in "$T/err" "not an http:// or https:// URL"
run 2 "$FWDISPATCH" update "${RF[@]}" --bmc-url "http://me:secret@127.0.0.1/bmc-2.bin" \
	--sha256-bmc "$S" --yes --json
expect_in "$T/out" "holds a user or a password"
expect_not_in "$T/out" "secret"
[ "$(rf_log_count POST "$SIMPLE")" = 0 ] || fail "a SimpleUpdate was sent"
[ ! -s "$T/web.log" ] || ! grep -q "GET /" "$T/web.log" || fail "the mirror was read"
ok "--bmc-url: only over Redfish, with --sha256-bmc, not with --bmc, http(s) without a password (exit 2)"

# 2. A dry run fetches and checks the image, and shows the SimpleUpdate it would send.
run 0 "$FWDISPATCH" update "${RF[@]}" --bmc-url "$WEB/bmc-2.bin" --sha256-bmc "$S" \
	--bmc-version 2.0.0 --dry-run --json
jeq "$T/out" bmc.image_url "$WEB/bmc-2.bin"
jeq "$T/out" bmc.image.sha256 "$S"
expect_in "$T/out" "$SIMPLE"
expect_in "$T/out" "ImageURI"
grep -q "GET /bmc-2.bin" "$T/web.log" || fail "the dry run did not fetch the image"
[ "$(rf_log_count POST "$SIMPLE")" = 0 ] || fail "a dry run sent SimpleUpdate"
[ -z "$(ls -A "$T/state/staging" 2>/dev/null)" ] || fail "the dry run left its copy"
ok "a dry run fetches and checks the URL's image, plans the SimpleUpdate, keeps no copy"

# 3. The update: fetched, checked, the BMC pulls it, restarts, runs 2.0.0.
run 0 "$FWDISPATCH" update "${RF[@]}" --bmc-url "$WEB/bmc-2.bin" --sha256-bmc "$S" \
	--bmc-version 2.0.0 --bmc-timeout 30 --yes --json
one_json "$T/out"
jeq "$T/out" bmc.after 2.0.0
jeq "$T/out" bmc.image_url "$WEB/bmc-2.bin"
jeq "$T/out" bmc.push_uri "$SIMPLE"
jeq "$T/out" bmc.apply_time Immediate
[ "$(rf_log_count POST "$SIMPLE")" = 1 ] || fail "not one SimpleUpdate"
[ "$(rf_log_count POST /redfish/v1/UpdateService/upload)" = 0 ] || fail "pushed as well"
cmp -s "$T/bmc-2.bin" "$FWD_RF_PAYLOAD" || fail "the BMC did not get the mirror's bytes"
grep "\"path\": \"$SIMPLE\"" "$FWD_RF_LOG" |
	grep -q '"keys": \["@Redfish.OperationApplyTime", "ImageURI", "Targets"\]' ||
	fail "the SimpleUpdate's body is not ImageURI, Targets and the apply time"
# The dry run's fetch, the run's, the BMC's.
[ "$(grep -c "GET /bmc-2.bin" "$T/web.log")" = 3 ] || fail "the mirror was not read 3 times"
[ -z "$(ls -A "$T/state/staging" 2>/dev/null)" ] || fail "the run left its copy"
"$FWDISPATCH" history "${RF[@]}" --json >"$T/hist" || fail "history"
expect_in "$T/hist" "bmc-2.bin"
ok "--bmc-url: checked, pulled by the BMC through SimpleUpdate (Immediate), 2.0.0 runs"

# 4. The BIOS: SimpleUpdate with OnReset, staged, exit 10.
rf_image bios-3 bios 3.0.0 200000
publish bios-3
run 10 "$FWDISPATCH" update "${RF[@]}" --bios-url "$WEB/bios-3.bin" --sha256-bios "$(sha bios-3)" \
	--bios-version 3.0.0 --yes --json
jeq "$T/out" bios.outcome staged
jeq "$T/out" bios.apply_time OnReset
jeq "$T/out" bios.reboot_required true
[ "$(rf_log_count POST "$SIMPLE")" = 2 ] || fail "the BIOS was not pulled with SimpleUpdate"
ok "--bios-url: pulled with OnReset, staged for the next reboot (exit 10)"

# 5. What must stop before the BMC is asked: each refused (exit 3), no SimpleUpdate.
rf_image bmc-4 bmc 4.0.0 300000
publish bmc-4
run 3 "$FWDISPATCH" update "${RF[@]}" --bmc-url "$WEB/bmc-4.bin" --sha256-bmc "$S" \
	--bmc-version 4.0.0 --yes --json
jeq "$T/out" bmc.image.problem sha256-mismatch
head -c 1000 "$T/bmc-4.bin" >"$T/www/cut.bin"
run 3 "$FWDISPATCH" update "${RF[@]}" --bmc-url "$WEB/cut.bin" --sha256-bmc "$(sha bmc-4)" \
	--bmc-version 4.0.0 --yes --json
run 3 "$FWDISPATCH" update "${RF[@]}" --bmc-url "$WEB/gone.bin" --sha256-bmc "$S" --yes --json
expect_in "$T/out" "answers HTTP 404"
run 3 "$FWDISPATCH" update "${RF[@]}" --bmc-url "$WEB/moved/bmc-4.bin" \
	--sha256-bmc "$(sha bmc-4)" --yes --json
expect_in "$T/out" "redirects (HTTP 302)"
run 3 "$FWDISPATCH" update "${RF[@]}" --bmc-url "http://127.0.0.1:1/bmc-4.bin" \
	--sha256-bmc "$(sha bmc-4)" --yes --json
expect_in "$T/out" "cannot fetch"
[ "$(rf_log_count POST "$SIMPLE")" = 2 ] || fail "a SimpleUpdate was sent after a failed check"
[ -z "$(ls -A "$T/state/staging" 2>/dev/null)" ] || fail "a refused run left its copy"
ok "wrong SHA-256, truncated, 404, redirect, no server: refused (exit 3), the BMC never asked"

# 6. A service without SimpleUpdate: refused in the preflight, nothing sent.
rf_start --no-simple-update --task-seconds 1 --reset-silence 1
run 3 "$FWDISPATCH" update "${RF[@]}" --bmc-url "$WEB/bmc-4.bin" --sha256-bmc "$(sha bmc-4)" \
	--bmc-version 4.0.0 --yes --json
expect_in "$T/out" "no SimpleUpdate action"
[ "$(rf_log_count POST /redfish/v1/UpdateService)" = 0 ] || fail "something was sent"
ok "a service without SimpleUpdate: refused before anything is sent (exit 3)"

# 7. The BMC's own pull fails (the mirror lost the file after the check): TransferFailed, exit 4.
rf_start --task-seconds 1 --reset-silence 1
run 4 "$FWDISPATCH" update "${RF[@]}" --bmc-url "$WEB/once/bmc-4.bin" --sha256-bmc "$(sha bmc-4)" \
	--bmc-version 4.0.0 --yes --json
expect_in "$T/out" "TransferFailed"
jeq "$T/out" bmc.task_message_id Update.1.0.TransferFailed
[ "$(rf_get /redfish/v1/Managers/BMC | "$JGET" FirmwareVersion)" = 1.0.0 ] ||
	fail "the BMC changed"
ok "the BMC's own pull failing ends the run with the BMC's TransferFailed (exit 4), 1.0.0 runs"

# 8. kill -9 while the BMC's task runs, then resume: the URL is fetched and
# checked again, the BMC's task followed (not a second SimpleUpdate), 5.0.0 runs.
rf_start --task-seconds 4 --reset-silence 1
rf_image bmc-5 bmc 5.0.0 300000
publish bmc-5
"$FWDISPATCH" update "${RF[@]}" --bmc-url "$WEB/bmc-5.bin" --sha256-bmc "$(sha bmc-5)" \
	--bmc-version 5.0.0 --bmc-timeout 30 --yes --events >"$T/events" 2>"$T/kill.err" &
pid=$!
for _ in $(seq 1 400); do
	grep -q '"bmc-job"' "$T/events" 2>/dev/null && break
	sleep 0.05
done
grep -q '"bmc-job"' "$T/events" || { kill -9 $pid; cat "$T/kill.err" >&2; fail "no task began"; }
kill -9 $pid
wait $pid 2>/dev/null
run 0 "$FWDISPATCH" resume "${RF[@]}" --yes --json
jeq "$T/out" bmc.after 5.0.0
jeq "$T/out" bmc.image_url "$WEB/bmc-5.bin"
[ "$(grep -c "GET /bmc-5.bin" "$T/web.log")" = 3 ] ||
	fail "not: the run's fetch, the BMC's, the resume's"
[ "$(rf_log_count POST "$SIMPLE")" = 1 ] || fail "the resume sent a second SimpleUpdate"
ok "kill -9 during the BMC's task, then resume: fetched and checked again, the task followed, 5.0.0"
