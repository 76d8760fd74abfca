#!/usr/bin/env bash
# The BMC's Redfish host interface (SMBIOS type 42): `detect` says whether
# there is one and whether it can be used, from real servers' dumps; then
# `update --redfish` without --host reaches the emulated BMC through a
# type 42 record pointing at it, from a dmidecode dump and from a raw
# sysfs entry; one not set up, none at all, and one that does not answer
# are each a clear refusal.
. "$(dirname "$0")/lib.sh"
rf_require

DATA=$FWD_TOP/tests/data/host-interface
PD=(--plugin-dir "$FWDISPATCH_PLUGIN_DIR")

# 1. detect, on real dumps.
run 0 "$FWDISPATCH" detect "${PD[@]}" --dmi-file "$DATA/dell-poweredge-r350.txt"
expect_in "$T/out" "redfish host interface: 169.254.1.1:443 over USB 413c:a102, host name idrac.local"
expect_in "$T/out" "without --host uses it"
run 0 "$FWDISPATCH" detect "${PD[@]}" --dmi-file "$DATA/dell-poweredge-r640-port-6443.txt" --json
jeq "$T/out" redfish_host_interface.port 6443
jeq "$T/out" redfish_host_interface.usable true
"$FWDISPATCH" detect "${PD[@]}" --dmi-file "$DATA/intel-m50cyp-unconfigured.txt" --json >"$T/out"
jeq "$T/out" redfish_host_interface.usable false
expect_in "$T/out" "not set up in the BIOS"
"$FWDISPATCH" detect "${PD[@]}" --dmi-file "$FWD_TOP/tests/data/dmi/supermicro-x11ssh-f.txt" \
	>"$T/out" 2>&1
expect_in "$T/out" "redfish host interface: none"
ok "detect: a host interface found (address, port, device), one not set up, none"

# A dmidecode dump of this machine whose host interface points at the emulator.
rf_start --task-seconds 1 --reset-silence 1
dump() { # FILE ADDRESS PORT
	cat >"$1" <<DUMP
# dmidecode 3.4
SMBIOS 3.3.0 present.

Handle 0x0001, DMI type 1, 27 bytes
System Information
	Manufacturer: Contoso
	Product Name: Contoso Server 1

Handle 0x0016, DMI type 42, 17 bytes
Management Controller Host Interface
	Host Interface Type: KCS: Keyboard Controller Style

Handle 0x0042, DMI type 42, 129 bytes
Management Controller Host Interface
	Host Interface Type: Network
	Device Type: USB
	idVendor: 0x046b
	idProduct: 0xffb0
	Protocol ID: 04 (Redfish over IP)
		Host IP Assignment Type: Static
		Host IP Address Format: IPv4
		IPv4 Address: 127.0.0.2
		IPv4 Mask: 255.0.0.0
		Redfish Service IP Discovery Type: Static
		Redfish Service IP Address Format: IPv4
		IPv4 Redfish Service Address: $2
		IPv4 Redfish Service Mask: 255.0.0.0
		Redfish Service Port: $3
		Redfish Service Vlan: 0
		Redfish Service Hostname:
DUMP
}
HI=(--redfish --user "$FWD_RF_USER" --password-file "$FWD_RF_PASSWORD_FILE" --state-dir "$T/state")

# 2. update --redfish without --host: through the host interface the dump names.
dump "$T/dmi.txt" 127.0.0.1 "$FWD_RF_PORT"
rf_image bmc-2 bmc 2.0.0 100000
run 0 "$FWDISPATCH" update "${HI[@]}" --dmi-file "$T/dmi.txt" --bmc "$T/bmc-2.bin" \
	--bmc-version 2.0.0 --bmc-timeout 30 --yes --json
jeq "$T/out" bmc.after 2.0.0
jeq "$T/out" target "127.0.0.1:$FWD_RF_PORT (Redfish, host interface)"
ok "update --redfish without --host: through the host interface of a dmidecode dump, 2.0.0 runs"

# 3. The same from the kernel's raw type 42 entry (DSP0134/DSP0270 layout).
python3 - "$T/sys" "$FWD_RF_PORT" <<'PY'
import os, struct, sys
root, port = sys.argv[1], int(sys.argv[2])
def put(n, data):
    d = os.path.join(root, "firmware/dmi/entries", n)
    os.makedirs(d)
    open(os.path.join(d, "raw"), "wb").write(data)
rfip = (bytes(16) + bytes([1, 1]) + bytes([127, 0, 0, 2]) + bytes(12) + bytes([255, 0, 0, 0])
        + bytes(12) + bytes([1, 1]) + bytes([127, 0, 0, 1]) + bytes(12) + bytes(16)
        + struct.pack("<HI", port, 0) + bytes([0]))
body = bytes([0x40, 5, 0x02]) + struct.pack("<HH", 0x046b, 0xffb0) + bytes([1, 4, len(rfip)]) + rfip
put("42-0", bytes([42, 6, 1, 0, 0x02, 0]) + b"\0\0")
put("42-1", bytes([42, 4 + len(body)]) + struct.pack("<H", 0x42) + body + b"\0\0")
os.makedirs(os.path.join(root, "class/dmi/id"))
for k, v in (("sys_vendor", "Contoso"), ("product_name", "Contoso Server 1")):
    open(os.path.join(root, "class/dmi/id", k), "w").write(v + "\n")
PY
run 0 "$FWDISPATCH" detect "${PD[@]}" --sysfs-root "$T/sys" --json
jeq "$T/out" redfish_host_interface.service_address 127.0.0.1
rf_image bmc-3 bmc 3.0.0 100000
run 0 "$FWDISPATCH" update "${HI[@]}" --sysfs-root "$T/sys" --bmc "$T/bmc-3.bin" \
	--bmc-version 3.0.0 --bmc-timeout 30 --yes --json
jeq "$T/out" bmc.after 3.0.0
ok "the same from the raw SMBIOS entry under sysfs: 3.0.0 runs"

# 4. Refusals, each before anything is sent: not set up, none, not answering.
before=$(rf_log_count POST /redfish/v1/SessionService/Sessions)
run 2 "$FWDISPATCH" update "${HI[@]}" --dmi-file "$DATA/intel-m50cyp-unconfigured.txt" \
	--bmc "$T/bmc-3.bin" --yes --json
expect_in "$T/out" "not set up in the BIOS"
run 2 "$FWDISPATCH" update "${HI[@]}" --dmi-file "$FWD_TOP/tests/data/dmi/supermicro-x11ssh-f.txt" \
	--bmc "$T/bmc-3.bin" --yes --json
expect_in "$T/out" "has none"
[ "$(rf_log_count POST /redfish/v1/SessionService/Sessions)" = "$before" ] ||
	fail "a session was opened"
mkdir -p "$T/bad/firmware/dmi/entries/42-0"
printf '\052\377\001\000\100' >"$T/bad/firmware/dmi/entries/42-0/raw"
run 2 "$FWDISPATCH" update "${HI[@]}" --sysfs-root "$T/bad" --bmc "$T/bmc-3.bin" --yes --json
expect_in "$T/out" "host interface, but not an SMBIOS type 42 record"
dump "$T/dead.txt" 127.0.0.1 1
run 6 "$FWDISPATCH" update "${HI[@]}" --dmi-file "$T/dead.txt" --bmc "$T/bmc-3.bin" \
	--bmc-version 3.0.0 --yes --json
expect_in "$T/out" "this machine's end of it"
expect_in "$T/out" "127.0.0.2/255.0.0.0 (Static)"
ok "not set up, none, a broken record (exit 2), not answering (exit 6, names this machine's end to set up)"
