#!/usr/bin/env bash
# contrib/bash-completion/fwdispatch, sourced into bash and asked as bash
# asks it: the commands; a command's options, read from that command's
# --help (so an option the CLI gains is completed without a change here);
# image files by extension with folders, falling back to every file; state
# folders; --protocol's values; the loaded plugins' names; backup files
# for restore.
. "$FWD_TOP/tests/cli/lib.sh"

# complete WORD...: COMPREPLY for the last word, one a line, sorted.
complete_words() {
	bash -c '
		. "$1"/contrib/bash-completion/fwdispatch
		shift
		COMP_WORDS=("$@")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		_fwdispatch
		printf "%s\n" "${COMPREPLY[@]}"
	' bash "$FWD_TOP" "$FWDISPATCH" "$@" | sort
}
has() { grep -qxF -- "$2" <<<"$1" || fail "completion lacks '$2': $(tr '\n' ' ' <<<"$1")"; }
hasnt() { ! grep -qxF -- "$2" <<<"$1" || fail "completion offers '$2'"; }

out=$(complete_words "")
for c in backup check detect history plugins recover restore resume status update verify --help; do
	has "$out" "$c"
done
out=$(complete_words up)
[ "$out" = update ] || fail "'up' completes to '$out', not update"
ok "the commands, from fwdispatch --help"

out=$(complete_words update --)
for o in --bmc --bios --bmc-url --dry-run --redfish --state-dir --allow-downgrade --yes --json; do
	has "$out" "$o"
done
hasnt "$out" --follow
# Every option update --help lists is offered: none is left out.
n=0
while read -r o; do
	has "$out" "$o"
	n=$((n + 1))
done < <("$FWDISPATCH" update --help | awk '/^options:$/ { on = 1; next } on && /^ *--/ { print $1 }')
[ "$n" -gt 20 ] || fail "update --help listed only $n options"
out=$(complete_words status --f)
[ "$out" = --follow ] || fail "'status --f' completes to '$out'"
ok "a command's options, as its --help lists them"

mkdir -p "$T/img/sub"
touch "$T/img/bmc.hpm" "$T/img/BIOS.ROM" "$T/img/notes.txt" "$T/img/idrac.EXE"
cd "$T/img" || fail "cd"
out=$(complete_words update --bmc "")
has "$out" bmc.hpm
has "$out" BIOS.ROM
has "$out" idrac.EXE
has "$out" sub/
hasnt "$out" notes.txt
mkdir -p "$T/other" && touch "$T/other/X11SSH9.123" && cd "$T/other" || fail "cd"
out=$(complete_words update --bios "")
has "$out" X11SSH9.123
ok "--bmc/--bios: image files by extension and folders; every file when none matches"

cd "$T/img" || fail "cd"
out=$(complete_words update --state-dir "")
[ "$out" = sub ] || fail "--state-dir completes '$out', not only the folder sub"
out=$(complete_words update --protocol "")
[ "$(tr '\n' ' ' <<<"$out")" = "ipmi redfish " ] || fail "--protocol completes '$out'"
out=$(complete_words detect --plugin "")
for p in dell generic-hpm supermicro redfish; do has "$out" "$p"; done
touch "$T/img/20261204T101010Z-local.json"
out=$(complete_words restore "")
has "$out" 20261204T101010Z-local.json
hasnt "$out" bmc.hpm
ok "folders for --state-dir, --protocol's values, the loaded plugins, backups for restore"
