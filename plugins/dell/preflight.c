/*
 * preflight.c: can the dell plugin flash or stage now (the preflight
 * entry)?  racadm and what it needs of the target, then nothing else in
 * flight: the iDRAC's job queue holds no firmware job that has not ended
 * (the "dell-jobs" check, queue-check.h), and racadm does not answer that
 * the iDRAC is busy (racadm-busy.c).  Reads only; changes nothing.
 */
#include "dell.h"

#include <stdio.h>
#include <stdlib.h>

#include "hpm-flash.h"
#include "queue-check.h"
#include "racadm.h"

#define CHECK "dell-jobs"

/* The queue is read once per load of the plugin (a run asks the preflight
 * for the iDRAC and then for the BIOS; nothing changes in between). */
static int queue_clear;

void dell_preflight_reset(void)
{
	queue_clear = 0;
}

static void check(const struct fwd_host_api *host, struct fwd_ctx *ctx,
		  enum fwd_check_verdict v, const char *detail)
{
	if (FWD_HOST_HAS(host, check))
		host->check(ctx, CHECK, v, "%s", detail);
	else
		host->log(ctx, v == FWD_CHECK_PASS ? FWD_LOG_INFO : FWD_LOG_WARN, "%s: %s",
			  CHECK, detail);
}

static const char *earlier_job(const struct fwd_flash_request *req)
{
	return req ? FWD_SIZED_GET(req, struct fwd_flash_request, earlier_job_id, NULL) : NULL;
}

static int refuse_firmware_job(const struct fwd_host_api *host, struct fwd_ctx *ctx,
			       const struct dell_queue_verdict *v)
{
	const struct racadm_job *j = &v->job;
	const char *status = j->status[0] ? j->status : "no status shown";
	char detail[400], more[64] = "";

	if (v->firmware > 1)
		snprintf(more, sizeof(more), " (and %zu more firmware job%s)", v->firmware - 1,
			 v->firmware > 2 ? "s" : "");
	if (v->ours) {
		snprintf(detail, sizeof(detail), "%s (%s, %s) was staged by an earlier fwdispatch "
			 "run on this target%s", j->id, j->name[0] ? j->name : "no name", status,
			 more);
		check(host, ctx, FWD_CHECK_REFUSE, detail);
		return host->set_error(ctx, -FWD_E_REFUSED,
			"%s was staged by an earlier fwdispatch run on this target (%s, %s)%s: "
			"reboot the host to apply it, or delete it with 'racadm jobqueue "
			"delete -i %s' (see it with 'racadm jobqueue view -i %s'), then run "
			"fwdispatch again; nothing was changed", j->id,
			j->name[0] ? j->name : "no name", status, more, j->id, j->id);
	}
	snprintf(detail, sizeof(detail), "firmware job %s (%s) is %s%s", j->id,
		 j->name[0] ? j->name : "no name", status, more);
	check(host, ctx, FWD_CHECK_REFUSE, detail);
	return host->set_error(ctx, -FWD_E_REFUSED,
		"the iDRAC's job queue holds firmware job %s '%s', %s%s: a second firmware "
		"job for the same reboot is how servers end up half updated; see it with "
		"'racadm jobqueue view -i %s', let it finish (a BIOS job runs at the next host "
		"reboot) or delete it with 'racadm jobqueue delete -i %s', then run fwdispatch "
		"again; nothing was changed", j->id, j->name[0] ? j->name : "no name", status,
		more, j->id, j->id);
}

static int jobs_check(const struct fwd_host_api *host, struct fwd_ctx *ctx,
		      const struct fwd_flash_request *req)
{
	struct dell_queue_verdict v;
	struct racadm_job *jobs;
	char why[256], detail[400];
	size_t n;
	int ret;

	if (queue_clear)
		return 0;
	ret = racadm_jobs_read(host, ctx, NULL, &jobs, &n, why, sizeof(why));
	if (ret == -FWD_E_BUSY) {
		free(jobs);
		snprintf(detail, sizeof(detail), "the iDRAC is busy: %s", why);
		check(host, ctx, FWD_CHECK_REFUSE, detail);
		return host->set_error(ctx, -FWD_E_BUSY,
			"the iDRAC is busy with other work: 'racadm jobqueue view' answered '%s'; "
			"nothing was changed: try again in a few minutes (a host held in POST or "
			"in the Lifecycle Controller keeps it busy)", why);
	}
	if (ret) {
		/* The update's own racadm calls will meet the same trouble. */
		free(jobs);
		snprintf(detail, sizeof(detail), "cannot read the iDRAC's job queue (%s): a "
			 "pending firmware job would not be seen", why);
		check(host, ctx, FWD_CHECK_WARN, detail);
		return ret == -FWD_E_TOOL_MISSING ? ret : 0;
	}
	dell_queue_judge(jobs, n, earlier_job(req), &v);
	free(jobs);
	if (v.kind == DELL_QUEUE_FIRMWARE)
		return refuse_firmware_job(host, ctx, &v);
	if (v.kind == DELL_QUEUE_OTHER) {
		snprintf(detail, sizeof(detail), "no firmware job queued; %s (%s) is %s and runs "
			 "at the next host reboot with a staged BIOS%s", v.job.id,
			 v.job.name[0] ? v.job.name : "no name",
			 v.job.status[0] ? v.job.status : "pending",
			 v.other > 1 ? ", with other pending jobs" : "");
		check(host, ctx, FWD_CHECK_WARN, detail);
	} else {
		snprintf(detail, sizeof(detail), "no firmware job queued (%zu finished job%s in "
			 "the queue)", v.finished, v.finished == 1 ? "" : "s");
		check(host, ctx, FWD_CHECK_PASS, detail);
	}
	queue_clear = 1;
	return 0;
}

int dell_preflight(struct fwd_ctx *ctx, const struct fwd_identity *id, enum fwd_part part,
		   const struct fwd_flash_request *req)
{
	const struct fwd_host_api *host = dell_host();
	int ret;

	(void)id;
	if (part == FWD_PART_BMC && fwdp_is_hpm1(req)) {
		/* ipmitool only: racadm may not be there to read the queue. */
		if (!queue_clear)
			check(host, ctx, FWD_CHECK_SKIP, "an .hpm image goes through ipmitool: the "
			      "iDRAC's job queue is read only for a Dell Update Package");
		return fwdp_hpm_preflight(host, ctx);
	}
	/* A Dell Update Package: racadm, and what it needs of the target. */
	ret = racadm_target_ok(host, ctx);
	if (!ret)
		ret = host->find_tool(ctx, "racadm");
	if (ret)
		return ret;
	racadm_warn_out_of_band(host, ctx);
	return jobs_check(host, ctx, req);
}
