/*
 * update-flash.c: the steps of an update that change the machine: the
 * backup before anything else, the BMC (the plugin's upload, then the
 * core's reset, wait and verification: bmc-sequence.h), its LAN settings
 * afterwards, the BIOS; and for a resumed run, which of them the
 * interrupted run did already (update-run.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ipmi/backup.h"
#include "ipmi/lan.h"
#include "plugin-host/plugin-call.h"
#include "redfish/redfish.h"
#include "update/bmc-sequence.h"
#include "update/host-boot.h"
#include "update/plan.h"
#include "update/staging.h"
#include "update/steps.h"
#include "update/update-run.h"
#include "util/clock.h"
#include "util/file-kind.h"
#include "util/json-out.h"
#include "util/version.h"

/* The request for component c, as the plugin gets it.  before: what runs
 * now, as precisely as it was read. */
void fwd_update_request(const struct update_run *r, const struct component *c,
			 const char *before, struct fwd_flash_request *req)
{
	const struct fwd_update_opts *opts = r->opts;

	memset(req, 0, sizeof(*req));
	req->size = sizeof(*req);
	/* A dry run made no copy: the plan names the operator's file. */
	req->image_path = c->staged.len ? c->staged.s : c->image;
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
	req->earlier_job_id = r->earlier_job[0] ? r->earlier_job : NULL;
	req->image_url = c->url;
	if (!c->check.vendor) {
		const struct fwd_hpm1_info *h = &c->check.hpm;

		for (unsigned i = 0; i < h->n_components && i < FWD_HPM1_MAX_COMPONENTS; i++) {
			const struct fwd_hpm1_component *k = &h->components[i];

			req->hpm_components |= 1u << k->id;
			req->hpm_revisions[k->id][0] = k->version.major;
			req->hpm_revisions[k->id][1] = k->version.minor;
			memcpy(&req->hpm_revisions[k->id][2], k->version.aux, 4);
		}
	}
}

/*
 * The plugin's own preflight: can it do this on this machine?  It finds
 * its tools and refuses what it cannot do (a BIOS on a board whose plugin
 * cannot stage one) before anything changes.
 */
static int plugin_preflight(struct fwd_ctx *ctx, struct update_run *r, struct component *c)
{
	int bmc = c == &r->bmc;
	struct fwd_flash_request req;
	int ret;

	fwd_update_request(r, c, c->before, &req);
	ret = fwd_call_preflight(ctx, r->ti.choice.chosen, &r->ti.info.id,
				 bmc ? FWD_PART_BMC : FWD_PART_BIOS, &req);
	if (ret)
		return fwd_update_step_fail(ctx, bmc ? FWD_STEP_PREFLIGHT_BMC : FWD_STEP_PREFLIGHT_BIOS, ret);
	return 0;
}

int fwd_update_preflight_bmc(struct fwd_ctx *ctx, struct update_run *r)
{
	return plugin_preflight(ctx, r, &r->bmc);
}

int fwd_update_preflight_bios(struct fwd_ctx *ctx, struct update_run *r)
{
	return plugin_preflight(ctx, r, &r->bios);
}

/*
 * The BMC's own lock, once the backup named its MAC (lock.h): a run that
 * reaches this BMC by another name or address is refused here, before
 * anything is flashed (issue 12, defect 3).
 */
static int lock_bmc(struct fwd_ctx *ctx, struct update_run *r)
{
	const json_t *channels = json_object_get(r->backup, "lan_channels");
	const char *mac = NULL;

	for (size_t i = 0; !mac && i < json_array_size(channels); i++) {
		mac = fwd_json_str(json_object_get(json_array_get(channels, i), "settings"), "mac");
		if (mac && strspn(mac, "0:") == strlen(mac))
			mac = NULL;  /* a channel without an address of its own */
	}
	if (!mac || r->bmc_lock.fd >= 0)
		return 0;
	return fwd_lock_take_bmc(ctx, r->opts->target, mac, "update", &r->bmc_lock);
}

