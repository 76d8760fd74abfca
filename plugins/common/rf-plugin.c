/*
 * rf-plugin.c: the entry points of a plugin that updates only over
 * Redfish (rf.h: rf_plugin_*): each sends the call to the shared flow with
 * the profile the plugin named in rf_plugin_use, or, on a target that is
 * not a Redfish one, refuses with the plugin's words for the Redfish way.
 * The hpe and lenovo plugins are such; their vtables point here.
 *
 * The profile and the words are the plugin's (static), kept here for the
 * plugin's lifetime; each plugin has its own copy of this file.
 */
#include "rf.h"

#include "host.h"

static const struct rf_vendor *profile;
static const char *redfish_way;

void rf_plugin_use(const struct rf_vendor *v, const char *why_redfish)
{
	profile = v;
	redfish_way = why_redfish;
}

/* Not a Redfish target: the error every entry point gives. */
static int refuse(struct fwd_ctx *ctx)
{
	return rf_host()->set_error(ctx, -FWD_E_REFUSED, "%s; nothing was changed", redfish_way);
}

static int on_redfish(struct fwd_ctx *ctx)
{
	return fwdp_redfish_target(rf_host(), ctx);
}

int rf_plugin_read_versions(struct fwd_ctx *ctx, const struct fwd_identity *id, unsigned which,
			    struct fwd_versions *out)
{
	(void)id;
	return on_redfish(ctx) ? rf_read_versions(ctx, which, out) : refuse(ctx);
}

int rf_plugin_preflight(struct fwd_ctx *ctx, const struct fwd_identity *id, enum fwd_part part,
			const struct fwd_flash_request *req)
{
	(void)id;
	return on_redfish(ctx) ? rf_preflight(ctx, profile, part, req) : refuse(ctx);
}

int rf_plugin_backup(struct fwd_ctx *ctx, const struct fwd_identity *id, struct fwd_json *backup)
{
	return on_redfish(ctx) ? rf_backup(ctx, id, backup) : refuse(ctx);
}

int rf_plugin_flash_bmc(struct fwd_ctx *ctx, const struct fwd_identity *id,
			const struct fwd_flash_request *req, struct fwd_bmc_flashed *next,
			struct fwd_json *result)
{
	(void)id;
	return on_redfish(ctx) ? rf_flash_bmc(ctx, profile, req, next, result) : refuse(ctx);
}

int rf_plugin_stage_bios(struct fwd_ctx *ctx, const struct fwd_identity *id,
			 const struct fwd_flash_request *req, struct fwd_json *result)
{
	(void)id;
	return on_redfish(ctx) ? rf_stage_bios(ctx, profile, req, result) : refuse(ctx);
}

int rf_plugin_recovery_hints(struct fwd_ctx *ctx, const struct fwd_identity *id,
			     struct fwd_json *hints)
{
	(void)id;
	return rf_recovery_hints(ctx, profile, hints);
}

int rf_plugin_check_settings(struct fwd_ctx *ctx, const struct fwd_identity *id,
			     const struct fwd_json *saved, unsigned flags, struct fwd_json *result)
{
	return on_redfish(ctx) ? rf_check_settings(ctx, id, saved, flags, result) : refuse(ctx);
}
