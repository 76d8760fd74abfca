#!/usr/bin/env bash
# fwdispatch restore over Redfish: the settings the backup saved are put
# back with PATCH (If-Match with the resource's ETag, once more after a
# 412), read back; accounts are compared, never written; only onto the
# service the backup was taken from.
. "$(dirname "$0")/lib.sh"
rf_require

rf_start
run 0 "$FWDISPATCH" backup "${RF[@]}" --json
b=$("$JGET" -f "$T/out" backup)
[ -f "$b" ] || fail "no backup written"
jeq "$b" protocol redfish
"$JGET" -f "$b" bmc.service_uuid | grep -Eq '^[0-9a-f-]{36}$' || fail "no service UUID saved"

# Someone changes the BMC's host name, VLAN and NTP servers.
eth=/redfish/v1/Managers/BMC/EthernetInterfaces/eth0
[ "$(rf_send PATCH $eth '{"HostName": "changed", "VLAN": {"VLANEnable": true, "VLANId": 42}}')" = 200 ] ||
	[ "$(rf_get $eth | "$JGET" HostName)" = changed ] || fail "the test could not change eth0"
rf_send PATCH /redfish/v1/Managers/BMC/NetworkProtocol \
	'{"NTP": {"ProtocolEnabled": true, "NTPServers": ["198.51.100.1"]}}' >/dev/null
[ "$(rf_get $eth | "$JGET" HostName)" = changed ] || fail "eth0 not changed"

# 1. A dry run says what differs and sends no PATCH.
patches=$(rf_log_count PATCH /redfish/v1/Managers)
run 0 "$FWDISPATCH" restore "$b" "${RF[@]}" --dry-run --json
jeq "$T/out" vendor_settings.eth0:HostName.saved bmc
jeq "$T/out" vendor_settings.eth0:HostName.now changed
jeq "$T/out" vendor_settings.eth0:HostName.restored false
jeq "$T/out" vendor_settings.eth0:VLAN.now.VLANId 42
"$JGET" -f "$T/out" vendor_settings.network-protocol:NTP.saved >/dev/null || fail "NTP not compared"
[ "$(rf_log_count PATCH /redfish/v1/Managers)" = "$patches" ] || fail "a dry run sent a PATCH"
ok "restore --dry-run names each setting that differs (saved, now) and sends nothing"

# 2. The restore, with someone else writing in between (412 once): put back, read back.
rf_fault etag-race=1
run 0 "$FWDISPATCH" restore "$b" "${RF[@]}" --yes --json
jeq "$T/out" result ok
jeq "$T/out" vendor_settings.eth0:HostName.restored true
[ "$(rf_get $eth | "$JGET" HostName)" = bmc ] || fail "the host name is not back"
[ "$(rf_get $eth | "$JGET" VLAN.VLANEnable)" = false ] || fail "the VLAN is not back"
[ "$(rf_get /redfish/v1/Managers/BMC/NetworkProtocol | "$JGET" NTP.NTPServers.0)" = 192.0.2.123 ] ||
	fail "the NTP server is not back"
grep '"method": "PATCH"' "$FWD_RF_LOG" | grep -q '"status": 412' || fail "no 412 was met"
grep '"method": "PATCH"' "$FWD_RF_LOG" | grep -v '"if_match": null' | grep -q '"status": 200' ||
	fail "no PATCH went with If-Match"
ok "restore puts back with If-Match, reads again after a 412 and tries once more, reads back"

# 3. Once as in the backup: nothing to put back.
patches=$(rf_log_count PATCH /redfish/v1/Managers)
run 0 "$FWDISPATCH" restore "$b" "${RF[@]}" --yes --json
[ "$(rf_log_count PATCH /redfish/v1/Managers)" = "$patches" ] || fail "PATCHed what matched"
ok "settings that match the backup are not written"

# 4. Another BMC, or the other protocol: refused before anything is sent.
rf_dir=$FWD_RF_DIR
rf_start
run 3 "$FWDISPATCH" restore "$b" "${RF[@]}" --yes
expect_in "$T/err" "is a backup of the Redfish service"
run 3 "$FWDISPATCH" restore "$b" --host 127.0.0.1 --user u --state-dir "$T/state" --yes
expect_in "$T/err" "was taken over Redfish"
ok "a Redfish backup goes only onto its own service (UUID), and only over Redfish"
