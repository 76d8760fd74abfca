/*
 * redfish.c: the redfish plugin: any BMC reached through a standard DMTF
 * Redfish service, when no vendor plugin claims it.  Its entry point,
 * vtable and probe; the flow itself is the shared one (plugins/common/rf.h),
 * driven with the DMTF profile below.
 */
#include <stdio.h>

#include "host.h"
#include "rf.h"

#define RF_NAME "redfish"
#define RF_VERSION "0.1.0"

/* Below any vendor plugin that claims the same BMC, above nothing. */
#define RF_SCORE 30

/* The standard: Targets from the inventory, the BMC at once, the BIOS at
 * the host's next reset, no hook. */
static const struct rf_vendor dmtf = {
	.name = "DMTF",
	.targets = RF_TARGETS_INVENTORY,
	.apply_bmc = "Immediate",
	.apply_bios = "OnReset",
};

/* Any Redfish service; a vendor plugin that knows the BMC scores higher. */
static int rf_probe(struct fwd_ctx *ctx, const struct fwd_identity *id, int *score_out,
		    char *reason, size_t reason_size)
{
	const char *vendor = FWD_SIZED_GET(id, struct fwd_identity, service_vendor, NULL);
	const char *product = FWD_SIZED_GET(id, struct fwd_identity, service_product, NULL);

	*score_out = 0;
	if (!fwdp_redfish_target(rf_host(), ctx)) {
		snprintf(reason, reason_size, "not a Redfish target (--redfish --host H)");
		return 0;
	}
	*score_out = RF_SCORE;
	snprintf(reason, reason_size, "a standard Redfish service%s%s%s%s", vendor ? ": " : "",
		 vendor ? vendor : "", product ? " " : "", product ? product : "");
	return 0;
}

static int dmtf_read_versions(struct fwd_ctx *ctx, const struct fwd_identity *id,
			      unsigned which, struct fwd_versions *out)
{
	(void)id;
	return rf_read_versions(ctx, which, out);
}

static int dmtf_flash_bmc(struct fwd_ctx *ctx, const struct fwd_identity *id,
			  const struct fwd_flash_request *req, struct fwd_bmc_flashed *next,
			  struct fwd_json *result)
{
	(void)id;
	return rf_flash_bmc(ctx, &dmtf, req, next, result);
}

static int dmtf_stage_bios(struct fwd_ctx *ctx, const struct fwd_identity *id,
			   const struct fwd_flash_request *req, struct fwd_json *result)
{
	(void)id;
	return rf_stage_bios(ctx, &dmtf, req, result);
}

static int dmtf_recovery_hints(struct fwd_ctx *ctx, const struct fwd_identity *id,
			       struct fwd_json *hints)
{
	(void)id;
	return rf_recovery_hints(ctx, &dmtf, hints);
}

static int dmtf_preflight(struct fwd_ctx *ctx, const struct fwd_identity *id,
			  enum fwd_part part, const struct fwd_flash_request *req)
{
	(void)id;
	return rf_preflight(ctx, &dmtf, part, req);
}

static const struct fwd_plugin redfish_plugin = {
	FWD_PLUGIN_INIT,
	.name = RF_NAME,
	.version = RF_VERSION,
	.description = "any BMC through a standard DMTF Redfish service (below vendor plugins)",
	.probe = rf_probe,
	.read_versions = dmtf_read_versions,
	.backup = rf_backup,
	.flash_bmc = dmtf_flash_bmc,
	.stage_bios = dmtf_stage_bios,
	.recovery_hints = dmtf_recovery_hints,
	.preflight = dmtf_preflight,
	.check_settings = rf_check_settings,
};

FWD_PLUGIN_ENTRY(h)
{
	/* The Redfish client came with 2.6: an older host cannot serve us. */
	if (!fwdp_host_redfish(h))
		return NULL;
	fwdp_host_set(h);
	return &redfish_plugin;
}
