# lib.sh: sourced by every tests/cli/test-*.sh script, their one helper
# library.
#
# Gives each script a private temp folder ($T, removed on exit), the
# binaries ($FWDISPATCH, $JGET, $MKHPM), and assertions that print what they
# check and stop the script at the first failure.  Then, in sections of
# their own: the simulated server (tests/sim: sim_require, sim_start ...;
# only a test that calls sim_require needs ipmitool and ipmi_sim), the BMC's
# LAN settings, fwdispatch run against the simulated server, and the vendor
# tool stand-ins (tests/vendor).
set -u
: "${FWD_TOP:?run through tests/run-tests.sh or set FWD_TOP}"
: "${FWD_BUILD:?set FWD_BUILD}"
: "${FWDISPATCH:=$FWD_BUILD/bin/fwdispatch}"
# A config file on this machine (/etc/fwdispatch.conf) must never change
# what a test runs: none is read unless a test names one.
export FWDISPATCH_CONFIG=/dev/null
# Nor its trusted keys for signed manifests (/etc/fwdispatch/trusted-keys).
export FWDISPATCH_TRUSTED_KEYS=/dev/null
JGET=$FWD_BUILD/tests/tools/jget
MKHPM=$FWD_BUILD/tests/tools/mkhpm
T=$(mktemp -d "${TMPDIR:-/tmp}/fwd-cli.XXXXXX") && [ -d "$T" ] || { echo "cannot create a temporary folder" >&2; exit 1; }
checks=0

# Simulated servers this script started (sim_start), stopped on exit.
SIM=$FWD_TOP/tests/sim/fwd-sim
SIM_MODULE=$FWD_BUILD/tests/sim/hpm_target.so
SIM_DIRS=()
# Emulated Redfish BMCs this script started (rf_start), stopped on exit.
RFSIM=$FWD_TOP/tests/sim/fwd-redfish-sim
RF_DIRS=()
# Mirrors this script started (web_start), killed on exit.
WEB_PIDS=()

# On exit, whatever happened: stop the simulators, remove $T.
lib_cleanup() {
	local d
	for d in "${SIM_DIRS[@]}"; do
		[ -d "$d" ] && "$SIM" stop "$d" >/dev/null 2>&1
	done
	for d in "${RF_DIRS[@]}"; do
		[ -d "$d" ] && "$RFSIM" stop "$d" >/dev/null 2>&1
	done
	for d in "${WEB_PIDS[@]}"; do
		kill "$d" 2>/dev/null
	done
	rm -rf "$T"
}
trap lib_cleanup EXIT
# A test killed by its time limit still stops its simulators.
trap "exit 143" TERM HUP INT

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

ok() {
	checks=$((checks + 1))
	echo "ok $checks - $*"
}

# run EXPECTED_EXIT CMD...: runs CMD with stdout in $T/out, stderr in $T/err.
run() {
	local want=$1 got
	shift
	"$@" >"$T/out" 2>"$T/err"
	got=$?
	if [ "$got" != "$want" ]; then
		echo "--- stdout" >&2; cat "$T/out" >&2
		echo "--- stderr" >&2; cat "$T/err" >&2
		fail "'$*' exited $got, expected $want"
	fi
}

# expect_in FILE TEXT: FILE contains TEXT (fixed string).
expect_in() {
	grep -qF -- "$2" "$1" || { echo "--- $1:" >&2; cat "$1" >&2; fail "'$2' not found in $(basename "$1")"; }
}

expect_not_in() {
	! grep -qF -- "$2" "$1" || { echo "--- $1:" >&2; cat "$1" >&2; fail "'$2' unexpectedly in $(basename "$1")"; }
}

# jeq FILE PATH VALUE: the JSON document in FILE has VALUE at PATH.
jeq() {
	local got
	got=$("$JGET" -f "$1" "$2") || fail "no '$2' in the JSON document $(basename "$1")"
	[ "$got" = "$3" ] || fail "JSON '$2' is '$got', expected '$3'"
}

