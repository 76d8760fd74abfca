/*
 * redfish.c: the redfish plugin's entry point, vtable, probe and
 * versions (rf.h).
 */
#include "rf.h"

#include <stdio.h>
#include <string.h>

static const struct fwd_host_api *host;

const struct fwd_host_api *rf_host(void)
{
	return host;
}

static int is_redfish(struct fwd_ctx *ctx)
{
	const struct fwd_target *t = host->target(ctx);
	const char *p = FWD_SIZED_GET(t, struct fwd_target, protocol, NULL);

	return p && !strcmp(p, "redfish");
}

/* Any Redfish service; a vendor plugin that knows the BMC scores higher. */
static int rf_probe(struct fwd_ctx *ctx, const struct fwd_identity *id, int *score_out,
		    char *reason, size_t reason_size)
{
	const char *vendor = FWD_SIZED_GET(id, struct fwd_identity, service_vendor, NULL);
	const char *product = FWD_SIZED_GET(id, struct fwd_identity, service_product, NULL);

	*score_out = 0;
	if (!is_redfish(ctx)) {
		snprintf(reason, reason_size, "not a Redfish target (--redfish --host H)");
		return 0;
	}
	*score_out = RF_SCORE;
	snprintf(reason, reason_size, "a standard Redfish service%s%s%s%s", vendor ? ": " : "",
		 vendor ? vendor : "", product ? " " : "", product ? product : "");
	return 0;
}

/* The BMC's from its manager (FirmwareVersion), the BIOS's from the
 * firmware inventory, else the system's BiosVersion. */
static int rf_read_versions(struct fwd_ctx *ctx, const struct fwd_identity *id,
			    unsigned which, struct fwd_versions *out)
{
	struct fwd_redfish_answer a = FWD_REDFISH_ANSWER_INIT;
	struct rf_update_service us;
	char uri[256], version[64];
	const char *v;
	int ret;

	(void)id;
	out->bmc[0] = out->bios[0] = '\0';
	if (which & FWD_VERSION_BMC) {
		ret = rf_manager(ctx, uri, sizeof(uri));
		if (!ret)
			ret = rf_get(ctx, uri, &a);
		if (ret) {
			host->redfish_answer_release(&a);
			return ret;
		}
		v = rf_text(a.body, "FirmwareVersion");
		snprintf(out->bmc, sizeof(out->bmc), "%s", v ? v : "");
		host->redfish_answer_release(&a);
	}
	if (!(which & FWD_VERSION_BIOS))
		return 0;
	if (rf_update_service(ctx, &us) == 0 &&
	    rf_inventory_find(ctx, &us, FWD_PART_BIOS, uri, sizeof(uri), version,
			      sizeof(version)) == 0 && version[0]) {
		snprintf(out->bios, sizeof(out->bios), "%s", version);
		return 0;
	}
	ret = rf_system(ctx, uri, sizeof(uri));
	if (!ret)
		ret = rf_get(ctx, uri, &a);
	if (!ret) {
		v = rf_text(a.body, "BiosVersion");
		snprintf(out->bios, sizeof(out->bios), "%s", v ? v : "");
	}
	host->redfish_answer_release(&a);
	return ret;
}

static const struct fwd_plugin redfish_plugin = {
	FWD_PLUGIN_INIT,
	.name = RF_NAME,
	.version = RF_VERSION,
	.description = "any BMC through a standard DMTF Redfish service (below vendor plugins)",
	.probe = rf_probe,
	.read_versions = rf_read_versions,
	.backup = rf_backup,
	.flash_bmc = rf_flash_bmc,
	.stage_bios = rf_stage_bios,
	.recovery_hints = rf_recovery_hints,
	.preflight = rf_preflight,
	.check_settings = rf_check_settings,
};

FWD_PLUGIN_ENTRY(h)
{
	/* The Redfish client came with 2.6: an older host cannot serve us. */
	if (!h || h->abi_major != FWD_ABI_MAJOR || !FWD_HOST_HAS(h, json_equal))
		return NULL;
	host = h;
	return &redfish_plugin;
}
