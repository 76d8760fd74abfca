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
#include "update/update.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "ipmi/backup.h"
#include "ipmi/bmc.h"
#include "image/hpm1-fit.h"
#include "util/version.h"
#include "image/image.h"
#include "util/json-out.h"
#include "ipmi/lan.h"
#include "image/manifest.h"
#include "update/plan.h"
#include "update/signals.h"
#include "update/staging.h"
#include "update/state-dir.h"
#include "plugin-host/plugin-call.h"
#include "update/bmc-sequence.h"
#include "update/steps.h"
#include "util/clock.h"
#include "identity/target-identity.h"

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
	const json_t *prev;          /* resume: this part in the interrupted run's journal */
	int done;                    /* nothing left to do for it (said why in a step) */
};

struct update_state {
	struct fwd_target_identity ti;
	struct component bmc, bios;
	json_t *backup;              /* the backup document, once written */
	const struct fwd_update_opts *opts;
	struct fwd_manifest *manifest; /* owned, or NULL */
};

/* A safe point: the step before has ended, next has not begun. */
static int stop_point(struct fwd_ctx *ctx, json_t *report, enum fwd_step next)
{
	int sig = fwd_signals_stop_requested();

	if (!sig)
		return 0;
	json_object_set_new(report, "stopped_at", json_string(fwd_step_name(next)));
	return fwd_ctx_set_error(ctx, -FWD_E_STOPPED,
		"stopped on request (%s) at a safe point, before step '%s'; nothing of that step "
		"has started. 'fwdispatch resume' continues from here",
		sig == 2 ? "SIGINT" : "SIGTERM", fwd_step_name(next));
}

static int step_fail(struct fwd_ctx *ctx, enum fwd_step step, int ret)
{
	fwd_steps_record(ctx->steps, step, FWD_STEP_FAILED, ctx->error);
	return ret;
}

/* Who is the machine, who is its BMC, and which plugin handles it. */
static int identify(struct fwd_ctx *ctx, struct update_state *st,
		    json_t *report)
{
	struct fwd_target_identity *ti = &st->ti;
	char desc[512];
	int ret;

	fwd_steps_record(ctx->steps, FWD_STEP_IDENTIFY, FWD_STEP_BEGIN, "reading the board and its BMC");
	ret = fwd_target_identify(ctx, &st->opts->identify, st->opts->target, 1, ti);
	if (ti->info.id.bmc_known || !fwd_identity_is_empty(&ti->info.id))
		json_object_set_new(report, "identity", fwd_identity_to_json(&ti->info.id));
	json_object_set_new(report, "candidates", fwd_choice_to_json(&ti->choice));
	if (ret)
		return step_fail(ctx, FWD_STEP_IDENTIFY, ret);
	json_object_set_new(report, "plugin", json_string(ti->choice.chosen->name));
	snprintf(desc, sizeof(desc), "BMC manufacturer %u product 0x%04x runs %s; plugin %s",
		 ti->bmc.manufacturer_id, ti->bmc.product_id, ti->bmc.firmware,
		 ti->choice.chosen->name);
	fwd_steps_record(ctx->steps, FWD_STEP_IDENTIFY, FWD_STEP_DONE, desc);
	return 0;
}

/* Checks c's image while copying it to its staged copy; fsyncs the copy. */
static int check_and_stage(struct fwd_ctx *ctx, const struct update_state *st,
			   struct component *c, int hpm1)
{
	/* A dry run checks the image as it is and writes no copy. */
	int dry_run = st->opts->dry_run;
	int fd = dry_run ? -1 : fwd_staging_create(ctx, st->opts->target, c->name, c->image,
						   c->staged, sizeof(c->staged));
	int ret;

	if (fd < 0 && !dry_run)
		return fd;
	if (hpm1)
		ret = fwd_image_check_hpm1(ctx, c->image, c->sha256, fd, &c->check);
	else
		ret = fwd_image_check_vendor(ctx, c->image, c->sha256, fd, &c->check);
	if (!ret && fd >= 0 && fsync(fd) < 0)
		ret = fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "cannot write the staged copy '%s': %s",
					c->staged, strerror(errno));
	if (fd >= 0)
		close(fd);
	json_object_set_new(c->report, "image_path", json_string(c->image));
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

