#!/usr/bin/env bash
# Longer IPMI requests for an out-of-band HPM.1 upload (issue 14, section 5;
# core/ipmi/request-size.c): fwdispatch asks the BMC once whether a
# 192-byte request reaches it, then lets ipmitool upload with -z 0xc0
# (blocks of 173 bytes over cipher suite 3, not 36); --ipmi-request-size
# default keeps ipmitool's blocks, N gives -z N unasked, and a BMC that
# refuses the longer block (its completion code 0xC7) still gets its
# firmware as ipmitool shrinks the block.  Asserted on what the simulated
# BMC received (its module logs each block's length), never on a time.
. "$FWD_TOP/tests/cli/lib.sh"
sim_require

# blocks LEN [CC]: how many blocks of LEN bytes the BMC took (or answered with CC).
blocks() {
	grep -c "^upload block=[0-9]* len=$1 cc=${2:-0x00}" "$FWD_SIM_LOG"
}

# longest: the longest block the BMC stored.
longest() {
	sed -n 's/^upload block=[0-9]* len=\([0-9]*\) cc=0x00.*/\1/p' "$FWD_SIM_LOG" |
		sort -n | tail -1
}

# --- auto (the default): asked, answered, blocks of 173 bytes
sim_start --profile supermicro
PAYLOAD_SIZE=20000 mkimage v172 1.72
fwd_update_json 0 --bmc "$T/v172.hpm" --verbose
jeq "$T/out" bmc.after 1.72
jeq "$T/out" bmc.ipmi_request_size 192
expect_in "$T/err" "the BMC answers 192-byte IPMI requests: the upload uses blocks of up to \
173 bytes (ipmitool -z 0xc0)"
n=$(blocks 173)
# 20000 bytes of payload and the image's headers: 115 full blocks of 173.
[ "$n" -ge 115 ] || fail "only $n blocks of 173 bytes (longest $(longest))"
[ "$(blocks 36)" = 0 ] || fail "blocks of 36 bytes in an upload with -z"
expect_fw 1.72 "uploaded in blocks of 173 bytes"
sim_stop

# --- --ipmi-request-size default: ipmitool's own 36-byte blocks, nothing asked
sim_start --profile supermicro
PAYLOAD_SIZE=20000 mkimage v172 1.72
fwd_update_json 0 --bmc "$T/v172.hpm" --verbose --ipmi-request-size default
jeq "$T/out" bmc.ipmi_request_size null
expect_not_in "$T/err" "IPMI requests"
[ "$(longest)" = 36 ] || fail "the longest block was $(longest) bytes, not ipmitool's 36"
[ "$(blocks 36)" -ge 555 ] || fail "only $(blocks 36) blocks of 36 bytes"
expect_fw 1.72 "uploaded in ipmitool's default blocks"
sim_stop

# --- a fixed size is used as given, unasked: -z 160 is 141-byte blocks
sim_start --profile supermicro
PAYLOAD_SIZE=20000 mkimage v172 1.72
fwd_update_json 0 --bmc "$T/v172.hpm" --verbose --ipmi-request-size 160
jeq "$T/out" bmc.ipmi_request_size 160
expect_not_in "$T/err" "IPMI requests"
[ "$(longest)" = 141 ] || fail "the longest block was $(longest) bytes, not 141"
expect_fw 1.72 "uploaded with -z 160"
sim_stop

# --- a BMC that refuses blocks over 100 bytes (0xC7): ipmitool shrinks its block
sim_start --profile supermicro --module-args 'max_block=100'
PAYLOAD_SIZE=20000 mkimage v172 1.72
fwd_update_json 0 --bmc "$T/v172.hpm"
jeq "$T/out" bmc.after 1.72
[ "$(blocks 173 0xc7)" = 1 ] || fail "the first 173-byte block was not refused with 0xC7"
l=$(longest)
[ "$l" -le 100 ] && [ "$l" -gt 36 ] || fail "after the refusal the longest block was $l bytes"
expect_fw 1.72 "uploaded in blocks the BMC takes ($l bytes)"
sim_stop

# --- bad values are usage errors, before anything is sent
for bad in 20 2000 abc -1 ''; do
	run 2 "$FWDISPATCH" update --yes --host 127.0.0.1 --bmc /nonexistent.hpm \
		--ipmi-request-size "$bad"
	expect_in "$T/err" "--ipmi-request-size '$bad' is not auto, default or a number of bytes"
done
ok "--ipmi-request-size 20, 2000, abc, -1 and '' refused as usage errors"

# --- a dry run asks nothing and shows ipmitool's command without -z
sim_start --profile supermicro
PAYLOAD_SIZE=2000 mkimage v172 1.72
fwd_update 0 --bmc "$T/v172.hpm" --dry-run --verbose
expect_in "$T/out" "hpm upgrade"
expect_not_in "$T/out" " -z "
expect_not_in "$T/err" "IPMI requests"
expect_fw 1.71 "a dry run changed nothing"
sim_stop
