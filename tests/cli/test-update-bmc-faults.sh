#!/usr/bin/env bash
# `fwdispatch update --bmc` when the BMC misbehaves: it stops answering in
# mid-upload, rejects the upload's checksum, fails its self-test and rolls
# back, answers slowly (long-duration), takes small blocks.  Failures are
# failures (exit 4) that name the step and the version running now; never
# "success".
. "$FWD_TOP/tests/cli/lib.sh"
sim_require
state=$T/state


flash_fails() { # WHAT AFTER-VERSION
	jeq "$T/out" result failed
	jeq "$T/out" stopped_at bmc-upload
	jeq "$T/out" error.code flash-failed
	jeq "$T/out" error.exit_code 4
	jeq "$T/out" bmc.flash_started true
	jeq "$T/out" bmc.after "$2"
	expect_in "$T/err" "failed at step bmc-upload"
	[ -z "$(ls -A "$state/staging")" ] || fail "$1: a staged copy was left"
}

# --- the BMC stops answering after 5 upload blocks
sim_start --profile supermicro --module-args 'stop_after_blocks=5'
PAYLOAD_SIZE=4000 mkimage v172 1.72
start=$(now)
fwd_update_json 4 --bmc "$T/v172.hpm" --bmc-timeout 5
flash_fails "silent in mid-upload" null
expect_in "$T/err" "the BMC does not answer now"
ok "silent after 5 blocks: exit 4 at bmc-upload, 'the BMC does not answer now' ($(( $(elapsed_tenths "$start") / 10 )) s)"
# Blocks were written: a flash that failed part-way (issue 12, defect 6).
jeq "$T/out" bmc.writing_began true
expect_in "$T/err" "ipmitool had begun writing the firmware (its upgrade stage): the flash failed part-way"
expect_in "$T/err" "do not remove the server's power until the BMC has been flashed again"
"$JGET" -f "$T/out" recovery_hints | grep -q '"bmc-unreachable"' || fail "no BMC hints"
run 0 "$FWDISPATCH" status --state-dir "$state"
expect_in "$T/out" "the BMC flash failed part-way (the tool had begun writing it): do not remove the server's power"
expect_in "$T/out" "fwdispatch resume "
ok "mid-upload: failed part-way, do not remove power, hints; status warns and names resume"
sim_stop

# --- checksum error at Finish
sim_start --profile supermicro --module-args 'finish_checksum_error=1'
mkimage v172 1.72
fwd_update_json 4 --bmc "$T/v172.hpm"
flash_fails "checksum error" 1.71
expect_in "$T/err" "the BMC answers and runs 1.71"
ok "checksum error at Finish: exit 4, the BMC still runs 1.71"
sim_stop

# --- self-test failure with rollback
sim_start --profile supermicro --module-args 'selftest_fail=1'
mkimage v172 1.72
fwd_update_json 4 --bmc "$T/v172.hpm"
flash_fails "self-test failure" 1.71
expect_fw 1.71 "after the self-test failure and rollback"
ok "self-test failure with rollback: exit 4, version unchanged"
sim_stop

# --- slow but fine: long-duration answers and a small block size
sim_start --profile supermicro --module-args 'long_duration=1 long_duration_ms=700 max_block=20'
mkimage v172 1.72
fwd_update_json 0 --bmc "$T/v172.hpm"
jeq "$T/out" bmc.after 1.72
cmp "$T/v172.payload" "$FWD_SIM_PAYLOAD" || fail "payload differs with small blocks"
grep -qE '^upload block=[0-9]+ len=(1[0-9]|20) cc=0x00' "$FWD_SIM_LOG" || fail "no small blocks in the log"
ok "long-duration answers and a 20-byte block limit: the flash completes and verifies"
