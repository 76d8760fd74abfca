/*
 * flash.c: pushing images through the update service (rf.h).
 *
 * One push per image: the multipart form of MultipartHttpPushUri when the
 * service offers it (the apply time and the target said in
 * UpdateParameters), else the image alone to HttpPushUri.  An image the
 * operator gives as a URL (req->image_url) is pulled by the BMC itself:
 * UpdateService.SimpleUpdate with ImageURI, Targets and the apply time,
 * the host having fetched and checked the same URL first.  The BMC's own
 * image is applied at once (Immediate: it restarts into it, or its task
 * asks for a reset, which the core sends); a BIOS waits for the host's
 * next reset (OnReset), which only --reboot brings about here.  The task
 * the push starts is followed to its end; a task that vanishes (a BMC
 * restarting into its new image, a service that purges finished tasks)
 * leaves the verdict to the inventory, which the core reads after.
 *
 * Result keys: "push_uri" (the SimpleUpdate action's URI for a URL), "image_url",
 * "apply_time", "targets", "task", "task_state",
 * "task_message_id", "task_message"; stage_bios adds "reboot_required",
 * "rebooting", "job_id" (null) and "preserve_settings" (null: the
 * standard has no such parameter).
 */
#include "rf.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

/* An Immediate BMC update: the BMC may answer with its old firmware this
 * long after the task ended before it goes down to restart. */
#define BMC_GO_DOWN_S 120u

struct push_plan {
	struct rf_update_service us;
	const char *uri;              /* the URI pushed to, or SimpleUpdate's */
	const char *url;              /* the image's URL the BMC pulls, or NULL */
	int multipart;
	char target[256];             /* the inventory entry updated, "" unknown */
};

/* Where and how to push; refuses a service that cannot take a push. */
static int plan_push(struct fwd_ctx *ctx, enum fwd_part part,
		     const struct fwd_flash_request *req, struct push_plan *p)
{
	const struct fwd_host_api *host = rf_host();
	char version[64];
	struct stat st;
	int ret;

	memset(p, 0, sizeof(*p));
	ret = rf_update_service(ctx, &p->us);
	if (ret)
		return ret;
	if (!p->us.enabled)
		return host->set_error(ctx, -FWD_E_REFUSED, "the BMC's update service is "
				       "disabled (ServiceEnabled false): enable it on the BMC first; "
				       "nothing was flashed");
	p->url = req && FWD_SIZED_HAS(req, struct fwd_flash_request, image_url) ?
		 req->image_url : NULL;
	if (p->url && !p->us.simple[0])
		return host->set_error(ctx, -FWD_E_REFUSED, "the BMC's update service has no "
				       "SimpleUpdate action: it cannot pull an image from a URL; "
				       "give the image file instead (--bmc/--bios IMAGE); nothing "
				       "was flashed");
	p->multipart = !p->url && p->us.multipart[0] != '\0';
	p->uri = p->url ? p->us.simple : p->multipart ? p->us.multipart : p->us.push;
	if (!p->uri[0])
		return host->set_error(ctx, -FWD_E_REFUSED, "the BMC's update service takes no "
				       "pushed image (neither MultipartHttpPushUri nor "
				       "HttpPushUri); nothing was flashed");
	if (p->us.max_bytes > 0 && req && req->image_path && stat(req->image_path, &st) == 0 &&
	    (long long)st.st_size > p->us.max_bytes)
		return host->set_error(ctx, -FWD_E_REFUSED, "the image is %lld bytes, more than "
				       "the %lld the BMC takes (MaxImageSizeBytes); nothing was "
				       "flashed", (long long)st.st_size, p->us.max_bytes);
	/* A target the service cannot name is left to the image itself. */
	if (rf_inventory_find(ctx, &p->us, part, p->target, sizeof(p->target), version,
			      sizeof(version)) != 0)
		p->target[0] = '\0';
	return 0;
}

static struct fwd_json *update_parameters(const struct push_plan *p, const char *apply_time)
{
	const struct fwd_host_api *host = rf_host();
	struct fwd_json *params = host->json_object(), *targets = host->json_array();

