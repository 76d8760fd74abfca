#!/usr/bin/env bash
# `fwdispatch update --bmc` against the simulated BMC with real ipmitool:
# a valid flash (payload byte for byte, version verified, JSON report),
# and every refusal that must happen before a single upgrade command is
# sent (the module's log shows no Initiate Upgrade Action).
. "$FWD_TOP/tests/cli/lib.sh"
sim_require

sim_start --profile supermicro --dir "$T/bmc"
state=$T/state
initiates() { log_count '^initiate ' || true; }

# --- a valid flash
PAYLOAD_SIZE=60000 mkimage v172 1.72 --sha256-out "$T/v172.hpm.sha256"
sum=$(sha256sum "$T/v172.hpm" | cut -d' ' -f1)
password=$(head -n 1 "$FWD_SIM_PASSWORD_FILE")
# Watch every process's argv while the update runs: the password must never show.
( while :; do
	for p in /proc/[0-9]*; do
		mapfile -d '' -t args 2>/dev/null <"$p/cmdline" || continue
		case "${args[*]}" in *"$password"*) echo "${p#/proc/}: ${args[*]}" >>"$T/leak" ;; esac
	done
  done ) &
watcher=$!
fwd_update 0 --json --bmc "$T/v172.hpm"
kill "$watcher"; wait "$watcher" 2>/dev/null
[ -s "$T/leak" ] && fail "the BMC password was in an argv: $(head -n 3 "$T/leak")"
ok "the password is in no process's argv during the whole update"
one_json "$T/out"
jeq "$T/out" schema fwdispatch/1
jeq "$T/out" command update
jeq "$T/out" result ok
jeq "$T/out" plugin supermicro
jeq "$T/out" bmc.before 1.71
jeq "$T/out" bmc.after 1.72
jeq "$T/out" bmc.version 1.72
jeq "$T/out" bmc.image.sha256 "$sum"
jeq "$T/out" bmc.image.sha256_source sidecar
jeq "$T/out" reboot_required false
jeq "$T/out" stopped_at null
i=0
for want in identify:ok check-bmc-image:ok preflight-checks:ok backup:ok bmc-upload:ok \
	bmc-reset:skipped bmc-wait:ok bmc-verify:ok lan-check:ok; do
	step_status "$i" "${want%:*}" "${want#*:}"
	"$JGET" -f "$T/out" "steps.$i.duration_ms" | grep -qE '^[0-9]+$' || fail "step $i has no duration"
	i=$((i + 1))
