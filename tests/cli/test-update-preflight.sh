#!/usr/bin/env bash
# The preflight asks the plugin too, before anything changes: a BIOS on a
# board whose plugin cannot stage one, or a vendor tool that is not
# installed, stop the run before the backup and before any flash.  And
# --events: NDJSON on stdout, step and progress events, the final document
# last.
. "$FWD_TOP/tests/cli/lib.sh"
sim_require
state=$T/state
mkimage_vendor bios.bin 50000

# --- generic-hpm cannot stage a BIOS: refused before the BMC is touched
sim_start --profile other
mkimage v500 "$(mc_fw | awk -F. '{printf "%d.%02d", $1 + 1, $2}')"
fwd_update_json 3 --yes --bmc "$T/v500.hpm" --bios "$T/bios.bin"
jeq "$T/out" stopped_at preflight-bios
[ "$(log_count '^initiate')" = 0 ] || fail "the BMC was flashed although the BIOS cannot be staged"
[ ! -d "$state/backups" ] || [ -z "$(ls -A "$state/backups")" ] || fail "a backup was taken before the refusal"
ok "generic-hpm with --bios: refused at preflight-bios, no backup, nothing sent"
sim_stop

# --- Supermicro without sum: refused before the BMC is touched
sim_start --profile supermicro
mkimage v172 1.72
FWDISPATCH_SUM=$T/no-such-sum fwd_update_json 3 --yes --bmc "$T/v172.hpm" --bios "$T/bios.bin"
jeq "$T/out" stopped_at preflight-bios
expect_in "$T/err" "no-such-sum"
[ "$(log_count '^initiate')" = 0 ] || fail "the BMC was flashed although sum is missing"
ok "Supermicro --bios without sum: refused at preflight-bios, nothing sent"

# --- an image path that is no file: refused at its check, saying what it is
mkdir "$T/bmc-dir"
fwd_update_json 3 --yes --bmc "$T/bmc-dir"
jeq "$T/out" stopped_at check-bmc-image
jeq "$T/out" bmc.image.problem not-regular
expect_in "$T/err" "'$T/bmc-dir' is a directory, not a firmware image"
mkfifo "$T/bios.fifo"
# shellcheck disable=SC2046
run 3 timeout 60 "$FWDISPATCH" update --yes --json $(target_opts) --state-dir "$state" \
	--bmc "$T/v172.hpm" --bios "$T/bios.fifo"
one_json "$T/out"
jeq "$T/out" stopped_at check-bios-image
expect_in "$T/err" "'$T/bios.fifo' is a FIFO, not a firmware image"
fwd_update_json 3 --yes --bios /dev/null
expect_in "$T/err" "'/dev/null' is a character device, not a firmware image"
[ "$(log_count '^initiate')" = 0 ] || fail "the BMC was flashed although an image is no file"
[ ! -d "$state/backups" ] || [ -z "$(ls -A "$state/backups")" ] ||
	fail "a backup was taken before the refusal"
ok "a directory, a FIFO (without blocking), a device as image: exit 3 at the check, nothing sent"

# --- a refused plugin is named where no plugin takes the BMC
sim_stop
sim_start --profile dell
mkdir -m 0755 "$T/plugins"
cp "$FWDISPATCH_PLUGIN_DIR"/*.so "$T/plugins/"
chmod 0644 "$T/plugins/"*.so
chmod 0666 "$T/plugins/dell.so"
fwd_update_json 3 --yes --plugin-dir "$T/plugins" --bmc "$T/v172.hpm"
jeq "$T/out" stopped_at identify
jeq "$T/out" error.code no-plugin
jeq "$T/out" refused_plugins.0.would_claim true
expect_in "$T/err" "no plugin for this machine (DELL PowerEdge R640)"
expect_in "$T/err" "'dell.so', named like this machine's vendor, was refused at load: it is \
writable by others"
ok "update out-of-band on a Dell with a world-writable dell.so: exit 3 at identify, naming it"
sim_stop
sim_start --profile supermicro

# --- --events: one JSON object per line, the final document last
PAYLOAD_SIZE=60000 mkimage v173 1.73
fwd_update 0 --yes --events --bmc "$T/v173.hpm"
n=0
while IFS= read -r line; do
	n=$((n + 1))
	printf '%s\n' "$line" >"$T/line.json"
	if "$JGET" -f "$T/line.json" schema >/dev/null 2>&1; then
		last=$n
	elif ! "$JGET" -f "$T/line.json" event >/dev/null 2>&1; then
		fail "line $n of --events is not a JSON event: $line"
	elif ! "$JGET" -f "$T/line.json" time |
		grep -qE '^20[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z$'; then
		fail "event $n has no UTC time to the millisecond: $line"
	fi
done <"$T/out"
[ "$last" = "$n" ] || fail "the final document is not the last line ($last of $n)"
grep -q '"event": *"step".*"name": *"bmc-upload".*"status": *"running"' "$T/out" || fail "no bmc-upload start event"
grep -q '"event": *"step".*"name": *"bmc-verify".*"status": *"ok"' "$T/out" || fail "no bmc-verify end event"
grep -q '"event": *"progress".*"step": *"bmc-upload"' "$T/out" || fail "no upload progress event"
grep '"event": *"progress".*"step": *"bmc-upload".*"percent": *100' "$T/out" |
	grep -q '"bytes_done": *[0-9]*, *"bytes_total": *6[0-9]\{4\}' ||
	fail "the upload's progress does not count the image's bytes"
tail -n 1 "$T/out" >"$T/final.json"
jeq "$T/final.json" result ok
jeq "$T/final.json" bmc.after 1.73
ok "--events: $n NDJSON lines, each timed, step starts and ends, upload progress in bytes, the final document last"
sim_stop
