#!/usr/bin/env bash
# The vendor tool stand-ins themselves (tests/vendor/sum, racadm,
# ipmitool-inband): the real tools' formats and exit codes per family,
# RAC987 with a non-zero exit, job states moving one step per view, a BIOS
# job waiting for the host's reboot, the password never written, the bytes
# received equal to the bytes given, a scenario typo refused, the settings
# read from standin.env under a minimal environment, and, against a
# simulated BMC, the in-band wrapper and the BMC reset/version of a vendor
# BMC update.  Other tests rely on these behaviours, so each is asserted.
. "$FWD_TOP/tests/cli/lib.sh"
# Everything below writes under $T: never without a private folder.
[ -n "${T-}" ] && [ -d "$T" ] && [ "$T" != / ] || { echo "no private temp folder" >&2; exit 1; }
V=$FWD_TOP/tests/vendor
SUM=$V/sum
RACADM=$V/racadm
INBAND=$V/ipmitool-inband
# The stand-ins' state folder, the one scenario (lib.sh) starts afresh.
S=$T/standin
export FWD_STANDIN_DIR=$S
unset FWD_STANDIN_SCENARIO FWD_STANDIN_WATCH_DIR FWD_SIM_HOST FWD_SIM_PORT FWD_SIM_USER \
	FWD_SIM_PASSWORD_FILE
ESC=$'\033'
SECRET='pw-Secr3t-%x'

# has FILE TEXT / lacks FILE TEXT: expect_in and expect_not_in without a
# fork (this script checks some two hundred outputs).
has() {
	local text=''
	IFS= read -r -d '' text <"$1"
	[[ $text == *"$2"* ]] || { echo "--- $1:" >&2; cat "$1" >&2; fail "'$2' not found in ${1##*/}"; }
}
lacks() {
	local text=''
	IFS= read -r -d '' text <"$1"
	[[ $text != *"$2"* ]] || { echo "--- $1:" >&2; cat "$1" >&2; fail "'$2' unexpectedly in ${1##*/}"; }
}

# no_secret: the password is nowhere in the state folder or the last output.
no_secret() {
	! grep -rqF -- "$SECRET" "$S" "$T/out" "$T/err" || fail "the password was written ($1)"
}

# log_has TEXT: the newest calls.log line contains TEXT.
log_has() {
	local lines
	mapfile -t lines <"$S/calls.log"
	[[ ${lines[-1]} == *"$1"* ]] || fail "calls.log's last line '${lines[-1]}' lacks '$1'"
}

# error_block FILE CODE DESCRIPTION: SUM's ERROR block for CODE, in this
# order, the banner coloured (builtins only: it runs for every exit code).
error_block() {
	local text stars='********************************'
	IFS= read -r -d '' text <"$1"
	local want=$'\n'"${ESC}[1;31m$stars<<<<<ERROR>>>>>$stars**${ESC}[0m"$'\n'
	want+="ExitCode                = $2"$'\n'"Description             = $3"$'\n'
	[[ $text == *"$want"* ]] || { cat -A "$1" >&2; fail "no ERROR block for $2 '$3'"; }
	[[ $text =~ $'\n'"Program Error Code      = "[0-9]+\.[0-9]+$'\nError message:\n        '[^\ ] ]] ||
		{ cat "$1" >&2; fail "no Program Error Code and indented Error message"; }
}

printf 'BIOS image\0\1\2 bytes\n' >"$T/X11SSH-bios.bin"
head -c 4096 /dev/urandom >>"$T/X11SSH-bios.bin"
head -c 3000 /dev/urandom >"$T/bmc image.bin"

# --- sum: BIOS staged in-band, the success format
scenario
run 0 "$SUM" -c UpdateBios --file "$T/X11SSH-bios.bin" --preserve_setting
[ "$(head -n 1 "$T/out")" = 'Supermicro Update Manager (for UEFI BIOS) 2.14.0 (2024/02/15)' ] ||
	fail "first line is '$(head -n 1 "$T/out")'"
grep -q "^${ESC}\[1;32mStatus: BIOS is updated successfully${ESC}\[0m\$" "$T/out" ||
	{ cat -A "$T/out" >&2; fail "no coloured Status line"; }
has "$T/out" "Note: You have to reboot or power up the system for the changes to take effect."
has "$T/out" $'(  0%)\r'
lacks "$T/out" "<<<<<ERROR>>>>>"
[ ! -s "$T/err" ] || fail "sum wrote to stderr: $(cat "$T/err")"
cmp "$T/X11SSH-bios.bin" "$S/received/1-X11SSH-bios.bin" || fail "received BIOS bytes differ"
grep -qE "^1 [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}\.[0-9]{6}Z sum exit=0 -c UpdateBios --file $T/X11SSH-bios.bin --preserve_setting\$" \
	"$S/calls.log" || { cat "$S/calls.log" >&2; fail "calls.log line"; }