	/* SimpleUpdate's parameters are UpdateParameters' and ImageURI. */
	if (p->url)
		host->json_object_set_new(params, "ImageURI", host->json_string(p->url));
	if (p->target[0])
		host->json_array_append_new(targets, host->json_string(p->target));
	host->json_object_set_new(params, "Targets", targets);
	host->json_object_set_new(params, "@Redfish.OperationApplyTime",
				  host->json_string(apply_time));
	return params;
}

/* The task the push started: its monitor (Location), else the task in the body. */
static void task_of(const struct fwd_redfish_answer *a, char *out, size_t size)
{
	const char *id = rf_text(a->body, "@odata.id");
	const char *loc = a->location;

	/* A whole URL: from its path on. */
	if (!strncmp(loc, "https://", 8) || !strncmp(loc, "http://", 7)) {
		loc = strchr(strstr(loc, "//") + 2, '/');
		loc = loc ? loc : "";
	}
	snprintf(out, size, "%s", loc[0] == '/' ? loc : id && id[0] == '/' ? id : "");
}

static void record_task(struct fwd_json *result, const char *task,
			const struct fwd_redfish_task *t)
{
	const struct fwd_host_api *host = rf_host();

	host->json_object_set_new(result, "task", host->json_string(task));
	host->json_object_set_new(result, "task_state", t->state[0] ?
				  host->json_string(t->state) : host->json_null());
	host->json_object_set_new(result, "task_message_id", t->message_id[0] ?
				  host->json_string(t->message_id) : host->json_null());
	host->json_object_set_new(result, "task_message", t->message[0] ?
				  host->json_string(t->message) : host->json_null());
}

/*
 * The first task of the service in an active state (New, Starting,
 * Running, Pending): its URI and state, 1; 0 when none; the service's
 * task list is read, at most 64 of them.
 */
static int active_task(struct fwd_ctx *ctx, char *uri, size_t uri_size, char *state,
		       size_t state_size)
{
	const struct fwd_host_api *host = rf_host();
	struct fwd_redfish_answer coll = FWD_REDFISH_ANSWER_INIT;
	int found = 0;

	if (host->redfish(ctx, "GET", "/redfish/v1/TaskService/Tasks", NULL, NULL,
			  FWD_REDFISH_QUIET, &coll) != 0 || coll.status != 200) {
		host->redfish_answer_release(&coll);
		return 0;
	}
	for (size_t i = 0; i < rf_members(coll.body) && i < 64 && !found; i++) {
		struct fwd_redfish_answer a = FWD_REDFISH_ANSWER_INIT;
		const char *u = rf_member(coll.body, i), *st;

		if (u && u[0] == '/' && rf_get(ctx, u, &a) == 0) {
			st = rf_text(a.body, "TaskState");
			if (st && (!strcmp(st, "Running") || !strcmp(st, "New") ||
				   !strcmp(st, "Starting") || !strcmp(st, "Pending"))) {
				snprintf(uri, uri_size, "%s", u);
				snprintf(state, state_size, "%s", st);
				found = 1;
			}
		}
		host->redfish_answer_release(&a);
	}
	host->redfish_answer_release(&coll);
	return found;
}

/*
 * The push and its task, on the steps given.  *t says how it ended.
 * task gets the task's URI ("" when the push named none).
 */
