#!/usr/bin/env bash
# bench-fleet.sh: a fleet updated from one management host (issue 14,
# section 6): N simulated BMCs on loopback, N `fwdispatch update --bmc`
# processes started together (as Ansible forks run them), all sharing ONE
# --state-dir.  N = 1, 10 and 50 (BENCH_QUICK=1: 1 and 5).
#
# The settings, so that 50 finish in a couple of minutes on 2 CPUs and the
# wait is still the real one: a 4 KiB HPM.1 payload per image (ipmitool's
# 36-byte blocks: about 140 round trips, a fraction of a second; the upload
# itself is section 5's subject), made for each simulator's own board ids;
# the simulator's activation=reset, so every run sends `mc reset cold` and
# waits for its BMC's return, silent for 2 s (a real BMC takes minutes and
# a real upload longer: waits cost no CPU and add the same seconds to every
# N, so the ratios here are the worst case for the CPU the runs need).
# Every simulator gets its own MAC address (module argument lan_mac):
# fwdispatch also locks a BMC by its MAC, and the profile's one MAC on 50
# simulators would make them one BMC.  The simulators are started one after
# the other (timed apart, not counted) as a batch needs them and serve the
# later ones too, each batch flashing a version of its own (2.01, 2.02 ...):
# only the simulators of the batch run during it, since each one's fwd-sim
# supervisor forks a `sleep 1` every second (about 10 ms of CPU a second
# here; shown as "fwd-sim supervisors": the harness's cost, not fwdispatch's).
#
# Figures per N: the batch's wall time (the first process started to the
# last one ended) and its ratio against N=1 (goal: 50 within 1.5x of one);
# per run, from GNU time (%e %U %S %M): wall time (median, max), CPU time
# (user+sys of fwdispatch and the ipmitool children it waited for) and peak
# memory (%M is the largest ru_maxrss of fwdispatch and of any child it
# waited for, so the largest of fwdispatch and its ipmitools, not their
# sum; goal < 20 MiB) and the median time of each step; the CPU the
# simulators (ipmi_sim) and their supervisors used meanwhile, how busy the
# machine's CPUs were (/proc/stat) and how much of that was this batch, and
# the load average.
#
# Exit 0 whatever the figures.  Exit 1 (bench_die) for a broken set-up and
# for interference, which is a broken result, not a slow one: a run that
# does not exit 0, a history without exactly N new entries (one per target,
# result ok, the new version) or with lines it cannot read, a BMC that does
# not report the new version, a journal that says a run is in progress
# (`fwdispatch status` per target), a lock file still held.
#
#   bench/bench-fleet.sh               (FWD_BUILD: build/ of this checkout)
#   BENCH_QUICK=1 bench/bench-fleet.sh
#   BENCH_FLEET_SIZES="1 20" BENCH_FLEET_SILENCE=5 BENCH_FLEET_PAYLOAD=65536 \
#       bench/bench-fleet.sh
# BENCH_FLEET_SIZES: the Ns, in order (the first is the baseline of the
# ratios); BENCH_FLEET_SILENCE: the BMC's silence after its reset, in s;
# BENCH_FLEET_PAYLOAD: payload bytes per image.
set -u
BENCH_NAME=bench-fleet
# bench/lib.sh first: tests/cli/lib.sh's EXIT trap (stop every simulator,
# remove $T) is the one that stays; bench_die's USR1 ends in it too.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sim-env.sh"

if [ -n "${BENCH_FLEET_SIZES:-}" ]; then
	read -r -a sizes <<<"$BENCH_FLEET_SIZES"
elif bench_quick; then
	sizes=(1 5)
else
	sizes=(1 10 50)
fi
silence=${BENCH_FLEET_SILENCE:-2}
export PAYLOAD_SIZE=${BENCH_FLEET_PAYLOAD:-4096}
max=0
for n in "${sizes[@]}"; do
	case $n in '' | *[!0-9]* | 0) bench_die "BENCH_FLEET_SIZES: '$n' is no count" ;; esac
	[ "$n" -gt "$max" ] && max=$n
done
[ "$max" -le 250 ] || bench_die "BENCH_FLEET_SIZES: $max simulators is more than 250"
timer=()
[ -x /usr/bin/time ] && timer=(/usr/bin/time)
state=$T/state
sim_dir=() sim_port=() sim_pw=() sim_pid=() sim_sup=() sim_ids=()

