/*
 * xcc-profile.c: the Lenovo XClarity Controller profile of the shared
 * Redfish flow (plugins/common/rf.h), and the XCC's recovery hints.
 *
 * What it changes from the DMTF profile, as fwupd's quirks for the XCC say
 * (plugins/redfish/redfish.quirk, README "Quirk Use"):
 *  - Targets empty: the image carries what it is for and the XCC deploys
 *    it onto every compatible part (fwupd's wildcard-targets flag: no
 *    @odata.id in Targets);
 *  - the XCC's own image ends asking for a manager reset, which the core
 *    sends; the XCC keeps answering with its old firmware for about 10 s
 *    after it (the core waits for it to go down: go_down_s) and is silent
 *    for about 40 s before it answers with the new one.
 * A 413 (too large) and a 503 (another update runs) come back from the
 * host's push with their own messages (core/redfish/push.c); XCC versions
 * ("11A-1.02") are ordered by the core (core/util/version.c).
 */
#include "lenovo.h"

#include "hints-json.h"
#include "rf.h"

static int xcc_hints(struct fwd_ctx *ctx, struct fwd_json *hints)
{
	static const struct fwdp_hint xcc = {
		.id = "xcc-recovery",
		.title = "The XCC does not come back after its update",
		.when = "the XCC was writing or activating its own firmware when the run "
			"stopped, or it does not answer a few minutes after its reset",
		.applies = { "bmc", NULL },
		.steps = {
			"Do not remove the server's power: the host runs on while the XCC "
			"restarts, and it is silent for about a minute after its reset.",
			"The XCC keeps a second (backup) image of its firmware; its firmware "
			"inventory lists both (fwdispatch status, or the XCC web page: "
			"Firmware Update). If the new one does not start, Lenovo's XCC "
			"documentation says how to start from the backup and flash again.",
			"Once it answers, run fwdispatch status, then the same update again.",
			NULL,
		},
	};
	static const struct fwdp_hint uefi = {
		.id = "xcc-uefi-pending",
		.title = "A UEFI (BIOS) update waits for the host's reboot",
		.when = "a UEFI image was staged and the host has not restarted since",
		.applies = { "bios", NULL },
		.steps = {
			"Nothing runs the new UEFI until the host restarts; plan the reboot "
			"(fwdispatch never reboots the host without --reboot).",
			"After the reboot, fwdispatch verify reads the version it runs.",
			NULL,
		},
	};
	int ret = fwdp_hint_add(rf_host(), ctx, hints, &xcc);

	return ret ? ret : fwdp_hint_add(rf_host(), ctx, hints, &uefi);
}

const struct rf_vendor lenovo_xcc_profile = {
	.name = "Lenovo XCC",
	.targets = RF_TARGETS_EMPTY,
	.apply_bmc = "Immediate",
	.apply_bios = "OnReset",
	.hints = xcc_hints,
};
