#!/usr/bin/env bash
# `fwdispatch update` keeps the operator's configuration: the backup comes
# first (a backup that cannot be written stops the run before any flash),
# the BMC's LAN settings are put back when its flash reset them to DHCP, and
# a vendor image without an expected SHA-256 is refused before anything runs.
. "$FWD_TOP/tests/cli/lib.sh"
sim_require

# --- a flash that resets the LAN settings: restored from the backup
sim_start --profile supermicro --module-args 'flash_resets_lan=1 lan_ip=10.1.2.3 lan_gw=10.1.2.254 lan_vlan=42'
mkimage v172 1.72
fwd_update_json 0 --bmc "$T/v172.hpm"
expect_in "$FWD_SIM_LOG" "lan reset-to-dhcp reason=flash_resets_lan"
jeq "$T/out" lan.0.channel 1
jeq "$T/out" lan.0.restored true
jeq "$T/out" lan.0.verified true
"$JGET" -f "$T/out" lan.0.differs | grep -q ip_source || fail "the reset IP source was not seen"
i=$("$JGET" -f "$T/out" -l steps); last=$((i - 1))
step_status "$last" lan-check ok
ipmi lan print 1 >"$T/lan" 2>&1 || fail "lan print 1"
expect_in "$T/lan" "IP Address Source       : Static Address"
expect_in "$T/lan" "IP Address              : 10.1.2.3"
expect_in "$T/lan" "Default Gateway IP      : 10.1.2.254"
expect_in "$T/lan" "802.1q VLAN ID          : 42"
ok "a flash that reset the LAN to DHCP: static 10.1.2.3, gateway and VLAN 42 restored and re-read"

# --- the backup cannot be written: nothing is flashed
mkimage v173 1.73
: >"$T/state/backups.tmp" && rm -rf "$T/state/backups" && mv "$T/state/backups.tmp" "$T/state/backups"
before=$(log_count '^initiate ' || true)
fwd_update_json 3 --bmc "$T/v173.hpm"
jeq "$T/out" stopped_at backup
jeq "$T/out" bmc.flash_started false
[ "$(log_count '^initiate ' || true)" = "$before" ] || fail "an upgrade command was sent without a backup"
expect_fw 1.72 "after the refused run"
ok "a backup that cannot be written: exit 3 at step backup, nothing sent"
rm -f "$T/state/backups"

# --- a vendor image without an expected SHA-256: refused before any tool runs
standin_setup
head -c 65536 /dev/urandom >"$T/bios.bin"
fwd_update_json 3 --bios "$T/bios.bin"
jeq "$T/out" bios.image.problem sha256-missing
expect_in "$T/err" "as the vendor publishes it"
[ ! -s "$T/standin/calls.log" ] || fail "sum ran for an image without a SHA-256: $(cat "$T/standin/calls.log")"
[ -z "$(ls -A "$T/state/backups" 2>/dev/null)" ] || fail "a backup was taken for a refused run"
ok "a vendor BIOS image without a SHA-256: exit 3 before the backup, sum never runs"