ok "sum UpdateBios: banner, ANSI Status, Note, progress; bytes received; calls.log with µs time"

# --- sum: BMC out-of-band, the password
run 0 "$SUM" -i 10.1.2.3 -u ADMIN -p "$SECRET" -c UpdateBmc --file "$T/bmc image.bin" --overwrite_cfg
has "$T/out" "Managed system............10.1.2.3"
has "$T/out" "Status: BMC is updated successfully"
has "$T/out" "factory defaults"
lacks "$T/out" "Note: You have to reboot"
cmp "$T/bmc image.bin" "$S/received/2-bmc image.bin" || fail "received BMC bytes differ"
log_has "sum exit=0 -i 10.1.2.3 -u ADMIN -p **** -c UpdateBmc --file $T/bmc\\ image.bin --overwrite_cfg"
run 0 "$SUM" -i 10.1.2.3 -u ADMIN "-p$SECRET" -c GetBmcInfo
log_has " -p**** "
no_secret "sum"
ok "sum UpdateBmc out-of-band: Status, no Note; the password is **** and nowhere in the state folder"

# --- sum: command-line errors
sum_err() { # CODE DESCRIPTION ARGS...
	local code=$1 desc=$2
	shift 2
	run "$code" "$SUM" "$@"
	error_block "$T/out" "$code" "$desc"
	log_has " exit=$code "
}
sum_err 3 'Missing argument' -c
sum_err 3 'Missing argument' -c UpdateBios
sum_err 3 'Missing argument' --file "$T/X11SSH-bios.bin"
sum_err 3 'Missing argument' -i 10.1.2.3 -u ADMIN -c UpdateBios --file "$T/X11SSH-bios.bin"
sum_err 6 'Unknown command' -c UpdateEverything --file "$T/X11SSH-bios.bin"
sum_err 8 'Cannot open file' -c UpdateBios --file "$T/missing.bin"
has "$T/out" "$T/missing.bin"
sum_err 2 'Invalid option' -c UpdateBios --file "$T/X11SSH-bios.bin" --make-it-so
: >"$T/empty.bin"
sum_err 62 'Invalid firmware image file' -c UpdateBios --file "$T/empty.bin"
ok "sum syntax: 3 missing argument, 6 unknown command, 8 cannot open file, 2 invalid option, 62 empty image"

# --- sum: every family, scripted one call after the other
codes=(12 33 36 38 62 63 80 82 83 100 105 106 107 108 145 146 149)
descs=('Function access denied' 'TCP connection error' 'Required device does not exist'
	'Function is not supported' 'Invalid firmware image file' 'Invalid firmware flash ROM'
	'Node product key is not activated' 'Board information mismatch' 'OOB is not supported'
	'Cannot open driver' 'Cannot load driver' 'Driver is busy, please try later'
	'ROM chip is occupied, please try later' 'Kernel module verification error'
	'IPMI connection failed' 'IPMI login failed' 'IPMI execution failed')
scenario "sum_bios_exit=$(IFS=,; echo "${codes[*]}"),0"
for i in "${!codes[@]}"; do
	run "${codes[$i]}" "$SUM" -c UpdateBios --file "$T/X11SSH-bios.bin"
	error_block "$T/out" "${codes[$i]}" "${descs[$i]}"
	has "$T/out" "Supermicro Update Manager (for UEFI BIOS)"
	lacks "$T/out" "Status:"
done
has "$T/out" "Program Error Code      = 406.6"
run 0 "$SUM" -c UpdateBios --file "$T/X11SSH-bios.bin"
run 0 "$SUM" -c UpdateBios --file "$T/X11SSH-bios.bin"
ok "sum exit families: ${codes[*]} with their blocks, then 0 (the last item sticks)"

scenario sum_exit=82 'sum_error_message=first line\nsecond line' sum_program_error_code=501.2
run 82 "$SUM" -c UpdateBmc --file "$T/bmc image.bin"
has "$T/out" $'Error message:\n        first line\n        second line'
has "$T/out" "Program Error Code      = 501.2"
run 0 "$SUM" -c GetBiosInfo
ok "sum_exit applies to the updates, not GetBiosInfo; message and program code scripted"

