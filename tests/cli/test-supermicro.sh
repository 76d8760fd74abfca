#!/usr/bin/env bash
# The supermicro plugin end to end: the real CLI, the simulated X11SSH-F
# (tests/sim) and the sum stand-in (tests/vendor/sum, scripted per case).
#  - a vendor BMC image through `sum -c UpdateBmc`, the BMC really reset and
#    verified, then the BIOS staged through `sum -c UpdateBios
#    --preserve_setting`: exit 10, the bytes sum received are the verified
#    images, the backup was on disk (0600) before the first sum call, the
#    password in no argv, log or output;
#  - every option reaching sum's command line as it should (--no-preserve-
#    settings, --reboot, --overwrite-bmc-config, the X12STH-SYS, in-band);
#  - sum's failures becoming the right exit code and message, with sum's
#    ERROR block passed on without ANSI escapes, and no BIOS staged after a
#    BMC that failed or could not be verified;
#  - `fwdispatch recover` showing the Supermicro hints.
. "$FWD_TOP/tests/cli/lib.sh"
sim_require
command -v flock >/dev/null || { echo "skip: 'flock' is not installed"; exit 77; }

sim_start --profile supermicro --dir "$T/bmc"
state=$T/state
calls=$T/standin/calls.log
password=$(head -n 1 "$FWD_SIM_PASSWORD_FILE")
X11=$FWD_TOP/tests/data/dmi/supermicro-x11ssh-f.txt

# The sum stand-in (tests/vendor/README.md): its watch/N shows what
# $state/backups held at each call.
standin_setup sum

# sum_call N: the arguments of the Nth sum call that flashes (1-based),
# "exit=C ARGS" (the preflight's questions to sum: test-supermicro-checks.sh).
sum_call() {
	sum_updates | sed -n "${1}p" | cut -d' ' -f4-
}

expect_no_escape() {
	! grep -q $'\x1b' "$1" || fail "$(basename "$1") contains an ANSI escape"
}

expect_no_password() {
	local f
	for f in "$@"; do
		[ -f "$f" ] || continue
		! grep -qF -- "$password" "$f" || fail "the BMC password is in $f"
	done
}

# Vendor images (no format fwdispatch can check: their SHA-256 sidecars say
# what they must be).
mkimage_vendor BMC_X11AST2500.bin 300000
mkimage_vendor X11SSH9.B24 200000
bmc_img=$T/BMC_X11AST2500.bin bios_img=$T/X11SSH9.B24

# --- a dry run says what would happen, and claims nothing
scenario new_bmc_version=1.80 bmc_reset_after_update=1
fwd_update 0 --dry-run --bmc "$bmc_img" --bmc-version 1.80 --bios "$bios_img"
expect_in "$T/out" "BMC: would be updated 1.71 -> 1.80 (dry run: nothing sent)"
expect_in "$T/out" "BIOS: would be staged, to be applied at the next reboot of the host"
expect_in "$T/out" "reboot required: after a real run, yes (to apply the BIOS)"
expect_not_in "$T/out" "BMC firmware updated"
expect_not_in "$T/out" "BIOS updated"
fwd_update_json 0 --dry-run --bmc "$bmc_img" --bmc-version 1.80 --bios "$bios_img"
jeq "$T/out" bmc.outcome planned
jeq "$T/out" bios.outcome planned
jeq "$T/out" changed false
[ "$(sum_updates | wc -l)" = 0 ] || fail "the dry run flashed with sum: $(sum_calls)"
! sum_calls | grep -vqE ' -c (GetBmcInfo|QueryProductKey|UpdateBios --staged getinfo)$' ||
	fail "the dry run asked sum more than the preflight's questions: $(sum_calls)"
ok "dry run: 'would be updated', 'would be staged', outcome planned, nothing claimed or sent"
# The preflight warns (a dry run runs no tool): the operator hears it before confirming.
[ "$(grep -c "'sum' takes the BMC password only on its command line" "$T/err")" = 1 ] ||
	fail "the dry run's preflight did not warn once about sum's password: $(cat "$T/err")"
ok "out-of-band sum: the password warning comes in the preflight, once"

