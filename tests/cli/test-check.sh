#!/usr/bin/env bash
# `fwdispatch check`: a valid image passes with its facts; every kind of
# broken image is refused (exit 3) with its own message; the expected
# SHA-256 from --sha256 or IMAGE.sha256 is enforced.
. "$FWD_TOP/tests/cli/lib.sh"

"$MKHPM" --out "$T/ok.hpm" --size 64K --version 1.72 --earliest 1.50 \
	--sha256-out "$T/ok.hpm.sha256" >/dev/null || fail "mkhpm"
sum=$(cut -d' ' -f1 "$T/ok.hpm.sha256")
[ "$sum" = "$(sha256sum "$T/ok.hpm" | cut -d' ' -f1)" ] || fail "mkhpm sidecar disagrees with sha256sum"

run 0 "$FWDISPATCH" check --json "$T/ok.hpm"
one_json "$T/out"
jeq "$T/out" valid true
jeq "$T/out" format hpm1
jeq "$T/out" sha256 "$sum"
jeq "$T/out" sha256_source sidecar
jeq "$T/out" size 65536
jeq "$T/out" manufacturer_id 10876
jeq "$T/out" product_id 2390
jeq "$T/out" device_id 0
jeq "$T/out" earliest_compatible 1.50
jeq "$T/out" components.0.id 0
jeq "$T/out" components.0.version 1.72
jeq "$T/out" components.0.description "BMC firmware"
ok "a valid image: exit 0, its facts and the SHA-256 checked against IMAGE.sha256"

run 0 "$FWDISPATCH" check "$T/ok.hpm" --sha256 "$(echo "$sum" | tr a-f A-F)"
expect_in "$T/out" "matches --sha256"
ok "--sha256 (any case) is compared"

bad=$(echo "$sum" | sed 's/^./0/;t'); [ "$bad" = "$sum" ] && bad=$(echo "$sum" | sed 's/^./1/')
run 3 "$FWDISPATCH" check --json "$T/ok.hpm" --sha256 "$bad"
jeq "$T/out" valid false
jeq "$T/out" problem sha256-mismatch
jeq "$T/out" error.code refused
expect_in "$T/err" "has SHA-256 $sum, but the command line says $bad"
ok "a SHA-256 mismatch: exit 3, naming both values"

echo "$bad  ok.hpm" > "$T/ok.hpm.sha256"
run 3 "$FWDISPATCH" check "$T/ok.hpm"
expect_in "$T/err" "its .sha256 file says $bad"
ok "a sidecar that disagrees: exit 3"
rm -f "$T/ok.hpm.sha256"
run 0 "$FWDISPATCH" check "$T/ok.hpm"
expect_in "$T/err" "no expected SHA-256"
ok "no expected SHA-256 at all: valid, with a warning that only the image's own checksums were verified"

# Every kind of broken image, each with its own message.
: > "$T/messages"
kinds=$("$MKHPM" --list-breaks | awk '{print $1 " " $2}')
n=0
while read -r kind problem; do
	"$MKHPM" --out "$T/$kind.hpm" --size 4K --break "$kind" >/dev/null || fail "mkhpm --break $kind"
	run 3 "$FWDISPATCH" check --json "$T/$kind.hpm"
	one_json "$T/out"
	jeq "$T/out" valid false
	jeq "$T/out" problem "$problem"
	jeq "$T/out" error.exit_code 3
	msg=$("$JGET" -f "$T/out" error.message)
	case $msg in "'$T/$kind.hpm' is not a valid HPM.1 image: "*) ;; *) fail "$kind: message '$msg'" ;; esac
	grep -qxF -- "${msg#*: }" "$T/messages" && fail "$kind: same message as another kind: $msg"
	echo "${msg#*: }" >> "$T/messages"
	n=$((n + 1))
done <<<"$kinds"
[ "$n" -ge 20 ] || fail "only $n broken kinds"
ok "$n kinds of broken image: each exit 3 with its own problem name and message"

# The lying length real ipmitool accepts: refused, naming the lie.
"$MKHPM" --out "$T/lie.hpm" --size 4K --break lying-length >/dev/null
run 3 "$FWDISPATCH" check "$T/lie.hpm"
expect_in "$T/err" "claims"
expect_in "$T/err" "payload bytes but only"
ok "an upload length past the end with a right MD5 is refused"

run 3 "$FWDISPATCH" check "$T/missing.hpm"
expect_in "$T/err" "missing.hpm"
mkdir "$T/dir.hpm"
run 3 "$FWDISPATCH" check "$T/dir.hpm"
expect_in "$T/err" "'$T/dir.hpm' is a directory, not a firmware image"
run 3 "$FWDISPATCH" check --sha256 xyz "$T/ok.hpm"
expect_in "$T/err" "'xyz' is not a SHA-256"
ok "a missing file, a folder, a malformed --sha256: exit 3 with a message"

