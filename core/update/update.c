/*
 * update.c: the update procedure, as a table of steps and one loop.
 *
 * The order, and the rules behind it, can be read in the table below:
 *  - the preflight (identify, manifest, free space, every image checked
 *    while its private copy is written, the plugin's own preflight)
 *    changes nothing; a dry run plans the rest and stops there;
 *  - then the operator's confirmation (or --detach), at a safe point;
 *  - the backup of the BMC's settings is written, fsynced, 0600, before
 *    anything is flashed: nothing after it runs if it fails;
 *  - the BMC: the plugin uploads, the core resets, waits and verifies it,
 *    then its LAN settings are put back where the flash lost them;
 *  - the BIOS only after all that: a failed or unverified BMC ends the
 *    run before it.
 * The loop applies the same rules to every step: a step the run does not
 * need is passed over; a safe point before a step ends the run there when
 * a signal asked for it (FWD_E_STOPPED, "stopped_at" naming the step); a
 * resumed run keeps what the interrupted run did when it still stands
 * (the step's kept function says so); the first failure ends the run, and
 * the plugin's recovery hints for the parts it touched are attached.
 */
#include "redfish/redfish.h"
#include "update/update.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "plugin-host/plugin-call.h"
#include "update/signals.h"
#include "update/lock.h"
#include "update/steps.h"
#include "update/update-run.h"
#include "util/json-out.h"

/* ---- which steps a run needs ---- */

static int not_dry_run(const struct update_run *r)
{
	return !r->opts->dry_run;
}

static int resuming(const struct update_run *r)
{
	return r->opts->resume != NULL;
}

static int has_manifest(const struct update_run *r)
{
	return r->opts->manifest != NULL;
}

static int wants_bmc(const struct update_run *r)
{
	return fwd_update_wants(&r->bmc);
}

static int wants_bios(const struct update_run *r)
{
	return fwd_update_wants(&r->bios);
}

static int something_to_do(const struct update_run *r)
{
	return wants_bmc(r) || wants_bios(r);
}

static int confirmation_due(const struct update_run *r)
{
	return something_to_do(r) && !r->opts->dry_run && r->opts->after_preflight;
}

/* The confirmation, --detach: the caller's hook, once the preflight passed. */
static int confirm(struct fwd_ctx *ctx, struct update_run *r)
{
	int ret = r->opts->after_preflight(r->opts->payload, ctx, r->report);

	if (ret == FWD_UPDATE_DETACHED)
		r->detached = 1; /* the staged copies now belong to the other process */
	return ret;
}

/* ---- the procedure ---- */

#define SAFE_POINT (1u << 0) /* a stop request ends the run before this step */

struct procedure_step {
	/* The step it records, or the one it opens (for the stop message). */
	enum fwd_step step;
	unsigned flags;
	/* Does this run need it?  NULL: every run. */
	int (*needed)(const struct update_run *r);
	/* A resumed run: 1 when the interrupted run's work stands (recorded
	 * skipped), 0 to do it again, <0 to stop.  NULL: always done again. */
	int (*kept)(struct fwd_ctx *ctx, struct update_run *r);
	int (*run)(struct fwd_ctx *ctx, struct update_run *r);
};

