/*
 * update-preflight.c: the steps of an update before anything changes:
 * identify the target and choose its plugin, apply the manifest, find
 * room, check every image while its private copy is written, and ask the
 * plugin whether it can do the rest (update-run.h).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "image/hpm1-fit.h"
#include "image/image-url.h"
#include "image/manifest-signed.h"
#include "ipmi/bmc.h"
#include "plugin-host/plugin-call.h"
#include "redfish/redfish.h"
#include "update/history.h"
#include "update/staging.h"
#include "update/steps.h"
#include "update/update-run.h"
#include "util/json-out.h"
#include "util/version.h"

/* The driver holds the target's lock for every run but a dry run: what a
 * killed run left in the staging folder is no other run's. */
int fwd_update_remove_leftovers(struct fwd_ctx *ctx, struct update_run *r)
{
	fwd_staging_remove_leftovers(ctx, r->opts->target);
	return 0;
}

/* Resume: an interrupted BMC flash may have left the BMC restarting. */
int fwd_update_resume_wait(struct fwd_ctx *ctx, struct update_run *r)
{
	const json_t *prev = r->bmc.prev;
	struct fwd_bmc_info info = { .size = sizeof(info) };
	uint64_t waited = 0;

	if (!prev || !json_is_true(json_object_get(prev, "flash_started")) ||
	    fwd_steps_journal_ok(r->opts->resume, FWD_STEP_BMC_VERIFY))
		return 0;
	fwd_steps_record(ctx->steps, FWD_STEP_BMC_WAIT, FWD_STEP_BEGIN,
			 "the interrupted run was flashing the BMC: waiting until it answers");
	if (fwd_bmc_wait(ctx, r->opts->bmc_wait_s, &info, &waited) != 0) {
		fwd_ctx_set_error(ctx, -FWD_E_BMC_GONE, "the BMC does not answer within %u s: the "
				  "interrupted flash may have left it restarting, or at another "
				  "address", r->opts->bmc_wait_s);
		return fwd_update_step_fail(ctx, FWD_STEP_BMC_WAIT, -FWD_E_BMC_GONE);
	}
	fwd_steps_record(ctx->steps, FWD_STEP_BMC_WAIT, FWD_STEP_DONE, "the BMC answers");
	return 0;
}

/* What runs now, for the report; a resumed run reports what ran before
 * the whole update, and what it found when it resumed. */
static void before_versions(struct update_run *r)
{
	const char *bios_now = r->ti.info.id.bios_version;

	snprintf(r->bmc.before, sizeof(r->bmc.before), "%s", r->ti.bmc.firmware);
	snprintf(r->bios.before, sizeof(r->bios.before), "%s", bios_now ? bios_now : "");
	json_object_set_new(r->bmc.report, "before", json_string(r->bmc.before));
	json_object_set_new(r->bios.report, "before", bios_now ? json_string(bios_now) :
			    json_null());
	if (r->bmc.prev && fwd_json_str(r->bmc.prev, "before")) {
		json_object_set_new(r->bmc.report, "running_at_resume", json_string(r->bmc.before));
		json_object_set(r->bmc.report, "before", json_object_get(r->bmc.prev, "before"));
	}
	if (r->bios.prev && fwd_json_str(r->bios.prev, "before"))
		json_object_set(r->bios.report, "before", json_object_get(r->bios.prev, "before"));
}

/* Who is the machine, who is its BMC, and which plugin handles it. */
/*
 * The newest vendor job the history records for this target: a Dell BIOS
 * job stays queued until the host reboots, and the plugin tells an old
 * job of fwdispatch's own from someone else's by it.  A history that
 * cannot be read only means the plugin will not know it.
 */
static void earlier_job(struct fwd_ctx *ctx, struct update_run *r)
{
	const char *target = fwd_json_str(r->report, "target");
	json_t *entries = NULL;
	size_t skipped = 0, i;

	if (!target || !r->opts->target || !r->opts->target->state_dir ||
	    fwd_history_load(ctx, r->opts->target->state_dir, &entries, &skipped) != 0) {
		fwd_ctx_clear_error(ctx);
		return;
	}
	for (i = json_array_size(entries); i-- > 0;) {
		const json_t *e = json_array_get(entries, i);
		const char *job = fwd_json_str(e, "job_id");

		if (job && *job && fwd_json_str(e, "target") &&
		    !strcmp(fwd_json_str(e, "target"), target)) {
			snprintf(r->earlier_job, sizeof(r->earlier_job), "%s", job);
			break;
		}
	}
	json_decref(entries);
}