# The simulators stop on exit (lib_cleanup); afterwards none may be left.
# shellcheck disable=SC2317  # run by the EXIT trap
fleet_cleanup() {
	local rc=$? d left
	lib_cleanup
	for d in "${sim_dir[@]}"; do
		left=$( (sim_no_process "$d") 2>&1) ||
			{ echo "bench-fleet: $left" >&2; rc=1; }
	done
	exit "$rc"
}
trap fleet_cleanup EXIT

# The clock ticks (user + sys) of the processes given by PID, summed; with
# "+children" first, also those of the children they waited for.
cpu_ticks() {
	local p sum=0 f kids=0
	[ "$1" = +children ] && { kids=1; shift; }
	for p in "$@"; do
		read -r -a f <"/proc/$p/stat" 2>/dev/null || continue
		# Fields 14 to 17 (utime, stime, cutime, cstime); the names
		# (field 2: ipmi_sim, bash) have no space.
		sum=$((sum + f[13] + f[14] + kids * (f[15] + f[16])))
	done
	echo "$sum"
}

# "busy total" jiffies of all CPUs (/proc/stat's first line).
machine_ticks() {
	local u n s idle io irq sirq steal
	read -r _ u n s idle io irq sirq steal _ </proc/stat
	echo "$((u + n + s + irq + sirq + steal)) $((u + n + s + idle + io + irq + sirq + steal))"
}

# Starts simulator I (0-based) and keeps what the batches need of it.
start_sim() {
	local i=$1 mac
	mac=$(printf '0c:c4:7a:fe:%02x:%02x' $((i / 256)) $((i % 256)))
	sim_start --profile supermicro --module-args "activation=reset lan_mac=$mac" \
		--reset-silence "$silence"
	sim_dir[i]=$FWD_SIM_DIR sim_port[i]=$FWD_SIM_PORT sim_pw[i]=$FWD_SIM_PASSWORD_FILE
	sim_pid[i]=$FWD_SIM_IPMI_SIM_PID sim_sup[i]=$FWD_SIM_PID
	sim_ids[i]="$FWD_SIM_DEVICE_ID $FWD_SIM_MANUFACTURER_ID $FWD_SIM_PRODUCT_ID"
	mkdir -p "$T/sim$i"
}

# The firmware simulator I runs now, as mc info shows it.
sim_fw() {
	FWD_SIM_HOST=127.0.0.1 FWD_SIM_PORT=${sim_port[$1]} FWD_SIM_PASSWORD_FILE=${sim_pw[$1]} \
		FWD_SIM_USER=ADMIN mc_fw
}

# Whether the history lines added by batch (entries FROM on) are one per
# target of simulators 0..N-1, each ok with VERSION; bench_die otherwise.
check_history() {
	local from=$1 n=$2 version=$3 h=$T/history.json total i got want
	"$FWDISPATCH" history --json --state-dir "$state" >"$h" 2>"$T/err" ||
		bench_die "fwdispatch history failed: $(cat "$T/err")"
	[ "$("$JGET" -f "$h" skipped_lines)" = 0 ] ||
		bench_die "history: $("$JGET" -f "$h" skipped_lines) lines unreadable (torn or" \
			"interleaved) after N=$n: $(cat "$state/history.jsonl")"
	total=$("$JGET" -f "$h" -l history) || bench_die "history: no entries"
	[ $((total - from)) = "$n" ] ||
		bench_die "history: $((total - from)) new entries after N=$n runs, not $n"
	got=$(for ((i = from; i < total; i++)); do
		printf '%s %s %s %s\n' "$("$JGET" -f "$h" "history.$i.target")" \
			"$("$JGET" -f "$h" "history.$i.result")" \
			"$("$JGET" -f "$h" "history.$i.outcome")" \
			"$("$JGET" -f "$h" "history.$i.new")"
	done | sort)
	want=$(for ((i = 0; i < n; i++)); do
		echo "127.0.0.1:${sim_port[i]} ok updated $version"
	done | sort)
	[ "$got" = "$want" ] || bench_die "history: the N=$n new entries are not one per" \
		"target, ok, $version: $(diff <(echo "$want") <(echo "$got") | grep '^[<>]')"
	echo "$total"
}

