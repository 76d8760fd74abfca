/*
 * stage-bios.c: a BIOS Dell Update Package staged through racadm.
 *
 * `racadm update -f F` creates a job that waits, Scheduled, until the host
 * reboots; the BIOS is written during that boot.  So staging ends once the
 * job is Scheduled: the result says reboot_required and the job ID, which
 * `fwdispatch status` reads again after the reboot (job_status).
 * fwdispatch does not reboot a Dell host (see the FWD_FLASH_REBOOT note).
 */
#include "dell.h"

#include <stdio.h>
#include <string.h>

#include "job.h"

static void set_staged(const struct fwd_host_api *host, struct fwd_json *result,
		       const char *jid, int reboot_required)
{
	host->json_object_set_new(result, "job_id", jid && *jid ? host->json_string(jid) :
				  host->json_null());
	host->json_object_set_new(result, "reboot_required", host->json_boolean(reboot_required));
}

/* A job Completed at once: does the new BIOS run already? */
static int bios_runs(const struct fwd_host_api *host, struct fwd_ctx *ctx,
		     const struct fwd_flash_request *req)
{
	struct racadm_versions v;
	char why[256];

	if (!req->version)
		return 0;
	if (racadm_getversion(host, ctx, &v, NULL, why, sizeof(why)) != 0 || !v.bios[0])
		return 0;
	return racadm_version_same(v.bios, req->version);
}

static int upload(const struct fwd_host_api *host, struct fwd_ctx *ctx,
		  const struct fwd_flash_request *req, struct fwd_json *result,
		  struct dell_update *u)
{
	int ret;

	host->step(ctx, FWD_STEP_BIOS_STAGE, FWD_STEP_BEGIN, "racadm update -f %s", req->image_path);
	ret = dell_update_run(host, ctx, req->image_path, u);
	host->json_object_set_new(result, "upload_exit_code", host->json_integer(u->exit_code));
	host->json_object_set_new(result, "tool_output", host->json_string(u->text));
	if (ret == -FWD_E_FLASH) {
		host->step(ctx, FWD_STEP_BIOS_STAGE, FWD_STEP_FAILED, "no RAC987 from racadm (exit %d): %s",
			   u->exit_code, u->text);
		return host->set_error(ctx, -FWD_E_FLASH,
			"the BIOS update was not staged: racadm printed no RAC987 line (exit %d): %s",
			u->exit_code, u->text);
	}
	if (ret == -FWD_E_BUSY) {
		host->step(ctx, FWD_STEP_BIOS_STAGE, FWD_STEP_FAILED, "the iDRAC is busy: %s",
			   u->text);
		return host->set_error(ctx, -FWD_E_BUSY,
			"the iDRAC is busy with other work and staged no BIOS update: racadm said "
			"'%s'; nothing was staged: try again in a few minutes (see 'racadm "
			"jobqueue view'; a host held in POST or in the Lifecycle Controller keeps "
			"it busy)", u->text);
	}
	if (ret == -FWD_E_TIMEOUT) {
		host->step(ctx, FWD_STEP_BIOS_STAGE, FWD_STEP_FAILED, "racadm update did not finish");
		return host->set_error(ctx, -FWD_E_FLASH,
			"'racadm update' did not finish within %u minutes and was stopped: a job "
			"may have been created; look with 'racadm jobqueue view' before trying again",
			RACADM_UPDATE_TIMEOUT_MS / 60000u);
	}
	if (ret) {
		host->step(ctx, FWD_STEP_BIOS_STAGE, FWD_STEP_FAILED, "racadm could not be run");
		return ret;
	}
	if (u->exit_code != 0)
		host->log(ctx, FWD_LOG_INFO, "racadm update exited %d, but printed '%s': the job "
			  "exists", u->exit_code, u->rac987);
	return 0;
}