static int check_bmc_image(struct fwd_ctx *ctx, struct update_state *st,
			   const struct fwd_update_opts *opts)
{
	struct component *c = &st->bmc;
	int hpm1 = fwd_image_is_hpm1(c->image), ret;
	char desc[256];

	/* A resumed run may find the version in place: judged after the check. */
	unsigned flags = opts->flags | (opts->resume ? FWD_FLASH_ALLOW_REINSTALL : 0);

	fwd_steps_record(ctx->steps, FWD_STEP_CHECK_BMC_IMAGE, FWD_STEP_BEGIN, c->image);
	ret = check_and_stage(ctx, st, c, hpm1);
	if (ret)
		return step_fail(ctx, FWD_STEP_CHECK_BMC_IMAGE, ret);
	if (hpm1) {
		char manifest_version[32];

		snprintf(manifest_version, sizeof(manifest_version), "%s", c->version);
		if (!c->check.sha256_source[0])
			fwd_log(ctx, FWD_LOG_WARN, "no expected SHA-256 for '%s' (--sha256-bmc or "
				"%s.sha256): only the image's own checksums were verified", c->image,
				c->image);
		ret = fwd_hpm1_fits_bmc(ctx, c->image, &c->check.hpm, &st->ti.bmc, flags);
		if (ret)
			return step_fail(ctx, FWD_STEP_CHECK_BMC_IMAGE, ret);
		fwd_hpm1_version_format(&c->check.hpm.firmware, c->version, sizeof(c->version));
		/* The manifest's word on the version must be the image's own. */
		if (manifest_version[0] && strcmp(manifest_version, c->version) != 0) {
			fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "'%s' holds version %s, but the "
					  "manifest says %s: refusing an image the manifest does "
					  "not describe", c->image, c->version, manifest_version);
			return step_fail(ctx, FWD_STEP_CHECK_BMC_IMAGE, -FWD_E_REFUSED);
		}
	} else {
		if (opts->bmc_version && !c->version[0])
			snprintf(c->version, sizeof(c->version), "%s", opts->bmc_version);
		ret = vendor_version_allowed(ctx, c, flags);
		if (ret)
			return step_fail(ctx, FWD_STEP_CHECK_BMC_IMAGE, ret);
	}
	json_object_set_new(c->report, "version", c->version[0] ? json_string(c->version) :
			    json_null());
	snprintf(desc, sizeof(desc), "%s image, sha256 %.12s... %s; %s -> %s",
		 hpm1 ? "valid HPM.1" : "vendor", c->check.hpm.sha256_hex,
		 c->check.sha256_source[0] ? "as expected" : "(no expected value given)",
		 c->before, c->version[0] ? c->version : "the image's version");
	fwd_steps_record(ctx->steps, FWD_STEP_CHECK_BMC_IMAGE, FWD_STEP_DONE, desc);
	return 0;
}

static int check_bios_image(struct fwd_ctx *ctx, struct update_state *st)
{
	const struct fwd_update_opts *opts = st->opts;
	struct component *c = &st->bios;
	char desc[256];
	int ret;

	fwd_steps_record(ctx->steps, FWD_STEP_CHECK_BIOS_IMAGE, FWD_STEP_BEGIN, c->image);
	ret = check_and_stage(ctx, st, c, 0);
	if (ret)
		return step_fail(ctx, FWD_STEP_CHECK_BIOS_IMAGE, ret);
	if (opts->bios_version && !c->version[0])
		snprintf(c->version, sizeof(c->version), "%s", opts->bios_version);
	/* A staged BIOS runs only after the reboot: a resumed run skips it by
	 * the journal (see stage_bios_part), not by the running version. */
	ret = vendor_version_allowed(ctx, c, opts->flags | (opts->resume ?
					     FWD_FLASH_ALLOW_REINSTALL : 0));
	if (ret)
		return step_fail(ctx, FWD_STEP_CHECK_BIOS_IMAGE, ret);
	json_object_set_new(c->report, "version", c->version[0] ? json_string(c->version) :
			    json_null());
	snprintf(desc, sizeof(desc), "vendor image, %llu bytes, sha256 %.12s... as expected",
		 (unsigned long long)c->check.hpm.size, c->check.hpm.sha256_hex);
	fwd_steps_record(ctx->steps, FWD_STEP_CHECK_BIOS_IMAGE, FWD_STEP_DONE, desc);
	return 0;
}

