#!/usr/bin/env bash
# `fwdispatch backup` and `fwdispatch restore` against the simulated BMC:
# the backup file (0600 in a 0700 folder, parsed values and raw outputs),
# a restore that puts changed LAN settings back and reads them again, a
# dry run that sends no `lan set`, backups that cannot be written (exit 3,
# nothing left behind) and backups that must not be restored (garbage, cut
# short, another BMC: exit 3, nothing sent).
. "$FWD_TOP/tests/cli/lib.sh"
sim_require

# fwd_backup EXPECTED-EXIT ARGS...: out-of-band backup into $T/state.
fwd_backup() {
	local want=$1
	shift
	# shellcheck disable=SC2046
	run "$want" "$FWDISPATCH" backup $(target_opts) --state-dir "$T/state" "$@"
}

# fwd_restore EXPECTED-EXIT BACKUP ARGS...: with --yes, as stdin is no terminal.
fwd_restore() {
	local want=$1 file=$2
	shift 2
	# shellcheck disable=SC2046
	run "$want" "$FWDISPATCH" restore "$file" --yes $(target_opts) --state-dir "$T/state" "$@"
}

lan_sets() {
	grep -c "lan-set " "$FWD_SIM_LOG"
}

# No file or temporary file other than the given backups in the folder.
expect_backups() {
	local dir=$1 want=$2 got
	got=$(find "$dir" -mindepth 1 | wc -l)
	[ "$got" = "$want" ] || { ls -la "$dir" >&2; fail "$dir holds $got entries, expected $want"; }
}

sim_start --profile supermicro --dir "$T/bmc" \
	--module-args 'lan_ip=192.168.50.7 lan_mask=255.255.254.0 lan_gw=192.168.50.1 lan_vlan=300'
expect_lan "Static Address" 192.168.50.7 255.255.254.0 192.168.50.1 300 "the module's start values"

# --- backup ---------------------------------------------------------------
fwd_backup 0 --json
one_json "$T/out"
jeq "$T/out" schema fwdispatch/1
jeq "$T/out" command backup
backup=$("$JGET" -f "$T/out" backup)
case $backup in
"$T/state/backups/"*-127.0.0.1_"$FWD_SIM_PORT".json) ;;
*) fail "backup written to '$backup', not STATE/backups/<time>-127.0.0.1_$FWD_SIM_PORT.json" ;;
esac
[ -f "$backup" ] || fail "'$backup' does not exist"
[ "$(stat -c %a "$backup")" = 600 ] || fail "backup mode $(stat -c %a "$backup"), expected 600"
[ "$(stat -c %a "$T/state/backups")" = 700 ] || fail "backups folder mode $(stat -c %a "$T/state/backups")"
[ "$(stat -c %a "$T/state")" = 700 ] || fail "state folder mode $(stat -c %a "$T/state")"
expect_backups "$T/state/backups" 1
ok "backup file $(basename "$backup"): mode 0600 in a 0700 folder, nothing else there"
jeq "$T/out" lan_channels.0.channel 1
jeq "$T/out" lan_channels.0.settings.ip 192.168.50.7
jeq "$T/out" users.0.users.1.name "$FWD_SIM_USER"
ok "the --json summary names the file, the LAN channel and the users"

