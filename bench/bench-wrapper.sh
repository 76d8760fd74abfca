#!/usr/bin/env bash
# bench-wrapper.sh: what fwdispatch costs around the ipmitool commands of a
# BMC flash (issue 14, section 4).
#
# The simulated BMC (tests/sim, Supermicro profile, activation=reset: the
# new firmware runs after `mc reset cold`, then the BMC is silent for
# BENCH_SILENCE seconds, default 3) and a 1 MiB HPM.1 image.  Each round
# times, one after the other on fresh simulators:
#   - `fwdispatch update --bmc` out of band, with its --events, and
#   - the same ipmitool commands run bare by this script, as a careful
#     operator's shell loop would: hpm upgrade (with the -z fwdispatch chose,
#     so both upload alike), mc reset cold, mc info until it fails (down),
#     then until it answers (back; -N 1 -R 1, no sleep), then mc info to read
#     the version.
# Goal in issue 14: fwdispatch within 1.05x of the bare commands.  Printed:
# the medians, the ratio, and where fwdispatch's time goes (from its step
# events: before the upload, the upload, reset and wait, after the wait).
# fwdispatch does more than those commands before it uploads (identity,
# preflight checks, the backup of the BMC's settings): every ipmitool
# command it ran before the upload (its -vv trace) is also run again bare,
# one after the other, and timed beside fwdispatch's time before the
# upload: that ratio is the wrapper's own cost (processes, parsing,
# journal, fsyncs); the rest is the commands it chooses to run.
# Times are this machine's, never a pass/fail.
#
# Knobs: BENCH_ROUNDS (default 3; BENCH_QUICK=1: 1), BENCH_SILENCE (3),
# BENCH_PAYLOAD (bytes, 1048576; BENCH_QUICK=1: 262144).
# Exit 0 whatever the figures; 1 when the set-up is broken.
set -u
BENCH_NAME=bench-wrapper
# bench/lib.sh first: tests/cli/lib.sh's EXIT trap is the one that stays.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sim-env.sh"

if [ "${BENCH_QUICK:-0}" = 1 ]; then
	rounds=${BENCH_ROUNDS:-1} payload=${BENCH_PAYLOAD:-262144}
else
	rounds=${BENCH_ROUNDS:-3} payload=${BENCH_PAYLOAD:-1048576}
fi
silence=${BENCH_SILENCE:-3}

now_ms() {
	echo $(($(bench_now_us) / 1000))
}

# event_ms FILE STEP STATUS: bench_event_ms, or the run is broken.
event_ms() {
	bench_event_ms "$@" || fail "no $2 $3 event in $1"
}

fresh_sim() {
	sim_start --profile supermicro --module-args 'activation=reset' \
		--reset-silence "$silence"
	PAYLOAD_SIZE=$payload mkimage new 1.72
}

# One fwdispatch run; sets f_total, f_before, f_upload, f_wait, f_after (ms)
# and z (the -z it used, or ""); keeps the commands it ran before the
# upload in $T/before.cmds.
with_fwdispatch() {
	local s e up_b up_e wait_e
	fresh_sim
	s=$(now_ms)
	# shellcheck disable=SC2046
	"$FWDISPATCH" update --yes $(target_opts) --state-dir "$T/state-$RANDOM" \
		--bmc "$T/new.hpm" --events -vv >"$T/events" 2>"$T/err" ||
		{ cat "$T/err" >&2; fail "fwdispatch update failed"; }
	e=$(now_ms)
	up_b=$(event_ms "$T/events" bmc-upload running)
	up_e=$(event_ms "$T/events" bmc-upload ok)
	wait_e=$(event_ms "$T/events" bmc-wait ok)
	z=$(sed -n 's/.*"ipmi_request_size":\([0-9]*\).*/\1/p' "$T/events" | tail -1)
	[ "$(mc_fw)" = 1.72 ] || fail "fwdispatch's flash left $(mc_fw)"
	sim_stop
	f_total=$((e - s)) f_before=$((up_b - s)) f_upload=$((up_e - up_b))
	f_wait=$((wait_e - up_e)) f_after=$((e - wait_e))
	# The ipmitool commands it ran before the upload, as its trace quoted them.
	sed -n 's/^fwdispatch[^:]*: debug: running //p' "$T/err" |
		sed '/ hpm upgrade /,$d' >"$T/before.cmds"
	[ -s "$T/before.cmds" ] || fail "no command in fwdispatch's trace"
}

