#!/usr/bin/env bash
# Signed manifests (issue 12) against the simulated Supermicro BMC, with
# keys and signatures made by the openssl command line as an operations
# team would: a verified manifest (the key's fingerprint in the output,
# the JSON, the journal and the history), every refusal (exit 3, nothing
# sent to the BMC, nothing written), the trust configured once in the
# config file or the trusted-keys folder, and resume verifying again.
. "$FWD_TOP/tests/cli/lib.sh"
sim_require
command -v openssl >/dev/null || { echo "skip: 'openssl' is not installed"; exit 77; }
state=$T/state
DMI=$FWD_TOP/tests/data/dmi/supermicro-x11ssh-f.txt

sim_start --profile supermicro
initiates() { log_count '^initiate ' || true; }

# --- the operations team's keys, made with the openssl command line
mkdir -m 0700 "$T/private" && mkdir -m 0755 "$T/keys"
# newkey NAME ALGORITHM-OPTIONS...: $T/private/NAME.pem, and its public
# half $T/keys/NAME.pem.
newkey() {
	local name=$1
	shift
	{ openssl genpkey "$@" -out "$T/private/$name.pem" &&
		openssl pkey -in "$T/private/$name.pem" -pubout -out "$T/keys/$name.pem"
	} 2>"$T/openssl.err" || { cat "$T/openssl.err" >&2; fail "openssl could not make key $name"; }
	chmod 0644 "$T/keys/$name.pem"
}
newkey ops -algorithm ed25519
newkey other -algorithm ed25519
newkey rsa -algorithm RSA -pkeyopt rsa_keygen_bits:2048
newkey ec -algorithm EC -pkeyopt ec_paramgen_curve:P-256
fp=$(openssl pkey -pubin -in "$T/keys/ops.pem" -outform DER | sha256sum | cut -d' ' -f1)
# signfile KEY FILE [OUT]: KEY's Ed25519 signature of FILE's exact bytes.
signfile() {
	openssl pkeyutl -sign -rawin -inkey "$T/private/$1.pem" -in "$2" -out "${3:-$2.sig}" ||
		fail "openssl could not sign $2"
}

mkimage v172 1.72
sha=$(sha256sum "$T/v172.hpm" | cut -d' ' -f1)
cat >"$T/m.json" <<JSON
{ "schema": "fwdispatch-manifest/1",
  "images": [ { "component": "bmc", "file": "v172.hpm", "version": "1.72", "sha256": "$sha",
                "boards": ["X11SSH-F"] } ] }
JSON
signfile ops "$T/m.json"
[ "$(stat -c %s "$T/m.json.sig")" = 64 ] ||
	fail "openssl made a signature of $(stat -c %s "$T/m.json.sig") bytes"

# dry EXPECTED-EXIT ARGS...: update --dry-run --json from the manifest.
dry() {
	local want=$1
	shift
	fwd_update "$want" --json --dry-run --manifest "$T/m.json" --dmi-file "$DMI" "$@"
	one_json "$T/out"
}
# Every file of the state folder, its size and time (none when it is not there).
state_listing() {
	find "$state" -printf '%p %s %T@\n' 2>/dev/null | sort
}
# refused ARGS... -- TEXT: exit 3 in the manifest step, naming TEXT, with
# no step of the manifest's images (nothing in it was used).
refused() {
	local args=() text
	while [ "$1" != -- ]; do args+=("$1"); shift; done
	text=$2
	was=$(state_listing)
	dry 3 "${args[@]}"
	expect_in "$T/err" "$text"
	jeq "$T/out" error.exit_code 3
	jeq "$T/out" manifest_signed_by null
	"$JGET" -f "$T/out" steps | grep -q '"manifest-bmc"' && fail "a refused manifest was applied"
	[ "$(state_listing)" = "$was" ] || fail "a refused dry run wrote to the state folder"
}

# --- no key configured: an unsigned manifest is taken as before
dry 0
jeq "$T/out" manifest_signed_by null
"$JGET" -f "$T/out" steps.1.detail | grep -q "not signed (no trusted key is configured)" ||
	fail "the manifest step does not say it was not signed"
ok "no trusted key: an unsigned manifest works as before, and the step says it was not signed"

# --- signed, verified
dry 0 --signature "$T/m.json.sig" --trust-key "$T/keys/ops.pem"
jeq "$T/out" manifest_signed_by "$fp"
jeq "$T/out" options.signature "$T/m.json.sig"
jeq "$T/out" options.trust_key "$T/keys/ops.pem"
fwd_update 0 --dry-run --manifest "$T/m.json" --dmi-file "$DMI" --signature "$T/m.json.sig" \
	--trust-key "$T/keys/ops.pem"
expect_in "$T/out" "signature verified with key '$T/keys/ops.pem' (sha256 $fp)"
ok "signed by the trusted key: verified; its fingerprint (openssl's DER SHA-256) shown, in the JSON"

