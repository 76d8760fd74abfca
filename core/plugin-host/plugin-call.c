/*
 * plugin-call.c: calling a plugin's entry points (plugin-call.h).
 */
#include "plugin-host/plugin-call.h"

#include <stdio.h>

/* The steps each entry may record; 0 ends a list. */
static const enum fwd_step no_steps[] = { 0 };
static const enum fwd_step flash_bmc_steps[] = { FWD_STEP_BMC_UPLOAD, FWD_STEP_BMC_JOB, 0 };
static const enum fwd_step stage_bios_steps[] = { FWD_STEP_BIOS_STAGE, 0 };

struct scope {
	const char *name;
	const enum fwd_step *steps;
};

static int missing(struct fwd_ctx *ctx, const struct fwd_plugin_slot *slot, const char *what)
{
	return fwd_ctx_set_error(ctx, -FWD_E_NOT_IMPLEMENTED, "plugin '%s' cannot %s",
				 slot->name, what);
}

static struct scope enter(struct fwd_ctx *ctx, const struct fwd_plugin_slot *slot,
			  const enum fwd_step *steps)
{
	struct scope saved = { ctx->plugin_name, ctx->plugin_steps };

	ctx->plugin_name = slot->name;
	ctx->plugin_steps = steps;
	return saved;
}

static int leave(struct fwd_ctx *ctx, const struct fwd_plugin_slot *slot, struct scope saved,
		 int ret)
{
	ctx->plugin_name = saved.name;
	ctx->plugin_steps = saved.steps;
	if (!ret)
		fwd_ctx_clear_error(ctx);
	else if (!ctx->err.msg[0])
		fwd_ctx_set_error(ctx, ret, "plugin '%s' failed without saying why", slot->name);
	return ret;
}

#define J(v) ((struct fwd_json *)(v))

int fwd_call_read_versions(struct fwd_ctx *ctx, const struct fwd_plugin_slot *slot,
			   const struct fwd_identity *id, unsigned which,
			   struct fwd_versions *out)
{
	struct scope s;

	if (!slot->vt->read_versions)
		return missing(ctx, slot, "read the running versions");
	s = enter(ctx, slot, no_steps);
	return leave(ctx, slot, s, slot->vt->read_versions(ctx, id, which, out));
}

int fwd_call_preflight(struct fwd_ctx *ctx, const struct fwd_plugin_slot *slot,
		       const struct fwd_identity *id, enum fwd_part part,
		       const struct fwd_flash_request *req)
{
	struct scope s;

	if (!slot->vt->preflight)
		return 0;
	s = enter(ctx, slot, no_steps);
	return leave(ctx, slot, s, slot->vt->preflight(ctx, id, part, req));
}

int fwd_call_backup(struct fwd_ctx *ctx, const struct fwd_plugin_slot *slot,
		    const struct fwd_identity *id, json_t *backup)
{
	struct scope s;

	if (!slot->vt->backup)
		return missing(ctx, slot, "save settings of its own");
	s = enter(ctx, slot, no_steps);
	return leave(ctx, slot, s, slot->vt->backup(ctx, id, J(backup)));
}

int fwd_call_flash_bmc(struct fwd_ctx *ctx, const struct fwd_plugin_slot *slot,
		       const struct fwd_identity *id, const struct fwd_flash_request *req,
		       struct fwd_bmc_flashed *next, json_t *result)
{
	struct scope s;

	if (!slot->vt->flash_bmc)
		return missing(ctx, slot, "flash a BMC");
	s = enter(ctx, slot, flash_bmc_steps);
	return leave(ctx, slot, s, slot->vt->flash_bmc(ctx, id, req, next, J(result)));
}

int fwd_call_stage_bios(struct fwd_ctx *ctx, const struct fwd_plugin_slot *slot,
			const struct fwd_identity *id, const struct fwd_flash_request *req,
			json_t *result)
{
	struct scope s;

	if (!slot->vt->stage_bios)
		return missing(ctx, slot, "stage a BIOS");
	s = enter(ctx, slot, stage_bios_steps);
	return leave(ctx, slot, s, slot->vt->stage_bios(ctx, id, req, J(result)));
}

int fwd_call_recovery_hints(struct fwd_ctx *ctx, const struct fwd_plugin_slot *slot,
			    const struct fwd_identity *id, json_t *hints)
{
	struct scope s;

	if (!slot->vt->recovery_hints)
		return missing(ctx, slot, "give recovery hints");
	s = enter(ctx, slot, no_steps);
	return leave(ctx, slot, s, slot->vt->recovery_hints(ctx, id, J(hints)));
}

int fwd_call_job_status(struct fwd_ctx *ctx, const struct fwd_plugin_slot *slot,
			const struct fwd_identity *id, const char *job_id, json_t *out)
{
	struct scope s;

	if (!slot->vt->job_status)
		return missing(ctx, slot, "follow a job");
	s = enter(ctx, slot, no_steps);
	return leave(ctx, slot, s, slot->vt->job_status(ctx, id, job_id, J(out)));
}

int fwd_call_check_settings(struct fwd_ctx *ctx, const struct fwd_plugin_slot *slot,
			    const struct fwd_identity *id, const json_t *saved, unsigned flags,
			    json_t *result)
{
	struct scope s;

	if (!slot || !slot->vt || !slot->vt->check_settings || !json_is_object(saved))
		return 0;
	s = enter(ctx, slot, no_steps);
	return leave(ctx, slot, s,
		     slot->vt->check_settings(ctx, id, (const struct fwd_json *)saved, flags,
					      J(result)));
}

int fwd_plugin_has_backup(const struct fwd_plugin_slot *slot)
{
	return slot && slot->vt && slot->vt->backup;
}