static int push_and_follow(struct fwd_ctx *ctx, const struct fwd_flash_request *req,
			   const struct push_plan *p, const char *apply_time,
			   enum fwd_step upload_step, enum fwd_step task_step,
			   struct fwd_json *result, struct fwd_redfish_task *t, char *task,
			   size_t task_size)
{
	const struct fwd_host_api *host = rf_host();
	struct fwd_redfish_answer a = FWD_REDFISH_ANSWER_INIT;
	struct fwd_json *params;
	char state[32];
	int ret;

	task[0] = '\0';
	/* An upload cut short cannot go on where it stopped; but one that got
	 * through may be applying now, and a second push would be refused
	 * (503) or queued behind it: follow that one instead. */
	if ((req->flags & FWD_FLASH_RESUME) &&
	    active_task(ctx, task, task_size, state, sizeof(state))) {
		host->step(ctx, upload_step, FWD_STEP_SKIPPED, "the interrupted run's push is "
			   "being applied (task %s, %s): following it, not pushing again", task,
			   state);
		host->json_object_set_new(result, "resumed_task", host->json_string(task));
		if (upload_step != task_step)
			host->step(ctx, task_step, FWD_STEP_BEGIN, "following the BMC's task %s",
				   task);
		ret = host->redfish_task(ctx, task_step, task, req->job_wait_s ?
					 req->job_wait_s : RF_TASK_TIMEOUT_S, t);
		record_task(result, task, t);
		return ret;
	}
	params = update_parameters(p, apply_time);
	host->json_object_set_new(result, "push_uri", host->json_string(p->uri));
	host->json_object_set_new(result, "image_url", p->url ? host->json_string(p->url) :
				  host->json_null());
	host->json_object_set_new(result, "apply_time", host->json_string(apply_time));
	host->json_object_set_new(result, "targets", host->json_copy(
		host->json_object_get(params, "Targets")));
	if (p->url)
		host->step(ctx, upload_step, FWD_STEP_BEGIN, "asking the BMC to pull %s (%s, %s)",
			   p->url, p->uri, apply_time);
	else if (p->multipart)
		host->step(ctx, upload_step, FWD_STEP_BEGIN, "pushing the image to %s (multipart, "
			   "%s)", p->uri, apply_time);
	else
		host->step(ctx, upload_step, FWD_STEP_BEGIN, "pushing the image to %s (HttpPushUri: "
			   "the service's own apply time)", p->uri);
	if (p->url)
		ret = host->redfish(ctx, "POST", p->uri, params, NULL, 0, &a);
	else
		ret = host->redfish_push(ctx, upload_step, p->uri, p->multipart ? params : NULL,
					 req->image_path, &a);
	host->json_release(params);
	if (ret) {
		host->step(ctx, upload_step, FWD_STEP_FAILED, p->url ? "the BMC refused the "
			   "SimpleUpdate" : "the BMC refused the push");
		host->redfish_answer_release(&a);
		return ret;
	}
	task_of(&a, task, task_size);
	host->redfish_answer_release(&a);
	if (!task[0]) {
		/* Some services answer 200/204 once the image is applied. */
		host->step(ctx, upload_step, FWD_STEP_DONE, "%s; the BMC started no task",
			   p->url ? "SimpleUpdate accepted" : "image pushed");
		t->outcome = FWD_REDFISH_TASK_DONE;
		return 0;
	}
	if (upload_step != task_step)
		host->step(ctx, upload_step, FWD_STEP_DONE, "%s; the BMC's task is %s",
			   p->url ? "SimpleUpdate accepted" : "image pushed", task);
	if (upload_step != task_step)
		host->step(ctx, task_step, FWD_STEP_BEGIN, "following the BMC's task %s", task);
	ret = host->redfish_task(ctx, task_step, task, req->job_wait_s ? req->job_wait_s :
				 RF_TASK_TIMEOUT_S, t);
	record_task(result, task, t);
	return ret;
}

static void plan_steps(struct fwd_ctx *ctx, const struct push_plan *p, const char *apply_time,
		       enum fwd_step upload_step, enum fwd_step task_step)
{
	const struct fwd_host_api *host = rf_host();
	struct fwd_json *params = update_parameters(p, apply_time);
	char what[320];

	if (p->url)
		snprintf(what, sizeof(what), "have the BMC pull the image from the URL "
			 "(SimpleUpdate), %s, Targets %.200s", apply_time,
			 p->target[0] ? p->target : "[] (the image decides)");
	else
		snprintf(what, sizeof(what), "push the image%s, %s, Targets %.200s",
			 p->multipart ? " as multipart/form-data (UpdateParameters, UpdateFile)" :
			 " alone (HttpPushUri)", apply_time,
			 p->target[0] ? p->target : "[] (the image decides)");
	host->redfish_plan(ctx, upload_step, "POST", p->uri, p->multipart || p->url ? params :
			   NULL, what);
	host->redfish_plan(ctx, task_step, "GET", "<the task the push answers with>", NULL,
			   "follow the task to its end (TaskState, PercentComplete, Messages)");
	host->json_release(params);
}

