#!/usr/bin/env bash
# The simulated BMC's power supplies and SEL, as real ipmitool reads them
# (tests/sim/fwd-sim --psu, --psu-redundancy, --sel-*, "fwd-sim event";
# issue 13): each supply state and the redundancy sensor in `sdr type
# "Power Supply"`, none without --psu; a small SEL filled to overflow; the
# SEL clock set to the host's (or left counting from boot); an event added
# now and one a day old, stamped by the BMC's clock; bad options refused.
. "$FWD_TOP/tests/cli/lib.sh"
sim_require

# sdr_state ENTITY: the state text of the `sdr type "Power Supply"` line in $T/sdr
# whose entity column is ENTITY ("10.2").
sdr_state() {
	awk -F'|' -v e="$1" '{ x = $4; gsub(/ /, "", x); if (x == e) { s = $5; sub(/^ /, "", s);
		sub(/ *$/, "", s); print s } }' "$T/sdr"
}

sim_start --profile supermicro --psu ok,failed,predictive,ac-lost,absent,unreadable \
	--psu-redundancy lost
ipmi sdr type "Power Supply" >"$T/sdr" || fail "sdr type \"Power Supply\" failed"
[ "$(sdr_state 10.1)" = "Presence detected" ] || fail "PS1: '$(sdr_state 10.1)'"
[ "$(sdr_state 10.2)" = "Presence detected, Failure detected" ] || fail "PS2: '$(sdr_state 10.2)'"
[ "$(sdr_state 10.3)" = "Presence detected, Predictive failure" ] ||
	fail "PS3: '$(sdr_state 10.3)'"
[ "$(sdr_state 10.4)" = "Presence detected, Power Supply AC lost" ] ||
	fail "PS4: '$(sdr_state 10.4)'"
[ "$(sdr_state 10.5)" = "" ] || fail "PS5 (absent): '$(sdr_state 10.5)'"
[ "$(sdr_state 10.6)" = "Disabled" ] || fail "PS6 (unreadable): '$(sdr_state 10.6)'"
[ "$(sdr_state 7.1)" = "Redundancy Lost" ] || fail "redundancy: '$(sdr_state 7.1)'"
expect_in "$T/sdr" "PS6 Status       | CDh | ns  | 10.6 |"
expect_in "$T/sdr" "PS2 Status       | C9h | ok  | 10.2 |"
ok "--psu: each state as ipmitool names it; the redundancy sensor"

# The SEL's clock was set at start: the host's time, within a few seconds.
clock=$(ipmi raw 0x0a 0x48) || fail "Get SEL Time failed"
read -r b0 b1 b2 b3 <<<"$clock"
secs=$(( 0x$b0 | 0x$b1 << 8 | 0x$b2 << 16 | 0x$b3 << 24 ))
diff=$(( $(date +%s) - secs ))
[ "${diff#-}" -le 5 ] || fail "the SEL clock is ${diff} s off the host's"
"$SIM" event "$FWD_SIM_DIR" psu 2 ac-lost >"$T/event" || fail "fwd-sim event failed"
expect_in "$T/event" "SEL record 1 added"
"$SIM" event "$FWD_SIM_DIR" psu 1 failed --ago 90000 >/dev/null || fail "event --ago failed"
"$SIM" event "$FWD_SIM_DIR" redundancy lost --deassert >/dev/null || fail "event --deassert failed"
ipmi -Z sel elist >"$T/sel" || fail "sel elist failed"
expect_in "$T/sel" "$(date -u +%m/%d/%y) |"
expect_in "$T/sel" "Power Supply PS2 Status | Power Supply AC lost"
expect_in "$T/sel" "$(date -u -d @$(( $(date +%s) - 90000 )) +%m/%d/%y) |"
expect_in "$T/sel" "Power Supply PS1 Status | Failure detected"
expect_in "$T/sel" "Power Supply PS Redundancy | Redundancy Lost | Deasserted"
clock=$(ipmi raw 0x0a 0x48)
read -r b0 b1 b2 b3 <<<"$clock"
diff=$(( $(date +%s) - (0x$b0 | 0x$b1 << 8 | 0x$b2 << 16 | 0x$b3 << 24) ))
[ "${diff#-}" -le 5 ] || fail "the SEL clock is ${diff} s off the host's after --ago"
ok "SEL clock set at start; events stamped now and 25 h ago, the clock put back"
sim_stop

sim_start --profile dell --psu ok,ok --sel-size 20 --sel-fill 18 --sel-clock unset
ipmi sdr type "Power Supply" >"$T/sdr"
expect_in "$T/sdr" "Status           | C9h | ok  | 10.2 | Presence detected"
ipmi sel info >"$T/info"
expect_in "$T/info" "Entries          : 18"
expect_in "$T/info" "Percent Used     : 90%"
expect_in "$T/info" "Overflow         : false"
run 0 ipmi sel time get
expect_in "$T/out" "S+ "
for _ in 1 2; do
	"$SIM" event "$FWD_SIM_DIR" psu 1 ok >/dev/null || fail "entry 19 or 20 did not fit"
done
if "$SIM" event "$FWD_SIM_DIR" psu 1 ok >"$T/out" 2>"$T/err"; then
	fail "a 21st entry fitted into a SEL of 20"
fi
expect_in "$T/err" "Out of space"
ipmi sel info >"$T/info"
expect_in "$T/info" "Percent Used     : 100%"
expect_in "$T/info" "Overflow         : true"
ok "Dell names each supply 'Status'; --sel-size/--sel-fill: 90%, then full and overflowed"
sim_stop

sim_start --profile other
ipmi sdr type "Power Supply" >"$T/sdr" 2>/dev/null
if grep -q '|' "$T/sdr"; then
	fail "no --psu, yet supply sensors: $(cat "$T/sdr")"
fi
ok "no --psu: no supply sensors"
sim_stop

start_fails() {
	if "$SIM" start --owner $$ "${@:2}" >"$T/out" 2>"$T/err"; then
		eval "$(cat "$T/out")"
		SIM_DIRS+=("$FWD_SIM_DIR")
		fail "fwd-sim start ${*:2} succeeded"
	fi
	expect_in "$T/err" "$1"
}
start_fails "'broken' is not ok, failed" --profile dell --psu ok,broken
start_fails "--psu-redundancy takes ok, lost or degraded" --profile dell --psu-redundancy yes
start_fails "--sel-size takes 1 to 4095 entries" --profile dell --sel-size 0
start_fails "--sel-fill takes 0 to the SEL's size (10)" --profile dell --sel-size 10 --sel-fill 11
start_fails "--sel-clock takes now or unset" --profile dell --sel-clock later
ok "bad --psu, --psu-redundancy, --sel-size, --sel-fill, --sel-clock refused"
echo "all $checks checks passed"
