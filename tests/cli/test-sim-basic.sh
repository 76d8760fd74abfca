#!/usr/bin/env bash
# The simulated server (tests/sim/fwd-sim + hpm_target.so) against real
# ipmitool: the board it claims to be, a full "hpm upgrade ... force
# activate" whose payload arrives byte for byte and whose version becomes
# the running one, a cold reset that silences the BMC for the configured
# time, and a stop + start on the same folder that keeps the new firmware.
. "$FWD_TOP/tests/cli/lib.sh"
sim_require

sim_start --profile supermicro --dir "$T/bmc" --reset-silence 3

# --- what fwd-sim handed over
[ "$(stat -c %a "$FWD_SIM_DIR")" = 700 ] || fail "simulator folder is not mode 0700"
[ "$(stat -c %a "$FWD_SIM_PASSWORD_FILE")" = 600 ] || fail "password file is not mode 0600"
password=$(head -n 1 "$FWD_SIM_PASSWORD_FILE")
[ ${#password} -ge 8 ] || fail "password '$password' is too short"
for p in /proc/[0-9]*; do
	mapfile -d '' -t args 2>/dev/null <"$p/cmdline" || continue
	cmd="${args[*]}"
	case $cmd in
	*"$password"*) fail "the BMC password is in the argv of process ${p#/proc/}: $cmd" ;;
	esac
done
ok "folder 0700, password file 0600, password in no process's argv"

# --- the board
ipmi mc info >"$T/mcinfo" 2>&1 || { cat "$T/mcinfo"; fail "mc info failed"; }
expect_in "$T/mcinfo" "Manufacturer ID           : 10876"
expect_in "$T/mcinfo" "Product ID                : 2180 (0x0884)"
expect_in "$T/mcinfo" "X11SSH-F"
expect_in "$T/mcinfo" "Firmware Revision         : 1.71"
[ "$FWD_SIM_FW" = 1.71 ] || fail "FWD_SIM_FW is '$FWD_SIM_FW', expected 1.71"
ok "mc info: Supermicro (10876) X11SSH-F (0x0884) running 1.71"
ipmi fru print 0 >"$T/fru" 2>&1 || { cat "$T/fru"; fail "fru print 0 failed"; }
expect_in "$T/fru" "Board Mfg             : Supermicro"
expect_in "$T/fru" "Board Product         : X11SSH-F"
ok "fru print 0: board manufacturer and product"
ipmi hpm check >"$T/check" 2>&1 || { cat "$T/check"; fail "hpm check failed"; }
expect_in "$T/check" "BMC Firmware |   1.71 00000000"
ok "hpm check: component 0 'BMC Firmware' runs 1.71"

# --- a valid upgrade, with backup and prepare actions
mkimage v172 1.72 --with-backup --with-prepare
upgrade "$T/v172.hpm"
[ "$rc" = 0 ] || { cat "$T/upgrade.out"; fail "hpm upgrade exited $rc"; }
expect_in "$T/upgrade.out" "Firmware upgrade procedure successful"
ok "hpm upgrade v172.hpm force activate succeeds"
cmp "$T/v172.payload" "$FWD_SIM_PAYLOAD" || fail "received payload differs from the image's"
ok "received payload equals the image payload byte for byte ($(stat -c %s "$FWD_SIM_PAYLOAD") bytes)"
for line in "initiate action=0 mask=0x01 cc=0x00" "initiate action=1 mask=0x01 cc=0x00" \
	"initiate action=2 mask=0x01 cc=0x00" "finish comp=0 len=2000 received=2000" \
	"activate comp=0 version 1.71.00.00.00.00 -> 1.72.00.00.00.00" "selftest result=0x55"; do
	expect_in "$FWD_SIM_LOG" "$line"
done
blocks=$(log_count '^upload block=[0-9]+ len=[0-9]+ cc=0x00')
[ "$blocks" -gt 1 ] || fail "only $blocks upload blocks in the log"
ok "module log: backup, prepare, upload ($blocks blocks), finish, activate, self-test"
expect_fw 1.72 "after activation"

# --- cold reset: acknowledged, silent for 3 s, back with 1.72
start=$(now)
ipmi mc reset cold >"$T/reset" 2>&1 || { cat "$T/reset"; fail "mc reset cold failed"; }
expect_in "$T/reset" "Sent cold reset command to MC"
sleep 0.3
if IPMI_TIMEOUT=10 ipmi -N 1 -R 1 mc info >/dev/null 2>&1; then
	fail "the BMC answered mc info right after a cold reset"
fi
ok "cold reset acknowledged, then the BMC does not answer"
back=
for _ in $(seq 1 40); do
	if IPMI_TIMEOUT=10 ipmi -N 1 -R 1 mc info >"$T/mcinfo" 2>/dev/null; then
		back=$(elapsed_tenths "$start")
		break
	fi
	sleep 0.2
done
[ -n "$back" ] || fail "the BMC did not answer again after the cold reset"
[ "$back" -ge 28 ] || fail "the BMC answered after $((back / 10)).$((back % 10)) s, before the 3 s silence ended"
[ "$back" -le 80 ] || fail "the BMC took $back tenths of a second to come back"
expect_in "$T/mcinfo" "Firmware Revision         : 1.72"
expect_in "$FWD_SIM_LOG" "cold-reset silence=3"
expect_in "$FWD_SIM_LOG" "silent for=3s reason=cold-reset"
expect_in "$FWD_SIM_LOG" "back after silence"
ok "back after $((back / 10)).$((back % 10)) s (silence 3 s), running 1.72"

# --- stop, keep the folder, start again: the activated firmware stays
old_port=$FWD_SIM_PORT
sim_stop --keep
[ -f "$T/bmc/state/bmc.state" ] || fail "state file missing after stop --keep"
ok "stop --keep: no process left, state kept"
sim_start --profile supermicro --dir "$T/bmc"
expect_fw 1.72 "after ipmi_sim was stopped and started on the same state"
cmp "$T/v172.payload" "$FWD_SIM_PAYLOAD" || fail "stored payload changed across the restart"
echo "note: port $old_port before the restart, $FWD_SIM_PORT after"

# --- and stop removes everything
dir=$FWD_SIM_DIR
sim_stop
[ ! -e "$dir" ] || fail "stop left '$dir' behind"
ok "stop: processes gone, folder removed"
echo "all $checks checks passed"
