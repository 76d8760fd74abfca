#!/usr/bin/env bash
# The config file: defaults from it are used (user, password file, cipher
# suite, state folder, waits, plugin folder) against the simulated BMC;
# the command line and the environment win over it; a file that may not
# be trusted is refused (exit 3) and a wrong line named with its number
# (exit 2), in one JSON document with --json; which file is read
# (--config, $FWDISPATCH_CONFIG, --no-config); and the example shipped
# with fwdispatch is a valid config file.  lib.sh sets
# FWDISPATCH_CONFIG=/dev/null, so no other test reads one.
. "$FWD_TOP/tests/cli/lib.sh"
sim_require

sim_start --profile supermicro
mkimage v172 1.72

conf=$T/fwd.conf
cat >"$conf" <<EOF
# what the operator would otherwise type every time
user = $FWD_SIM_USER
password-file = $FWD_SIM_PASSWORD_FILE
cipher = 3
state-dir = $T/cfgstate

bmc-timeout = 77
job-timeout = 99
EOF
chmod 644 "$conf"
export FWDISPATCH_CONFIG=$conf
host=(--host "$FWD_SIM_HOST" --port "$FWD_SIM_PORT")

# --- defaults from the file
run 0 "$FWDISPATCH" backup "${host[@]}" --json
one_json "$T/out"
backup=$("$JGET" -f "$T/out" backup)
case $backup in
"$T/cfgstate/backups/"*) ;;
*) fail "the backup went to '$backup', not the config file's state folder" ;;
esac
[ -s "$backup" ] || fail "no backup at '$backup'"
ok "backup given only --host/--port: user, password file, cipher, state folder from the file"

run 0 "$FWDISPATCH" update "${host[@]}" --bmc "$T/v172.hpm" --dry-run --json
one_json "$T/out"
grep -q -- "-U $FWD_SIM_USER -C 3 -E" "$T/out" ||
	fail "the plan does not use the file's user and cipher"
jeq "$T/out" options.bmc_wait_s 77
jeq "$T/out" options.job_wait_s 99
ok "update --dry-run: the plan has the file's user and cipher, and its bmc-timeout and job-timeout"

# --- the command line wins
run 0 "$FWDISPATCH" update "${host[@]}" --bmc "$T/v172.hpm" --dry-run --json --bmc-timeout 88
jeq "$T/out" options.bmc_wait_s 88
jeq "$T/out" options.job_wait_s 99
run 0 "$FWDISPATCH" backup "${host[@]}" --state-dir "$T/other" --json
case $("$JGET" -f "$T/out" backup) in
"$T/other/backups/"*) ;;
*) fail "--state-dir on the command line did not win over the file" ;;
esac
run 9 "$FWDISPATCH" backup "${host[@]}" --user nosuchuser
expect_in "$T/err" "'nosuchuser'"
ok "--bmc-timeout, --state-dir and --user on the command line win over the file"

# In-band needs no credentials: the file's are not used, and not an error.
run 3 "$FWDISPATCH" status --json
one_json "$T/out"
expect_in "$T/err" "no update has run with state folder '$T/cfgstate'"
expect_not_in "$T/err" "needs --host"
ok "in-band (no --host): the file's user and password file are left unused"

# --- the environment wins too; the plugin folder from the file
mkdir -m 755 "$T/plugins"
install -m 0644 "$FWDISPATCH_PLUGIN_DIR/dell.so" "$T/plugins/"
printf 'plugin-dir = %s\n' "$T/plugins" >"$T/plugins.conf"
chmod 600 "$T/plugins.conf"
run 0 env -u FWDISPATCH_PLUGIN_DIR "$FWDISPATCH" plugins --config "$T/plugins.conf"
expect_in "$T/out" "plugin folder: $T/plugins"
run 0 "$FWDISPATCH" plugins --config "$T/plugins.conf"
expect_in "$T/out" "plugin folder: $FWDISPATCH_PLUGIN_DIR"
ok "plugin-dir from the file; \$FWDISPATCH_PLUGIN_DIR wins over it"