# Not a file at all: each says what the path is, and a FIFO never blocks.
mkfifo "$T/fifo.bin"
run 3 timeout 10 "$FWDISPATCH" check "$T/fifo.bin"
expect_in "$T/err" "'$T/fifo.bin' is a FIFO, not a firmware image"
run 3 timeout 10 "$FWDISPATCH" check --json "$T/fifo.bin"
one_json "$T/out"
jeq "$T/out" problem not-regular
jeq "$T/out" error.exit_code 3
run 3 "$FWDISPATCH" check /dev/null
expect_in "$T/err" "'/dev/null' is a character device, not a firmware image"
mkdir "$T/unpacked"
run 3 "$FWDISPATCH" check --sha256 "$sum" "$T/unpacked"
expect_in "$T/err" "'$T/unpacked' is a directory, not a firmware image"
ok "a directory, a FIFO (without blocking), a device: exit 3, saying which"

# A vendor image: checked for what can be, the rest named, exit 0.
mkimage_vendor bios.bin 50000
vsum=$(cut -d' ' -f1 "$T/bios.bin.sha256")
run 0 "$FWDISPATCH" check "$T/bios.bin"
expect_in "$T/out" "vendor image (not HPM.1)"
expect_in "$T/out" "its SHA-256 matches IMAGE.sha256"
expect_in "$T/out" "that the vendor's tool (Supermicro's sum, Dell's racadm) accepts it"
expect_not_in "$T/err" ".hpm"
run 0 "$FWDISPATCH" check --json "$T/bios.bin"
one_json "$T/out"
jeq "$T/out" valid true
jeq "$T/out" format vendor
jeq "$T/out" size 50000
jeq "$T/out" sha256 "$vsum"
jeq "$T/out" checked.0.what file
jeq "$T/out" checked.1.what sha256
jeq "$T/out" not_checked.0.what format
jeq "$T/out" not_checked.1.what vendor-tool
rm "$T/bios.bin.sha256"
run 0 "$FWDISPATCH" check --json "$T/bios.bin"
jeq "$T/out" not_checked.0.what sha256
expect_in "$T/err" "no expected SHA-256"
run 3 "$FWDISPATCH" check --json --sha256 "$bad" "$T/bios.bin"
jeq "$T/out" problem sha256-mismatch
: >"$T/empty.exe"
run 3 "$FWDISPATCH" check "$T/empty.exe"
expect_in "$T/err" "is empty"
ok "a vendor image: exit 0 with what was checked and what was not; a wrong SHA-256 or empty: 3"

run 0 "$FWDISPATCH" check --json "$T/ok.hpm" --sha256 "$sum"
jeq "$T/out" checked.1.what format
jeq "$T/out" checked.2.what sha256
jeq "$T/out" not_checked.0.what board
ok "an HPM.1 image's JSON says what was checked too: its board fits only at the update"

# --manifest: the expected SHA-256 is the manifest's entry for the image.
cat >"$T/m.json" <<JSON
{ "schema": "fwdispatch-manifest/1", "images": [
  { "component": "bmc", "file": "ok.hpm", "version": "1.72", "sha256": "$sum",
    "boards": ["X11SSH-F"] },
  { "component": "bios", "file": "bios.bin", "version": "2.8", "sha256": "$vsum",
    "boards": ["X11SSH-F", "X11SSH-LN4F"] } ] }
JSON
run 0 "$FWDISPATCH" check --json --manifest "$T/m.json" "$T/bios.bin"
jeq "$T/out" sha256_source manifest
jeq "$T/out" checked.1.detail "its SHA-256 matches the manifest's"
jeq "$T/out" checked.2.what manifest
expect_not_in "$T/err" "no expected SHA-256"
run 0 "$FWDISPATCH" check --manifest "$T/m.json" "$T/ok.hpm"
expect_in "$T/out" "listed in manifest '$T/m.json': bmc 1.72, for X11SSH-F"
cp "$T/bios.bin" "$T/other.bin"
run 3 "$FWDISPATCH" check --manifest "$T/m.json" "$T/other.bin"
expect_in "$T/err" "is not in manifest"
head -c 1 /dev/zero >>"$T/bios.bin"
run 3 "$FWDISPATCH" check --json --manifest "$T/m.json" "$T/bios.bin"
jeq "$T/out" problem sha256-mismatch
expect_in "$T/err" "but manifest '$T/m.json' says $vsum (bios 2.8)"
run 3 "$FWDISPATCH" check --manifest "$T/m.json" --sha256 "$vsum" "$T/ok.hpm"
expect_in "$T/err" "is not the one manifest '$T/m.json' gives"
ok "--manifest: the entry's SHA-256 is enforced, and the entry is shown; an unlisted image: 3"