/* Resume: the interrupted run's backup, when it was written. */
int fwd_update_backup_kept(struct fwd_ctx *ctx, struct update_run *r)
{
	const char *path = fwd_json_str(r->opts->resume, "backup");
	json_error_t e = { .text = "not a regular file" };
	mode_t kind;
	int fd;

	if (!path || !fwd_steps_journal_ok(r->opts->resume, FWD_STEP_BACKUP))
		return 0;
	/* A FIFO planted there must not hang the resume. */
	fd = fwd_open_regular(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW, 0, &kind);
	r->backup = fd >= 0 ? json_loadfd(fd, JSON_REJECT_DUPLICATES, &e) : NULL;
	if (fd >= 0)
		close(fd);
	else if (fd != -EINVAL)
		snprintf(e.text, sizeof(e.text), "%s", strerror(-fd));
	if (!r->backup) {
		fwd_log(ctx, FWD_LOG_WARN, "the interrupted run's backup '%s' cannot be read (%s): "
			"taking a new one", path, e.text);
		return 0;
	}
	json_object_set_new(r->report, "backup", json_string(path));
	if (lock_bmc(ctx, r))
		return fwd_update_step_fail(ctx, FWD_STEP_BACKUP, ctx->err.code);
	fwd_steps_record_kept(ctx->steps, FWD_STEP_BACKUP, "kept from the interrupted run: %s",
			      path);
	return 1;
}

/* The BMC's settings, on disk and fsynced, before anything is flashed. */
int fwd_update_backup(struct fwd_ctx *ctx, struct update_run *r)
{
	struct fwd_buf path = FWD_BUF_INIT;
	char target[300];
	int ret;

	/* The power check read the supplies and the SEL moments ago. */
	const json_t *power = json_object_get(r->report, "power");

	if (r->opts->dry_run)
		return fwd_backup_plan(ctx, r->ti.choice.chosen, power != NULL);
	fwd_steps_record(ctx->steps, FWD_STEP_BACKUP, FWD_STEP_BEGIN,
			 "saving the BMC's identity, LAN settings and users");
	ret = fwd_backup_run(ctx, r->opts->target->state_dir, &r->ti.info.id,
			     r->ti.choice.chosen,
			     fwd_target_describe(r->opts->target, target, sizeof(target)), power,
			     &path, &r->backup);
	if (!ret) {
		json_object_set_new(r->report, "backup", json_string(path.s));
		ret = lock_bmc(ctx, r);
	}
	if (!ret)
		fwd_steps_record(ctx->steps, FWD_STEP_BACKUP, FWD_STEP_DONE, path.s);
	fwd_buf_release(&path);
	return ret ? fwd_update_step_fail(ctx, FWD_STEP_BACKUP, ret) : 0;
}

/* Resume: is the BMC's part already done?  Refuses what cannot be told. */
static int bmc_already_done(struct fwd_ctx *ctx, struct update_run *r)
{
	struct component *c = &r->bmc;
	int started = c->prev && json_is_true(json_object_get(c->prev, "flash_started"));
	int same = c->version[0] && c->before[0] &&
		   !fwd_version_compare_dotted(c->version, c->before);

	if (fwd_steps_journal_ok(r->opts->resume, FWD_STEP_BMC_VERIFY) && !same) {
		fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "the interrupted run verified %s on the "
				  "BMC, which now runs %s: something changed it since (a rollback?); "
				  "look before starting a new update", c->version, c->before);
		return fwd_update_step_fail(ctx, FWD_STEP_BMC_FLASH, -FWD_E_REFUSED);
	}
	if (started && !c->version[0]) {
		fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "cannot tell whether the interrupted BMC "
				  "flash finished: the image's version is unknown (--bmc-version); "
				  "check what the BMC runs, then start a new update");
		return fwd_update_step_fail(ctx, FWD_STEP_BMC_FLASH, -FWD_E_REFUSED);
	}
	/* The same version without a flash begun is a reinstall asked for. */
	if (same && (started || !(r->opts->flags & FWD_FLASH_ALLOW_REINSTALL)))
		return 1;
	return 0;
}

int fwd_update_bmc_kept(struct fwd_ctx *ctx, struct update_run *r)
{
	struct component *c = &r->bmc;
	int ret = bmc_already_done(ctx, r);

	if (ret <= 0)
		return ret;
	json_object_set_new(c->report, "after", json_string(c->before));
	/* A later resume must still know that a flash happened. */
	if (c->prev && json_is_true(json_object_get(c->prev, "flash_started")))
		json_object_set_new(c->report, "flash_started", json_true());
	fwd_steps_record_kept(ctx->steps, FWD_STEP_BMC_FLASH, "the BMC already runs %s: the "
			      "interrupted run flashed it; not flashing again", c->before);
	return 1;
}

