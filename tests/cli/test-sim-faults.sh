#!/usr/bin/env bash
# Each fault switch of the simulated BMC (hpm_target.so module arguments)
# produces, with real ipmitool, the failure it stands for:
#   stop_after_blocks=N     silent from block N on: the upload fails
#   finish_checksum_error   Finish Firmware Upload answers 0x82: fails
#   selftest_fail           self-test fails, firmware rolled back: version kept
#   long_duration           0x80 answers polled through Get Upgrade Status: works
#   max_block=N             0xC7 on bigger blocks: ipmitool shrinks them, works
# and a payload without the version stamp activates without changing the
# version (and says so in the log).
. "$FWD_TOP/tests/cli/lib.sh"
sim_require
PAYLOAD_SIZE=1500

no_upgrade_finished() {
	[ "$(log_count '^finish')" = 0 ] || fail "a Finish Firmware Upload was answered"
	[ "$(log_count '^activate')" = 0 ] || fail "an Activate Firmware was answered"
	[ ! -e "$FWD_SIM_PAYLOAD" ] || fail "a complete payload was stored"
}

# --- stop answering after 5 blocks
sim_start --profile supermicro --module-args 'stop_after_blocks=5'
mkimage v172 1.72
upgrade "$T/v172.hpm" -N 1 -R 1
[ "$rc" != 0 ] || { cat "$T/upgrade.out"; fail "hpm upgrade succeeded against a BMC that went silent"; }
[ "$rc" != 124 ] || fail "ipmitool was still waiting after ${IPMI_TIMEOUT:-60} s"
expect_in "$T/upgrade.out" "Firmware upgrade procedure failed"
accepted=$(log_count '^upload block=[0-9]+ len=[0-9]+ cc=0x00')
[ "$accepted" = 5 ] || fail "$accepted blocks accepted, expected 5"
expect_in "$FWD_SIM_LOG" "upload block=5 len=36 dropped stop_after_blocks=5"
expect_in "$FWD_SIM_LOG" "silent for=ever reason=stop_after_blocks"
no_upgrade_finished
[ "$(stat -c %s "$FWD_SIM_STATE/payload-0.part")" = 180 ] ||
	fail "the partial upload holds $(stat -c %s "$FWD_SIM_STATE/payload-0.part") bytes, expected 5 x 36"
ok "stop_after_blocks=5: ipmitool fails (exit $rc) after 5 accepted blocks, nothing finished"
if IPMI_TIMEOUT=10 ipmi -N 1 -R 1 mc info >/dev/null 2>&1; then
	fail "the silent BMC answered mc info"
fi
ok "stop_after_blocks=5: the BMC stays silent afterwards"
sim_stop

# --- checksum error at Finish
sim_start --profile supermicro --module-args 'finish_checksum_error=1'
upgrade "$T/v172.hpm"
[ "$rc" != 0 ] || { cat "$T/upgrade.out"; fail "hpm upgrade succeeded despite a checksum error"; }
expect_in "$T/upgrade.out" "Error finishing firmware upload"
expect_in "$T/upgrade.out" "compcode=0x82"
expect_in "$T/upgrade.out" "Firmware upgrade procedure failed"
expect_in "$FWD_SIM_LOG" "finish comp=0 len=1500 received=1500 action=2 stamp=- cc=0x82"
[ "$(log_count '^activate')" = 0 ] || fail "Activate Firmware followed a failed Finish"
[ ! -e "$FWD_SIM_PAYLOAD" ] || fail "a payload refused at Finish was stored"
ok "finish_checksum_error: Finish answers 0x82, ipmitool fails (exit $rc)"
expect_fw 1.71 "after the checksum error"
sim_stop

# --- self-test failure with automatic rollback
sim_start --profile supermicro --module-args 'selftest_fail=1'
upgrade "$T/v172.hpm"
expect_in "$T/upgrade.out" "Self test failed"
expect_in "$T/upgrade.out" "Rollback occurred on component mask: 0x01"
expect_in "$FWD_SIM_LOG" "selftest comp=0 failed rollback-to=1.71.00.00.00.00"
expect_in "$FWD_SIM_LOG" "selftest result=0x57,0x01"
expect_in "$FWD_SIM_LOG" "rollback-status mask=0x01"
ok "selftest_fail: self-test reported failed, rollback reported done"
if [ "$rc" = 0 ]; then
	# ipmitool 1.8.19 counts a completed automatic rollback as success.
	expect_in "$T/upgrade.out" "Firmware upgrade procedure successful"
	echo "note: ipmitool exits 0 ('successful') after the self-test failure and rollback"
fi
expect_fw 1.71 "after the self-test failure: rolled back"
ipmi hpm rollbackstatus >"$T/rbs" 2>&1
expect_in "$T/rbs" "Rollback occurred on component mask: 0x01"
ok "hpm rollbackstatus: rollback done on component 0"
sim_stop