# --- BMC through sum, reset and verified, then the BIOS staged
fwd_update_json 10 --bmc "$bmc_img" --bmc-version 1.80 --bios "$bios_img" --bmc-timeout 120
jeq "$T/out" result ok
jeq "$T/out" plugin supermicro
jeq "$T/out" bmc.before 1.71
jeq "$T/out" bmc.after 1.80
jeq "$T/out" bios.reboot_required true
jeq "$T/out" bios.preserve_settings true
jeq "$T/out" bmc.outcome updated
jeq "$T/out" bios.outcome staged
jeq "$T/out" changed true
jeq "$T/out" bios.job_id null
jeq "$T/out" reboot_required true
expect_in "$T/out" '"tool_output": "'
[ "$(sum_updates | wc -l)" = 2 ] || fail "expected 2 sum calls, got: $(sum_calls)"
case $(sum_call 1) in
"exit=0 -i $FWD_SIM_HOST -u $FWD_SIM_USER -p **** -c UpdateBmc --file $state/staging/"*) ;;
*) fail "first sum call: $(sum_call 1)" ;;
esac
case $(sum_call 2) in
"exit=0 -i $FWD_SIM_HOST -u $FWD_SIM_USER -p **** -c UpdateBios --file $state/staging/"*" --preserve_setting") ;;
*) fail "second sum call: $(sum_call 2)" ;;
esac
[[ $(sum_call 1) != *--overwrite_cfg* ]] || fail "--overwrite_cfg passed without being asked for"
[ "$(grep -c "takes the BMC password only on its command line" "$T/err")" = 1 ] ||
	fail "the password warning is not given exactly once: $(cat "$T/err")"
ok "sum -i -u -p **** -c UpdateBmc --file F, then -c UpdateBios --file F --preserve_setting; exit 10"
# The BMC was verified before the BIOS was staged: its steps come first.
steps=$("$JGET" -f "$T/out" steps | tr -d '\n ')
[[ $steps == *'"bmc-verify","status":"ok"'*'"bios-stage","status":"ok"'* ]] ||
	fail "bmc-verify did not end well before bios-stage: $steps"
ok "the BMC was flashed, answered and verified (1.80) before the BIOS was staged"
expect_fw 1.80 "after sum's BMC update"
n1=$(sum_updates | sed -n 1p | cut -d' ' -f1) n2=$(sum_updates | sed -n 2p | cut -d' ' -f1)
bmc_got=$(ls "$T/standin/received/$n1-"*) && bios_got=$(ls "$T/standin/received/$n2-"*) ||
	fail "the stand-in kept no copy of the files it was given"
cmp "$bmc_img" "$bmc_got" || fail "sum received other bytes than the BMC image"
cmp "$bios_img" "$bios_got" || fail "sum received other bytes than the BIOS image"
ok "sum received exactly the verified bytes of both images"
# The backup was complete, private and on disk when sum was first called to
# flash (the preflight's questions come before the backup).
grep -qE '^700 .*/backups$' "$T/standin/watch/$n1" ||
	fail "backups folder at call $n1: $(cat "$T/standin/watch/$n1")"
grep -qE '^600 .*/backups/[^/]+\.json$' "$T/standin/watch/$n1" ||
	fail "no 0600 backup before the first flash: $(cat "$T/standin/watch/$n1")"