# --- sum: the preflight's questions (QueryProductKey, --staged getinfo, update mode)
scenario
run 0 "$SUM" -i 10.1.2.3 -u ADMIN -p "$SECRET" -c QueryProductKey
has "$T/out" $'[1] SFT-OOB-LIC, version: none, invoice: none, creation date: 2020/09/21 00:00:00(Key is good.)\nNumber of product keys: 1\n'
scenario sum_oob_licensed=0
run 0 "$SUM" -i 10.1.2.3 -u ADMIN -p "$SECRET" -c QueryProductKey
has "$T/out" "Number of product keys: 0"
lacks "$T/out" "SFT-"
run 80 "$SUM" -i 10.1.2.3 -u ADMIN -p "$SECRET" -c UpdateBios --file "$T/X11SSH-bios.bin"
scenario sum_product_key=SFT-SPM-LIC
run 0 "$SUM" -c QueryProductKey
has "$T/out" "[1] SFT-SPM-LIC, "
run 80 "$SUM" -i 10.1.2.3 -u ADMIN -p "$SECRET" -c UpdateBios --file "$T/X11SSH-bios.bin"
run 0 "$SUM" -c UpdateBios --file "$T/X11SSH-bios.bin"
scenario sum_product_key=SFT-DCMS-SINGLE
run 0 "$SUM" -i 10.1.2.3 -u ADMIN -p "$SECRET" -c UpdateBios --file "$T/X11SSH-bios.bin"
no_secret "QueryProductKey"
ok "sum QueryProductKey: the key or a count of 0; only SFT-OOB-LIC/SFT-DCMS-SINGLE license OOB UpdateBios"

scenario
sum_err 38 'Function is not supported' -c UpdateBios --staged getinfo
scenario sum_staged=none
run 0 "$SUM" -c UpdateBios --staged getinfo
has "$T/out" "There is no pending staged update task."
scenario sum_staged=pending
run 0 "$SUM" -i 10.1.2.3 -u ADMIN -p "$SECRET" -c UpdateBios --staged getinfo
has "$T/out" "A staged BIOS update task is pending."
sum_err 3 'Missing argument' -c UpdateBios --staged update
sum_err 2 'Invalid option' -c UpdateBios --staged later
scenario sum_info_exit=107 sum_staged=none
sum_err 107 'ROM chip is occupied, please try later' -c UpdateBios --staged getinfo
sum_err 107 'ROM chip is occupied, please try later' -c QueryProductKey
ok "sum --staged getinfo: 38 (default), none, pending; needs no file; sum_info_exit applies"

scenario sum_bmc_update_mode=1
for args in "-c GetBmcInfo" "-c QueryProductKey" "-c UpdateBmc --file $T/X11SSH-bios.bin"; do
	# shellcheck disable=SC2086
	sum_err 149 'IPMI execution failed' $args
	has "$T/out" "The BMC is in firmware update mode"
done
sum_err 8 'Cannot open file' -c UpdateBios --file "$T/missing.bin"
ok "sum_bmc_update_mode=1: every command 149 'in firmware update mode', after the file check"

# --- sum: a board that rejects --preserve_setting; out-of-band BIOS licence
scenario sum_bios_reject_preserve=1
run 38 "$SUM" -c UpdateBios --file "$T/X11SSH-bios.bin" --preserve_setting
error_block "$T/out" 38 'Function is not supported'
has "$T/out" "--preserve_setting"
run 0 "$SUM" -c UpdateBios --file "$T/X11SSH-bios.bin"
[ ! -e "$S/host-rebooted" ] || fail "sum without --reboot rebooted the host"
run 0 "$SUM" -c UpdateBios --file "$T/X11SSH-bios.bin" --reboot
lacks "$T/out" "Note: You have to reboot"
[ -e "$S/host-rebooted" ] || fail "sum --reboot left no host-rebooted marker"
scenario sum_oob_licensed=0
run 80 "$SUM" -i 10.1.2.3 -u ADMIN -p "$SECRET" -c UpdateBios --file "$T/X11SSH-bios.bin"
error_block "$T/out" 80 'Node product key is not activated'
has "$T/out" "403"
has "$T/out" "not licensed"
run 0 "$SUM" -c UpdateBios --file "$T/X11SSH-bios.bin"
run 0 "$SUM" -i 10.1.2.3 -u ADMIN -p "$SECRET" -c UpdateBmc --file "$T/bmc image.bin"
no_secret "sum out-of-band"
ok "sum: --preserve_setting rejected with 38; --reboot reboots the host; out-of-band BIOS without licence 80 (HTTP 403)"