# --- which file
run 0 "$FWDISPATCH" history
expect_in "$T/out" "recorded in $T/cfgstate yet"
run 0 "$FWDISPATCH" history --no-config --state-dir "$T/none"
expect_in "$T/out" "recorded in $T/none yet"
run 0 "$FWDISPATCH" history --no-config
expect_not_in "$T/out" "$T/cfgstate"
FWDISPATCH_CONFIG=/dev/null run 0 "$FWDISPATCH" history
expect_not_in "$T/out" "$T/cfgstate"
run 2 "$FWDISPATCH" history --config "$T/missing.conf"
expect_in "$T/err" "cannot open config file '$T/missing.conf'"
FWDISPATCH_CONFIG=$T/missing.conf run 2 "$FWDISPATCH" history
run 2 "$FWDISPATCH" history --config "$conf" --no-config
ok "\$FWDISPATCH_CONFIG, --no-config and /dev/null; a file named but missing is exit 2"

# --- refused: not a file fwdispatch may trust (exit 3), nothing done
cp "$conf" "$T/group.conf"
chmod 664 "$T/group.conf"
run 3 "$FWDISPATCH" backup "${host[@]}" --config "$T/group.conf" --state-dir "$T/refused"
expect_in "$T/err" "config file '$T/group.conf' is writable by its group (mode 0664)"
[ ! -e "$T/refused" ] || fail "a refused config file, yet the backup ran"
run 3 "$FWDISPATCH" backup "${host[@]}" --config "$T/group.conf" --json
one_json "$T/out"
jeq "$T/out" error.code refused
jeq "$T/out" error.exit_code 3
ln -s "$conf" "$T/link.conf"
run 3 "$FWDISPATCH" history --config "$T/link.conf"
expect_in "$T/err" "is a symbolic link"
ok "a group-writable config file or a symbolic link: exit 3, nothing run, one JSON document"

# --- a wrong line: named with its number (exit 2), its value never shown
printf 'user = a\n# comment\n\nusr = ADMIN\n' >"$T/typo.conf"
chmod 600 "$T/typo.conf"
run 2 "$FWDISPATCH" backup "${host[@]}" --config "$T/typo.conf" --json
one_json "$T/out"
jeq "$T/out" error.code usage
expect_in "$T/err" "config file '$T/typo.conf' line 4: unknown key 'usr': did you mean 'user'?"
printf 'password = s3cr3t-in-the-file\n' >"$T/password.conf"
chmod 600 "$T/password.conf"
run 2 "$FWDISPATCH" history --config "$T/password.conf"
expect_in "$T/err" "line 1: a password is never kept in the config file"
expect_not_in "$T/err" "s3cr3t"
# Values go through the options' own checks, also for a command that
# does not take the option.
printf 'state-dir = %s\nbmc-timeout = 0\n' "$T/cfgstate" >"$T/value.conf"
chmod 600 "$T/value.conf"
run 2 "$FWDISPATCH" history --config "$T/value.conf"
expect_in "$T/err" "config file '$T/value.conf' line 2: --bmc-timeout '0' is not a number"
ok "unknown key, password and bad value: exit 2 naming the line, the password never echoed"

# --- resume keeps the interrupted run's waits, not the file's
FWDISPATCH=$FWDISPATCH_HOOKED FWDISPATCH_TEST_KILL_AFTER=identify \
	run 137 "$FWDISPATCH_HOOKED" update "${host[@]}" --yes --bmc "$T/v172.hpm" --bmc-timeout 333
printf 'bmc-timeout = 44\n' >>"$conf"
sed -i '/^bmc-timeout = 77$/d' "$conf"
run 0 "$FWDISPATCH" resume "${host[@]}" --yes --json
jeq "$T/out" result ok
jeq "$T/out" options.bmc_wait_s 333
expect_fw 1.72 "after the resume"
ok "resume: the run's --bmc-timeout 333, not the file's 44"

# --- the example shipped with fwdispatch is a valid config file
install -m 0600 "$FWD_TOP/etc/fwdispatch.conf.example" "$T/example.conf"
run 0 "$FWDISPATCH" history --config "$T/example.conf" --state-dir "$T/cfgstate"
sed -n 's/^#\([a-z-]* = .*\)$/\1/p' "$T/example.conf" >"$T/example-set.conf"
chmod 600 "$T/example-set.conf"
[ "$(wc -l <"$T/example-set.conf")" -ge 7 ] || fail "the example does not show every key"
run 0 "$FWDISPATCH" history --config "$T/example-set.conf" --state-dir "$T/cfgstate"
ok "etc/fwdispatch.conf.example reads as it is and with every key uncommented"
sim_stop
