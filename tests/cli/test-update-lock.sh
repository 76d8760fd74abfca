#!/usr/bin/env bash
# One update per target: a second `fwdispatch update` on a target another
# run holds exits 7 at once, naming the holder's PID and start time, and
# leaves the first run and its record alone; the lock goes with the run
# (and the tools it started), also when the run is killed with SIGKILL.
. "$FWD_TOP/tests/cli/lib.sh"
sim_require

# The first run spends ~8 s waiting for the BMC to come back from its reset.
sim_start --profile supermicro --module-args 'activation=reset' --reset-silence 8
mkimage v172 1.72
mkimage v173 1.73
fwd_update_bg() { # IMAGE: the first run, in the background
	"$FWDISPATCH" update --yes --json --host "$FWD_SIM_HOST" --port "$FWD_SIM_PORT" \
		--user "$FWD_SIM_USER" --password-file "$FWD_SIM_PASSWORD_FILE" --cipher 3 \
		--state-dir "$T/state" --bmc "$1" >"$T/first.out" 2>"$T/first.err" &
	first=$!
	for _ in $(seq 100); do
		grep -q "^PID $first, started " "$T/state/locks/127.0.0.1_$FWD_SIM_PORT.lock" 2>/dev/null && return
		sleep 0.1
	done
	fail "the first run never took the lock"
}

fwd_update_bg "$T/v172.hpm"
start=$(now)
fwd_update_json 7 --bmc "$T/v173.hpm"
[ "$(elapsed_tenths "$start")" -lt 30 ] || fail "the second run did not exit at once"
jeq "$T/out" error.code busy
jeq "$T/out" error.exit_code 7
expect_in "$T/err" "another fwdispatch run holds 127.0.0.1:$FWD_SIM_PORT (PID $first, started 20"
expect_in "$T/err" "fwdispatch update)"
wait "$first"
rc=$?
[ "$rc" = 0 ] || { cat "$T/first.err"; fail "the first run exited $rc"; }
jeq "$T/first.out" bmc.after 1.72
"$JGET" -f "$T/state/last-update.json" bmc.after | grep -qx 1.72 ||
	fail "the refused run replaced the first run's record"
[ "$(stat -c %a "$T/state/locks/127.0.0.1_$FWD_SIM_PORT.lock")" = 600 ] || fail "lock file not 0600"
ok "a second update on a busy target: exit 7 at once naming PID $first; the first finished, its record kept"

# Another target is not held by this lock; in-band is a target of its own.
fwd_update_bg "$T/v173.hpm"
run 6 "$FWDISPATCH" update --yes --state-dir "$T/state" --bmc "$T/v173.hpm" \
	--host "$FWD_SIM_HOST" --port 1 --user x --password-file "$FWD_SIM_PASSWORD_FILE" --cipher 3
expect_not_in "$T/err" "another fwdispatch run holds"
kill -9 "$first"
wait "$first" 2>/dev/null
ok "another target (nothing answers on port 1: exit 6) is not held by that lock"

# kill -9 took the lock with it, once the ipmitool it may have been running
# has ended too (test-update-kill-midflash): the next run gets past the
# lock.  The BMC may be in its reset silence: let it come back first.
for _ in $(seq 30); do [ -n "$(mc_fw)" ] && break; sleep 1; done
for _ in $(seq 60); do
	flock -n "$T/state/locks/127.0.0.1_$FWD_SIM_PORT.lock" true && break
	sleep 0.5
done
"$FWDISPATCH" update --yes --host "$FWD_SIM_HOST" --port "$FWD_SIM_PORT" --user "$FWD_SIM_USER" \
	--password-file "$FWD_SIM_PASSWORD_FILE" --cipher 3 --state-dir "$T/state" \
	--bmc "$T/v173.hpm" --bmc-timeout 30 >"$T/out" 2>"$T/err"
rc=$?
[ "$rc" != 7 ] || fail "the lock outlived the killed run"
expect_in "$T/out" "[ ok ] identify"
expect_not_in "$T/err" "another fwdispatch run holds"
ok "a run killed with SIGKILL leaves the target unlocked (next run: exit $rc, past the lock)"

# One BMC, another spelling: "localhost" meets the lock "127.0.0.1" holds.
if getent ahostsv4 localhost | grep -q '^127\.0\.0\.1 '; then
	mkimage v174 1.74
	fwd_update_bg "$T/v174.hpm"
	run 7 "$FWDISPATCH" update --yes --state-dir "$T/state" --bmc "$T/v174.hpm" \
		--host localhost --port "$FWD_SIM_PORT" --user "$FWD_SIM_USER" \
		--password-file "$FWD_SIM_PASSWORD_FILE" --cipher 3
	expect_in "$T/err" "another fwdispatch run holds"
	wait "$first"
	ok "the same BMC spelt 'localhost': the lock of '127.0.0.1' holds it (exit 7)"
fi


# One BMC reached by a name or address that does not resolve alike (a second
# address, a NAT): the run that holds it by its MAC, as the backup reads it,
# is met before anything is flashed (issue 12, defect 3).  The other run is
# played by a flock on the BMC's lock file.
mac=$(ipmi lan print 1 | sed -n 's/^MAC Address *: *//p')
hex=$(printf '%s' "$mac" | tr -dc '0-9a-fA-F' | tr 'A-F' 'a-f')
[ ${#hex} = 12 ] || fail "the simulated BMC has no MAC in 'lan print 1': '$mac'"
for _ in $(seq 60); do
	flock -n "$T/state/locks/127.0.0.1_$FWD_SIM_PORT.lock" true && break
	sleep 0.5
done
before=$(mc_fw)
mkimage v175 1.75
bmc_lock=$T/state/locks/bmc-mac-$hex.lock
# (the holder named is this script: alive, as a run holding the lock is)
printf 'PID %s, started 2026-12-03T00:00:00Z, fwdispatch update\n' "$$" >"$bmc_lock"
flock -n "$bmc_lock" sleep 60 &
holder=$!
sleep 0.5
run 7 "$FWDISPATCH" update --yes --json --state-dir "$T/state" --bmc "$T/v175.hpm" \
	--host "$FWD_SIM_HOST" --port "$FWD_SIM_PORT" --user "$FWD_SIM_USER" \
	--password-file "$FWD_SIM_PASSWORD_FILE" --cipher 3
expect_in "$T/err" "another fwdispatch run holds this BMC (MAC $mac), under another name or address (PID $$,"
jeq "$T/out" stopped_at backup
jeq "$T/out" changed false
[ "$(mc_fw)" = "$before" ] || fail "the BMC was flashed while another run held it by its MAC"
kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null
ok "a run holding the BMC by its MAC (another name or address): exit 7 before the flash, nothing flashed"
