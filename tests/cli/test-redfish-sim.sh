#!/usr/bin/env bash
# tests/sim/fwd-redfish-sim, the emulated Redfish BMC, through the curl
# command line: start/stop/env and its usage errors, authentication and
# sessions, ETags, a multipart upload stored byte for byte, a task that
# advances, the BMC's restart with its port closed and the new version
# after, the BIOS staged until the host resets, every fault once, the owner
# watchdog, a new certificate.  The password reaches curl only through a
# netrc file or a request body file, never an argv.
. "$FWD_TOP/tests/cli/lib.sh"
rf_require
command -v curl >/dev/null || { echo "skip: 'curl' is not installed"; exit 77; }

# The python3 the emulator runs on (its launcher's choice), also for the
# JSON look-ups here: a version manager's python3 shim can cost half a
# second a call.
PY=/usr/bin/python3
[ -x "$PY" ] || PY=$(command -v python3)

# rfsim_start ARGS...: lib.sh's rf_start (owned by this script, stopped on
# exit, FWD_RF_* set), then curl's netrc file in $T/netrc and URL.
rfsim_start() {
	rf_start "$@"
	rf_netrc "$(cat "$FWD_RF_PASSWORD_FILE")" >"$T/netrc"
	URL=https://$FWD_RF_HOST:$FWD_RF_PORT
}

# rf_netrc PASSWORD: a netrc for the current emulator (printf: a builtin,
# no argv).
rf_netrc() {
	printf 'machine %s login %s password %s\n' "$FWD_RF_HOST" "$FWD_RF_USER" "$1"
}

# rf METHOD PATH [CURL-ARGS...]: a request with Basic auth from the netrc;
# sets code (HTTP status, 000 when nothing answered) and rc (curl's exit);
# body in $T/body, headers in $T/head.
rf() {
	local method=$1 path=$2
	shift 2
	: >"$T/body"
	: >"$T/head"
	code=$(curl -sS --max-time 20 --cacert "$FWD_RF_CACERT" --netrc-file "$T/netrc" \
		-X "$method" -o "$T/body" -D "$T/head" -w '%{http_code}' "$@" "$URL$path" 2>"$T/curl.err")
	rc=$?
}

# rf_expect CODE WHY: the last request answered CODE.
rf_expect() {
	[ "$code" = "$1" ] || {
		cat "$T/head" "$T/body" "$T/curl.err" >&2
		fail "HTTP $code, expected $1 ($2)"
	}
}

# jv PATH [FILE]: a value of the JSON document ($T/body), PATH as
# slash-separated keys and indexes (keys hold dots: @odata.id).
jv() {
	"$PY" -S -c '
import json, sys
v = json.load(open(sys.argv[2]))
for k in sys.argv[1].split("/"):
    v = v[int(k)] if isinstance(v, list) else v[k]
print(v if isinstance(v, str) else json.dumps(v))' "$1" "${2:-$T/body}" 2>/dev/null
}

# jexpect PATH VALUE WHY: the last body has VALUE at PATH.
jexpect() {
	local got
	got=$(jv "$1")
	[ "$got" = "$2" ] || { cat "$T/body" >&2; fail "$1 is '$got', expected '$2' ($3)"; }
}

# header NAME: a header of the last answer.
header() {
	sed -n "s/^$1: *//Ip" "$T/head" | tr -d '\r' | tail -n 1
}

# msgid: the first MessageId of the last error body.
msgid() {
	jv "error/@Message.ExtendedInfo/0/MessageId"
}

# no_password FILE: the password is nowhere in FILE (grep reads it from
# the password file: not even a test puts it in an argv).
no_password() {
	! grep -qFf "$FWD_RF_PASSWORD_FILE" "$1" || fail "the password is in $(basename "$1")"
}

# mkimage_rf NAME COMPONENT VERSION SIZE [PRODUCT]: $T/NAME, an image in
# the emulator's format with SIZE random payload bytes.
mkimage_rf() {
	{
		printf 'FWD-REDFISH-IMAGE component=%s version=%s product=%s\n' "$2" "$3" "${5:-Contoso BMC 1}"
		head -c "$4" /dev/urandom
	} >"$T/$1"
}

# push IMAGE PARAMS-JSON [CURL-ARGS...]: a multipart push of $T/IMAGE.
push() {
	local image=$1 params=$2
	shift 2
	printf '%s' "$params" >"$T/params.json"
	rf POST /redfish/v1/UpdateService/upload \
		-F "UpdateParameters=@$T/params.json;type=application/json" \
		-F "UpdateFile=@$T/$image;type=application/octet-stream" "$@"
}

# task_wait N STATE WHY: task N reaches STATE within 15 s.
task_wait() {
	local i
	for i in $(seq 1 150); do
		rf GET "/redfish/v1/TaskService/Tasks/$1"
		[ "$(jv TaskState)" = "$2" ] && return 0
		sleep 0.1
	done
	cat "$T/body" >&2
	fail "task $1 is '$(jv TaskState)', not $2 after 15 s ($3)"
}

# task_msgids N: the MessageIds of task N, space-separated.
task_msgids() {
	rf GET "/redfish/v1/TaskService/Tasks/$1"
	"$PY" -S -c 'import json,sys; print(" ".join(m["MessageId"] for m in json.load(open(sys.argv[1]))["Messages"]))' "$T/body"
}

