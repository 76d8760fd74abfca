/*
 * flash-bmc.c: the iDRAC's own firmware through a Dell Update Package.
 *
 * Steps: bmc-upload (`racadm update -f F`), bmc-job (following the job
 * until Completed or Failed), bmc-wait (the iDRAC resets itself after
 * its update: wait until it answers), bmc-verify (the version it runs).
 * An .hpm image takes the HPM.1 path instead (dell.c).
 */
#include "dell.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "job.h"

/* After its job completes the iDRAC restarts by itself, not always at
 * once; its answers until then come from the old firmware. */
#define GO_DOWN_MS (60u * 1000u)
#define GO_DOWN_POLL_MS 2000u

/* What the iDRAC ran before, as precisely as it could be read. */
struct before {
	char full[64];            /* racadm getversion's iDRAC Version, "" if unknown */
	const char *mc;           /* req->running_version (mc info, major.minor) or NULL */
};

static const char *running_version(const struct fwd_flash_request *req)
{
	if (!FWD_SIZE_HAS(req, struct fwd_flash_request, running_version))
		return NULL;
	return req->running_version && *req->running_version ? req->running_version : NULL;
}

unsigned dell_job_wait_s(const struct fwd_flash_request *req)
{
	if (FWD_SIZE_HAS(req, struct fwd_flash_request, job_wait_s) && req->job_wait_s)
		return req->job_wait_s;
	return DELL_JOB_WAIT_DEFAULT_S;
}

/* The iDRAC's version as racadm getversion reads it ("" when it cannot). */
static void version_now(const struct fwd_host_api *host, struct fwd_ctx *ctx,
			char *full, size_t full_size)
{
	struct racadm_versions v;
	char why[256];

	full[0] = '\0';
	if (racadm_getversion(host, ctx, &v, NULL, why, sizeof(why)) == 0 && v.idrac[0])
		snprintf(full, full_size, "%s", v.idrac);
	else
		host->log(ctx, FWD_LOG_DEBUG, "racadm getversion: %s", why);
}

/*
 * Does the iDRAC run the new firmware?  full is racadm's version (or NULL
 * or ""), mc what mc info shows.  1 yes; 0 no, or cannot tell: mc info
 * shows major.minor only, so 6.10.30.00 and 6.10.80.00 both read "6.10".
 */
static int shows_new(const struct fwd_flash_request *req, const struct before *b,
		     const char *full, const char *mc)
{
	const char *now = full && *full ? full : mc;

	if (req->version) {
		if (full && *full)
			return racadm_version_same(full, req->version);
		if (!racadm_version_same(mc, req->version))
			return 0;
		/* Matches at major.minor: new only if that differs from before. */
		return b->mc && !racadm_version_same(mc, b->mc);
	}
	if (full && *full && b->full[0])
		return !racadm_version_same(full, b->full);
	return b->mc && !racadm_version_same(now, b->mc);
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

	host->step(ctx, "bmc-upload", FWD_STEP_BEGIN, "racadm update -f %s", req->image_path);
	ret = dell_update_run(host, ctx, req->image_path, u);
	host->json_object_set_new(result, "upload_exit_code", host->json_integer(u->exit_code));
	host->json_object_set_new(result, "tool_output", host->json_string(u->text));
	if (ret == -FWD_E_FLASH) {
		host->step(ctx, "bmc-upload", FWD_STEP_FAILED, "no RAC987 from racadm (exit %d): %s",
			   u->exit_code, u->text);
		note_after(host, ctx, result, now, sizeof(now));
		return host->set_error(ctx, -FWD_E_FLASH,
			"the iDRAC update was not started: racadm printed no RAC987 line "
			"(exit %d): %s; %s", u->exit_code, u->text, now);
	}
	if (ret == -FWD_E_TIMEOUT) {
		host->step(ctx, "bmc-upload", FWD_STEP_FAILED, "racadm update did not finish");
		return host->set_error(ctx, -FWD_E_FLASH,
			"'racadm update' did not finish within %u minutes and was stopped: a job "
			"may have been created; look with 'racadm jobqueue view' before trying again",
			RACADM_UPDATE_TIMEOUT_MS / 60000u);
	}
	if (ret) {
		host->step(ctx, "bmc-upload", FWD_STEP_FAILED, "racadm could not be run");
		return ret;
	}
	if (u->exit_code != 0)
		host->log(ctx, FWD_LOG_INFO, "racadm update exited %d, but printed '%s': the job "
			  "exists, following it", u->exit_code, u->rac987);
	host->step(ctx, "bmc-upload", FWD_STEP_DONE, "%s%s", u->rac987,
		   u->exit_code != 0 ? " (racadm's non-zero exit ignored: RAC987 says the job "
		   "exists)" : "");
	return 0;
}