/* Resume: the interrupted run's backup, when it was written. */
static int reuse_backup(struct fwd_ctx *ctx, struct update_state *st, json_t *report)
{
	const char *path = fwd_json_str(st->opts->resume, "backup");
	json_error_t e;

	if (!path || !fwd_steps_journal_ok(st->opts->resume, FWD_STEP_BACKUP))
		return 0;
	st->backup = json_load_file(path, JSON_REJECT_DUPLICATES, &e);
	if (!st->backup) {
		fwd_log(ctx, FWD_LOG_WARN, "the interrupted run's backup '%s' cannot be read (%s): "
			"taking a new one", path, e.text);
		return 0;
	}
	json_object_set_new(report, "backup", json_string(path));
	fwd_steps_recordf(ctx->steps, FWD_STEP_BACKUP, FWD_STEP_SKIPPED, "kept from the interrupted run: %s",
			  path);
	return 1;
}

/* The BMC's settings, on disk and fsynced, before anything is flashed. */
static int backup(struct fwd_ctx *ctx, struct update_state *st,
		  json_t *report)
{
	char path[4096], target[300];
	int ret;

	if (st->opts->dry_run)
		return fwd_backup_plan(ctx, st->ti.choice.chosen);
	if (st->opts->resume && reuse_backup(ctx, st, report))
		return 0;
	fwd_steps_record(ctx->steps, FWD_STEP_BACKUP, FWD_STEP_BEGIN,
			 "saving the BMC's identity, LAN settings and users");
	ret = fwd_backup_run(ctx, st->opts->target->state_dir, &st->ti.info.id, st->ti.choice.chosen,
			     fwd_target_describe(st->opts->target, target, sizeof(target)),
			     path, sizeof(path), &st->backup);
	if (ret)
		return step_fail(ctx, FWD_STEP_BACKUP, ret);
	json_object_set_new(report, "backup", json_string(path));
	fwd_steps_record(ctx->steps, FWD_STEP_BACKUP, FWD_STEP_DONE, path);
	return 0;
}

/* The request for component c, as the plugin gets it.  before: what runs
 * now, as precisely as it was read. */
static void fill_request(const struct update_state *st, const struct component *c,
			 const char *before, struct fwd_flash_request *req)
{
	const struct fwd_update_opts *opts = st->opts;

	memset(req, 0, sizeof(*req));
	req->size = sizeof(*req);
	/* A dry run made no copy: the plan names the operator's file. */
	req->image_path = c->staged[0] ? c->staged : c->image;
	req->sha256 = c->check.hpm.sha256_hex;
	req->format = c->check.vendor ? NULL : "hpm1";
	req->flags = opts->flags;
	if (opts->dry_run)
		req->flags |= FWD_FLASH_DRY_RUN;
	if (c->prev && json_is_true(json_object_get(c->prev, "flash_started")))
		req->flags |= FWD_FLASH_RESUME;
	req->version = c->version[0] ? c->version : NULL;
	req->running_version = before && *before ? before : NULL;
	req->job_wait_s = opts->job_wait_s;
}

/*
 * The plugin's own preflight: can it do this on this machine?  It finds
 * its tools and refuses what it cannot do (a BIOS on a board whose plugin
 * cannot stage one) before anything changes.
 */
