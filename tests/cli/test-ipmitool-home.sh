#!/usr/bin/env bash
# ipmitool's short company registry (core/tool/ipmitool-home.c, issue 14):
# a run that holds its target's lock keeps STATE/ipmitool/.local/usr/share/
# misc/enterprise-numbers.txt, the server makers' entries copied from the
# system's registry, and runs ipmitool with HOME there, so that ipmitool no
# longer reads 4.7 MB at each start; the names it prints for those makers
# stay the same.  A dry run (no lock) leaves the state folder alone.
. "$FWD_TOP/tests/cli/lib.sh"
sim_require
SYSTEM_REGISTRY=/usr/share/misc/enterprise-numbers.txt
[ -f "$SYSTEM_REGISTRY" ] || { echo "skip: no $SYSTEM_REGISTRY (ipmitool's registry)"; exit 77; }

# An ipmitool that notes the HOME it was given and the command, then runs the real one.
real=$(command -v ipmitool)
cat >"$T/ipmitool" <<WRAP
#!/bin/sh
echo "HOME=\${HOME-unset} \$*" >>"$T/homes"
exec "$real" "\$@"
WRAP
chmod 0700 "$T/ipmitool"
export FWDISPATCH_IPMITOOL=$T/ipmitool

# --- a dry run takes no lock: no registry, ipmitool without a HOME
sim_start --profile supermicro
mkimage v172 1.72
fwd_update 0 --bmc "$T/v172.hpm" --dry-run
[ ! -e "$T/state/ipmitool" ] || fail "a dry run made $T/state/ipmitool"
grep -q '^HOME=unset ' "$T/homes" || fail "a dry run's ipmitool had a HOME: $(head -3 "$T/homes")"
ok "a dry run leaves the state folder alone and ipmitool without a HOME"
: >"$T/homes"

# --- an update: the registry made, ipmitool given it
fwd_update_json 0 --bmc "$T/v172.hpm"
jeq "$T/out" bmc.after 1.72
reg=$T/state/ipmitool/.local/usr/share/misc/enterprise-numbers.txt
[ -f "$reg" ] && [ ! -L "$reg" ] || fail "no registry at $reg"
[ "$(stat -c %a "$reg")" = 600 ] || fail "the registry is mode $(stat -c %a "$reg")"
for d in "$T/state/ipmitool" "$T/state/ipmitool/.local/usr/share/misc"; do
	[ "$(stat -c %a "$d")" = 700 ] || fail "$d is mode $(stat -c %a "$d")"
done
grep -qx '10876' "$reg" && grep -qx '  Super Micro Computer Inc.' "$reg" ||
	fail "no Supermicro entry in the registry: $(head -4 "$reg")"
grep -qx '674' "$reg" || fail "no Dell entry in the registry"
lines=$(wc -l <"$reg")
[ "$lines" -ge 20 ] && [ "$lines" -le 100 ] || fail "the registry has $lines lines"
grep -q "^HOME=$T/state/ipmitool .* hpm upgrade " "$T/homes" ||
	fail "hpm upgrade was not given the registry's HOME: $(grep 'hpm upgrade' "$T/homes")"
n=$(grep -c "^HOME=$T/state/ipmitool " "$T/homes")
ok "the update made the registry ($lines lines) and $n ipmitool commands had its HOME"

# --- the name ipmitool prints for the maker is the system registry's
backup=$(ls "$T/state/backups/"*.json | head -1)
grep -q '"manufacturer_name": *"Super Micro Computer Inc."' "$backup" ||
	fail "the backup's manufacturer name changed: $(grep -o '"manufacturer_name": *"[^"]*"' \
		"$backup" | head -1)"
ok "the backup still names the maker 'Super Micro Computer Inc.'"

# --- a second run keeps the registry as it is (not older than the system's)
before=$(stat -c %Y.%i "$reg")
mkimage v173 1.73
fwd_update_json 0 --bmc "$T/v173.hpm"
[ "$(stat -c %Y.%i "$reg")" = "$before" ] || fail "the registry was written again"
ok "a second run reuses the registry"
sim_stop
