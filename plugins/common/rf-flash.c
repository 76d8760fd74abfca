/*
 * rf-flash.c: the shared Redfish flow's entry points that change the
 * firmware, and their preflight (rf.h); each push through rf-push.c.
 *
 * The BMC's own image is applied at the profile's apply time (Immediate:
 * it restarts into it, or its task asks for a reset, which the core
 * sends); a BIOS waits for the host's next reset (OnReset), which only
 * --reboot brings about here.
 *
 * Result keys: rf-push.c's; stage_bios adds "reboot_required",
 * "rebooting", "job_id" (null unless the profile's follow names a job)
 * and "preserve_settings" (null: the standard has no such parameter).
 */
#include "rf-push.h"

#include <stdio.h>
#include <string.h>

/* An Immediate BMC update: the BMC may answer with its old firmware this
 * long after the task ended before it goes down to restart. */
#define BMC_GO_DOWN_S 120u

int rf_flash_bmc(struct fwd_ctx *ctx, const struct rf_vendor *v,
		 const struct fwd_flash_request *req, struct fwd_bmc_flashed *next,
		 struct fwd_json *result)
{
	const struct fwd_host_api *host = rf_host();
	struct fwd_redfish_task t = FWD_REDFISH_TASK_INIT;
	struct rf_push p;
	char task[512];
	const char *slash;
	int ret;

	ret = rf_push_plan(ctx, v, FWD_PART_BMC, req, &p);
	if (ret)
		return ret;
	next->reset = FWD_BMC_RESET_NONE;
	next->go_down_s = BMC_GO_DOWN_S;
	if (req->flags & FWD_FLASH_DRY_RUN)
		return rf_push_dry_run(ctx, &p, FWD_STEP_BMC_UPLOAD, FWD_STEP_BMC_JOB);
	ret = rf_push_run(ctx, req, &p, FWD_STEP_BMC_UPLOAD, FWD_STEP_BMC_JOB, result, &t, task,
			  sizeof(task));
	if (ret) {
		if (task[0])
			host->step(ctx, FWD_STEP_BMC_JOB, FWD_STEP_FAILED, "%s", t.state[0] ?
				   t.state : "the task did not end");
		return ret;
	}
	slash = strrchr(task, '/');
	snprintf(next->job_id, sizeof(next->job_id), "%.63s", slash ? slash + 1 : task);
	switch (t.outcome) {
	case FWD_REDFISH_TASK_RESET_REQUIRED:
	case FWD_REDFISH_TASK_AWAIT_ACTIVATION:
		/* The core resets the manager (Manager.Reset) and waits. */
		next->reset = FWD_BMC_RESET_COLD;
		break;
	default:
		break;
	}
	if (task[0])
		host->step(ctx, FWD_STEP_BMC_JOB, FWD_STEP_DONE, "%s%s%s",
			   t.outcome == FWD_REDFISH_TASK_GONE ? "the task vanished (the BMC "
			   "restarts, or purged it): the inventory tells" : t.state,
			   t.message_id[0] ? ": " : "", t.message_id);
	return 0;
}

/* --reboot: the host is reset now so the staged BIOS runs. */
static int reboot_host(struct fwd_ctx *ctx)
{
	const struct fwd_host_api *host = rf_host();
	struct fwd_redfish_answer a = FWD_REDFISH_ANSWER_INIT;
	struct fwd_json *body = host->json_object();
	char sys[256], target[320];
	int ret = rf_system(ctx, sys, sizeof(sys));

	snprintf(target, sizeof(target), "%s/Actions/ComputerSystem.Reset", sys);
	host->json_object_set_new(body, "ResetType", host->json_string("GracefulRestart"));
	if (!ret)
		ret = host->redfish(ctx, "POST", target, body, NULL, 0, &a);
	host->json_release(body);
	host->redfish_answer_release(&a);
	return ret;
}

