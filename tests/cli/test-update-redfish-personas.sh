#!/usr/bin/env bash
# fwdispatch against the emulator's vendor personas, each taken by its
# vendor's plugin (test-update-redfish-{dell,supermicro,hpe,lenovo}.sh have
# the rest): Lenovo XCC end to end (the task asks for the reset, milestone versions);
# HPE iLO's "iLO 5 v2.72" ordered by its number, so an older image is a
# downgrade; the generic plugin forced on it refused at bmc-upload, nothing
# flashed, and a summary that does not claim what it did not read; Dell
# taken by the dell plugin, Supermicro X13 by the supermicro plugin.
. "$(dirname "$0")/lib.sh"
rf_require

product() { rf_get /redfish/v1/ | "$JGET" Product; }
manager_fw() { rf_get "$1" | "$JGET" FirmwareVersion; }
upd() { # EXIT IMAGE [OPTIONS...]
	local want=$1 image=$2
	shift 2
	run "$want" "$FWDISPATCH" update "${RF[@]}" --bmc "$T/$image.bin" --bmc-timeout 60 --yes \
		"$@"
}

# 1. Lenovo XCC: pushed, the task asks for a reset, the core sends it and waits.
rf_start --persona lenovo --task-seconds 1 --reset-pre-delay 1 --reset-silence 2
rf_image x bmc 11B-1.10 60000 "$(product)"
upd 0 x --bmc-version 11B-1.10 --json
jeq "$T/out" plugin lenovo
jeq "$T/out" bmc.after 11B-1.10
[ "$(rf_log_count POST /redfish/v1/Managers/1/Actions/Manager.Reset)" = 1 ] ||
	fail "no Manager.Reset"
ok "lenovo: pushed, reset as the task asks, 11B-1.10 runs"
# The same milestone with an older version is a downgrade.
rf_image y bmc 11C-1.05 60000 "$(product)"
upd 3 y --bmc-version 11C-1.05 --json
expect_in "$T/out" "refusing a downgrade"
ok "lenovo: 11C-1.05 under 11B-1.10 is a downgrade (exit 3)"

# 2. HPE iLO: its version read as its number.
rf_start --persona hpe --task-seconds 1
rf_image h bmc 2.0.0 60000 "$(product)"
upd 3 h --bmc-version 2.0.0 --json
expect_in "$T/out" "older than the iLO 5 v2.72"
ok "hpe: 'iLO 5 v2.72' is 2.72, so 2.0.0 is refused as a downgrade (exit 3)"
# Its upload form is not the standard push: the generic plugin, forced on
# it, is refused, and the summary stays honest (the hpe plugin, which takes
# an iLO by itself, is test-update-redfish-hpe.sh's).
rf_image h3 bmc 3.0.0 60000 "$(product)"
upd 3 h3 --bmc-version 3.0.0 --plugin redfish
# Read as text, "3.0.0" would sort before "iLO 5 v2.72": no downgrade refusal here.
expect_not_in "$T/err" "downgrade"
expect_in "$T/err" "multipart/form-data"
expect_in "$T/out" "what it runs now was not read again"
expect_not_in "$T/out" "does not answer"
[ "$(manager_fw /redfish/v1/Managers/1)" = "iLO 5 v2.72" ] || fail "the iLO changed"
ok "hpe: the standard push refused at bmc-upload, nothing flashed, no claim it is silent"

# 3. Dell iDRAC: the dell plugin takes an iDRAC's service (above the
#    generic plugin) and its push, without Targets, goes through
#    (test-update-redfish-dell.sh has the rest).  Supermicro X13: the
#    supermicro plugin takes it, its upload (OnStartUpdateRequest, the
#    preserve flags) is verified and started (test-update-redfish-supermicro.sh
#    has the rest).
rf_start --persona dell --task-seconds 1
rf_image d bmc 99.0.0 60000 "PowerEdge R650"
upd 0 d --bmc-version 99.0.0 --json
jeq "$T/out" plugin dell
jeq "$T/out" bmc.after 99.0.0
expect_not_in "$T/out" "Targets is not supported"
ok "dell: the dell plugin takes the iDRAC, its push (Targets []) goes through, 99.0.0 runs"
rf_start --persona supermicro --task-seconds 1
rf_image s bmc 99.0.0 60000 "$(product)"
upd 0 s --bmc-version 99.0.0 --json
jeq "$T/out" plugin supermicro
jeq "$T/out" bmc.after 99.0.0
[ "$(rf_log_count POST /redfish/v1/UpdateService/Actions/UpdateService.StartUpdate)" = 1 ] ||
	fail "no StartUpdate"
ok "supermicro: the supermicro plugin takes the X13, its upload verified and started, 99.0.0 runs"