static int plugin_preflight(struct fwd_ctx *ctx, struct update_state *st, struct component *c)
{
	int bmc = c == &st->bmc;
	struct fwd_flash_request req;
	int ret;

	fill_request(st, c, c->before, &req);
	ret = fwd_call_preflight(ctx, st->ti.choice.chosen, &st->ti.info.id,
				 bmc ? FWD_PART_BMC : FWD_PART_BIOS, &req);
	if (ret)
		return step_fail(ctx, bmc ? FWD_STEP_PREFLIGHT_BMC : FWD_STEP_PREFLIGHT_BIOS, ret);
	return 0;
}

/* A plugin that failed outside its own steps still leaves a named stop. */
static int plugin_failed(struct fwd_ctx *ctx, enum fwd_step step, int ret)
{
	if (!fwd_steps_stopped_at(ctx->steps))
		fwd_steps_record(ctx->steps, step, FWD_STEP_FAILED, ctx->error);
	return ret;
}

/*
 * The BMC: the plugin uploads and activates, then the core resets, waits
 * and verifies (bmc-sequence.h), the same way for every plugin.
 */
static int flash_bmc(struct fwd_ctx *ctx, struct update_state *st)
{
	const struct fwd_plugin_slot *slot = st->ti.choice.chosen;
	struct component *c = &st->bmc;
	struct fwd_bmc_sequence seq = {
		.plugin = slot, .id = &st->ti.info.id, .flags = st->opts->flags,
		.wait_s = st->opts->bmc_wait_s,
		.next = { .size = sizeof(seq.next), .reset = FWD_BMC_RESET_NONE },
	};
	struct fwd_flash_request req;
	struct fwd_versions now;
	int ret;

	/* What runs now, as precisely as the plugin reads it (Dell's racadm
	 * gives the full version), to tell afterwards whether it changed.  A
	 * dry run reads nothing more. */
	if (st->opts->dry_run)
		snprintf(now.bmc, sizeof(now.bmc), "%s", c->before);
	else
		fwd_versions_now(ctx, slot, &st->ti.info.id, FWD_VERSION_BMC, &now);
	if (!now.bmc[0])
		snprintf(now.bmc, sizeof(now.bmc), "%s", c->before);
	fill_request(st, c, now.bmc, &req);
	seq.want = req.version;
	seq.before = req.running_version;
	ret = fwd_bmc_sequence_check(ctx, &seq);
	if (ret)
		return step_fail(ctx, FWD_STEP_BMC_FLASH, ret);
	/* From here on the machine may have been changed: the report says so. */
	if (!st->opts->dry_run)
		json_object_set_new(c->report, "flash_started", json_true());
	ret = fwd_call_flash_bmc(ctx, slot, &st->ti.info.id, &req, &seq.next, c->report);
	seq.upload_end_ms = fwd_now_ms(ctx);
	if (ret)
		return plugin_failed(ctx, FWD_STEP_BMC_FLASH, ret);
	if (st->opts->dry_run)
		return fwd_bmc_sequence_plan(ctx, &seq);
	return fwd_bmc_sequence_run(ctx, &seq, c->report);
}

/* The BIOS: the plugin stages it, to be applied at the next host reboot. */
static int stage_bios(struct fwd_ctx *ctx, struct update_state *st)
{
	struct component *c = &st->bios;
	struct fwd_flash_request req;
	int ret;

	fill_request(st, c, c->before, &req);
	if (!st->opts->dry_run)
		json_object_set_new(c->report, "flash_started", json_true());
	ret = fwd_call_stage_bios(ctx, st->ti.choice.chosen, &st->ti.info.id, &req, c->report);
	return ret ? plugin_failed(ctx, FWD_STEP_BIOS_STAGE, ret) : 0;
}

