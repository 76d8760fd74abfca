#!/usr/bin/env bash
# `fwdispatch update` when the operator or the session goes away mid-flash,
# on the simulated Supermicro BMC (real ipmitool) with the sum stand-in:
# SIGINT in mid-upload (the flash finishes, the run stops before the BIOS,
# exit 8; a second SIGINT says why it waits; resume stages the BIOS once),
# SIGHUP in mid-upload (the run carries on to the end), --detach with
# `status --follow`, `verify` (ok, then a mismatch after a rollback), and
# SIGTERM while the BMC resets (the wait and the check finish first).
. "$FWD_TOP/tests/cli/lib.sh"
sim_require
state=$T/state
sim_start --profile supermicro --module-args 'activation=reset' --reset-silence 2
standin_setup
mkimage_vendor bios.bin 100000

# start_update ARGS...: fwdispatch update in the background, out-of-band.
# The signals must find the upload under way: ipmitool's own 36-byte blocks
# (--ipmi-request-size default) keep it going for seconds, as before the
# longer blocks of issue 14.
start_update() {
	"$FWDISPATCH" update --yes --host "$FWD_SIM_HOST" --port "$FWD_SIM_PORT" \
		--user "$FWD_SIM_USER" --password-file "$FWD_SIM_PASSWORD_FILE" --cipher 3 \
		--ipmi-request-size default \
		--state-dir "$state" "$@" >"$T/out" 2>"$T/err" &
	pid=$!
}

# wait_upload: until the module has received some upload blocks.
wait_upload() {
	local i
	for i in $(seq 1 300); do
		[ "$(log_count '^upload block')" -gt "$1" ] && return 0
		sleep 0.1
	done
	fail "the upload did not start"
}

# bios_stagings: how many times sum was asked to stage the BIOS (not the
# preflight's question UpdateBios --staged getinfo).
bios_stagings() { sum_updates | grep -c UpdateBios; }

# --- SIGINT twice during the upload
PAYLOAD_SIZE=400000 mkimage v172 1.72
blocks=$(log_count '^upload block')
start_update --bmc "$T/v172.hpm" --bios "$T/bios.bin"
wait_upload "$blocks"
kill -INT "$pid"
sleep 0.5
kill -INT "$pid"
wait "$pid"
status=$?
[ "$status" = 8 ] || { cat "$T/err"; fail "update after SIGINT exited $status, expected 8"; }
expect_in "$T/err" "stop requested: step 'bmc-upload' finishes first"
expect_in "$T/err" "still waiting for step 'bmc-upload' to finish"
expect_in "$T/err" "stopped on request (SIGINT) at a safe point, before step 'bios-stage'"
expect_fw 1.72 "the flash finished despite two SIGINTs"
cmp "$T/v172.payload" "$FWD_SIM_PAYLOAD" || fail "the interrupted run flashed other bytes"
[ "$(bios_stagings)" = 0 ] || { cat "$T/standin/calls.log" "$T/err"; fail "the BIOS was staged after a stop request"; }
run 0 "$FWDISPATCH" status --state-dir "$state"
expect_in "$T/out" "stopped on request before step 'bios-stage'"
ok "SIGINT x2 in mid-upload: the flash finished and was verified, the run stopped before the BIOS (exit 8)"

initiated=$(log_count '^initiate action')
fwd_resume 10
expect_in "$T/out" "bmc-flash        the BMC already runs 1.72"
[ "$(log_count '^initiate action')" = "$initiated" ] || fail "resume flashed the BMC again"
[ "$(bios_stagings)" = 1 ] || fail "resume staged the BIOS $(bios_stagings) times"
ok "resume after the stop: the BMC is not flashed again, the BIOS is staged once (exit 10)"

# --- SIGHUP: the run carries on to the end
PAYLOAD_SIZE=400000 mkimage v173 1.73
blocks=$(log_count '^upload block')
start_update --bmc "$T/v173.hpm"
wait_upload "$blocks"
kill -HUP "$pid"
wait "$pid"
status=$?
[ "$status" = 0 ] || { cat "$T/err"; fail "update after SIGHUP exited $status"; }
expect_fw 1.73 "after SIGHUP"
grep -q "SIGHUP (terminal gone): the run carries on" "$state/runs/${FWD_SIM_HOST}_${FWD_SIM_PORT}.log" ||
	fail "the run's log does not say SIGHUP was survived"
grep -q "bmc-verify" "$state/runs/${FWD_SIM_HOST}_${FWD_SIM_PORT}.log" ||
	fail "the output after SIGHUP did not go to the log"
ok "SIGHUP in mid-upload: the run goes on to the verified end, its output in the run's log"

# --- --detach, then status --follow (an upload of some seconds: its progress shows)
PAYLOAD_SIZE=400000 mkimage v174 1.74
# (the test build, whose syslog lines go to a file)
unset INVOCATION_ID FWDISPATCH_SYSLOG
export FWDISPATCH_TEST_SYSLOG_FILE=$T/syslog
run 0 "$FWDISPATCH_HOOKED" update --yes --detach --host "$FWD_SIM_HOST" --port "$FWD_SIM_PORT" \
	--user "$FWD_SIM_USER" --password-file "$FWD_SIM_PASSWORD_FILE" --cipher 3 \
	--ipmi-request-size default --state-dir "$state" --bmc "$T/v174.hpm"
