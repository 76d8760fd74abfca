/*
 * flash-bmc.c: the iDRAC's own firmware through a Dell Update Package.
 *
 * Steps: bmc-upload (`racadm update -f F`), bmc-job (following the job
 * until Completed or Failed).  The iDRAC then resets itself, not always
 * at once: the core waits for it (up to GO_DOWN_S of answers from the old
 * firmware first), and verifies through read_versions, where racadm
 * gives the full version.  An .hpm image takes the HPM.1 path instead
 * (dell.c).
 */
#include "dell.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "job.h"

/* After its job completes the iDRAC restarts by itself, not always at
 * once; its answers until then come from the old firmware. */
#define GO_DOWN_S 60u

unsigned dell_job_wait_s(const struct fwd_flash_request *req)
{
	return req->job_wait_s ? req->job_wait_s : DELL_JOB_WAIT_DEFAULT_S;
}

/* For messages after a failure: what does the iDRAC run now, if it answers? */
static void note_after(const struct fwd_host_api *host, struct fwd_ctx *ctx,
		       struct fwd_json *result, char *buf, size_t size)
{
	struct fwd_bmc_info info = { .size = sizeof(info) };

	if (host->bmc_info(ctx, &info) == 0) {
		host->json_object_set_new(result, "after", host->json_string(info.firmware));
		snprintf(buf, size, "the iDRAC answers and runs %s", info.firmware);
	} else {
		host->json_object_set_new(result, "after", host->json_null());
		snprintf(buf, size, "the iDRAC does not answer now");
	}
}

static int upload(const struct fwd_host_api *host, struct fwd_ctx *ctx,
		  const struct fwd_flash_request *req, struct fwd_json *result,
		  struct dell_update *u)
{
	char now[128];
	int ret;

	host->step(ctx, FWD_STEP_BMC_UPLOAD, FWD_STEP_BEGIN, "racadm update -f %s", req->image_path);
	ret = dell_update_run(host, ctx, req->image_path, u);
	host->json_object_set_new(result, "upload_exit_code", host->json_integer(u->exit_code));
	host->json_object_set_new(result, "tool_output", host->json_string(u->text));
	if (ret == -FWD_E_FLASH) {
		host->step(ctx, FWD_STEP_BMC_UPLOAD, FWD_STEP_FAILED, "no RAC987 from racadm (exit %d): %s",
			   u->exit_code, u->text);
		note_after(host, ctx, result, now, sizeof(now));
		return host->set_error(ctx, -FWD_E_FLASH,
			"the iDRAC update was not started: racadm printed no RAC987 line "
			"(exit %d): %s; %s", u->exit_code, u->text, now);
	}
	if (ret == -FWD_E_BUSY) {
		host->step(ctx, FWD_STEP_BMC_UPLOAD, FWD_STEP_FAILED, "the iDRAC is busy: %s",
			   u->text);
		return host->set_error(ctx, -FWD_E_BUSY,
			"the iDRAC is busy with other work and started no update: racadm said "
			"'%s'; nothing was changed: try again in a few minutes (see 'racadm "
			"jobqueue view'; a host held in POST or in the Lifecycle Controller keeps "
			"it busy)", u->text);
	}
	if (ret == -FWD_E_TIMEOUT) {
		host->step(ctx, FWD_STEP_BMC_UPLOAD, FWD_STEP_FAILED, "racadm update did not finish");
		return host->set_error(ctx, -FWD_E_FLASH,
			"'racadm update' did not finish within %u minutes and was stopped: a job "
			"may have been created; look with 'racadm jobqueue view' before trying again",
			RACADM_UPDATE_TIMEOUT_MS / 60000u);
	}
	if (ret) {
		host->step(ctx, FWD_STEP_BMC_UPLOAD, FWD_STEP_FAILED, "racadm could not be run");
		return ret;
	}
	if (u->exit_code != 0)
		host->log(ctx, FWD_LOG_INFO, "racadm update exited %d, but printed '%s': the job "
			  "exists, following it", u->exit_code, u->rac987);
	host->step(ctx, FWD_STEP_BMC_UPLOAD, FWD_STEP_DONE, "%s%s", u->rac987,
		   u->exit_code != 0 ? " (racadm's non-zero exit ignored: RAC987 says the job "
		   "exists)" : "");
	return 0;
}