static const struct procedure_step procedure[] = {
	/* Preflight: nothing changes. */
	{ 0, 0, not_dry_run, NULL, fwd_update_remove_leftovers },
	{ FWD_STEP_BMC_WAIT, 0, resuming, NULL, fwd_update_resume_wait },
	{ FWD_STEP_IDENTIFY, 0, NULL, NULL, fwd_update_identify },
	{ FWD_STEP_MANIFEST, 0, has_manifest, NULL, fwd_update_manifest },
	{ FWD_STEP_FREE_SPACE, 0, NULL, NULL, fwd_update_free_space },
	{ FWD_STEP_CHECK_BMC_IMAGE, 0, wants_bmc, NULL, fwd_update_check_bmc_image },
	{ FWD_STEP_CHECK_BIOS_IMAGE, 0, wants_bios, NULL, fwd_update_check_bios_image },
	{ FWD_STEP_CHECKS, 0, something_to_do, NULL, fwd_update_preflight_checks },
	{ FWD_STEP_PREFLIGHT_BMC, 0, wants_bmc, NULL, fwd_update_preflight_bmc },
	{ FWD_STEP_PREFLIGHT_BIOS, 0, wants_bios, NULL, fwd_update_preflight_bios },
	/* The operator's word; the confirmation opens the backup. */
	{ FWD_STEP_BACKUP, SAFE_POINT, confirmation_due, NULL, confirm },
	/* From here on the machine may change. */
	{ FWD_STEP_BACKUP, SAFE_POINT, something_to_do, fwd_update_backup_kept,
	  fwd_update_backup },
	{ FWD_STEP_BMC_FLASH, SAFE_POINT, wants_bmc, fwd_update_bmc_kept, fwd_update_flash_bmc },
	{ FWD_STEP_LAN_CHECK, 0, wants_bmc, NULL, fwd_update_check_lan },
	{ FWD_STEP_BIOS_STAGE, SAFE_POINT, wants_bios, fwd_update_bios_kept,
	  fwd_update_stage_bios },
};

/* A safe point: the step before has ended, next has not begun. */
static int stop_point(struct fwd_ctx *ctx, struct update_run *r, enum fwd_step next)
{
	struct fwd_buf resume = FWD_BUF_INIT;
	int sig = fwd_signals_stop_requested();

	if (!sig)
		return 0;
	json_object_set_new(r->report, "stopped_at", json_string(fwd_step_name(next)));
	fwd_buf_add(&resume, "fwdispatch resume");
	fwd_target_args(r->opts->target, &resume);
	fwd_ctx_set_error(ctx, -FWD_E_STOPPED,
		"stopped on request (%s) at a safe point, before step '%s'; nothing of that step "
		"has started. '%s' continues from here",
		sig == 2 ? "SIGINT" : "SIGTERM", fwd_step_name(next), resume.s);
	fwd_buf_release(&resume);
	return -FWD_E_STOPPED;
}

static int run_procedure(struct fwd_ctx *ctx, struct update_run *r)
{
	int resumed = r->opts->resume && !r->opts->dry_run;

	for (size_t i = 0; i < sizeof(procedure) / sizeof(procedure[0]); i++) {
		const struct procedure_step *p = &procedure[i];
		int ret;

		if (p->needed && !p->needed(r))
			continue;
		if ((p->flags & SAFE_POINT) && (ret = stop_point(ctx, r, p->step)) != 0)
			return ret;
		if (resumed && p->kept) {
			ret = p->kept(ctx, r);
			if (ret < 0)
				return ret;
			if (ret > 0)
				continue;
		}
		ret = p->run(ctx, r);
		if (ret)
			return ret;
	}
	return 0;
}

/* ---- after the run ---- */

/* Did a run that stopped at step stopped touch part ("bmc", "bios", "lan")?
 * Only a step that may change the machine touches anything; a BMC that
 * does not come back may well be at another address. */
static int touched(enum fwd_step stopped, const char *part, int code)
{
	enum fwd_part p = FWD_STEP_PART(stopped);

	if (!part || !fwd_step_changes_machine(stopped))
		return 0;
	if (!strcmp(part, "lan"))
		return p == FWD_PART_LAN || code == -FWD_E_BMC_GONE;
	return fwd_part_name(p) && !strcmp(part, fwd_part_name(p));
}

