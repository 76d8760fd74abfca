#!/usr/bin/env bash
# A process that holds the BMC password leaves no core dump: fwdispatch's
# core size limit is 0 and so is that of the tools it starts (a stand-in
# ipmitool reads both, its parent's in /proc).  A password file that cannot
# hold one says why, without showing it.
. "$FWD_TOP/tests/cli/lib.sh"
[ -r /proc/self/limits ] || { echo "skip: no /proc/self/limits"; exit 77; }

cat >"$T/ipmitool" <<SH
#!/bin/sh
grep '^Max core file size' /proc/\$PPID/limits >"$T/limits.parent"
ulimit -c >"$T/limits.self"
echo "Error: Unable to establish IPMI v2 / RMCP+ session" >&2
exit 1
SH
chmod 755 "$T/ipmitool"
printf 'secret-pw\n' >"$T/pw"
chmod 600 "$T/pw"
# Whatever the shell running the tests allows, fwdispatch must not.
ulimit -c unlimited 2>/dev/null || ulimit -c 1000 2>/dev/null || true
FWDISPATCH_IPMITOOL=$T/ipmitool run 6 "$FWDISPATCH" backup --state-dir "$T/state" \
	--host 192.0.2.1 --user admin --password-file "$T/pw"
[ -s "$T/limits.parent" ] || fail "the stand-in ipmitool did not run"
read -r _ _ _ _ soft hard _ <"$T/limits.parent"
[ "$soft" = 0 ] && [ "$hard" = 0 ] || fail "fwdispatch's core limit is not 0: $(cat "$T/limits.parent")"
[ "$(cat "$T/limits.self")" = 0 ] || fail "the tool's core limit is $(cat "$T/limits.self")"
ok "fwdispatch and the ipmitool it starts: core file size 0 (soft and hard)"

# A password file whose one line is too long is said to be that, not "empty".
head -c 300 /dev/zero | tr '\0' a >"$T/pw300"
chmod 600 "$T/pw300"
run 3 "$FWDISPATCH" backup --state-dir "$T/state" --host 192.0.2.1 --user admin \
	--password-file "$T/pw300"
expect_in "$T/err" "has a first line too long for a password"
expect_not_in "$T/err" "aaaaaaaa"
ok "a 300-byte password line: 'too long' (exit 3), the text not shown"

# A tool that echoes the password it was given (sum does in some errors):
# it goes no further than the tool.
cat >"$T/ipmitool-echo" <<'SH'
#!/bin/sh
echo "Error: login with password '$IPMI_PASSWORD' refused by the remote" >&2
exit 1
SH
chmod 755 "$T/ipmitool-echo"
FWDISPATCH_IPMITOOL=$T/ipmitool-echo run 6 "$FWDISPATCH" backup --json --state-dir "$T/state" \
	--host 192.0.2.1 --user admin --password-file "$T/pw"
expect_in "$T/err" "login with password '*********' refused"
expect_not_in "$T/err" "secret-pw"
expect_not_in "$T/out" "secret-pw"
ok "a tool that echoes the password: scrubbed to '*' before fwdispatch shows or stores it"