# fwdispatch's commands before the upload, bare, on a fresh simulator;
# sets r_total (ms) and ncmds.
replay_before() {
	local s e line
	fresh_sim
	IPMI_PASSWORD=$(cat "$FWD_SIM_PASSWORD_FILE")
	export IPMI_PASSWORD
	# The trace quotes each word for a POSIX shell (tool.c); the port was
	# the earlier simulator's.
	sed "s/ -p [0-9]* / -p $FWD_SIM_PORT /" "$T/before.cmds" >"$T/replay.cmds"
	ncmds=0
	s=$(now_ms)
	while IFS= read -r line; do
		eval "$line" </dev/null >/dev/null 2>&1
		ncmds=$((ncmds + 1))
	done <"$T/replay.cmds"
	e=$(now_ms)
	unset IPMI_PASSWORD
	sim_stop
	r_total=$((e - s))
}

# The upload, reset, wait and version read, bare; sets b_total (ms).
bare() {
	local s e z_opt=()
	fresh_sim
	[ -n "${z:-}" ] && z_opt=(-z "$(printf '0x%x' "$z")")
	s=$(now_ms)
	ipmi "${z_opt[@]}" hpm upgrade "$T/new.hpm" force activate >"$T/bare.out" 2>&1 ||
		{ cat "$T/bare.out" >&2; fail "bare hpm upgrade failed"; }
	ipmi mc reset cold >/dev/null 2>&1 || fail "bare mc reset cold failed"
	while IPMI_TIMEOUT=10 ipmi -N 1 -R 1 mc info >/dev/null 2>&1; do :; done
	until IPMI_TIMEOUT=10 ipmi -N 1 -R 1 mc info >/dev/null 2>&1; do :; done
	ipmi mc info >"$T/bare.mc" 2>&1 || fail "bare mc info failed"
	e=$(now_ms)
	grep -q 'Firmware Revision *: *1.72' "$T/bare.mc" || fail "the bare flash left $(mc_fw)"
	sim_stop
	b_total=$((e - s))
}

echo "bench-wrapper: a $((payload / 1024)) KiB BMC flash, fwdispatch against the bare" \
	"ipmitool commands (BMC silent ${silence} s after its reset; median of $rounds)"
fw=() fb=() fu=() fwt=() fa=() bt=() rb=()
z=""
for ((r = 0; r < rounds; r++)); do
	with_fwdispatch
	fw+=("$f_total") fb+=("$f_before") fu+=("$f_upload") fwt+=("$f_wait") fa+=("$f_after")
	bare
	bt+=("$b_total")
	replay_before
	rb+=("$r_total")
done
awk -v f="$(bench_median "${fw[@]}")" -v b="$(bench_median "${bt[@]}")" -v z="${z:-none}" \
	-v pb="$(bench_median "${fb[@]}")" -v pu="$(bench_median "${fu[@]}")" \
	-v pw="$(bench_median "${fwt[@]}")" -v pa="$(bench_median "${fa[@]}")" \
	-v rb="$(bench_median "${rb[@]}")" -v nc="$ncmds" '
	BEGIN {
		printf "  %-44s %.2f s\n", "fwdispatch update --bmc (whole run)", f / 1000
		printf "  %-44s %.2f s\n", "upload, reset, wait, mc info: bare", b / 1000
		printf "  %-44s %.2fx   (goal <= 1.05x)\n", "ratio fwdispatch / bare", f / b
		printf "  %-44s %s\n", "ipmitool -z used by both", z
		printf "  %-44s before the upload %.2f s, upload %.2f s,\n", "fwdispatch by step",
			pb / 1000, pu / 1000
		printf "  %-44s reset and wait %.2f s, after the wait %.2f s\n", "", pw / 1000,
			pa / 1000
		printf "  %-44s %.2f s\n", "its " nc " ipmitool commands before it, bare", rb / 1000
		printf "  %-44s %.2fx\n", "ratio fwdispatch before upload / bare", pb / rb
	}'
exit 0