# one_json FILE: FILE holds exactly one valid JSON document.
one_json() {
	"$JGET" -f "$1" -c || { cat "$1" >&2; fail "$(basename "$1") is not one JSON document"; }
}

# step_status INDEX NAME STATUS: step INDEX of the report in $T/out is NAME
# and ended STATUS.
step_status() {
	jeq "$T/out" "steps.$1.name" "$2"
	jeq "$T/out" "steps.$1.status" "$3"
}

# check_verdict FILE NAME VERDICT [last]: in the report in FILE, the first
# preflight check named NAME (with "last": the last one) has VERDICT; its
# detail goes to $detail and $T/detail.
check_verdict() {
	local i n found=
	n=$("$JGET" -f "$1" -l preflight) || fail "no preflight array in $(basename "$1")"
	for ((i = 0; i < n; i++)); do
		[ "$("$JGET" -f "$1" "preflight.$i.check")" = "$2" ] || continue
		found=$i
		[ "${4:-}" = last ] || break
	done
	[ -n "$found" ] ||
		fail "no check '$2' in the preflight of $(basename "$1"): $("$JGET" -f "$1" preflight)"
	jeq "$1" "preflight.$found.verdict" "$3"
	detail=$("$JGET" -f "$1" "preflight.$found.detail")
	printf '%s\n' "$detail" >"$T/detail"
}

# --- the simulated server (tests/sim) --------------------------------------
# Starts simulated servers with tests/sim/fwd-sim (lib_cleanup stops every
# one of them); builds test images with mkhpm (its payload stamp tells the
# simulated BMC the version it receives); wraps real ipmitool so it can
# never hang a test or prompt.

# sim_require: for the tests that need the simulated server.  Skip (77)
# without the Debian packages; fail without the build outputs, which
# "make check" always builds first.
sim_require() {
	local need
	for need in ipmitool ipmi_sim timeout od; do
		command -v "$need" >/dev/null || { echo "skip: '$need' is not installed"; exit 77; }
	done
	[ -f "$SIM_MODULE" ] || fail "'$SIM_MODULE' is not built (make $SIM_MODULE)"
	[ -x "$MKHPM" ] || fail "'$MKHPM' is not built"
}

# sim_start FWD-SIM-START-ARGS...: starts a simulated server owned by this
# script and sets the FWD_SIM_* variables.
sim_start() {
	local out
	out=$("$SIM" start --owner $$ "$@" 2>"$T/sim-start.err") || {
		cat "$T/sim-start.err" >&2
		fail "fwd-sim start $* failed"
	}
	eval "$out"
	SIM_DIRS+=("$FWD_SIM_DIR")
}

# sim_stop [--keep]: stops the current simulated server and checks that no
# process of it is left.
sim_stop() {
	"$SIM" stop "$FWD_SIM_DIR" "$@" || fail "fwd-sim stop $FWD_SIM_DIR failed"
	sim_no_process "$FWD_SIM_DIR"
}

# sim_no_process DIR: no process at all mentions the folder (ipmi_sim or
# supervisor).
sim_no_process() {
	local p args cmd
	for p in /proc/[0-9]*; do
		# Builtins only: a grep would find the folder in its own argv.
		mapfile -d '' -t args 2>/dev/null <"$p/cmdline" || continue
		cmd="${args[*]} "
		case $cmd in
		*"$1/"* | *"$1 "*) fail "process ${p#/proc/} still runs for '$1': $cmd" ;;
		esac
	done
	return 0
}

# ipmi ARGS...: real ipmitool against the current simulated server, stdin
# at EOF (it never prompts) and bounded in time.
ipmi() {
	timeout "${IPMI_TIMEOUT:-60}" ipmitool -I lanplus -C 3 -H "$FWD_SIM_HOST" \
		-p "$FWD_SIM_PORT" -U "$FWD_SIM_USER" -f "$FWD_SIM_PASSWORD_FILE" "$@" </dev/null
}