/* After a BMC flash: its LAN settings as in the backup, restored if lost. */
static int check_lan(struct fwd_ctx *ctx, struct update_state *st, json_t *report)
{
	json_t *lan;
	int ret;

	if (st->opts->dry_run) {
		fwd_plan_note(ctx, FWD_STEP_LAN_CHECK, "compare the BMC's LAN settings with the backup; "
			      "'ipmitool lan set' only what the flash changed, then read them back",
			      NULL);
		fwd_steps_record(ctx->steps, FWD_STEP_LAN_CHECK, FWD_STEP_SKIPPED,
				 "dry run: would compare the LAN settings with the backup");
		return 0;
	}
	lan = json_array();
	json_object_set_new(report, "lan", lan);
	fwd_steps_record(ctx->steps, FWD_STEP_LAN_CHECK, FWD_STEP_BEGIN,
			 "comparing the BMC's LAN settings with the backup");
	ret = fwd_lan_restore_from_backup(ctx, st->backup, 0, lan);
	if (ret)
		return step_fail(ctx, FWD_STEP_LAN_CHECK, ret);
	fwd_steps_record(ctx->steps, FWD_STEP_LAN_CHECK, FWD_STEP_DONE, "LAN settings as in the backup");
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
static void attach_recovery_hints(struct fwd_ctx *ctx, struct update_state *st, json_t *report,
				  int code)
{
	const struct fwd_plugin_slot *slot = st->ti.choice.chosen;
	enum fwd_step stopped = fwd_steps_stopped_at(ctx->steps);
	json_t *all = json_array(), *chosen = json_array(), *hint;
	size_t i;

	/* Hints are for a machine a failure may have left changed: a refusal
	 * (nothing flashed) or a failed check needs none. */
	int changed = code == -FWD_E_FLASH || code == -FWD_E_VERIFY || code == -FWD_E_BMC_GONE ||
		      code == -FWD_E_TIMEOUT || FWD_STEP_PART(stopped) == FWD_PART_LAN;

	if (slot && slot->vt->recovery_hints && stopped && changed) {
		char saved[FWD_ERROR_MAX];
		int saved_code = ctx->error_code;

		snprintf(saved, sizeof(saved), "%s", ctx->error);
		if (fwd_call_recovery_hints(ctx, slot, &st->ti.info.id, all) != 0)
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

/* Resume: an interrupted BMC flash may have left the BMC restarting. */
static int resume_wait(struct fwd_ctx *ctx, struct update_state *st)
{
	const json_t *prev = st->bmc.prev;
	struct fwd_bmc_info info = { .size = sizeof(info) };
	uint64_t waited = 0;

	if (!prev || !json_is_true(json_object_get(prev, "flash_started")) ||
	    fwd_steps_journal_ok(st->opts->resume, FWD_STEP_BMC_VERIFY))
		return 0;
	fwd_steps_record(ctx->steps, FWD_STEP_BMC_WAIT, FWD_STEP_BEGIN,
			 "the interrupted run was flashing the BMC: waiting until it answers");
	if (fwd_bmc_wait(ctx, st->opts->bmc_wait_s, &info, &waited) != 0) {
		fwd_ctx_set_error(ctx, -FWD_E_BMC_GONE, "the BMC does not answer within %u s: the "
				  "interrupted flash may have left it restarting, or at another "
				  "address", st->opts->bmc_wait_s);
		return step_fail(ctx, FWD_STEP_BMC_WAIT, -FWD_E_BMC_GONE);
	}
	fwd_steps_record(ctx->steps, FWD_STEP_BMC_WAIT, FWD_STEP_DONE, "the BMC answers");
	return 0;
}

/* The names this machine goes by, for a manifest's "boards". */
static void board_names(const struct fwd_identity *id, const char *names[5])
{
	/* The list ends at the first NULL: an unknown name is "". */
	names[0] = id->board_name ? id->board_name : "";
	names[1] = id->product_name ? id->product_name : "";
	names[2] = id->fru_board_name ? id->fru_board_name : "";
	names[3] = id->fru_product_name ? id->fru_product_name : "";
	names[4] = NULL;
}

/*
 * The manifest's word on component c: which image (when the operator gave
 * none), its SHA-256 and version, and whether the board and the upgrade
 * path allow it.  An image the manifest picks that already runs is done.
 */
static int apply_manifest(struct fwd_ctx *ctx, struct update_state *st, struct component *c)
{
	const struct fwd_manifest_entry *e;
	const char *names[5];
	enum fwd_step step = c == &st->bmc ? FWD_STEP_MANIFEST_BMC : FWD_STEP_MANIFEST_BIOS;
	char note[512];
	int has = 0, ret;

	for (size_t i = 0; i < st->manifest->n; i++)
		has |= !strcmp(st->manifest->entries[i].component, c->name);
	if (!c->image && !has)
		return 0;
	fwd_steps_record(ctx->steps, step, FWD_STEP_BEGIN, st->manifest->path);
	board_names(&st->ti.info.id, names);
	ret = fwd_manifest_select(ctx, st->manifest, c->name, c->image, names, c->before, &e,
				  note, sizeof(note));
	if (ret)
		return step_fail(ctx, step, ret);
	if (c->sha256 && strcasecmp(c->sha256, e->sha256) != 0) {
		fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "the SHA-256 given for the %s image (%s) "
				  "is not the manifest's (%s)", c->name, c->sha256, e->sha256);
		return step_fail(ctx, step, -FWD_E_REFUSED);
	}
	c->sha256 = e->sha256;
	snprintf(c->version, sizeof(c->version), "%s", e->version);
	if (!c->image && c->before[0] && !fwd_version_compare_dotted(c->before, e->version) &&
	    !(st->opts->flags & FWD_FLASH_ALLOW_REINSTALL)) {
		c->done = 1;
		json_object_set_new(c->report, "skipped", json_string("already runs the manifest's "
								      "version"));
		fwd_steps_recordf(ctx->steps, step, FWD_STEP_SKIPPED, "the %s already runs %s, the "
				 "manifest's version for this board", c->name, e->version);
		return 0;
	}
	if (!c->image)
		c->image = e->file;
	fwd_steps_recordf(ctx->steps, step, FWD_STEP_DONE, "%s: version %s for this board%s%s",
			 e->file, e->version, note[0] ? "; " : "", note);
	return 0;
}

/* Room in the state folder for the staged copies and the backup. */
static int check_space(struct fwd_ctx *ctx, struct update_state *st)
{
	const struct component *parts[] = { &st->bmc, &st->bios };
	unsigned long long need = 4ull << 20, have; /* the backup and the journal: small */
	struct statvfs vfs;
	struct stat sb;

	for (size_t i = 0; i < 2; i++)
		if (parts[i]->image && !parts[i]->done && stat(parts[i]->image, &sb) == 0)
			need += (unsigned long long)sb.st_size;
	if (statvfs(st->opts->target->state_dir, &vfs) < 0)
		return 0; /* the folder does not exist yet: creating it will tell */
	have = (unsigned long long)vfs.f_bavail * vfs.f_frsize;
	if (have >= need)
		return 0;
	fwd_steps_record(ctx->steps, FWD_STEP_FREE_SPACE, FWD_STEP_FAILED, "not enough room");
	return fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "the state folder '%s' has %llu KiB free, "
				 "and the staged copies and the backup need %llu KiB: free some "
				 "space or use --state-dir", st->opts->target->state_dir, have >> 10,
				 need >> 10);
}

/* Resume: is the BMC's part already done?  Refuses what cannot be told. */
static int bmc_already_done(struct fwd_ctx *ctx, struct update_state *st)
{
	struct component *c = &st->bmc;
	int started = c->prev && json_is_true(json_object_get(c->prev, "flash_started"));
	int same = c->version[0] && c->before[0] &&
		   !fwd_version_compare_dotted(c->version, c->before);

	if (!st->opts->resume || st->opts->dry_run)
		return 0;
	if (fwd_steps_journal_ok(st->opts->resume, FWD_STEP_BMC_VERIFY) && !same) {
		fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "the interrupted run verified %s on the "
				  "BMC, which now runs %s: something changed it since (a rollback?); "
				  "look before starting a new update", c->version, c->before);
		return step_fail(ctx, FWD_STEP_BMC_FLASH, -FWD_E_REFUSED);
	}
	if (started && !c->version[0]) {
		fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "cannot tell whether the interrupted BMC "
				  "flash finished: the image's version is unknown (--bmc-version); "
				  "check what the BMC runs, then start a new update");
		return step_fail(ctx, FWD_STEP_BMC_FLASH, -FWD_E_REFUSED);
	}
	/* The same version without a flash begun is a reinstall asked for. */
	if (same && (started || !(st->opts->flags & FWD_FLASH_ALLOW_REINSTALL)))
		return 1;
	return 0;
}

