#!/usr/bin/env bash
# What the careful expert asks a BMC before flashing it, as the simulated
# BMC answers (tests/sim/sim_health.c, issue 13): "ipmitool mc selftest"
# (Get Self Test Results) passes, or fails as mc_selftest= says; the
# Supermicro profile answers Supermicro's OEM LAN interface mode command
# (raw 0x30 0x70 0x0c: 0 dedicated, 1 shared, 2 failover), keeps a mode set
# across a restart, and with flash_resets_nic_mode=1 a flash puts it back to
# failover; a board without the command answers "invalid command".
. "$FWD_TOP/tests/cli/lib.sh"
sim_require

nic_mode() { ipmi raw 0x30 0x70 0x0c 0 2>&1 | tr -d ' \n'; }

sim_start --profile supermicro --dir "$T/bmc"
run 0 ipmi mc selftest
expect_in "$T/out" "Selftest: passed"
[ "$(nic_mode)" = 00 ] || fail "the Supermicro profile's NIC mode is not dedicated (00): $(nic_mode)"
run 0 ipmi raw 0x30 0x70 0x0c 1 1
[ "$(nic_mode)" = 01 ] || fail "set to shared, read back $(nic_mode)"
run 1 ipmi raw 0x30 0x70 0x0c 1 7
[ "$(nic_mode)" = 01 ] || fail "a mode 7 changed the mode: $(nic_mode)"
ok "Supermicro: self-test passed; NIC mode dedicated, set to shared and read back; mode 7 refused"

mkimage v172 1.72
upgrade "$T/v172.hpm"
[ "$rc" = 0 ] || { cat "$T/upgrade.out"; fail "hpm upgrade exited $rc"; }
[ "$(nic_mode)" = 01 ] || fail "a flash without flash_resets_nic_mode changed the mode: $(nic_mode)"
sim_stop --keep
sim_start --profile supermicro --dir "$T/bmc" --module-args 'flash_resets_nic_mode=1'
[ "$(nic_mode)" = 01 ] || fail "the mode did not survive a restart: $(nic_mode)"
mkimage v173 1.73
upgrade "$T/v173.hpm"
[ "$rc" = 0 ] || { cat "$T/upgrade.out"; fail "hpm upgrade exited $rc"; }
expect_in "$FWD_SIM_LOG" "nic-mode reset-to-failover reason=flash_resets_nic_mode"
[ "$(nic_mode)" = 02 ] || fail "flash_resets_nic_mode=1: after the flash the mode is $(nic_mode), not 02"
ok "the mode survives a flash and a restart; with flash_resets_nic_mode=1 a flash makes it failover"
sim_stop

for how in fail:"Selftest: device corrupted" fatal:"Selftest     : fatal error" \
	notimpl:"Selftest: not implemented"; do
	sim_start --profile dell --module-args "mc_selftest=${how%%:*}"
	ipmi mc selftest >"$T/out" 2>&1
	expect_in "$T/out" "${how#*:}"
	expect_in "$FWD_SIM_LOG" "mc-selftest result="
	sim_stop
done
sim_start --profile dell
run 1 ipmi raw 0x30 0x70 0x0c 0
expect_in "$T/err" "Invalid command"
sim_stop
ok "mc_selftest=fail|fatal|notimpl as ipmitool shows them; the Dell profile has no Supermicro NIC mode"