# The running firmware revision that "mc info" shows, or "" if no answer.
mc_fw() {
	IPMI_TIMEOUT=10 ipmi -N 1 -R 2 mc info 2>/dev/null | sed -n 's/^Firmware Revision *: *//p'
}

# expect_fw VERSION WHY: "mc info" shows VERSION.
expect_fw() {
	local got
	got=$(mc_fw)
	[ "$got" = "$1" ] || fail "mc info shows firmware '$got', expected '$1' ($2)"
	ok "mc info shows firmware $1 ($2)"
}

# mkimage NAME VERSION [MKHPM-ARGS...]: $T/NAME.hpm for the current board,
# with its first payload alone in $T/NAME.payload.
mkimage() {
	local name=$1 version=$2
	shift 2
	"$MKHPM" --out "$T/$name.hpm" --payload-out "$T/$name.payload" \
		--device "$FWD_SIM_DEVICE_ID" --manufacturer "$FWD_SIM_MANUFACTURER_ID" \
		--product "$FWD_SIM_PRODUCT_ID" --version "$version" --earliest 1.00 \
		--payload-size "${PAYLOAD_SIZE:-2000}" "$@" >"$T/$name.mkhpm" 2>&1 ||
		{ cat "$T/$name.mkhpm" >&2; fail "mkhpm $name $version $* failed"; }
}

# upgrade IMAGE [IPMITOOL-OPTIONS...]: "hpm upgrade IMAGE force activate";
# sets rc, output in $T/upgrade.out.
upgrade() {
	local image=$1
	shift
	ipmi "$@" hpm upgrade "$image" force activate >"$T/upgrade.out" 2>&1
	rc=$?
}

# log_count PATTERN: lines of the module's log matching the extended regex.
log_count() {
	grep -cE -- "$1" "$FWD_SIM_LOG"
}

# Seconds (with a fraction) since the epoch, for elapsed-time checks.
now() {
	date +%s.%N
}

