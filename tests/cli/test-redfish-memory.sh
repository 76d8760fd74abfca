#!/usr/bin/env bash
# fwdispatch's memory does not grow with the image it pushes over Redfish
# (issue 15): a 256 MiB BMC image goes through `update --redfish` to the
# emulated BMC (tests/sim/fwd-redfish-sim, which streams it to disk) with
# fwdispatch's peak resident set under 32 MiB and within 4 MiB of a 16 MiB
# image's, and the BMC gets the image byte for byte.
#
# The peak is GNU time's %M (getrusage's ru_maxrss of the child) when
# /usr/bin/time is there, else VmHWM from /proc/PID/status read every 20 ms
# while the run lasts.  The meter itself is checked first on a process
# that holds 48 MiB, so a meter that reads nothing cannot pass the test.
# Under SAN=1 (FWD_SAN=1) the bounds are not asserted: ASan's shadow memory
# and its quarantine of freed blocks (up to 256 MiB by default) make the
# resident set say nothing about fwdispatch's own buffers; the pushes are
# still checked.  About 20 s; skipped with less than 1 GiB free where the
# images, the state folder and the emulator's copy live ($T).
. "$(dirname "$0")/lib.sh"
rf_require

free_kib=$(df -Pk "$T" | awk 'NR == 2 { print $4 }')
[ -n "$free_kib" ] && [ "$free_kib" -ge $((1024 * 1024)) ] ||
	{ echo "skip: less than 1 GiB free in $T (${free_kib:-?} KiB)"; exit 77; }

# peak CMD...: runs CMD (stdout $T/out, stderr $T/err) for at most 120 s;
# PEAK_KIB, its peak resident set in KiB, and RC, its exit status.  CMD
# itself is measured: timeout is outside the meter (GNU time), or the poll
# keeps the time (polling timeout's pid would read timeout's memory).
peak() {
	local k v _ pid end
	PEAK_KIB=0
	if [ -x /usr/bin/time ]; then
		timeout 120 /usr/bin/time -f %M -o "$T/rss" "$@" >"$T/out" 2>"$T/err"
		RC=$?
		PEAK_KIB=$(tail -n 1 "$T/rss")
	else
		"$@" >"$T/out" 2>"$T/err" &
		pid=$!
		end=$((SECONDS + 120))
		while kill -0 "$pid" 2>/dev/null; do
			[ "$SECONDS" -lt "$end" ] || { kill "$pid"; fail "$1 ran over 120 s"; }
			while read -r k v _; do
				[ "$k" = VmHWM: ] && [ "$v" -gt "$PEAK_KIB" ] && PEAK_KIB=$v
			done <"/proc/$pid/status" 2>/dev/null
			sleep 0.02
		done
		wait "$pid"
		RC=$?
	fi
	case $PEAK_KIB in '' | *[!0-9]*) fail "no peak memory read: '$PEAK_KIB'" ;; esac
}

# The meter sees memory that is held.
peak python3 -c 'import time; b = b"\1" * (48 << 20); time.sleep(0.3)'
[ "$RC" = 0 ] || fail "the meter's check process failed: $(cat "$T/err")"
[ "$PEAK_KIB" -ge $((48 * 1024)) ] || fail "the meter read $PEAK_KIB KiB for a 48 MiB process"
meter=/usr/bin/time
[ -x /usr/bin/time ] || meter="VmHWM polled"
ok "the meter ($meter) reads $PEAK_KIB KiB for a process that holds 48 MiB"

rf_start --dir "$T/rf" --task-seconds 0.5 --reset-silence 1
bmc_fw() { rf_get /redfish/v1/Managers/BMC | "$JGET" FirmwareVersion; }

# push NAME VERSION MIB: a BMC image of MIB MiB of zeros after the
# emulator's header line (sparse: made at once), pushed by fwdispatch;
# PEAK_KIB.
push() {
	local f=$T/$1.bin
	printf 'FWD-REDFISH-IMAGE component=bmc version=%s product=Contoso BMC 1\n' "$2" >"$f" ||
		fail "cannot write $f"
	truncate -s "+$(($3 * 1048576))" "$f" || fail "cannot grow $f to $3 MiB"
	(cd "$T" && sha256sum "$1.bin" >"$1.bin.sha256") || fail "sha256sum $f"
	peak "$FWDISPATCH" update "${RF[@]}" --bmc "$f" --bmc-version "$2" --yes --json
	[ "$RC" = 0 ] || { cat "$T/err" >&2; fail "update --redfish of $3 MiB: exit $RC"; }
	jeq "$T/out" bmc.after "$2"
	cmp -s "$f" "$FWD_RF_PAYLOAD" || fail "the BMC got other bytes than the $3 MiB image"
	[ "$(bmc_fw)" = "$2" ] || fail "the BMC does not run $2"
	# The next push needs the room more than the emulator needs this copy.
	rm -f "$FWD_RF_STATE"/payload-*.bin
}

push small 2.0.0 16
small=$PEAK_KIB
push large 3.0.0 256
large=$PEAK_KIB
rm -f "$T/small.bin" "$T/large.bin"
ok "16 and 256 MiB images pushed byte for byte, the BMC runs each" \
	"(peak $small and $large KiB)"

if [ "${FWD_SAN:-}" = 1 ]; then
	echo "# SAN=1: the memory bounds are not asserted (ASan's shadow memory and" \
		"quarantine inflate the resident set); peaks $small / $large KiB"
	exit 0
fi
[ "$small" -lt $((32 * 1024)) ] || fail "16 MiB push: peak $small KiB, not under 32 MiB"
[ "$large" -lt $((32 * 1024)) ] || fail "256 MiB push: peak $large KiB, not under 32 MiB"
ok "fwdispatch's peak resident set stays under 32 MiB for a 256 MiB image ($large KiB)"
[ "$large" -le $((small + 4096)) ] ||
	fail "the 256 MiB push peaked at $large KiB, more than 4 MiB over the 16 MiB push's $small"
ok "the peak does not grow with the image: 256 MiB $large KiB, 16 MiB $small KiB"
