#!/usr/bin/env bash
# The preflight's "power" and "sel-capacity" checks (issue 13) against the
# simulated BMC's supplies and SEL (fwd-sim --psu, --psu-redundancy,
# --sel-*, "fwd-sim event"):
#   pass      two supplies and full redundancy: flashed; the report and the
#             backup hold what was read
#   warn      one supply; no supply sensor; power events the SEL cannot date
#   refuse    a failed supply, redundancy lost, AC lost logged an hour ago:
#             exit 3, nothing sent, the option named; an AC loss 25 h ago
#             is older than the window and passes
#   override  --allow-power-risk: flashed, "overridden" in the JSON, the
#             journal and the history
#   sel       90 % full: a warning saying how to save and clear it
# and a dry run shows each verdict as a line.
. "$FWD_TOP/tests/cli/lib.sh"
sim_require

initiates() { log_count '^initiate ' || true; }

# check_line VERDICT TEXT: the human output in $T/out has the check's line.
check_line() {
	grep -E "check $1 +$2 " "$T/out" | grep -qF -- "$3" ||
		fail "no '$1 $2 ... $3' line: $(grep 'check ' "$T/out")"
}

# refused WHY: the run in $T/out was refused by the power check, sent nothing.
refused() {
	check_verdict "$T/out" power refuse
	expect_in "$T/detail" "$1"
	jeq "$T/out" result failed
	jeq "$T/out" changed false
	jeq "$T/out" backup null
	jeq "$T/out" error.exit_code 3
	"$JGET" -f "$T/out" error.message >"$T/msg"
	expect_in "$T/msg" "the power is at risk: $1"
	expect_in "$T/msg" "--allow-power-risk"
	[ "$(initiates)" = 0 ] || fail "an upgrade was sent to the BMC"
	expect_fw 1.71 "after a refusal"
	[ -z "$(ls "$T/state/backups" 2>/dev/null)" ] || fail "a backup was written before a refusal"
}

# --- pass: two supplies, fully redundant; flashed; report and backup
sim_start --profile supermicro --psu ok,ok --psu-redundancy ok
mkimage v172 1.72 --sha256-out "$T/v172.hpm.sha256"
fwd_update 0 --dry-run --bmc "$T/v172.hpm"
check_line power pass "2 supplies present, all fine; redundancy: Fully Redundant; no power event"
check_line sel-capacity pass "the SEL is 0% full (0 entries)"
expect_in "$T/out" "the power supplies and the SEL's power events, as the power check read them"
expect_not_in "$T/out" "sdr type"
fwd_update_json 0 --bmc "$T/v172.hpm"
check_verdict "$T/out" power pass
check_verdict "$T/out" sel-capacity pass
jeq "$T/out" power.supplies.1.name "PS2 Status"
jeq "$T/out" power.supplies.1.state "Presence detected"
jeq "$T/out" power.redundancy.verdict full
jeq "$T/out" power.clock dated
jeq "$T/out" power.events.recent 0
jeq "$T/out" bmc.after 1.72
backup=$("$JGET" -f "$T/out" backup)
jeq "$backup" power.supplies.0.entity 10.1
jeq "$backup" power.redundancy.state "Fully Redundant"
jeq "$backup" power.sel.entries 0
ok "two supplies, redundant: pass in the dry run and the run; flashed; report and backup say so"
# shellcheck disable=SC2046
run 0 "$FWDISPATCH" backup $(target_opts) --state-dir "$T/state" --json
backup=$("$JGET" -f "$T/out" backup)
jeq "$backup" power.supplies.1.state "Presence detected"
jeq "$backup" power.redundancy.verdict full
ok "fwdispatch backup reads the power itself"
sim_stop

# --- warn: a single supply; no supply sensor at all
rm -rf "$T/state"
sim_start --profile supermicro --psu ok
fwd_update 0 --dry-run --bmc "$T/v172.hpm"
check_line power warn "a single power supply: nothing takes over if it or its feed fails"
fwd_update_json 0 --dry-run --bmc "$T/v172.hpm"
check_verdict "$T/out" power warn
jeq "$T/out" result dry-run
sim_stop
sim_start --profile supermicro
fwd_update_json 0 --dry-run --bmc "$T/v172.hpm"
check_verdict "$T/out" power warn
expect_in "$T/detail" "the BMC reports no power supply"
ok "one supply, and none: a warning, and the run goes on"
sim_stop

