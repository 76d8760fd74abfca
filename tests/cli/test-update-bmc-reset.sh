#!/usr/bin/env bash
# `fwdispatch update --bmc` and the BMC's restart: a target that runs the
# new firmware only after a cold reset (fwdispatch sends it, waits through
# 10 s of silence, verifies), one that reboots by itself, one whose new
# firmware does not boot (exit 5), and one that stays away longer than the
# bound (exit 6).
. "$FWD_TOP/tests/cli/lib.sh"
sim_require
state=$T/state

# --- the new firmware runs only after a cold reset; the reset silences the BMC 10 s
sim_start --profile supermicro --module-args 'activation=reset' --reset-silence 10
mkimage v172 1.72
fwd_update_json 0 --bmc "$T/v172.hpm"
# Steps 0-4: identify, check-bmc-image, preflight-checks, backup, bmc-upload.
step_status 5 bmc-reset ok
"$JGET" -f "$T/out" steps.5.detail | grep -q "sent 'mc reset cold'" || fail "no cold reset reported"
step_status 6 bmc-wait ok
waited=$("$JGET" -f "$T/out" bmc.wait_ms)
[ "$waited" -ge 8000 ] || fail "waited only $waited ms through a 10 s silence"
"$JGET" -f "$T/out" steps.6.detail | grep -qE "answered again [0-9]+\.[0-9] s after" || fail "wait time not reported"
step_status 7 bmc-verify ok
jeq "$T/out" bmc.after 1.72
expect_in "$FWD_SIM_LOG" "cold-reset silence=10"
ok "activation at reset: cold reset sent, $waited ms of silence waited out, 1.72 verified"
sim_stop

# --- the BMC reboots by itself after Activate
sim_start --profile dell --module-args 'activation=reboot' --reset-silence 4
mkimage v500 5.00
fwd_update_json 0 --bmc "$T/v500.hpm"
jeq "$T/out" plugin dell
step_status 5 bmc-reset skipped
jeq "$T/out" bmc.after 5.00
[ "$(log_count '^cold-reset')" = 0 ] || fail "a cold reset was sent to a BMC that rebooted by itself"
ok "a BMC that reboots by itself: no extra reset, waited, 5.00 verified"
sim_stop

# --- the new firmware does not boot: back on the old one after the reset
sim_start --profile supermicro --module-args 'activation=reset reset_rollback=1' --reset-silence 2
mkimage v172 1.72
fwd_update_json 5 --bmc "$T/v172.hpm"
jeq "$T/out" result failed
jeq "$T/out" stopped_at bmc-verify
jeq "$T/out" error.code verify-mismatch
jeq "$T/out" bmc.after 1.71
expect_in "$T/err" "the BMC runs 1.71 after the flash, not 1.72"
ok "new firmware that does not boot: exit 5, naming both versions"
sim_stop

# --- the BMC stays away longer than --bmc-timeout
sim_start --profile supermicro --module-args 'activation=reset' --reset-silence 60
mkimage v172 1.72
start=$(now)
fwd_update_json 6 --bmc "$T/v172.hpm" --bmc-timeout 4
t=$(elapsed_tenths "$start")
jeq "$T/out" stopped_at bmc-wait
jeq "$T/out" error.code bmc-unreachable
jeq "$T/out" bmc.after null
expect_in "$T/err" "did not answer within 4 s"
[ "$t" -lt 400 ] || fail "the bounded wait took $((t / 10)) s"
ok "a BMC that does not come back within --bmc-timeout 4: exit 6 after $((t / 10)) s"

# Still silent: a new run stops before sending anything.  (A new run: the
# same update would carry on the unfinished one, test-update-way-forward.)
run 6 "$FWDISPATCH" update --yes --host "$FWD_SIM_HOST" --port "$FWD_SIM_PORT" --user "$FWD_SIM_USER" \
	--password-file "$FWD_SIM_PASSWORD_FILE" --cipher 3 --state-dir "$state" \
	--bmc "$T/v172.hpm" --allow-reinstall --abandon-unfinished
expect_in "$T/out" "[FAIL] identify"
expect_in "$T/out" "update stopped at step 'identify'"
expect_in "$T/out" "BMC: nothing was sent to it"
expect_in "$T/err" "the BMC did not answer 'mc info'"
ok "a BMC that does not answer at the start: exit 6 at identify, nothing sent"