int rf_stage_bios(struct fwd_ctx *ctx, const struct rf_vendor *v,
		  const struct fwd_flash_request *req, struct fwd_json *result)
{
	const struct fwd_host_api *host = rf_host();
	struct fwd_redfish_task t = FWD_REDFISH_TASK_INIT;
	struct rf_push p;
	char task[512];
	int ret, rebooting = 0;

	host->json_object_set_new(result, "reboot_required", host->json_boolean(0));
	host->json_object_set_new(result, "rebooting", host->json_boolean(0));
	host->json_object_set_new(result, "job_id", host->json_null());
	host->json_object_set_new(result, "preserve_settings", host->json_null());
	ret = rf_push_plan(ctx, v, FWD_PART_BIOS, req, &p);
	if (ret)
		return ret;
	if (req->flags & FWD_FLASH_DRY_RUN) {
		ret = rf_push_dry_run(ctx, &p, FWD_STEP_BIOS_STAGE, FWD_STEP_BIOS_STAGE);
		if (!ret && (req->flags & FWD_FLASH_REBOOT))
			host->redfish_plan(ctx, FWD_STEP_BIOS_STAGE, "POST",
					   "<system>/Actions/ComputerSystem.Reset", NULL,
					   "--reboot: restart the host so the new BIOS runs");
		return ret;
	}
	ret = rf_push_run(ctx, req, &p, FWD_STEP_BIOS_STAGE, FWD_STEP_BIOS_STAGE, result, &t,
			  task, sizeof(task));
	if (ret) {
		host->step(ctx, FWD_STEP_BIOS_STAGE, FWD_STEP_FAILED, "the BMC did not stage "
			   "the BIOS");
		return ret;
	}
	if (req->flags & FWD_FLASH_REBOOT) {
		ret = reboot_host(ctx);
		if (ret) {
			host->step(ctx, FWD_STEP_BIOS_STAGE, FWD_STEP_FAILED, "BIOS staged, but the "
				   "host reset (--reboot) was refused");
			return ret;
		}
		rebooting = 1;
	}
	host->json_object_set_new(result, "reboot_required", host->json_boolean(!rebooting));
	host->json_object_set_new(result, "rebooting", host->json_boolean(rebooting));
	if (rebooting)
		host->step(ctx, FWD_STEP_BIOS_STAGE, FWD_STEP_DONE, "BIOS staged; the host is "
			   "restarting to apply it");
	else
		host->step(ctx, FWD_STEP_BIOS_STAGE, FWD_STEP_DONE, "BIOS staged; it is applied "
			   "at the next host reboot (%s)", t.message_id[0] ? t.message_id :
			   p.apply_time);
	return 0;
}

/* Nothing changes: the service can take the push, and no update runs. */
int rf_preflight(struct fwd_ctx *ctx, const struct rf_vendor *v, enum fwd_part part,
		 const struct fwd_flash_request *req)
{
	const struct fwd_host_api *host = rf_host();
	char task[256], state[32];
	struct rf_push p;
	int ret;

	ret = rf_push_plan(ctx, v, part, req, &p);
	if (ret)
		return ret;
	/* Another update in progress: the BMC would answer 503, or worse
	 * queue ours behind it.  A resumed run may find its own: flash_bmc
	 * follows that one. */
	if (rf_active_task(ctx, task, sizeof(task), state, sizeof(state))) {
		if (req && (req->flags & FWD_FLASH_RESUME))
			host->log(ctx, FWD_LOG_INFO, "the BMC has a task in state %s (%s): the "
				  "interrupted run's push, most likely; it is followed, not "
				  "pushed again", state, task);
		else
			ret = host->set_error(ctx, -FWD_E_BUSY, "the BMC has a task in state %s "
					      "(%s): another update may be running; wait for it "
					      "to end, nothing was flashed", state, task);
	}
	if (!ret && v->preflight)
		ret = v->preflight(ctx, part, req);
	return ret;
}
