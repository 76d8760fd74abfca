/*
 * hpe.c: the hpe plugin's entry point and vtable.
 *
 * HPE ProLiant, Synergy and Apollo servers, whose BMC is an iLO: updated
 * over the iLO's Redfish service through the shared flow with the iLO
 * profile (ilo-profile.c, ilo-push.c).  In band without Redfish there is
 * no tool of ours for an iLO (HPE's own are SUM/SPP and iLOrest), so each
 * entry point then refuses, naming the Redfish way, which works in band
 * too through the iLO's host interface (plugins/common/rf-plugin.c).
 */
#include "hpe.h"

#include "host.h"
#include "rf.h"

static const struct fwd_host_api *host;

const struct fwd_host_api *hpe_host(void)
{
	return host;
}

static const struct fwd_plugin hpe_plugin = {
	FWD_PLUGIN_INIT,
	.name = HPE_NAME,
	.version = HPE_VERSION,
	.description = "HPE ProLiant, Synergy and Apollo: the iLO 5/6's Redfish service "
		       "(its upload form, its update state)",
	.probe = hpe_probe,
	.read_versions = rf_plugin_read_versions,
	.preflight = rf_plugin_preflight,
	.backup = rf_plugin_backup,
	.flash_bmc = rf_plugin_flash_bmc,
	.stage_bios = rf_plugin_stage_bios,
	.recovery_hints = rf_plugin_recovery_hints,
	.check_settings = rf_plugin_check_settings,
};

FWD_PLUGIN_ENTRY(h)
{
	/* The Redfish client came with 2.6. */
	if (!fwdp_host_redfish(h))
		return NULL;
	host = h;
	fwdp_host_set(h);
	rf_plugin_use(&hpe_ilo_profile, "an HPE iLO is updated over Redfish: run fwdispatch "
		      "with --redfish (through the iLO's host interface) or --redfish --host "
		      "ILO-ADDRESS");
	return &hpe_plugin;
}