one_json "$backup"
jeq "$backup" schema fwdispatch/backup/1
jeq "$backup" target "127.0.0.1:$FWD_SIM_PORT"
jeq "$backup" out_of_band true
jeq "$backup" plugin supermicro
jeq "$backup" bmc.manufacturer_id "$FWD_SIM_MANUFACTURER_ID"
jeq "$backup" bmc.product_id $((FWD_SIM_PRODUCT_ID))
jeq "$backup" bmc.firmware "$FWD_SIM_FW"
jeq "$backup" identity.bmc.manufacturer_id "$FWD_SIM_MANUFACTURER_ID"
[ "$("$JGET" -f "$backup" -l channel_probe)" = 11 ] || fail "channels 1-11 were not all probed"
jeq "$backup" channel_probe.0.medium "802.3 LAN"
jeq "$backup" channel_probe.1.medium null
jeq "$backup" lan_channels.0.channel 1
[ "$("$JGET" -f "$backup" -l lan_channels)" = 1 ] || fail "expected exactly one LAN channel"
jeq "$backup" lan_channels.0.settings.ip_source static
jeq "$backup" lan_channels.0.settings.ip 192.168.50.7
jeq "$backup" lan_channels.0.settings.netmask 255.255.254.0
jeq "$backup" lan_channels.0.settings.gateway 192.168.50.1
jeq "$backup" lan_channels.0.settings.vlan 300
jeq "$backup" lan_channels.0.settings.mac 0c:c4:7a:6b:2e:31
ok "backup: schema, target, BMC identity, channels 1-11 probed, LAN channel 1 parsed"
"$JGET" -f "$backup" lan_channels.0.raw >"$T/raw"
expect_in "$T/raw" "IP Address Source       : Static Address"
expect_in "$T/raw" "802.1q VLAN ID          : 300"
"$JGET" -f "$backup" lan_channels.0.channel_info_raw >"$T/raw"
expect_in "$T/raw" "Channel Medium Type   : 802.3 LAN"
"$JGET" -f "$backup" bmc.raw >"$T/raw"
expect_in "$T/raw" "Manufacturer ID           : $FWD_SIM_MANUFACTURER_ID"
"$JGET" -f "$backup" users.0.raw >"$T/raw"
expect_in "$T/raw" "Channel Priv Limit"
expect_in "$T/raw" "$FWD_SIM_USER"
ok "raw outputs of lan print, channel info, mc info and user list are kept"
jeq "$backup" users.0.channel 1
jeq "$backup" users.0.users.1.id 2
jeq "$backup" users.0.users.1.name "$FWD_SIM_USER"
jeq "$backup" users.0.users.1.privilege ADMINISTRATOR
jeq "$backup" users.0.users.1.ipmi_msg true
jeq "$backup" users.0.users.0.name ""
case $("$JGET" -f "$backup" passwords) in
"not readable over IPMI"*) ;;
*) fail "no note that passwords cannot be read" ;;
esac
expect_not_in "$backup" "$(cat "$FWD_SIM_PASSWORD_FILE")"
ok "users parsed, the password note is there, the BMC password is not"

# The human form, and a second backup in the same second never replaces the first.
fwd_backup 0
expect_in "$T/out" "backup written: $T/state/backups/"
expect_in "$T/out" "LAN channel 1: static 192.168.50.7/255.255.254.0 gateway 192.168.50.1 vlan 300, mac 0c:c4:7a:6b:2e:31"
expect_in "$T/out" "$FWD_SIM_USER"
expect_backups "$T/state/backups" 2
ok "a second backup is a second file; the human report lists the channel and users"

# --- restore --------------------------------------------------------------
# What a flash that resets the LAN does, and more.
set_lan ipsrc dhcp
set_lan ipaddr 10.9.9.9
set_lan netmask 255.0.0.0
set_lan vlan id 7
expect_lan "DHCP Address" 10.9.9.9 255.0.0.0 192.168.50.1 7 "changed behind fwdispatch's back"

sets=$(lan_sets)
fwd_restore 0 "$backup" --dry-run
expect_in "$T/out" "dry run, nothing is sent"
expect_in "$T/out" "channel 1: differs from the backup in ip_source, ip, netmask, vlan"
expect_in "$T/out" "would run: ipmitool lan set 1 ipsrc static"
expect_in "$T/out" "would run: ipmitool lan set 1 ipaddr 192.168.50.7"
expect_in "$T/out" "would run: ipmitool lan set 1 netmask 255.255.254.0"
expect_in "$T/out" "would run: ipmitool lan set 1 defgw ipaddr 192.168.50.1"
expect_in "$T/out" "would run: ipmitool lan set 1 vlan id 300"
[ "$(lan_sets)" = "$sets" ] || fail "the dry run sent $(($(lan_sets) - sets)) Set LAN Configuration commands"
expect_lan "DHCP Address" 10.9.9.9 255.0.0.0 192.168.50.1 7 "after the dry run"
ok "restore --dry-run prints the exact lan set commands and sends none"

