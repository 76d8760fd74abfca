# tests/sim/testlib.sh: sourced by tests/cli/test-sim-*.sh, after
# tests/cli/lib.sh (which gives $T, fail, ok, expect_in, expect_not_in).
#
# Starts simulated servers with tests/sim/fwd-sim and stops every one of
# them when the script exits, whatever happened; builds test images with
# mkhpm (its payload stamp tells the simulated BMC the version it receives);
# wraps real ipmitool so it can never hang a test or prompt.

SIM=$FWD_TOP/tests/sim/fwd-sim
MKHPM=$FWD_BUILD/tests/tools/mkhpm
SIM_MODULE=$FWD_BUILD/tests/sim/hpm_target.so
SIM_DIRS=()

sim_cleanup() {
	local d
	for d in "${SIM_DIRS[@]}"; do
		[ -d "$d" ] && "$SIM" stop "$d" >/dev/null 2>&1
	done
	rm -rf "$T"
}
trap sim_cleanup EXIT
# A test killed by its time limit still stops its simulators.
trap "exit 143" TERM HUP INT

# Skip (77) without the Debian packages; fail without the build outputs,
# which "make check" always builds first.
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

# No process at all mentions the folder (ipmi_sim or supervisor).
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

# fwd_update EXPECTED-EXIT ARGS...: `fwdispatch update` against the current
# simulated server, out-of-band, with the state folder $T/state; output in
# $T/out and $T/err (see run in tests/cli/lib.sh).
fwd_update() {
	local want=$1
	shift
	run "$want" "$FWDISPATCH" update --yes --host "$FWD_SIM_HOST" --port "$FWD_SIM_PORT" \
		--user "$FWD_SIM_USER" --password-file "$FWD_SIM_PASSWORD_FILE" --cipher 3 \
		--state-dir "$T/state" "$@"
}

# fwd_update_json EXPECTED-EXIT ARGS...: the same with --json, checking
# that stdout is exactly one JSON document.
fwd_update_json() {
	local want=$1
	shift
	fwd_update "$want" --json "$@"
	one_json "$T/out"
}

# standin_setup: the vendor tool stand-ins (tests/vendor, see its README) for
# this test: state in $T/standin, scenario in $T/scenario (write it before
# running fwdispatch; may stay empty), FWDISPATCH_SUM/RACADM pointing at them.
# fwdispatch gives tools a minimal environment, so their settings travel in
# a standin.env beside the links.
standin_setup() {
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
	export FWDISPATCH_SUM=$T/vendor-bin/sum FWDISPATCH_RACADM=$T/vendor-bin/racadm
}

# inband_setup: after sim_start and standin_setup, fwdispatch's in-band
# calls (ipmitool -I open) reach the simulated BMC through the wrapper.
inband_setup() {
	: >"$T/ipmi0"
	export FWDISPATCH_IPMITOOL=$T/vendor-bin/ipmitool-inband FWDISPATCH_IPMI_DEVICE=$T/ipmi0
}