# --- sum: information commands
scenario sum_board_id=0956 sum_bios_version=3.8a sum_bmc_version=01.73.06
run 0 "$SUM" -c GetBiosInfo
has "$T/out" "    Board ID..............0956"
has "$T/out" "    BIOS version..........3.8a"
run 0 "$SUM" -c GetBmcInfo
has "$T/out" "    BMC version...........01.73.06"
ok "sum GetBiosInfo / GetBmcInfo print the scripted values"

# --- the scenario is checked: a typo never silently tests nothing
scenario sum_exitt=82
run 250 "$SUM" -c UpdateBios --file "$T/X11SSH-bios.bin"
has "$T/err" "unknown scenario key 'sum_exitt'"
[ ! -e "$S/received/1-X11SSH-bios.bin" ] || fail "the stand-in went on after a scenario error"
log_has ' exit=250 '
run 250 "$RACADM" getversion
has "$T/err" "unknown scenario key 'sum_exitt'"
scenario racadm_job_sates=Completed
run 250 "$RACADM" getversion
has "$T/err" "racadm_job_sates"
scenario sum_exit=82 sum_exit=0
run 250 "$SUM" -c GetBiosInfo
has "$T/err" "given twice"
scenario sum_exit=eighty-two
run 250 "$SUM" -c GetBiosInfo
has "$T/err" "eighty-two"
scenario racadm_job_states=Scheduled,Finished
run 250 "$RACADM" getversion
has "$T/err" "Finished"
scenario
run 250 env -u FWD_STANDIN_DIR "$SUM" -c GetBiosInfo
has "$T/err" "FWD_STANDIN_DIR is not set"
FWD_STANDIN_SCENARIO=$T/nothing-here run 250 "$SUM" -c GetBiosInfo
has "$T/err" "cannot read the scenario file"
ok "unknown key, key twice, bad value, no state folder, no scenario file: exit 250 with the reason"

# --- never reads stdin; sleeps as asked; SIGTERM stops it at once
scenario
mkfifo "$T/fifo"
exec 7<>"$T/fifo"
timeout 10 "$SUM" -c UpdateBios --file "$T/X11SSH-bios.bin" <"$T/fifo" >"$T/out" 2>&1
rc=$?
timeout 10 "$RACADM" getversion <"$T/fifo" >>"$T/out" 2>&1 || rc=$?
exec 7>&-
[ "$rc" = 0 ] || { cat "$T/out" >&2; fail "with a stdin that never ends: exit $rc"; }
scenario sum_delay_ms=400
start=$EPOCHREALTIME
run 0 "$SUM" -c UpdateBmc --file "$T/bmc image.bin"
delay_ms=$(( (${EPOCHREALTIME/[.,]/} - ${start/[.,]/}) / 1000 ))
[ "$delay_ms" -ge 400 ] || fail "sum_delay_ms=400 took only $delay_ms ms"
scenario sum_delay_ms=60000
"$SUM" -c UpdateBios --file "$T/X11SSH-bios.bin" >"$T/out" 2>&1 &
pid=$!
for _ in $(seq 50); do
	[ -s "$S/calls.seq" ] && break
	sleep 0.1
done
sleep 0.2
start=$EPOCHREALTIME
kill -TERM "$pid"
wait "$pid"
rc=$?
ms=$(( (${EPOCHREALTIME/[.,]/} - ${start/[.,]/}) / 1000 ))
[ "$rc" = 143 ] || fail "after SIGTERM sum exited $rc"
[ "$ms" -lt 2000 ] || fail "sum took $ms ms to stop after SIGTERM"
log_has ' exit=143 '
for p in /proc/[0-9]*; do
	mapfile -d '' -t args 2>/dev/null <"$p/cmdline" || continue
	[ "${args[*]}" = "sleep 60.000" ] && fail "the delay's sleep survived"
done
ok "stdin never read; sum_delay_ms=400 took $delay_ms ms; SIGTERM ended a long delay in $ms ms (143, logged)"

# --- FWD_STANDIN_WATCH_DIR: what existed, with its mode, at call time
scenario
mkdir -m 0700 "$T/backups"
( umask 077; echo '{}' >"$T/backups/20250101T000000Z-local.json" )
FWD_STANDIN_WATCH_DIR=$T/backups run 0 "$SUM" -c UpdateBmc --file "$T/bmc image.bin"
has "$S/watch/1" "700 $T/backups"
has "$S/watch/1" "600 $T/backups/20250101T000000Z-local.json"
FWD_STANDIN_WATCH_DIR=$T/no-backups run 0 "$SUM" -c GetBmcInfo
has "$S/watch/2" "missing $T/no-backups"
ok "watch/<call>: the watched folder and its files with their modes, or 'missing'"

