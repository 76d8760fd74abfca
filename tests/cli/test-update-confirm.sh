#!/usr/bin/env bash
# On a terminal, and without --yes, update shows what it is about to do and
# asks; anything but "y" changes nothing.  On a terminal it also draws the
# upload's progress bar.  script(1) (util-linux, always on Debian) gives
# fwdispatch a pseudo-terminal; the answer is fed to it through a pipe.
. "$FWD_TOP/tests/cli/lib.sh"
sim_require
command -v script >/dev/null || fail "script(1) from util-linux is needed for this test"
# Plain text for the checks below; colour has a case of its own at the end.
export NO_COLOR=1 TERM=xterm

sim_start --profile other
old=$(mc_fw)
new=$(echo "$old" | awk -F. '{printf "%d.%02d", $1 + 1, $2}')
mkimage v500 "$new"

# on_terminal ANSWER EXPECTED-EXIT: update without --yes on a terminal,
# ANSWER typed at the prompt; the terminal's text in $T/tty.
on_terminal() {
	local answer=$1 want=$2 cmd got
	cmd=$(printf '%q ' "$FWDISPATCH" update --host "$FWD_SIM_HOST" --port "$FWD_SIM_PORT" \
		--user "$FWD_SIM_USER" --password-file "$FWD_SIM_PASSWORD_FILE" --cipher 3 \
		--state-dir "$T/state" --bmc "$T/v500.hpm")
	printf '%s' "$answer" | SHELL=/bin/bash script -qec "$cmd" /dev/null >"$T/tty" 2>&1
	got=$?
	if [ "$got" != "$want" ]; then
		cat "$T/tty" >&2
		fail "update on a terminal, answer '${answer%$'\n'}': exit $got, expected $want"
	fi
}

on_terminal $'n\n' 3
expect_in "$T/tty" "about to update"
expect_in "$T/tty" "BMC  $old -> $new"
expect_in "$T/tty" "proceed? [y/N]"
expect_in "$T/tty" "not confirmed: nothing was changed"
[ "$(log_count '^initiate')" = 0 ] || fail "answered no, yet the upgrade was initiated"
[ "$(mc_fw)" = "$old" ] || fail "answered no, yet the BMC runs $(mc_fw)"
ok "terminal, answer n: the plan shown, refused (exit 3), nothing sent"

on_terminal '' 3
expect_in "$T/tty" "not confirmed"
[ "$(log_count '^initiate')" = 0 ] || fail "no answer (end of input), yet the upgrade was initiated"
ok "terminal, end of input instead of an answer: refused, nothing sent"

# Ctrl-C at the question: the terminal turns it into SIGINT once the
# question is on the screen.  Nothing has started, so nothing waits.
mkfifo "$T/keys"
cmd=$(printf '%q ' "$FWDISPATCH" update --host "$FWD_SIM_HOST" --port "$FWD_SIM_PORT" \
	--user "$FWD_SIM_USER" --password-file "$FWD_SIM_PASSWORD_FILE" --cipher 3 \
	--state-dir "$T/state" --bmc "$T/v500.hpm")
SHELL=/bin/bash script -qec "$cmd" /dev/null <"$T/keys" >"$T/tty" 2>&1 &
pid=$!
exec 3>"$T/keys"
for _ in $(seq 600); do
	grep -q 'proceed?' "$T/tty" 2>/dev/null && break
	sleep 0.1
done
grep -q 'proceed?' "$T/tty" || { cat "$T/tty" >&2; fail "the question never came"; }
printf '\003' >&3
for _ in $(seq 300); do
	kill -0 "$pid" 2>/dev/null || break
	sleep 0.1
done
if kill -0 "$pid" 2>/dev/null; then
	exec 3>&-
	pkill -P "$pid" 2>/dev/null
	kill "$pid" 2>/dev/null
	cat "$T/tty" >&2
	fail "Ctrl-C at the question: still waiting 30 s later"
fi
wait "$pid"
got=$?
exec 3>&-
[ "$got" = 3 ] || { cat "$T/tty" >&2; fail "Ctrl-C at the question: exit $got, expected 3"; }
expect_in "$T/tty" "interrupted at the question: nothing was changed"
expect_not_in "$T/tty" "stop requested"
expect_not_in "$T/tty" "still waiting"
[ "$(log_count '^initiate')" = 0 ] || fail "Ctrl-C at the question, yet the upgrade was initiated"
ok "terminal, Ctrl-C at the question: ends at once (exit 3), no stop-at-a-safe-point talk, nothing sent"

on_terminal $'y\n' 0
expect_in "$T/tty" "proceed? [y/N]"
grep -q 'bmc-upload.*\[#*\] 100% ([0-9.]* KiB of [0-9.]* KiB' "$T/tty" ||
	{ cat "$T/tty" >&2; fail "no progress bar reaching 100%, in bytes, on the terminal"; }
grep -q '^\[ ok \] bmc-upload' "$T/tty" || fail "the step's line does not start a line of its own"
[ "$(log_count '^initiate')" = 1 ] || fail "answered y: expected one Initiate Upgrade"
expect_fw "$new" "after the confirmed update"
ok "terminal, answer y: updated to $new, with a progress bar"
sim_stop

# --- an upload that stops half-way: the progress line is ended before the step's FAIL line
sim_start --profile other --module-args 'stop_after_blocks=20'
PAYLOAD_SIZE=4000 mkimage v500 "$new"
on_terminal $'y\n' 4
grep -qE 'bmc-upload +\[#*\s*\] [0-9]%' "$T/tty" || { cat -A "$T/tty" >&2; fail "no progress before the failure"; }
grep -q '^\[FAIL\] bmc-upload' "$T/tty" ||
	{ cat -A "$T/tty" >&2; fail "the FAIL line follows the progress bar on the same line"; }
ok "terminal, an upload that stops part-way: the progress line ends before the FAIL line"
sim_stop

# --- colour on a terminal, one line per step; none with NO_COLOR
sim_start --profile other
mkimage v500 "$new"
unset NO_COLOR
on_terminal $'y\n' 0
esc=$'\033'
grep -qF "[${esc}[36m .. ${esc}[0m] identify" "$T/tty" || { cat -A "$T/tty" >&2; fail "no coloured begin tag"; }
# The step's end replaces its begin line: back to the start, erased, the end.
grep -qF $'\r'"${esc}[K[${esc}[32m ok ${esc}[0m] identify" "$T/tty" ||
	{ cat -A "$T/tty" >&2; fail "the end of 'identify' does not replace its begin line"; }
ok "terminal: coloured tags, the step's end line replaces its begin line"
NO_COLOR=1 on_terminal $'y\n' 0
! grep -q "${esc}\[[0-9;]*m" "$T/tty" || { cat -A "$T/tty" >&2; fail "colour although NO_COLOR is set"; }
grep -qF $'\r'"${esc}[K[ ok ] identify" "$T/tty" || fail "NO_COLOR: the step line is not replaced in place"
ok "NO_COLOR: no colour, steps still one line each"
sim_stop