# After batch N: every BMC runs VERSION, every journal says its run
# ended, no lock file is held.
check_targets() {
	local n=$1 version=$2 i fw st lock
	for ((i = 0; i < n; i++)); do
		fw=$(sim_fw "$i")
		[ "$fw" = "$version" ] ||
			bench_die "BMC $i (port ${sim_port[i]}) runs '$fw' after N=$n, not $version"
		"$FWDISPATCH" status --json --state-dir "$state" --host 127.0.0.1 \
			--port "${sim_port[i]}" >"$T/status" 2>"$T/err" ||
			bench_die "fwdispatch status of port ${sim_port[i]} failed: $(cat "$T/err")"
		st=$("$JGET" -f "$T/status" state)
		[ "$st" = ok ] || bench_die "the journal of port ${sim_port[i]} says '$st'" \
			"after N=$n, not ok: $(cat "$T/status")"
	done
	for lock in "$state"/locks/*.lock; do
		[ -e "$lock" ] || bench_die "no lock file in $state/locks after N=$n"
		flock -n -x "$lock" true ||
			bench_die "lock file $lock is still held after N=$n: $(cat "$lock")"
	done
}

# One batch: simulators 0..N-1 each updated to VERSION by its own process,
# all started at once.  Sets b_wall (µs), b_sim and b_sup (ticks of the
# simulators and of all supervisors), b_busy (percent) and b_busy_ticks (of
# all CPUs),
# and writes one "wall user sys maxrss" line per run into $T/times.
batch() {
	local n=$1 version=$2 i pids=() rc s e s0 s1 u0 u1 t0 t1 m0 m1 c0 c1 w=() time=() dev mfr prod
	# Each image for its own simulator's board ids.
	for ((i = 0; i < n; i++)); do
		read -r dev mfr prod <<<"${sim_ids[i]}"
		FWD_SIM_DEVICE_ID=$dev FWD_SIM_MANUFACTURER_ID=$mfr FWD_SIM_PRODUCT_ID=$prod \
			mkimage "sim$i/v$version" "$version"
	done
	rm -f "$T"/time.*
	s0=$(cpu_ticks "${sim_pid[@]:0:n}")
	# Every running simulator's supervisor (a `sleep 1` a second).
	u0=$(cpu_ticks +children "${sim_sup[@]}")
	m0=$(machine_ticks)
	s=$(bench_now_us)
	for ((i = 0; i < n; i++)); do
		[ ${#timer[@]} -gt 0 ] && time=("${timer[@]}" -o "$T/time.$i" -f '%e %U %S %M')
		"${time[@]}" "$FWDISPATCH" update --yes --host 127.0.0.1 --port "${sim_port[i]}" \
			--user ADMIN --password-file "${sim_pw[i]}" --cipher 3 \
			--state-dir "$state" --bmc "$T/sim$i/v$version.hpm" \
			>"$T/out.$i" 2>"$T/err.$i" &
		pids[i]=$!
	done
	for ((i = 0; i < n; i++)); do
		wait "${pids[i]}"
		rc=$?
		[ "$rc" = 0 ] || w+=("run $i (port ${sim_port[i]}) exited $rc: $(tail -n 3 "$T/err.$i")")
	done
	e=$(bench_now_us)
	m1=$(machine_ticks)
	s1=$(cpu_ticks "${sim_pid[@]:0:n}")
	u1=$(cpu_ticks +children "${sim_sup[@]}")
	[ ${#w[@]} = 0 ] || bench_die "N=$n: ${#w[@]} of $n runs failed; $(printf '%s; ' "${w[@]}")"
	b_wall=$((e - s))
	b_sim=$((s1 - s0))
	b_sup=$((u1 - u0))
	read -r t0 c0 <<<"$m0"
	read -r t1 c1 <<<"$m1"
	b_busy=$(( (c1 - c0) > 0 ? 100 * (t1 - t0) / (c1 - c0) : 0 ))
	b_busy_ticks=$((t1 - t0))
	: >"$T/times"
	[ ${#timer[@]} = 0 ] && return
	for ((i = 0; i < n; i++)); do
		read -r t0 _ <"$T/time.$i"
		case $t0 in
		[0-9]*) ;;
		*) bench_die "no GNU time figures for run $i: $(cat "$T/time.$i")" ;;
		esac
		# A fifth column: user + sys.
		awk '{ print $0, $2 + $3 }' "$T/time.$i" >>"$T/times"
	done
}

# "name median, ..." of the steps' own times ("[ ok ] NAME ... (1.2 s)")
# in the N runs' output, in the order of the steps.
step_medians() {
	local n=$1 i files=()
	for ((i = 0; i < n; i++)); do
		files+=("$T/out.$i")
	done
	awk '$1 == "[" && $3 == "]" && $NF == "s)" {
		if (!($4 in c)) name[++k] = $4
		x = $(NF - 1); sub(/^\(/, "", x); x += 0
		# Insertion into the step'"'"'s sorted values.
		for (j = ++c[$4]; j > 1 && v[$4, j - 1] > x; j--)
			v[$4, j] = v[$4, j - 1]
		v[$4, j] = x }
	END { for (i = 1; i <= k; i++) { s = name[i]; m = c[s]
		med = (m % 2) ? v[s, (m + 1) / 2] : (v[s, m / 2] + v[s, m / 2 + 1]) / 2
		printf "%s%s %.1f", (i > 1) ? ", " : "", s, med }
		print "" }' "${files[@]}"
}

# "median max" of column C of $T/times (awk's number formatting, F).
col_stats() {
	sort -g -k "$1,$1" "$T/times" | awk -v c="$1" -v f="$2" '{ v[NR] = $c } END {
		m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf f " " f "\n", m, v[NR] }'
}

hz=$(getconf CLK_TCK)
echo "bench-fleet: N simulated BMCs updated at once (out-of-band, one process each, one" \
	"state folder); 2 s of silence after each reset unless told"
bench_machine | sed 's/^/  /'
bench_line "settings" "payload $PAYLOAD_SIZE bytes, activation=reset," \
	"reset silence ${silence} s, N = ${sizes[*]}"
[ ${#timer[@]} = 0 ] && echo "  (no /usr/bin/time: per-run CPU, memory and wall time are n/a)"

history=0 round=0 base=0
for n in "${sizes[@]}"; do
	round=$((round + 1))
	version=$(printf '2.%02d' "$round")
	# Only the simulators this batch needs run: each supervisor costs CPU
	# (see above), which the N=1 baseline must not pay for 49 idle ones.
	s=$(bench_now_us) started=${#sim_dir[@]}
	for ((i = ${#sim_dir[@]}; i < n; i++)); do
		start_sim "$i"
	done
	e=$(bench_now_us)
	started=$((${#sim_dir[@]} - started))
	batch "$n" "$version"
	history=$(check_history "$history" "$n" "$version")
	check_targets "$n" "$version"
	[ "$round" = 1 ] && base=$b_wall
	bench_title "N=$n ($version)"
	[ "$started" -gt 0 ] && bench_line "starting $started simulators (not counted)" \
		"$(bench_ms $((e - s))) in all, one after the other"
	bench_line "batch wall time" "$(bench_ms "$b_wall"), $(bench_ratio "$b_wall" "$base") of" \
		"N=${sizes[0]}"
	if [ ${#timer[@]} -gt 0 ]; then
		bench_line "per run: wall median / max" "$(col_stats 1 '%.2f' | sed 's| | / |') s"
		col_stats 5 '%.2f' | { read -r cm cx
			bench_line "per run: CPU user+sys median / max" "$cm / $cx s"; }
		awk '{ u += $2; s += $3 } END { printf "%.1f s user + %.1f s sys\n", u, s }' \
			"$T/times" | { read -r l; bench_line "all runs: CPU" "$l"; }
		col_stats 4 '%d' | { read -r rm rx
			bench_line "per run: peak RSS median / max" \
				"$rm / $rx KiB ($(awk -v r="$rx" 'BEGIN {
				print (r < 20480) ? "under 20 MiB" : "NOT under 20 MiB" }'))"; }
	fi
	bench_line "per run: median s by step" ""
	step_medians "$n" | fold -s -w 80 | sed 's/^/    /'
	bench_line "simulators' CPU meanwhile" "$(awk -v t="$b_sim" -v u="$b_sup" -v h="$hz" \
		'BEGIN { printf "%.1f s ipmi_sim, %.1f s fwd-sim supervisors", t / h, u / h }')"
	bench_line "CPUs busy during the batch" "$b_busy% of $(nproc)$(awk -v h="$hz" \
		-v b="$b_busy_ticks" -v s="$((b_sim + b_sup))" '{ c += $2 + $3 } END { if (NR && b > 0)
		printf "; these runs and simulators: %d%% of that", 100 * (c + s / h) / (b / h) }' \
		"$T/times")"
	bench_line "load average after" "$(cut -d' ' -f1-3 /proc/loadavg)"
	bench_line "interference" "none: $n runs exit 0, $n new history entries, every BMC" \
		"runs $version, no journal in progress, no lock held"
done
if [ ${#sizes[@]} -gt 1 ]; then
	echo
	bench_line "goal (N=${sizes[-1]} within 1.5x of N=${sizes[0]})" "$(awk -v a="$b_wall" \
		-v b="$base" 'BEGIN { print (a <= 1.5 * b) ? "met" : "NOT met" }')" \
		"($(bench_ratio "$b_wall" "$base"))"
fi
exit 0