ok "a 0600 backup in a 0700 folder existed before sum's first flash"
expect_no_password "$calls" "$T/out" "$T/err" "$state"/backups/*.json
expect_in "$T/err" "takes the BMC password only on its command line"
ok "the password is in no output, log or backup; the operator is warned it is on sum's argv"
[ -z "$(ls -A "$state/staging")" ] || fail "staged copies left: $(ls "$state/staging")"

# --- the BIOS options reach sum's command line
scenario
fwd_update_json 0 --bios "$bios_img" --no-preserve-settings --reboot
case $(sum_call 1) in
*"-c UpdateBios --file $state/staging/"*" --reboot") ;;
*) fail "sum call with --no-preserve-settings --reboot: $(sum_call 1)" ;;
esac
jeq "$T/out" bios.preserve_settings false
jeq "$T/out" bios.rebooting true
jeq "$T/out" bios.reboot_required false
[ -e "$T/standin/host-rebooted" ] || fail "the stand-in did not reboot the host"
ok "--no-preserve-settings drops --preserve_setting; --reboot is passed and sum's reboot spares one (exit 0)"

scenario
fwd_update_json 10 --bios "$bios_img"
[[ $(sum_call 1) != *--reboot* ]] || fail "--reboot passed without being asked for: $(sum_call 1)"
ok "without --reboot, sum is never told to reboot"

# The X12STH-SYS rejects --preserve_setting: dropped, with a warning.
sed 's/Product Name: X11SSH-F/Product Name: X12STH-SYS/' "$X11" >"$T/x12sth.txt"
scenario sum_bios_reject_preserve=1
fwd_update_json 10 --dmi-file "$T/x12sth.txt" --bios "$bios_img"
[[ $(sum_call 1) != *--preserve_setting* ]] || fail "--preserve_setting on the X12STH-SYS: $(sum_call 1)"
jeq "$T/out" bios.preserve_settings false
expect_in "$T/err" "the X12STH-SYS's sum rejects --preserve_setting"
ok "X12STH-SYS: staged without --preserve_setting, with a warning"
# Another board that rejects it: refused, and told how to go on.
scenario sum_bios_reject_preserve=1
fwd_update_json 3 --dmi-file "$X11" --bios "$bios_img"
expect_in "$T/err" "run again with --no-preserve-settings"
expect_in "$T/err" "(sum exit 38: function is not supported)"
ok "a board refusing --preserve_setting: exit 3, nothing flashed, --no-preserve-settings suggested"

# --- sum's failures: exit code, message, its ERROR block
failure() { # SCENARIO EXIT MESSAGE-PART...
	local sc=$1 want=$2 part
	shift 2
	scenario "$sc"
	fwd_update_json "$want" --bios "$bios_img"
	jeq "$T/out" result failed
	jeq "$T/out" stopped_at bios-stage
	jeq "$T/out" bios.reboot_required false
	jeq "$T/out" error.exit_code "$want"
	for part in "$@"; do
		expect_in "$T/err" "$part"
	done
	expect_in "$T/err" "sum said:"
	expect_in "$T/out" 'Program Error Code      = '
	expect_no_escape "$T/out"
	expect_no_escape "$T/err"
	ok "$sc: exit $want, '$1', sum's ERROR block passed on without escapes"
}
failure sum_bios_exit=82 3 "the image is for another board: nothing was flashed; get the BIOS image for" \
	"(sum exit 82: board information mismatch)" "Description             = Board information mismatch"
jeq "$T/out" bios.sum_error.exit_code 82
jeq "$T/out" bios.sum_error.description "Board information mismatch"
# (No key at all is refused in the preflight: test-supermicro-checks.sh.  An 80
# can still come when the key check passed: a key the BMC stopped honouring.)
failure sum_bios_exit=80 3 "no licence for out-of-band BIOS updates: nothing was flashed" \
	"SFT-OOB-LIC" "403 Forbidden"
failure sum_bios_exit=106 7 "nothing was flashed" "try again later" "(sum exit 106:"
failure sum_bios_exit=107 7 "the flash chip is in use: nothing was flashed" "try again later"
failure sum_bios_exit=145 3 "sum cannot connect to the BMC: nothing was flashed"
failure sum_bios_exit=149 4 "the flash may have stopped midway" \
	"do not power off or reboot the host until the BIOS has been flashed again successfully"
"$JGET" -f "$T/out" recovery_hints | grep -q '"bios-no-post"' ||
	fail "no bios-no-post hint after a BIOS flash that may have stopped midway"
ok "a BIOS flash that may have stopped midway comes with the bios-no-post hint"
failure sum_bios_exit=201 4 "(sum exit 201: a code fwdispatch does not know)"

# The path sum was handed named another file by the time it ran (issue 12,
# defect 2): the run must not say staged, nor record the checked image's hash.
scenario sum_replace_file=1
fwd_update_json 4 --bios "$bios_img"
jeq "$T/out" result failed
jeq "$T/out" stopped_at bios-stage
expect_in "$T/err" "was replaced while the tool had it: what it flashed is not known to be the checked image"
expect_not_in "$T/err" "[ ok ] bios-stage"
ok "the staged copy replaced while sum had it: exit 4, not staged"

# --- sum fails after it began writing (issue 12, defect 6): a failed flash,
# whatever its exit code's family says; before writing, a refusal still.
scenario sum_bios_exit=62
fwd_update_json 3 --bios "$bios_img"
expect_in "$T/err" "sum rejected the image: nothing was flashed"
jeq "$T/out" bios.writing_began false
! "$JGET" -f "$T/out" recovery_hints | grep -q '"id"' || fail "hints after a refusal"
ok "sum exit 62 after reading only: exit 3, 'nothing was flashed', no hints"
scenario sum_bios_exit=62 sum_fail_phase=write
fwd_update_json 4 --bios "$bios_img"
jeq "$T/out" result failed
jeq "$T/out" stopped_at bios-stage
jeq "$T/out" error.code flash-failed
jeq "$T/out" bios.writing_began true
jeq "$T/out" bios.outcome failed
expect_in "$T/err" "sum rejected the image after it had begun writing the BIOS ('Writing BIOS flash"
expect_in "$T/err" "( 60%)'): the flash failed part-way"
expect_in "$T/err" "do not power off or reboot the host until the BIOS has been flashed again"
expect_not_in "$T/err" "nothing was flashed"
"$JGET" -f "$T/out" recovery_hints | grep -q '"bios-no-post"' ||
	fail "no bios-no-post hint after a BIOS flash that failed part-way"
"$JGET" -f "$T/out" steps | grep -q "failed part-way" ||
	fail "the bios-stage step does not say it failed part-way: $("$JGET" -f "$T/out" steps)"
ok "sum exit 62 after 'Writing BIOS flash ( 60%)': exit 4, failed part-way, do not power off, hints"
# status names the state and the way forward.
run 0 "$FWDISPATCH" status --state-dir "$state"
expect_in "$T/out" "the BIOS flash failed part-way (the tool had begun writing it): do not power off or reboot the host"
expect_in "$T/out" "flashes it again (unless it already runs the image's version)"
expect_in "$T/out" "fwdispatch resume "
expect_not_in "$T/out" "nothing was changed"
run 0 "$FWDISPATCH" status --json --state-dir "$state"
jeq "$T/out" state failed
jeq "$T/out" next.action resume
"$JGET" -f "$T/out" next.caution | grep -q "BIOS flash failed part-way" ||
	fail "status --json: no caution: $("$JGET" -f "$T/out" next)"
ok "status after it: failed part-way, do not power off, 'fwdispatch resume' flashes it again"
# A refusal leaves status without the caution.
scenario sum_bios_exit=62
fwd_update_json 3 --bios "$bios_img"
run 0 "$FWDISPATCH" status --json --state-dir "$state"
jeq "$T/out" next.caution null
ok "status after a refusal: no flash caution"

# The BMC through sum: updating its firmware is writing, uploading is not.
scenario sum_bmc_exit=62 sum_fail_phase=write
fwd_update_json 4 --bmc "$bmc_img" --bmc-version 1.90 --bios "$bios_img"
jeq "$T/out" stopped_at bmc-upload
jeq "$T/out" bmc.writing_began true
expect_in "$T/err" "after it had begun writing the BMC ('Updating BMC firmware"
expect_in "$T/err" "do not remove the server's power until the BMC has been flashed again"
expect_not_in "$T/err" "nothing was flashed"
[ "$(sum_updates | wc -l)" = 1 ] || fail "sum called after the BMC flash failed: $(sum_calls)"
"$JGET" -f "$T/out" recovery_hints | grep -q '"bmc-unreachable"' ||
	fail "no bmc-unreachable hint after a BMC flash that failed part-way"
run 0 "$FWDISPATCH" status --state-dir "$state"
expect_in "$T/out" "the BMC flash failed part-way (the tool had begun writing it): do not remove the server's power"
ok "sum UpdateBmc exit 62 after 'Updating BMC firmware ( 60%)': exit 4, part-way, no BIOS staged; status warns"

# sum is not there at all.
scenario
FWDISPATCH_SUM=$T/no-such-sum fwd_update_json 3 --bios "$bios_img"
expect_in "$T/err" "FWDISPATCH_SUM"
[ ! -e "$calls" ] || fail "something ran sum: $(cat "$calls")"
ok "no sum: exit 3, the message says to set FWDISPATCH_SUM"

# --- BMC failures: the BIOS is never staged after them
scenario sum_bmc_exit=82
fwd_update_json 3 --bmc "$bmc_img" --bmc-version 1.90 --bios "$bios_img"
expect_in "$T/err" "the image is for another board: nothing was flashed; get the BMC image for"
expect_in "$T/err" "the BMC answers and runs 1.80"
[ "$(sum_updates | wc -l)" = 1 ] || fail "sum called after the BMC refusal: $(sum_calls)"
ok "UpdateBmc exit 82: exit 3, the BMC still runs 1.80, no BIOS staged"

# sum says it updated the BMC, but the BMC still runs what it ran.
scenario
fwd_update_json 5 --bmc "$bmc_img" --bmc-version 1.90 --bios "$bios_img" --bmc-timeout 5
expect_in "$T/err" "the BMC runs 1.80 after the flash, not 1.90"
jeq "$T/out" bmc.after 1.80
jeq "$T/out" stopped_at bmc-verify
[ "$(sum_updates | wc -l)" = 1 ] || fail "the BIOS was staged after a failed verify: $(sum_calls)"
ok "a BMC that does not run the new version: exit 5, no BIOS staged"

# --overwrite-bmc-config, and no --bmc-version: any version but the old one passes.
# (A new run over the unfinished one above: --abandon-unfinished.)
scenario new_bmc_version=1.81 bmc_reset_after_update=1
fwd_update_json 0 --bmc "$bmc_img" --overwrite-bmc-config --bmc-timeout 120 --abandon-unfinished
case $(sum_call 1) in
*"-c UpdateBmc --file $state/staging/"*" --overwrite_cfg") ;;
*) fail "sum call with --overwrite-bmc-config: $(sum_call 1)" ;;
esac
expect_in "$T/err" "factory defaults"
jeq "$T/out" bmc.after 1.81
ok "--overwrite-bmc-config passes --overwrite_cfg (with a warning); 1.80 -> 1.81 verified"

# --- in-band: no -i/-u/-p; the backup asks sum for the BMC's own view
scenario
run 10 inband "$FWDISPATCH" update --yes --dmi-file "$X11" --bios "$bios_img" --state-dir "$state" --json
one_json "$T/out"
sum_calls | grep -qE " sum exit=0 -c GetBmcInfo$" || fail "no in-band GetBmcInfo: $(sum_calls)"
sum_calls | grep -qE " sum exit=0 -c UpdateBios --file $state/staging/[^ ]+ --preserve_setting$" ||
	fail "in-band UpdateBios: $(sum_calls)"
! sum_calls | grep -qE ' -(i|u|p) ' || fail "in-band sum got target options: $(sum_calls)"
expect_not_in "$T/err" "takes the BMC password only on its command line"
backup=$("$JGET" -f "$T/out" backup)
"$JGET" -f "$backup" vendor.sum_bmc_info | grep -q 'BMC version' ||
	fail "the backup has no sum GetBmcInfo output"
ok "in-band: sum -c UpdateBios --file F --preserve_setting, no password anywhere; GetBmcInfo in the backup"

# --- recover: the Supermicro hints for the detected board
run 0 "$FWDISPATCH" recover --dmi-file "$X11" --json
one_json "$T/out"
i=0
for id in bmc-unreachable bios-no-post hard-lock lan-lost; do
	jeq "$T/out" "recovery_hints.$i.id" "$id"
	i=$((i + 1))
done
jeq "$T/out" recovery_hints.2.applies.0 bios
jeq "$T/out" recovery_hints.3.applies.0 lan
expect_in "$T/out" "JBT1"
expect_in "$T/out" "SUPER.ROM"
ok "recover --json: the four Supermicro hints (JBT1, SUPER.ROM, ...)"