int rf_flash_bmc(struct fwd_ctx *ctx, const struct fwd_identity *id,
		 const struct fwd_flash_request *req, struct fwd_bmc_flashed *next,
		 struct fwd_json *result)
{
	const struct fwd_host_api *host = rf_host();
	struct fwd_redfish_task t = FWD_REDFISH_TASK_INIT;
	struct push_plan p;
	char task[512];
	const char *slash;
	int ret;

	(void)id;
	ret = plan_push(ctx, FWD_PART_BMC, req, &p);
	if (ret)
		return ret;
	next->reset = FWD_BMC_RESET_NONE;
	next->go_down_s = BMC_GO_DOWN_S;
	if (req->flags & FWD_FLASH_DRY_RUN) {
		plan_steps(ctx, &p, "Immediate", FWD_STEP_BMC_UPLOAD, FWD_STEP_BMC_JOB);
		return 0;
	}
	ret = push_and_follow(ctx, req, &p, "Immediate", FWD_STEP_BMC_UPLOAD, FWD_STEP_BMC_JOB,
			      result, &t, task, sizeof(task));
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

int rf_stage_bios(struct fwd_ctx *ctx, const struct fwd_identity *id,
		  const struct fwd_flash_request *req, struct fwd_json *result)
{
	const struct fwd_host_api *host = rf_host();
	struct fwd_redfish_task t = FWD_REDFISH_TASK_INIT;
	struct push_plan p;
	char task[512];
	int ret, rebooting = 0;

	(void)id;
	host->json_object_set_new(result, "reboot_required", host->json_boolean(0));
	host->json_object_set_new(result, "rebooting", host->json_boolean(0));
	host->json_object_set_new(result, "job_id", host->json_null());
	host->json_object_set_new(result, "preserve_settings", host->json_null());
	ret = plan_push(ctx, FWD_PART_BIOS, req, &p);
	if (ret)
		return ret;
	if (req->flags & FWD_FLASH_DRY_RUN) {
		plan_steps(ctx, &p, "OnReset", FWD_STEP_BIOS_STAGE, FWD_STEP_BIOS_STAGE);
		if (req->flags & FWD_FLASH_REBOOT)
			host->redfish_plan(ctx, FWD_STEP_BIOS_STAGE, "POST",
					   "<system>/Actions/ComputerSystem.Reset", NULL,
					   "--reboot: restart the host so the new BIOS runs");
		return 0;
	}
	ret = push_and_follow(ctx, req, &p, "OnReset", FWD_STEP_BIOS_STAGE, FWD_STEP_BIOS_STAGE,
			      result, &t, task, sizeof(task));
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
			   "OnReset");
	return 0;
}

/* Nothing changes: the service can take the push, and no update runs. */
int rf_preflight(struct fwd_ctx *ctx, const struct fwd_identity *id, enum fwd_part part,
		 const struct fwd_flash_request *req)
{
	const struct fwd_host_api *host = rf_host();
	char task[256], state[32];
	struct push_plan p;
	int ret;

	(void)id;
	ret = plan_push(ctx, part, req, &p);
	if (ret)
		return ret;
	/* Another update in progress: the BMC would answer 503, or worse
	 * queue ours behind it.  A resumed run may find its own: flash_bmc
	 * follows that one. */
	if (active_task(ctx, task, sizeof(task), state, sizeof(state))) {
		if (req && (req->flags & FWD_FLASH_RESUME))
			host->log(ctx, FWD_LOG_INFO, "the BMC has a task in state %s (%s): the "
				  "interrupted run's push, most likely; it is followed, not "
				  "pushed again", state, task);
		else
			ret = host->set_error(ctx, -FWD_E_BUSY, "the BMC has a task in state %s "
					      "(%s): another update may be running; wait for it "
					      "to end, nothing was flashed", state, task);
	}
	return ret;
}