/* The plugin's hints whose "applies" names a part the failure touched. */
static void attach_recovery_hints(struct fwd_ctx *ctx, struct update_run *r, int code)
{
	const struct fwd_plugin_slot *slot = r->ti.choice.chosen;
	enum fwd_step stopped = fwd_steps_stopped_at(ctx->steps);
	json_t *all = json_array(), *chosen = json_array(), *hint;
	size_t i;

	/* Hints are for a machine a failure may have left changed: a refusal
	 * (nothing flashed) or a failed check needs none. */
	int changed = code == -FWD_E_FLASH || code == -FWD_E_VERIFY || code == -FWD_E_BMC_GONE ||
		      code == -FWD_E_TIMEOUT || FWD_STEP_PART(stopped) == FWD_PART_LAN;

	if (slot && slot->vt->recovery_hints && stopped && changed) {
		char saved[FWD_ERROR_MAX];
		int saved_code = ctx->err.code;

		snprintf(saved, sizeof(saved), "%s", ctx->err.msg);
		if (fwd_call_recovery_hints(ctx, slot, &r->ti.info.id, all) != 0)
			fwd_log(ctx, FWD_LOG_WARN, "plugin '%s' has no recovery hints: %s",
				slot->name, ctx->err.msg);
		fwd_ctx_set_error(ctx, saved_code, "%s", saved);
		json_array_foreach(all, i, hint) {
			json_t *applies = json_object_get(hint, "applies"), *part;
			size_t j;

			json_array_foreach(applies, j, part) {
				if (touched(stopped, json_string_value(part), code)) {
					json_array_append(chosen, hint);
					break;
				}
			}
		}
	}
	json_decref(all);
	json_object_set_new(r->report, "recovery_hints", chosen);
}

static void remove_staged(struct fwd_ctx *ctx, struct component *c)
{
	if (c->staged.len && unlink(c->staged.s) < 0 && errno != ENOENT)
		fwd_log(ctx, FWD_LOG_WARN, "cannot remove the staged copy '%s': %s", c->staged.s,
			strerror(errno));
	fwd_buf_release(&c->staged);
}

/* ---- what became of each part, for automation ---- */

/*
 * "outcome": "current" (it already ran the image's version: nothing to
 * do), "planned" (a dry run), "not-started", "updated", "staged" (a BIOS
 * waiting for the reboot) or "failed"; "changed": whether the machine may
 * have changed for it (a resumed run counts what the run it finished did).
 */
static const char *outcome(const struct update_run *r, const struct component *c, int ret,
			   enum fwd_step stopped)
{
	if (c->done)
		return "current";
	if (r->opts->dry_run)
		return "planned";
	if (!json_is_true(json_object_get(c->report, "flash_started")))
		return "not-started";
	/* The part the run stopped in failed; a LAN check belongs to the BMC's flash
	 * but does not undo it. */
	if (ret && FWD_STEP_PART(stopped) == c->part)
		return "failed";
	if (ret && !stopped)
		return "failed";
	if (c->part == FWD_PART_BIOS && json_is_true(json_object_get(c->report,
								     "reboot_required")))
		return "staged";
	return "updated";
}

static void set_outcomes(struct fwd_ctx *ctx, struct update_run *r, int ret)
{
	struct component *parts[] = { &r->bmc, &r->bios };
	enum fwd_step stopped = fwd_steps_stopped_at(ctx->steps);
	const json_t *channel;
	int changed = 0;
	size_t i;

	for (i = 0; i < 2; i++) {
		struct component *c = parts[i];
		const char *o;
		int ch;

		if (!json_object_get(r->report, c->name))
			continue;
		o = outcome(r, c, ret, stopped);
		ch = !strcmp(o, "updated") || !strcmp(o, "staged") ||
		     (!strcmp(o, "failed") && !r->opts->dry_run);
		json_object_set_new(c->report, "outcome", json_string(o));
		json_object_set_new(c->report, "changed", json_boolean(ch));
		changed |= ch;
	}
	json_array_foreach(json_object_get(r->report, "lan"), i, channel)
		changed |= json_is_true(json_object_get(channel, "restored"));
	json_object_set_new(r->report, "changed", json_boolean(changed));
}

/* ---- shared by the steps ---- */

int fwd_update_wants(const struct component *c)
{
	return c->image && !c->done;
}