# --- standin.env: settings when fwdispatch gives a minimal environment
mkdir "$T/bin"
ln -s "$SUM" "$T/bin/sum"
ln -s "$RACADM" "$T/bin/racadm"
printf 'sum_bios_version=9.9z\n' >"$T/env-scenario"
printf 'FWD_STANDIN_DIR=%s\nFWD_STANDIN_SCENARIO=%s\nFWD_SIM_DIR=/ignored\n' "$T/env-state" \
	"$T/env-scenario" >"$T/bin/standin.env"
run 0 env -i PATH=/usr/bin:/bin LC_ALL=C "$T/bin/sum" -c GetBiosInfo
has "$T/out" "BIOS version..........9.9z"
grep -q ' sum exit=0 -c GetBiosInfo$' "$T/env-state/calls.log" || fail "no calls.log in the standin.env folder"
echo 'FWD_STANDIN_SCENARO=x' >>"$T/bin/standin.env"
run 250 env -i PATH=/usr/bin:/bin "$T/bin/racadm" getversion
has "$T/err" "unknown name 'FWD_STANDIN_SCENARO'"
ok "standin.env next to the started path: read under env -i; an unknown name refused"

# --- racadm: update prints RAC987 and may exit non-zero although the job exists
printf 'iDRAC package' >"$T/iDRAC-with-Lifecycle-Controller_Firmware_LN64_7.00.00.00_A00.BIN"
head -c 2000 /dev/urandom >>"$T/iDRAC-with-Lifecycle-Controller_Firmware_LN64_7.00.00.00_A00.BIN"
IDRAC=$T/iDRAC-with-Lifecycle-Controller_Firmware_LN64_7.00.00.00_A00.BIN
printf 'BIOS package' >"$T/BIOS_R640_LN64_2.9.4.BIN"
BIOS=$T/BIOS_R640_LN64_2.9.4.BIN
scenario racadm_update_exit=1
run 1 "$RACADM" -r 10.1.2.4 -u root -p "$SECRET" update -f "$IDRAC"
has "$T/out" "RAC987: Firmware update job for ${IDRAC##*/} is initiated."
has "$T/out" '"racadm jobqueue view"'
has "$T/err" "Security Alert: Certificate is invalid"
cmp "$IDRAC" "$S/received/1-${IDRAC##*/}" || fail "received iDRAC bytes differ"
log_has "racadm exit=1 -r 10.1.2.4 -u root -p **** update -f $IDRAC"
run 0 "$RACADM" jobqueue view
jid=$(sed -n 's/^\[Job ID=\(JID_[0-9]\{12\}\)\]$/\1/p' "$T/out")
[ -n "$jid" ] || { cat "$T/out" >&2; fail "no JID_ + 12 digits in the queue"; }
[ "$(head -n 1 "$T/out")" = '-------------------------JOB QUEUE------------------------' ] ||
	fail "queue header is '$(head -n 1 "$T/out")'"
run 0 "$RACADM" -r 10.1.2.4 -u root "-p$SECRET" --nocertwarn getversion
log_has " -p**** --nocertwarn getversion"
no_secret "racadm"
ok "racadm update: copy banner, RAC987, exit 1 with the job $jid created; password ****"

# --- racadm: jobqueue view -i moves one state per call, the last one sticks
scenario racadm_job_states=Scheduled,Downloading,Running,Completed racadm_update_print_jid=1
run 0 "$RACADM" -r 10.1.2.4 -u root -p "$SECRET" --nocertwarn update -f "$IDRAC"
[ ! -s "$T/err" ] || fail "--nocertwarn still warned: $(cat "$T/err")"
jid=$(grep -o 'JID_[0-9]\{12\}' "$T/out")
[ -n "$jid" ] || fail "racadm_update_print_jid=1 printed no job ID"
run 0 "$RACADM" jobqueue view -i "$jid"
cat >"$T/want" <<EOF
---------------------------- JOB -------------------------
[Job ID=$jid]
Job Name=Firmware Update: iDRAC
Status=Scheduled
Start Time=[Now]
Expiration Time=[Not Applicable]
Message=[JCP001: Task successfully scheduled.]
Percent Complete=[0]
----------------------------------------------------------
EOF
diff "$T/want" "$T/out" >&2 || fail "job block differs"
seen=Scheduled
for want in Downloading Running Completed Completed; do
	run 0 "$RACADM" jobqueue view -i "$jid"
	has "$T/out" "Status=$want"
	seen+=",$want"
