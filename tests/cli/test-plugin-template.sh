#!/usr/bin/env bash
# The plugin SDK as a third party meets it: fwdispatch installed into a
# temporary prefix; examples/plugin-template copied outside the source tree
# and built there through `pkg-config fwdispatch` alone (the installed
# header and fwdispatch.pc, whose abi_major/abi_minor are the header's);
# `make install` puts it into the pluginsdir; `fwdispatch plugins` loads
# it, and `detect` chooses it for a board of its vendor and not for others.
. "$FWD_TOP/tests/cli/lib.sh"
command -v pkg-config >/dev/null ||
	fail "pkg-config is not installed (Debian: pkgconf, which contrib/ensure-deps check installs)"

prefix=$T/prefix
make -C "$FWD_TOP" --no-print-directory -s install PREFIX="$prefix" \
	${FWD_SAN:+SAN=$FWD_SAN} >"$T/install.log" 2>&1 || { cat "$T/install.log"; fail "make install"; }
chmod -R go-w "$T"
export PKG_CONFIG_PATH=$prefix/lib/pkgconfig
major=$(sed -n 's/^#define FWD_ABI_MAJOR \([0-9]*\)$/\1/p' "$FWD_TOP/include/fwdispatch/fwd_plugin.h")
minor=$(sed -n 's/^#define FWD_ABI_MINOR \([0-9]*\)$/\1/p' "$FWD_TOP/include/fwdispatch/fwd_plugin.h")
[ "$(pkg-config --variable=abi_major fwdispatch)" = "$major" ] || fail "fwdispatch.pc abi_major is not $major"
[ "$(pkg-config --variable=abi_minor fwdispatch)" = "$minor" ] || fail "fwdispatch.pc abi_minor is not $minor"
[ "$(pkg-config --variable=pluginsdir fwdispatch)" = "$prefix/lib/fwdispatch/plugins" ] ||
	fail "fwdispatch.pc pluginsdir is not the installed plugin folder"
ok "fwdispatch.pc names the plugin folder and the header's ABI ($major.$minor)"

# A copy outside the source tree: nothing of it may reach back.
cp -r "$FWD_TOP/examples/plugin-template" "$T/acme"
make -C "$T/acme" --no-print-directory ${FWD_SAN:+CFLAGS="-O1 -g -fsanitize=address,undefined"} \
	>"$T/build.log" 2>&1 || { cat "$T/build.log"; fail "the template does not build"; }
grep -q -- "-I$prefix/include" "$T/build.log" || fail "not built through pkg-config's flags"
! grep -q -- "$FWD_TOP" "$T/build.log" || fail "the build used the source tree"
make -C "$T/acme" --no-print-directory install >"$T/install2.log" 2>&1 ||
	{ cat "$T/install2.log"; fail "the template does not install"; }
[ -f "$prefix/lib/fwdispatch/plugins/acme.so" ] || fail "acme.so not in the pluginsdir"
ok "the template builds out of tree through pkg-config alone and installs into the pluginsdir"

run 0 env -u FWDISPATCH_PLUGIN_DIR "$prefix/bin/fwdispatch" plugins --json
n=$("$JGET" -f "$T/out" -l plugins)
for ((i = 0; i < n; i++)); do
	[ "$("$JGET" -f "$T/out" "plugins.$i.name")" = acme ] && break
done
[ "$i" -lt "$n" ] || fail "acme is not listed"
jeq "$T/out" "plugins.$i.loaded" true
jeq "$T/out" "plugins.$i.file" "$prefix/lib/fwdispatch/plugins/acme.so"
ok "fwdispatch plugins loads the template from the installed folder"

# A board of the template's vendor: a real dump with its makers renamed.
sed 's/Manufacturer: Supermicro/Manufacturer: Acme Servers/' \
	"$FWD_TOP/tests/data/dmi/supermicro-x11ssh-f.txt" >"$T/acme-dmi.txt"
run 0 env -u FWDISPATCH_PLUGIN_DIR "$prefix/bin/fwdispatch" detect --json --dmi-file "$T/acme-dmi.txt"
jeq "$T/out" plugin acme
jeq "$T/out" candidates.0.name acme
jeq "$T/out" candidates.0.score 80
run 0 env -u FWDISPATCH_PLUGIN_DIR "$prefix/bin/fwdispatch" detect --json \
	--dmi-file "$FWD_TOP/tests/data/dmi/dell-poweredge-r640.txt"
jeq "$T/out" plugin dell
ok "detect chooses the template for an Acme Servers board, and not for a Dell"

make -C "$T/acme" --no-print-directory uninstall >/dev/null 2>&1 || fail "make uninstall"
[ ! -e "$prefix/lib/fwdispatch/plugins/acme.so" ] || fail "acme.so left behind"
ok "the template's make uninstall removes it"