# --- every refusal: exit 3, nothing in the manifest used
cp "$T/m.json" "$T/m.orig"
sed -i 's/"X11SSH-F"/"X11SSH-F", "X11SSH-LN4F"/' "$T/m.json"
refused --signature "$T/m.json.sig" --trust-key "$T/keys/ops.pem" -- \
	"'$T/m.json' is not signed by the trusted key '$T/keys/ops.pem' (sha256 $fp)"
printf ' ' >>"$T/m.orig.1" && cat "$T/m.orig" "$T/m.orig.1" >"$T/m.json"
refused --signature "$T/m.json.sig" --trust-key "$T/keys/ops.pem" -- \
	"it was changed after it was signed"
cp "$T/m.orig" "$T/m.json"
ok "a tampered manifest (a board added; one trailing space) is refused: exit 3"

refused --signature "$T/m.json.sig" --trust-key "$T/keys/other.pem" -- \
	"is not signed by the trusted key '$T/keys/other.pem'"
signfile other "$T/m.json" "$T/other.sig"
refused --signature "$T/other.sig" --trust-key "$T/keys/ops.pem" -- \
	"is not signed by the trusted key"
ok "a wrong key, either way round (the trusted key is another; the signer is another): exit 3"

head -c 63 "$T/m.json.sig" >"$T/short.sig"
refused --signature "$T/short.sig" --trust-key "$T/keys/ops.pem" -- \
	"is 63 bytes, not an Ed25519 signature (64 bytes"
openssl base64 -A -in "$T/m.json.sig" >"$T/b64.sig"
refused --signature "$T/b64.sig" --trust-key "$T/keys/ops.pem" -- \
	"is 88 bytes, not an Ed25519 signature"
: >"$T/empty.sig"
refused --signature "$T/empty.sig" --trust-key "$T/keys/ops.pem" -- "is 0 bytes"
head -c 64 /dev/urandom >"$T/random.sig"
refused --signature "$T/random.sig" --trust-key "$T/keys/ops.pem" -- \
	"is not signed by the trusted key"
mkfifo "$T/fifo.sig"
refused --signature "$T/fifo.sig" --trust-key "$T/keys/ops.pem" -- \
	"is a FIFO, not a signature file"
ok "a signature that is not one (63 bytes, base64, empty, 64 random bytes, a FIFO): exit 3"

sig=$T/m.json.sig
refused --signature "$sig" --trust-key "$T/keys/rsa.pem" -- "is an RSA key, not Ed25519"
refused --signature "$sig" --trust-key "$T/keys/ec.pem" -- "is an EC key, not Ed25519"
refused --signature "$sig" --trust-key "$T/private/ops.pem" -- "holds a private key"
refused --signature "$sig" --trust-key "$T/m.json" -- "is not a PEM public key"
ok "a key that is not an Ed25519 public key (RSA, EC, the private key, not PEM): exit 3"

refused --trust-key "$T/keys/ops.pem" -- \
	"must be signed: a trusted key is configured (key '$T/keys/ops.pem')"
refused --signature "$sig" -- "is given, but no key to verify it with"
ok "a trusted key and no --signature, or --signature and no key: exit 3"

fwd_update 2 --dry-run --bmc "$T/v172.hpm" --signature "$T/m.json.sig"
expect_in "$T/err" "--signature is the manifest's: give --manifest FILE too"
fwd_update 2 --dry-run --bmc "$T/v172.hpm" --trust-key "$T/keys/ops.pem"
expect_in "$T/err" "--trust-key verifies a manifest's signature"
ok "--signature or --trust-key without --manifest: a usage error (exit 2)"

# A refused real update: nothing sent, no backup, no history.
before=$(initiates)
fwd_update 3 --json --manifest "$T/m.json" --dmi-file "$DMI" --signature "$T/other.sig" \
	--trust-key "$T/keys/ops.pem"
jeq "$T/out" changed false
[ "$(initiates)" = "$before" ] || fail "a refused manifest's image was sent to the BMC"
[ ! -e "$state/backups" ] || [ -z "$(ls -A "$state/backups")" ] || fail "a backup was taken"
[ ! -e "$state/history.jsonl" ] || fail "a refused run left a history line"
expect_fw 1.71 "after the refused update"
ok "a real update with a wrongly signed manifest: exit 3, nothing sent, no backup, no history"

# --- trust configured once: the config file
printf 'trust-key = %s\n' "$T/keys/ops.pem" >"$T/fwdispatch.conf"
chmod 0644 "$T/fwdispatch.conf"
FWDISPATCH_CONFIG=$T/fwdispatch.conf refused -- \
	"must be signed: a trusted key is configured (key '$T/keys/ops.pem')"
