#!/usr/bin/env bash
# bench-redfish-upload.sh: Redfish upload throughput against the emulated
# BMC (issue 15's measurements; BENCHMARKS.md section 7).
#
# The BMC is tests/sim/fwd-redfish-sim on 127.0.0.1 (HTTPS, Python's
# standard library; it streams an upload to disk in 256 KiB reads).  For
# each image size, each round (interleaved: a burst of load hits both):
#   (a) the baseline: curl's command line does the same multipart POST to
#       the service's MultipartHttpPushUri (UpdateParameters with Targets
#       and Immediate, UpdateFile), credentials from a -K config file (0600,
#       never an argv), then follows the task monitor it got until it
#       answers 200 with the task Completed, honouring Retry-After as
#       DSP0266 asks (fwdispatch does the same);
#   (b) fwdispatch update --redfish of the same image, whole: identify,
#       image check (SHA-256), preflight, backup, the push, the task, the
#       BMC's restart, the version check;
#   (c) the bmc-upload step of that same run (its running and ok events in
#       --events, bench_event_ms): the push alone, beside (a)'s POST.
# Printed per size: (a)'s POST (wall time, and curl's own time_total,
# without its start-up) and whole time, (b) (and by step) and (c), MiB/s of
# the POST and of (c), and the ratios (c)/(a POST) in throughput, (b)/(a
# whole) in time; the emulator's CPU time during (a)'s POST (near 100 %:
# the emulator is the limit, not the client); the peak memory of (b) (GNU
# time's %M, when /usr/bin/time is there).  Then fwdispatch's Redfish seconds per MiB against the IPMI
# path's: bench-upload.sh's loopback figures from BENCH_UPLOAD_OUT (a file
# holding its output, from the same run) when given, else the figures of
# BENCHMARKS.md section 5 (5.7 s/MiB, 1.3 with -z), printed as a reference,
# not as this run's.
#
# The emulator activates the BMC's image on a Manager.Reset only
# (--bmc-activation reset-required): the baseline's push leaves no restart
# behind for the next figure to wait out, and fwdispatch's run resets the
# BMC itself.  Each round's image carries a higher version, so every (b)
# is a real update.  Every push is checked byte for byte against the
# image (cmp), then the emulator's copies are removed (disk, not memory).
#
# Knobs:
#   BENCH_RF_SIZES="16 64"   image sizes in MiB (BENCH_QUICK=1: "4 16")
#   BENCH_ROUNDS=3           rounds per size, median (BENCH_QUICK=1: 1)
#   BENCH_RF_TASK_SECONDS=0.5  the emulated task's length (--task-seconds)
#   BENCH_RF_SILENCE=1       the BMC's restart silence in s (--reset-silence)
#   BENCH_UPLOAD_OUT=FILE    bench-upload.sh's output, for the IPMI ratio
#
# Exit 0 whatever the figures; 1 on a broken set-up (no python3, openssl or
# curl, fwdispatch not built, the emulator not starting, a push refused, a
# task not Completed, a payload other than the image, no bmc-upload events).
#
#   bash bench/bench-redfish-upload.sh
#   BENCH_QUICK=1 bash bench/bench-redfish-upload.sh
#   BENCH_RF_SIZES="128" BENCH_ROUNDS=1 bash bench/bench-redfish-upload.sh
set -u
# bench/lib.sh first: tests/cli/lib.sh's EXIT trap (it stops the emulator)
# is the one that stays.
. "$(dirname "$0")/lib.sh"
FWD_TOP=$BENCH_TOP
export FWD_TOP FWD_BUILD FWDISPATCH
export FWDISPATCH_PLUGIN_DIR=${FWDISPATCH_PLUGIN_DIR:-$FWD_BUILD/lib/fwdispatch/plugins}
[ -x "$FWDISPATCH" ] || bench_die "$FWDISPATCH is not built (make)"
for need in python3 openssl curl; do
	command -v "$need" >/dev/null || bench_die "'$need' is not installed (the emulator and the baseline need it)"
done
. "$FWD_TOP/tests/cli/lib.sh"