# --- refuse: a failed supply (run and dry run), redundancy lost
sim_start --profile supermicro --psu ok,failed --psu-redundancy ok
fwd_update_json 3 --bmc "$T/v172.hpm"
refused "PS2 Status (10.2) reports failure detected"
jeq "$T/out" power.supplies.1.at_risk.0 failure
fwd_update 3 --dry-run --bmc "$T/v172.hpm"
check_line power refuse "PS2 Status (10.2) reports failure detected"
expect_in "$T/err" "--allow-power-risk"
ok "a failed supply: refused (exit 3) in the run and the dry run, nothing sent, the option named"
sim_stop

sim_start --profile supermicro --psu ok,ok --psu-redundancy lost
fwd_update_json 3 --bmc "$T/v172.hpm"
refused "PS Redundancy: Redundancy Lost"
jeq "$T/out" power.redundancy.verdict lost
ok "redundancy lost: refused, nothing sent"
sim_stop

# --- the SEL: AC lost an hour ago refuses; 25 h ago is outside the window
sim_start --profile supermicro --psu ok,ok --psu-redundancy ok
"$SIM" event "$FWD_SIM_DIR" psu 2 ac-lost --ago 90000 >/dev/null || fail "fwd-sim event failed"
fwd_update_json 0 --dry-run --bmc "$T/v172.hpm"
check_verdict "$T/out" power pass
jeq "$T/out" power.events.older 1
"$SIM" event "$FWD_SIM_DIR" psu 2 ac-lost --ago 3600 >/dev/null || fail "fwd-sim event failed"
fwd_update_json 3 --bmc "$T/v172.hpm"
refused "the SEL logged 'Power Supply PS2 Status: Power Supply AC lost' 60 min ago"
jeq "$T/out" power.events.recent 1
jeq "$T/out" power.events.list.0.kind ac-lost
ok "AC lost 25 h ago: pass; an hour ago, though the supplies read fine now: refused"

# --- override: the same BMC, --allow-power-risk
fwd_update_json 0 --bmc "$T/v172.hpm" --allow-power-risk
check_verdict "$T/out" power overridden
expect_in "$T/detail" "going on: --allow-power-risk"
jeq "$T/out" bmc.after 1.72
expect_fw 1.72 "after the override"
history=$("$JGET" -f "$T/out" history)
grep '"check":"power"' "$history" >/dev/null || grep '"check": "power"' "$history" >/dev/null ||
	fail "the history does not keep the power override: $(cat "$history")"
grep -l '"overridden"' "$T"/state/runs/*.json >/dev/null 2>&1 ||
	fail "no journal keeps the override: $(ls "$T/state/runs")"
ok "--allow-power-risk: flashed; 'overridden' in the JSON, the journal and the history"
sim_stop

# --- power events the BMC's unset clock cannot date: a warning
rm -rf "$T/state"
sim_start --profile supermicro --psu ok,ok --psu-redundancy ok --sel-clock unset
"$SIM" event "$FWD_SIM_DIR" psu 1 failed >/dev/null || fail "fwd-sim event failed"
fwd_update_json 0 --dry-run --bmc "$T/v172.hpm"
check_verdict "$T/out" power warn
expect_in "$T/detail" "1 power event in the SEL with no date to tell when"
jeq "$T/out" power.clock pre-init
ok "an AC loss or failure the BMC's clock cannot date: a warning"
sim_stop

# --- sel-capacity: 90 % full warns, with how to save and clear it
sim_start --profile supermicro --psu ok,ok --sel-size 20 --sel-fill 18
fwd_update 0 --dry-run --bmc "$T/v172.hpm"
check_line sel-capacity warn "the SEL is 90% full (18 entries)"
check_line sel-capacity warn "ipmitool sel save FILE"
fwd_update_json 0 --dry-run --bmc "$T/v172.hpm"
check_verdict "$T/out" sel-capacity warn
expect_in "$T/detail" "then clear it (ipmitool sel clear)"
jeq "$T/out" power.sel.percent_used 90
ok "a SEL 90% full: a warning naming sel save and sel clear; the run goes on"
sim_stop
echo "all $checks checks passed"