expect_in "$T/out" "goes on in the background as PID"
run 0 timeout 120 "$FWDISPATCH" status --follow --state-dir "$state" --host "$FWD_SIM_HOST" \
	--port "$FWD_SIM_PORT"
expect_in "$T/out" "bmc-verify"
expect_in "$T/out" "the BMC runs 1.74"
[ "$(grep -c '^  running  bmc-upload' "$T/out")" = 1 ] ||
	fail "status --follow printed the running upload more than once: $(cat "$T/out")"
grep -E '^ +bmc-upload +[0-9]+% \([0-9.]+ [KM]iB of 3[89][0-9]\.[0-9] KiB' "$T/out" >"$T/progress" ||
	fail "status --follow showed no progress in bytes: $(cat "$T/out")"
[ -z "$(uniq -d "$T/progress")" ] || fail "status --follow repeated a progress line: $(cat "$T/progress")"
run 0 "$FWDISPATCH" status --json --state-dir "$state"
jeq "$T/out" state ok
expect_fw 1.74 "after the detached run"
ok "--detach: the run finished in the background; status --follow showed its steps to the end, the upload's progress in bytes, no line twice"
# Unattended, the system log heard the run: its start, each step's end, its end.
for want in "goes on detached" ": bmc-upload ok: uploaded and activated" \
	": bmc-verify ok: the BMC runs 1.74" "ends: ok"; do
	grep -qF -- "$want" "$T/syslog" || fail "syslog lacks '$want': $(cat "$T/syslog")"
done
! grep -qF -- "$(cat "$FWD_SIM_PASSWORD_FILE")" "$T/syslog" || fail "the password reached syslog"
! grep -q "running\|began" "$T/syslog" || fail "syslog got a step's begin, not only its end"
lines=$(wc -l <"$T/syslog")
# (another state folder: the runs below must not become the one verify checks)
run 0 "$FWDISPATCH_HOOKED" update --yes --host "$FWD_SIM_HOST" --port "$FWD_SIM_PORT" \
	--user "$FWD_SIM_USER" --password-file "$FWD_SIM_PASSWORD_FILE" --cipher 3 \
	--state-dir "$T/state2" --bmc "$T/v174.hpm"
[ "$(wc -l <"$T/syslog")" = "$lines" ] || fail "an attended run wrote to syslog"
FWDISPATCH_SYSLOG=1 run 0 "$FWDISPATCH_HOOKED" update --yes --host "$FWD_SIM_HOST" \
	--port "$FWD_SIM_PORT" --user "$FWD_SIM_USER" --password-file "$FWD_SIM_PASSWORD_FILE" \
	--cipher 3 --state-dir "$T/state2" --bmc "$T/v174.hpm"
[ "$(wc -l <"$T/syslog")" -gt "$lines" ] || fail "FWDISPATCH_SYSLOG=1 wrote nothing to syslog"
unset FWDISPATCH_TEST_SYSLOG_FILE
ok "detached: start, step ends and end in syslog, no password; attended: none unless FWDISPATCH_SYSLOG=1"

# --- verify: ok, then a mismatch once the BMC has rolled back
run 0 "$FWDISPATCH" verify --host "$FWD_SIM_HOST" --port "$FWD_SIM_PORT" \
	--user "$FWD_SIM_USER" --password-file "$FWD_SIM_PASSWORD_FILE" --cipher 3 --state-dir "$state"
expect_in "$T/out" "bmc  ok: runs 1.74, as expected"
# A BMC that runs something else than the journal says: edit the
# journal's record of what was flashed, as a rollback would make it differ.
journal=$state/runs/${FWD_SIM_HOST}_${FWD_SIM_PORT}.json
sed -i 's/"after": "1.74"/"after": "1.99"/' "$journal"
grep -q '"after": "1.99"' "$journal" || fail "cannot edit the journal for the mismatch case"
run 5 "$FWDISPATCH" verify --host "$FWD_SIM_HOST" --port "$FWD_SIM_PORT" \
	--user "$FWD_SIM_USER" --password-file "$FWD_SIM_PASSWORD_FILE" --cipher 3 \
	--state-dir "$state"
expect_in "$T/out" "bmc  MISMATCH: runs 1.74, expected 1.99"
ok "verify: exit 5 when the BMC does not run what the update recorded"
run 0 "$FWDISPATCH" history --state-dir "$state"
expect_in "$T/out" "verified"
ok "verify: the verdict is recorded in the journal and the history"

# --- SIGTERM (a service manager stopping it) while the BMC is away after its reset
mkimage v175 1.75
resets=$(log_count '^cold-reset')
staged=$(bios_stagings)
start_update --bmc "$T/v175.hpm" --bios "$T/bios.bin"
for _ in $(seq 300); do
	[ "$(log_count '^cold-reset')" -gt "$resets" ] && break
	sleep 0.1
done
[ "$(log_count '^cold-reset')" -gt "$resets" ] || fail "the BMC was never reset"
kill -TERM "$pid"
wait "$pid"
status=$?
[ "$status" = 8 ] || { cat "$T/err"; fail "update after SIGTERM exited $status, expected 8"; }
expect_in "$T/err" "stopped on request (SIGTERM) at a safe point, before step 'bios-stage'"
expect_fw 1.75 "SIGTERM during the reset did not stop the wait and the verification"
[ "$(bios_stagings)" = "$staged" ] || fail "the BIOS was staged after SIGTERM"
ok "SIGTERM while the BMC was resetting: waited, verified 1.75, stopped before the BIOS (exit 8)"
sim_stop