fwd_restore 0 "$backup" --dry-run --json
one_json "$T/out"
jeq "$T/out" result planned
jeq "$T/out" dry_run true
jeq "$T/out" channels.0.differs '["ip_source","ip","netmask","vlan"]'
jeq "$T/out" channels.0.commands.4 "ipmitool lan set 1 vlan id 300"
jeq "$T/out" channels.0.restored false
[ "$(lan_sets)" = "$sets" ] || fail "the --json dry run sent Set LAN Configuration commands"
ok "restore --dry-run --json: the plan, nothing sent"

# Without --yes: a terminal asks, and nothing else may go ahead.
# shellcheck disable=SC2046
run 2 "$FWDISPATCH" restore "$backup" $(target_opts) --state-dir "$T/state" --json </dev/null
one_json "$T/out"
jeq "$T/out" error.code usage
expect_in "$T/err" "stdin is not a terminal, so nobody can confirm: give --yes"
[ "$(lan_sets)" = "$sets" ] || fail "a restore without --yes sent Set LAN Configuration commands"
ok "restore without --yes, stdin not a terminal: exit 2 naming --yes, nothing sent"

# On a pseudo-terminal (script(1), as test-update-confirm does): the
# commands, then the question; "n" sends nothing.
if command -v script >/dev/null; then
	cmd=$(printf '%q ' "$FWDISPATCH" restore "$backup" $(target_opts) --state-dir "$T/state")
	printf 'n\n' | SHELL=/bin/bash script -qec "$cmd" /dev/null >"$T/tty" 2>&1
	got=$?
	[ "$got" = 3 ] || { cat "$T/tty" >&2; fail "restore on a terminal, answer n: exit $got"; }
	expect_in "$T/tty" "about to restore the LAN settings of 127.0.0.1:$FWD_SIM_PORT"
	expect_in "$T/tty" "  ipmitool lan set 1 ipaddr 192.168.50.7"
	expect_in "$T/tty" "proceed? [y/N]"
	expect_in "$T/tty" "not confirmed: nothing was changed"
	[ "$(lan_sets)" = "$sets" ] || fail "answered no, yet Set LAN Configuration commands were sent"
	expect_lan "DHCP Address" 10.9.9.9 255.0.0.0 192.168.50.1 7 "after answering no"
	ok "restore on a terminal: the commands shown, answer n: exit 3, nothing sent"
fi

fwd_restore 0 "$backup" --json
one_json "$T/out"
jeq "$T/out" result ok
jeq "$T/out" channels.0.restored true
jeq "$T/out" channels.0.verified true
jeq "$T/out" channels.0.before.ip 10.9.9.9
jeq "$T/out" channels.0.after.ip 192.168.50.7
jeq "$T/out" channels.0.after.vlan 300
expect_in "$FWD_SIM_LOG" "lan-set param=4 value=static cc=0x00"
expect_in "$FWD_SIM_LOG" "lan-set param=3 value=192.168.50.7 cc=0x00"
expect_in "$FWD_SIM_LOG" "lan-set param=6 value=255.255.254.0 cc=0x00"
expect_in "$FWD_SIM_LOG" "lan-set param=20 value=300 cc=0x00"
expect_lan "Static Address" 192.168.50.7 255.255.254.0 192.168.50.1 300 "after restore"
ok "restore sent the settings, read them back and reports them verified"

