/*
 * ilo-profile.c: the HPE iLO 5/6 profile of the shared Redfish flow
 * (plugins/common/rf.h), and the iLO's recovery hints.
 *
 * The iLO takes no UpdateParameters: its own form (ilo-push.c) says
 * "flash it now"; its firmware applies at once and the iLO restarts into
 * it, a system ROM (BIOS) is written at once and runs from the host's next
 * reboot (HPE's iLO user guide: a new system ROM needs a server reboot).
 * So no Targets, and the apply times below only name what happens, for
 * the report.  A service that offers a MultipartHttpPushUri gets the DMTF
 * push through it (rf.h: the push hook is for HttpPushUri).
 */
#include "hpe.h"

#include "hints-json.h"
#include "rf.h"

static int ilo_hints(struct fwd_ctx *ctx, struct fwd_json *hints)
{
	static const struct fwdp_hint flash_recovery = {
		.id = "ilo-flash-recovery",
		.title = "The iLO does not come back after its update",
		.when = "the iLO was writing its own firmware when the run stopped, or it "
			"does not answer after its restart",
		.applies = { "bmc", NULL },
		.steps = {
			"Do not remove the server's power: the host runs on while the iLO "
			"restarts, and an iLO can take minutes to answer after a flash.",
			"An iLO 5 or 6 checks its image when it starts and recovers a "
			"damaged one by itself (Secure Recovery); give it ten minutes, then "
			"run fwdispatch status.",
			"If it still does not answer, it may be in Failed Flash Recovery "
			"mode: the iLO user guide's 'iLO network Failed Flash Recovery' "
			"section says how to send it its image again over its network port.",
			"If nothing answers at all, HPE support replaces or reprograms the "
			"iLO; the server's host firmware and data are not affected.",
			NULL,
		},
	};
	static const struct fwdp_hint rom = {
		.id = "ilo-system-rom",
		.title = "A system ROM (BIOS) update did not finish",
		.when = "a run stopped while the iLO wrote the system ROM",
		.applies = { "bios", NULL },
		.steps = {
			"Do not reboot the host until the iLO shows the update ended (its "
			"web page: Firmware & OS Software, or fwdispatch status).",
			"ProLiant Gen10 and later keep a redundant system ROM: if the host "
			"does not start from the new one, select the backup ROM in the "
			"System Utilities (or the iLO's firmware page) and flash again.",
			NULL,
		},
	};
	int ret = fwdp_hint_add(rf_host(), ctx, hints, &flash_recovery);

	return ret ? ret : fwdp_hint_add(rf_host(), ctx, hints, &rom);
}

const struct rf_vendor hpe_ilo_profile = {
	.name = "HPE iLO",
	.targets = RF_TARGETS_EMPTY,
	.apply_bmc = "Immediate",
	.apply_bios = "OnReset",
	.push = hpe_ilo_push,
	.push_plan = hpe_ilo_push_plan,
	.after_upload = hpe_ilo_after_upload,
	.hints = ilo_hints,
};