if [ -n "${BENCH_RF_SIZES:-}" ]; then
	read -r -a sizes <<<"$BENCH_RF_SIZES"
elif bench_quick; then
	sizes=(4 16)
else
	sizes=(16 64)
fi
rounds=${BENCH_ROUNDS:-3}
bench_quick && [ -z "${BENCH_ROUNDS:-}" ] && rounds=1
for s in "${sizes[@]}" "$rounds"; do
	case $s in '' | *[!0-9]* | 0) bench_die "sizes and rounds are positive integers: '$s'" ;; esac
done

rf_start --bmc-activation reset-required --task-seconds "${BENCH_RF_TASK_SECONDS:-0.5}" \
	--reset-silence "${BENCH_RF_SILENCE:-1}"
BASE_URL=https://$FWD_RF_HOST:$FWD_RF_PORT
PUSH_URI=$(rf_get /redfish/v1/UpdateService | "$JGET" MultipartHttpPushUri) ||
	bench_die "the emulator advertises no MultipartHttpPushUri"
# curl's credentials: a config file (printf is a builtin: no argv holds it).
pw=$(<"$FWD_RF_PASSWORD_FILE")
pw=${pw//\\/\\\\}
pw=${pw//\"/\\\"}
(umask 077 && printf 'user = "%s:%s"\n' "$FWD_RF_USER" "$pw" >"$T/curl.cfg") ||
	bench_die "cannot write curl's config"
unset pw
PARAMS='{"Targets":["/redfish/v1/UpdateService/FirmwareInventory/BMC"],'
PARAMS+='"@Redfish.OperationApplyTime":"Immediate"}'

# payload_check WHAT: the emulator's last payload is the image; then its
# copies go (3 rounds of 64 MiB twice would be 384 MiB of disk).
payload_check() {
	cmp -s "$T/img.bin" "$FWD_RF_PAYLOAD" || bench_die "$1: the emulator got other bytes"
	rm -f "$FWD_RF_STATE"/payload-*.bin
}

# The emulator's CPU time so far (user + system), in clock ticks.
sim_cpu_ticks() {
	awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$FWD_RF_PID/stat" 2>/dev/null ||
		bench_die "the emulator (pid $FWD_RF_PID) is gone"
}

# time_curl: A_POST_US (the POST until its 202) and A_US (until the task
# monitor's 200, the task Completed), A_CURL_US (curl's own time_total),
# A_BUSY (the emulator's CPU time during the POST, % of its wall time).
time_curl() {
	local s e code loc wait out cpu0
	cpu0=$(sim_cpu_ticks)
	s=$(bench_now_us)
	out=$(curl -sS -K "$T/curl.cfg" --cacert "$FWD_RF_CACERT" -D "$T/a.hdr" -o "$T/a.body" \
		-w '%{http_code} %{time_total}' -F "UpdateParameters=$PARAMS;type=application/json" \
		-F "UpdateFile=@$T/img.bin;type=application/octet-stream" "$BASE_URL$PUSH_URI" \
		2>"$T/a.err") || bench_die "curl's push failed: $(cat "$T/a.err")"
	e=$(bench_now_us)
	read -r code A_CURL_US <<<"$out"
	[ "$code" = 202 ] || bench_die "curl's push: HTTP $code: $(head -c 300 "$T/a.body")"
	A_POST_US=$((e - s))
	A_BUSY=$(awk -v t="$(($(sim_cpu_ticks) - cpu0))" -v hz="$(getconf CLK_TCK)" -v u="$A_POST_US" \
		'BEGIN { printf "%d\n", t / hz * 1e6 / u * 100 }')
	A_CURL_US=$(awk -v t="$A_CURL_US" 'BEGIN { printf "%d\n", t * 1e6 }')
	loc=$(tr -d '\r' <"$T/a.hdr" | sed -n 's/^[Ll]ocation: *//p' | tail -1)
	[ -n "$loc" ] || bench_die "curl's push: no Location in the 202"
	while :; do
		code=$(curl -sS -K "$T/curl.cfg" --cacert "$FWD_RF_CACERT" -D "$T/t.hdr" \
			-o "$T/t.body" -w '%{http_code}' "$BASE_URL$loc" 2>"$T/a.err") ||
			bench_die "the task monitor: $(cat "$T/a.err")"
		[ "$code" = 202 ] || break
		wait=$(tr -d '\r' <"$T/t.hdr" | sed -n 's/^[Rr]etry-[Aa]fter: *\([0-9]*\)$/\1/p')
		sleep "${wait:-1}"
	done
	e=$(bench_now_us)
	[ "$code" = 200 ] && [ "$("$JGET" -f "$T/t.body" TaskState)" = Completed ] ||
		bench_die "curl's task: HTTP $code: $(head -c 300 "$T/t.body")"
	A_US=$((e - s))
	payload_check "curl's push"
}

# time_fwdispatch VERSION: B_US (the whole update), C_US (its bmc-upload
# step), RSS_KIB (its peak memory, or n/a).
time_fwdispatch() {
	local s e begin end tm=()
	[ -x /usr/bin/time ] && tm=(/usr/bin/time -f %M -o "$T/b.rss")
	s=$(bench_now_us)
	timeout 900 "${tm[@]}" "$FWDISPATCH" update "${RF[@]}" --bmc "$T/img.bin" \
		--bmc-version "$1" --yes --events >"$T/b.events" 2>"$T/b.err" ||
		{ tail -5 "$T/b.err" >&2; bench_die "fwdispatch update --redfish ($1) failed"; }
	e=$(bench_now_us)
	B_US=$((e - s))
	begin=$(bench_event_ms "$T/b.events" bmc-upload running)
	end=$(bench_event_ms "$T/b.events" bmc-upload ok)
	[ -n "$begin" ] && [ -n "$end" ] || bench_die "no bmc-upload running/ok events ($1)"
	C_US=$(((end - begin) * 1000))
	[ "$(tail -n 1 "$T/b.events" | "$JGET" bmc.after 2>/dev/null)" = "$1" ] ||
		bench_die "fwdispatch's run did not end with $1 running"
	B_STEPS=$(tail -n 1 "$T/b.events" | python3 -c "$STEPS_PY") || bench_die "no steps in the report"
	RSS_KIB=n/a
	[ -x /usr/bin/time ] && RSS_KIB=$(tail -n 1 "$T/b.rss")
	payload_check "fwdispatch's push"
}

# The report's steps in five parts, seconds: before the push, the push,
# the task, the BMC's reset and return, the rest (verify, LAN check).
STEPS_PY='
import json, sys
parts = {"bmc-upload": 1, "bmc-job": 2, "bmc-reset": 3, "bmc-wait": 3}
t = [0.0] * 5
seen = 0
for s in json.load(sys.stdin)["steps"]:
    i = parts.get(s["name"], 0 if not seen else 4)
    seen = seen or i
    t[i] += s["duration_ms"] / 1000
print("before the push %.2f, push %.2f, task %.2f, reset and return %.2f, after %.2f s" % tuple(t))
'

# mibs MIB US: MiB/s.
mibs() {
	awk -v m="$1" -v u="$2" 'BEGIN { if (u <= 0) print "n/a"; else printf "%.1f MiB/s\n", m / (u / 1e6) }'
}

# s_per_mib MIB US: seconds per MiB, three decimals.
s_per_mib() {
	awk -v m="$1" -v u="$2" 'BEGIN { printf "%.4f\n", u / 1e6 / m }'
}

echo "bench-redfish-upload: multipart pushes to the emulated Redfish BMC, curl against" \
	"fwdispatch ($(uptime | sed 's/.*load/load/'))"
echo "  emulator task ${BENCH_RF_TASK_SECONDS:-0.5} s, restart silence ${BENCH_RF_SILENCE:-1} s;" \
	"$rounds round(s), median"
declare -A a_busy a_curl b_steps a_post a_whole b_whole c_up rss
seq=0
for ((r = 0; r < rounds; r++)); do
	for mib in "${sizes[@]}"; do
		[ -f "$T/body-$mib" ] || head -c "$((mib * 1048576))" /dev/urandom >"$T/body-$mib" ||
			bench_die "cannot write a $mib MiB image"
		seq=$((seq + 1))
		version=3.$seq.0
		{
			printf 'FWD-REDFISH-IMAGE component=bmc version=%s product=Contoso BMC 1\n' "$version"
			cat "$T/body-$mib"
		} >"$T/img.bin" || bench_die "cannot write the image"
		(cd "$T" && sha256sum img.bin >img.bin.sha256) || bench_die "sha256sum"
		time_curl
		time_fwdispatch "$version"
		a_busy[$mib]+=" $A_BUSY" a_curl[$mib]+=" $A_CURL_US" b_steps[$mib]=$B_STEPS
		a_post[$mib]+=" $A_POST_US" a_whole[$mib]+=" $A_US"
		b_whole[$mib]+=" $B_US" c_up[$mib]+=" $C_US" rss[$mib]+=" $RSS_KIB"
	done
done

# The IPMI path's seconds per MiB on loopback: this run's when given.
ipmi_def=5.7 ipmi_z=1.3 ipmi_from="reference: BENCHMARKS.md section 5, not this run"
if [ -n "${BENCH_UPLOAD_OUT:-}" ] && [ -r "$BENCH_UPLOAD_OUT" ]; then
	d=$(awk '/^-- loopback/ { on = 1; next } /^-- / { on = 0 }
		on && /\(c\) fwdispatch --ipmi-request-size default/ { print $(NF - 3) }' "$BENCH_UPLOAD_OUT")
	z=$(awk '/^-- loopback/ { on = 1; next } /^-- / { on = 0 }
		on && /\(c\) fwdispatch --ipmi-request-size auto/ { print $(NF - 3) }' "$BENCH_UPLOAD_OUT")
	if [[ $d =~ ^[0-9]+(\.[0-9]+)?$ && $z =~ ^[0-9]+(\.[0-9]+)?$ ]]; then
		ipmi_def=$d ipmi_z=$z ipmi_from="bench-upload.sh in this run ($BENCH_UPLOAD_OUT)"
	fi
fi

for mib in "${sizes[@]}"; do
	# shellcheck disable=SC2086
	{
		ac=$(bench_median ${a_curl[$mib]})
		ab=$(bench_median ${a_busy[$mib]})
		ap=$(bench_median ${a_post[$mib]})
		aw=$(bench_median ${a_whole[$mib]})
		bw=$(bench_median ${b_whole[$mib]})
		cu=$(bench_median ${c_up[$mib]})
		rs=$(printf '%s\n' ${rss[$mib]} | sort -n | tail -1)
	}
	bench_title "Redfish upload (section 7): $mib MiB"
	bench_line "(a) curl: the POST" "$(bench_ms "$ap")  $(mibs "$mib" "$ap")"
	bench_line "(a) curl's own time_total (no start-up)" "$(bench_ms "$ac")  $(mibs "$mib" "$ac")"
	bench_line "(a) the emulator's CPU during the POST" "$ab% of its wall time"
	bench_line "(a) curl: POST and task Completed" "$(bench_ms "$aw")"
	bench_line "(b) fwdispatch update --redfish, whole" "$(bench_ms "$bw")"
	bench_line "(b) by step, last round" "${b_steps[$mib]}"
	bench_line "(c) fwdispatch: its bmc-upload step" "$(bench_ms "$cu")  $(mibs "$mib" "$cu")"
	bench_line "(c)/(a POST) throughput" "$(bench_ratio "$ap" "$cu")"
	bench_line "(c)/(a time_total) throughput" "$(bench_ratio "$ac" "$cu")"
	bench_line "(b)/(a whole) time" "$(bench_ratio "$bw" "$aw")"
	bench_line "peak RSS (b), max of the rounds" "$rs KiB"
	spm=$(s_per_mib "$mib" "$cu")
	bench_line "(c) seconds per MiB" "$spm s"
	bench_line "IPMI loopback / (c) per MiB: default, -z" \
		"$(bench_ratio "$ipmi_def" "$spm") / $(bench_ratio "$ipmi_z" "$spm")" \
		"($ipmi_def and $ipmi_z s per MiB, $ipmi_from)"
done
exit 0