# Never in the middle of an update: a held target lock refuses the restore.
set_lan defgw ipaddr 192.168.50.253
sets=$(lan_sets)
lockfile=$T/state/locks/127.0.0.1_$FWD_SIM_PORT.lock
flock -o "$lockfile" sleep 30 &  # -o: only flock itself holds it
holder=$!
for _ in $(seq 50); do flock -n "$lockfile" true || break; sleep 0.1; done
fwd_restore 7 "$backup"
# The file still names the last restore, long gone: the message names who holds it now.
expect_in "$T/err" "has ended, but a tool it started still runs and holds the target: flock (PID $holder)"
[ "$(lan_sets)" = "$sets" ] || fail "a restore on a locked target sent Set LAN Configuration commands"
kill "$holder"
wait "$holder" 2>/dev/null
fwd_restore 0 "$backup" --dry-run
ok "restore on a target another run holds: exit 7, nothing sent (a dry run needs no lock)"

sets=$(lan_sets)
fwd_restore 0 "$backup"
expect_in "$T/out" "ran:       ipmitool lan set 1 defgw ipaddr 192.168.50.1"
sets=$(lan_sets)
fwd_restore 0 "$backup"
expect_in "$T/out" "channel 1: matches the backup"
[ "$(lan_sets)" = "$sets" ] || fail "a restore with nothing to do sent Set LAN Configuration commands"
ok "restore when nothing differs sends nothing"

# Only what differs is sent when the source is right.
set_lan defgw ipaddr 192.168.50.254
sets=$(lan_sets)
fwd_restore 0 "$backup"
expect_in "$T/out" "ran:       ipmitool lan set 1 defgw ipaddr 192.168.50.1"
expect_not_in "$T/out" "ipaddr 192.168.50.7"
[ "$(lan_sets)" -gt "$sets" ] || fail "nothing was sent"
grep "lan-set " "$FWD_SIM_LOG" | tail -n +$((sets + 1)) >"$T/sent"
expect_in "$T/sent" "param=12 value=192.168.50.1"
expect_not_in "$T/sent" "param=3 "
expect_lan "Static Address" 192.168.50.7 255.255.254.0 192.168.50.1 300 "after restoring the gateway"
ok "a changed gateway alone is restored alone"

