/*
 * dell.c: the dell plugin's entry point and vtable.
 *
 * Dell servers with iDRAC (PowerEdge and the lines built on it): BIOS and
 * iDRAC through racadm and Dell Update Packages, iDRAC also through HPM.1.
 */
#include "dell.h"

#include "hpm-flash.h"
#include "host.h"
#include "racadm.h"

static const struct fwd_host_api *host;

const struct fwd_host_api *dell_host(void)
{
	return host;
}

static int dell_flash_bmc(struct fwd_ctx *ctx, const struct fwd_identity *id,
			  const struct fwd_flash_request *req, struct fwd_bmc_flashed *next,
			  struct fwd_json *result)
{
	/* An .hpm image takes the standard HPM.1 path, as on any BMC. */
	if (fwdp_is_hpm1(req))
		return fwdp_hpm_flash_bmc(host, ctx, req, next, result);
	return dell_flash_bmc_vendor(ctx, id, req, next, result);
}

static const struct fwd_plugin dell_plugin = {
	FWD_PLUGIN_INIT,
	.name = DELL_NAME,
	.version = DELL_VERSION,
	.description = "Dell PowerEdge and other iDRAC servers: BIOS and iDRAC via racadm",
	.probe = dell_probe,
	.read_versions = dell_read_versions,
	.backup = dell_backup,
	.flash_bmc = dell_flash_bmc,
	.stage_bios = dell_stage_bios,
	.recovery_hints = dell_recovery_hints,
	.job_status = dell_job_status,
	.preflight = dell_preflight,
	.check_settings = dell_check_settings,
};

FWD_PLUGIN_ENTRY(h)
{
	if (!fwdp_host_usable(h))
		return NULL;
	host = h;
	dell_preflight_reset();
	return &dell_plugin;
}
