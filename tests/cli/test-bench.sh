#!/usr/bin/env bash
# The benchmarks (bench/, `make bench`) are not run here, only kept
# working: every script parses, bench/lib.sh's arithmetic is right, the
# smallest pass of bench-verify.sh runs and prints its ratios, and a broken
# set-up (a missing or failing fwdispatch) stops a script with an error
# rather than printing figures of nothing.
. "$FWD_TOP/tests/cli/lib.sh"

n=0
for s in "$FWD_TOP"/bench/lib.sh "$FWD_TOP"/bench/bench-*.sh; do
	bash -n "$s" 2>"$T/err" || fail "$(basename "$s") does not parse: $(cat "$T/err")"
	n=$((n + 1))
done
[ "$n" -ge 3 ] || fail "only $n scripts in bench/"
ok "every bench script parses ($n)"

(
	. "$FWD_TOP/bench/lib.sh"
	[ "$(bench_median 5 1 3)" = 3 ] || exit 1
	[ "$(bench_median 4 1 3 2)" = 2 ] || exit 2
	[ "$(bench_median 7)" = 7 ] || exit 3
	[ "$(bench_ratio 3 2)" = 1.50x ] || exit 4
	[ "$(bench_ratio 3 0)" = n/a ] || exit 5
	[ "$(bench_ms 1234)" = "1.2 ms" ] || exit 6
	us=$(bench_time_us sleep 0.05)
	[ "$us" -ge 50000 ] && [ "$us" -lt 5000000 ] || exit 7
) || fail "bench/lib.sh helper check $? is wrong"
ok "bench/lib.sh: median, ratio, milliseconds and the clock"

# 2 MiB: past the 1 MiB from which MD5 runs on its own thread.
BENCH_QUICK=1 BENCH_VERIFY_SIZES=2 BENCH_ROUNDS=1 bash "$FWD_TOP/bench/bench-verify.sh" \
	>"$T/out" 2>"$T/err" || fail "bench-verify.sh failed: $(cat "$T/err")"
expect_in "$T/out" "-- 2 MiB"
grep -Eq 'ratio HPM.1 / slower openssl \((md5|sha256)\) +[0-9]+\.[0-9]{2}x' "$T/out" ||
	fail "no HPM.1 ratio in: $(cat "$T/out")"
grep -Eq 'ratio vendor / openssl -sha256 +[0-9]+\.[0-9]{2}x' "$T/out" ||
	fail "no vendor ratio in: $(cat "$T/out")"
grep -Eq 'peak RSS check HPM.1 / vendor +([0-9]+|n/a) KiB' "$T/out" ||
	fail "no peak memory in: $(cat "$T/out")"
ok "the smallest pass of bench-verify.sh prints its ratios and peak memory"

for bad in "$T/no-such-fwdispatch" /bin/false; do
	rc=0
	FWDISPATCH=$bad BENCH_QUICK=1 BENCH_VERIFY_SIZES=2 BENCH_ROUNDS=1 \
		bash "$FWD_TOP/bench/bench-verify.sh" >"$T/out" 2>"$T/err" || rc=$?
	[ "$rc" = 1 ] || fail "bench-verify.sh with fwdispatch $bad: exit $rc, not 1"
	expect_in "$T/err" "bench: "
	expect_not_in "$T/out" "ratio"
done
ok "a broken set-up stops bench-verify.sh with exit 1 and no figures"

# bench-fleet.sh's smallest pass: two simulated BMCs at once (seconds).
# It needs ipmitool and ipmi_sim; without them this part is passed over.
if ! command -v ipmitool >/dev/null || ! command -v ipmi_sim >/dev/null; then
	echo "# bench-fleet.sh not run: no ipmitool or ipmi_sim"
	exit 0
fi
timeout 300 env BENCH_FLEET_SIZES=2 BENCH_FLEET_SILENCE=1 bash "$FWD_TOP/bench/bench-fleet.sh" \
	>"$T/out" 2>"$T/err" || fail "bench-fleet.sh failed: $(cat "$T/err")"
expect_in "$T/out" "== N=2"
grep -Eq 'per run: peak RSS median / max +[0-9]+ / [0-9]+ KiB' "$T/out" ||
	fail "no peak memory in: $(cat "$T/out")"
expect_in "$T/out" "interference                                 none: 2 runs exit 0"
ok "the smallest pass of bench-fleet.sh updates two BMCs at once and finds no interference"

# A history line lost is interference, a broken result: exit 1 and why.
# This fwdispatch removes the history's last line after each update.
cat >"$T/fwd-loses-history" <<'WRAP'
#!/usr/bin/env bash
"$FWD_REAL" "$@"
rc=$?
if [ "$1" = update ]; then
	while [ $# -gt 0 ] && [ "$1" != --state-dir ]; do shift; done
	sed -i '$d' "$2/history.jsonl"
fi
exit "$rc"
WRAP
chmod +x "$T/fwd-loses-history"
rc=0 real=$FWDISPATCH
FWD_REAL=$real FWDISPATCH=$T/fwd-loses-history BENCH_FLEET_SIZES=1 BENCH_FLEET_SILENCE=1 \
	timeout 300 bash "$FWD_TOP/bench/bench-fleet.sh" >"$T/out" 2>"$T/err" || rc=$?
[ "$rc" = 1 ] || fail "bench-fleet.sh with a lost history line: exit $rc, not 1"
expect_in "$T/err" "history: 0 new entries after N=1 runs, not 1"
expect_not_in "$T/out" "interference "
ok "a lost history line stops bench-fleet.sh with exit 1 and says so"