int fwd_update_identify(struct fwd_ctx *ctx, struct update_run *r)
{
	json_t *report = r->report;
	struct fwd_target_identity *ti = &r->ti;
	char desc[512], board[128];
	int ret;

	fwd_steps_record(ctx->steps, FWD_STEP_IDENTIFY, FWD_STEP_BEGIN, "reading the board and its BMC");
	ret = fwd_target_identify(ctx, &r->opts->identify, r->opts->target, 1, ti);
	if (ti->info.id.bmc_known || !fwd_identity_is_empty(&ti->info.id))
		json_object_set_new(report, "identity", fwd_identity_to_json(&ti->info.id));
	/* The journal says how the certificate was trusted from here on. */
	json_object_set_new(report, "tls", fwd_redfish_tls_json(ctx));
	json_object_set_new(report, "candidates", fwd_choice_to_json(&ti->choice));
	json_object_set_new(report, "refused_plugins", fwd_choice_refused_json(&ti->plugins,
										&ti->info.id));
	if (ret)
		return fwd_update_step_fail(ctx, FWD_STEP_IDENTIFY, ret);
	json_object_set_new(report, "plugin", json_string(ti->choice.chosen->name));
	fwd_identity_board_label(&ti->info.id, board, sizeof(board));
	if (ti->info.id.source && !strcmp(ti->info.id.source, "redfish"))
		snprintf(desc, sizeof(desc), "%s%sRedfish service of %s, BMC %s runs %s; plugin %s",
			 board, board[0] ? ": " : "", ti->info.id.service_vendor ?
			 ti->info.id.service_vendor : "an unnamed vendor", ti->bmc.product_name[0] ?
			 ti->bmc.product_name : "(no model)", ti->bmc.firmware,
			 ti->choice.chosen->name);
	else
		snprintf(desc, sizeof(desc), "%s%sBMC manufacturer %u product 0x%04x runs %s; "
			 "plugin %s", board, board[0] ? ": " : "", ti->bmc.manufacturer_id,
			 ti->bmc.product_id, ti->bmc.firmware, ti->choice.chosen->name);
	fwd_steps_record(ctx->steps, FWD_STEP_IDENTIFY, FWD_STEP_DONE, desc);
	before_versions(r);
	earlier_job(ctx, r);
	return 0;
}

/* The manifest: loaded, then its word on each part. */
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
static int apply_manifest(struct fwd_ctx *ctx, struct update_run *r, struct component *c)
{
	const struct fwd_manifest_entry *e;
	const char *names[5];
	enum fwd_step step = c == &r->bmc ? FWD_STEP_MANIFEST_BMC : FWD_STEP_MANIFEST_BIOS;
	char note[512];
	int has = 0, ret;

	for (size_t i = 0; i < r->manifest->n; i++)
		has |= !strcmp(r->manifest->entries[i].component, c->name);
	if (!c->image && !has)
		return 0;
	fwd_steps_record(ctx->steps, step, FWD_STEP_BEGIN, r->manifest->path);
	board_names(&r->ti.info.id, names);
	ret = fwd_manifest_select(ctx, r->manifest, c->name, c->image, names, c->before, &e,
				  note, sizeof(note));
	if (ret)
		return fwd_update_step_fail(ctx, step, ret);
	if (c->sha256 && strcasecmp(c->sha256, e->sha256) != 0) {
		fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "the SHA-256 given for the %s image (%s) "
				  "is not the manifest's (%s)", c->name, c->sha256, e->sha256);
		return fwd_update_step_fail(ctx, step, -FWD_E_REFUSED);
	}
	c->sha256 = e->sha256;
	c->sha256_from = "manifest";
	snprintf(c->version, sizeof(c->version), "%s", e->version);
	if (!c->image && c->before[0] && !fwd_version_compare_dotted(c->before, e->version) &&
	    !(r->opts->flags & FWD_FLASH_ALLOW_REINSTALL)) {
		c->done = 1;
		json_object_set(r->report, c->name, c->report);
		json_object_set_new(c->report, "skipped", json_string("already runs the manifest's "
								      "version"));
		fwd_steps_recordf(ctx->steps, step, FWD_STEP_SKIPPED, "the %s already runs %s, the "
				 "manifest's version for this board", c->name, e->version);
		return 0;
	}
	if (!c->image)
		c->image = e->file;
	json_object_set(r->report, c->name, c->report);
	fwd_steps_recordf(ctx->steps, step, FWD_STEP_DONE, "%s: version %s for this board%s%s",
			 e->file, e->version, note[0] ? "; " : "", note);
	return 0;
}