# --- backups that must not be restored --------------------------------------
set_lan ipaddr 10.1.1.1
sets=$(lan_sets)
printf 'this is not json\n' >"$T/garbage.json"
fwd_restore 3 "$T/garbage.json"
expect_in "$T/err" "is not a usable fwdispatch backup"
head -c 700 "$backup" >"$T/cut.json"
fwd_restore 3 "$T/cut.json" --json
one_json "$T/out"
jeq "$T/out" error.code bad-input
expect_in "$T/err" "cut short"
fwd_restore 3 "$T/missing.json"
expect_in "$T/err" "cannot open backup"
sed 's|fwdispatch/backup/1|fwdispatch/backup/9|' "$backup" >"$T/schema.json"
fwd_restore 3 "$T/schema.json"
expect_in "$T/err" "its schema is 'fwdispatch/backup/9'"
sed 's|"ip": "192.168.50.7"|"ip": "192.168.50"|' "$backup" >"$T/badip.json"
fwd_restore 3 "$T/badip.json"
expect_in "$T/err" "'ip' is not an IPv4 address"
# One channel listed twice would be applied twice, the second over the first.
chan=$("$JGET" -f "$backup" lan_channels.0)
chan=${chan//\\/\\\\}   # sed's replacement reads "\n" as a newline
sed "s|\"lan_channels\": \[|\"lan_channels\": [ $chan,|" "$backup" >"$T/twice.json"
[ "$("$JGET" -f "$T/twice.json" -l lan_channels)" = 2 ] || fail "test bug: no channel doubled"
fwd_restore 3 "$T/twice.json"
expect_in "$T/err" "the backup lists LAN channel 1 twice"
[ "$(lan_sets)" = "$sets" ] || fail "a refused backup led to Set LAN Configuration commands"
ok "garbage, cut short, missing, other schema, bad address, a channel twice: exit 3, nothing sent"

# Another BMC: another MAC on its LAN channel, or another product.
sed 's|0c:c4:7a:6b:2e:31|0c:c4:7a:00:00:01|' "$backup" >"$T/othermac.json"
fwd_restore 3 "$T/othermac.json"
expect_in "$T/err" "the backup is of another BMC"
sed 's|"product_id": 2180|"product_id": 2181|' "$backup" >"$T/otherproduct.json"
grep -q '"product_id": 2181' "$T/otherproduct.json" || fail "test bug: product_id not replaced"
fwd_restore 3 "$T/otherproduct.json"
expect_in "$T/err" "is a backup of another BMC"
# Without MACs, the target is all there is to go on.
sed -e 's|"mac": "0c:c4:7a:6b:2e:31"|"mac": null|' -e "s|\"target\": \"127.0.0.1:$FWD_SIM_PORT\"|\"target\": \"10.0.0.9:623\"|" \
	"$backup" >"$T/othertarget.json"
fwd_restore 3 "$T/othertarget.json"
expect_in "$T/err" "was taken from '10.0.0.9:623', not '127.0.0.1:$FWD_SIM_PORT'"
[ "$(lan_sets)" = "$sets" ] || fail "a backup of another BMC led to Set LAN Configuration commands"
expect_lan "Static Address" 10.1.1.1 255.255.254.0 192.168.50.1 300 "after the refused restores"
ok "a backup of another BMC (MAC, product, target) is refused, nothing sent"

# --- backups that cannot be written -------------------------------------------
# A write that stops short, as on a full disk (SIGXFSZ ignored, so write() fails).
# shellcheck disable=SC2046
run 3 bash -c 'trap "" XFSZ; ulimit -f 8; exec "$@"' sh "$FWDISPATCH" backup $(target_opts) \
	--state-dir "$T/full"
expect_in "$T/err" "backup failed: cannot write '$T/full/backups/"
expect_in "$T/err" "File too large"
expect_backups "$T/full/backups" 0
ok "a backup cut short by a full file system: exit 3, no file and no temporary file left"

# A backups folder that may not be written.
if [ "$(id -u)" = 0 ]; then
	if command -v runuser >/dev/null && id nobody >/dev/null 2>&1 &&
		runuser -u nobody -- test -x "$FWDISPATCH"; then
		chmod 0711 "$T"
		mkdir -p "$T/nb/state/backups"
		cp "$FWD_SIM_PASSWORD_FILE" "$T/nb/pw"
		chown -R nobody "$T/nb"
		chmod 0700 "$T/nb" "$T/nb/state"
		chmod 0600 "$T/nb/pw"
		chmod 0500 "$T/nb/state/backups"
		run 3 runuser -u nobody -- env -i PATH="$PATH" \
			FWDISPATCH_PLUGIN_DIR="${FWDISPATCH_PLUGIN_DIR:-}" \
			ASAN_OPTIONS="${ASAN_OPTIONS:-}" UBSAN_OPTIONS="${UBSAN_OPTIONS:-}" \
			"$FWDISPATCH" backup --host "$FWD_SIM_HOST" --port "$FWD_SIM_PORT" \
			--user "$FWD_SIM_USER" --password-file "$T/nb/pw" --cipher 3 \
			--state-dir "$T/nb/state"
		expect_in "$T/err" "backup failed: cannot create a temporary file next to '$T/nb/state/backups/"
		expect_in "$T/err" "Permission denied"
		expect_backups "$T/nb/state/backups" 0
		ok "as nobody, a backups folder without write permission: exit 3, nothing written"
	else
		echo "# skipped the unwritable-folder check: no runuser or nobody cannot run fwdispatch"
	fi
else
	mkdir -p "$T/ro/backups"
	chmod 0700 "$T/ro"
	chmod 0500 "$T/ro/backups"
	# shellcheck disable=SC2046
	run 3 "$FWDISPATCH" backup $(target_opts) --state-dir "$T/ro"
	expect_in "$T/err" "Permission denied"
	chmod 0700 "$T/ro/backups"
	expect_backups "$T/ro/backups" 0
	ok "a backups folder without write permission: exit 3, nothing written"
fi

# A state folder others may write into is refused before the BMC is asked.
mkdir -p "$T/open/backups"
chmod 0777 "$T/open"
# shellcheck disable=SC2046
run 3 "$FWDISPATCH" backup $(target_opts) --state-dir "$T/open"
expect_in "$T/err" "is writable by group or others"
expect_backups "$T/open/backups" 0
ok "an unsafe state folder: exit 3, nothing written"

sim_stop

# --- in-band: the DMI identity and BIOS version, a DHCP channel --------------
# ipmitool -I open goes to a simulated Dell through tests/vendor/ipmitool-inband.
sim_start --profile dell --dir "$T/dell" --module-args 'lan_ipsrc=dhcp lan_vlan=12'
# Only the wrapper: racadm would add its versions to the backup.
standin_setup none
run 0 inband "$FWDISPATCH" backup --json --state-dir "$T/ib" \
	--dmi-file "$FWD_TOP/tests/data/dmi/dell-poweredge-r640.txt"
one_json "$T/out"
backup=$("$JGET" -f "$T/out" backup)
case $backup in
"$T/ib/backups/"*Z-local_BMC_in-band.json) ;;
*) fail "in-band backup written to '$backup'" ;;
esac
jeq "$backup" target "local BMC (in-band)"
jeq "$backup" out_of_band false
jeq "$backup" plugin dell
jeq "$backup" bios_version 2.17.1
jeq "$backup" identity.source dmidecode
jeq "$backup" identity.product_name "PowerEdge R640"
jeq "$backup" identity.bmc.manufacturer_id 674
jeq "$backup" lan_channels.0.settings.ip_source dhcp
jeq "$backup" lan_channels.0.settings.vlan 12
jeq "$backup" lan_channels.0.settings.mac d0:94:66:1a:2b:3c
ok "in-band backup: DMI identity, BIOS version 2.17.1, plugin dell, DHCP channel with VLAN 12"

