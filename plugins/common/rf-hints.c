/*
 * rf-hints.c: the recovery hints of the shared Redfish flow: what holds
 * for any standard Redfish service (the URIs are DMTF's; menus, jumpers
 * and recovery images are each vendor's, so those steps send the operator
 * to the server's manual, unless the profile's hints hook says more first).
 */
#include "rf.h"

#include <stdio.h>

#include "hints-json.h"

int rf_recovery_hints(struct fwd_ctx *ctx, const struct rf_vendor *v, struct fwd_json *hints)
{
	const struct fwd_host_api *host = rf_host();
	const struct fwd_target *t = host->target(ctx);
	char ask[512];
	int ret;

	snprintf(ask, sizeof(ask), "Wait a few more minutes: a BMC can take several minutes to "
		 "start after a firmware update, and some report their new version minutes "
		 "after they answer.  Then ask it: fwdispatch status --redfish --host %s "
		 "--user %s, or open https://%s/redfish/v1/Managers in a browser.",
		 t && t->host ? t->host : "BMC", t && t->user ? t->user : "USER",
		 t && t->host ? t->host : "BMC");

	const struct fwdp_hint list[] = {
		{
			.id = FWDP_HINT_BMC_UNREACHABLE,
			.title = "The BMC does not answer after its flash",
			.when = "a BMC flash ended, but its Redfish service does not answer",
			.applies = { "bmc", NULL },
			.steps = {
				ask,
				"From the server's own OS, ask the BMC through the IPMI driver "
				"(modprobe ipmi_si; modprobe ipmi_devintf): ipmitool mc info, and "
				"its address: ipmitool lan print 1.  A flash can leave a BMC on "
				"DHCP with another address.",
				"If the address changed, put back the saved settings: fwdispatch "
				"restore BACKUP --redfish --host NEW-ADDRESS (backups are in "
				"STATE_DIR/backups).",
				"If it answers the OS but not the network, restart it from the OS: "
				"ipmitool mc reset cold.",
				"If it answers neither way after 15 minutes, remove all power for a "
				"minute; if it still does not answer, its firmware needs the "
				"vendor's recovery procedure (see the server's manual).",
				NULL,
			},
		},
		{
			.id = FWDP_HINT_BIOS_NO_POST,
			.title = "The host does not start after a BIOS update",
			.when = "the host shows no POST after the reboot that applies a staged BIOS",
			.applies = { "bios", NULL },
			.steps = {
				"Do not cut the power while the new BIOS may still be applying: "
				"the host can restart more than once before it shows POST.",
				"Watch the BMC's remote console and its log: "
				"/redfish/v1/Managers/<id>/LogServices.",
				"Use the vendor's BIOS recovery (a backup BIOS chip, a recovery "
				"image through the BMC): see the server's manual.",
				NULL,
			},
		},
		{
			.id = FWDP_HINT_LAN_LOST,
			.title = "The BMC's network settings were lost",
			.when = "after a BMC flash the BMC has other network settings or accounts",
			.applies = { "lan", NULL },
			.steps = {
				"Put back the saved settings: fwdispatch restore BACKUP --redfish "
				"--host ADDRESS (--dry-run shows the PATCH requests first).",
				"Accounts are compared, never written: the backup holds no "
				"passwords (Redfish cannot read them).  Recreate a lost account in "
				"the BMC's web interface or with a POST to "
				"/redfish/v1/AccountService/Accounts.",
				NULL,
			},
		},
	};

	if (!hints)
		return host->set_error(ctx, -FWD_E_INTERNAL, "recovery_hints needs an array");
	if (v->hints) {
		ret = v->hints(ctx, hints);
		if (ret)
			return ret;
	}
	for (size_t i = 0; i < sizeof(list) / sizeof(list[0]); i++) {
		ret = fwdp_hint_add(host, ctx, hints, &list[i]);
		if (ret)
			return ret;
	}
	return 0;
}