/* A BIOS the interrupted run staged stays staged. */
int fwd_update_bios_kept(struct fwd_ctx *ctx, struct update_run *r)
{
	struct component *c = &r->bios;
	const char *keep[] = { "staged", "job_id", "reboot_required", "command",
			       "preserve_settings", "host_boot", NULL };

	if (!c->prev || !fwd_steps_journal_ok(r->opts->resume, FWD_STEP_BIOS_STAGE))
		return 0;
	for (size_t i = 0; keep[i]; i++) {
		json_t *v = json_object_get(c->prev, keep[i]);

		if (v)
			json_object_set(c->report, keep[i], v);
	}
	json_object_set_new(c->report, "flash_started", json_true());
	fwd_steps_record_kept(ctx->steps, FWD_STEP_BIOS_STAGE, "%s",
			      "the interrupted run staged it already; not staging again");
	return 1;
}

/*
 * The tools open the staged copy by its path: before and after each, that
 * path must still name the file that was hashed (issue 12, defect 2).
 */
static int staged_unchanged(struct fwd_ctx *ctx, const struct component *c, int after_tool)
{
	if (!c->staged.len || !c->staged_st.st_ino)
		return 0;  /* a dry run: no copy, nothing handed over */
	return fwd_staging_unchanged(ctx, c->staged.s, &c->staged_st, after_tool);
}

/* A plugin that failed outside its own steps still leaves a named stop. */
static int plugin_failed(struct fwd_ctx *ctx, enum fwd_step step, int ret)
{
	if (!fwd_steps_stopped_at(ctx->steps))
		fwd_steps_record(ctx->steps, step, FWD_STEP_FAILED, ctx->err.msg);
	return ret;
}

/*
 * The BMC: the plugin uploads and activates, then the core resets, waits
 * and verifies (bmc-sequence.h), the same way for every plugin.
 */
int fwd_update_flash_bmc(struct fwd_ctx *ctx, struct update_run *r)
{
	const struct fwd_plugin_slot *slot = r->ti.choice.chosen;
	struct component *c = &r->bmc;
	struct fwd_bmc_sequence seq = {
		.plugin = slot, .id = &r->ti.info.id, .flags = r->opts->flags,
		.wait_s = r->opts->bmc_wait_s,
		.next = { .size = sizeof(seq.next), .reset = FWD_BMC_RESET_NONE },
	};
	struct fwd_flash_request req;
	struct fwd_versions now;
	int ret;

	/* What runs now, as precisely as the plugin reads it (Dell's racadm
	 * gives the full version), to tell afterwards whether it changed.  A
	 * dry run reads nothing more. */
	if (r->opts->dry_run)
		snprintf(now.bmc, sizeof(now.bmc), "%s", c->before);
	else
		fwd_versions_now(ctx, slot, &r->ti.info.id, FWD_VERSION_BMC, &now);
	if (!now.bmc[0])
		snprintf(now.bmc, sizeof(now.bmc), "%s", c->before);
	fwd_update_request(r, c, now.bmc, &req);
	seq.want = req.version;
	seq.before = req.running_version;
	ret = fwd_bmc_sequence_check(ctx, &seq);
	if (ret)
		return fwd_update_step_fail(ctx, FWD_STEP_BMC_FLASH, ret);
	ret = staged_unchanged(ctx, c, 0);
	if (ret)
		return fwd_update_step_fail(ctx, FWD_STEP_BMC_FLASH, ret);
	/* From here on the machine may have been changed: the report says so. */
	if (!r->opts->dry_run)
		json_object_set_new(c->report, "flash_started", json_true());
	ret = fwd_call_flash_bmc(ctx, slot, &r->ti.info.id, &req, &seq.next, c->report);
	seq.upload_end_ms = fwd_now_ms(ctx);
	/* The -z the upload was given (ipmi/request-size.h), if any. */
	if (ctx->ipmi_request_size > 0)
		json_object_set_new(c->report, "ipmi_request_size",
				    json_integer(ctx->ipmi_request_size));
	if (!ret)
		ret = staged_unchanged(ctx, c, 1);
	if (ret)
		return plugin_failed(ctx, FWD_STEP_BMC_FLASH, ret);
	if (r->opts->dry_run)
		return fwd_bmc_sequence_plan(ctx, &seq);
	return fwd_bmc_sequence_run(ctx, &seq, c->report);
}