static int flash_bmc_part(struct fwd_ctx *ctx, struct update_state *st, json_t *report)
{
	struct component *c = &st->bmc;
	int ret = bmc_already_done(ctx, st);

	if (ret < 0)
		return ret;
	if (ret) {
		c->done = 1;
		json_object_set_new(c->report, "after", json_string(c->before));
		fwd_steps_recordf(ctx->steps, FWD_STEP_BMC_FLASH, FWD_STEP_SKIPPED, "the BMC already runs "
				 "%s: the interrupted run flashed it; not flashing again", c->before);
	} else {
		ret = flash_bmc(ctx, st);
		if (ret)
			return ret;
	}
	return check_lan(ctx, st, report);
}

/* Resume: a BIOS the interrupted run staged stays staged. */
static int stage_bios_part(struct fwd_ctx *ctx, struct update_state *st)
{
	struct component *c = &st->bios;
	const char *keep[] = { "staged", "job_id", "reboot_required", "command",
			       "preserve_settings", NULL };

	if (st->opts->resume && !st->opts->dry_run &&
	    fwd_steps_journal_ok(st->opts->resume, FWD_STEP_BIOS_STAGE) && c->prev) {
		for (size_t i = 0; keep[i]; i++) {
			json_t *v = json_object_get(c->prev, keep[i]);

			if (v)
				json_object_set(c->report, keep[i], v);
		}
		json_object_set_new(c->report, "flash_started", json_true());
		fwd_steps_record(ctx->steps, FWD_STEP_BIOS_STAGE, FWD_STEP_SKIPPED,
				 "the interrupted run staged it already; not staging again");
		return 0;
	}
	return stage_bios(ctx, st);
}