int fwd_update_step_fail(struct fwd_ctx *ctx, enum fwd_step step, int ret)
{
	fwd_steps_record(ctx->steps, step, FWD_STEP_FAILED, ctx->err.msg);
	return ret;
}

static void component_init(struct update_run *r, struct component *c, const char *name,
			   enum fwd_part part, const char *image, const char *url,
			   const char *sha256)
{
	const json_t *resume = r->opts->resume;

	*c = (struct component){ .name = name, .part = part, .image = image ? image : url,
				 .url = url, .sha256 = sha256, .staged = FWD_BUF_INIT };
	image = c->image;
	/* A resume checks the images against the SHA-256 its journal recorded. */
	if (resume && sha256)
		c->sha256_from = "journal";
	c->report = json_pack("{s:b}", "flash_started", 0);
	c->prev = resume ? json_object_get(resume, name) : NULL;
	/* Only the parts asked for (or picked by the manifest later) are reported. */
	if (image || c->prev)
		json_object_set(r->report, name, c->report);
}

int fwd_update_run(struct fwd_ctx *ctx, const struct fwd_update_opts *opts, json_t *report)
{
	struct update_run *r = calloc(1, sizeof(*r));
	char target[300];
	int ret;

	if (!r)
		return fwd_ctx_set_error(ctx, -ENOMEM, "out of memory");
	r->opts = opts;
	r->report = report;
	r->bmc_lock.fd = -1;
	json_object_set_new(report, "target", json_string(fwd_target_describe(opts->target,
							    target, sizeof(target))));
	json_object_set_new(report, "plugin", json_null());
	json_object_set_new(report, "backup", json_null());
	component_init(r, &r->bmc, "bmc", FWD_PART_BMC, opts->bmc_image, opts->bmc_url,
		       opts->bmc_sha256);
	component_init(r, &r->bios, "bios", FWD_PART_BIOS, opts->bios_image, opts->bios_url,
		       opts->bios_sha256);

	ret = run_procedure(ctx, r);
	json_object_set_new(report, "tls", fwd_redfish_tls_json(ctx));
	/* A stop waits for a safe point; the BMC's flash, with its reset, wait,
	 * verification and LAN check, has none inside it.  Said, not hidden. */
	if (!ret && !opts->dry_run && fwd_signals_stop_requested()) {
		json_object_set_new(report, "stop_request", json_string(
			"a stop was asked for, but no safe point was left before the end of this "
			"run (the BMC's flash goes on to its end with its reset, wait, "
			"verification and LAN check, and a BIOS staging has no safe point inside "
			"it): the run finished"));
		fwd_log(ctx, FWD_LOG_WARN, "%s", fwd_json_str(report, "stop_request"));
	}

	/* Detached, the copies belong to the process that goes on with them. */
	if (!r->detached) {
		remove_staged(ctx, &r->bmc);
		remove_staged(ctx, &r->bios);
	}
	fwd_buf_release(&r->bmc.staged);
	fwd_buf_release(&r->bios.staged);
	/* A fetched URL's image was its staged copy, gone now: the URL names it. */
	if (r->bmc.url)
		r->bmc.image = r->bmc.url;
	if (r->bios.url)
		r->bios.image = r->bios.url;
	json_object_set_new(report, "reboot_required", json_boolean(
		!ret && json_is_true(json_object_get(r->bios.report, "reboot_required"))));
	set_outcomes(ctx, r, ret);
	if (!ret && !opts->dry_run && (opts->run_flags & FWD_RUN_REMOVE_IMAGES))
		fwd_update_remove_images(ctx, r);
	if (ret < 0)
		attach_recovery_hints(ctx, r, ret);
	json_decref(r->bmc.report);
	json_decref(r->bios.report);
	json_decref(r->backup);
	fwd_lock_release(ctx, &r->bmc_lock);
	fwd_manifest_free(r->manifest);
	fwd_target_identity_release(&r->ti);
	free(r);
	return ret;
}
