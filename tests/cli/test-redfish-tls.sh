#!/usr/bin/env bash
# How fwdispatch trusts a Redfish BMC's certificate: pinned on first use,
# the same one accepted, a changed one refused before anything is sent
# (both fingerprints named, and how to accept it), --pin-cert, --cacert,
# and --insecure (never the default, and written into the journal and
# history).
. "$(dirname "$0")/lib.sh"
rf_require

rf_start
rf_image bmc-2 bmc 2.0.0 50000
dry() { run "$1" "$FWDISPATCH" update "${RF[@]}" "${@:2}" --bmc "$T/bmc-2.bin" --bmc-version 2.0.0 --yes --json; }
colons() { sed 's/../&:/g; s/:$//' <<<"$1"; }

# 1. First use: pinned, and the operator is shown the fingerprint.
run 0 "$FWDISPATCH" backup "${RF[@]}"
expect_in "$T/err" "pinned the certificate of https://127.0.0.1:$FWD_RF_PORT"
expect_in "$T/err" "$(colons "$FWD_RF_FINGERPRINT")"
grep -q "^127.0.0.1_${FWD_RF_PORT} $FWD_RF_FINGERPRINT " "$T/state/redfish/known-certs" ||
	fail "not pinned"
ok "first use pins the certificate's SHA-256 and shows it"

# 2. The same certificate: accepted without a word.
run 0 "$FWDISPATCH" backup "${RF[@]}"
expect_not_in "$T/err" "pinned"
ok "the pinned certificate is accepted again"

# 3. A changed certificate: refused before any request, both fingerprints named.
old=$FWD_RF_FINGERPRINT
eval "$("$RFSIM" new-cert "$FWD_RF_DIR")"
[ "$FWD_RF_FINGERPRINT" != "$old" ] || fail "new-cert kept the fingerprint"
before=$(wc -l <"$FWD_RF_LOG")
dry 3
jeq "$T/out" error.code refused
expect_in "$T/out" "the certificate of https://127.0.0.1:$FWD_RF_PORT changed"
expect_in "$T/out" "$(colons "$old")"
expect_in "$T/out" "$(colons "$FWD_RF_FINGERPRINT")"
expect_in "$T/out" "--pin-cert $FWD_RF_FINGERPRINT"
[ "$(tail -n +$((before + 1)) "$FWD_RF_LOG" | grep -c '"method"')" = 0 ] ||
	fail "a request reached the BMC behind a changed certificate"
[ "$(rf_log_count POST /redfish/v1/UpdateService/upload)" = 0 ] || fail "pushed"
grep -q " $old " "$T/state/redfish/known-certs" || fail "the old pin was replaced"
ok "a changed certificate: refused (exit 3) before any request, both fingerprints and --pin-cert named"

# 4. --pin-cert with another fingerprint: refused too; with the new one: pinned.
dry 3 --pin-cert "$old"
expect_in "$T/out" "changed"
run 2 "$FWDISPATCH" backup "${RF[@]}" --pin-cert 1234
expect_in "$T/err" "is not a SHA-256 fingerprint"
run 0 "$FWDISPATCH" backup "${RF[@]}" --pin-cert "$(colons "$FWD_RF_FINGERPRINT" | tr a-f A-F)"
grep -q " $FWD_RF_FINGERPRINT " "$T/state/redfish/known-certs" || fail "--pin-cert did not pin"
[ "$(grep -c "^127.0.0.1_${FWD_RF_PORT} " "$T/state/redfish/known-certs")" = 1 ] ||
	fail "the target has two pins"
run 0 "$FWDISPATCH" backup "${RF[@]}"
ok "--pin-cert accepts exactly the certificate named (colons, any case) and replaces the pin"

# 5. --cacert: verified against the CA (the emulator's certificate is its own CA).
rm -f "$T/state/redfish/known-certs"
run 0 "$FWDISPATCH" backup "${RF[@]}" --cacert "$FWD_RF_CACERT"
[ ! -e "$T/state/redfish/known-certs" ] || fail "--cacert pinned"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 \
	-subj /CN=other -keyout "$T/other.key" -out "$T/other.pem" 2>/dev/null || fail "openssl"
run 3 "$FWDISPATCH" backup "${RF[@]}" --cacert "$T/other.pem"
expect_in "$T/err" "is not trusted"
run 2 "$FWDISPATCH" backup "${RF[@]}" --cacert "$FWD_RF_CACERT" --insecure
ok "--cacert verifies against the CA given, refuses another; it excludes --insecure"

# 6. --insecure: works, says so, is recorded in the report, journal and history.
rf_image bmc-3 bmc 3.0.0 50000
run 0 "$FWDISPATCH" update "${RF[@]}" --insecure --bmc "$T/bmc-3.bin" --bmc-version 3.0.0 --yes --json
expect_in "$T/err" "--insecure: the certificate of https://127.0.0.1:$FWD_RF_PORT is not verified"
jeq "$T/out" tls.verified_by insecure
expect_in "$T/out" "--insecure"
tail -n 1 "$T/state/history.jsonl" >"$T/h"
jeq "$T/h" tls.verified_by insecure
grep -q '"verified_by": *"insecure"' "$T/state"/runs/*.json || fail "the journal does not say --insecure"
ok "--insecure updates, warns, and the report, journal and history say so"

# 7. Options of the other protocol are refused, and the reverse.
run 2 "$FWDISPATCH" backup --host 127.0.0.1 --user u --cacert "$FWD_RF_CACERT"
expect_in "$T/err" "--cacert is for a Redfish target"
run 2 "$FWDISPATCH" backup "${RF[@]}" --cipher 3
expect_in "$T/err" "--cipher is an IPMI option"
run 2 "$FWDISPATCH" backup --redfish --host 127.0.0.1 --port "$FWD_RF_PORT" \
	--password-file "$FWD_RF_PASSWORD_FILE" --state-dir "$T/state"
expect_in "$T/err" "needs --user"
run 2 "$FWDISPATCH" backup --protocol snmp --host 127.0.0.1
expect_in "$T/err" "is not ipmi or redfish"
ok "IPMI and Redfish options each refused for the other protocol; --protocol checked"
