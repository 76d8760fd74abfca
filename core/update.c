/*
 * update.c: the update procedure.
 *
 * Order, and the rules behind it:
 *  1. identify the machine and its BMC, choose the plugin;
 *  2. check every image and make the private copies that will be flashed
 *     (the bytes flashed are the bytes checked), check that an HPM.1 image
 *     fits the BMC;
 *  3. back up the BMC's settings (written, fsynced, 0600) - nothing is
 *     flashed before that has succeeded;
 *  4. the BMC: flash, reset, wait, verify, then put its LAN settings back
 *     where the flash reset them;
 *  5. the BIOS, only after a BMC that was flashed is verified: staged by the
 *     vendor's tool, applied at the next host reboot;
 *  6. remove the staged copies.
 * A failed step ends the run there; the report names it, and the plugin's
 * recovery hints for the parts it touched are attached.
 */
#include "update.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "backup.h"
#include "bmc.h"
#include "cli-common.h"
#include "compat.h"
#include "image.h"
#include "json-out.h"
#include "lan.h"
#include "state-dir.h"
#include "steps.h"
#include "target-identity.h"

/* One image to put on the machine: the BMC's or the BIOS's. */
struct component {
	const char *name;            /* "bmc" or "bios" */
	const char *image;           /* the operator's file, NULL when not asked */
	const char *sha256;          /* the expected SHA-256 given, or NULL */
	struct fwd_image_check check;
	char staged[4096];           /* the private copy, "" when none */
	char version[32];            /* what it installs, "" when unknown */
	char before[64];             /* what ran before, "" when unknown */
	json_t *report;              /* borrowed from the run's report */
};

struct update_state {
	struct fwd_target_identity ti;
	struct component bmc, bios;
	json_t *backup;              /* the backup document, once written */
};

static int step_fail(struct fwd_ctx *ctx, const char *name, int ret)
{
	if (ctx->steps)
		fwd_steps_record(ctx->steps, name, FWD_STEP_FAILED, ctx->error);
	return ret;
}

/* Who is the machine, who is its BMC, and which plugin handles it. */
static int identify(struct fwd_cli *cli, struct fwd_ctx *ctx, struct update_state *st,
		    json_t *report)
{
	struct fwd_target_identity *ti = &st->ti;
	char desc[512];
	int ret;

	fwd_steps_record(ctx->steps, "identify", FWD_STEP_BEGIN, "reading the board and its BMC");
	ret = fwd_target_identify(cli, ctx, 1, ti);
	if (ti->info.id.bmc_known || !fwd_identity_is_empty(&ti->info.id))
		json_object_set_new(report, "identity", fwd_identity_to_json(&ti->info.id));
	json_object_set_new(report, "candidates", fwd_choice_to_json(&ti->choice));
	if (ret)
		return step_fail(ctx, "identify", ret);
	json_object_set_new(report, "plugin", json_string(ti->choice.chosen->name));
	snprintf(desc, sizeof(desc), "BMC manufacturer %u product 0x%04x runs %s; plugin %s",
		 ti->bmc.manufacturer_id, ti->bmc.product_id, ti->bmc.firmware,
		 ti->choice.chosen->name);
	fwd_steps_record(ctx->steps, "identify", FWD_STEP_DONE, desc);
	return 0;
}

/* A new private file in STATE/staging for c's copy; returns its fd. */
static int open_staged(struct fwd_cli *cli, struct fwd_ctx *ctx, struct component *c)
{
	char staging[4096];
	int fd, ret;

	ret = fwd_state_dir_ensure(ctx, cli->target.state_dir, "staging", staging, sizeof(staging));
	if (ret)
		return ret;
	snprintf(c->staged, sizeof(c->staged), "%s/%s-XXXXXX", staging, c->name);
	fd = mkostemp(c->staged, O_CLOEXEC);
	if (fd < 0) {
		ret = fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "cannot create a staged copy in '%s': %s",
					staging, strerror(errno));
		c->staged[0] = '\0';
		return ret;
	}
	return fd;
}