# elapsed START: whole tenths of seconds since START, as an integer.
elapsed_tenths() {
	local s=$1 e
	e=$(now)
	echo $(( (${e%.*} - ${s%.*}) * 10 + (10#${e#*.} / 100000000) - (10#${s#*.} / 100000000) ))
}

# --- the simulated BMC's LAN settings (channel 1) ---------------------------

# lan_print: "ipmitool lan print 1" into $T/lan.
lan_print() {
	ipmi lan print 1 >"$T/lan" 2>&1 || { cat "$T/lan"; fail "lan print 1 failed"; }
}

# lan_value KEY: the value of "KEY : value" in $T/lan.
lan_value() {
	sed -n "s/^$1 *: //p" "$T/lan" | head -n 1
}

# expect_lan SRC IP MASK GW VLAN WHY [MAC]: what "ipmitool lan print 1"
# shows now (and its MAC address, if given).
expect_lan() {
	local src=$1 ip=$2 mask=$3 gw=$4 vlan=$5 why=$6 mac=${7-}
	lan_print
	[ "$(lan_value 'IP Address Source')" = "$src" ] || fail "IP source '$(lan_value 'IP Address Source')', expected '$src' ($why)"
	[ "$(lan_value 'IP Address')" = "$ip" ] || fail "IP address '$(lan_value 'IP Address')', expected '$ip' ($why)"
	[ "$(lan_value 'Subnet Mask')" = "$mask" ] || fail "mask '$(lan_value 'Subnet Mask')', expected '$mask' ($why)"
	[ "$(lan_value 'Default Gateway IP')" = "$gw" ] || fail "gateway '$(lan_value 'Default Gateway IP')', expected '$gw' ($why)"
	[ "$(lan_value '802.1q VLAN ID')" = "$vlan" ] || fail "VLAN '$(lan_value '802.1q VLAN ID')', expected '$vlan' ($why)"
	if [ -n "$mac" ]; then
		[ "$(lan_value 'MAC Address')" = "$mac" ] || fail "MAC '$(lan_value 'MAC Address')' ($why)"
	fi
	ok "lan print 1: $src $ip/$mask gw $gw vlan $vlan ($why)"
}

# set_lan ARGS...: "ipmitool lan set 1 ARGS".
set_lan() {
	ipmi lan set 1 "$@" >"$T/set" 2>&1 || { cat "$T/set"; fail "lan set 1 $* failed"; }
}

# --- fwdispatch against the simulated server --------------------------------

# target_opts: fwdispatch's options for the current simulated server,
# out-of-band (for an unquoted $(target_opts): the values have no spaces).
target_opts() {
	echo --host "$FWD_SIM_HOST" --port "$FWD_SIM_PORT" --user "$FWD_SIM_USER" \
		--password-file "$FWD_SIM_PASSWORD_FILE" --cipher 3
}

# fwd_update EXPECTED-EXIT ARGS...: `fwdispatch update` against the current
# simulated server, out-of-band, with the state folder $T/state; output in
# $T/out and $T/err (see run).
fwd_update() {
	local want=$1
	shift
	# shellcheck disable=SC2046
	run "$want" "$FWDISPATCH" update --yes $(target_opts) --state-dir "$T/state" "$@"
}

# fwd_update_json EXPECTED-EXIT ARGS...: the same with --json, checking
# that stdout is exactly one JSON document.
fwd_update_json() {
	local want=$1
	shift
	fwd_update "$want" --json "$@"
	one_json "$T/out"
}

# fwd_resume EXPECTED-EXIT ARGS...: `fwdispatch resume` the same way.  With
# EXPECTED-EXIT "-" nothing is checked: the exit code is fwd_resume's (for
# a test that tries until the answer changes).
fwd_resume() {
	local want=$1
	shift
	if [ "$want" = - ]; then
		# shellcheck disable=SC2046
		"$FWDISPATCH" resume --yes $(target_opts) --state-dir "$T/state" "$@" >"$T/out" 2>"$T/err"
		return
	fi
	# shellcheck disable=SC2046
	run "$want" "$FWDISPATCH" resume --yes $(target_opts) --state-dir "$T/state" "$@"
}

# --- the vendor tool stand-ins (tests/vendor, see its README) ---------------

# standin_setup [TOOL...]: the stand-ins for this test: state in
# $T/standin, scenario in $T/scenario (write it before running fwdispatch;
# may stay empty), FWDISPATCH_SUM and FWDISPATCH_RACADM pointing at them.
# TOOLs (sum, racadm) point only those at them; "none" neither, for a test
# that needs only the in-band wrapper (see inband).  fwdispatch gives tools
# a minimal environment, so their settings travel in a standin.env beside
# the links.
standin_setup() {
	local tool
	[ $# -gt 0 ] || set -- sum racadm
	mkdir -p "$T/vendor-bin"
	ln -sf "$FWD_TOP/tests/vendor/sum" "$T/vendor-bin/sum"
	ln -sf "$FWD_TOP/tests/vendor/racadm" "$T/vendor-bin/racadm"
	ln -sf "$FWD_TOP/tests/vendor/ipmitool-inband" "$T/vendor-bin/ipmitool-inband"
	{
		echo "FWD_STANDIN_DIR=$T/standin"
		echo "FWD_STANDIN_SCENARIO=$T/scenario"
		echo "FWD_STANDIN_WATCH_DIR=$T/state/backups"
		echo "FWD_BUILD=$FWD_BUILD"
		if [ -n "${FWD_SIM_HOST-}" ]; then
			echo "FWD_SIM_HOST=$FWD_SIM_HOST"
			echo "FWD_SIM_PORT=$FWD_SIM_PORT"
			echo "FWD_SIM_USER=$FWD_SIM_USER"
			echo "FWD_SIM_PASSWORD_FILE=$FWD_SIM_PASSWORD_FILE"
		fi
	} >"$T/vendor-bin/standin.env"
	: >>"$T/scenario"
	for tool in "$@"; do
		case $tool in
		sum) export FWDISPATCH_SUM=$T/vendor-bin/sum ;;
		racadm) export FWDISPATCH_RACADM=$T/vendor-bin/racadm ;;
		none) ;;
		*) fail "test bug: standin_setup $tool" ;;
		esac
	done
}

