#!/usr/bin/env bash
# bench-upload.sh's delaying relay (bench/udp-delay-relay.c) in front of the
# simulated BMC: a request and its answer cost at least the RTT it is given
# (and not much more), answers go back to the client that asked when two
# ipmitool processes talk through it at once, it says where it listens and
# stops on SIGTERM; then the smallest pass of bench-upload.sh prints its
# four cases' figures, and a failing fwdispatch stops it with exit 1.
. "$FWD_TOP/tests/cli/lib.sh"
sim_require

RELAY=$T/udp-delay-relay
"${CC:-cc}" -std=c11 -O2 -Wall -Wextra -Werror -D_GNU_SOURCE -o "$RELAY" \
	"$FWD_TOP/bench/udp-delay-relay.c" || fail "bench/udp-delay-relay.c does not build"

rc=0
"$RELAY" 0 623 >"$T/out" 2>"$T/err" || rc=$?
[ "$rc" = 2 ] || fail "a missing RTT: exit $rc, not 2"
expect_in "$T/err" "usage: udp-delay-relay"
rc=0
"$RELAY" 0 623 ten >"$T/out" 2>"$T/err" || rc=$?
[ "$rc" = 2 ] || fail "an RTT of 'ten': exit $rc, not 2"
ok "the relay refuses bad arguments with its usage line"

sim_start --profile supermicro

# A check that fails leaves no relay running.
RPID=
trap '[ -n "$RPID" ] && kill "$RPID" 2>/dev/null; lib_cleanup' EXIT

# relay_start RTT: the relay in front of the simulator; RPID, RPORT.
relay_start() {
	local i
	rm -f "$T/ready"
	"$RELAY" --ready-file "$T/ready" 0 "$FWD_SIM_PORT" "$1" >"$T/relay.out" \
		2>"$T/relay.err" &
	RPID=$!
	for ((i = 0; i < 50; i++)); do
		[ -s "$T/ready" ] && break
		sleep 0.1
	done
	read -r RPORT <"$T/ready" || fail "no ready file within 5 s"
	[ "$(cat "$T/relay.out")" = "port $RPORT" ] ||
		fail "the relay printed '$(cat "$T/relay.out")', its ready file '$RPORT'"
}

# relay_stop: SIGTERM; it must end by itself, with exit 0.
relay_stop() {
	local i
	kill -TERM "$RPID"
	for ((i = 0; i < 20; i++)); do
		kill -0 "$RPID" 2>/dev/null || break
		sleep 0.1
	done
	kill -0 "$RPID" 2>/dev/null && { kill -KILL "$RPID"; fail "the relay ignored SIGTERM"; }
	wait "$RPID" || fail "the relay exited $? on SIGTERM"
	RPID=
}

mc_info_via() {
	timeout 60 ipmitool -I lanplus -C 3 -H 127.0.0.1 -p "$RPORT" -U "$FWD_SIM_USER" \
		-f "$FWD_SIM_PASSWORD_FILE" mc info </dev/null
}

# ipmitool waits for each answer before its next request: its wall time is
# at least (answers) x RTT.  The session and mc info are about ten.
rtt=200
relay_start "$rtt"
s=${EPOCHREALTIME/[.,]/}
mc_info_via >"$T/mc" 2>&1 || { cat "$T/mc"; fail "mc info through the relay failed"; }
e=${EPOCHREALTIME/[.,]/}
relay_stop
expect_in "$T/mc" "Firmware Revision"
back=$(sed -n 's/.* to the target, \([0-9]*\) back, .*/\1/p' "$T/relay.err")
if [ -z "$back" ] || [ "$back" -lt 4 ]; then
	fail "the relay counted '$back' answers: $(cat "$T/relay.err")"
