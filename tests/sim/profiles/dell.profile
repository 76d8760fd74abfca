# Simulated board: Dell PowerEdge R640 with iDRAC9 (LAN channel 1).
# Read by tests/sim/fwd-sim: KEY=value lines, no quoting, no shell.
# "ipmitool mc info": manufacturer 674 (0x02A2, DELL Inc), product 0x0100,
# firmware 4.40 (iDRAC 4.40.00.00 shows as 4.40), device ID 32.
TITLE=Dell PowerEdge R640
USER=root
DEVICE_ID=0x20
DEVICE_REVISION=0x00
MANUFACTURER_ID=674
PRODUCT_ID=0x0100
FW=4.40
FW_AUX=00.00.00.00
BOOT_FW=2.10
LAN_MAC=d0:94:66:1a:2b:3c
LAN_IPSRC=static
LAN_IP=10.20.40.17
LAN_MASK=255.255.255.0
LAN_GW=10.20.40.1
LAN_VLAN=off
FRU_MFG_DATE=2018-10-02
FRU_BOARD_MFG=DELL
FRU_BOARD_PRODUCT=PowerEdge R640
FRU_BOARD_SERIAL=CNFCP0089A0123
FRU_BOARD_PART=0W23H8A02
FRU_PRODUCT_MFG=DELL
FRU_PRODUCT_NAME=PowerEdge R640
FRU_PRODUCT_PART=
FRU_PRODUCT_VERSION=01
FRU_PRODUCT_SERIAL=7XQ4K23
# An iDRAC names each power supply's sensor "Status"; the entity (10.1,
# 10.2) tells them apart.
PSU_NAME=Status
