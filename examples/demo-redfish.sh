#!/usr/bin/env bash
# demo-redfish.sh: what `make demo-redfish` (and the end of `make demo`)
# runs.  A complete `fwdispatch update --redfish` of an emulated BMC: the
# project's own Redfish service (tests/sim/fwd-redfish-sim) on 127.0.0.1,
# over HTTPS with a certificate made at its start, which fwdispatch pins on
# first use.  The BMC image is pushed in one streamed request, its task
# followed, the BMC's restart waited for, the new version verified; the
# BIOS is staged to apply at the host's next reboot.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
: "${FWD_BUILD:=$top/build}"
fwd=$FWD_BUILD/bin/fwdispatch
rfsim=$top/tests/sim/fwd-redfish-sim
work=$(mktemp -d "${TMPDIR:-/tmp}/fwd-demo-redfish.XXXXXX")
export FWDISPATCH_PLUGIN_DIR=$FWD_BUILD/lib/fwdispatch/plugins

cleanup() {
	[ -n "${FWD_RF_DIR:-}" ] && "$rfsim" stop "$FWD_RF_DIR" >/dev/null 2>&1
	rm -rf "$work"
}
trap cleanup EXIT

say() { printf '\n\033[1m%s\033[0m\n' "$*"; }
show() { printf '\033[1m$ %s\033[0m\n' "$*"; }

say "1. An emulated Redfish BMC (Contoso BMC 1): BMC firmware 1.0.0, BIOS 1.0.0"
eval "$("$rfsim" start --owner $$ --task-seconds 2 --reset-silence 3)"
echo "Redfish service at https://$FWD_RF_HOST:$FWD_RF_PORT (certificate SHA-256 $FWD_RF_FINGERPRINT)"
cp "$FWD_RF_PASSWORD_FILE" "$work/bmc-password"
chmod 600 "$work/bmc-password"

say "2. The vendor's new images, with their SHA-256 files"
cd "$work"
# The emulator's image format: a header line naming the part, version and product.
{ printf 'FWD-REDFISH-IMAGE component=bmc version=1.1.0 product=Contoso BMC 1\n'
  head -c 32M /dev/urandom; } > contoso-bmc-1.1.0.bin
{ printf 'FWD-REDFISH-IMAGE component=bios version=2.0.0 product=Contoso BMC 1\n'
  head -c 16M /dev/urandom; } > contoso-bios-2.0.0.bin
sha256sum contoso-bmc-1.1.0.bin > contoso-bmc-1.1.0.bin.sha256
sha256sum contoso-bios-2.0.0.bin > contoso-bios-2.0.0.bin.sha256
ls -l contoso-*

target="--redfish --host $FWD_RF_HOST --port $FWD_RF_PORT --user $FWD_RF_USER"
target="$target --password-file bmc-password --state-dir ./state"
say "3. Update over Redfish: pin the certificate, back up, push the BMC image, wait, verify, stage the BIOS"
show "fwdispatch update $target --yes --bmc contoso-bmc-1.1.0.bin --bmc-version 1.1.0 --bios contoso-bios-2.0.0.bin --bios-version 2.0.0"
set +e
# shellcheck disable=SC2086
"$fwd" update $target --yes --bmc contoso-bmc-1.1.0.bin --bmc-version 1.1.0 \
	--bios contoso-bios-2.0.0.bin --bios-version 2.0.0
status=$?
set -e
echo "(exit $status: 10 means success, reboot required)"
[ "$status" = 10 ]

say "4. The certificate pinned on first use, and the record 'fwdispatch status' reads"
show "cat state/redfish/known-certs"
cat state/redfish/known-certs
show "fwdispatch status $target"
# shellcheck disable=SC2086
"$fwd" status $target

say "Result: BMC 1.0.0 -> 1.1.0 verified over Redfish; BIOS 2.0.0 staged (OnReset): reboot required"