done
has "$T/out" "Message=[RED001: Job completed successfully.]"
has "$T/out" "Percent Complete=[100]"
run 1 "$RACADM" jobqueue view -i JID_000000000000
has "$T/out" "ERROR:"
no_secret "racadm jobs"
ok "jobqueue view -i: the exact block; states $seen"

# --- racadm: failures
scenario racadm_update_result=fail
run 1 "$RACADM" update -f "$IDRAC"
lacks "$T/out" "RAC987"
has "$T/out" "ERROR: RAC947:"
run 0 "$RACADM" jobqueue view
lacks "$T/out" "Job ID="
scenario 'racadm_job_states=Running,Failed' 'racadm_job_message=RED007: Unable to verify Update Package signature.'
run 0 "$RACADM" update -f "$IDRAC"
run 0 "$RACADM" jobqueue view
run 0 "$RACADM" jobqueue view
has "$T/out" "Status=Failed"
has "$T/out" "Message=[RED007: Unable to verify Update Package signature.]"
has "$T/out" "Percent Complete=[NA]"
scenario racadm_view_fail=0,1,0
run 0 "$RACADM" update -f "$IDRAC"
run 0 "$RACADM" jobqueue view
has "$T/out" "Status=Scheduled"
run 1 "$RACADM" jobqueue view
has "$T/out" "ERROR: Unable to connect to RAC"
run 0 "$RACADM" jobqueue view
has "$T/out" "Status=Running"
run 1 "$RACADM" update
has "$T/out" "ERROR:"
run 1 "$RACADM" update -f "$T/missing.BIN"
has "$T/out" "ERROR:"
ok "racadm: update refused without RAC987; job Failed with RED007 and [NA]; view fails when scripted"

# --- racadm: a BIOS job waits for the host's reboot
scenario racadm_new_bios_version=2.9.4
run 0 "$RACADM" update -f "$BIOS"
has "$T/out" "RAC987: Firmware update job for ${BIOS##*/} is initiated."
for _ in 1 2 3; do
	run 0 "$RACADM" jobqueue view
	has "$T/out" "Job Name=Firmware Update: BIOS"
	has "$T/out" "Status=Scheduled"
done
run 0 "$RACADM" getversion
printf 'Bios Version                     = 2.8.1\n iDRAC Version                    = 6.10.30.00\n Lifecycle Controller Version     = 6.10.30.00\n' >"$T/want"
diff "$T/want" "$T/out" >&2 || fail "getversion differs"
touch "$S/host-rebooted"
run 0 "$RACADM" jobqueue view
has "$T/out" "Status=Completed"
[ ! -e "$S/host-rebooted" ] || fail "the reboot marker was not used up"
run 0 "$RACADM" update -f "$BIOS"
run 0 "$RACADM" jobqueue view
[ "$(grep -c 'Status=Scheduled' "$T/out")" = 1 ] || fail "the new BIOS job is not Scheduled"
run 0 "$RACADM" getversion
has "$T/out" "Bios Version                     = 2.9.4"
scenario racadm_bios_job_after_reboot=Running,Failed 'racadm_bios_job_message=RED007: Unable to verify Update Package signature.' \
	racadm_job_format=new racadm_percent_na=1
run 0 "$RACADM" update -f "$BIOS"
run 0 "$RACADM" serveraction powercycle
has "$T/out" "Server power operation initiated successfully"
run 0 "$RACADM" jobqueue view
has "$T/out" "Status=Running"
has "$T/out" "Actual Start Time=["
has "$T/out" "Percent Complete=[NA]"
run 0 "$RACADM" jobqueue view
has "$T/out" "Status=Failed"
has "$T/out" "Message=[RED007: Unable to verify Update Package signature.]"
lacks "$T/out" "Actual Completion Time=[Not Applicable]"
run 0 "$RACADM" jobqueue delete --all
has "$T/out" "JID_CLEARALL"
run 0 "$RACADM" jobqueue view
lacks "$T/out" "Job ID="
ok "racadm BIOS job: Scheduled until host-rebooted, then Completed (getversion shows it) or Running,Failed"

scenario
printf 'x' >"$T/firmware.bin"
run 250 "$RACADM" update -f "$T/firmware.bin"
has "$T/err" "racadm_component"
scenario racadm_component=bios racadm_job_id=JID_123456789012
run 0 "$RACADM" update -f "$T/firmware.bin"
run 0 "$RACADM" jobqueue view -i JID_123456789012
has "$T/out" "Job Name=Firmware Update: BIOS"
ok "racadm: an unnamed package needs racadm_component; racadm_job_id is used"

