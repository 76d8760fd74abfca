#!/usr/bin/env bash
# `fwdispatch verify` after a BIOS was staged: before the host reboots it
# is "reboot pending" (exit 10, nothing closed, nothing in the history, as
# often as it is asked); after the reboot it judges the BIOS (exit 0 and
# the run closed, or exit 5).  Out-of-band the BMC's event log tells
# whether the host booted; a cleared log cannot tell, and --rebooted is the
# operator's word.  In-band the kernel's boot ID tells.  The BMC is
# reported also when the run did not flash it.
. "$FWD_TOP/tests/cli/lib.sh"
sim_require
state=$T/state
mkimage_vendor bios.bin 50000

sim_start --profile supermicro
standin_setup sum
# shellcheck disable=SC2046
verify() { # EXPECTED-EXIT [OPTIONS]: verify --json against the simulated BMC
	local want=$1
	shift
	run "$want" "$FWDISPATCH" verify --json $(target_opts) --state-dir "$state" "$@"
	one_json "$T/out"
}
history_lines() { wc -l <"$state/history.jsonl"; }
# A "System Boot Initiated" record in the BMC's event log, as a host that
# powers up makes the BMC log (Add SEL Entry, sensor type 0x1D).
host_boots() {
	ipmi raw 0x0a 0x44 0x00 0x00 0x02 0x00 0x00 0x00 0x00 0x20 0x00 0x04 0x1d 0x01 \
		0x6f 0x01 0xff 0xff >/dev/null || fail "cannot add a boot to the SEL"
}

scenario sum_bios_version=2.6
fwd_update_json 10 --bios "$T/bios.bin" --bios-version 2.7
"$JGET" -f "$T/out" bios.host_boot.sel_last_id >/dev/null || fail "no event log mark at staging"
lines=$(history_lines)
for _ in 1 2; do
	verify 10
	jeq "$T/out" verify.result reboot-pending
	jeq "$T/out" verify.bios.state reboot-pending
	"$JGET" -f "$T/out" verify.bios.detail | grep -q "no boot of the host since the staging" ||
		fail "pending not explained: $("$JGET" -f "$T/out" verify.bios.detail)"
	"$JGET" -f "$T/out" next.command | grep -q "^fwdispatch verify --host " || fail "no next command"
done
[ "$(history_lines)" = "$lines" ] || fail "a pending verify was recorded in the history"
jeq "$T/out" verify.bmc.running 1.71
jeq "$T/out" verify.bmc.expected null
"$JGET" -f "$T/out" verify.bmc.detail | grep -q "did not flash it" || fail "BMC not reported"
run 10 "$FWDISPATCH" verify $(target_opts) --state-dir "$state"
expect_in "$T/out" "bios PENDING: runs 2.6; the staged BIOS 2.7 applies at the host's next reboot"
expect_in "$T/out" "reboot pending: nothing is recorded yet"
ok "before the reboot: reboot pending, exit 10, twice, nothing in the history; the BMC reported"

host_boots
scenario sum_bios_version=2.7
verify 0
jeq "$T/out" verify.result ok
jeq "$T/out" verify.bios.running 2.7
[ "$(history_lines)" = $((lines + 1)) ] || fail "the verdict is not in the history"
tail -n 1 "$state/history.jsonl" | grep -q '"result": *"verified"' || fail "history: not verified"
ok "after the reboot: 2.7 runs, verified, recorded in the history"

# --- the host booted and still runs the old BIOS: a mismatch, exit 5
fwd_update_json 10 --bios "$T/bios.bin" --bios-version 2.8
verify 10
host_boots
verify 5
jeq "$T/out" error.code verify-mismatch
jeq "$T/out" verify.bios.state mismatch
"$JGET" -f "$T/out" verify.bios.detail | grep -q "the BMC logged a boot since the staging: .*System Boot Initiated" ||
	fail "mismatch not explained: $("$JGET" -f "$T/out" verify.bios.detail)"
tail -n 1 "$state/history.jsonl" | grep -q '"result": *"verify-mismatch"' || fail "history: no mismatch"
ok "a boot logged and the old BIOS still runs: mismatch, exit 5, recorded"

# --- the event log was cleared since the staging: it cannot tell
fwd_update_json 10 --bios "$T/bios.bin" --bios-version 2.9
ipmi sel clear >/dev/null || fail "sel clear"
verify 10
"$JGET" -f "$T/out" verify.bios.detail | grep -q "cleared since the staging.*verify --rebooted" ||
	fail "unknown not explained: $("$JGET" -f "$T/out" verify.bios.detail)"
verify 5 --rebooted
"$JGET" -f "$T/out" verify.bios.detail | grep -q "(--rebooted)" || fail "--rebooted not named"
ok "a cleared event log: pending with --rebooted named; --rebooted judges: mismatch"
sim_stop

# --- in-band: the kernel's boot ID (a file stands in for it in the test build)
sim_start --profile supermicro
standin_setup sum
scenario
X11=$FWD_TOP/tests/data/dmi/supermicro-x11ssh-f.txt
export FWDISPATCH_TEST_BOOT_ID_FILE=$T/boot_id
echo 11111111-2222-3333-4444-555555555555 >"$T/boot_id"
run 10 inband "$FWDISPATCH_HOOKED" update --yes --json --dmi-file "$X11" --bios "$T/bios.bin" \
	--bios-version 9.9 --state-dir "$state"
jeq "$T/out" bios.host_boot.boot_id 11111111-2222-3333-4444-555555555555
run 10 inband "$FWDISPATCH_HOOKED" verify --json --dmi-file "$X11" --state-dir "$state"
jeq "$T/out" verify.result reboot-pending
"$JGET" -f "$T/out" verify.bios.detail | grep -q "same boot ID" || fail "in-band pending not explained"
echo 66666666-2222-3333-4444-555555555555 >"$T/boot_id"
run 5 inband "$FWDISPATCH_HOOKED" verify --json --dmi-file "$X11" --state-dir "$state"
"$JGET" -f "$T/out" verify.bios.detail | grep -q "new boot ID" || fail "in-band reboot not seen"
ok "in-band: same boot ID is pending, a new one judges the BIOS"
sim_stop
