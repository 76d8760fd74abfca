#!/usr/bin/env bash
# How fwdispatch notices the BMC's return after its cold reset: out of band
# it polls with RMCP presence pings and confirms a pong with `mc info`
# (core/ipmi/bmc-wait.c).  Asserted as behaviour, not as a time: the probe
# before the reset saw a pong, the silence dropped the pongs to many pings
# (the simulator counts what it did not send), the return was seen by a
# pong and confirmed by mc info; with the old pace (the benchmark's knob)
# no ping is sent.  How late it notices is bench/bench-bmc-return.sh's.
. "$FWD_TOP/tests/cli/lib.sh"
sim_require

# dropped: how many answers the simulator held back during its last silence.
dropped() {
	sed -n 's/^back after silence dropped=\([0-9]*\) .*/\1/p' "$FWD_SIM_LOG" | tail -1
}

# --- pings through a 10 s silence, the pong confirmed by mc info
sim_start --profile supermicro --module-args 'activation=reset' --reset-silence 10
mkimage v172 1.72
fwd_update_json 0 --bmc "$T/v172.hpm" --verbose
step_status 5 bmc-reset ok
step_status 6 bmc-wait ok
jeq "$T/out" bmc.after 1.72
expect_in "$T/err" "the BMC answers RMCP presence pings"
grep -qE "presence pong after [0-9]+ pings in [0-9.]+ s: confirming with 'mc info'" "$T/err" ||
	fail "no pong seen during the wait: $(grep -i ping "$T/err")"
expect_in "$T/err" "(after a pong;"
pings=$(sed -n "s/.*presence pong after \([0-9]*\) pings.*/\1/p" "$T/err" | tail -1)
# 10 s at one ping per 250 ms (40), less the go-down's few seconds at worst.
[ "$pings" -ge 8 ] || fail "only $pings pings in a 10 s silence"
n=$(dropped)
[ "${n:-0}" -ge 8 ] || fail "the simulator dropped only ${n:-0} answers: the pings did not reach it"
ok "a 10 s silence: $pings pings, $n answers dropped, the return seen by a pong and confirmed"
sim_stop

# --- the old pace (FWD_BENCH_OLD_BMC_POLL=1, the benchmark's baseline): no ping
sim_start --profile supermicro --module-args 'activation=reset' --reset-silence 6
mkimage v172 1.72
FWD_BENCH_OLD_BMC_POLL=1 fwd_update_json 0 --bmc "$T/v172.hpm" --verbose
step_status 6 bmc-wait ok
jeq "$T/out" bmc.after 1.72
expect_not_in "$T/err" "presence pong after"
expect_in "$T/err" "(asked blind; 0 pings sent)"
ok "the old pace: mc info alone, no ping"
sim_stop

# --- a BMC that stays silent: the bound holds with pings (exit 6 within it)
sim_start --profile supermicro --module-args 'activation=reset' --reset-silence 60
mkimage v172 1.72
start=$(now)
fwd_update_json 6 --bmc "$T/v172.hpm" --bmc-timeout 4
t=$(elapsed_tenths "$start")
jeq "$T/out" stopped_at bmc-wait
expect_in "$T/err" "did not answer within 4 s"
[ "$t" -lt 400 ] || fail "the bounded wait took $((t / 10)) s"
ok "silent past --bmc-timeout 4 while pinged: exit 6 after $((t / 10)) s"