/* After a BMC flash: its LAN settings as in the backup, restored if lost. */
/*
 * The plugin's own settings of the backup (a Supermicro BMC's LAN
 * interface mode, an iDRAC's NIC selection): a flash may reset them as it
 * resets the LAN settings, and a BMC whose port moved is as lost as one
 * whose address did.  The plugin compares, puts back and reads back.
 */
static int check_vendor_settings(struct fwd_ctx *ctx, struct update_run *r)
{
	const json_t *saved = json_object_get(r->backup, "vendor");
	json_t *result;
	int ret;

	if (!r->ti.choice.chosen || !r->ti.choice.chosen->vt->check_settings ||
	    !json_is_object(saved) || !json_object_size(saved))
		return 0;
	result = json_object();
	json_object_set_new(r->report, "vendor_settings", result);
	ret = fwd_call_check_settings(ctx, r->ti.choice.chosen, &r->ti.info.id, saved,
				      FWD_SETTINGS_RESTORE, result);
	if (ret) {
		char why[FWD_ERROR_MAX];

		snprintf(why, sizeof(why), "%s", ctx->err.msg);
		fwd_ctx_set_error(ctx, ret, "the BMC's own settings of plugin '%s' are not as in "
				  "the backup after the flash: %s", r->ti.choice.chosen->name, why);
	}
	return ret;
}

int fwd_update_check_lan(struct fwd_ctx *ctx, struct update_run *r)
{
	json_t *lan;
	int ret;

	if (r->opts->dry_run) {
		fwd_plan_note(ctx, FWD_STEP_LAN_CHECK, "compare the BMC's LAN settings (and the "
			      "plugin's own, such as the NIC mode) with the backup; put back only "
			      "what the flash changed, then read them back", NULL);
		fwd_steps_record(ctx->steps, FWD_STEP_LAN_CHECK, FWD_STEP_SKIPPED,
				 "dry run: would compare the LAN settings with the backup");
		return 0;
	}
	lan = json_array();
	json_object_set_new(r->report, "lan", lan);
	fwd_steps_record(ctx->steps, FWD_STEP_LAN_CHECK, FWD_STEP_BEGIN,
			 "comparing the BMC's LAN settings with the backup");
	/* Over Redfish the settings are all the plugin's (backup.h). */
	ret = fwd_redfish_target(ctx) ? 0 :
	      fwd_lan_restore_from_backup(ctx, r->backup, 0, lan, NULL, NULL);
	if (!ret)
		ret = check_vendor_settings(ctx, r);
	if (ret)
		return fwd_update_step_fail(ctx, FWD_STEP_LAN_CHECK, ret);
	fwd_steps_record(ctx->steps, FWD_STEP_LAN_CHECK, FWD_STEP_DONE,
			 "LAN settings as in the backup");
	return 0;
}

/* The BIOS: the plugin stages it, to be applied at the next host reboot. */
int fwd_update_stage_bios(struct fwd_ctx *ctx, struct update_run *r)
{
	struct component *c = &r->bios;
	struct fwd_flash_request req;
	int ret;

	fwd_update_request(r, c, c->before, &req);
	ret = staged_unchanged(ctx, c, 0);
	if (ret)
		return fwd_update_step_fail(ctx, FWD_STEP_BIOS_STAGE, ret);
	if (!r->opts->dry_run) {
		json_t *mark = fwd_host_boot_mark(ctx);

		/* So that verify can tell "not rebooted yet" from "not applied". */
		json_object_set_new(c->report, "host_boot", mark ? mark : json_null());
		json_object_set_new(c->report, "flash_started", json_true());
	}
	ret = fwd_call_stage_bios(ctx, r->ti.choice.chosen, &r->ti.info.id, &req, c->report);
	if (!ret)
		ret = staged_unchanged(ctx, c, 1);
	return ret ? plugin_failed(ctx, FWD_STEP_BIOS_STAGE, ret) : 0;
}