# --- racadm: a queue with earlier jobs, busy answers
scenario 'racadm_queue=JID_111111111111|Firmware Update: BIOS|Scheduled;JID_222222222222|Configure: BIOS.Setup.1-1|Ready for Execution;JID_333333333333|Firmware Update: iDRAC|Completed' \
	racadm_view_fail=0,busy,0
for pass in 1 2; do
	run 0 "$RACADM" jobqueue view
	has "$T/out" $'[Job ID=JID_111111111111]\nJob Name=Firmware Update: BIOS\nStatus=Scheduled\n'
	has "$T/out" $'[Job ID=JID_222222222222]\nJob Name=Configure: BIOS.Setup.1-1\nStatus=Ready for Execution\n'
	has "$T/out" $'Status=Completed\nStart Time=[Now]\nExpiration Time=[Not Applicable]\nMessage=[RED001: Job completed successfully.]'
	[ "$(grep -c 'Job ID=' "$T/out")" = 3 ] || fail "racadm_queue was put in twice"
	[ "$pass" = 2 ] && break
	run 1 "$RACADM" jobqueue view
	has "$T/out" "ERROR: RAC0508: Unable to complete the operation because the provider is not ready."
	lacks "$T/out" "Job ID="
done
run 0 "$RACADM" jobqueue delete -i JID_111111111111
run 0 "$RACADM" jobqueue view
lacks "$T/out" "JID_111111111111"
scenario 'racadm_queue=JID_111111111111|Firmware Update: BIOS|Sleeping'
run 250 "$RACADM" jobqueue view
has "$T/err" "'Sleeping' is not one of"
scenario 'racadm_update_result=busy,ok' 'racadm_busy_message=RED023: Lifecycle Controller in use. This job will start when Lifecycle Controller is available.'
run 1 "$RACADM" update -f "$IDRAC"
has "$T/out" "ERROR: RED023: Lifecycle Controller in use."
lacks "$T/out" "RAC987"
run 0 "$RACADM" jobqueue view
lacks "$T/out" "Job ID="
run 0 "$RACADM" update -f "$IDRAC"
has "$T/out" "RAC987"
ok "racadm: racadm_queue's jobs keep their states; busy answers for view and update, no job made"

# --- racadm: the iDRAC's NIC selection and failover
scenario racadm_nic_selection=LOM1 racadm_nic_failover=All racadm_get_fail=0,0,busy,0 \
	racadm_flash_resets_nic=1 racadm_job_states=Running,Completed
run 0 "$RACADM" get iDRAC.NIC.Selection
[ "$(cat "$T/out")" = $'[Key=iDRAC.Embedded.1#NIC.1]\nSelection=LOM1' ] || fail "get Selection: $(cat "$T/out")"
run 0 "$RACADM" get idrac.nic.failover
has "$T/out" $'[Key=iDRAC.Embedded.1#NIC.1]\nFailover=All\n'
run 1 "$RACADM" get iDRAC.NIC.Selection
has "$T/out" "ERROR: RAC0508:"
run 1 "$RACADM" get iDRAC.NIC.Speed
has "$T/out" "ERROR: Invalid object name"
run 0 "$RACADM" update -f "$IDRAC"
run 0 "$RACADM" jobqueue view
run 0 "$RACADM" get iDRAC.NIC.Selection
has "$T/out" "Selection=LOM1"
run 0 "$RACADM" jobqueue view
has "$T/out" "Status=Completed"
run 0 "$RACADM" get iDRAC.NIC.Selection
has "$T/out" "Selection=Dedicated"
run 0 "$RACADM" get iDRAC.NIC.Failover
has "$T/out" "Failover=None"
grep -q 'nic-reset was=LOM1/All now=Dedicated/None' "$S/sim-actions.log" || fail "the NIC reset is not logged"
run 0 "$RACADM" set iDRAC.NIC.Selection 2
has "$T/out" $'[Key=iDRAC.Embedded.1#NIC.1]\nObject value modified successfully'
run 0 "$RACADM" set iDRAC.NIC.Failover All
run 1 "$RACADM" set iDRAC.NIC.Selection 'LOM1;reboot'
has "$T/out" "ERROR: RAC947: Invalid object value specified."
run 0 "$RACADM" get iDRAC.NIC.Selection
has "$T/out" "Selection=LOM1"
run 0 "$RACADM" get iDRAC.NIC.Failover
has "$T/out" "Failover=All"
scenario racadm_nic_set_ignored=1
run 0 "$RACADM" set iDRAC.NIC.Selection LOM2
has "$T/out" "Object value modified successfully"
run 0 "$RACADM" get iDRAC.NIC.Selection
has "$T/out" "Selection=Dedicated"
ok "racadm: NIC selection and failover read, reset by a completed iDRAC flash, set (by name or number), RAC947 for a bad value, a set that changes nothing"