/* "3 images listed", and who signed them. */
static void manifest_done(struct fwd_ctx *ctx, const struct update_run *r)
{
	const struct fwd_manifest *m = r->manifest;

	if (!m->signed_by[0]) {
		fwd_steps_recordf(ctx->steps, FWD_STEP_MANIFEST, FWD_STEP_DONE, "%zu image%s listed; "
				  "not signed (no trusted key is configured)", m->n,
				  m->n == 1 ? "" : "s");
		return;
	}
	fwd_steps_recordf(ctx->steps, FWD_STEP_MANIFEST, FWD_STEP_DONE, "%zu image%s listed; "
			  "signature verified with key '%s' (sha256 %s)", m->n, m->n == 1 ? "" : "s",
			  m->signed_key, m->signed_by);
}

int fwd_update_manifest(struct fwd_ctx *ctx, struct update_run *r)
{
	/* A run resumed from a signed manifest requires a signature again. */
	const char *before = r->opts->resume ? fwd_json_str(r->opts->resume,
							    "manifest_signed_by") : NULL;
	struct fwd_manifest_trust trust = {
		.signature = r->opts->signature,
		.trust_key = r->opts->trust_key,
		.signed_before = before,
	};
	int ret;

	fwd_steps_record(ctx->steps, FWD_STEP_MANIFEST, FWD_STEP_BEGIN, r->opts->manifest);
	ret = fwd_manifest_load_signed(ctx, r->opts->manifest, &trust, &r->manifest);
	if (ret)
		return fwd_update_step_fail(ctx, FWD_STEP_MANIFEST, ret);
	if (r->manifest->signed_by[0])
		json_object_set_new(r->report, "manifest_signed_by",
				    json_string(r->manifest->signed_by));
	manifest_done(ctx, r);
	ret = apply_manifest(ctx, r, &r->bmc);
	return ret ? ret : apply_manifest(ctx, r, &r->bios);
}

/* Room in the state folder for the staged copies and the backup. */
int fwd_update_free_space(struct fwd_ctx *ctx, struct update_run *r)
{
	const struct component *parts[] = { &r->bmc, &r->bios };
	unsigned long long need = 4ull << 20, have; /* the backup and the journal: small */
	struct statvfs vfs;
	struct stat sb;

	for (size_t i = 0; i < 2; i++)
		if (parts[i]->image && !parts[i]->done && stat(parts[i]->image, &sb) == 0)
			need += (unsigned long long)sb.st_size;
	if (statvfs(r->opts->target->state_dir, &vfs) < 0)
		return 0; /* the folder does not exist yet: creating it will tell */
	have = (unsigned long long)vfs.f_bavail * vfs.f_frsize;
	if (have >= need)
		return 0;
	fwd_steps_record(ctx->steps, FWD_STEP_FREE_SPACE, FWD_STEP_FAILED, "not enough room");
	return fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "the state folder '%s' has %llu KiB free, "
				 "and the staged copies and the backup need %llu KiB: free some "
				 "space or use --state-dir", r->opts->target->state_dir, have >> 10,
				 need >> 10);
}

static void report_image(struct component *c)
{
	/* What was checked is a copy of what the URL served: named by the URL. */
	if (c->url)
		c->check.path = c->url;
	json_object_set_new(c->report, "image_path", c->url ? json_null() :
			    json_string(c->image));
	json_object_set_new(c->report, "image_url", c->url ? json_string(c->url) : json_null());
	json_object_set_new(c->report, "image", fwd_image_to_json(&c->check));
}

/* A folder, a FIFO or a device is refused before any staged copy is made. */
static int image_is_file(struct fwd_ctx *ctx, struct component *c, int hpm1)
{
	int fd;

	memset(&c->check, 0, sizeof(c->check));
	c->check.path = c->image;
	c->check.vendor = !hpm1;
	fd = fwd_image_open(ctx, c->image, &c->check, NULL);
	if (fd < 0) {
		report_image(c);
		return fd;
	}
	close(fd);
	return 0;
}

/*
 * --bmc-url, --bios-url: what the URL serves is fetched into the staged
 * copy, which is then checked as a file is (image-url.h).  A dry run
 * fetches it too, as nothing else tells whether the URL serves the right
 * image; the copy goes at the run's end, as every staged copy does.
 * c->image becomes the copy.
 */