# --- the same without automatic rollback advertised: ipmitool fails
sim_start --profile supermicro --module-args 'selftest_fail=1 auto_rollback=0'
upgrade "$T/v172.hpm"
[ "$rc" != 0 ] || { cat "$T/upgrade.out"; fail "hpm upgrade succeeded despite the self-test failure"; }
expect_in "$T/upgrade.out" "Self test failed"
expect_in "$T/upgrade.out" "Firmware upgrade procedure failed"
[ "$(log_count '^rollback-status')" = 0 ] || fail "ipmitool asked for the rollback status"
ok "selftest_fail auto_rollback=0: ipmitool fails (exit $rc)"
expect_fw 1.71 "after the self-test failure without automatic rollback"
sim_stop

# --- long-duration answers
sim_start --profile supermicro --module-args 'long_duration=1 long_duration_ms=700'
start=$(now)
upgrade "$T/v172.hpm"
took=$(elapsed_tenths "$start")
[ "$rc" = 0 ] || { cat "$T/upgrade.out"; fail "hpm upgrade with long-duration answers exited $rc"; }
expect_in "$T/upgrade.out" "Firmware upgrade procedure successful"
expect_in "$FWD_SIM_LOG" "initiate action=2 mask=0x01 cc=0x80"
expect_in "$FWD_SIM_LOG" "finish comp=0 len=1500 received=1500 action=2 stamp=1.72.00.00.00.00 cc=0x80 result=0x00"
expect_in "$FWD_SIM_LOG" "activate mask=0x01 rollback_override=-1 cc=0x80"
for cmd in 31 33 35; do
	expect_in "$FWD_SIM_LOG" "status cmd=0x$cmd last_cc=0x80"
	expect_in "$FWD_SIM_LOG" "long-op-done cmd=0x$cmd cc=0x00"
done
[ "$took" -ge 21 ] || fail "three 0.7 s long-duration commands took only $took tenths of a second"
cmp "$T/v172.payload" "$FWD_SIM_PAYLOAD" || fail "received payload differs from the image's"
ok "long_duration: Initiate, Finish and Activate answer 0x80, complete later, upgrade succeeds"
expect_fw 1.72 "after a long-duration activation"
sim_stop

# --- a small maximum block size
sim_start --profile supermicro --module-args 'max_block=20'
upgrade "$T/v172.hpm"
[ "$rc" = 0 ] || { cat "$T/upgrade.out"; fail "hpm upgrade with max_block=20 exited $rc"; }
expect_in "$FWD_SIM_LOG" "upload block=0 len=36 cc=0xc7 over max_block"
expect_in "$FWD_SIM_LOG" "upload block=0 len=28 cc=0xc7 over max_block"
expect_in "$FWD_SIM_LOG" "upload block=0 len=20 cc=0x00"
big=$(grep -E '^upload block=[0-9]+ len=[0-9]+ cc=0x00' "$FWD_SIM_LOG" | sed 's/.* len=\([0-9]*\) .*/\1/' |
	awk '$1 > 20' | wc -l)
[ "$big" = 0 ] || fail "$big accepted blocks are over 20 bytes"
cmp "$T/v172.payload" "$FWD_SIM_PAYLOAD" || fail "received payload differs from the image's"
ok "max_block=20: 0xC7 makes ipmitool shrink its blocks 36 -> 28 -> 20, payload intact"
expect_fw 1.72 "after an upload in 20-byte blocks"
sim_stop

# --- a payload without the version stamp
sim_start --profile supermicro
mkimage plain 1.72
off=$(sed -n 's/.*payload_offset=\([0-9]*\).*/\1/p' "$T/plain.mkhpm")
size=$(stat -c %s "$T/plain.hpm")
[ -n "$off" ] || fail "mkhpm did not print the payload offset"
printf 'XXXXXXXX' | dd of="$T/plain.hpm" bs=1 seek="$off" conv=notrunc status=none
md5=$(head -c $((size - 16)) "$T/plain.hpm" | md5sum | cut -c1-32)
printf "$(echo "$md5" | sed 's/../\\x&/g')" | dd of="$T/plain.hpm" bs=1 seek=$((size - 16)) conv=notrunc status=none
upgrade "$T/plain.hpm"
[ "$rc" = 0 ] || { cat "$T/upgrade.out"; fail "hpm upgrade of an unstamped payload exited $rc"; }
expect_in "$FWD_SIM_LOG" "stamp=none cc=0x00"
expect_in "$FWD_SIM_LOG" "activate comp=0 no version stamp in payload, version stays 1.71.00.00.00.00"
ok "payload without the FWDSIMFW stamp: activated, version unchanged, logged"
expect_fw 1.71 "after activating an unstamped payload"
sim_stop
echo "all $checks checks passed"
