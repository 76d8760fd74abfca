#!/usr/bin/env bash
# A BMC that answers and refuses the session is not a BMC that does not
# answer: a wrong password, user or cipher suite exits 9 with the JSON
# code bmc-auth-refused and a message that names the user, where the
# password came from and the cipher suite; a port where nothing listens
# exits 6 and says nothing answered at all.  Nothing is flashed either way.
. "$FWD_TOP/tests/cli/lib.sh"
sim_require
sim_start --profile supermicro
mkimage v172 1.72
printf 'not-the-password\n' >"$T/wrong"
chmod 600 "$T/wrong"

# auth_case EXIT CODE TEXT OPTIONS...: `update --json` with OPTIONS as the
# target exits EXIT, error.code CODE, error.message contains TEXT, and the
# BMC saw no upgrade command.
auth_case() {
	local want=$1 code=$2 text=$3
	shift 3
	run "$want" "$FWDISPATCH" update --yes --json --state-dir "$T/state" --bmc "$T/v172.hpm" \
		--host "$FWD_SIM_HOST" "$@"
	one_json "$T/out"
	jeq "$T/out" error.code "$code"
	jeq "$T/out" error.exit_code "$want"
	"$JGET" -f "$T/out" error.message | grep -qF -- "$text" ||
		fail "error.message lacks '$text': $("$JGET" -f "$T/out" error.message)"
	[ "$(log_count '^initiate')" = 0 ] || fail "an upgrade was started"
}

auth_case 9 bmc-auth-refused "refused the password (user '$FWD_SIM_USER', the password from '$T/wrong', cipher suite 3)" \
	--port "$FWD_SIM_PORT" --user "$FWD_SIM_USER" --password-file "$T/wrong" --cipher 3
expect_in "$T/err" "answered and refused the password"
ok "wrong password: exit 9, bmc-auth-refused, user, password file and cipher named"

auth_case 9 bmc-auth-refused "has no user 'nobody'" \
	--port "$FWD_SIM_PORT" --user nobody --password-file "$FWD_SIM_PASSWORD_FILE" --cipher 3
ok "unknown user: exit 9, the user named"

auth_case 9 bmc-auth-refused "refused the cipher suite (user '$FWD_SIM_USER'" \
	--port "$FWD_SIM_PORT" --user "$FWD_SIM_USER" --password-file "$FWD_SIM_PASSWORD_FILE" --cipher 17
jget_msg=$("$JGET" -f "$T/out" error.message)
case $jget_msg in *"cipher suite 17"*"--cipher"*) ;; *) fail "cipher 17 and --cipher not named: $jget_msg";; esac
ok "cipher suite the BMC refuses: exit 9, the suite named, --cipher suggested"

IPMI_PASSWORD=not-the-password auth_case 9 bmc-auth-refused "the password from IPMI_PASSWORD" \
	--port "$FWD_SIM_PORT" --user "$FWD_SIM_USER" --cipher 3
expect_not_in "$T/out" "not-the-password"
expect_not_in "$T/err" "not-the-password"
ok "password from IPMI_PASSWORD: named as its source, never shown"

# A port nobody listens on: the sim's port + 1 is not the sim's.
auth_case 6 bmc-unreachable "did not answer 'mc info' at all" \
	--port $((FWD_SIM_PORT + 1)) --user "$FWD_SIM_USER" --password-file "$FWD_SIM_PASSWORD_FILE" --cipher 3
ok "nothing listening: exit 6, 'did not answer at all'"

# The right credentials still work after all that (nothing was locked out).
fwd_update_json 0 --bmc "$T/v172.hpm"
jeq "$T/out" bmc.after 1.72
ok "the right credentials flash as before"
sim_stop
