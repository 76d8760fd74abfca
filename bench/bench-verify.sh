#!/usr/bin/env bash
# bench-verify.sh: issue 14, section 1, image verification.
#
# `fwdispatch check` of an HPM.1 image (format, MD5 trailer, SHA-256 against
# its .sha256) and of a vendor image (random bytes: SHA-256 against its
# .sha256), against `openssl dgst` of each digest alone and against what an
# operator types by hand (sha256sum, then md5sum).  Goals: the HPM.1 check
# within 1.1x of the slower `openssl dgst`, the vendor check within 1.1x of
# `openssl dgst -sha256`; peak memory the same at every size.
#
# BENCH_QUICK=1: 64 MiB only, 3 rounds.  BENCH_VERIFY_SIZES="64 512" (MiB)
# and BENCH_ROUNDS override.  FWD_BENCH_OLD=/path/to/an/older/fwdispatch
# times that binary beside this one (before/after a change).
set -u
. "$(dirname "$0")/lib.sh"

MKHPM=${MKHPM:-$FWD_BUILD/tests/tools/mkhpm}
[ -x "$FWDISPATCH" ] || bench_die "no $FWDISPATCH: run make first"
[ -x "$MKHPM" ] || bench_die "no $MKHPM: run make test-build first"
command -v openssl >/dev/null || bench_die "openssl is not installed"
command -v sha256sum >/dev/null && command -v md5sum >/dev/null ||
	bench_die "sha256sum / md5sum missing (coreutils)"

if bench_quick; then
	sizes=${BENCH_VERIFY_SIZES:-64}
	rounds=${BENCH_ROUNDS:-3}
else
	sizes=${BENCH_VERIFY_SIZES:-64 512}
	rounds=${BENCH_ROUNDS:-7}
fi
old=${FWD_BENCH_OLD:-}
bench_tmpdir

# What an operator does by hand: both digests, one after the other.
by_hand() {
	sha256sum "$1" && md5sum "$1"
}

bench_title "image verification (section 1): median of $rounds rounds"
for mib in $sizes; do
	hpm=$BENCH_TMP/image-$mib.hpm
	bin=$BENCH_TMP/image-$mib.bin
	"$MKHPM" --out "$hpm" --size "${mib}M" --sha256-out "$hpm.sha256" >/dev/null ||
		bench_die "mkhpm could not write a $mib MiB image"
	head -c "$((mib << 20))" /dev/urandom >"$bin" || bench_die "cannot write $bin"
	(cd "$BENCH_TMP" && sha256sum "$(basename "$bin")" >"$bin.sha256")
	# Warm the page cache: every contender reads from memory, none from disk.
	cat "$hpm" "$bin" >/dev/null

	names=(check-hpm md5 sha256 hand check-vendor)
	[ -n "$old" ] && names+=(old-hpm)
	declare -A t=()
	for ((r = 0; r < rounds; r++)); do
		t[check-hpm]+=" $(bench_time_us "$FWDISPATCH" check "$hpm")"
		t[md5]+=" $(bench_time_us openssl dgst -md5 "$hpm")"
		t[sha256]+=" $(bench_time_us openssl dgst -sha256 "$hpm")"
		t[hand]+=" $(bench_time_us by_hand "$hpm")"
		t[check-vendor]+=" $(bench_time_us "$FWDISPATCH" check "$bin")"
		t[vsha256]+=" $(bench_time_us openssl dgst -sha256 "$bin")"
		[ -n "$old" ] && t[old-hpm]+=" $(bench_time_us "$old" check "$hpm")"
	done
	declare -A m=()
	for k in "${!t[@]}"; do
		# shellcheck disable=SC2086 # the list is numbers
		m[$k]=$(bench_median ${t[$k]})
	done
	slower=${m[md5]}
	slower_name=md5
	if [ "${m[sha256]}" -gt "$slower" ]; then
		slower=${m[sha256]}
		slower_name=sha256
	fi

	echo "  -- $mib MiB"
	bench_line "fwdispatch check (HPM.1)" "$(bench_ms "${m[check-hpm]}")"
	bench_line "openssl dgst -md5" "$(bench_ms "${m[md5]}")"
	bench_line "openssl dgst -sha256" "$(bench_ms "${m[sha256]}")"
	bench_line "sha256sum then md5sum (by hand)" "$(bench_ms "${m[hand]}")"
	bench_line "fwdispatch check (vendor, .sha256)" "$(bench_ms "${m[check-vendor]}")"
	bench_line "openssl dgst -sha256 (vendor)" "$(bench_ms "${m[vsha256]}")"
	[ -n "$old" ] && bench_line "older fwdispatch check (HPM.1)" "$(bench_ms "${m[old-hpm]}")"
	bench_line "ratio HPM.1 / slower openssl ($slower_name)" \
		"$(bench_ratio "${m[check-hpm]}" "$slower")   (goal <= 1.10x)"
	bench_line "ratio HPM.1 / by hand" "$(bench_ratio "${m[check-hpm]}" "${m[hand]}")"
	bench_line "ratio vendor / openssl -sha256" \
		"$(bench_ratio "${m[check-vendor]}" "${m[vsha256]}")   (goal <= 1.10x)"
	[ -n "$old" ] && bench_line "ratio HPM.1 / older fwdispatch" \
		"$(bench_ratio "${m[check-hpm]}" "${m[old-hpm]}")"
	bench_line "peak RSS check HPM.1 / vendor" \
		"$(bench_peak_rss_kib "$FWDISPATCH" check "$hpm") KiB /" \
		"$(bench_peak_rss_kib "$FWDISPATCH" check "$bin") KiB"
	bench_line "peak RSS openssl dgst -md5" "$(bench_peak_rss_kib openssl dgst -md5 "$hpm") KiB"
	unset t m
	rm -f "$hpm" "$hpm.sha256" "$bin" "$bin.sha256"
done
exit 0
