#!/usr/bin/env bash
# bench-upload.sh: HPM.1 upload throughput against the simulated BMC, near
# and far (issue 14, section 5).
#
# The BMC is tests/sim's (ipmi_sim with hpm_target.so) on 127.0.0.1; a
# distance is made by bench/udp-delay-relay.c in front of it (RTT/2 ms each
# way; built here into $FWD_BUILD/bench like fork-cost).  At each round
# trip, 0 (loopback, no relay), 10 and 50 ms, three uploads of the same
# image (BENCH_QUICK=1: 0 and 10 ms only, smaller images):
#   (a) ipmitool -I lanplus -C 3 ... hpm upgrade IMG force activate, with
#       ipmitool's default largest request (38 bytes: 36-byte blocks);
#   (b) the same with -z 0xc0 (with cipher suite 3 ipmitool makes that
#       0xc0 - 17: 175-byte requests, 173-byte blocks; ipmi_sim's 256-byte
#       LAN buffer drops anything much larger, which costs ipmitool a 10 s
#       timeout per shrink of 8 bytes);
#   (c) fwdispatch update --bmc IMG out of band (--allow-reinstall), its
#       upload timed from its --events (the bmc-upload step's running and
#       ok events), twice: --ipmi-request-size default (ipmitool's 36-byte
#       blocks) and auto (fwdispatch asks the BMC once whether a longer
#       request reaches it, inside that step, then passes -z 0xc0); once,
#       as it is, for a build without that option.
# (a) and (b) are timed over the whole ipmitool run, (c) over the step,
# which is that same ipmitool run: session set-up, preparation and
# activation are inside every figure.  That fixed cost is timed too, as (a)
# with a one-block image at each distance, so "s per MiB" is the fixed cost
# once plus the rest scaled to 1 MiB (the image's blocks) rather than the
# small image's time scaled up; for (c), its blocks cost what they cost in
# (a) (default) or (b) (auto), and the time it takes over that run (the
# probe, fwdispatch's own work) is counted once.  Printed per case: the
# time, bytes/s of that run, s per MiB; per distance the throughput ratios
# (b)/(a), (c default)/(a), (c auto)/(b) and (c auto)/(a).  In-band updates
# (the host and its own BMC, no network) do not depend on distance: the
# loopback figures are also that distance-free case.
#
# One run per figure (BENCH_ROUNDS to repeat, median): at a distance the
# time is round trips, steady.  On loopback a block takes about 0.2 ms, most
# of it ipmitool's own pause (1.8.19's lanplus sleeps 100 µs after every
# request it sends, more with the kernel's timer slack), the rest CPU and
# wake-ups, so this machine's load shows in it.  Exit 0 whatever the
# figures; 1 on a broken set-up (no ipmitool or ipmi_sim, the relay not
# built, an upload that fails, a datagram lost in the relay).
#
#   bench/bench-upload.sh               (FWD_BUILD: build/ of this checkout)
#   BENCH_QUICK=1 bench/bench-upload.sh
#   BENCH_RTTS="0 20" BENCH_UPLOAD_KIB="512 32" bench/bench-upload.sh
#   (BENCH_UPLOAD_KIB: the image's payload in KiB for each RTT, by position)
#   BENCH_ROUNDS=3 bench/bench-upload.sh
set -u
BENCH_NAME=bench-upload
# bench/lib.sh first: tests/cli/lib.sh's EXIT trap is the one that stays.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sim-env.sh"
CC=${CC:-cc}

RELAY=$FWD_BUILD/bench/udp-delay-relay
if ! [ "$RELAY" -nt "$FWD_TOP/bench/udp-delay-relay.c" ]; then
	mkdir -p "$FWD_BUILD/bench" || fail "cannot create $FWD_BUILD/bench"
	"$CC" -std=c11 -O2 -Wall -Wextra -Werror -D_GNU_SOURCE -o "$RELAY" \
		"$FWD_TOP/bench/udp-delay-relay.c" || fail "cannot build bench/udp-delay-relay.c"
fi

