/*
 * lenovo.c: the lenovo plugin's entry point and vtable.
 *
 * Lenovo ThinkSystem servers, whose BMC is an XClarity Controller (XCC):
 * updated over the XCC's Redfish service through the shared flow with the
 * XCC profile (xcc-profile.c).  In band without Redfish each entry point
 * refuses, naming the Redfish way, which works in band too through the
 * XCC's host interface (plugins/common/rf-plugin.c).
 */
#include "lenovo.h"

#include "host.h"
#include "rf.h"

static const struct fwd_host_api *host;

const struct fwd_host_api *lenovo_host(void)
{
	return host;
}

static const struct fwd_plugin lenovo_plugin = {
	FWD_PLUGIN_INIT,
	.name = LENOVO_NAME,
	.version = LENOVO_VERSION,
	.description = "Lenovo ThinkSystem: the XClarity Controller's Redfish service",
	.probe = lenovo_probe,
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
	rf_plugin_use(&lenovo_xcc_profile, "a Lenovo XCC is updated over Redfish: run fwdispatch "
		      "with --redfish (through the XCC's host interface) or --redfish --host "
		      "XCC-ADDRESS");
	return &lenovo_plugin;
}