static int fetch_url(struct fwd_ctx *ctx, const struct update_run *r, struct component *c)
{
	uint64_t bytes;
	int fd, ret;

	if (!c->url)
		return 0;
	fd = fwd_staging_create(ctx, r->opts->target, c->name, c->url, &c->staged);
	if (fd < 0)
		return fd;
	fwd_log(ctx, FWD_LOG_INFO, "fetching %s, to check it before the BMC pulls it", c->url);
	ret = fwd_image_url_fetch(ctx, c->url, fd, &bytes);
	if (!ret && (fsync(fd) < 0 || fstat(fd, &c->staged_st) < 0))
		ret = fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "cannot write the copy of '%s' in "
					"'%s': %s", c->url, c->staged.s, strerror(errno));
	close(fd);
	if (ret) {
		report_image(c);
		return ret;
	}
	fwd_log(ctx, FWD_LOG_INFO, "fetched %llu bytes from %s", (unsigned long long)bytes,
		c->url);
	c->image = c->staged.s;
	return 0;
}

/* Checks c's image while copying it to its staged copy; fsyncs the copy. */
static int check_and_stage(struct fwd_ctx *ctx, const struct update_run *r,
			   struct component *c, int hpm1)
{
	/* A dry run checks the image as it is and writes no copy; a fetched
	 * URL is its own copy already. */
	int dry_run = r->opts->dry_run || c->url;
	int fd, ret;

	ret = image_is_file(ctx, c, hpm1);
	if (ret)
		return ret;
	fd = dry_run ? -1 : fwd_staging_create(ctx, r->opts->target, c->name, c->image,
					       &c->staged);
	if (fd < 0 && !dry_run)
		return fd;
	if (hpm1)
		ret = fwd_image_check_hpm1(ctx, c->image, c->sha256, c->sha256_from, fd,
					   &c->check);
	else
		ret = fwd_image_check_vendor(ctx, c->image, c->sha256, c->sha256_from, fd,
					     &c->check);
	if (!ret && fd >= 0 && (fsync(fd) < 0 || fstat(fd, &c->staged_st) < 0))
		ret = fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "cannot write the staged copy '%s': %s",
					c->staged.s, strerror(errno));
	if (fd >= 0)
		close(fd);
	report_image(c);
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
	if (cmp < 0 && !(flags & FWD_FLASH_ALLOW_DOWNGRADE))
		return fwd_ctx_set_error(ctx, -FWD_E_REFUSED,
			"'%s' installs %s, older than the %s the %s runs: refusing a downgrade "
			"(--allow-downgrade if you mean it)", c->image, c->version, c->before, c->name);
	return 0;
}

/*
 * An image whose version already runs is nothing to do: the component is
 * passed over, and a run where every component is is a success that
 * changed nothing (automation re-runs a play over a fleet).  A resumed run
 * judges by its journal instead (the *_kept steps), and --allow-reinstall
 * flashes it again.  1 when c is current (its check recorded as done).
 */
static int already_current(struct fwd_ctx *ctx, const struct update_run *r,
			   struct component *c, enum fwd_step step, const char *desc)
{
	if (r->opts->resume || (r->opts->flags & FWD_FLASH_ALLOW_REINSTALL) ||
	    !c->version[0] || !c->before[0] || fwd_version_compare_dotted(c->version, c->before))
		return 0;
	c->done = 1;
	json_object_set_new(c->report, "skipped", json_string("already runs the image's version"));
	fwd_steps_recordf(ctx->steps, step, FWD_STEP_DONE, "%s; the %s already runs %s: "
			  "nothing to do (--allow-reinstall flashes it again)", desc, c->name,
			  c->before);
	return 1;
}

