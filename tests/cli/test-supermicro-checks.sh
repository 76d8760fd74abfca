#!/usr/bin/env bash
# The supermicro plugin's preflight checks and its NIC mode (issue 13), end
# to end: the real CLI, the simulated X11SSH-F (tests/sim) and the sum
# stand-in (tests/vendor/sum).
#  - oob-licence: an out-of-band BIOS update without a node product key is
#    refused (exit 3) before the BMC is touched, naming the key and in-band;
#    with SFT-OOB-LIC or SFT-DCMS-SINGLE it passes; another key refuses;
#    in-band it is skipped (and sum is not asked);
#  - sum-state: a BMC in its update mode and a staged BIOS update pending
#    are refused with what to do; sum busy (106/107) is exit 7;
#  - NIC mode: backed up, reset by the flash (flash_resets_nic_mode=1),
#    put back and read back in lan-check (the JSON's vendor_settings), and
#    `fwdispatch restore` puts it back after it was changed by hand.
. "$FWD_TOP/tests/cli/lib.sh"
sim_require
command -v flock >/dev/null || { echo "skip: 'flock' is not installed"; exit 77; }

X11=$FWD_TOP/tests/data/dmi/supermicro-x11ssh-f.txt
state=$T/state

nic_mode() { ipmi raw 0x30 0x70 0x0c 0 2>&1 | tr -d ' \n'; }

sim_start --profile supermicro --dir "$T/bmc" --module-args 'flash_resets_nic_mode=1'
standin_setup sum
mkimage_vendor BMC_X11AST2500.bin 300000
mkimage_vendor X11SSH9.B24 200000
bmc_img=$T/BMC_X11AST2500.bin bios_img=$T/X11SSH9.B24

# --- oob-licence: refused before the BMC is touched -----------------------
scenario sum_oob_licensed=0 new_bmc_version=1.80 bmc_reset_after_update=1
fwd_update_json 3 --bmc "$bmc_img" --bmc-version 1.80 --bios "$bios_img"
check_verdict "$T/out" oob-licence refuse last
jeq "$T/out" result failed
jeq "$T/out" changed false
jeq "$T/out" backup null
expect_in "$T/err" "SFT-OOB-LIC or SFT-DCMS-SINGLE, and the BMC has no key at all"
expect_in "$T/err" "update in-band: run fwdispatch on the host itself, where sum needs no licence"
[ -z "$(sum_updates)" ] || fail "sum flashed after the licence refusal: $(sum_updates)"
sum_calls | grep -qE ' -c QueryProductKey$' || fail "sum was not asked for its keys: $(sum_calls)"
expect_fw 1.71 "after the licence refusal"
ok "no node product key: refused (exit 3) in the preflight, no flash, the BMC still runs 1.71"
fwd_update 3 --dry-run --bmc "$bmc_img" --bmc-version 1.80 --bios "$bios_img"
grep -E "check oob-licence +refuse +no SFT-OOB-LIC or SFT-DCMS-SINGLE" "$T/out" >/dev/null ||
	fail "the dry run shows no licence refusal: $(grep check "$T/out")"
ok "the dry run shows the refusal as a line of the preflight"

scenario sum_product_key=SFT-SPM-LIC
fwd_update_json 3 --bios "$bios_img"
check_verdict "$T/out" oob-licence refuse last
expect_in "$T/err" "and the BMC has SFT-SPM-LIC"
ok "another key (SFT-SPM-LIC) is no licence for it: refused, naming the key it has"

for key in SFT-OOB-LIC SFT-DCMS-SINGLE; do
	scenario sum_product_key=$key
	fwd_update_json 10 --bios "$bios_img"
	check_verdict "$T/out" oob-licence pass last
	check_verdict "$T/out" sum-state pass last
	jeq "$T/out" bios.outcome staged
	[ "$(sum_updates | wc -l)" = 1 ] || fail "$key: expected one UpdateBios: $(sum_calls)"
done
ok "SFT-OOB-LIC or SFT-DCMS-SINGLE: oob-licence passes, the BIOS is staged"

scenario sum_oob_licensed=0
run 0 inband "$FWDISPATCH" update --yes --dry-run --dmi-file "$X11" --bios "$bios_img" \
	--state-dir "$state" --json
check_verdict "$T/out" oob-licence skip last
"$JGET" -f "$T/out" preflight | grep -q 'in-band needs no licence' ||
	fail "the in-band skip does not say why: $("$JGET" -f "$T/out" preflight)"
