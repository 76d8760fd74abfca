#!/usr/bin/env bash
# `update --json` prints the same keys whatever happened (docs/json.md):
# a flash, a dry run, nothing to do, a refusal in the preflight, a target
# another run holds, a BMC that does not come back, a Dell run that stages
# a BIOS.  Each document's keys are checked against docs/json.md both ways:
# every key the page lists is there (null when the run never got to it),
# and every key printed is on the page.
. "$FWD_TOP/tests/cli/lib.sh"
sim_require
command -v flock >/dev/null || { echo "skip: 'flock' is not installed"; exit 77; }
DOC=$FWD_TOP/docs/json.md

# doc_keys HEADING [text]: the keys in the first column of the table under
# "### HEADING" (with "text": every `key` of the section's text), sorted.
doc_keys() {
	awk -v h="### $1" -v text="${2-}" '
		$0 == h { on = 1; next }
		on && /^#/ { on = 0 }
		on && /^\| `/ { split($0, cell, "|"); s = cell[2]
			while (match(s, /`[a-z_]+`/)) { print substr(s, RSTART + 1, RLENGTH - 2); s = substr(s, RSTART + RLENGTH) } }
		on && text && !/^\|/ { s = $0
			while (match(s, /`[a-z_]+`/)) { print substr(s, RSTART + 1, RLENGTH - 2); s = substr(s, RSTART + RLENGTH) } }
	' "$DOC" | sort -u
}
doc_keys "The run's keys" >"$T/run-keys"
doc_keys "A component's keys" >"$T/part-keys"
doc_keys "Keys a plugin may add to a component" text >"$T/plugin-keys"
[ "$(wc -l <"$T/run-keys")" -ge 30 ] || fail "docs/json.md: the run's table did not parse"
[ "$(wc -l <"$T/part-keys")" -ge 14 ] || fail "docs/json.md: the component table did not parse"
sort -u "$T/part-keys" "$T/plugin-keys" >"$T/part-allowed"

# same_keys WHAT: $T/out's keys are the page's, and so are its components'.
same_keys() {
	local part
	"$JGET" -f "$T/out" -k . >"$T/got" || fail "$1: not an object"
	diff -u "$T/run-keys" "$T/got" >"$T/diff" || { cat "$T/diff" >&2; fail "$1: the run's keys differ from docs/json.md"; }
	for part in bmc bios; do
		[ "$("$JGET" -f "$T/out" "$part")" = null ] && continue
		"$JGET" -f "$T/out" -k "$part" >"$T/got" || fail "$1: $part is neither null nor an object"
		comm -23 "$T/part-keys" "$T/got" >"$T/missing"
		[ ! -s "$T/missing" ] || fail "$1: $part lacks $(tr '\n' ' ' <"$T/missing")"
		comm -13 "$T/part-allowed" "$T/got" >"$T/extra"
		[ ! -s "$T/extra" ] || fail "$1: $part has keys docs/json.md does not list: $(tr '\n' ' ' <"$T/extra")"
	done
	ok "$1: the keys of docs/json.md, no more, no fewer"
}

mkimage_vendor bios.bin 50000

sim_start --profile supermicro --module-args 'activation=reset' --reset-silence 20
mkimage v172 1.72

fwd_update_json 0 --dry-run --bmc "$T/v172.hpm"
jeq "$T/out" result dry-run
jeq "$T/out" backup null
jeq "$T/out" bios null
same_keys "a dry run"

FWDISPATCH_SUM=$T/no-such-sum fwd_update_json 3 --bmc "$T/v172.hpm" --bios "$T/bios.bin"
jeq "$T/out" stopped_at preflight-bios
jeq "$T/out" lan null
same_keys "a refusal in the preflight"

lock=$T/state/locks/${FWD_SIM_HOST}_$FWD_SIM_PORT.lock
mkdir -p "$T/state/locks"
exec 9>>"$lock"
flock 9 || fail "cannot take $lock"
fwd_update_json 7 --bmc "$T/v172.hpm"
exec 9>&-
jeq "$T/out" error.code busy
jeq "$T/out" plugin null
jeq "$T/out" steps "[]"
same_keys "a target another run holds"

fwd_update_json 6 --bmc "$T/v172.hpm" --bmc-timeout 2
jeq "$T/out" stopped_at bmc-wait
same_keys "a BMC that does not come back in time"
for _ in $(seq 60); do [ -n "$(mc_fw)" ] && break; sleep 1; done
fwd_update_json 0 --bmc "$T/v172.hpm"
jeq "$T/out" resumed_from "$("$JGET" -f "$T/state/last-update.json" resumed_from)"
same_keys "the same update again, finishing the run that stopped"

fwd_update_json 0 --bmc "$T/v172.hpm"
jeq "$T/out" bmc.outcome current
same_keys "nothing to do"
sim_stop

sim_start --profile dell --module-args 'activation=reset'
standin_setup racadm
scenario new_bmc_version=4.50 bmc_reset_after_update=1 \
	racadm_idrac_version=4.40.00.00 racadm_new_idrac_version=4.50.00.00
fwd_update_json 10 --bios "$T/bios.bin"
jeq "$T/out" bios.outcome staged
same_keys "a Dell BIOS staged"
sim_stop