done
backup=$("$JGET" -f "$T/out" backup)
[ -f "$backup" ] && [ "$(stat -c %a "$backup")" = 600 ] || fail "no 0600 backup at '$backup'"
case $backup in "$state"/backups/*.json) ;; *) fail "backup '$backup' is not under the state folder" ;; esac
ok "update --json: exit 0, steps with outcome and duration, versions, SHA-256, reboot_required, backup 0600"
cmp "$T/v172.payload" "$FWD_SIM_PAYLOAD" || fail "the BMC received other bytes than the image's payload"
ok "the BMC received the image's payload byte for byte ($(stat -c %s "$FWD_SIM_PAYLOAD") bytes)"
expect_fw 1.72 "after the update"
[ -z "$(ls -A "$state/staging")" ] || fail "staged copies left: $(ls "$state/staging")"
[ "$(stat -c %a "$state")" = 700 ] && [ "$(stat -c %a "$state/staging")" = 700 ] ||
	fail "state folders are not 0700"
ok "the staged private copy is removed; state folders are 0700"

# --- refusals: exit 3 and not one upgrade command sent
before=$(initiates)
refused() { # WHAT EXPECTED-MESSAGE ARGS...
	local what=$1 msg=$2
	shift 2
	fwd_update 3 --json "$@"
	one_json "$T/out"
	jeq "$T/out" result failed
	jeq "$T/out" bmc.flash_started false
	jeq "$T/out" error.exit_code 3
	expect_in "$T/err" "$msg"
	[ "$(initiates)" = "$before" ] || fail "$what: an Initiate Upgrade Action reached the BMC"
	ok "$what: exit 3 ('$msg'), nothing sent to the BMC"
}
"$MKHPM" --out "$T/dell.hpm" --manufacturer 674 --product "$FWD_SIM_PRODUCT_ID" \
	--device "$FWD_SIM_DEVICE_ID" --version 1.80 >/dev/null
refused "an image for another vendor" "is for another board" --bmc "$T/dell.hpm"
"$MKHPM" --out "$T/prod.hpm" --manufacturer 10876 --product 0x0885 \
	--device "$FWD_SIM_DEVICE_ID" --version 1.80 >/dev/null
refused "an image for another product" "product 0x0885" --bmc "$T/prod.hpm"
mkimage needs190 2.00 --earliest 1.90
refused "running firmware older than the earliest compatible" "the earliest revision" --bmc "$T/needs190.hpm"
mkimage lie 1.80 --break lying-length
refused "an upload length past the end (MD5 right)" "payload bytes but only" --bmc "$T/lie.hpm"
mkimage md5 1.80 --break bad-md5
refused "a corrupted image" "MD5" --bmc "$T/md5.hpm"
mkimage older 1.60
refused "a downgrade" "refusing a downgrade" --bmc "$T/older.hpm"
mkimage v180 1.80
refused "a SHA-256 that does not match" "has SHA-256" --bmc "$T/v180.hpm" --sha256-bmc "$sum"
refused "a missing image" "cannot open" --bmc "$T/nope.hpm"
[ -z "$(ls -A "$state/staging")" ] || fail "a refused run left a staged copy"
ok "refused runs leave no staged copy"

# --- the version already running: a success that changes nothing (a re-run
# of automation over a fleet must not fail on the hosts already done)
mkimage same 1.72
lines=$(wc -l <"$state/history.jsonl" 2>/dev/null || echo 0)
fwd_update_json 0 --bmc "$T/same.hpm"
jeq "$T/out" result ok
jeq "$T/out" changed false
jeq "$T/out" bmc.outcome current
jeq "$T/out" bmc.changed false
jeq "$T/out" backup null
[ "$(initiates)" = "$before" ] || fail "an image of the running version was sent"
[ "$(wc -l <"$state/history.jsonl" 2>/dev/null || echo 0)" = "$lines" ] ||
	fail "a run that changed nothing added a history line"
fwd_update 0 --bmc "$T/same.hpm"
expect_in "$T/out" "BMC: already runs 1.72, the image's version: nothing to do"
expect_in "$T/out" "nothing was changed"
fwd_update_json 0 --bmc "$T/same.hpm" --allow-reinstall --dry-run
jeq "$T/out" bmc.outcome planned
ok "the version already running: exit 0, changed false, no backup, nothing sent, no history line"

# The human report says where it stopped and that nothing changed.
fwd_update 3 --bmc "$T/dell.hpm"
expect_in "$T/out" "[FAIL] check-bmc-image"
expect_in "$T/out" "update stopped at step 'check-bmc-image'"
expect_in "$T/out" "BMC: nothing was sent to it; it still runs 1.72"
ok "the human report names the step and says nothing was sent"

# --- the allowed exceptions
fwd_update 0 --bmc "$T/same.hpm" --allow-reinstall
expect_fw 1.72 "after a reinstall"
fwd_update 0 --bmc "$T/older.hpm" --allow-downgrade
expect_fw 1.60 "after an allowed downgrade"
ok "--allow-reinstall and --allow-downgrade flash what they allow"

# In-band without the driver: the exact modules to load.
run 3 env FWDISPATCH_IPMI_DEVICE="$T/no-ipmi0" "$FWDISPATCH" update --yes --bmc "$T/v180.hpm" --state-dir "$state"
expect_in "$T/err" "no local IPMI device ($T/no-ipmi0): load the drivers with 'modprobe ipmi_devintf' and 'modprobe ipmi_si'"
ok "in-band with no IPMI device: refused, naming the kernel modules to load"
