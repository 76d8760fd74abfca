#!/usr/bin/env bash
# bench-detect.sh: issue 14, section 2, start-up and the choice of plugin.
#
# `fwdispatch detect --dmi-file` (a Supermicro dump) with the three plugins,
# then with 10, 50 and 100 generated plugins beside them: the median time
# of each, the cost of each added plugin, and against `fwdispatch --version`
# (the process's start alone) measured in the same rounds.  Goal: under
# 10 ms median with three, linear and small per plugin.
#
# Every plugin's entry point and probe run in a child process first (issue
# 12, core/plugin-host/isolate.c): two forks per plugin.  The cost of a
# fork and wait of a small process (bench/fork-cost.c, in the same rounds)
# is printed beside, to weigh that part.
#
# The generated plugins are tests/plugins/test-plugin.h built under distinct
# names (the loader refuses two plugins of one name), scoring 0 so the
# choice stays Supermicro; they are kept in $FWD_BUILD/bench/gen-plugins.
#
# BENCH_QUICK=1: three and 100 plugins, 7 runs each.  BENCH_RUNS overrides.
set -u
. "$(dirname "$0")/lib.sh"

DMI=$BENCH_TOP/tests/data/dmi/supermicro-x11ssh-f.txt
REAL=$FWD_BUILD/lib/fwdispatch/plugins
GEN=$FWD_BUILD/bench/gen-plugins
CC=${CC:-cc}
[ -x "$FWDISPATCH" ] || bench_die "no $FWDISPATCH: run make first"
[ -f "$REAL/supermicro.so" ] || bench_die "no plugins in $REAL: run make first"
[ -f "$DMI" ] || bench_die "no $DMI"

if bench_quick; then
	counts=${BENCH_DETECT_COUNTS:-0 100}
	runs=${BENCH_RUNS:-7}
else
	counts=${BENCH_DETECT_COUNTS:-0 10 50 100}
	runs=${BENCH_RUNS:-31}
fi
bench_tmpdir

# One plugin per name, rebuilt only when its source changed.
gen_plugin() {
	local i=$1 out
	out=$GEN/bench-$i.so
	[ "$out" -nt "$BENCH_TOP/tests/plugins/test-plugin.h" ] &&
		[ "$out" -nt "$BENCH_TOP/include/fwdispatch/fwd_plugin.h" ] && return 0
	"$CC" -std=c11 -O2 -fPIC -shared -I"$BENCH_TOP/include" -DTP_NAME="\"bench-$i\"" \
		-DTP_SCORE=0 -include "$BENCH_TOP/tests/plugins/test-plugin.h" \
		-o "$out.tmp" -x c /dev/null && mv "$out.tmp" "$out"
}
export -f gen_plugin
export GEN BENCH_TOP CC
mkdir -p "$GEN" || bench_die "cannot create $GEN"
FORK_COST=$FWD_BUILD/bench/fork-cost
if ! [ "$FORK_COST" -nt "$BENCH_TOP/bench/fork-cost.c" ]; then
	"$CC" -std=c11 -O2 -Wall -Wextra -Werror -D_GNU_SOURCE -o "$FORK_COST" \
		"$BENCH_TOP/bench/fork-cost.c" || bench_die "cannot build bench/fork-cost.c"
fi
chmod 755 "$GEN"
seq -w 1 100 | xargs -P 2 -I{} bash -c 'gen_plugin {}' ||
	bench_die "cannot build the generated plugins"

# The folders, each the three plugins plus n generated (copies: the loader
# takes only regular files owned by root or you, as an installed folder).
for n in $counts; do
	d=$BENCH_TMP/plugins-$n
	mkdir -m 755 "$d" && cp "$REAL"/*.so "$d"/ || bench_die "cannot fill $d"
	for i in $(seq -w 1 100 | head -n "$n"); do
		cp "$GEN/bench-$i.so" "$d"/
	done
	"$FWDISPATCH" detect --dmi-file "$DMI" --plugin-dir "$d" >"$BENCH_TMP/out-$n" 2>&1 ||
		bench_die "detect with $n generated plugins failed: $(cat "$BENCH_TMP/out-$n")"
	grep -q 'supermicro' "$BENCH_TMP/out-$n" ||
		bench_die "detect with $n generated plugins did not choose supermicro"
	[ "$(grep -c 'bench-' "$BENCH_TMP/out-$n")" -eq "$n" ] ||
		bench_die "detect did not list the $n generated plugins"
done

declare -A t=()
for ((r = 0; r < runs; r++)); do
	t[version]+=" $(bench_time_us "$FWDISPATCH" --version)"
	for n in $counts; do
		t[$n]+=" $(bench_time_us "$FWDISPATCH" detect --dmi-file "$DMI" \
			--plugin-dir "$BENCH_TMP/plugins-$n")"
	done
	t[fork]+=" $("$FORK_COST")"
done
declare -A m=()
for k in "${!t[@]}"; do
	# shellcheck disable=SC2086 # the list is numbers
	m[$k]=$(bench_median ${t[$k]})
done

bench_title "start-up and plugin choice (section 2): median of $runs runs"
bench_line "fwdispatch --version (start-up alone)" "$(bench_ms "${m[version]}")"
for n in $counts; do
	bench_line "detect, 3 + $n plugins" "$(bench_ms "${m[$n]}")   $(bench_ratio \
		"${m[$n]}" "${m[version]}") of --version"
done
last=${counts##* }
first=${counts%% *}
if [ "$last" != "$first" ]; then
	per=$(( (m[$last] - m[$first]) / (last - first) ))
	bench_line "per added plugin (3+$first .. 3+$last)" "$per us"
	for n in $counts; do
		[ "$n" = "$first" ] || [ "$n" = "$last" ] && continue
		bench_line "  per plugin from 3+$first to 3+$n" \
			"$(( (m[$n] - m[$first]) / (n - first) )) us"
	done
fi
bench_line "fork + _exit + wait, small C process" "${m[fork]} us   (2 forks per plugin)"
bench_line "goal: 3 plugins under 10 ms" \
	"$(awk -v u="${m[$first]}" 'BEGIN { print (u < 10000) ? "met" : "not met" }')"
exit 0