# bmc_version: the manager's FirmwareVersion (the BMC must answer).
bmc_version() {
	rf GET /redfish/v1/Managers/BMC
	jv FirmwareVersion
}

# wait_down WHY, wait_up WHY: the port refuses connections / answers
# again, each within 10 s.
wait_down() {
	local i
	for i in $(seq 1 100); do
		rf GET /redfish/v1/
		[ "$rc" = 7 ] && return 0
		sleep 0.1
	done
	fail "the BMC still accepts connections 10 s on ($1)"
}
wait_up() {
	local i
	for i in $(seq 1 100); do
		rf GET /redfish/v1/
		[ "$code" = 200 ] && return 0
		sleep 0.1
	done
	fail "the BMC did not come back within 10 s ($1)"
}

# 1. Usage errors change nothing.
if "$RFSIM" start --fault no-such-fault >"$T/out" 2>"$T/err"; then fail "an unknown fault was accepted"; fi
expect_in "$T/err" "unknown fault 'no-such-fault'"
"$RFSIM" start --port 80 >"$T/out" 2>"$T/err"
[ $? = 2 ] || fail "--port 80 did not exit 2"
mkdir "$T/foreign" && echo keep >"$T/foreign/file"
if "$RFSIM" start --dir "$T/foreign" >"$T/out" 2>"$T/err"; then fail "a foreign folder was used"; fi
expect_in "$T/err" "is not empty and not a fwd-redfish-sim folder"
if "$RFSIM" stop "$T/foreign" 2>"$T/err"; then fail "stop accepted a foreign folder"; fi
[ "$(cat "$T/foreign/file")" = keep ] || fail "a foreign folder was changed"
ok "usage errors: unknown fault, bad port (exit 2), a foreign folder neither used nor removed"

"$PY" -B "$FWD_TOP/tests/sim/redfish/selftest.py" >"$T/selftest" 2>&1 || { cat "$T/selftest" >&2; fail "the multipart parser's self-test"; }
ok "the streaming multipart parser: delimiters across every chunk border, near-delimiters in a part"

# 2. Start, env, status; the secrets.
rfsim_start --dir "$T/bmc" --task-seconds 0.6 --reset-silence 2 --max-image-bytes 2000000 \
	--bmc-version 1.0.0 --bios-version 1.0.0