static int follow(const struct fwd_host_api *host, struct fwd_ctx *ctx,
		  const struct fwd_flash_request *req, struct fwd_json *result,
		  const struct dell_update *u, const struct dell_job_snapshot *snap)
{
	unsigned wait_s = dell_job_wait_s(req);
	struct racadm_job job;
	char jid[RACADM_JID_SIZE], why[256], now[128];
	int ret;

	snprintf(jid, sizeof(jid), "%s", u->jid);
	if (!jid[0]) {
		ret = dell_job_locate(host, ctx, snap, req->image_path, "iDRAC", wait_s, jid,
				      why, sizeof(why));
		if (ret) {
			host->json_object_set_new(result, "job_id", host->json_null());
			host->step(ctx, "bmc-job", FWD_STEP_FAILED, "job ID not found: %s", why);
			return host->set_error(ctx, -FWD_E_FLASH,
				"racadm created the iDRAC update job (RAC987) but its ID is neither in "
				"racadm's output nor in the queue (%s): the iDRAC may be updating now, "
				"do not power it off; follow it with 'racadm jobqueue view' and check "
				"'racadm getversion' before trying again", why);
		}
	}
	host->json_object_set_new(result, "job_id", host->json_string(jid));
	host->step(ctx, "bmc-job", FWD_STEP_BEGIN, "following job %s (up to %u s)", jid, wait_s);
	ret = dell_job_follow(host, ctx, jid, DELL_FOLLOW_TO_END, wait_s, "bmc-job", &job,
			      why, sizeof(why));
	if (job.id[0]) {
		host->json_object_set_new(result, "job_status", host->json_string(job.status));
		host->json_object_set_new(result, "job_message", host->json_string(job.message));
	}
	if (ret == -FWD_E_TOOL_MISSING) {
		host->step(ctx, "bmc-job", FWD_STEP_FAILED, "racadm could not be run");
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
		host->step(ctx, "bmc-job", FWD_STEP_FAILED, "%s not finished after %u s (%s)", jid,
			   wait_s, last);
		return host->set_error(ctx, -FWD_E_TIMEOUT,
			"the iDRAC update job %s did not finish within %u s (%s): it may still be "
			"running, do not power the server off; look at it with 'racadm jobqueue "
			"view -i %s' or 'fwdispatch status', and give slow iDRACs more time with "
			"--job-timeout", jid, wait_s, last, jid);
	}
	if (racadm_job_state(job.status) == RACADM_JOB_FAILED) {
		host->step(ctx, "bmc-job", FWD_STEP_FAILED, "%s %s: %s", jid, job.status,
			   job.message[0] ? job.message : "no message");
		note_after(host, ctx, result, now, sizeof(now));
		return host->set_error(ctx, -FWD_E_FLASH, "the iDRAC update job %s ended %s: %s; %s",
				       jid, job.status, job.message[0] ? job.message : "no message",
				       now);
	}
	host->step(ctx, "bmc-job", FWD_STEP_DONE, "%s %s%s%s", jid, job.status,
		   job.message[0] ? ": " : "", job.message);
	return 0;
}

/*
 * Until the iDRAC stops answering (its reset has begun) or answers with
 * the new firmware (its reset is over), at most bound_ms.
 */
static void wait_until_restarting(const struct fwd_host_api *host, struct fwd_ctx *ctx,
				  const struct fwd_flash_request *req, const struct before *b,
				  uint64_t bound_ms)
{
	uint64_t start = dell_now_ms();

	for (;;) {
		struct fwd_bmc_info info = { .size = sizeof(info) };
		char full[64] = "";

		if (host->bmc_info(ctx, &info) != 0)
			return;
		if (shows_new(req, b, NULL, info.firmware))
			return;
		/* mc info cannot tell a change below major.minor: ask racadm. */
		if (b->full[0] || req->version) {
			version_now(host, ctx, full, sizeof(full));
			if (full[0] && shows_new(req, b, full, info.firmware))
				return;
		}
		if (dell_now_ms() - start >= bound_ms)
			return;
		dell_sleep_ms(GO_DOWN_POLL_MS);
	}
}

static int wait_back(const struct fwd_host_api *host, struct fwd_ctx *ctx,
		     const struct fwd_flash_request *req, struct fwd_json *result,
		     const struct before *b, struct fwd_bmc_info *info)
{
	uint64_t start = dell_now_ms(), waited = 0, bound = (uint64_t)req->bmc_wait_s * 1000u;
	int ret;

	host->step(ctx, "bmc-wait", FWD_STEP_BEGIN,
		   "waiting up to %u s for the iDRAC to restart and answer", req->bmc_wait_s);
	wait_until_restarting(host, ctx, req, b, bound < GO_DOWN_MS ? bound : GO_DOWN_MS);
	ret = host->bmc_wait(ctx, req->bmc_wait_s, info, &waited);
	waited = dell_now_ms() - start;
	host->json_object_set_new(result, "wait_ms", host->json_integer((long long)waited));
	if (ret) {
		host->step(ctx, "bmc-wait", FWD_STEP_FAILED, "no answer within %u s",
			   req->bmc_wait_s);
		host->json_object_set_new(result, "after", host->json_null());
		return host->set_error(ctx, -FWD_E_BMC_GONE,
			"the iDRAC did not answer within %u s after its update job completed: it "
			"may still be starting, or be unreachable at its old address",
			req->bmc_wait_s);
	}
	host->step(ctx, "bmc-wait", FWD_STEP_DONE, "the iDRAC answered %.1f s after its job "
		   "completed", (double)waited / 1000.0);
	return 0;
}

