#!/usr/bin/env bash
# tests/sim/fwd-sim itself: bad input gets a clear error and changes
# nothing, a bad module argument stops ipmi_sim at start-up with the
# module's message, a folder is never started twice or with another board's
# state, and no simulator outlives its owner.
. "$FWD_TOP/tests/cli/lib.sh"
sim_require

# start_fails ERROR-TEXT ARGS...: "fwd-sim start ARGS" fails with the text.
start_fails() {
	local want=$1
	shift
	if "$SIM" start "$@" >"$T/out" 2>"$T/err"; then
		eval "$(cat "$T/out")"
		SIM_DIRS+=("$FWD_SIM_DIR")
		fail "fwd-sim start $* succeeded"
	fi
	expect_in "$T/err" "$want"
	[ ! -s "$T/out" ] || fail "fwd-sim start $* printed variables although it failed"
}

start_fails "unknown profile 'hp'" --profile hp
start_fails "start needs --profile"
start_fails "--reset-silence takes seconds" --profile dell --reset-silence soon
ok "usage errors: unknown profile, missing profile, bad silence"

FWD_BUILD=$T/nowhere start_fails "build it with" --profile dell
ok "missing module: says how to build it"

# A typo in a fault switch must not start a simulator that tests nothing.
mkdir "$T/tmp"
TMPDIR=$T/tmp start_fails "hpm_target: unknown argument 'stop_after_blok'" --profile dell \
	--module-args 'stop_after_blok=3'
expect_in "$T/err" "ipmi_sim exited at start-up"
TMPDIR=$T/tmp start_fails "hpm_target: bad value 'lots' for 'max_block'" --profile dell \
	--module-args 'max_block=lots'
[ -z "$(ls -A "$T/tmp")" ] || fail "a failed start left something behind: $(ls -A "$T/tmp")"
ok "bad module arguments: ipmi_sim stops with the module's message, nothing left"

mkdir "$T/foreign"
echo keep >"$T/foreign/file"
start_fails "is not empty and not a fwd-sim folder" --profile dell --dir "$T/foreign"
if "$SIM" stop "$T/foreign" 2>"$T/err"; then
	fail "fwd-sim stop accepted a folder it did not make"
fi
expect_in "$T/err" "is not a fwd-sim folder"
[ "$(cat "$T/foreign/file")" = keep ] || fail "a foreign folder was changed"
ok "a foreign folder is neither used nor removed"

sim_start --profile dell --dir "$T/bmc"
start_fails "is already running" --profile dell --dir "$T/bmc"
start_fails "UDP port $FWD_SIM_PORT is already in use" --profile dell --port "$FWD_SIM_PORT"
start_fails "paths with spaces or special characters are not supported" --profile dell \
	--dir "$T/a b"
[ ! -e "$T/a b" ] || fail "a refused --dir was left behind"
"$SIM" status "$T/bmc" >"$T/status" || fail "fwd-sim status says stopped"
expect_in "$T/status" "running pid=$FWD_SIM_IPMI_SIM_PID"
cmp <("$SIM" env "$T/bmc") "$T/bmc/sim.env" || fail "fwd-sim env differs from sim.env"
sim_stop --keep
start_fails "holds the state of another board" --profile supermicro --dir "$T/bmc"
if "$SIM" status "$T/bmc" >/dev/null; then
	fail "fwd-sim status says running after stop"
fi
ok "one simulator per folder and port; no odd paths; one board's state not reused for another"

# The owner exits without calling stop: the supervisor stops ipmi_sim and
# removes the folder it made.
TMPDIR=$T/tmp bash -c '"$1" start --profile other --owner $$ >"$2"' _ "$SIM" "$T/orphan.env" ||
	fail "fwd-sim start under a short-lived owner failed"
orphan=$(sed -n 's/^FWD_SIM_DIR=//p' "$T/orphan.env")
[ -n "$orphan" ] || fail "no FWD_SIM_DIR from the short-lived owner"
for _ in $(seq 1 30); do
	[ -e "$orphan" ] || break
	sleep 0.2
done
[ ! -e "$orphan" ] || fail "'$orphan' still there 6 s after its owner exited"
sim_no_process "$orphan"
ok "owner gone: ipmi_sim stopped and its folder removed within seconds"
echo "all $checks checks passed"
