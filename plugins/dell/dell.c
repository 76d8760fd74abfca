/*
 * dell.c: the dell plugin's entry point and vtable.
 *
 * Dell servers with iDRAC (PowerEdge and the lines built on it): BIOS and
 * iDRAC through racadm and Dell Update Packages, iDRAC also through HPM.1;
 * on a Redfish target, through the iDRAC's own Redfish service (the shared
 * flow with the iDRAC profile).  Each entry point below picks the path.
 */
#include "dell.h"

#include "hpm-flash.h"
#include "host.h"
#include "racadm.h"
#include "rf.h"

static const struct fwd_host_api *host;

const struct fwd_host_api *dell_host(void)
{
	return host;
}

/* The probe scores a Redfish target only when it is an iDRAC's with a
 * host that has the Redfish client, so the entry points are called on
 * one only then. */
static int on_redfish(struct fwd_ctx *ctx)
{
	return fwdp_redfish_target(host, ctx);
}

static int dell_versions(struct fwd_ctx *ctx, const struct fwd_identity *id, unsigned which,
			 struct fwd_versions *out)
{
	if (on_redfish(ctx))
		return rf_read_versions(ctx, which, out);
	return dell_read_versions(ctx, id, which, out);
}

static int dell_save(struct fwd_ctx *ctx, const struct fwd_identity *id,
		     struct fwd_json *backup)
{
	if (on_redfish(ctx))
		return dell_rf_backup(ctx, id, backup);
	return dell_backup(ctx, id, backup);
}

static int dell_settings(struct fwd_ctx *ctx, const struct fwd_identity *id,
			 const struct fwd_json *saved, unsigned flags, struct fwd_json *result)
{
	if (on_redfish(ctx))
		return dell_rf_check_settings(ctx, id, saved, flags, result);
	return dell_check_settings(ctx, id, saved, flags, result);
}

static int dell_check(struct fwd_ctx *ctx, const struct fwd_identity *id, enum fwd_part part,
		      const struct fwd_flash_request *req)
{
	if (on_redfish(ctx))
		return rf_preflight(ctx, &dell_idrac_profile, part, req);
	return dell_preflight(ctx, id, part, req);
}

static int dell_stage(struct fwd_ctx *ctx, const struct fwd_identity *id,
		      const struct fwd_flash_request *req, struct fwd_json *result)
{
	if (on_redfish(ctx))
		return rf_stage_bios(ctx, &dell_idrac_profile, req, result);
	return dell_stage_bios(ctx, id, req, result);
}

static int dell_hints(struct fwd_ctx *ctx, const struct fwd_identity *id,
		      struct fwd_json *hints)
{
	if (on_redfish(ctx))
		return rf_recovery_hints(ctx, &dell_idrac_profile, hints);
	return dell_recovery_hints(ctx, id, hints);
}

static int dell_job(struct fwd_ctx *ctx, const struct fwd_identity *id, const char *job_id,
		    struct fwd_json *out)
{
	if (on_redfish(ctx))
		return dell_rf_job_status(ctx, job_id, out);
	return dell_job_status(ctx, id, job_id, out);
}

static int dell_flash_bmc(struct fwd_ctx *ctx, const struct fwd_identity *id,
			  const struct fwd_flash_request *req, struct fwd_bmc_flashed *next,
			  struct fwd_json *result)
{
	if (on_redfish(ctx))
		return rf_flash_bmc(ctx, &dell_idrac_profile, req, next, result);
	/* An .hpm image takes the standard HPM.1 path, as on any BMC. */
	if (fwdp_is_hpm1(req))
		return fwdp_hpm_flash_bmc(host, ctx, req, next, result);
	return dell_flash_bmc_vendor(ctx, id, req, next, result);
}

static const struct fwd_plugin dell_plugin = {
	FWD_PLUGIN_INIT,
	.name = DELL_NAME,
	.version = DELL_VERSION,
	.description = "Dell PowerEdge and other iDRAC servers: BIOS and iDRAC via racadm, "
		       "or the iDRAC's Redfish service",
	.probe = dell_probe,
	.read_versions = dell_versions,
	.backup = dell_save,
	.flash_bmc = dell_flash_bmc,
	.stage_bios = dell_stage,
	.recovery_hints = dell_hints,
	.job_status = dell_job,
	.preflight = dell_check,
	.check_settings = dell_settings,
};

FWD_PLUGIN_ENTRY(h)
{
	if (!fwdp_host_usable(h))
		return NULL;
	host = h;
	fwdp_host_set(h);
	dell_preflight_reset();
	return &dell_plugin;
}