FWDISPATCH_CONFIG=$T/fwdispatch.conf dry 0 --signature "$sig"
jeq "$T/out" manifest_signed_by "$fp"
FWDISPATCH_CONFIG=$T/fwdispatch.conf fwd_update 0 --json --dry-run --bmc "$T/v172.hpm"
jeq "$T/out" manifest_signed_by null
ok "config file 'trust-key =': every manifest must be signed by it; an image given directly works"

# --- trust configured once: the trusted-keys folder, checked like the plugins'
# intrust ARGS...: refused (or dry, with "dry N") with the folder $1 trusted.
intrust() {
	local dir=$1
	shift
	FWDISPATCH_TRUSTED_KEYS=$dir "$@"
}
mkdir -m 0755 "$T/trusted"
cp "$T/keys/other.pem" "$T/keys/ops.pem" "$T/trusted/"
intrust "$T/trusted" refused -- \
	"must be signed: a trusted key is configured (the folder '$T/trusted')"
intrust "$T/trusted" dry 0 --signature "$sig"
jeq "$T/out" manifest_signed_by "$fp"
intrust "$T/trusted" refused --signature "$T/random.sig" -- \
	"is signed by none of the 2 trusted keys"
chmod 0777 "$T/trusted"
intrust "$T/trusted" refused --signature "$sig" -- \
	"the trusted-keys folder '$T/trusted' is writable by others"
chmod 0755 "$T/trusted"
chmod 0666 "$T/trusted/other.pem"
intrust "$T/trusted" refused --signature "$sig" -- \
	"trusted key '$T/trusted/other.pem' is writable by others"
chmod 0644 "$T/trusted/other.pem"
ln -s "$T/keys/ops.pem" "$T/trusted/link.pem"
intrust "$T/trusted" refused --signature "$sig" -- \
	"trusted key '$T/trusted/link.pem' is a symbolic link"
rm "$T/trusted/link.pem"
ln -s "$T/trusted" "$T/trusted-link"
intrust "$T/trusted-link" refused --signature "$sig" -- \
	"is a symbolic link: name the folder itself"
intrust "$T/none" refused --signature "$sig" -- "cannot use the trusted-keys folder '$T/none'"
ok "the trusted-keys folder: any *.pem there may sign; loose modes, links, a missing one: exit 3"

# --- a real update from a signed manifest: the key in the journal and the history
fwd_update 0 --json --manifest "$T/m.json" --dmi-file "$DMI" --signature "$sig" \
	--trust-key "$T/keys/ops.pem"
jeq "$T/out" result ok
jeq "$T/out" bmc.after 1.72
jeq "$T/out" manifest_signed_by "$fp"
journal=$(ls "$state"/runs/*.json)
jeq "$journal" manifest_signed_by "$fp"
tail -n 1 "$state/history.jsonl" >"$T/last.json"
jeq "$T/last.json" manifest_signed_by "$fp"
jeq "$T/last.json" new 1.72
expect_fw 1.72 "after the signed update"
ok "a real update from a signed manifest: flashed; the key's fingerprint in JSON, journal, history"

# --- resume reads the manifest again: verified again
mkimage v173 1.73
sha=$(sha256sum "$T/v173.hpm" | cut -d' ' -f1)
sed -i -e "s/v172.hpm/v173.hpm/" -e "s/1.72/1.73/" \
	-e "s/\"sha256\": \"[0-9a-f]*\"/\"sha256\": \"$sha\"/" "$T/m.json"
signfile ops "$T/m.json"
cp "$T/m.json" "$T/m.orig"
FWDISPATCH=$FWDISPATCH_HOOKED FWDISPATCH_TEST_KILL_AFTER=backup \
	intrust "$T/trusted" fwd_update 137 --manifest "$T/m.json" --dmi-file "$DMI" --signature "$sig"
before=$(initiates)
sed -i 's/"X11SSH-F"/"X11SSH-F", "X11SSH-LN4F"/' "$T/m.json"
intrust "$T/trusted" fwd_resume 3 --json --dmi-file "$DMI"
expect_in "$T/err" "is signed by none of the 2 trusted keys"
cp "$T/m.orig" "$T/m.json"
fwd_resume 3 --json --dmi-file "$DMI"
expect_in "$T/err" "was verified with key sha256 $fp when the run being resumed started"
expect_in "$T/err" "and no trusted key is configured now"
[ "$(initiates)" = "$before" ] || fail "a refused resume sent something"
run 0 "$FWDISPATCH" status --json --state-dir "$state"
jeq "$T/out" state interrupted
ok "resume verifies the manifest again: tampered since, or signed then and no key now: 3, resumable"
intrust "$T/trusted" fwd_resume 0 --json --dmi-file "$DMI"
jeq "$T/out" result ok
jeq "$T/out" bmc.after 1.73
jeq "$T/out" manifest_signed_by "$fp"
expect_fw 1.73 "after the resumed signed update"
ok "resume with the trusted key: verified again and finished"
sim_stop