cmp <("$RFSIM" env "$FWD_RF_DIR") "$FWD_RF_DIR/sim.env" || fail "env differs from sim.env"
"$RFSIM" status "$FWD_RF_DIR" >"$T/status" || fail "status says stopped"
expect_in "$T/status" "running pid=$FWD_RF_PID"
[ "$(stat -c %a "$FWD_RF_PASSWORD_FILE")" = 600 ] || fail "the password file is not 0600"
password=$(cat "$FWD_RF_PASSWORD_FILE")
[ ${#password} -ge 16 ] || fail "the password is short: ${#password} characters"
tr '\0' ' ' <"/proc/$FWD_RF_PID/cmdline" >"$T/cmdline"
no_password "$T/cmdline"
[ "$(openssl x509 -in "$FWD_RF_CACERT" -outform DER | sha256sum | cut -d' ' -f1)" = "$FWD_RF_FINGERPRINT" ] ||
	fail "FWD_RF_FINGERPRINT is not the certificate's SHA-256"
if "$RFSIM" start --dir "$T/bmc" >"$T/out" 2>"$T/err"; then fail "a running folder was started twice"; fi
expect_in "$T/err" "is already running"
mkdir "$T/tmp"
if TMPDIR=$T/tmp "$RFSIM" start --port "$FWD_RF_PORT" >"$T/out" 2>"$T/err"; then fail "a taken port was used"; fi
expect_in "$T/err" "Address already in use"
[ -z "$(ls -A "$T/tmp")" ] || fail "a failed start left $(ls -A "$T/tmp")"
"$RFSIM" fault "$FWD_RF_DIR" stuck 2>"$T/err"
[ $? = 2 ] || fail "an unknown fault at run time did not exit 2"
[ "$(cat "$FWD_RF_DIR/faults.json")" = "{}" ] || fail "a refused fault changed faults.json"
ok "start: env, status, password 0600 and in no argv, fingerprint, one server per folder and port; bad fault exit 2"

# 3. Authentication.
curl -sS --cacert "$FWD_RF_CACERT" -o "$T/body" "$URL/redfish/v1/" || fail "GET /redfish/v1/ over verified TLS failed"
jexpect Vendor Contoso "service root"
jexpect Product "Contoso BMC 1" "service root"
code=$(curl -sS --cacert "$FWD_RF_CACERT" -o "$T/body" -w '%{http_code}' "$URL/redfish/v1/Managers/BMC")
rf_expect 401 "no credentials"
[ "$(msgid)" = Base.1.8.NoValidSession ] || fail "no credentials: $(msgid)"
rf_netrc wrong-password >"$T/netrc.bad"
code=$(curl -sS --cacert "$FWD_RF_CACERT" --netrc-file "$T/netrc.bad" -o "$T/body" -w '%{http_code}' "$URL/redfish/v1/Managers/BMC")
rf_expect 401 "wrong password"
rf GET /redfish/v1/Managers/BMC
rf_expect 200 "Basic auth"
jexpect FirmwareVersion 1.0.0 "first version"
jexpect ManagerType BMC "manager"
ok "service root without auth; 401 NoValidSession without credentials, 401 with a wrong password; Basic works"

# 4. Sessions: created, used, listed, deleted, dead after.
printf '{"UserName": "admin", "Password": "%s"}' "$password" >"$T/login.json"
rf POST /redfish/v1/SessionService/Sessions -H 'Content-Type: application/json' --data-binary "@$T/login.json"
rf_expect 201 "session"
token=$(header X-Auth-Token)
location=$(header Location)
[ -n "$token" ] && [[ $location == /redfish/v1/SessionService/Sessions/* ]] || fail "no token or Location: $(cat "$T/head")"
printf 'X-Auth-Token: %s\n' "$token" >"$T/token.hdr"
code=$(curl -sS --cacert "$FWD_RF_CACERT" -H "@$T/token.hdr" -o "$T/body" -w '%{http_code}' "$URL/redfish/v1/SessionService/Sessions")
rf_expect 200 "GET with the token"
jexpect "Members/0/@odata.id" "$location" "the session is listed"
code=$(curl -sS --cacert "$FWD_RF_CACERT" -H "@$T/token.hdr" -X DELETE -o "$T/body" -w '%{http_code}' "$URL$location")
rf_expect 204 "DELETE the session"
code=$(curl -sS --cacert "$FWD_RF_CACERT" -H "@$T/token.hdr" -o "$T/body" -w '%{http_code}' "$URL/redfish/v1/Managers/BMC")
rf_expect 401 "a deleted session's token"
rf GET /redfish/v1/SessionService/Sessions
jexpect "Members@odata.count" 0 "no session left"
printf '{"UserName": "admin", "Password": "nope"}' >"$T/login.bad"
rf POST /redfish/v1/SessionService/Sessions -H 'Content-Type: application/json' --data-binary "@$T/login.bad"
rf_expect 401 "wrong password for a session"
no_password "$FWD_RF_LOG"
expect_in "$FWD_RF_LOG" '"keys": ["Password", "UserName"]'
ok "sessions: 201 + token + Location, listed, DELETE 204, dead token 401; the log has keys, not the password"

# 5. ETags on PATCH.
eth=/redfish/v1/Managers/BMC/EthernetInterfaces/eth0
rf GET "$eth"
etag=$(header ETag)
[ -n "$etag" ] && [ "$etag" = "$(jv @odata.etag)" ] || fail "ETag '$etag' is not @odata.etag '$(jv @odata.etag)'"
rf PATCH "$eth" -H 'If-Match: "0000"' -H 'Content-Type: application/json' -d '{"VLAN": {"VLANEnable": true, "VLANId": 42}}'
rf_expect 412 "stale If-Match"
[ "$(msgid)" = Base.1.8.PreconditionFailed ] || fail "412 says $(msgid)"
rf PATCH "$eth" -H 'Content-Type: application/json' -d '{"MACAddress": "02:00:00:00:00:09", "VLAN": {"VLANId": "x"}}'
rf_expect 400 "read-only and wrong type"
expect_in "$T/body" Base.1.8.PropertyNotWritable
expect_in "$T/body" Base.1.8.PropertyValueTypeError
rf GET "$eth"
[ "$(header ETag)" = "$etag" ] || fail "a refused PATCH changed the resource"
rf PATCH "$eth" -H "If-Match: $etag" -H 'Content-Type: application/json' -d '{"VLAN": {"VLANEnable": true, "VLANId": 42}}'
rf_expect 200 "PATCH with the right If-Match"
jexpect VLAN/VLANId 42 "patched"
[ "$(header ETag)" != "$etag" ] || fail "the ETag did not change with the content"
expect_in "$FWD_RF_LOG" "\"if_match\": \"\\\"0000\\\"\""
# Arrays as DSP0266 patches them: {} keeps an element, an object changes
# the properties it names, null removes one.
rf PATCH "$eth" -H 'Content-Type: application/json' \
	-d '{"IPv4StaticAddresses": [{"Gateway": "192.0.2.254"}, {"Address": "192.0.2.11", "SubnetMask": "255.255.255.0"}]}'
rf_expect 200 "PATCH an element's gateway, add one"
jexpect IPv4StaticAddresses/0/Address 192.0.2.10 "an element's other properties stay"
jexpect IPv4StaticAddresses/0/Gateway 192.0.2.254 "patched in place"
rf PATCH "$eth" -H 'Content-Type: application/json' -d '{"IPv4StaticAddresses": [{}, null]}'
rf_expect 200 "PATCH {} and null"
jexpect IPv4StaticAddresses '[{"Address": "192.0.2.10", "SubnetMask": "255.255.255.0", "Gateway": "192.0.2.254"}]' "{} kept, null removed"
rf PATCH "$eth" -H 'Content-Type: application/json' -d '{"IPv4StaticAddresses": [{}, {"Address": "192.0.2.12"}]}'
rf_expect 400 "a new element without its mask"
[ "$(msgid)" = Base.1.8.PropertyMissing ] || fail "new element without a mask: $(msgid)"
cp "$T/netrc" "$T/netrc.admin"
printf 'machine %s login operator password %s\n' "$FWD_RF_HOST" "$(cat "$FWD_RF_OPERATOR_PASSWORD_FILE")" >"$T/netrc"
rf GET "$eth"
rf_expect 200 "the operator reads"
rf PATCH "$eth" -H 'Content-Type: application/json' -d '{"HostName": "op"}'
rf_expect 403 "the operator may not change the BMC's LAN"
[ "$(msgid)" = Base.1.8.InsufficientPrivilege ] || fail "operator PATCH: $(msgid)"
cp "$T/netrc.admin" "$T/netrc"
rf GET /redfish/v1/TaskService
jexpect Tasks/@odata.id /redfish/v1/TaskService/Tasks "TaskService"
ok "ETag = @odata.etag; 412 PreconditionFailed on a stale If-Match; a bad PATCH changes nothing; a good one does; operator 403"

# 6. A BMC update: multipart push, the task, the restart, the new version.
printf '{"UserName": "admin", "Password": "%s"}' "$password" >"$T/login.json"
rf POST /redfish/v1/SessionService/Sessions -H 'Content-Type: application/json' --data-binary "@$T/login.json"
rf_expect 201 "a session that the restart will end"
printf 'X-Auth-Token: %s\n' "$(header X-Auth-Token)" >"$T/token.hdr"
mkimage_rf bmc2.img bmc 2.0.0 1000000
rf GET /redfish/v1/UpdateService
jexpect MultipartHttpPushUri /redfish/v1/UpdateService/upload "push URI"
jexpect MaxImageSizeBytes 2000000 "--max-image-bytes"
push bmc2.img '{"Targets": ["/redfish/v1/UpdateService/FirmwareInventory/BMC"], "@Redfish.OperationApplyTime": "Immediate"}'
rf_expect 202 "multipart push"
monitor=$(header Location)
[[ $monitor == /redfish/v1/TaskService/TaskMonitors/* ]] || fail "Location '$monitor'"
rf GET "$monitor"
rf_expect 202 "the monitor while the task runs"
[ "$(header Retry-After)" = 1 ] || fail "no Retry-After: 1 on the monitor"
task=$(jv Id)
jexpect @odata.id "/redfish/v1/TaskService/Tasks/$task" "the task in the monitor's body"
cmp "$T/bmc2.img" "$FWD_RF_PAYLOAD" || fail "the stored payload differs from the image"
cmp "$T/bmc2.img" "$FWD_RF_STATE/payload-$task.bin" || fail "payload-$task.bin differs"
expect_in "$FWD_RF_LOG" '"parts": ["UpdateParameters", "UpdateFile"]'
task_wait "$task" Completed "the task ends"
expect_in "$FWD_RF_LOG" "\"percent\": 0, \"state\": \"Running\", \"task\": \"$task\""
# The BMC restarts a second after the task: the checks of the task wait.
wait_down "BMC restart after its update"
start_down=$(now)
wait_up "BMC restart after its update"
[ "$(elapsed_tenths "$start_down")" -ge 10 ] || fail "the port was closed only $(elapsed_tenths "$start_down") tenths"
[ "$(task_msgids "$task")" = "Update.1.0.TargetDetermined Update.1.0.UpdateSuccessful" ] ||
	fail "messages: $(task_msgids "$task")"
rf GET "$monitor"
rf_expect 200 "the monitor after the end"
ok "multipart push: 202 + monitor, payload byte for byte, monitor 202/Retry-After then 200, task Completed"

[ "$(bmc_version)" = 2.0.0 ] || fail "after the restart the BMC runs $(bmc_version)"
rf GET /redfish/v1/UpdateService/FirmwareInventory/BMC
jexpect Version 2.0.0 "inventory"
code=$(curl -sS --cacert "$FWD_RF_CACERT" -H "@$T/token.hdr" -o "$T/body" -w '%{http_code}' "$URL/redfish/v1/Managers/BMC")
rf_expect 401 "a session from before the restart"
expect_in "$FWD_RF_LOG" '"event": "reset"'
ok "BMC restart: connections refused ~2 s, sessions gone, then 2.0.0 in manager and inventory"

# 7. The BIOS: OnReset only, staged until the host resets.
mkimage_rf bios2.img bios 2.5.0 20000
push bios2.img '{"Targets": ["/redfish/v1/UpdateService/FirmwareInventory/BIOS"], "@Redfish.OperationApplyTime": "Immediate"}'
rf_expect 400 "BIOS Immediate"
expect_in "$T/body" "OnReset"
push bios2.img '{"Targets": ["/redfish/v1/UpdateService/FirmwareInventory/BIOS"], "@Redfish.OperationApplyTime": "OnReset"}'
rf_expect 202 "BIOS OnReset"
task=$(jv Id)
task_wait "$task" Completed "BIOS staged"
[ "$(task_msgids "$task")" = "Update.1.0.TargetDetermined Update.1.0.AwaitToActivate" ] ||
	fail "BIOS messages: $(task_msgids "$task")"
rf GET /redfish/v1/Systems/System1
jexpect BiosVersion 1.0.0 "staged, not yet running"
rf POST /redfish/v1/Systems/System1/Actions/ComputerSystem.Reset -H 'Content-Type: application/json' -d '{"ResetType": "ForceRestart"}'
rf_expect 204 "host reset"
rf GET /redfish/v1/UpdateService/FirmwareInventory/BIOS
jexpect Version 2.5.0 "after the host reset"
ok "BIOS: Immediate refused (400), OnReset staged with AwaitToActivate, running after ComputerSystem.Reset"

# 8. Bad uploads and images.
push bmc2.img '{"Targets": ["/redfish/v1/UpdateService/FirmwareInventory/NIC"]}'
rf_expect 400 "unknown target"
[ "$(msgid)" = Base.1.8.PropertyValueNotInList ] || fail "unknown target: $(msgid)"
push bmc2.img '{"@Redfish.OperationApplyTime": "AtMaintenanceWindowStart"}'
rf_expect 400 "apply time"
push bmc2.img '{"Targets": [}'
rf_expect 400 "bad JSON"
[ "$(msgid)" = Base.1.8.MalformedJSON ] || fail "bad JSON: $(msgid)"
rf POST /redfish/v1/UpdateService/upload -F "UpdateFile=@$T/bmc2.img"
rf_expect 400 "no UpdateParameters"
[ "$(msgid)" = Base.1.8.ActionParameterMissing ] || fail "missing part: $(msgid)"
mkimage_rf big.img bmc 3.0.0 2100000
push big.img '{}' -H 'Expect: 100-continue'
rf_expect 413 "oversize with Expect: 100-continue"
grep -F '"expect": "100-continue"' "$FWD_RF_LOG" | grep -qF '"status": 413' ||
	fail "the 413 did not answer an Expect: 100-continue"
! grep -q '^HTTP/1.1 100' "$T/head" || fail "100 Continue came before the 413"
push big.img '{}' -H 'Expect:'
rf_expect 413 "oversize without Expect"
mkimage_rf other.img bmc 3.0.0 1000 "Fabrikam X9"
push other.img '{}'
rf_expect 202 "another board's image is taken first"
task_wait "$(jv Id)" Exception "another board's image"
[ "$(task_msgids "$(jv Id)")" = Update.1.0.VerificationFailed ] || fail "wrong product: $(task_msgids "$(jv Id)")"
ok "400 for a bad target, apply time, JSON, missing part; 413 over the limit; another board's image: VerificationFailed"

# A client killed mid-upload: nothing kept, no task, the slot free again.
rf GET /redfish/v1/TaskService/Tasks
tasks_before=$(jv "Members@odata.count")
mkimage_rf slow.img bmc 3.1.0 1900000
printf '{}' >"$T/params.json"
curl -sS --cacert "$FWD_RF_CACERT" --netrc-file "$T/netrc" --limit-rate 400K -o /dev/null \
	-F "UpdateParameters=@$T/params.json;type=application/json" -F "UpdateFile=@$T/slow.img" \
	"$URL/redfish/v1/UpdateService/upload" 2>/dev/null &
slow=$!
for _ in $(seq 1 50); do
	compgen -G "$FWD_RF_STATE/upload-*.part" >/dev/null && break
	sleep 0.1
done
compgen -G "$FWD_RF_STATE/upload-*.part" >/dev/null || fail "the slow upload never began"
push bmc2.img '{}'
rf_expect 503 "a push while another is received"
kill -9 "$slow"
wait "$slow" 2>/dev/null
for _ in $(seq 1 50); do
	grep -q "connection lost mid-request" "$FWD_RF_LOG" && break
	sleep 0.1
done
expect_in "$FWD_RF_LOG" "connection lost mid-request"
! compgen -G "$FWD_RF_STATE/upload-*.part" >/dev/null || fail "a cut upload left its part file"
rf GET /redfish/v1/TaskService/Tasks
jexpect "Members@odata.count" "$tasks_before" "no task for a cut upload"
ok "a push while another is received: 503; the client killed mid-upload: logged, nothing kept"

# 9. SimpleUpdate: the BMC pulls the image.
mkdir "$T/www" && mkimage_rf www/bmc3.img bmc 3.0.0 5000
(cd "$T/www" && exec "$PY" -u -m http.server 0 --bind 127.0.0.1 >"$T/www.log" 2>&1) &
www_pid=$!
for _ in $(seq 1 50); do
	www_port=$(sed -n 's/.* port \([0-9]*\) .*/\1/p' "$T/www.log")
	[ -n "$www_port" ] && break
	sleep 0.1
done
[ -n "$www_port" ] || fail "python3 -m http.server did not start"
rf POST /redfish/v1/UpdateService/Actions/UpdateService.SimpleUpdate -H 'Content-Type: application/json' \
	-d "{\"ImageURI\": \"http://127.0.0.1:$www_port/missing.img\", \"TransferProtocol\": \"HTTP\"}"
rf_expect 202 "SimpleUpdate of a missing file"
task_wait "$(jv Id)" Exception "a fetch that fails"
[ "$(task_msgids "$(jv Id)")" = Update.1.0.TransferFailed ] || fail "fetch failure: $(task_msgids "$(jv Id)")"
rf POST /redfish/v1/UpdateService/Actions/UpdateService.SimpleUpdate -H 'Content-Type: application/json' \
	-d "{\"ImageURI\": \"http://127.0.0.1:$www_port/bmc3.img\", \"TransferProtocol\": \"HTTP\"}"
rf_expect 202 "SimpleUpdate"
task=$(jv Id)
task_wait "$task" Completed "SimpleUpdate"
wait_down "restart after SimpleUpdate"
wait_up "restart after SimpleUpdate"
kill "$www_pid"
cmp "$T/www/bmc3.img" "$FWD_RF_PAYLOAD" || fail "the pulled image differs"
[ "$(bmc_version)" = 3.0.0 ] || fail "after SimpleUpdate: $(bmc_version)"
ok "SimpleUpdate: a fetch failure ends in TransferFailed; a good URL is pulled, stored and runs"

# 10. Stop --keep and start again: the state stays.
"$RFSIM" stop "$FWD_RF_DIR" --keep || fail "stop --keep failed"
sim_no_process "$FWD_RF_DIR"
old_port=$FWD_RF_PORT
rfsim_start --dir "$T/bmc" --task-seconds 0.6 --reset-silence 2 --max-image-bytes 2000000
[ "$FWD_RF_BMC_FW" = 3.0.0 ] && [ "$FWD_RF_BIOS_FW" = 2.5.0 ] || fail "versions not kept: $FWD_RF_BMC_FW $FWD_RF_BIOS_FW"
[ "$(cat "$FWD_RF_PASSWORD_FILE")" = "$password" ] || fail "the password changed"
[ "$FWD_RF_PORT" = "$old_port" ] || fail "port $FWD_RF_PORT, was $old_port"
rf GET "$eth"
jexpect VLAN/VLANId 42 "LAN settings kept"
ok "stop --keep, start --dir: versions, LAN settings, password and port kept; no process in between"

# --- a second BMC: raw push only, no sessions, firmware activated by
# Manager.Reset; the faults.
"$RFSIM" stop "$FWD_RF_DIR" || fail "stop failed"
sim_no_process "$T/bmc"
[ ! -e "$T/bmc" ] || fail "stop left the folder"
rfsim_start --task-seconds 0.6 --reset-silence 5 --bmc-activation reset-required --no-multipart \
	--no-sessions --bmc-version 4.0.0 --fault verify-fail
A_DIR=$FWD_RF_DIR

# push_raw IMAGE [CURL-ARGS...]: the image as the body of HttpPushUri.
push_raw() {
	local image=$1
	shift
	rf POST /redfish/v1/UpdateService/push -H 'Content-Type: application/octet-stream' \
		--data-binary "@$T/$image" "$@"
}

# faults_now: the faults in force (faults.json).
faults_now() {
	cat "$FWD_RF_DIR/faults.json"
}

rf GET /redfish/v1/UpdateService
[ -z "$(jv MultipartHttpPushUri)" ] || fail "--no-multipart still offers MultipartHttpPushUri"
push bmc2.img '{}'
rf_expect 404 "multipart with --no-multipart"
rf POST /redfish/v1/SessionService/Sessions -H 'Content-Type: application/json' --data-binary "@$T/login.json"
rf_expect 405 "sessions with --no-sessions"
ok "--no-multipart: no MultipartHttpPushUri, 404; --no-sessions: 405, Basic only"

mkimage_rf bmc5.img bmc 5.0.0 300000
push_raw bmc5.img
rf_expect 202 "raw push"
cmp "$T/bmc5.img" "$FWD_RF_PAYLOAD" || fail "raw push payload differs"
task_wait "$(jv Id)" Exception "verify-fail"
[ "$(task_msgids "$(jv Id)")" = Update.1.0.VerificationFailed ] || fail "verify-fail: $(task_msgids "$(jv Id)")"
[ "$(faults_now)" = "{}" ] || fail "verify-fail was not used up: $(faults_now)"
"$RFSIM" fault "$FWD_RF_DIR" apply-fail
push_raw bmc5.img
task_wait "$(jv Id)" Exception "apply-fail"
[ "$(task_msgids "$(jv Id)")" = "Update.1.0.TargetDetermined Update.1.0.ApplyFailed" ] ||
	fail "apply-fail: $(task_msgids "$(jv Id)")"
[ "$(bmc_version)" = 4.0.0 ] || fail "a failed update changed the version"
ok "faults verify-fail (from start) and apply-fail: Exception with their messages, used up, version unchanged"

"$RFSIM" fault "$FWD_RF_DIR" busy
push_raw bmc5.img
rf_expect 503 "busy"
[ "$(header Retry-After)" = 2 ] || fail "busy: Retry-After '$(header Retry-After)'"
[ "$(msgid)" = Base.1.8.ServiceTemporarilyUnavailable ] || fail "busy: $(msgid)"
"$RFSIM" fault "$FWD_RF_DIR" --clear
"$RFSIM" fault "$FWD_RF_DIR" http-500=2
rf GET /redfish/v1/Managers/BMC
rf_expect 500 "http-500 first"
[ "$(msgid)" = Base.1.8.InternalError ] || fail "http-500: $(msgid)"
rf GET /redfish/v1/
rf_expect 200 "the service root is spared by http-500"
rf GET /redfish/v1/Managers/BMC
rf_expect 500 "http-500 second"
rf GET /redfish/v1/Managers/BMC
rf_expect 200 "http-500 used up"
"$RFSIM" fault "$FWD_RF_DIR" etag-race=1
rf GET "$eth"
etag=$(header ETag)
rf PATCH "$eth" -H "If-Match: $etag" -H 'Content-Type: application/json' -d '{"HostName": "bmc-a"}'
rf_expect 412 "etag-race"
rf PATCH "$eth" -H "If-Match: $etag" -H 'Content-Type: application/json' -d '{"HostName": "bmc-a"}'
rf_expect 200 "etag-race used up"
ok "faults busy (503, Retry-After 2), http-500=2 (service root spared), etag-race=1"

"$RFSIM" fault "$FWD_RF_DIR" drop-upload
push_raw bmc5.img
drop_rc=$rc
[ "$code" = 000 ] && [ "$rc" != 0 ] || fail "drop-upload: an answer came ($code, curl exit $rc)"
expect_in "$FWD_RF_LOG" "drop-upload fault"
rf GET /redfish/v1/TaskService/Tasks
jexpect "Members@odata.count" 2 "no task for a dropped upload"
ok "fault drop-upload: the connection is cut mid-image, no answer (curl exit $drop_rc), no task"

# reset-required, refuse-reset, reset-silence, late-version.
push_raw bmc5.img
rf_expect 202 "push for reset-required"
task=$(jv Id)
task_wait "$task" Completed "reset-required"
[ "$(task_msgids "$task")" = "Update.1.0.TargetDetermined Base.1.8.ResetRequired" ] ||
	fail "reset-required: $(task_msgids "$task")"
jexpect Messages/1/MessageArgs '["/redfish/v1/Managers/BMC", "GracefulRestart"]' "ResetRequired's arguments"
sleep 1.2
[ "$(bmc_version)" = 4.0.0 ] || fail "reset-required: the new firmware runs before the reset"
"$RFSIM" fault "$FWD_RF_DIR" refuse-reset
rf POST /redfish/v1/Managers/BMC/Actions/Manager.Reset -H 'Content-Type: application/json' -d '{"ResetType": "GracefulRestart"}'
rf_expect 500 "refuse-reset"
"$RFSIM" fault "$FWD_RF_DIR" refuse-reset=off reset-silence=1 late-version=2
rf POST /redfish/v1/Managers/BMC/Actions/Manager.Reset -H 'Content-Type: application/json' -d '{"ResetType": "GracefulRestart"}'
rf_expect 204 "Manager.Reset"
wait_down "Manager.Reset"
start_down=$(now)
wait_up "Manager.Reset"
[ "$(elapsed_tenths "$start_down")" -lt 35 ] || fail "reset-silence=1 did not override --reset-silence 5"
[ "$(bmc_version)" = 4.0.0 ] || fail "late-version: the new version came at once"
rf GET /redfish/v1/UpdateService/FirmwareInventory/BMC
jexpect Version 4.0.0 "late-version: the inventory too"
sleep 2.2
[ "$(bmc_version)" = 5.0.0 ] || fail "late-version: still $(bmc_version) after 2 s"
ok "reset-required: ResetRequired, old version until Manager.Reset; refuse-reset 500; reset-silence=1; late-version=2"

"$RFSIM" fault "$FWD_RF_DIR" no-new-version
mkimage_rf bmc6.img bmc 6.0.0 1000
push_raw bmc6.img
task_wait "$(jv Id)" Completed "no-new-version push"
rf POST /redfish/v1/Managers/BMC/Actions/Manager.Reset -H 'Content-Type: application/json' -d '{"ResetType": "ForceRestart"}'
wait_down "no-new-version"
wait_up "no-new-version"
[ "$(bmc_version)" = 5.0.0 ] || fail "no-new-version: $(bmc_version)"
expect_in "$FWD_RF_LOG" '"event": "image-did-not-take"'
ok "fault no-new-version: the task Completed, after the reset the old version runs"

"$RFSIM" fault "$FWD_RF_DIR" --clear
"$RFSIM" fault "$FWD_RF_DIR" stuck-task reset-silence=1
push_raw bmc6.img
task=$(jv Id)
monitor=$(header Location)
sleep 1.2
rf GET "/redfish/v1/TaskService/Tasks/$task"
jexpect TaskState Running "stuck-task"
jexpect PercentComplete 40 "stuck-task"
rf GET "$monitor"
rf_expect 202 "a stuck task's monitor"
push_raw bmc6.img
rf_expect 503 "a push while a task hangs"
"$RFSIM" fault "$FWD_RF_DIR" stuck-task=off
rf POST /redfish/v1/Managers/BMC/Actions/Manager.Reset -H 'Content-Type: application/json' -d '{"ResetType": "ForceRestart"}'
wait_down "reset to end a stuck task"
wait_up "reset to end a stuck task"
rf GET "/redfish/v1/TaskService/Tasks/$task"
jexpect TaskState Cancelled "a BMC restart ends a stuck task"
ok "fault stuck-task: Running at 40 %, monitor 202, pushes 503, until a BMC restart cancels it"

# A restart cuts the connections it finds open, as a rebooting BMC does: a
# keep-alive connection opened before it gets no answer during the silence
# (a client that got one would take the old BMC for the one come back).
python3 - "$FWD_RF_PORT" "$FWD_RF_CACERT" "$FWD_RF_USER" "$FWD_RF_PASSWORD_FILE" \
	>"$T/keepalive" 2>&1 <<'PY'
import base64, http.client, json, socket, ssl, sys, time
port, ca, user, pwfile = sys.argv[1:]
ctx = ssl.create_default_context(cafile=ca)
auth = {"Authorization": "Basic " + base64.b64encode(
    ("%s:%s" % (user, open(pwfile).read().strip())).encode()).decode()}
def conn():
    return http.client.HTTPSConnection("127.0.0.1", int(port), context=ctx, timeout=5)
old = conn()
old.request("GET", "/redfish/v1/Managers/BMC", headers=auth)
r = old.getresponse()
r.read()
print("before", r.status)
c = conn()
c.request("POST", "/redfish/v1/Managers/BMC/Actions/Manager.Reset",
          body=json.dumps({"ResetType": "ForceRestart"}),
          headers=dict(auth, **{"Content-Type": "application/json"}))
print("reset", c.getresponse().status)
c.close()
for _ in range(50):                    # until new connections are refused
    try:
        socket.create_connection(("127.0.0.1", int(port)), timeout=1).close()
    except ConnectionRefusedError:
        break
    time.sleep(0.1)
else:
    print("never down")
try:
    old.request("GET", "/redfish/v1/Managers/BMC", headers=auth)
    print("during the silence", old.getresponse().status)
except (OSError, http.client.HTTPException) as e:
    print("during the silence cut", type(e).__name__)
PY
wait_up "reset with a keep-alive connection open"
expect_in "$T/keepalive" "before 200"
expect_in "$T/keepalive" "reset 204"
expect_in "$T/keepalive" "during the silence cut"
ok "a BMC restart cuts a keep-alive connection: no answer on it during the silence"

"$RFSIM" fault "$FWD_RF_DIR" vanish-task
mkimage_rf bios7.img bios 7.0.0 1000
push_raw bios7.img
rf_expect 202 "BIOS raw push"
task=$(jv Id)
monitor=$(header Location)
for _ in $(seq 1 60); do
	rf GET "$monitor"
	[ "$code" = 404 ] && break
	sleep 0.1
done
rf_expect 404 "vanish-task: the monitor"
rf GET "/redfish/v1/TaskService/Tasks/$task"
rf_expect 404 "vanish-task: the task"
expect_in "$FWD_RF_LOG" '"event": "task-vanished"'
"$RFSIM" power-cycle "$FWD_RF_DIR" || fail "power-cycle failed"
rf GET /redfish/v1/Systems/System1
jexpect BiosVersion 7.0.0 "the vanished task did its work; power-cycle activates it"
ok "fault vanish-task: task and monitor 404 once it completes; power-cycle runs the staged BIOS"

# A new certificate: what openssl s_client sees, what curl accepts.
served_fp() {
	openssl s_client -connect "$FWD_RF_HOST:$FWD_RF_PORT" </dev/null 2>/dev/null |
		openssl x509 -outform DER 2>/dev/null | sha256sum | cut -d' ' -f1
}
old_fp=$FWD_RF_FINGERPRINT
[ "$(served_fp)" = "$old_fp" ] || fail "s_client sees $(served_fp), not $old_fp"
cp "$FWD_RF_CACERT" "$T/old-cert.pem"
"$RFSIM" new-cert "$FWD_RF_DIR" >"$T/new-cert.env" || fail "new-cert failed"
eval "$(cat "$T/new-cert.env")"
[ "$FWD_RF_FINGERPRINT" != "$old_fp" ] || fail "new-cert kept the fingerprint"
[ "$(served_fp)" = "$FWD_RF_FINGERPRINT" ] || fail "s_client sees $(served_fp), not the new $FWD_RF_FINGERPRINT"
cmp "$T/new-cert.env" "$FWD_RF_DIR/sim.env" || fail "sim.env does not hold the new fingerprint"
curl -sS --cacert "$T/old-cert.pem" -o /dev/null "$URL/redfish/v1/" 2>"$T/curl.err"
[ $? = 60 ] || fail "curl accepted the old certificate: $(cat "$T/curl.err")"
rf GET /redfish/v1/
rf_expect 200 "with the new certificate"
[ "$FWD_RF_PID" = "$(cat "$FWD_RF_DIR/server.pid")" ] || fail "new-cert restarted the server"
ok "new-cert: a new fingerprint in sim.env and on the wire, the old CA refused (curl 60), no restart"

# The owner watchdog: the server goes within seconds of its owner.
sleep 30 &
owner=$!
out=$("$RFSIM" start --owner "$owner") || fail "start with a short-lived owner failed"
orphan=$(sed -n 's/^FWD_RF_DIR=//p' <<<"$out")
[ -d "$orphan" ] || fail "no folder for the short-lived owner"
kill "$owner"
wait "$owner" 2>/dev/null
for _ in $(seq 1 30); do
	[ -e "$orphan" ] || break
	sleep 0.1
done
[ ! -e "$orphan" ] || fail "'$orphan' still there 3 s after its owner exited"
# The folder goes last but one: the process exits right after.
for _ in $(seq 1 30); do
	(sim_no_process "$orphan") >/dev/null 2>&1 && break
	sleep 0.1
done
sim_no_process "$orphan"
ok "owner gone: the server exits and removes the folder it made within seconds"

"$RFSIM" stop "$A_DIR" || fail "stop failed"
sim_no_process "$A_DIR"
[ ! -e "$A_DIR" ] || fail "stop left $A_DIR"
ok "stop: no process left, the folder removed"
echo "all $checks checks passed"