int fwd_update_check_bmc_image(struct fwd_ctx *ctx, struct update_run *r)
{
	const struct fwd_update_opts *opts = r->opts;
	struct component *c = &r->bmc;
	int hpm1, ret;
	char desc[256];

	/* A resumed run may find the version in place: judged after the check. */
	unsigned flags = opts->flags | (opts->resume ? FWD_FLASH_ALLOW_REINSTALL : 0);

	fwd_steps_record(ctx->steps, FWD_STEP_CHECK_BMC_IMAGE, FWD_STEP_BEGIN, c->image);
	ret = fetch_url(ctx, r, c);
	if (ret)
		return fwd_update_step_fail(ctx, FWD_STEP_CHECK_BMC_IMAGE, ret);
	hpm1 = fwd_image_is_hpm1(c->image);
	ret = check_and_stage(ctx, r, c, hpm1);
	if (ret)
		return fwd_update_step_fail(ctx, FWD_STEP_CHECK_BMC_IMAGE, ret);
	if (hpm1) {
		char manifest_version[32], board[128];

		snprintf(manifest_version, sizeof(manifest_version), "%s", c->version);
		if (!c->check.sha256_source[0])
			fwd_log(ctx, FWD_LOG_WARN, "no expected SHA-256 for '%s' (--sha256-bmc or "
				"%s.sha256): only the image's own checksums were verified", c->image,
				c->image);
		/* The same version is judged below (already_current), not refused. */
		ret = fwd_hpm1_fits_bmc(ctx, c->image, &c->check.hpm, &r->ti.bmc,
					fwd_identity_board_label(&r->ti.info.id, board,
								 sizeof(board)),
					flags | FWD_FLASH_ALLOW_REINSTALL);
		if (ret)
			return fwd_update_step_fail(ctx, FWD_STEP_CHECK_BMC_IMAGE, ret);
		fwd_hpm1_version_format(&c->check.hpm.firmware, c->version, sizeof(c->version));
		/* The manifest's word on the version must be the image's own. */
		if (manifest_version[0] && strcmp(manifest_version, c->version) != 0) {
			fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "'%s' holds version %s, but the "
					  "manifest says %s: refusing an image the manifest does "
					  "not describe", c->image, c->version, manifest_version);
			return fwd_update_step_fail(ctx, FWD_STEP_CHECK_BMC_IMAGE, -FWD_E_REFUSED);
		}
	} else {
		if (opts->bmc_version && !c->version[0])
			snprintf(c->version, sizeof(c->version), "%s", opts->bmc_version);
		ret = vendor_version_allowed(ctx, c, flags);
		if (ret)
			return fwd_update_step_fail(ctx, FWD_STEP_CHECK_BMC_IMAGE, ret);
	}
	json_object_set_new(c->report, "version", c->version[0] ? json_string(c->version) :
			    json_null());
	snprintf(desc, sizeof(desc), "%s image, sha256 %.12s... %s",
		 hpm1 ? "valid HPM.1" : "vendor", c->check.hpm.sha256_hex,
		 c->check.sha256_source[0] ? "as expected" : "(no expected value given)");
	if (already_current(ctx, r, c, FWD_STEP_CHECK_BMC_IMAGE, desc))
		return 0;
	fwd_steps_recordf(ctx->steps, FWD_STEP_CHECK_BMC_IMAGE, FWD_STEP_DONE, "%s; %s -> %s",
			  desc, c->before, c->version[0] ? c->version : "the image's version");
	return 0;
}

int fwd_update_check_bios_image(struct fwd_ctx *ctx, struct update_run *r)
{
	const struct fwd_update_opts *opts = r->opts;
	struct component *c = &r->bios;
	char desc[256];
	int ret;

	fwd_steps_record(ctx->steps, FWD_STEP_CHECK_BIOS_IMAGE, FWD_STEP_BEGIN, c->image);
	ret = fetch_url(ctx, r, c);
	if (!ret)
		ret = check_and_stage(ctx, r, c, 0);
	if (ret)
		return fwd_update_step_fail(ctx, FWD_STEP_CHECK_BIOS_IMAGE, ret);
	if (opts->bios_version && !c->version[0])
		snprintf(c->version, sizeof(c->version), "%s", opts->bios_version);
	/* A staged BIOS runs only after the reboot: a resumed run skips it by
	 * the journal (fwd_update_bios_kept), not by the running version. */
	ret = vendor_version_allowed(ctx, c, opts->flags | (opts->resume ?
					     FWD_FLASH_ALLOW_REINSTALL : 0));
	if (ret)
		return fwd_update_step_fail(ctx, FWD_STEP_CHECK_BIOS_IMAGE, ret);
	json_object_set_new(c->report, "version", c->version[0] ? json_string(c->version) :
			    json_null());
	snprintf(desc, sizeof(desc), "vendor image, %llu bytes, sha256 %.12s... as expected",
		 (unsigned long long)c->check.hpm.size, c->check.hpm.sha256_hex);
	if (already_current(ctx, r, c, FWD_STEP_CHECK_BIOS_IMAGE, desc))
		return 0;
	fwd_steps_record(ctx->steps, FWD_STEP_CHECK_BIOS_IMAGE, FWD_STEP_DONE, desc);
	return 0;
}

