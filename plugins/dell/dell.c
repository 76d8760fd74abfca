/*
 * dell.c: the dell plugin's entry point and vtable.
 *
 * Dell servers with iDRAC (PowerEdge and the lines built on it): BIOS and
 * iDRAC through racadm and Dell Update Packages.  The update entry points
 * come with later issues; until then they say so.
 */
#include "dell.h"

#include "hpm-flash.h"
#include "host.h"
#include "not-implemented.h"

static const struct fwd_host_api *host;

const struct fwd_host_api *dell_host(void)
{
	return host;
}

static int dell_read_versions(struct fwd_ctx *ctx, const struct fwd_identity *id,
			      struct fwd_versions *out)
{
	(void)id;
	(void)out;
	return fwdp_not_implemented(host, ctx, DELL_NAME, "read_versions");
}

static int dell_backup(struct fwd_ctx *ctx, const struct fwd_identity *id,
		       struct fwd_json *backup)
{
	(void)id;
	(void)backup;
	return fwdp_not_implemented(host, ctx, DELL_NAME, "backup");
}

static int dell_flash_bmc(struct fwd_ctx *ctx, const struct fwd_identity *id,
			  const struct fwd_flash_request *req, struct fwd_json *result)
{
	(void)id;
	/* An .hpm image takes the standard HPM.1 path, as on any BMC. */
	if (fwdp_is_hpm1(req))
		return fwdp_hpm_flash_bmc(host, ctx, req, result);
	return fwdp_not_implemented(host, ctx, DELL_NAME, "flash_bmc of vendor images (racadm)");
}

static int dell_stage_bios(struct fwd_ctx *ctx, const struct fwd_identity *id,
			   const struct fwd_flash_request *req, struct fwd_json *result)
{
	(void)id;
	(void)req;
	(void)result;
	return fwdp_not_implemented(host, ctx, DELL_NAME, "stage_bios");
}

static int dell_recovery_hints(struct fwd_ctx *ctx, const struct fwd_identity *id,
			       struct fwd_json *hints)
{
	(void)id;
	(void)hints;
	return fwdp_not_implemented(host, ctx, DELL_NAME, "recovery_hints");
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
};

FWD_PLUGIN_ENTRY(h)
{
	if (!fwdp_host_usable(h))
		return NULL;
	host = h;
	return &dell_plugin;
}
