#!/usr/bin/env bash
# demo.sh: what `make demo` runs.  A complete `fwdispatch update` of a
# simulated Supermicro X11SSH-F: its BMC is OpenIPMI's ipmi_sim on 127.0.0.1
# (driven by the real ipmitool), its BIOS is staged through a stand-in for
# Supermicro's `sum` (tests/vendor/sum), which is proprietary.
#
# fwdispatch runs in-band, as an operator would on the server itself; the
# simulated BMC plays the local one (FWDISPATCH_IPMITOOL points at a small
# wrapper that sends ipmitool's in-band calls to it), and the board's DMI
# comes from a dmidecode dump of a real X11SSH-F.
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

say "1. A simulated Supermicro X11SSH-F: BMC firmware 1.71, BIOS 2.7"
# Like a real BMC it runs new firmware only after a reset, silent meanwhile.
eval "$("$sim" start --profile supermicro --owner $$ --module-args 'activation=reset' --reset-silence 5)"
echo "BMC simulated at $FWD_SIM_HOST:$FWD_SIM_PORT"
mkdir -p "$work/bin"
ln -s "$top/tests/vendor/sum" "$work/bin/sum"
ln -s "$top/tests/vendor/ipmitool-inband" "$work/bin/ipmitool-inband"
cat >"$work/bin/standin.env" <<ENV
FWD_STANDIN_DIR=$work/sum-state
FWD_STANDIN_SCENARIO=$work/scenario
FWD_SIM_HOST=$FWD_SIM_HOST
FWD_SIM_PORT=$FWD_SIM_PORT
FWD_SIM_USER=$FWD_SIM_USER
FWD_SIM_PASSWORD_FILE=$FWD_SIM_PASSWORD_FILE
ENV
: >"$work/scenario"
: >"$work/ipmi0"
export FWDISPATCH_IPMITOOL=$work/bin/ipmitool-inband FWDISPATCH_IPMI_DEVICE=$work/ipmi0
export FWDISPATCH_SUM=$work/bin/sum

say "2. The vendor's new images, with their SHA-256 files"
cd "$work"
"$mkhpm" --out X11SSH-F_BMC_1.72.hpm --sha256-out X11SSH-F_BMC_1.72.hpm.sha256 \
	--manufacturer "$FWD_SIM_MANUFACTURER_ID" --product "$FWD_SIM_PRODUCT_ID" \
	--device "$FWD_SIM_DEVICE_ID" --version 1.72 --earliest 1.50 --size 256K >/dev/null
head -c 16M /dev/urandom > X11SSH-F_BIOS_3.0.bin
sha256sum X11SSH-F_BIOS_3.0.bin > X11SSH-F_BIOS_3.0.bin.sha256
ls -l X11SSH-F_*
show "fwdispatch check X11SSH-F_BMC_1.72.hpm"
"$fwd" check X11SSH-F_BMC_1.72.hpm

say "3. Update: back up, BMC first (flash, reset, wait, verify), then stage the BIOS"
show "fwdispatch update --yes --bmc X11SSH-F_BMC_1.72.hpm --bios X11SSH-F_BIOS_3.0.bin --dmi-file x11ssh-f.dmi --state-dir ./state"
set +e
"$fwd" update --yes --bmc X11SSH-F_BMC_1.72.hpm --bios X11SSH-F_BIOS_3.0.bin \
	--dmi-file "$top/tests/data/dmi/supermicro-x11ssh-f.txt" --state-dir "$work/state"
status=$?
set -e
echo "(exit $status: 10 means success, reboot required)"
[ "$status" = 10 ]

say "4. What stays behind: the backup, and the record 'fwdispatch status' reads"
show "fwdispatch status --state-dir ./state"
"$fwd" status --state-dir "$work/state"

say "Result: BMC 1.71 -> 1.72 verified; BIOS staged by sum: reboot required (fwdispatch never reboots the host by itself)"