if [ -n "${BENCH_RTTS:-}" ]; then
	read -r -a rtts <<<"$BENCH_RTTS"
	read -r -a kibs <<<"${BENCH_UPLOAD_KIB:?BENCH_RTTS needs BENCH_UPLOAD_KIB}"
elif [ "${BENCH_QUICK:-0}" = 1 ]; then
	rtts=(0 10) kibs=(256 16)
else
	rtts=(0 10 50) kibs=(1024 64 16)
fi
[ "${#rtts[@]}" = "${#kibs[@]}" ] || fail "BENCH_RTTS and BENCH_UPLOAD_KIB differ in length"
rounds=${BENCH_ROUNDS:-1}
# fwdispatch's choice of request size, where it has one (timed both ways).
modes=(as-is)
"$FWDISPATCH" update --help 2>&1 | grep -q -- '--ipmi-request-size' && modes=(default auto)

# The relay of the current distance; stopped on exit whatever happens.
RELAY_PID=
relay_stop() {
	[ -n "$RELAY_PID" ] && kill "$RELAY_PID" 2>/dev/null && wait "$RELAY_PID" 2>/dev/null
	RELAY_PID=
}
trap 'relay_stop; lib_cleanup' EXIT

# relay_start RTT: sets PORT to the relay's (RTT 0: the simulator's own).
relay_start() {
	local i
	PORT=$FWD_SIM_PORT
	[ "$1" = 0 ] && return
	rm -f "$T/relay.port"
	"$RELAY" --ready-file "$T/relay.port" 0 "$FWD_SIM_PORT" "$1" >/dev/null 2>"$T/relay.err" &
	RELAY_PID=$!
	for ((i = 0; i < 50; i++)); do
		[ -s "$T/relay.port" ] && break
		kill -0 "$RELAY_PID" 2>/dev/null || fail "the relay stopped: $(cat "$T/relay.err")"
		sleep 0.1
	done
	read -r PORT <"$T/relay.port" || fail "the relay did not start within 5 s"
}

