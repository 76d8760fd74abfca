#!/usr/bin/env bash
# The man pages cannot drift from the source: fwdispatch(1) is generated
# from the CLI's --help (make man), so every command and every option of
# every command is in it, with the exit codes; its hand-written ENVIRONMENT
# names every FWDISPATCH_* variable the code reads (tests' own aside); and
# fwdispatch-plugin(7) names every vtable entry and host service of the
# header and its ABI.  groff reads both without a warning.
. "$FWD_TOP/tests/cli/lib.sh"

make -C "$FWD_TOP" --no-print-directory -s man ${FWD_SAN:+SAN=$FWD_SAN} >"$T/make.log" 2>&1 ||
	{ cat "$T/make.log"; fail "make man"; }
man1=$FWD_BUILD/man/fwdispatch.1
man7=$FWD_BUILD/man/fwdispatch-plugin.7
[ -s "$man1" ] && [ -s "$man7" ] || fail "make man wrote no pages"
# The page as text: roff's escapes undone, as a reader sees it.
text() { sed -e 's/\\-/-/g' -e 's/\\f[BIR]//g' -e 's/\\e/\\/g' "$1"; }
text "$man1" >"$T/man1.txt"
text "$man7" >"$T/man7.txt"

n=0
while read -r cmd; do
	grep -qx "\.SS $cmd" "$man1" || fail "fwdispatch.1 has no section for '$cmd'"
	while read -r opt; do
		grep -qE -- "^(-[A-Za-z], )?$opt( |\$)" <(sed -n "/^\.SS $cmd\$/,/^\.S[SH] /p" "$man1" |
			text /dev/stdin) ||
			fail "fwdispatch.1: '$cmd' lacks $opt"
		n=$((n + 1))
	done < <("$FWDISPATCH" "$cmd" --help | awk '/^options:$/ { on = 1; next }
		on && /^ *-/ { sub(/^ +/, ""); sub(/^-[A-Za-z], /, ""); split($0, t, " "); print t[1] }')
done < <("$FWDISPATCH" --help | awk '/^commands:/ { on = 1; next } on && /^$/ { exit } on { print $1 }')
[ "$n" -gt 100 ] || fail "only $n options were found to check"
for code in 0 1 2 3 4 5 6 7 8 9 10; do
	sed -n '/^\.SH "EXIT STATUS"/,/^\.SH /p' "$man1" | grep -qx "$code" || fail "exit code $code missing"
done
ok "fwdispatch.1: every command, each of its $n options, every exit code"

vars=$(grep -rhoE '"(FWDISPATCH_[A-Z_]+|IPMI_PASSWORD|NO_COLOR)"' "$FWD_TOP/core" "$FWD_TOP/plugins" |
	tr -d '"' | grep -v '^FWDISPATCH_TEST_' | sort -u)
for tool in IPMITOOL SUM RACADM; do vars="$vars FWDISPATCH_$tool"; done
for v in $vars; do
	sed -n '/^\.SH ENVIRONMENT/,/^\.SH /p' "$man1" | grep -q "$v" || fail "ENVIRONMENT lacks $v"
done
ok "fwdispatch.1's ENVIRONMENT names every variable the code reads: $(echo $vars)"

h=$FWD_TOP/include/fwdispatch/fwd_plugin.h
members() { sed -n "/^struct $1 {/,/^};/p" "$h" | grep -oE '\(\*[a-z_]+\)' | tr -d '(*)'; }
for m in $(members fwd_plugin) $(members fwd_host_api); do
	grep -qw -- "$m" "$T/man7.txt" || fail "fwdispatch-plugin.7 does not name '$m'"
done
major=$(sed -n 's/^#define FWD_ABI_MAJOR \([0-9]*\)$/\1/p' "$h")
minor=$(sed -n 's/^#define FWD_ABI_MINOR \([0-9]*\)$/\1/p' "$h")
grep -q "(ABI $major\.$minor)" "$T/man7.txt" || fail "fwdispatch-plugin.7 does not say ABI $major.$minor"
ok "fwdispatch-plugin.7 names every vtable entry and host service, and ABI $major.$minor"

if command -v groff >/dev/null; then
	for p in "$man1" "$man7"; do
		groff -man -ww -z "$p" 2>"$T/groff.err" || fail "groff failed on $p"
		[ ! -s "$T/groff.err" ] || fail "groff warns on $(basename "$p"): $(head -3 "$T/groff.err")"
	done
	ok "groff reads both pages without a warning"
fi