/* Preflight: identity, the manifest's rules, room, every image checked. */
static int preflight(struct fwd_ctx *ctx, struct update_state *st,
		     json_t *report)
{
	const struct fwd_update_opts *opts = st->opts;
	const char *bios_now;
	int ret;

	/* The driver holds the target's lock for every run but a dry run. */
	if (!opts->dry_run)
		fwd_staging_remove_leftovers(ctx, st->opts->target);
	ret = resume_wait(ctx, st);
	if (!ret)
		ret = identify(ctx, st, report);
	if (ret)
		return ret;
	snprintf(st->bmc.before, sizeof(st->bmc.before), "%s", st->ti.bmc.firmware);
	bios_now = st->ti.info.id.bios_version;
	snprintf(st->bios.before, sizeof(st->bios.before), "%s", bios_now ? bios_now : "");
	json_object_set_new(st->bmc.report, "before", json_string(st->bmc.before));
	json_object_set_new(st->bios.report, "before", bios_now ? json_string(bios_now) :
			    json_null());
	/* A resumed run reports what ran before the whole update, and what
	 * it found when it resumed. */
	if (st->bmc.prev && fwd_json_str(st->bmc.prev, "before")) {
		json_object_set_new(st->bmc.report, "running_at_resume", json_string(st->bmc.before));
		json_object_set(st->bmc.report, "before", json_object_get(st->bmc.prev, "before"));
	}
	if (st->bios.prev && fwd_json_str(st->bios.prev, "before"))
		json_object_set(st->bios.report, "before", json_object_get(st->bios.prev, "before"));
	if (opts->manifest) {
		fwd_steps_record(ctx->steps, FWD_STEP_MANIFEST, FWD_STEP_BEGIN, opts->manifest);
		ret = fwd_manifest_load(ctx, opts->manifest, &st->manifest);
		if (ret)
			return step_fail(ctx, FWD_STEP_MANIFEST, ret);
		fwd_steps_recordf(ctx->steps, FWD_STEP_MANIFEST, FWD_STEP_DONE, "%zu images listed",
				 st->manifest->n);
		ret = apply_manifest(ctx, st, &st->bmc);
		if (!ret)
			ret = apply_manifest(ctx, st, &st->bios);
		if (ret)
			return ret;
	}
	ret = check_space(ctx, st);
	if (!ret && st->bmc.image && !st->bmc.done)
		ret = check_bmc_image(ctx, st, opts);
	if (!ret && st->bios.image && !st->bios.done)
		ret = check_bios_image(ctx, st);
	if (!ret && st->bmc.image && !st->bmc.done)
		ret = plugin_preflight(ctx, st, &st->bmc);
	if (!ret && st->bios.image && !st->bios.done)
		ret = plugin_preflight(ctx, st, &st->bios);
	return ret;
}

