#!/usr/bin/env bash
# HPM.1 details of the simulated BMC, checked with real ipmitool ("hpm
# compare", raw commands): block numbers that wrap past 255, a resent block
# stored once, an out-of-sequence block refused, Finish with a wrong length,
# Activate with nothing uploaded, Abort, bad component masks and IDs, the
# boot loader (component 1), and 0xC1 for PICMG commands it does not have.
. "$FWD_TOP/tests/cli/lib.sh"
sim_require

# raw_cc EXPECTED-CC BYTES...: a PICMG (netfn 0x2C) command and its cc.
raw_cc() {
	local want=$1 got
	shift
	ipmi raw 0x2c "$@" >"$T/raw" 2>&1
	got=$(sed -n 's/.*rsp=\(0x[0-9a-f]*\).*/\1/p' "$T/raw")
	[ -n "$got" ] || got=0x00
	[ "$got" = "$want" ] || { cat "$T/raw"; fail "raw 0x2c $* answered $got, expected $want"; }
}

sim_start --profile supermicro

# --- a 20000-byte payload: 556 blocks, the 8-bit block number wraps twice
PAYLOAD_SIZE=20000 mkimage big 1.72
upgrade "$T/big.hpm"
[ "$rc" = 0 ] || { cat "$T/upgrade.out"; fail "hpm upgrade of 20000 bytes exited $rc"; }
cmp "$T/big.payload" "$FWD_SIM_PAYLOAD" || fail "20000-byte payload differs"
[ "$(log_count '^upload block=255 len=36 cc=0x00')" = 2 ] || fail "block number 255 not seen twice"
ok "20000-byte payload in 556 blocks (block number wraps at 255) arrives intact"

# --- hpm compare: action 3, Finish answers 0x00 or 0x83
ipmi hpm compare "$T/big.hpm" >"$T/cmp" 2>&1 || { cat "$T/cmp"; fail "hpm compare failed"; }
expect_in "$T/cmp" "Comparison passed"
PAYLOAD_SIZE=20000 mkimage other 1.72 --seed 9
ipmi hpm compare "$T/other.hpm" >"$T/cmp" 2>&1
expect_in "$T/cmp" "active copy doesn't match"
expect_in "$FWD_SIM_LOG" "action=3 stamp=- cc=0x83"
ok "hpm compare: the same payload passes, another one does not"

# --- component 1 by raw commands: a resent block, an out-of-sequence one
STAMP="0x46 0x57 0x44 0x53 0x49 0x4d 0x46 0x57"             # "FWDSIMFW"
V109="0x01 0x09 0x00 0x00 0x00 0x00 0x00 0x00 0xaa"         # 1.09, 2 zeros, 1 byte
raw_cc 0x00 0x31 0x00 0x02 0x02                             # initiate upload, mask 0x02
raw_cc 0x00 0x32 0x00 0x00 $STAMP                           # block 0
raw_cc 0x00 0x32 0x00 0x00 $STAMP                           # block 0 again
raw_cc 0x00 0x32 0x00 0x01 $V109                            # block 1
raw_cc 0xcc 0x32 0x00 0x03 0xbb                             # block 3: out of sequence
raw_cc 0x81 0x33 0x00 0x01 0x20 0x00 0x00 0x00              # finish, 32 bytes: wrong
expect_in "$FWD_SIM_LOG" "upload block=0 len=8 cc=0x00 duplicate"
expect_in "$FWD_SIM_LOG" "upload block=3 len=1 cc=0xcc out of sequence"
expect_in "$FWD_SIM_LOG" "finish comp=1 len=32 received=17 action=2 stamp=- cc=0x81"
ok "resent block stored once, out-of-sequence block refused, wrong length at Finish 0x81"
raw_cc 0xd5 0x32 0x00 0x02 0xcc                             # no upload in progress now
raw_cc 0xd5 0x35 0x00                                       # activate: nothing finished
ok "upload block and activate with nothing in progress: 0xD5"

raw_cc 0x00 0x31 0x00 0x02 0x02
raw_cc 0x00 0x32 0x00 0x00 $STAMP
raw_cc 0x00 0x32 0x00 0x01 $V109
raw_cc 0x00 0x33 0x00 0x01 0x11 0x00 0x00 0x00              # finish, 17 bytes
raw_cc 0x00 0x35 0x00                                       # activate
ipmi hpm check >"$T/check" 2>&1
expect_in "$T/check" "Boot Loader  |   1.09 00000000"
expect_fw 1.72 "component 1 activated, the BMC firmware untouched"
ok "component 1 (boot loader) upgraded to 1.09 by raw commands"

# --- abort ends an upload; bad masks, IDs, selectors; unsupported commands
raw_cc 0x00 0x31 0x00 0x01 0x02
raw_cc 0x00 0x30 0x00                                       # abort
raw_cc 0xd5 0x32 0x00 0x00 0x46                             # upload after abort
expect_in "$FWD_SIM_LOG" "abort upload=1"
raw_cc 0x81 0x31 0x00 0x04 0x02                             # component 2 is absent
raw_cc 0x81 0x31 0x00 0x03 0x02                             # upload to two components
raw_cc 0x82 0x2f 0x00 0x05 0x00                             # properties of component 5
raw_cc 0x83 0x2f 0x00 0x00 0x07                             # selector 7
raw_cc 0xc1 0x00 0x00                                       # Get PICMG Properties
raw_cc 0xc1 0x3e 0x00                                       # HPM.2 capabilities
ok "abort, invalid masks (0x81), component (0x82), selector (0x83), unsupported (0xC1)"
sim_stop
echo "all $checks checks passed"