static int follow(const struct fwd_host_api *host, struct fwd_ctx *ctx,
		  const struct fwd_flash_request *req, struct fwd_bmc_flashed *next,
		  struct fwd_json *result, const struct dell_update *u,
		  const struct dell_job_snapshot *snap)
{
	unsigned wait_s = dell_job_wait_s(req);
	struct racadm_job job;
	char jid[RACADM_JID_SIZE], why[256], now[128], began[96] = "";
	struct racadm_job seen = { .percent = -1 };
	int ret;

	snprintf(jid, sizeof(jid), "%s", u->jid);
	if (!jid[0]) {
		ret = dell_job_locate(host, ctx, snap, req->image_path, "iDRAC", wait_s, jid,
				      why, sizeof(why), &seen);
		/* The queue's look counts: the job may have been at work already. */
		if (!ret)
			dell_job_note_began(&seen, began, sizeof(began));
		if (ret) {
			host->json_object_set_new(result, "job_id", host->json_null());
			host->step(ctx, FWD_STEP_BMC_JOB, FWD_STEP_FAILED, "job ID not found: %s", why);
			return host->set_error(ctx, -FWD_E_FLASH,
				"racadm created the iDRAC update job (RAC987) but its ID is neither in "
				"racadm's output nor in the queue (%s): the iDRAC may be updating now, "
				"do not power it off; follow it with 'racadm jobqueue view' and check "
				"'racadm getversion' before trying again", why);
		}
	}
	host->json_object_set_new(result, "job_id", host->json_string(jid));
	if (FWD_SIZED_HAS(next, struct fwd_bmc_flashed, job_id))
		snprintf(next->job_id, sizeof(next->job_id), "%s", jid);
	host->step(ctx, FWD_STEP_BMC_JOB, FWD_STEP_BEGIN, "following job %s (up to %u s)", jid, wait_s);
	ret = dell_job_follow(host, ctx, jid, DELL_FOLLOW_TO_END, wait_s, FWD_STEP_BMC_JOB, &job,
			      why, sizeof(why), began, sizeof(began));
	if (job.id[0]) {
		host->json_object_set_new(result, "job_status", host->json_string(job.status));
		host->json_object_set_new(result, "job_message", host->json_string(job.message));
	}
	if (ret == -FWD_E_TOOL_MISSING) {
		host->step(ctx, FWD_STEP_BMC_JOB, FWD_STEP_FAILED, "racadm could not be run");
		return ret;
	}
	if (ret) {
		char last[320];

		if (job.id[0] && job.percent >= 0)
			snprintf(last, sizeof(last), "last status %s, %d%% complete", job.status,
				 job.percent);
		else if (job.id[0])
			snprintf(last, sizeof(last), "last status %s", job.status);
		else
			snprintf(last, sizeof(last), "racadm never showed the job: %s", why);
		host->step(ctx, FWD_STEP_BMC_JOB, FWD_STEP_FAILED, "%s not finished after %u s (%s)", jid,
			   wait_s, last);
		return host->set_error(ctx, -FWD_E_TIMEOUT,
			"the iDRAC update job %s did not finish within %u s (%s): it may still be "
			"running, do not power the server off; look at it with 'racadm jobqueue "
			"view -i %s' or 'fwdispatch status', and give slow iDRACs more time with "
			"--job-timeout", jid, wait_s, last, jid);
	}
	if (racadm_job_state(job.status) == RACADM_JOB_FAILED && began[0]) {
		/* It was at work: the iDRAC's firmware may be half written. */
		host->json_object_set_new(result, "writing_began", host->json_boolean(1));
		host->step(ctx, FWD_STEP_BMC_JOB, FWD_STEP_FAILED, "%s %s after it had begun "
			   "(seen %s): may have failed part-way: %s", jid, job.status, began,
			   job.message[0] ? job.message : "no message");
		note_after(host, ctx, result, now, sizeof(now));
		return host->set_error(ctx, -FWD_E_FLASH, "the iDRAC update job %s ended %s after "
				       "it had begun (seen %s): the update may have failed "
				       "part-way: %s; %s; do not "
				       "remove the server's power until the iDRAC has been updated "
				       "again successfully (see 'racadm jobqueue view -i %s')", jid,
				       job.status, began,
				       job.message[0] ? job.message : "no message", now, jid);
	}
	if (racadm_job_state(job.status) == RACADM_JOB_FAILED) {
		host->step(ctx, FWD_STEP_BMC_JOB, FWD_STEP_FAILED, "%s %s: %s", jid, job.status,
			   job.message[0] ? job.message : "no message");
		note_after(host, ctx, result, now, sizeof(now));
		return host->set_error(ctx, -FWD_E_FLASH, "the iDRAC update job %s ended %s: %s; %s",
				       jid, job.status, job.message[0] ? job.message : "no message",
				       now);
	}
	host->step(ctx, FWD_STEP_BMC_JOB, FWD_STEP_DONE, "%s %s%s%s", jid, job.status,
		   job.message[0] ? ": " : "", job.message);
	return 0;
}

int dell_flash_bmc_vendor(struct fwd_ctx *ctx, const struct fwd_identity *id,
			  const struct fwd_flash_request *req, struct fwd_bmc_flashed *next,
			  struct fwd_json *result)
{
	const struct fwd_host_api *host = dell_host();
	struct dell_job_snapshot snap;
	struct dell_update u;
	int ret;

	(void)id;
	if (!req->image_path)
		return host->set_error(ctx, -FWD_E_INTERNAL, "flash_bmc needs the image path");
	FWD_SIZED_SET(next, struct fwd_bmc_flashed, reset, FWD_BMC_RESET_NONE);
	FWD_SIZED_SET(next, struct fwd_bmc_flashed, go_down_s, GO_DOWN_S);
	if (req->flags & FWD_FLASH_DRY_RUN) {
		const char *args[] = { "update", "-f", req->image_path, NULL };

		return racadm_plan(host, ctx, FWD_STEP_BMC_UPLOAD, args,
				   "start the iDRAC update job and follow it to Completed");
	}
	ret = racadm_target_ok(host, ctx);
	if (ret)
		return ret;
	racadm_warn_out_of_band(host, ctx);

	/* Which jobs exist now: to tell the new one apart. */
	dell_job_snapshot_take(host, ctx, &snap);
	ret = upload(host, ctx, req, result, &u);
	if (!ret)
		ret = follow(host, ctx, req, next, result, &u, &snap);
	dell_job_snapshot_release(&snap);
	return ret;
}
