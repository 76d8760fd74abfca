/*
 * hpe.c: the hpe plugin's entry point and vtable.
 *
 * HPE ProLiant, Synergy and Apollo servers, whose BMC is an iLO: updated
 * over the iLO's Redfish service through the shared flow with the iLO
 * profile (ilo-profile.c, ilo-push.c).  In band without Redfish there is
 * no tool of ours for an iLO (HPE's own are SUM/SPP and iLOrest), so each
 * entry point then refuses, naming the Redfish way, which works in band
 * too through the iLO's host interface.
 */
#include "hpe.h"

#include "host.h"
#include "rf.h"

static const struct fwd_host_api *host;

const struct fwd_host_api *hpe_host(void)
{
	return host;
}

/* Not a Redfish target: the error every entry point gives. */
static int needs_redfish(struct fwd_ctx *ctx)
{
	return host->set_error(ctx, -FWD_E_REFUSED, "an HPE iLO is updated over Redfish: run "
			       "fwdispatch with --redfish (through the iLO's host interface) or "
			       "--redfish --host ILO-ADDRESS; nothing was changed");
}

static int hpe_versions(struct fwd_ctx *ctx, const struct fwd_identity *id, unsigned which,
			struct fwd_versions *out)
{
	(void)id;
	return fwdp_redfish_target(host, ctx) ? rf_read_versions(ctx, which, out) :
						needs_redfish(ctx);
}

static int hpe_preflight(struct fwd_ctx *ctx, const struct fwd_identity *id, enum fwd_part part,
			 const struct fwd_flash_request *req)
{
	(void)id;
	return fwdp_redfish_target(host, ctx) ? rf_preflight(ctx, &hpe_ilo_profile, part, req) :
						needs_redfish(ctx);
}

static int hpe_backup(struct fwd_ctx *ctx, const struct fwd_identity *id, struct fwd_json *backup)
{
	return fwdp_redfish_target(host, ctx) ? rf_backup(ctx, id, backup) : needs_redfish(ctx);
}

static int hpe_flash_bmc(struct fwd_ctx *ctx, const struct fwd_identity *id,
			 const struct fwd_flash_request *req, struct fwd_bmc_flashed *next,
			 struct fwd_json *result)
{
	(void)id;
	return fwdp_redfish_target(host, ctx) ?
	       rf_flash_bmc(ctx, &hpe_ilo_profile, req, next, result) : needs_redfish(ctx);
}

static int hpe_stage_bios(struct fwd_ctx *ctx, const struct fwd_identity *id,
			  const struct fwd_flash_request *req, struct fwd_json *result)
{
	(void)id;
	return fwdp_redfish_target(host, ctx) ?
	       rf_stage_bios(ctx, &hpe_ilo_profile, req, result) : needs_redfish(ctx);
}

static int hpe_hints(struct fwd_ctx *ctx, const struct fwd_identity *id, struct fwd_json *hints)
{
	(void)id;
	return rf_recovery_hints(ctx, &hpe_ilo_profile, hints);
}

static int hpe_settings(struct fwd_ctx *ctx, const struct fwd_identity *id,
			const struct fwd_json *saved, unsigned flags, struct fwd_json *result)
{
	return fwdp_redfish_target(host, ctx) ? rf_check_settings(ctx, id, saved, flags, result) :
						needs_redfish(ctx);
}

static const struct fwd_plugin hpe_plugin = {
	FWD_PLUGIN_INIT,
	.name = HPE_NAME,
	.version = HPE_VERSION,
	.description = "HPE ProLiant, Synergy and Apollo: the iLO 5/6's Redfish service "
		       "(its upload form, its update state)",
	.probe = hpe_probe,
	.read_versions = hpe_versions,
	.preflight = hpe_preflight,
	.backup = hpe_backup,
	.flash_bmc = hpe_flash_bmc,
	.stage_bios = hpe_stage_bios,
	.recovery_hints = hpe_hints,
	.check_settings = hpe_settings,
};

FWD_PLUGIN_ENTRY(h)
{
	/* The Redfish client came with 2.6. */
	if (!fwdp_host_redfish(h))
		return NULL;
	host = h;
	fwdp_host_set(h);
	return &hpe_plugin;
}
