/*
 * supermicro.c: the supermicro plugin's entry point and vtable.
 *
 * Supermicro boards, including the many resold under another name
 * (Nutanix, iXsystems, Thomas-Krenn, bluechip...): BIOS through `sum`,
 * BMC through `sum` or HPM.1.  The update entry points come with later
 * issues; until then they say so.
 */
#include "supermicro.h"

#include "hpm-flash.h"
#include "host.h"
#include "not-implemented.h"

static const struct fwd_host_api *host;

const struct fwd_host_api *sm_host(void)
{
	return host;
}

static int sm_read_versions(struct fwd_ctx *ctx, const struct fwd_identity *id,
			    struct fwd_versions *out)
{
	(void)id;
	(void)out;
	return fwdp_not_implemented(host, ctx, SM_NAME, "read_versions");
}

static int sm_backup(struct fwd_ctx *ctx, const struct fwd_identity *id,
		     struct fwd_json *backup)
{
	(void)id;
	(void)backup;
	return fwdp_not_implemented(host, ctx, SM_NAME, "backup");
}

static int sm_flash_bmc(struct fwd_ctx *ctx, const struct fwd_identity *id,
			const struct fwd_flash_request *req, struct fwd_json *result)
{
	(void)id;
	/* An .hpm image takes the standard HPM.1 path, as on any BMC. */
	if (fwdp_is_hpm1(req))
		return fwdp_hpm_flash_bmc(host, ctx, req, result);
	return fwdp_not_implemented(host, ctx, SM_NAME, "flash_bmc of vendor images (sum)");
}

static int sm_stage_bios(struct fwd_ctx *ctx, const struct fwd_identity *id,
			 const struct fwd_flash_request *req, struct fwd_json *result)
{
	(void)id;
	(void)req;
	(void)result;
	return fwdp_not_implemented(host, ctx, SM_NAME, "stage_bios");
}

static int sm_recovery_hints(struct fwd_ctx *ctx, const struct fwd_identity *id,
			     struct fwd_json *hints)
{
	(void)id;
	(void)hints;
	return fwdp_not_implemented(host, ctx, SM_NAME, "recovery_hints");
}

static const struct fwd_plugin supermicro_plugin = {
	FWD_PLUGIN_INIT,
	.name = SM_NAME,
	.version = SM_VERSION,
	.description = "Supermicro boards (also resold): BIOS via sum, BMC via sum or HPM.1",
	.probe = sm_probe,
	.read_versions = sm_read_versions,
	.backup = sm_backup,
	.flash_bmc = sm_flash_bmc,
	.stage_bios = sm_stage_bios,
	.recovery_hints = sm_recovery_hints,
};

FWD_PLUGIN_ENTRY(h)
{
	if (!fwdp_host_usable(h))
		return NULL;
	host = h;
	return &supermicro_plugin;
}