/* Checks c's image while copying it to its staged copy; fsyncs the copy. */
static int check_and_stage(struct fwd_cli *cli, struct fwd_ctx *ctx, struct component *c,
			   int hpm1)
{
	int fd = open_staged(cli, ctx, c), ret;

	if (fd < 0)
		return fd;
	if (hpm1)
		ret = fwd_image_check_hpm1(ctx, c->image, c->sha256, fd, &c->check);
	else
		ret = fwd_image_check_vendor(ctx, c->image, c->sha256, fd, &c->check);
	if (!ret && fsync(fd) < 0)
		ret = fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "cannot write the staged copy '%s': %s",
					c->staged, strerror(errno));
	close(fd);
	json_object_set_new(c->report, "image", fwd_image_to_json(&c->check));
	return ret;
}

/*
 * A vendor image carries no version fwdispatch can read; when the operator
 * names it (--bmc-version), the same rules as for HPM.1 apply.
 */
static int vendor_version_allowed(struct fwd_ctx *ctx, const struct component *c,
				  unsigned flags)
{
	int cmp;

	if (!c->version[0] || !c->before[0])
		return 0;
	cmp = fwd_version_compare_dotted(c->version, c->before);
	if (cmp == 0 && !(flags & FWD_FLASH_ALLOW_REINSTALL))
		return fwd_ctx_set_error(ctx, -FWD_E_REFUSED,
			"the %s already runs %s: nothing to do (--allow-reinstall flashes it again)",
			c->name, c->before);
	if (cmp < 0 && !(flags & FWD_FLASH_ALLOW_DOWNGRADE))
		return fwd_ctx_set_error(ctx, -FWD_E_REFUSED,
			"'%s' installs %s, older than the %s the %s runs: refusing a downgrade "
			"(--allow-downgrade if you mean it)", c->image, c->version, c->before, c->name);
	return 0;
}

static int check_bmc_image(struct fwd_cli *cli, struct fwd_ctx *ctx, struct update_state *st,
			   const struct fwd_update_opts *opts)
{
	struct component *c = &st->bmc;
	int hpm1 = fwd_image_is_hpm1(c->image), ret;
	char desc[256];

	fwd_steps_record(ctx->steps, "check-bmc-image", FWD_STEP_BEGIN, c->image);
	ret = check_and_stage(cli, ctx, c, hpm1);
	if (ret)
		return step_fail(ctx, "check-bmc-image", ret);
	if (hpm1) {
		if (!c->check.sha256_source[0])
			fwd_log(ctx, FWD_LOG_WARN, "no expected SHA-256 for '%s' (--sha256-bmc or "
				"%s.sha256): only the image's own checksums were verified", c->image,
				c->image);
		ret = fwd_hpm1_fits_bmc(ctx, c->image, &c->check.hpm, &st->ti.bmc, opts->flags);
		if (ret)
			return step_fail(ctx, "check-bmc-image", ret);
		fwd_hpm1_version_format(&c->check.hpm.firmware, c->version, sizeof(c->version));
	} else {
		if (opts->bmc_version)
			snprintf(c->version, sizeof(c->version), "%s", opts->bmc_version);
		ret = vendor_version_allowed(ctx, c, opts->flags);
		if (ret)
			return step_fail(ctx, "check-bmc-image", ret);
	}
	json_object_set_new(c->report, "version", c->version[0] ? json_string(c->version) :
			    json_null());
	snprintf(desc, sizeof(desc), "%s image, sha256 %.12s... %s; %s -> %s",
		 hpm1 ? "valid HPM.1" : "vendor", c->check.hpm.sha256_hex,
		 c->check.sha256_source[0] ? "as expected" : "(no expected value given)",
		 c->before, c->version[0] ? c->version : "the image's version");
	fwd_steps_record(ctx->steps, "check-bmc-image", FWD_STEP_DONE, desc);
	return 0;
}

static int check_bios_image(struct fwd_cli *cli, struct fwd_ctx *ctx, struct update_state *st)
{
	struct component *c = &st->bios;
	char desc[256];
	int ret;

	fwd_steps_record(ctx->steps, "check-bios-image", FWD_STEP_BEGIN, c->image);
	ret = check_and_stage(cli, ctx, c, 0);
	if (ret)
		return step_fail(ctx, "check-bios-image", ret);
	snprintf(desc, sizeof(desc), "vendor image, %llu bytes, sha256 %.12s... as expected",
		 (unsigned long long)c->check.hpm.size, c->check.hpm.sha256_hex);
	fwd_steps_record(ctx->steps, "check-bios-image", FWD_STEP_DONE, desc);
	return 0;
}

