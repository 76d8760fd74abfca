#!/usr/bin/env bash
# The simulated BMC holds its LAN settings (IP source, address, mask,
# gateway, VLAN) like a real one: "ipmitool lan print 1" shows the profile's,
# "ipmitool lan set 1 ..." changes them, they survive a flash and a restart,
# and with flash_resets_lan=1 a flash puts them back to DHCP.
. "$FWD_TOP/tests/cli/lib.sh"
sim_require

# The profile's MAC address, which no flash or "lan set" changes.
mac=0c:c4:7a:6b:2e:31

sim_start --profile supermicro --dir "$T/bmc"
expect_lan "Static Address" 10.20.30.41 255.255.255.0 10.20.30.1 Disabled "the profile's settings" "$mac"
expect_in "$T/lan" "RMCP+ Cipher Suites"
ok "lan print 1 also lists the parameters ipmi_sim answers itself"

set_lan ipaddr 192.168.7.20
set_lan netmask 255.255.0.0
set_lan defgw ipaddr 192.168.0.254
set_lan vlan id 42
expect_in "$FWD_SIM_LOG" "lan-set param=3 value=192.168.7.20 cc=0x00"
expect_in "$FWD_SIM_LOG" "lan-set param=20 value=42 cc=0x00"
expect_in "$FWD_SIM_LOG" "lan-set param=0 value=2 cc=0x00"
expect_lan "Static Address" 192.168.7.20 255.255.0.0 192.168.0.254 42 "after lan set" "$mac"

# VLAN 4095 enabled, sent raw (ipmitool's own "lan set" refuses it first).
if ipmi raw 0x0c 0x01 0x01 0x14 0xff 0x8f >"$T/set" 2>&1; then
	fail "Set LAN Configuration Parameters accepted VLAN id 4095"
fi
expect_in "$FWD_SIM_LOG" "lan-set param=20 value=4095 cc=0xcc"
expect_lan "Static Address" 192.168.7.20 255.255.0.0 192.168.0.254 42 "after a refused VLAN id" "$mac"

# A flash without the switch keeps the settings.
mkimage v172 1.72
upgrade "$T/v172.hpm"
[ "$rc" = 0 ] || { cat "$T/upgrade.out"; fail "hpm upgrade exited $rc"; }
expect_lan "Static Address" 192.168.7.20 255.255.0.0 192.168.0.254 42 "after a flash without flash_resets_lan" "$mac"

# They are kept across a restart of the simulator.
sim_stop --keep
sim_start --profile supermicro --dir "$T/bmc" --module-args 'flash_resets_lan=1'
expect_lan "Static Address" 192.168.7.20 255.255.0.0 192.168.0.254 42 "after a restart" "$mac"

# With flash_resets_lan=1 the next flash loses them: back to DHCP.
set_lan ipsrc static
mkimage v173 1.73
upgrade "$T/v173.hpm"
[ "$rc" = 0 ] || { cat "$T/upgrade.out"; fail "hpm upgrade exited $rc"; }
expect_in "$FWD_SIM_LOG" "lan reset-to-dhcp reason=flash_resets_lan"
expect_lan "DHCP Address" 0.0.0.0 0.0.0.0 0.0.0.0 Disabled "after a flash with flash_resets_lan=1" "$mac"
expect_fw 1.73 "after the flash that reset the LAN settings"

# Restoring them the way fwdispatch would.
set_lan ipsrc static
set_lan ipaddr 192.168.7.20
set_lan netmask 255.255.0.0
set_lan defgw ipaddr 192.168.0.254
set_lan vlan id 42
expect_lan "Static Address" 192.168.7.20 255.255.0.0 192.168.0.254 42 "restored with lan set" "$mac"
sim_stop
echo "all $checks checks passed"
