#!/usr/bin/env bash
# `fwdispatch inventory` against the simulated Supermicro BMC with real
# ipmitool: after an update, its JSON names the plugin, the version the BMC
# runs now and the last update's result from the history; --prometheus is
# valid text exposition format (promtool's check where installed, our own
# line check always), written atomically with --output; --targets reads
# each line in turn, an unreachable BMC listed as down with its error (exit
# 1, the document written all the same); a targets file that is a symbolic
# link, or writable by others, is refused before any BMC is asked.
. "$FWD_TOP/tests/cli/lib.sh"
sim_require

sim_start --profile supermicro --module-args 'activation=reset' --reset-silence 2
mkimage v172 1.72
fwd_update 0 --bmc "$T/v172.hpm" --bmc-timeout 60
# shellcheck disable=SC2046
run 0 "$FWDISPATCH" inventory --json $(target_opts) --state-dir "$T/state"
one_json "$T/out"
jeq "$T/out" targets.0.up true
jeq "$T/out" targets.0.plugin supermicro
jeq "$T/out" targets.0.bmc 1.72
jeq "$T/out" targets.0.last_update.result ok
jeq "$T/out" targets.0.last_update.component bmc
jeq "$T/out" targets.0.error null
ok "inventory --json: plugin, the BMC's 1.72, the last update ok from the history"

# Prometheus: every sample line is NAME{LABELS} VALUE or NAME VALUE, every
# metric is declared, the BMC's version is a label.
# shellcheck disable=SC2046
run 0 "$FWDISPATCH" inventory --prometheus $(target_opts) --state-dir "$T/state" \
	--output "$T/fwdispatch.prom"
[ ! -s "$T/out" ] || fail "--output also wrote to stdout"
[ "$(stat -c %a "$T/fwdispatch.prom")" = 644 ] || fail "the metrics file is not mode 0644"
grep -vE '^(# (HELP|TYPE) fwdispatch_[a-z_]+ .+|fwdispatch_[a-z_]+(\{([a-z_]+="([^"\\]|\\.)*",?)+\})? -?[0-9.e+]+)$' \
	"$T/fwdispatch.prom" >"$T/bad" && fail "lines not in the exposition format: $(cat "$T/bad")"
grep -q "^fwdispatch_inventory_up{target=\"$FWD_SIM_HOST:$FWD_SIM_PORT\"} 1$" "$T/fwdispatch.prom" ||
	fail "no up sample"
grep -q 'fwdispatch_firmware_info{.*component="bmc",version="1.72",plugin="supermicro"' \
	"$T/fwdispatch.prom" || fail "no firmware_info sample for the BMC"
grep -q '^fwdispatch_last_update_success{.*} 1$' "$T/fwdispatch.prom" || fail "no last update"
command -v promtool >/dev/null ||
	fail "promtool is not installed (Debian: prometheus, which contrib/ensure-deps check installs)"
promtool check metrics <"$T/fwdispatch.prom" >"$T/promtool.out" 2>&1 ||
	fail "promtool check metrics: $(cat "$T/promtool.out")"
promtool check rules "$FWD_TOP/contrib/prometheus/fwdispatch-alerts.yml" >"$T/rules.out" 2>&1 ||
	fail "promtool check rules: $(cat "$T/rules.out")"
# The example rules use only metrics the inventory writes (and the approved list's).
grep -oE 'fwdispatch_[a-z_]+' "$FWD_TOP/contrib/prometheus/fwdispatch-alerts.yml" | sort -u |
	grep -v '^fwdispatch_approved_firmware_info$' | while read -r m; do
		grep -q "^# TYPE $m gauge$" "$T/fwdispatch.prom" || echo "$m"
	done >"$T/unknown"
[ ! -s "$T/unknown" ] || fail "the alert rules use metrics the inventory lacks: $(cat "$T/unknown")"
ok "--prometheus --output: exposition format, mode 0644, up, firmware_info, last update"

# --targets: this BMC and one that does not answer.
printf '# the lab\n%s:%s ipmi\n\n127.0.0.1:9  # nobody\n' "$FWD_SIM_HOST" "$FWD_SIM_PORT" \
	>"$T/targets"
chmod 0600 "$T/targets"
run 1 "$FWDISPATCH" inventory --json --targets "$T/targets" --user "$FWD_SIM_USER" \
	--password-file "$FWD_SIM_PASSWORD_FILE" --cipher 3 --state-dir "$T/state"
one_json "$T/out"
jeq "$T/out" targets.0.up true
jeq "$T/out" targets.0.bmc 1.72
jeq "$T/out" targets.1.target 127.0.0.1:9
jeq "$T/out" targets.1.up false
jeq "$T/out" targets.1.error.code bmc-unreachable
[ "$("$JGET" -f "$T/out" -l targets)" = 2 ] || fail "not two targets"
ok "--targets: each line read in turn; the silent BMC listed as down with its error (exit 1)"

# A list that says where the password goes must be the operator's own.
ln -s "$T/targets" "$T/targets-link"
run 3 "$FWDISPATCH" inventory --targets "$T/targets-link" --user "$FWD_SIM_USER" \
	--password-file "$FWD_SIM_PASSWORD_FILE" --state-dir "$T/state"
expect_in "$T/err" "is a symbolic link"
chmod 0666 "$T/targets"
run 3 "$FWDISPATCH" inventory --targets "$T/targets" --user "$FWD_SIM_USER" \
	--password-file "$FWD_SIM_PASSWORD_FILE" --state-dir "$T/state"
expect_in "$T/err" "writable by others"
printf 'a b c\n' >"$T/bad-targets" && chmod 0600 "$T/bad-targets"
run 2 "$FWDISPATCH" inventory --targets "$T/bad-targets" --user "$FWD_SIM_USER" \
	--password-file "$FWD_SIM_PASSWORD_FILE" --state-dir "$T/state"
expect_in "$T/err" "line 1"
ok "a targets file that is a link, writable by others, or malformed: refused, no BMC asked"
