#!/usr/bin/env bash
# `make install PREFIX=...` gives a fwdispatch that finds its six plugins
# with no flag and no environment, its header and fwdispatch.pc, its man
# pages, bash completion and example config, and `make uninstall` removes
# it all;
# `fwdispatch plugins` reports a refused plugin and still loads the rest.
. "$FWD_TOP/tests/cli/lib.sh"

prefix=$T/prefix
make -C "$FWD_TOP" --no-print-directory -s install PREFIX="$prefix" \
	${FWD_SAN:+SAN=$FWD_SAN} >"$T/install.log" 2>&1 || { cat "$T/install.log"; fail "make install"; }
chmod -R go-w "$T"

# No FWDISPATCH_PLUGIN_DIR: the installed binary must find its own folder.
run 0 env -u FWDISPATCH_PLUGIN_DIR "$prefix/bin/fwdispatch" plugins --json
one_json "$T/out"
jeq "$T/out" schema fwdispatch/1
jeq "$T/out" plugins.0.name dell
jeq "$T/out" plugins.1.name generic-hpm
jeq "$T/out" plugins.2.name hpe
jeq "$T/out" plugins.3.name lenovo
jeq "$T/out" plugins.4.name redfish
jeq "$T/out" plugins.5.name supermicro
for i in 0 1 2 3 4 5; do jeq "$T/out" plugins.$i.loaded true; jeq "$T/out" plugins.$i.reason null; done
[ "$("$JGET" -f "$T/out" -l plugins)" = 6 ] || fail "expected exactly six plugins"
case $("$JGET" -f "$T/out" plugins.0.file) in
"$prefix"/lib/fwdispatch/plugins/dell.so) ;;
*) fail "dell.so not loaded from the installed folder" ;;
esac
ok "an installed fwdispatch (PREFIX=$prefix) loads its six plugins without flags"

[ -f "$prefix/include/fwdispatch/fwd_plugin.h" ] || fail "public header not installed"
pcdir=$prefix/lib/pkgconfig
grep -q "^pluginsdir=$prefix/lib/fwdispatch/plugins$" "$pcdir/fwdispatch.pc" || fail "fwdispatch.pc lacks pluginsdir"
ok "the header and fwdispatch.pc (pluginsdir) are installed for third-party plugins"

# The man pages and the bash completion, each where its tools look.
for f in share/man/man1/fwdispatch.1 share/man/man7/fwdispatch-plugin.7 \
	share/bash-completion/completions/fwdispatch; do
	[ -s "$prefix/$f" ] || fail "$f is not installed"
	[ "$(stat -c %a "$prefix/$f")" = 644 ] || fail "$f is not mode 0644"
done
grep -q '^\.TH FWDISPATCH 1 ' "$prefix/share/man/man1/fwdispatch.1" || fail "fwdispatch.1 has no .TH"
grep -q '^complete -F _fwdispatch fwdispatch$' "$prefix/share/bash-completion/completions/fwdispatch" ||
	fail "the completion does not register itself"
ok "make install puts fwdispatch(1), fwdispatch-plugin(7) and the bash completion in PREFIX/share"

# The example config file goes with the documentation, never into /etc.
cmp "$FWD_TOP/etc/fwdispatch.conf.example" "$prefix/share/doc/fwdispatch/fwdispatch.conf.example" ||
	fail "the example config file is not installed in $prefix/share/doc/fwdispatch"
ok "make install puts fwdispatch.conf.example in PREFIX/share/doc/fwdispatch"

# An out-of-tree plugin built only from the installed header loads.
cat > "$T/thirdparty.c" <<'C'
#include <fwdispatch/fwd_plugin.h>
#include <stdio.h>
static int probe(struct fwd_ctx *ctx, const struct fwd_identity *id, int *score,
		 char *reason, size_t size)
{
	(void)ctx; (void)id;
	*score = 1;
	snprintf(reason, size, "third party");
	return 0;
}
static const struct fwd_plugin vt = { FWD_PLUGIN_INIT, .name = "acme", .version = "1.0", .probe = probe };
FWD_PLUGIN_ENTRY(host) { (void)host; return &vt; }
C
cc -std=c11 -Wall -Wextra -Werror -fPIC -shared -I"$prefix/include" \
	${FWD_SAN:+-fsanitize=address,undefined} \
	-o "$prefix/lib/fwdispatch/plugins/acme.so" "$T/thirdparty.c" || fail "third-party plugin build"
printf 'not a plugin' > "$prefix/lib/fwdispatch/plugins/broken.so"
chmod 644 "$prefix/lib/fwdispatch/plugins/"*.so
run 0 env -u FWDISPATCH_PLUGIN_DIR "$prefix/bin/fwdispatch" plugins --json
jeq "$T/out" plugins.0.name acme
jeq "$T/out" plugins.0.loaded true
jeq "$T/out" plugins.1.loaded false
jeq "$T/out" plugins.1.file "$prefix/lib/fwdispatch/plugins/broken.so"
"$JGET" -f "$T/out" plugins.1.reason | grep -q "cannot be loaded" || fail "no reason for broken.so"
[ "$("$JGET" -f "$T/out" -l plugins)" = 8 ] || fail "expected eight plugins listed"
run 0 env -u FWDISPATCH_PLUGIN_DIR "$prefix/bin/fwdispatch" plugins
expect_in "$T/out" "REFUSED"
expect_in "$T/out" "reason: cannot be loaded"
ok "a third-party plugin loads from the installed header; a broken one is refused with a reason"
rm -f "$prefix/lib/fwdispatch/plugins/acme.so" "$prefix/lib/fwdispatch/plugins/broken.so"

make -C "$FWD_TOP" --no-print-directory -s uninstall PREFIX="$prefix" >"$T/uninstall.log" 2>&1 || fail "make uninstall"
left=$(find "$prefix" -type f)
[ -z "$left" ] || fail "make uninstall left: $left"
ok "make uninstall removes every installed file"
