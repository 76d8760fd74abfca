#!/usr/bin/env bash
# kill -9 of fwdispatch in the middle of an upload, on the simulated
# Supermicro BMC with real ipmitool.  The ipmitool it started is left to
# finish the flash (a flash cut short is worse than one that ends), and it
# holds the target's lock until it has: a resume in the meantime is
# refused (exit 7) naming it.  Once it has ended, resume re-reads the BMC,
# sees the image uploaded and activated, sends only the reset, and the
# module received one upload, byte for byte; the killed run's staged copy
# is removed.
. "$FWD_TOP/tests/cli/lib.sh"
sim_require
state=$T/state
sim_start --profile supermicro --module-args 'activation=reset' --reset-silence 2

# A payload big enough, in ipmitool's own 36-byte blocks (--ipmi-request-size
# default), that the upload is still going when resume is tried.
PAYLOAD_SIZE=1000000 mkimage v172 1.72
"$FWDISPATCH" update --yes --host "$FWD_SIM_HOST" --port "$FWD_SIM_PORT" \
	--user "$FWD_SIM_USER" --password-file "$FWD_SIM_PASSWORD_FILE" --cipher 3 \
	--ipmi-request-size default \
	--state-dir "$state" --bmc "$T/v172.hpm" >"$T/update.out" 2>"$T/update.err" &
pid=$!
for i in $(seq 1 300); do
	[ "$(log_count '^upload block')" -gt 20 ] && break
	sleep 0.1
done
[ "$(log_count '^upload block')" -gt 20 ] || fail "the upload did not start"
kill -9 "$pid"
wait "$pid"
[ "$(log_count '^finish')" = 0 ] || fail "the upload had already finished when fwdispatch was killed"

run 0 "$FWDISPATCH" status --state-dir "$state"
expect_in "$T/out" "UNFINISHED: the run was interrupted in step 'bmc-upload'"
expect_in "$T/out" "a tool the run started still runs and holds the target: ipmitool (PID"
run 0 "$FWDISPATCH" status --json --state-dir "$state"
"$JGET" -f "$T/out" tools_still_running | grep -q '^ipmitool (PID [0-9]*)$' ||
	fail "status --json does not name the ipmitool left running"
fwd_resume -
code=$?
[ "$code" = 7 ] || { cat "$T/out" "$T/err" >&2; fail "resume while the killed run's ipmitool uploads: exit $code, expected 7"; }
expect_in "$T/err" "has ended, but a tool it started still runs and holds the target: ipmitool (PID"
ok "kill -9 mid-upload: status says unfinished in bmc-upload and names the ipmitool left running; resume refused (exit 7) meanwhile"

for i in $(seq 1 240); do
	fwd_resume -
	code=$?
	[ "$code" != 7 ] && break
	sleep 0.5
done
[ "$code" = 0 ] || { cat "$T/out" "$T/err" >&2; fail "resume after the upload ended: exit $code"; }
expect_in "$T/out" "already uploaded and activated 1.72"
[ "$(log_count '^initiate action')" = 1 ] || fail "$(log_count '^initiate action') uploads, expected 1"
[ "$(log_count '^finish comp=0 len=1000000 received=1000000')" = 1 ] || fail "the left ipmitool did not finish its upload"
cmp "$T/v172.payload" "$FWD_SIM_PAYLOAD" || fail "other bytes flashed"
expect_in "$T/err" "a staged copy an interrupted run left behind"
[ -z "$(ls -A "$state/staging")" ] || fail "staged copies left: $(ls "$state/staging")"
run 0 "$FWDISPATCH" status --json --state-dir "$state"
jeq "$T/out" tools_still_running null
expect_fw 1.72 "after resume"
ok "once ipmitool had finished the upload, resume sent only the reset: one upload, byte for byte"
sim_stop
