#!/usr/bin/env bash
# The simulated server works for a normal user: run as root, this starts it
# as 'nobody' (runuser), flashes it with real ipmitool and stops it.  Run as
# a normal user it skips: every other test-sim-*.sh already runs that way.
. "$FWD_TOP/tests/cli/lib.sh"
sim_require
[ "$(id -u)" = 0 ] || { echo "skip: not root, the other sim tests cover a normal user"; exit 77; }
command -v runuser >/dev/null || { echo "skip: no runuser"; exit 77; }
id nobody >/dev/null 2>&1 || { echo "skip: no user 'nobody'"; exit 77; }
for f in "$SIM" "$SIM_MODULE" "$MKHPM"; do
	runuser -u nobody -- test -r "$f" ||
		{ echo "skip: 'nobody' cannot read '$f'"; exit 77; }
done

chmod 0711 "$T"
mkdir "$T/nb"
chown nobody "$T/nb"
runuser -u nobody -- env -i PATH="$PATH" HOME="$T/nb" TMPDIR="$T/nb/tmp" \
	SIM="$SIM" MKHPM="$MKHPM" FWD_BUILD="$FWD_BUILD" bash -c '
	set -u
	mkdir "$TMPDIR" || exit 1
	fail() { echo "FAIL (as $(id -un)): $*" >&2; "$SIM" stop "$FWD_SIM_DIR" >/dev/null 2>&1; exit 1; }
	out=$("$SIM" start --profile dell --owner $$) || exit 1
	eval "$out"
	[ "$(stat -c %U "$FWD_SIM_DIR")" = nobody ] || fail "folder not owned by nobody"
	[ "$(stat -c %U /proc/$FWD_SIM_IPMI_SIM_PID)" = nobody ] || fail "ipmi_sim does not run as nobody"
	ipmi() {
		timeout 60 ipmitool -I lanplus -C 3 -H "$FWD_SIM_HOST" -p "$FWD_SIM_PORT" \
			-U "$FWD_SIM_USER" -f "$FWD_SIM_PASSWORD_FILE" "$@" </dev/null
	}
	"$MKHPM" --out "$HOME/i.hpm" --payload-out "$HOME/i.payload" --device "$FWD_SIM_DEVICE_ID" \
		--manufacturer "$FWD_SIM_MANUFACTURER_ID" --product "$FWD_SIM_PRODUCT_ID" \
		--version 4.41 --payload-size 800 >/dev/null || fail "mkhpm failed"
	ipmi hpm upgrade "$HOME/i.hpm" force activate >"$HOME/up.out" 2>&1 ||
		{ cat "$HOME/up.out"; fail "hpm upgrade failed"; }
	cmp "$HOME/i.payload" "$FWD_SIM_PAYLOAD" || fail "payload differs"
	ipmi mc info | grep -q "^Firmware Revision *: 4.41$" || fail "firmware is not 4.41"
	"$SIM" stop "$FWD_SIM_DIR" || fail "stop failed"
	[ ! -e "$FWD_SIM_DIR" ] || fail "folder left behind"
' || fail "the simulator did not work for user nobody"
[ -z "$(ls -A "$T/nb/tmp")" ] || fail "left behind in nobody's TMPDIR: $(ls -A "$T/nb/tmp")"
ok "as user nobody: start, mc info, hpm upgrade 4.41 with the payload intact, stop"
echo "all $checks checks passed"
