/*
 * supermicro.c: the supermicro plugin's entry point and vtable.
 *
 * Supermicro boards, including the many resold under another name
 * (Nutanix, iXsystems, Thomas-Krenn, bluechip...): BIOS through `sum`,
 * BMC through `sum` or HPM.1.  The entry points live in their own files
 * (supermicro.h lists them).
 */
#include "supermicro.h"

#include "host.h"

static const struct fwd_host_api *host;

const struct fwd_host_api *sm_host(void)
{
	return host;
}

static const struct fwd_plugin supermicro_plugin = {
	FWD_PLUGIN_INIT,
	.name = SM_NAME,
	.version = SM_VERSION,
	.description = "Supermicro boards (also resold): BIOS via sum, BMC via sum or HPM.1",
	.probe = sm_probe,
	.read_versions = sm_read_versions,
	.preflight = sm_preflight,
	.backup = sm_backup,
	.flash_bmc = sm_flash_bmc,
	.stage_bios = sm_stage_bios,
	.recovery_hints = sm_recovery_hints,
	.check_settings = sm_check_settings,
};

FWD_PLUGIN_ENTRY(h)
{
	if (!fwdp_host_usable(h))
		return NULL;
	host = h;
	return &supermicro_plugin;
}
