#!/usr/bin/env bash
# demo.sh: what `make demo` runs.  A complete `fwdispatch update` of a BMC
# against the bundled simulated server: a Supermicro X11SSH-F played by
# OpenIPMI's ipmi_sim on 127.0.0.1, driven by the real ipmitool.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
: "${FWD_BUILD:=$top/build}"
fwd=$FWD_BUILD/bin/fwdispatch
mkhpm=$FWD_BUILD/tests/tools/mkhpm
sim=$top/tests/sim/fwd-sim
work=$(mktemp -d "${TMPDIR:-/tmp}/fwd-demo.XXXXXX")
export FWD_BUILD FWDISPATCH_PLUGIN_DIR=$FWD_BUILD/lib/fwdispatch/plugins

cleanup() {
	[ -n "${FWD_SIM_DIR:-}" ] && "$sim" stop "$FWD_SIM_DIR" >/dev/null 2>&1
	rm -rf "$work"
}
trap cleanup EXIT

say() { printf '\n\033[1m%s\033[0m\n' "$*"; }
show() { printf '\033[1m$ %s\033[0m\n' "$*"; }

say "1. Start a simulated Supermicro X11SSH-F (its BMC runs firmware 1.71)"
# Like a real BMC, it runs new firmware only after a reset, and is silent
# for a while during that reset.
eval "$("$sim" start --profile supermicro --owner $$ --module-args 'activation=reset' --reset-silence 5)"
echo "BMC at $FWD_SIM_HOST:$FWD_SIM_PORT, user $FWD_SIM_USER, password in $FWD_SIM_PASSWORD_FILE (0600)"

say "2. The vendor's new BMC image (1.72), with its SHA-256 file"
"$mkhpm" --out "$work/X11SSH-F_BMC_1.72.hpm" --sha256-out "$work/X11SSH-F_BMC_1.72.hpm.sha256" \
	--manufacturer "$FWD_SIM_MANUFACTURER_ID" --product "$FWD_SIM_PRODUCT_ID" \
	--device "$FWD_SIM_DEVICE_ID" --version 1.72 --earliest 1.50 --size 256K >/dev/null
cd "$work"
show "fwdispatch check X11SSH-F_BMC_1.72.hpm"
"$fwd" check X11SSH-F_BMC_1.72.hpm

say "3. Update the BMC out-of-band"
show "fwdispatch update --bmc X11SSH-F_BMC_1.72.hpm --host $FWD_SIM_HOST --port $FWD_SIM_PORT --user $FWD_SIM_USER --password-file ... --cipher 3 --state-dir ./state"
"$fwd" update --bmc X11SSH-F_BMC_1.72.hpm --host "$FWD_SIM_HOST" --port "$FWD_SIM_PORT" \
	--user "$FWD_SIM_USER" --password-file "$FWD_SIM_PASSWORD_FILE" --cipher 3 \
	--state-dir "$work/state"

say "4. Running the same update again is refused: nothing is sent"
set +e
"$fwd" update --bmc X11SSH-F_BMC_1.72.hpm --host "$FWD_SIM_HOST" --port "$FWD_SIM_PORT" \
	--user "$FWD_SIM_USER" --password-file "$FWD_SIM_PASSWORD_FILE" --cipher 3 \
	--state-dir "$work/state" 2>&1 | tail -n 3
echo "(exit ${PIPESTATUS[0]})"
set -e

say "Done: the simulated server is stopped and its folder removed."