# time_ipmitool [-z N]: US, the wall time of one bare upload.
# shellcheck disable=SC2317
time_ipmitool() {
	local s e
	s=${EPOCHREALTIME/[.,]/}
	timeout 900 ipmitool -I lanplus -C 3 -H "$FWD_SIM_HOST" -p "$PORT" -U "$FWD_SIM_USER" \
		-f "$FWD_SIM_PASSWORD_FILE" "$@" hpm upgrade "$T/img.hpm" force activate \
		</dev/null >"$T/up.out" 2>&1 ||
		{ tail -5 "$T/up.out" >&2; fail "ipmitool $* hpm upgrade failed (port $PORT)"; }
	e=${EPOCHREALTIME/[.,]/}
	grep -q 'Firmware upgrade procedure successful' "$T/up.out" ||
		fail "ipmitool $* hpm upgrade did not say it succeeded"
	US=$((10#$e - 10#$s))
}

# time_fwdispatch MODE: US, the bmc-upload step of one out-of-band update.
# shellcheck disable=SC2317
time_fwdispatch() {
	local opt=() begin end
	[ "$1" != as-is ] && opt=(--ipmi-request-size "$1")
	rm -rf "$T/state"
	timeout 900 "$FWDISPATCH" update --yes --allow-reinstall --host "$FWD_SIM_HOST" \
		--port "$PORT" --user "$FWD_SIM_USER" --password-file "$FWD_SIM_PASSWORD_FILE" \
		--cipher 3 --state-dir "$T/state" --bmc "$T/img.hpm" "${opt[@]}" --events \
		>"$T/events" 2>"$T/err" ||
		{ tail -5 "$T/err" >&2; fail "fwdispatch update ($1, port $PORT) failed"; }
	begin=$(bench_event_ms "$T/events" bmc-upload running)
	end=$(bench_event_ms "$T/events" bmc-upload ok)
	if [ -z "$begin" ] || [ -z "$end" ]; then
		fail "no bmc-upload running/ok events ($1)"
	fi
	US=$(((end - begin) * 1000))
}

# median of the rounds of one case: CASE_US.
measure() {
	local r t=()
	for ((r = 0; r < rounds; r++)); do
		"$@"
		t+=("$US")
	done
	CASE_US=$(bench_median "${t[@]}")
}

# line LABEL US [BASE-US]: bytes/s of the image in US µs, and s per MiB:
# the fixed cost FIXED_US once, the rest scaled from the image's bytes to
# 1 MiB.  With BASE-US (fwdispatch's step, beside the bare ipmitool run
# with the same blocks) the blocks cost what they cost ipmitool alone, and
# what fwdispatch adds (its probe, its own work) counts once, not per block.
line() {
	awk -v l="$1" -v u="$2" -v base="${3:-$2}" -v b="$BYTES" -v f="$FIXED_US" \
		-v fb="$FIXED_BYTES" 'BEGIN {
		per_byte = (base - f) / (b - fb)
		if (per_byte < 0)
			per_byte = 0
		printf "  %-44s %7.2f s  %8.0f bytes/s  %8.1f s per MiB\n", l, u / 1e6,
		       b / (u / 1e6), (f + (u - base) + per_byte * (1048576 - fb)) / 1e6 }'
}

# ratio NAME FAST-US SLOW-US: the throughput of the first over the second.
ratio() {
	awk -v n="$1" -v a="$2" -v b="$3" 'BEGIN { printf "  %-44s %.2fx\n", n, b / a }'
}

echo "bench-upload: HPM.1 upload through ipmitool and fwdispatch, on loopback and" \
	"behind a delaying relay ($(uptime | sed 's/.*load/load/'))"
sim_start --profile supermicro
declare -A fw
for i in "${!rtts[@]}"; do
	rtt=${rtts[$i]}
	relay_start "$rtt"
	if [ "$rtt" = 0 ]; then
		echo "-- loopback, no relay (also the in-band, distance-free case): ${kibs[$i]} KiB"
	else
		echo "-- ${rtt} ms RTT through the relay: ${kibs[$i]} KiB"
	fi
	# The fixed cost: one 36-byte block, so every request size sends one.
	PAYLOAD_SIZE=36 mkimage img 1.72
	FIXED_BYTES=$(stat -c %s "$T/img.hpm")
	measure time_ipmitool
	FIXED_US=$CASE_US
	awk -v u="$FIXED_US" 'BEGIN { printf "  %-44s %7.2f s\n",
		"fixed cost (one-block image, ipmitool)", u / 1e6 }'
	PAYLOAD_SIZE=$((kibs[i] * 1024)) mkimage img 1.72
	BYTES=$(stat -c %s "$T/img.hpm")
	measure time_ipmitool
	a=$CASE_US
	line "(a) ipmitool, 36-byte blocks" "$a"
	measure time_ipmitool -z 0xc0
	b=$CASE_US
	line "(b) ipmitool -z 0xc0, 173-byte blocks" "$b"
	for m in "${modes[@]}"; do
		measure time_fwdispatch "$m"
		fw[$m]=$CASE_US
		if [ "$m" = as-is ]; then
			line "(c) fwdispatch, its upload step" "${fw[$m]}" "$a"
		else
			base=$a
			[ "$m" = auto ] && base=$b
			line "(c) fwdispatch --ipmi-request-size $m" "${fw[$m]}" "$base"
		fi
	done
	ratio "(b)/(a) throughput" "$b" "$a"
	for m in "${modes[@]}"; do
		if [ "$m" = as-is ]; then
			ratio "(c)/(a) throughput" "${fw[$m]}" "$a"
			ratio "(c)/(b) throughput" "${fw[$m]}" "$b"
		elif [ "$m" = default ]; then
			ratio "(c default)/(a) throughput" "${fw[$m]}" "$a"
		else
			ratio "(c auto)/(b) throughput" "${fw[$m]}" "$b"
			ratio "(c auto)/(a) throughput" "${fw[$m]}" "$a"
			ratio "(c auto)/(c default) throughput" "${fw[$m]}" "${fw[default]}"
		fi
	done
	relay_stop
	# A datagram lost in the relay is an ipmitool retry in the figures.
	if [ "$rtt" != 0 ] && ! grep -q ' 0 dropped$' "$T/relay.err"; then
		fail "the relay lost datagrams: $(cat "$T/relay.err")"
	fi
done
sim_stop
exit 0
