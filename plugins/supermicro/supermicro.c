/*
 * supermicro.c: the supermicro plugin's entry point and vtable.
 *
 * Supermicro boards, including the many resold under another name
 * (Nutanix, iXsystems, Thomas-Krenn, bluechip...): BIOS through `sum`,
 * BMC through `sum` or HPM.1; on a Redfish target, an X12 or later BMC's
 * own Redfish service (the shared flow with the Supermicro profile).  The
 * entry points live in their own files (supermicro.h lists them); each
 * wrapper below picks the path.
 */
#include "supermicro.h"

#include "host.h"
#include "rf.h"

static const struct fwd_host_api *host;

const struct fwd_host_api *sm_host(void)
{
	return host;
}

/* The probe scores a Redfish target only when it is a Supermicro X12 or
 * later with a host that has the Redfish client, so the entry points are
 * called on one only then. */
static int on_redfish(struct fwd_ctx *ctx)
{
	return fwdp_redfish_target(host, ctx);
}

static int sm_versions(struct fwd_ctx *ctx, const struct fwd_identity *id, unsigned which,
		       struct fwd_versions *out)
{
	if (on_redfish(ctx))
		return rf_read_versions(ctx, which, out);
	return sm_read_versions(ctx, id, which, out);
}

static int sm_check(struct fwd_ctx *ctx, const struct fwd_identity *id, enum fwd_part part,
		    const struct fwd_flash_request *req)
{
	if (on_redfish(ctx))
		return rf_preflight(ctx, &sm_redfish_profile, part, req);
	return sm_preflight(ctx, id, part, req);
}

static int sm_save(struct fwd_ctx *ctx, const struct fwd_identity *id, struct fwd_json *backup)
{
	if (on_redfish(ctx))
		return rf_backup(ctx, id, backup);
	return sm_backup(ctx, id, backup);
}

static int sm_flash(struct fwd_ctx *ctx, const struct fwd_identity *id,
		    const struct fwd_flash_request *req, struct fwd_bmc_flashed *next,
		    struct fwd_json *result)
{
	if (on_redfish(ctx))
		return rf_flash_bmc(ctx, &sm_redfish_profile, req, next, result);
	return sm_flash_bmc(ctx, id, req, next, result);
}

static int sm_stage(struct fwd_ctx *ctx, const struct fwd_identity *id,
		    const struct fwd_flash_request *req, struct fwd_json *result)
{
	if (on_redfish(ctx))
		return rf_stage_bios(ctx, &sm_redfish_profile, req, result);
	return sm_stage_bios(ctx, id, req, result);
}

static int sm_hints(struct fwd_ctx *ctx, const struct fwd_identity *id,
		    struct fwd_json *hints)
{
	if (on_redfish(ctx))
		return rf_recovery_hints(ctx, &sm_redfish_profile, hints);
	return sm_recovery_hints(ctx, id, hints);
}

static int sm_settings(struct fwd_ctx *ctx, const struct fwd_identity *id,
		       const struct fwd_json *saved, unsigned flags, struct fwd_json *result)
{
	if (on_redfish(ctx))
		return rf_check_settings(ctx, id, saved, flags, result);
	return sm_check_settings(ctx, id, saved, flags, result);
}

static const struct fwd_plugin supermicro_plugin = {
	FWD_PLUGIN_INIT,
	.name = SM_NAME,
	.version = SM_VERSION,
	.description = "Supermicro boards (also resold): BIOS via sum, BMC via sum or HPM.1, "
		       "or an X12 or later BMC's Redfish service",
	.probe = sm_probe,
	.read_versions = sm_versions,
	.preflight = sm_check,
	.backup = sm_save,
	.flash_bmc = sm_flash,
	.stage_bios = sm_stage,
	.recovery_hints = sm_hints,
	.check_settings = sm_settings,
};

FWD_PLUGIN_ENTRY(h)
{
	if (!fwdp_host_usable(h))
		return NULL;
	host = h;
	fwdp_host_set(h);
	return &supermicro_plugin;
}