# scenario KEY=VALUE...: a fresh stand-in state ($T/standin) with this
# scenario in $T/scenario (also exported, for stand-ins run directly).
scenario() {
	rm -rf "$T/standin"
	printf '%s\n' "$@" >"$T/scenario"
	export FWD_STANDIN_SCENARIO=$T/scenario
}

# sum_calls: the sum lines of calls.log ("N TIME sum exit=C ARGS").
sum_calls() {
	grep -E '^[0-9]+ [^ ]+ sum ' "$T/standin/calls.log" 2>/dev/null || true
}

# sum_updates: the sum calls that flash (UpdateBios/UpdateBmc with --file),
# without the preflight's questions (QueryProductKey, GetBmcInfo, --staged
# getinfo).
sum_updates() {
	sum_calls | grep -E ' -c Update(Bios|Bmc) --file ' || true
}

# inband CMD...: CMD with fwdispatch's in-band calls (ipmitool -I open)
# going to the simulated BMC through the wrapper (after sim_start and
# standin_setup); $T/ipmi0 stands for the local IPMI device.
inband() {
	: >>"$T/ipmi0"
	FWDISPATCH_IPMITOOL=$T/vendor-bin/ipmitool-inband FWDISPATCH_IPMI_DEVICE=$T/ipmi0 "$@"
}

# mkimage_vendor NAME SIZE: $T/NAME, SIZE random bytes, and its SHA-256
# sidecar $T/NAME.sha256 (vendor images have no format fwdispatch checks).
mkimage_vendor() {
	head -c "$2" /dev/urandom >"$T/$1"
	(cd "$T" && sha256sum "$1" >"$1.sha256")
}

# --- the emulated Redfish BMC (tests/sim/fwd-redfish-sim) ------------------

# rf_require: for the tests that need the Redfish emulator.  Skip (77)
# without python3 or openssl.
rf_require() {
	local need
	for need in python3 openssl timeout; do
		command -v "$need" >/dev/null || { echo "skip: '$need' is not installed"; exit 77; }
	done
}

# rf_start FWD-REDFISH-SIM-START-ARGS...: starts an emulated BMC owned by
# this script, sets the FWD_RF_* variables and RF, the target options
# (state folder $T/state).
rf_start() {
	local out
	out=$("$RFSIM" start --owner $$ "$@" 2>"$T/rf-start.err") || {
		cat "$T/rf-start.err" >&2
		fail "fwd-redfish-sim start $* failed"
	}
	eval "$out"
	RF_DIRS+=("$FWD_RF_DIR")
	RF=(--redfish --host "$FWD_RF_HOST" --port "$FWD_RF_PORT" --user "$FWD_RF_USER"
	    --password-file "$FWD_RF_PASSWORD_FILE" --state-dir "$T/state")
}

# rf_fault NAME[=VALUE]... | --clear: changes the emulator's faults now.
rf_fault() {
	"$RFSIM" fault "$FWD_RF_DIR" "$@" >/dev/null || fail "fwd-redfish-sim fault $* failed"
}