set_lan ipsrc static
set_lan vlan id off
set_lan ipaddr 10.20.40.99
sets=$(lan_sets)
run 0 inband "$FWDISPATCH" restore "$backup" --yes --state-dir "$T/state"
expect_in "$T/out" "channel 1: differs from the backup in ip_source, vlan"
expect_in "$T/out" "ran:       ipmitool lan set 1 ipsrc dhcp"
expect_in "$T/out" "ran:       ipmitool lan set 1 vlan id 12"
expect_in "$T/out" "(as in the backup)"
grep "lan-set " "$FWD_SIM_LOG" | tail -n +$((sets + 1)) >"$T/sent"
expect_not_in "$T/sent" "param=3 "
ipmi lan print 1 >"$T/lan" 2>&1
[ "$(lan_value 'IP Address Source')" = "DHCP Address" ] || fail "in-band restore: source '$(lan_value 'IP Address Source')'"
[ "$(lan_value '802.1q VLAN ID')" = 12 ] || fail "in-band restore: VLAN '$(lan_value '802.1q VLAN ID')'"
ok "in-band restore of a DHCP channel: ipsrc dhcp and vlan id 12, no address sent"

# The Supermicro backup does not go onto the Dell.
sets=$(lan_sets)
sm=$(find "$T/state/backups" -name '*.json' | head -n 1)
[ -n "$sm" ] || fail "the Supermicro backup is gone"
run 3 inband "$FWDISPATCH" restore "$sm" --yes --state-dir "$T/state"
expect_in "$T/err" "is a backup of another BMC (manufacturer 10876"
expect_in "$T/err" ", of a Supermicro X11SSH-F); this one is manufacturer 674"
[ "$(lan_sets)" = "$sets" ] || fail "a Supermicro backup led to Set LAN Configuration commands on the Dell"
ok "a Supermicro backup is refused on the Dell BMC, nothing sent"
sim_stop
echo "all $checks checks passed"
