#!/usr/bin/env bash
# Each board profile of the simulated server (tests/sim/profiles) is what
# "ipmitool mc info" and "fru print 0" report, takes an HPM.1 upgrade built
# for it, and refuses (through ipmitool, before any upgrade command) an
# image built for another board.
. "$FWD_TOP/tests/cli/lib.sh"
sim_require
PAYLOAD_SIZE=600

# profile MFG_ID PRODUCT_LINE FW BOARD_MFG BOARD_PRODUCT NEW_FW
profile() {
	local name=$1 mfg=$2 product=$3 fw=$4 board_mfg=$5 board=$6 new=$7
	sim_start --profile "$name"
	ipmi mc info >"$T/mcinfo" 2>&1 || { cat "$T/mcinfo"; fail "$name: mc info failed"; }
	expect_in "$T/mcinfo" "Manufacturer ID           : $mfg"
	expect_in "$T/mcinfo" "Product ID                : $product"
	expect_in "$T/mcinfo" "Firmware Revision         : $fw"
	[ "$FWD_SIM_MANUFACTURER_ID" = "$mfg" ] || fail "$name: FWD_SIM_MANUFACTURER_ID is '$FWD_SIM_MANUFACTURER_ID'"
	ok "$name: mc info shows manufacturer $mfg, product $product, firmware $fw"
	ipmi fru print 0 >"$T/fru" 2>&1 || { cat "$T/fru"; fail "$name: fru print 0 failed"; }
	expect_in "$T/fru" "Board Mfg             : $board_mfg"
	expect_in "$T/fru" "Board Product         : $board"
	ok "$name: fru print 0 shows '$board_mfg' '$board'"

	# An image for the Supermicro board: ipmitool stops at its ID check.
	if [ "$name" != supermicro ]; then
		"$MKHPM" --out "$T/wrong.hpm" --device 0x20 --manufacturer 10876 --product 0x0884 \
			--version 9.99 --payload-size 600 >/dev/null || fail "mkhpm failed"
		upgrade "$T/wrong.hpm"
		[ "$rc" != 0 ] || { cat "$T/upgrade.out"; fail "$name: ipmitool flashed an image for another board"; }
		expect_in "$T/upgrade.out" "Firmware upgrade procedure failed"
		[ "$(log_count '^initiate')" = 0 ] || fail "$name: an Initiate Upgrade Action reached the BMC"
		ok "$name: image for another board refused, no Initiate Upgrade Action sent"
	fi

	mkimage "$name" "$new"
	upgrade "$T/$name.hpm"
	[ "$rc" = 0 ] || { cat "$T/upgrade.out"; fail "$name: hpm upgrade exited $rc"; }
	cmp "$T/$name.payload" "$FWD_SIM_PAYLOAD" || fail "$name: received payload differs"
	expect_fw "$new" "$name after hpm upgrade"
	sim_stop
}

profile supermicro 10876 "2180 (0x0884)" 1.71 Supermicro X11SSH-F 1.80
profile dell 674 "256 (0x0100)" 4.40 DELL "PowerEdge R640" 4.41
profile other 15000 "5520 (0x1590)" 2.10 Kontron KTC5520/EATX 2.11
echo "all $checks checks passed"