# rf_image NAME COMPONENT VERSION [BYTES [PRODUCT]]: $T/NAME.bin, an image
# the emulator takes (its header names the component, the version it
# installs and the product it is for), with its IMAGE.sha256 sidecar.
rf_image() {
	local f=$T/$1.bin
	{
		printf 'FWD-REDFISH-IMAGE component=%s version=%s product=%s\n' "$2" "$3" \
			"${5:-Contoso BMC 1}"
		head -c "${4:-100000}" /dev/urandom
	} >"$f" || fail "cannot write $f"
	(cd "$T" && sha256sum "$1.bin" >"$1.bin.sha256") || fail "sha256sum $f"
}

# rf_log_count METHOD PATH-PREFIX: how many requests of the emulator's log
# match.
rf_log_count() {
	python3 - "$FWD_RF_LOG" "$1" "$2" <<'PY'
import json, sys
n = 0
for line in open(sys.argv[1]):
    try:
        r = json.loads(line)
    except ValueError:
        continue
    if r.get("method") == sys.argv[2] and str(r.get("path", "")).startswith(sys.argv[3]):
        n += 1
print(n)
PY
}

# rf_get PATH: the emulator's resource at PATH as JSON, read with the test's
# own client (Python's, verifying the emulator's certificate), not fwdispatch.
# rf_send METHOD PATH JSON: the same for a POST or PATCH; prints the status.
rf_get() { rf_client GET "$1" ""; }
rf_send() { rf_client "$@"; }
rf_client() {
	python3 - "$FWD_RF_PORT" "$FWD_RF_CACERT" "$FWD_RF_USER" "$FWD_RF_PASSWORD_FILE" "$@" <<'PY'
import base64, json, ssl, sys, urllib.error, urllib.request
port, ca, user, pwfile, method, path, body = sys.argv[1:]
ctx = ssl.create_default_context(cafile=ca)
pw = open(pwfile).read().strip()
req = urllib.request.Request("https://127.0.0.1:%s%s" % (port, path), method=method,
                             data=body.encode() if body else None)
req.add_header("Authorization", "Basic " + base64.b64encode(("%s:%s" % (user, pw)).encode()).decode())
if body:
    req.add_header("Content-Type", "application/json")
try:
    with urllib.request.urlopen(req, context=ctx, timeout=10) as r:
        print(json.dumps(json.load(r)) if method == "GET" else r.status)
except urllib.error.HTTPError as e:
    print(e.code)
PY
}

# web_start DIR: an HTTP mirror of DIR on 127.0.0.1 (Python's http.server),
# killed on exit; sets WEB to its base URL.  /moved/NAME answers 302 to
# /NAME (a mirror that redirects); /once/NAME serves NAME to the first GET
# only, then answers 404 (a mirror that loses the file).
web_start() {
	local portfile=$T/web.port
	rm -f "$portfile"
	python3 - "$1" "$portfile" >"$T/web.log" 2>&1 <<'PY' &
import functools, http.server, os, sys, threading
root, portfile = sys.argv[1:]
served, lock = set(), threading.Lock()
class H(http.server.SimpleHTTPRequestHandler):
    def do_GET(self):
        if self.path.startswith("/once/"):
            with lock:
                again = self.path in served
                served.add(self.path)
            if again:
                self.send_error(404)
                return
            self.path = self.path[len("/once"):]
        if self.path.startswith("/moved/"):
            self.send_response(302)
            self.send_header("Location", self.path[len("/moved"):])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        super().do_GET()
srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(H, directory=root))
with open(portfile + ".tmp", "w") as f:
    f.write(str(srv.server_address[1]))
os.rename(portfile + ".tmp", portfile)
srv.serve_forever()
PY
	WEB_PIDS+=($!)
	for _ in $(seq 1 100); do
		[ -s "$portfile" ] && break
		sleep 0.1
	done
	[ -s "$portfile" ] || { cat "$T/web.log" >&2; fail "the test's HTTP mirror did not start"; }
	WEB=http://127.0.0.1:$(cat "$portfile")
}
