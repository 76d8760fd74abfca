#!/usr/bin/env bash
# `fwdispatch detect` end to end: each bundled dmidecode dump picks its
# plugin; a VM, a desktop, a laptop and a machine without DMI get "no plugin
# for this machine"; garbage is refused; sysfs is read; --plugin overrides.
. "$FWD_TOP/tests/cli/lib.sh"
D=$FWD_TOP/tests/data/dmi

pick() { # DUMP EXPECTED-PLUGIN
	run 0 "$FWDISPATCH" detect --json --dmi-file "$D/$1"
	one_json "$T/out"
	jeq "$T/out" schema fwdispatch/1
	jeq "$T/out" plugin "$2"
	jeq "$T/out" identity.source dmidecode
	[ "$("$JGET" -f "$T/out" -l candidates)" = 6 ] || fail "$1: not six candidates"
	"$JGET" -f "$T/out" candidates.0.reason >/dev/null || fail "$1: no reason"
	jeq "$T/out" candidates.0.name "$2"
}
pick supermicro-x11ssh-f.txt supermicro
jeq "$T/out" identity.board_name X11SSH-F
pick resold-supermicro-bluechip.txt supermicro
pick dell-poweredge-r640.txt dell
jeq "$T/out" identity.product_name "PowerEdge R640"
pick hpe-proliant-dl360-gen10.txt hpe
"$JGET" -f "$T/out" candidates.0.reason >"$T/reason"
expect_in "$T/reason" "updated over Redfish"
ok "dmidecode dumps of Supermicro, resold Supermicro, Dell PowerEdge and HPE pick their plugin"

for m in qemu-vm.txt dell-optiplex-7010.txt lenovo-thinkpad-quiet.txt; do
	run 3 "$FWDISPATCH" detect --json --dmi-file "$D/$m"
	one_json "$T/out"
	jeq "$T/out" plugin null
	jeq "$T/out" error.code no-plugin
	expect_in "$T/err" "no plugin for this machine"
done
ok "a VM, a Dell desktop and a laptop: exit 3, no plugin for this machine"

for bad in garbage.bin empty.txt not-dmidecode.txt truncated.txt; do
	run 3 "$FWDISPATCH" detect --dmi-file "$D/$bad"
	expect_in "$T/err" "$bad"
done
run 3 "$FWDISPATCH" detect --dmi-file "$T/nonexistent"
ok "garbage, empty, not-a-dump, truncated and missing files: exit 3 naming the file"

# A sysfs tree, as the kernel shows it.
mkdir -p "$T/sys/class/dmi/id"
printf 'Supermicro\n' > "$T/sys/class/dmi/id/board_vendor"
printf 'X12STH-SYS\n' > "$T/sys/class/dmi/id/board_name"
printf 'To Be Filled By O.E.M.\n' > "$T/sys/class/dmi/id/sys_vendor"
printf '17\n' > "$T/sys/class/dmi/id/chassis_type"
run 0 "$FWDISPATCH" detect --json --sysfs-root "$T/sys"
jeq "$T/out" plugin supermicro
jeq "$T/out" identity.source sysfs
jeq "$T/out" identity.sys_vendor null
jeq "$T/out" identity.chassis_type 17
ok "sysfs: read, placeholders dropped, Supermicro chosen"

mkdir -p "$T/nodmi"
run 3 "$FWDISPATCH" detect --sysfs-root "$T/nodmi"
expect_in "$T/err" "no plugin for this machine"
ok "a machine without DMI: no plugin for this machine"

run 0 "$FWDISPATCH" detect --json --dmi-file "$D/hpe-proliant-dl360-gen10.txt" --plugin supermicro
jeq "$T/out" plugin supermicro
run 3 "$FWDISPATCH" detect --dmi-file "$D/hpe-proliant-dl360-gen10.txt" --plugin nosuch
expect_in "$T/err" "'nosuch' is not loaded"
ok "--plugin overrides the scores, and must name a loaded plugin"

run 0 "$FWDISPATCH" detect --dmi-file "$D/dell-poweredge-r640.txt"
expect_in "$T/out" "plugin:   dell"
expect_in "$T/out" "PowerEdge R640"
ok "the human report names the board and the plugin"

# A refused plugin is named where no plugin takes the machine: dell.so,
# writable by others, would have claimed the PowerEdge.
mkdir -m 0755 "$T/plugins"
cp "$FWDISPATCH_PLUGIN_DIR"/*.so "$T/plugins/"
chmod 0644 "$T/plugins/"*.so
chmod 0666 "$T/plugins/dell.so"
run 3 "$FWDISPATCH" detect --json --plugin-dir "$T/plugins" --dmi-file "$D/dell-poweredge-r640.txt"
one_json "$T/out"
jeq "$T/out" error.code no-plugin
jeq "$T/out" refused_plugins.0.file "$T/plugins/dell.so"
jeq "$T/out" refused_plugins.0.would_claim true
expect_in "$T/out" "no plugin for this machine (Dell Inc. PowerEdge R640)"
expect_in "$T/out" "the plugin 'dell.so', named like this machine's vendor, was refused at load: \
it is writable by others (mode 0666)"
run 3 "$FWDISPATCH" detect --plugin-dir "$T/plugins" --dmi-file "$D/dell-poweredge-r640.txt"
expect_in "$T/err" "'dell.so', named like this machine's vendor, was refused at load"
expect_in "$T/out" "refused at load, not asked:"
run 3 "$FWDISPATCH" detect --plugin-dir "$T/plugins" --dmi-file "$D/qemu-vm.txt"
expect_in "$T/err" "refused at load, so not asked: 'dell.so' is writable by others"
run 3 "$FWDISPATCH" detect --plugin-dir "$T/plugins" --dmi-file "$D/hpe-proliant-dl360-gen10.txt" \
	--plugin dell
expect_in "$T/err" "plugin 'dell' was refused at load: '$T/plugins/dell.so' is writable by others"
run 0 "$FWDISPATCH" detect --json --plugin-dir "$T/plugins" --dmi-file "$D/supermicro-x11ssh-f.txt"
jeq "$T/out" plugin supermicro
jeq "$T/out" refused_plugins.0.would_claim false
ok "a world-writable dell.so: named, with why, where no plugin takes a Dell; listed by detect"

# Broken plugins (issue 12, defect 10): an entry point that crashes is
# refused by name, a probe that crashes or never returns is left out by
# name; the others still load and are asked, and the board is still found.
mkdir -m 0755 "$T/broken"
cp "$FWDISPATCH_PLUGIN_DIR"/*.so "$T/broken/"
for p in crash-entry crash-probe loop-probe; do
	cp "$FWD_BUILD/tests/plugins/$p.so" "$T/broken/"
done
chmod 0644 "$T/broken/"*.so
run 0 timeout 60 "$FWDISPATCH" detect --json --plugin-dir "$T/broken" \
	--dmi-file "$D/supermicro-x11ssh-f.txt"
one_json "$T/out"
jeq "$T/out" plugin supermicro
expect_in "$T/err" "plugin 'crashprobe' ($T/broken/crash-probe.so): its probe crashed (SIGSEGV)"
expect_in "$T/err" "plugin 'loopprobe' ($T/broken/loop-probe.so): its probe did not return within 5 s"
expect_in "$T/out" '"reason": "probe crashed (SIGSEGV): plugin is broken"'
run 0 "$FWDISPATCH" plugins --plugin-dir "$T/broken"
expect_in "$T/out" "its entry point crashed (SIGSEGV)"
expect_in "$T/out" "supermicro"
ok "a plugin whose entry point or probe crashes or hangs: named, the others still work"