fi
ms=$(((10#$e - 10#$s) / 1000))
[ "$ms" -ge $((back * rtt)) ] ||
	fail "mc info took $ms ms through the relay, under $back answers x $rtt ms"
[ "$ms" -lt $((back * rtt + 3000)) ] ||
	fail "mc info took $ms ms through the relay, far over $back answers x $rtt ms"
ok "mc info through a $rtt ms relay: $ms ms for $back round trips (at least the RTT each)"

# Two clients at once: an answer sent to the wrong one breaks both sessions.
relay_start 100
mc_info_via >"$T/mc1" 2>&1 &
p1=$!
mc_info_via >"$T/mc2" 2>&1 &
p2=$!
wait "$p1" || { cat "$T/mc1"; fail "the first of two clients failed"; }
wait "$p2" || { cat "$T/mc2"; fail "the second of two clients failed"; }
relay_stop
expect_in "$T/mc1" "Firmware Revision"
expect_in "$T/mc2" "Firmware Revision"
expect_in "$T/relay.err" " 0 dropped"
ok "two ipmitool sessions through one relay at once both get their answers"

# A fwdispatch run starts dozens of ipmitool processes, each a new source
# port: more clients than the relay's table (256) must not lock out the
# next one.  Each bash redirection to /dev/udp is a socket of its own.
relay_start 10
for ((i = 0; i < 300; i++)); do
	printf 'x' >/dev/udp/127.0.0.1/"$RPORT" || fail "cannot send to the relay"
done
mc_info_via >"$T/mc" 2>&1 || { cat "$T/mc"; fail "mc info after 300 other clients failed"; }
relay_stop
expect_in "$T/mc" "Firmware Revision"
expect_in "$T/relay.err" " 0 dropped"
up=$(sed -n 's/.*: \([0-9]*\) datagrams to the target,.*/\1/p' "$T/relay.err")
[ "${up:-0}" -gt 300 ] || fail "the relay passed on '$up' datagrams, not all 300 and mc info's"
ok "after 300 short-lived clients the relay still serves a new one"
sim_stop

# The smallest pass of bench-upload.sh: 1 KiB at 5 ms (loopback differs
# only in having no relay; the failing pass below takes that way).
BENCH_RTTS="5" BENCH_UPLOAD_KIB="1" timeout 300 bash "$FWD_TOP/bench/bench-upload.sh" \
	>"$T/out" 2>"$T/err" || fail "bench-upload.sh failed: $(cat "$T/err")"
for c in "(a) ipmitool" "(b) ipmitool -z 0xc0" "(c) fwdispatch --ipmi-request-size default" \
	"(c) fwdispatch --ipmi-request-size auto"; do
	[ "$(grep -F -- "$c" "$T/out" |
		grep -cE ' [0-9.]+ s +[0-9]+ bytes/s +[0-9.]+ s per MiB$')" = 1 ] ||
		fail "not one '$c' line with figures in: $(cat "$T/out")"
done
for r in '\(b\)/\(a\)' '\(c auto\)/\(c default\)'; do
	grep -Eq "^  $r throughput +[0-9]+\\.[0-9]{2}x$" "$T/out" ||
		fail "no $r ratio in: $(cat "$T/out")"
done
expect_in "$T/out" "-- 5 ms RTT through the relay"
ok "the smallest pass of bench-upload.sh prints its four cases at 5 ms"

rc=0
FWDISPATCH=/bin/false BENCH_RTTS="0" BENCH_UPLOAD_KIB="1" timeout 300 \
	bash "$FWD_TOP/bench/bench-upload.sh" >"$T/out" 2>"$T/err" || rc=$?
[ "$rc" = 1 ] || fail "bench-upload.sh with a failing fwdispatch: exit $rc, not 1"
expect_in "$T/out" "-- loopback, no relay"
expect_in "$T/out" "(b) ipmitool -z 0xc0"
expect_not_in "$T/out" "(c) fwdispatch"
ok "on loopback, a failing fwdispatch stops bench-upload.sh with exit 1 after (a) and (b)"