! sum_calls | grep -q QueryProductKey || fail "in-band, sum was asked for its keys: $(sum_calls)"
ok "in-band: oob-licence skipped ('in-band needs no licence'), sum not asked"

# --- sum-state --------------------------------------------------------------
scenario sum_bmc_update_mode=1
fwd_update_json 3 --bmc "$bmc_img" --bmc-version 1.80 --bios "$bios_img"
check_verdict "$T/out" sum-state refuse last
jeq "$T/out" changed false
expect_in "$T/err" "sum says the BMC is in its firmware update mode"
expect_in "$T/err" "end it with a cold reset of the BMC (ipmitool mc reset cold)"
[ -z "$(sum_updates)" ] || fail "sum flashed a BMC in update mode: $(sum_updates)"
ok "a BMC in its update mode: refused (exit 3), the cold reset named, nothing flashed"

scenario sum_staged=pending
fwd_update_json 3 --bios "$bios_img"
check_verdict "$T/out" oob-licence pass last
check_verdict "$T/out" sum-state refuse last
expect_in "$T/err" "a staged BIOS update is already pending"
expect_in "$T/err" "reboot the host to apply it"
sum_calls | grep -qE ' -c UpdateBios --staged getinfo$' || fail "no --staged getinfo: $(sum_calls)"
[ -z "$(sum_updates)" ] || fail "sum flashed with a BIOS update pending: $(sum_updates)"
ok "a staged BIOS update pending: refused (exit 3), 'reboot the host to apply it'"
scenario sum_staged=none
fwd_update_json 10 --bios "$bios_img"
check_verdict "$T/out" sum-state pass last
ok "no staged update pending: sum-state passes, the BIOS is staged"

for code in 106 107; do
	scenario sum_info_exit=$code
	fwd_update_json 7 --bmc "$bmc_img" --bmc-version 1.80
	check_verdict "$T/out" sum-state refuse last
	expect_in "$T/err" "try again later"
	[ -z "$(sum_updates)" ] || fail "sum flashed while busy: $(sum_updates)"
done
ok "sum busy (106, 107) when asked in the preflight: exit 7, nothing flashed"

# --- the NIC mode: backed up, reset by the flash, put back ----------------
[ "$(nic_mode)" = 00 ] || fail "the simulated BMC does not start dedicated: $(nic_mode)"
scenario new_bmc_version=1.80 bmc_reset_after_update=1
rm -rf "$state"
fwd_update_json 0 --bmc "$bmc_img" --bmc-version 1.80 --bmc-timeout 120
jeq "$T/out" bmc.after 1.80
expect_in "$FWD_SIM_LOG" "nic-mode reset-to-failover reason=flash_resets_nic_mode"
backup=$(ls "$state"/backups/*.json)
[ "$("$JGET" -f "$backup" vendor.nic_mode)" = dedicated ] ||
	fail "the backup's NIC mode: $("$JGET" -f "$backup" vendor)"
jeq "$T/out" vendor_settings.nic_mode.saved dedicated
jeq "$T/out" vendor_settings.nic_mode.before failover
jeq "$T/out" vendor_settings.nic_mode.now dedicated
jeq "$T/out" vendor_settings.nic_mode.restored true
expect_in "$FWD_SIM_LOG" "nic-mode set mode=dedicated"
[ "$(nic_mode)" = 00 ] || fail "after the update the NIC mode is $(nic_mode), not 00"
ok "the flash made the NIC mode failover; lan-check put dedicated back and read it back"

run 0 ipmi raw 0x30 0x70 0x0c 1 1
run 0 "$FWDISPATCH" restore "$backup" --yes --dry-run --json $(target_opts) --state-dir "$state"
jeq "$T/out" vendor_settings.nic_mode.now shared
jeq "$T/out" vendor_settings.nic_mode.restored false
[ "$(nic_mode)" = 01 ] || fail "restore --dry-run changed the NIC mode: $(nic_mode)"
run 0 "$FWDISPATCH" restore "$backup" --yes --json $(target_opts) --state-dir "$state"
jeq "$T/out" vendor_settings.nic_mode.saved dedicated
jeq "$T/out" vendor_settings.nic_mode.restored true
[ "$(nic_mode)" = 00 ] || fail "restore left the NIC mode at $(nic_mode)"
ok "restore: --dry-run says shared -> dedicated and sends nothing; restore puts dedicated back"
sim_stop