/* The BMC's settings, on disk and fsynced, before anything is flashed. */
static int backup(struct fwd_cli *cli, struct fwd_ctx *ctx, struct update_state *st,
		  json_t *report)
{
	char path[4096], target[300];
	int ret;

	fwd_steps_record(ctx->steps, "backup", FWD_STEP_BEGIN,
			 "saving the BMC's identity, LAN settings and users");
	ret = fwd_backup_run(ctx, cli->target.state_dir, &st->ti.info.id, st->ti.choice.chosen,
			     fwd_target_describe(&cli->target, target, sizeof(target)),
			     path, sizeof(path), &st->backup);
	if (ret)
		return step_fail(ctx, "backup", ret);
	json_object_set_new(report, "backup", json_string(path));
	fwd_steps_record(ctx->steps, "backup", FWD_STEP_DONE, path);
	return 0;
}

/* Calls a plugin's flash entry with the request for component c. */
static int call_plugin(struct fwd_ctx *ctx, struct update_state *st, struct component *c,
		       const struct fwd_update_opts *opts)
{
	const struct fwd_plugin_slot *slot = st->ti.choice.chosen;
	struct fwd_flash_request req = { .size = sizeof(req) };
	int bmc = c == &st->bmc, ret;

	if (!(bmc ? slot->vt->flash_bmc : slot->vt->stage_bios))
		return fwd_ctx_set_error(ctx, -FWD_E_NOT_IMPLEMENTED, "plugin '%s' cannot %s",
					 slot->name, bmc ? "flash a BMC" : "stage a BIOS");
	req.image_path = c->staged;
	req.sha256 = c->check.hpm.sha256_hex;
	req.format = c->check.vendor ? NULL : "hpm1";
	req.flags = opts->flags;
	req.version = c->version[0] ? c->version : NULL;
	req.bmc_wait_s = opts->bmc_wait_s;
	req.running_version = c->before[0] ? c->before : NULL;
	req.job_wait_s = opts->job_wait_s;
	/* From here on the machine may have been changed: the report says so. */
	json_object_set_new(c->report, "flash_started", json_true());
	ctx->plugin_name = slot->name;
	if (bmc)
		ret = slot->vt->flash_bmc(ctx, &st->ti.info.id, &req, (struct fwd_json *)c->report);
	else
		ret = slot->vt->stage_bios(ctx, &st->ti.info.id, &req, (struct fwd_json *)c->report);
	ctx->plugin_name = NULL;
	if (!ret)
		fwd_ctx_clear_error(ctx); /* what an optional call inside it left */
	if (ret && !ctx->error[0])
		fwd_ctx_set_error(ctx, ret, "plugin '%s' failed without saying why", slot->name);
	/* A plugin that failed outside its own steps still leaves a named stop. */
	if (ret && !fwd_steps_stopped_at(ctx->steps))
		fwd_steps_record(ctx->steps, bmc ? "bmc-flash" : "bios-stage", FWD_STEP_FAILED,
				 ctx->error);
	return ret;
}

/* After a BMC flash: its LAN settings as in the backup, restored if lost. */
static int check_lan(struct fwd_ctx *ctx, struct update_state *st, json_t *report)
{
	json_t *lan = json_array();
	int ret;

	json_object_set_new(report, "lan", lan);
	fwd_steps_record(ctx->steps, "lan-check", FWD_STEP_BEGIN,
			 "comparing the BMC's LAN settings with the backup");
	ret = fwd_lan_restore_from_backup(ctx, st->backup, 0, lan);
	if (ret)
		return step_fail(ctx, "lan-check", ret);
	fwd_steps_record(ctx->steps, "lan-check", FWD_STEP_DONE, "LAN settings as in the backup");
	return 0;
}

static void remove_staged(struct fwd_ctx *ctx, struct component *c)
{
	if (!c->staged[0])
		return;
	if (unlink(c->staged) < 0 && errno != ENOENT)
		fwd_log(ctx, FWD_LOG_WARN, "cannot remove the staged copy '%s': %s", c->staged,
			strerror(errno));
	c->staged[0] = '\0';
}

/* Did a run that stopped at step stopped_at touch part ("bmc", "bios", "lan")?
 * A BMC that does not come back may well be at another address. */
static int touched(const char *stopped_at, const char *part, int code)
{
	if (!strcmp(part, "lan"))
		return !strncmp(stopped_at, "lan-", 4) || code == -FWD_E_BMC_GONE;
	return !strncmp(stopped_at, part, strlen(part));
}