# --- ipmitool-inband: the argv, against a recording ipmitool
mkdir "$T/fake"
cat >"$T/fake/ipmitool" <<'EOF'
#!/usr/bin/env bash
printf '<%s>\n' "$@"
EOF
chmod +x "$T/fake/ipmitool"
export FWD_SIM_HOST=127.0.0.1 FWD_SIM_PORT=6623 FWD_SIM_USER=ADMIN FWD_SIM_PASSWORD_FILE=$T/pw
scenario
touch "$T/glob-a" "$T/glob-b"
( cd "$T" && PATH=$T/fake:$PATH "$INBAND" -I open -N 1 raw 0x06 'glob-*' 'two words' '' '$HOME' ) \
	>"$T/out" 2>"$T/err" || fail "ipmitool-inband failed: $(cat "$T/err")"
printf '<%s>\n' -I lanplus -C 3 -H 127.0.0.1 -p 6623 -U ADMIN -f "$T/pw" -N 1 raw 0x06 'glob-*' \
	'two words' '' '$HOME' >"$T/want"
diff "$T/want" "$T/out" >&2 || fail "ipmitool-inband passed a different argv"
grep -qF "ipmitool-inband exit=- -I open -N 1 raw 0x06 glob-\\* two\\ words '' \\\$HOME" "$S/calls.log" ||
	{ cat "$S/calls.log" >&2; fail "ipmitool-inband calls.log line"; }
run 250 env -u FWD_SIM_HOST "$INBAND" -I open mc info
has "$T/err" "FWD_SIM_HOST is not set"
run 250 "$INBAND" -I lanplus mc info
has "$T/err" "only the in-band interface"
unset FWD_SIM_HOST FWD_SIM_PORT FWD_SIM_USER FWD_SIM_PASSWORD_FILE
ok "ipmitool-inband: -I open dropped, the lanplus target added, every argument exact; refuses without FWD_SIM_*"

# --- against the simulated BMC
sim_require
sim_start --profile supermicro --dir "$T/bmc" --reset-silence 1
export FWD_SIM_HOST FWD_SIM_PORT FWD_SIM_USER FWD_SIM_PASSWORD_FILE
scenario
run 0 timeout 30 "$INBAND" -I open mc info
has "$T/out" "Firmware Revision         : 1.71"
has "$T/out" "Manufacturer ID           : 10876"
ok "ipmitool-inband -I open mc info answers from the simulated BMC"

# wait_back: the BMC answers again (within 20 s); first sleeps through the
# 1 s silence, since a probe sent into it waits for ipmitool's retries.
wait_back() {
	local i
	sleep 1
	for i in $(seq 40); do
		[ -n "$(mc_fw)" ] && return 0
		sleep 0.5
	done
	fail "the simulated BMC did not come back"
}

scenario new_bmc_version=1.80 bmc_reset_after_update=1
FWD_STANDIN_MKHPM=$MKHPM run 0 "$SUM" -c UpdateBmc --file "$T/bmc image.bin"
has "$T/out" "Status: BMC is updated successfully"
has "$FWD_SIM_LOG" "activate comp=0 version 1.71.00.00.00.00 -> 1.80.00.00.00.00"
[ "$(log_count '^cold-reset')" = 1 ] || fail "no cold reset in the module log"
grep -q '^1 .* sum mc-reset-cold exit=0$' "$S/sim-actions.log" || fail "sim-actions.log: $(cat "$S/sim-actions.log")"
wait_back
expect_fw 1.80 "after the sum stand-in's BMC update and reset"
run 0 "$RACADM" getversion
has "$T/out" " iDRAC Version                    = 1.80.00.00"
ok "racadm getversion reports the simulated BMC's version"

scenario racadm_job_states=Running,Completed bmc_reset_after_update=1
run 0 "$RACADM" update -f "$IDRAC"
run 0 "$RACADM" jobqueue view
[ "$(log_count '^cold-reset')" = 1 ] || fail "a Running iDRAC job already reset the BMC"
run 0 "$RACADM" jobqueue view
has "$T/out" "Status=Completed"
[ "$(log_count '^cold-reset')" = 2 ] || fail "the Completed iDRAC job did not reset the BMC"
run 0 "$RACADM" jobqueue view
[ "$(log_count '^cold-reset')" = 2 ] || fail "the BMC was reset twice for one job"
ok "racadm: the iDRAC job resets the simulated BMC once, when it shows Completed"