/* began: what the look that found the job showed of it at work, or "". */
static int judge(const struct fwd_host_api *host, struct fwd_ctx *ctx,
		 const struct fwd_flash_request *req, struct fwd_json *result, const char *jid,
		 unsigned wait_s, char *began, size_t began_size)
{
	struct racadm_job job;
	char why[256];
	int ret;

	ret = dell_job_follow(host, ctx, jid, DELL_FOLLOW_TO_STAGED, wait_s, FWD_STEP_BIOS_STAGE, &job,
			      why, sizeof(why), began, began_size);
	if (job.id[0]) {
		host->json_object_set_new(result, "job_status", host->json_string(job.status));
		host->json_object_set_new(result, "job_message", host->json_string(job.message));
	}
	if (ret == -FWD_E_TOOL_MISSING) {
		host->step(ctx, FWD_STEP_BIOS_STAGE, FWD_STEP_FAILED, "racadm could not be run");
		return ret;
	}
	if (ret) {
		/* The job exists and may still become Scheduled: say how to see it. */
		host->json_object_set_new(result, "job_id", host->json_string(jid));
		host->step(ctx, FWD_STEP_BIOS_STAGE, FWD_STEP_FAILED, "%s still %s after %u s", jid,
			   job.id[0] ? job.status : "not shown by racadm", wait_s);
		return host->set_error(ctx, -FWD_E_TIMEOUT,
			"the BIOS job %s was created but is not Scheduled after %u s (%s): it may "
			"still be scheduled and then apply at the next reboot; look at it with "
			"'racadm jobqueue view -i %s' or 'fwdispatch status', and remove it with "
			"'racadm jobqueue delete -i %s' if it must not apply", jid, wait_s,
			job.id[0] ? job.status : why, jid, jid);
	}
	switch (racadm_job_state(job.status)) {
	case RACADM_JOB_FAILED:
		set_staged(host, result, jid, 0);
		if (began[0]) {
			/* It was at work: the BIOS may be half written. */
			host->json_object_set_new(result, "writing_began", host->json_boolean(1));
			host->step(ctx, FWD_STEP_BIOS_STAGE, FWD_STEP_FAILED, "%s %s after it had "
				   "begun (seen %s): may have failed part-way: %s", jid, job.status,
				   began,
				   job.message[0] ? job.message : "no message");
			return host->set_error(ctx, -FWD_E_FLASH, "the BIOS update job %s ended %s "
				"after it had begun (seen %s): the update may have failed part-way: "
				"%s; do not power "
				"off or reboot the host until the BIOS has been flashed again "
				"successfully: a half-written BIOS may not start (see 'racadm "
				"jobqueue view -i %s')", jid, job.status, began,
				job.message[0] ? job.message : "no message", jid);
		}
		host->step(ctx, FWD_STEP_BIOS_STAGE, FWD_STEP_FAILED, "%s %s: %s", jid, job.status,
			   job.message[0] ? job.message : "no message");
		return host->set_error(ctx, -FWD_E_FLASH, "the BIOS update job %s ended %s: %s",
				       jid, job.status,
				       job.message[0] ? job.message : "no message");
	case RACADM_JOB_COMPLETED:
		/* Some packages finish at once; the BIOS still runs only from a boot. */
		if (bios_runs(host, ctx, req)) {
			set_staged(host, result, jid, 0);
			host->step(ctx, FWD_STEP_BIOS_STAGE, FWD_STEP_DONE, "%s Completed (%s): the host "
				   "already runs BIOS %s", jid,
				   job.message[0] ? job.message : "no message", req->version);
			return 0;
		}
		set_staged(host, result, jid, 1);
		host->step(ctx, FWD_STEP_BIOS_STAGE, FWD_STEP_DONE, "%s Completed (%s): the new BIOS "
			   "runs from the next host reboot", jid,
			   job.message[0] ? job.message : "no message");
		return 0;
	default:
		set_staged(host, result, jid, 1);
		host->step(ctx, FWD_STEP_BIOS_STAGE, FWD_STEP_DONE, "staged as job %s (%s): applied at "
			   "the next host reboot", jid, job.status);
		return 0;
	}
}

int dell_stage_bios(struct fwd_ctx *ctx, const struct fwd_identity *id,
		    const struct fwd_flash_request *req, struct fwd_json *result)
{
	const struct fwd_host_api *host = dell_host();
	unsigned wait_s = dell_job_wait_s(req);
	struct dell_job_snapshot snap;
	struct dell_update u;
	char jid[RACADM_JID_SIZE], why[256], began[96] = "";
	struct racadm_job seen = { .percent = -1 };
	int ret;

	(void)id;
	if (!req->image_path)
		return host->set_error(ctx, -FWD_E_INTERNAL, "stage_bios needs the image path");
	/* A Dell Update Package keeps the BIOS settings; racadm has no switch
	 * to drop them. */
	host->json_object_set_new(result, "preserve_settings", host->json_boolean(1));
	if (req->flags & FWD_FLASH_NO_PRESERVE_SETTINGS)
		host->log(ctx, FWD_LOG_WARN, "--no-preserve-settings has no racadm equivalent: a "
			  "Dell Update Package keeps the BIOS settings");
	if (req->flags & FWD_FLASH_DRY_RUN) {
		const char *args[] = { "update", "-f", req->image_path, NULL };

		return racadm_plan(host, ctx, FWD_STEP_BIOS_STAGE, args,
				   "create the BIOS job and wait until it is Scheduled for the "
				   "next host reboot");
	}
	ret = racadm_target_ok(host, ctx);
	if (ret)
		return ret;
	racadm_warn_out_of_band(host, ctx);
	/* No documented racadm way to reboot for a package's job was verified
	 * (jobqueue create -r is for configuration jobs): the operator reboots. */
	if (req->flags & FWD_FLASH_REBOOT)
		host->log(ctx, FWD_LOG_WARN, "--reboot: fwdispatch does not reboot a Dell host; "
			  "the BIOS job applies when you reboot it");

	dell_job_snapshot_take(host, ctx, &snap);
	ret = upload(host, ctx, req, result, &u);
	if (ret) {
		dell_job_snapshot_release(&snap);
		return ret;
	}
	snprintf(jid, sizeof(jid), "%s", u.jid);
	if (!jid[0])
		ret = dell_job_locate(host, ctx, &snap, req->image_path, "BIOS", wait_s, jid, why,
				      sizeof(why), &seen);
	/* The queue's look counts: the job may have been at work already. */
	if (!ret)
		dell_job_note_began(&seen, began, sizeof(began));
	dell_job_snapshot_release(&snap);
	if (ret == -FWD_E_TOOL_MISSING) {
		host->step(ctx, FWD_STEP_BIOS_STAGE, FWD_STEP_FAILED, "racadm could not be run");
		return ret;
	}
	if (ret) {
		/* RAC987 says the job exists: it is staged, only untracked. */
		set_staged(host, result, NULL, 1);
		host->log(ctx, FWD_LOG_WARN, "the BIOS job's ID was not found (%s): see 'racadm "
			  "jobqueue view'", why);
		host->step(ctx, FWD_STEP_BIOS_STAGE, FWD_STEP_DONE, "%s (job ID not found: %s); applied "
			   "at the next host reboot", u.rac987, why);
		return 0;
	}
	return judge(host, ctx, req, result, jid, wait_s, began, sizeof(began));
}