/* The plugin's hints whose "applies" names a part the failure touched. */
static void attach_recovery_hints(struct fwd_ctx *ctx, struct update_state *st, json_t *report,
				  int code)
{
	const struct fwd_plugin_slot *slot = st->ti.choice.chosen;
	const char *stopped = ctx->steps ? fwd_steps_stopped_at(ctx->steps) : NULL;
	json_t *all = json_array(), *chosen = json_array(), *hint;
	size_t i;

	/* Hints are for a machine a failure may have left changed: a refusal
	 * (nothing flashed) or a failed check needs none. */
	int changed = code == -FWD_E_FLASH || code == -FWD_E_VERIFY || code == -FWD_E_BMC_GONE ||
		      code == -FWD_E_TIMEOUT || (stopped && !strncmp(stopped, "lan-", 4));

	if (slot && slot->vt->recovery_hints && stopped && changed) {
		char saved[FWD_ERROR_MAX];
		int saved_code = ctx->error_code;

		snprintf(saved, sizeof(saved), "%s", ctx->error);
		if (slot->vt->recovery_hints(ctx, &st->ti.info.id, (struct fwd_json *)all) != 0)
			fwd_log(ctx, FWD_LOG_WARN, "plugin '%s' has no recovery hints: %s",
				slot->name, ctx->error);
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
	json_object_set_new(report, "recovery_hints", chosen);
}

int fwd_update_run(struct fwd_cli *cli, struct fwd_ctx *ctx,
		   const struct fwd_update_opts *opts, json_t *report)
{
	struct update_state *st = calloc(1, sizeof(*st));
	const char *bios_now;
	json_t *reboot = json_false();
	char target[300];
	int ret;

	if (!st)
		return fwd_ctx_set_error(ctx, -ENOMEM, "out of memory");
	st->bmc = (struct component){ .name = "bmc", .image = opts->bmc_image,
				      .sha256 = opts->bmc_sha256 };
	st->bios = (struct component){ .name = "bios", .image = opts->bios_image,
				       .sha256 = opts->bios_sha256 };
	json_object_set_new(report, "target", json_string(fwd_target_describe(&cli->target,
							    target, sizeof(target))));
	json_object_set_new(report, "plugin", json_null());
	json_object_set_new(report, "backup", json_null());
	if (st->bmc.image) {
		st->bmc.report = json_pack("{s:b}", "flash_started", 0);
		json_object_set_new(report, "bmc", st->bmc.report);
	}
	if (st->bios.image) {
		st->bios.report = json_pack("{s:b}", "flash_started", 0);
		json_object_set_new(report, "bios", st->bios.report);
	}

	ret = identify(cli, ctx, st, report);
	if (!ret) {
		snprintf(st->bmc.before, sizeof(st->bmc.before), "%s", st->ti.bmc.firmware);
		bios_now = st->ti.info.id.bios_version;
		snprintf(st->bios.before, sizeof(st->bios.before), "%s", bios_now ? bios_now : "");
		if (st->bmc.report)
			json_object_set_new(st->bmc.report, "before", json_string(st->bmc.before));
		if (st->bios.report)
			json_object_set_new(st->bios.report, "before",
					    bios_now ? json_string(bios_now) : json_null());
	}
	if (!ret && st->bmc.image)
		ret = check_bmc_image(cli, ctx, st, opts);
	if (!ret && st->bios.image)
		ret = check_bios_image(cli, ctx, st);
	if (!ret)
		ret = backup(cli, ctx, st, report);
	if (!ret && st->bmc.image) {
		ret = call_plugin(ctx, st, &st->bmc, opts);
		if (!ret)
			ret = check_lan(ctx, st, report);
	}
	/* Never a BIOS after a BMC flash that failed or was not verified. */
	if (!ret && st->bios.image) {
		ret = call_plugin(ctx, st, &st->bios, opts);
		if (!ret && json_is_true(json_object_get(st->bios.report, "reboot_required")))
			reboot = json_true();
	}

	remove_staged(ctx, &st->bmc);
	remove_staged(ctx, &st->bios);
	json_object_set_new(report, "reboot_required", reboot);
	if (ret)
		attach_recovery_hints(ctx, st, report, ret);
	json_decref(st->backup);
	fwd_target_identity_release(&st->ti);
	free(st);
	return ret;
}