static int verify(const struct fwd_host_api *host, struct fwd_ctx *ctx,
		  const struct fwd_flash_request *req, struct fwd_json *result,
		  const struct before *b, const struct fwd_bmc_info *info)
{
	const char *before = b->full[0] ? b->full : b->mc;
	const char *after;
	char full[64];

	if (req->version)
		host->step(ctx, "bmc-verify", FWD_STEP_BEGIN, "expecting iDRAC firmware %s",
			   req->version);
	else
		host->step(ctx, "bmc-verify", FWD_STEP_BEGIN,
			   "expecting an iDRAC firmware other than %s",
			   before ? before : "the previous one");
	version_now(host, ctx, full, sizeof(full));
	after = full[0] ? full : info->firmware;
	host->json_object_set_new(result, "after", host->json_string(after));

	if (shows_new(req, b, full, info->firmware)) {
		host->step(ctx, "bmc-verify", FWD_STEP_DONE, "the iDRAC runs %s", after);
		return 0;
	}
	if (req->version && !racadm_version_same(after, req->version)) {
		host->step(ctx, "bmc-verify", FWD_STEP_FAILED, "the iDRAC runs %s, expected %s",
			   after, req->version);
		return host->set_error(ctx, -FWD_E_VERIFY,
			"the iDRAC runs %s after its update, not %s: the new firmware is not "
			"running (rolled back, or the package installs another version)", after,
			req->version);
	}
	/* Both full versions known and equal: nothing changed. */
	if (!req->version && full[0] && b->full[0]) {
		if (req->flags & FWD_FLASH_ALLOW_REINSTALL) {
			host->step(ctx, "bmc-verify", FWD_STEP_DONE,
				   "the iDRAC runs %s, as before (a reinstall, allowed)", after);
			return 0;
		}
		host->step(ctx, "bmc-verify", FWD_STEP_FAILED, "the iDRAC still runs %s", after);
		return host->set_error(ctx, -FWD_E_VERIFY,
			"the iDRAC still runs %s after its update job completed: the new firmware "
			"is not running (rolled back, or the package holds the same version: "
			"--allow-reinstall accepts that)", after);
	}
	host->step(ctx, "bmc-verify", FWD_STEP_FAILED, "cannot tell: the iDRAC reports %s, "
		   "before %s", after, before ? before : "unknown");
	return host->set_error(ctx, -FWD_E_VERIFY,
		"cannot confirm that the new iDRAC firmware runs: it reports %s and ran %s "
		"before, and IPMI shows only major.minor while 'racadm getversion' did not give "
		"both full versions; check with 'racadm getversion'%s", after,
		before ? before : "an unknown version",
		req->version ? "" : ", and give --bmc-version next time");
}

int dell_flash_bmc_vendor(struct fwd_ctx *ctx, const struct fwd_identity *id,
			  const struct fwd_flash_request *req, struct fwd_json *result)
{
	const struct fwd_host_api *host = dell_host();
	struct fwd_bmc_info info = { .size = sizeof(info) };
	struct dell_job_snapshot snap;
	struct dell_update u;
	struct before b = { "", NULL };
	int ret;

	(void)id;
	if (!req->image_path)
		return host->set_error(ctx, -FWD_E_INTERNAL, "flash_bmc needs the image path");
	if (req->flags & FWD_FLASH_DRY_RUN) {
		const char *args[] = { "update", "-f", req->image_path, NULL };

		return racadm_plan(host, ctx, "bmc-upload", args,
				   "start the iDRAC update job, follow it to Completed, wait for "
				   "the iDRAC's own reset and verify with racadm getversion");
	}
	ret = racadm_target_ok(host, ctx);
	if (ret)
		return ret;
	racadm_warn_out_of_band(host, ctx);

	/* What runs now, precisely, and which jobs exist: to tell afterwards. */
	b.mc = running_version(req);
	version_now(host, ctx, b.full, sizeof(b.full));
	dell_job_snapshot_take(host, ctx, &snap);

	ret = upload(host, ctx, req, result, &u);
	if (!ret)
		ret = follow(host, ctx, req, result, &u, &snap);
	dell_job_snapshot_release(&snap);
	if (!ret)
		ret = wait_back(host, ctx, req, result, &b, &info);
	if (!ret)
		ret = verify(host, ctx, req, result, &b, &info);
	return ret;
}
