/*
 * generic-hpm.c: the generic-hpm plugin's entry point and vtable.
 *
 * The fallback for server boards of vendors without a plugin of their
 * own (HPE, Lenovo, Intel, Fujitsu, Gigabyte, ASRock Rack...): the BMC
 * through the standard HPM.1 upgrade commands of ipmitool.  The update
 * entry points come with later issues; until then they say so.
 */
#include "generic-hpm.h"

#include "hpm-flash.h"
#include "host.h"

#include <stdio.h>

static const struct fwd_host_api *host;

const struct fwd_host_api *ghpm_host(void)
{
	return host;
}

/* The BMC's from mc info; the BIOS's from SMBIOS (none out-of-band). */
static int ghpm_read_versions(struct fwd_ctx *ctx, const struct fwd_identity *id,
			      unsigned which, struct fwd_versions *out)
{
	struct fwd_bmc_info info = { .size = sizeof(info) };
	int ret;

	if (!out)
		return host->set_error(ctx, -FWD_E_INTERNAL, "read_versions without a result");
	out->bmc[0] = '\0';
	snprintf(out->bios, sizeof(out->bios), "%s",
		 (which & FWD_VERSION_BIOS) && id && id->bios_version ? id->bios_version : "");
	if (!(which & FWD_VERSION_BMC))
		return 0;
	ret = host->bmc_info(ctx, &info);
	if (ret)
		return ret;
	snprintf(out->bmc, sizeof(out->bmc), "%s", info.firmware);
	return 0;
}

/* A standard IPMI BMC has nothing beyond what the core's backup reads. */
static int ghpm_backup(struct fwd_ctx *ctx, const struct fwd_identity *id,
		       struct fwd_json *backup)
{
	(void)ctx;
	(void)id;
	if (backup)
		host->json_object_set_new(backup, "note", host->json_string(
			"generic-hpm: nothing beyond the generic IPMI backup"));
	return 0;
}

static int refuse_vendor_image(struct fwd_ctx *ctx)
{
	return host->set_error(ctx, -FWD_E_REFUSED, "%s flashes HPM.1 (.hpm) images only",
			       GHPM_NAME);
}

/* Without the vendor's tool there is no BIOS path fwdispatch can vouch for. */
static int refuse_bios(struct fwd_ctx *ctx)
{
	return host->set_error(ctx, -FWD_E_REFUSED,
			       "%s cannot stage a BIOS: on this board use the vendor's own "
			       "update tool; nothing was staged", GHPM_NAME);
}

static int ghpm_preflight(struct fwd_ctx *ctx, const struct fwd_identity *id,
			  enum fwd_part part, const struct fwd_flash_request *req)
{
	(void)id;
	if (part != FWD_PART_BMC)
		return refuse_bios(ctx);
	if (!fwdp_is_hpm1(req))
		return refuse_vendor_image(ctx);
	return fwdp_hpm_preflight(host, ctx);
}

static int ghpm_flash_bmc(struct fwd_ctx *ctx, const struct fwd_identity *id,
			  const struct fwd_flash_request *req, struct fwd_bmc_flashed *next,
			  struct fwd_json *result)
{
	(void)id;
	if (!fwdp_is_hpm1(req))
		return refuse_vendor_image(ctx);
	return fwdp_hpm_flash_bmc(host, ctx, req, next, result);
}

static int ghpm_stage_bios(struct fwd_ctx *ctx, const struct fwd_identity *id,
			   const struct fwd_flash_request *req, struct fwd_json *result)
{
	(void)id;
	(void)req;
	(void)result;
	return refuse_bios(ctx);
}

static const struct fwd_plugin generic_hpm_plugin = {
	FWD_PLUGIN_INIT,
	.name = GHPM_NAME,
	.version = GHPM_VERSION,
	.description = "any other server BMC through IPMI HPM.1 upgrades (low-scoring fallback)",
	.probe = ghpm_probe,
	.read_versions = ghpm_read_versions,
	.preflight = ghpm_preflight,
	.backup = ghpm_backup,
	.flash_bmc = ghpm_flash_bmc,
	.stage_bios = ghpm_stage_bios,
	.recovery_hints = ghpm_recovery_hints,
};

FWD_PLUGIN_ENTRY(h)
{
	if (!fwdp_host_usable(h))
		return NULL;
	host = h;
	return &generic_hpm_plugin;
}
