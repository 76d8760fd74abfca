/*
 * job-status.c: the state of a job reported earlier (ABI 1.1), read with
 * `racadm jobqueue view -i JID`: what `fwdispatch status` shows after the
 * reboot that applied a staged BIOS.
 */
#include "dell.h"

#include <stdio.h>
#include <stdlib.h>

#include "job.h"

int dell_job_status(struct fwd_ctx *ctx, const struct fwd_identity *id, const char *job_id,
		    struct fwd_json *out)
{
	const struct fwd_host_api *host = dell_host();
	const struct racadm_job *job;
	struct racadm_job *jobs;
	char why[256];
	size_t n;
	int ret;

	(void)id;
	/* It goes on racadm's command line: only the shape racadm gives out. */
	if (!racadm_is_jid(job_id))
		return host->set_error(ctx, -FWD_E_BAD_INPUT,
			"'%s' is not an iDRAC job ID (JID_ and 12 digits)", job_id ? job_id : "");
	ret = racadm_target_ok(host, ctx);
	if (ret)
		return ret;
	racadm_warn_out_of_band(host, ctx);
	ret = racadm_jobs_read(host, ctx, job_id, &jobs, &n, why, sizeof(why));
	if (ret == -FWD_E_TOOL_MISSING || ret == -FWD_E_TIMEOUT) {
		free(jobs);
		return ret; /* the host said why */
	}
	job = ret ? NULL : racadm_find_job(jobs, n, job_id);
	if (!job) {
		free(jobs);
		return host->set_error(ctx, -FWD_E_TOOL_FAILED,
			"racadm does not show job %s: %s", job_id,
			ret ? why : "its answer has no block for that job");
	}
	host->json_object_set_new(out, "job_id", host->json_string(job->id));
	host->json_object_set_new(out, "status", host->json_string(job->status[0] ? job->status :
							 "unknown"));
	host->json_object_set_new(out, "state", host->json_string(
		racadm_job_state_name(racadm_job_state(job->status))));
	host->json_object_set_new(out, "message", job->message[0] ?
				  host->json_string(job->message) : host->json_null());
	host->json_object_set_new(out, "percent", job->percent >= 0 ?
				  host->json_integer(job->percent) : host->json_null());
	host->json_object_set_new(out, "name", job->name[0] ? host->json_string(job->name) :
				  host->json_null());
	free(jobs);
	return 0;
}
