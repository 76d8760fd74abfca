#!/usr/bin/env bash
# bench-bmc-return.sh: how late fwdispatch notices a BMC that is back after
# its cold reset (issue 14, section 3).
#
# The simulated BMC (tests/sim, activation=reset) is silent for S seconds
# after `mc reset cold`, S = 5, 20 and 60 (BENCH_QUICK=1: 5 only).  For
# each, one out-of-band `fwdispatch update --bmc --events` with the wait as
# it is (RMCP presence pings, confirmed by mc info) and one with the pace
# before it (FWD_BENCH_OLD_BMC_POLL=1: mc info -N 2 -R 1, then 2 s of
# sleep).  The figure is the time from the BMC answering again (the
# simulator's log line "back after silence", written when its silence
# ends) to fwdispatch declaring it back (the time of the bmc-wait step's
# "ok" event).  Goal: under 1.5 s every time.  Printed: one line per case
# and the ratio new/old; times are this machine's, never a pass/fail.
#
# Exit 0, whatever the figures; 1 when the set-up is broken (nothing built,
# no ipmitool or ipmi_sim, a run that fails).
#
#   bench/bench-bmc-return.sh            (FWD_BUILD: build/ of this checkout)
#   BENCH_QUICK=1 bench/bench-bmc-return.sh
#   BENCH_SILENCES="10 30" BENCH_ACTIVATION=reboot bench/bench-bmc-return.sh
# (activation=reboot: the BMC restarts by itself after Activate, so no
# probe ping before a reset tells fwdispatch that it answers pings.)
set -u
BENCH_NAME=bench-bmc-return
# bench/lib.sh first: tests/cli/lib.sh's EXIT trap is the one that stays.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sim-env.sh"

if [ -n "${BENCH_SILENCES:-}" ]; then
	read -r -a silences <<<"$BENCH_SILENCES"
elif [ "${BENCH_QUICK:-0}" = 1 ]; then
	silences=(5)
else
	silences=(5 20 60)
fi
activation=${BENCH_ACTIVATION:-reset}
# The board test-update-bmc-reset.sh restarts by itself after Activate.
profile=supermicro version=1.72
[ "$activation" = reboot ] && profile=dell version=5.00

# one_case SILENCE OLD(0|1): prints the delay in ms (the BMC back to
# fwdispatch saying so), or fails.
one_case() {
	local silence=$1 old=$2 back ended
	sim_start --profile "$profile" --module-args "activation=$activation" \
		--reset-silence "$silence"
	mkimage new "$version"
	# shellcheck disable=SC2046
	FWD_BENCH_OLD_BMC_POLL=$old "$FWDISPATCH" update --yes $(target_opts) \
		--state-dir "$T/state-$silence-$old" --bmc "$T/new.hpm" --events \
		--bmc-timeout 300 >"$T/events" 2>"$T/err" ||
		{ cat "$T/err" >&2; fail "the update (silence $silence s, old pace $old) failed"; }
	back=$(sed -n 's/^back after silence .* t=\([0-9.]*\)$/\1/p' "$FWD_SIM_LOG" | tail -1)
	ended=$(bench_event_ms "$T/events" bmc-wait ok)
	[ -n "$back" ] || fail "no 'back after silence' in $FWD_SIM_LOG"
	[ -n "$ended" ] || { cat "$T/events" >&2; fail "no bmc-wait ok event"; }
	sim_stop
	awk -v b="$back" -v e="$ended" 'BEGIN { printf "%d\n", (e / 1000 - b) * 1000 }'
}

echo "bench-bmc-return: the BMC back after its restart (activation=$activation), to" \
	"fwdispatch saying so (goal: under 1.5 s)"
worst=0
for s in "${silences[@]}"; do
	new=$(one_case "$s" 0) || exit 1
	old=$(one_case "$s" 1) || exit 1
	[ "$new" -gt "$worst" ] && worst=$new
	awk -v s="$s" -v n="$new" -v o="$old" 'BEGIN {
		ratio = (o > 0) ? sprintf("%.2f", n / o) : "n/a"
		goal = (n < 1500) ? "goal met" : "goal NOT met"
		printf "  silence %2d s: pings %5.2f s, old mc-info poll %5.2f s, " \
		       "ratio new/old %s (%s)\n", s, n / 1000, o / 1000, ratio, goal }'
done
awk -v w="$worst" 'BEGIN { verdict = (w < 1500) ? "under 1.5 s every time" : "over 1.5 s"
	printf "  worst with pings: %.2f s (%s)\n", w / 1000, verdict }'
exit 0
