/*
 * smc-hints.c: the Supermicro profile's recovery hints (its hints hook,
 * before the shared flow's DMTF ones): what holds a Supermicro BMC
 * reached over Redfish after a run went wrong.
 *
 * An upload OnStartUpdateRequest leaves the verified image waiting and the
 * BMC "in update mode" until StartUpdate or a reset (fwupd
 * fu-redfish-smc-device.c: a cold reset ends it); a run cut short between
 * the two leaves it so, and every later upload is refused.
 */
#include "supermicro.h"

#include "hints-json.h"
#include "rf.h"

int sm_rf_hints(struct fwd_ctx *ctx, struct fwd_json *hints)
{
	static const struct fwdp_hint update_mode = {
		.id = "smc-update-mode",
		.title = "The BMC stays in update mode",
		.when = "a run stopped after the BMC took an image and before its update "
			"started: later uploads are refused with "
			"SMC.1.0.OemFirmwareAlreadyInUpdateMode",
		.applies = { "bmc", "bios", NULL },
		.steps = {
			"Nothing is written while the BMC only holds the image: the firmware "
			"that ran still runs (fwdispatch status tells).",
			"Reset the BMC to leave update mode: its web page (Maintenance, BMC "
			"Reset), ipmitool mc reset cold, or POST {\"ResetType\": "
			"\"ForceRestart\"} to /redfish/v1/Managers/1/Actions/Manager.Reset.",
			"Wait until it answers again, then run the same fwdispatch update: "
			"it uploads the image again.",
			NULL,
		},
	};

	return fwdp_hint_add(rf_host(), ctx, hints, &update_mode);
}