static int nothing_to_do(const struct update_state *st)
{
	return (!st->bmc.image || st->bmc.done) && (!st->bios.image || st->bios.done);
}

int fwd_update_run(struct fwd_ctx *ctx,
		   const struct fwd_update_opts *opts, json_t *report)
{
	struct update_state *st = calloc(1, sizeof(*st));
	json_t *reboot = json_false();
	char target[300];
	int ret, detached = 0;

	if (!st)
		return fwd_ctx_set_error(ctx, -ENOMEM, "out of memory");
	st->opts = opts;
	st->bmc = (struct component){ .name = "bmc", .image = opts->bmc_image,
				      .sha256 = opts->bmc_sha256 };
	st->bios = (struct component){ .name = "bios", .image = opts->bios_image,
				       .sha256 = opts->bios_sha256 };
	json_object_set_new(report, "target", json_string(fwd_target_describe(st->opts->target,
							    target, sizeof(target))));
	json_object_set_new(report, "plugin", json_null());
	json_object_set_new(report, "backup", json_null());
	st->bmc.report = json_pack("{s:b}", "flash_started", 0);
	st->bios.report = json_pack("{s:b}", "flash_started", 0);
	if (opts->resume) {
		st->bmc.prev = json_object_get(opts->resume, "bmc");
		st->bios.prev = json_object_get(opts->resume, "bios");
	}

	ret = preflight(ctx, st, report);
	/* Only the parts asked for (or picked by the manifest) are reported. */
	if (st->bmc.image || st->bmc.done || st->bmc.prev)
		json_object_set(report, "bmc", st->bmc.report);
	if (st->bios.image || st->bios.done || st->bios.prev)
		json_object_set(report, "bios", st->bios.report);
	if (!ret && nothing_to_do(st))
		goto out;
	if (!ret)
		ret = stop_point(ctx, report, FWD_STEP_BACKUP);
	if (!ret && !opts->dry_run && opts->after_preflight) {
		ret = opts->after_preflight(opts->payload, ctx, report);
		if (ret == FWD_UPDATE_DETACHED) {
			detached = 1; /* the staged copies now belong to the other process */
			goto out;
		}
	}
	if (!ret)
		ret = stop_point(ctx, report, FWD_STEP_BACKUP);
	if (!ret)
		ret = backup(ctx, st, report);
	if (!ret && st->bmc.image && !st->bmc.done) {
		ret = stop_point(ctx, report, FWD_STEP_BMC_FLASH);
		if (!ret)
			ret = flash_bmc_part(ctx, st, report);
	}
	/* Never a BIOS after a BMC flash that failed or was not verified. */
	if (!ret && st->bios.image && !st->bios.done) {
		ret = stop_point(ctx, report, FWD_STEP_BIOS_STAGE);
		if (!ret)
			ret = stage_bios_part(ctx, st);
		if (!ret && json_is_true(json_object_get(st->bios.report, "reboot_required")))
			reboot = json_true();
	}

out:
	if (!detached) {
		remove_staged(ctx, &st->bmc);
		remove_staged(ctx, &st->bios);
	}
	json_object_set_new(report, "reboot_required", reboot);
	if (ret < 0)
		attach_recovery_hints(ctx, st, report, ret);
	json_decref(st->bmc.report);
	json_decref(st->bios.report);
	json_decref(st->backup);
	fwd_manifest_free(st->manifest);
	fwd_target_identity_release(&st->ti);
	free(st);
	return detached ? FWD_UPDATE_DETACHED : ret;
}
