#!/usr/bin/env bash
# Every fuzz target's seed corpus, the regress-* inputs that once found a
# bug among them, replayed through the target without libFuzzer
# (tests/fuzz/replay-main.c, built by the normal build): a parser change
# that breaks an invariant a target checks, or crashes on a kept input,
# fails here, with gcc, and under ASan + UBSan with SAN=1.  The fuzzing
# itself is `make fuzz` / `make fuzz-smoke` (clang; tests/fuzz/README.md).
. "$FWD_TOP/tests/cli/lib.sh"

replay=$FWD_BUILD/tests/fuzz-replay
targets=0
for corpus in "$FWD_TOP"/tests/fuzz/corpus/*/; do
	name=$(basename "$corpus")
	bin=$replay/fuzz_$name
	[ -x "$bin" ] || fail "no replay build of the fuzz target '$name': $bin"
	"$bin" "$corpus" >"$T/out" 2>"$T/err" ||
		fail "fuzz target '$name' failed on its corpus: $(tail -5 "$T/err")"
	expect_in "$T/out" "replayed "
	targets=$((targets + 1))
done
[ "$targets" -ge 19 ] || fail "only $targets corpora in tests/fuzz/corpus"
for src in "$FWD_TOP"/tests/fuzz/fuzz_*.c; do
	name=$(basename "$src" .c)
	[ -d "$FWD_TOP/tests/fuzz/corpus/${name#fuzz_}" ] || fail "$name has no seed corpus"
done
ok "every fuzz target replays its seed corpus and regress-* inputs ($targets targets)"
