/*
 * rf-push.c: one push through the update service and its task (rf-push.h).
 *
 * One push per image: the multipart form of MultipartHttpPushUri when the
 * service offers it (the apply time and the targets said in
 * UpdateParameters, as the profile fills them), else the image alone to
 * HttpPushUri.  An image the operator gives as a URL (req->image_url) is
 * pulled by the BMC itself: UpdateService.SimpleUpdate with ImageURI,
 * Targets and the apply time, the host having fetched and checked the
 * same URL first.  The task the push starts is followed to its end,
 * through the profile's follow hook when it has one; a task that vanishes
 * (a BMC restarting into its new image, a service that purges finished
 * tasks) goes to the profile's task_gone hook, else leaves the verdict to
 * the inventory, which the core reads after.  A push the service refuses
 * goes to the profile's refused hook, for a clearer error than the BMC's
 * words; one it took, to the after_upload hook first (a vendor's verify
 * task and StartUpdate), which names the task followed then.
 *
 * Result keys: "push_uri" (the SimpleUpdate action's URI for a URL),
 * "image_url", "apply_time", "targets", "task", "task_state",
 * "task_message_id", "task_message", "resumed_task".
 */
#include "rf-push.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

/* Where and how to push; refuses a service that cannot take a push. */
int rf_push_plan(struct fwd_ctx *ctx, const struct rf_vendor *v, enum fwd_part part,
		 const struct fwd_flash_request *req, struct rf_push *p)
{
	const struct fwd_host_api *host = rf_host();
	char version[64];
	struct stat st;
	int ret;

	memset(p, 0, sizeof(*p));
	p->v = v;
	p->part = part;
	p->req = req;
	p->apply_time = part == FWD_PART_BMC ? v->apply_bmc : v->apply_bios;
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
	switch (v->targets) {
	case RF_TARGETS_INVENTORY:
		/* A target the service cannot name is left to the image itself. */
		if (rf_inventory_find(ctx, &p->us, part, p->target, sizeof(p->target), version,
				      sizeof(version)) != 0)
			p->target[0] = '\0';
		break;
	case RF_TARGETS_WILDCARD:
		snprintf(p->target, sizeof(p->target), "%s", v->wildcard ? v->wildcard : "");
		break;
	case RF_TARGETS_FIXED:
		snprintf(p->target, sizeof(p->target), "%s", part == FWD_PART_BMC ?
			 (v->target_bmc ? v->target_bmc : "") :
			 (v->target_bios ? v->target_bios : ""));
		break;
	case RF_TARGETS_EMPTY:
		break;
	}
	return 0;
}

/* UpdateParameters (or SimpleUpdate's body) into *out; the profile's
 * parameters hook adds its members last. */
static int update_parameters(struct fwd_ctx *ctx, const struct rf_push *p,
			     struct fwd_json **out)
{
	const struct fwd_host_api *host = rf_host();
	struct fwd_json *params = host->json_object(), *targets = host->json_array();
	int ret = 0;

	/* SimpleUpdate's parameters are UpdateParameters' and ImageURI. */
	if (p->url)
		host->json_object_set_new(params, "ImageURI", host->json_string(p->url));
	if (p->target[0])
		host->json_array_append_new(targets, host->json_string(p->target));
	host->json_object_set_new(params, "Targets", targets);
	host->json_object_set_new(params, "@Redfish.OperationApplyTime",
				  host->json_string(p->apply_time));
	if (p->v->parameters)
		ret = p->v->parameters(ctx, p->part, p->req, params);
	if (ret) {
		host->json_release(params);
		params = NULL;
	}
	*out = params;
	return ret;
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

int rf_active_task(struct fwd_ctx *ctx, char *uri, size_t uri_size, char *state,
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

/* The task to its end: the profile's way, else the host's; then what a
 * vanished task means, when the profile knows where else to look. */
static int follow(struct fwd_ctx *ctx, const struct fwd_flash_request *req,
		  const struct rf_push *p, enum fwd_step step, const char *task,
		  struct fwd_json *result, struct fwd_redfish_task *t)
{
	const struct fwd_host_api *host = rf_host();
	const struct rf_follow f = {
		.part = p->part, .step = step, .task = task, .result = result, .req = req,
		.wait_s = req->job_wait_s ? req->job_wait_s : RF_TASK_TIMEOUT_S,
	};
	int ret = p->v->follow ? p->v->follow(ctx, &f, t) :
		  host->redfish_task(ctx, step, task, f.wait_s, t);

	if (!ret && t->outcome == FWD_REDFISH_TASK_GONE && p->v->task_gone)
		ret = p->v->task_gone(ctx, &f, t);
	return ret;
}

int rf_push_run(struct fwd_ctx *ctx, const struct fwd_flash_request *req,
		const struct rf_push *p, enum fwd_step upload_step, enum fwd_step task_step,
		struct fwd_json *result, struct fwd_redfish_task *t, char *task,
		size_t task_size)
{
	const char *apply_time = p->apply_time;
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
	    rf_active_task(ctx, task, task_size, state, sizeof(state))) {
		host->step(ctx, upload_step, FWD_STEP_SKIPPED, "the interrupted run's push is "
			   "being applied (task %s, %s): following it, not pushing again", task,
			   state);
		host->json_object_set_new(result, "resumed_task", host->json_string(task));
		if (upload_step != task_step)
			host->step(ctx, task_step, FWD_STEP_BEGIN, "following the BMC's task %s",
				   task);
		ret = follow(ctx, req, p, task_step, task, result, t);
		record_task(result, task, t);
		return ret;
	}
	ret = update_parameters(ctx, p, &params);
	if (ret)
		return ret;
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
	if (p->url) {
		ret = host->redfish(ctx, "POST", p->uri, params, NULL, 0, &a);
	} else if (!p->multipart && p->v->push) {
		const struct rf_follow f = {
			.part = p->part, .step = upload_step, .task = "", .result = result,
			.req = req, .wait_s = req->job_wait_s ? req->job_wait_s : RF_TASK_TIMEOUT_S,
		};

		ret = p->v->push(ctx, &f, p->uri, &a);
	} else {
		ret = host->redfish_push(ctx, upload_step, p->uri, p->multipart ? params : NULL,
					 req->image_path, &a);
	}
	host->json_release(params);
	if (ret) {
		if (p->v->refused)
			ret = p->v->refused(ctx, p->part, &a, ret);
		host->step(ctx, upload_step, FWD_STEP_FAILED, p->url ? "the BMC refused the "
			   "SimpleUpdate" : "the BMC refused the push");
		host->redfish_answer_release(&a);
		return ret;
	}
	rf_task_of(&a, task, task_size);
	if (p->v->after_upload) {
		char pushed[512];
		const struct rf_follow f = {
			.part = p->part, .step = upload_step, .task = pushed, .result = result,
			.req = req, .wait_s = req->job_wait_s ? req->job_wait_s : RF_TASK_TIMEOUT_S,
		};

		snprintf(pushed, sizeof(pushed), "%s", task);
		ret = p->v->after_upload(ctx, &f, &a, task, task_size);
		if (ret) {
			host->step(ctx, upload_step, FWD_STEP_FAILED, "the BMC took the image, "
				   "but not the step after it");
			host->redfish_answer_release(&a);
			return ret;
		}
	}
	host->redfish_answer_release(&a);
	if (!task[0]) {
		/* Some services answer 200/204 once the image is applied. */
		host->step(ctx, upload_step, FWD_STEP_DONE, "%s; the BMC started no Redfish task",
			   p->url ? "SimpleUpdate accepted" : p->v->push && !p->multipart ?
			   "image pushed and applied (the BMC's own update state followed)" :
			   "image pushed");
		t->outcome = FWD_REDFISH_TASK_DONE;
		return 0;
	}
	if (upload_step != task_step)
		host->step(ctx, upload_step, FWD_STEP_DONE, "%s; the BMC's task is %s",
			   p->url ? "SimpleUpdate accepted" : "image pushed", task);
	if (upload_step != task_step)
		host->step(ctx, task_step, FWD_STEP_BEGIN, "following the BMC's task %s", task);
	ret = follow(ctx, req, p, task_step, task, result, t);
	record_task(result, task, t);
	return ret;
}

int rf_push_dry_run(struct fwd_ctx *ctx, const struct rf_push *p, enum fwd_step upload_step,
		    enum fwd_step task_step)
{
	const struct fwd_host_api *host = rf_host();
	const char *apply_time = p->apply_time;
	struct fwd_json *params;
	char what[320];
	int ret = update_parameters(ctx, p, &params);

	if (ret)
		return ret;
	if (p->url)
		snprintf(what, sizeof(what), "have the BMC pull the image from the URL "
			 "(SimpleUpdate), %s, Targets %.200s", apply_time,
			 p->target[0] ? p->target : "[] (the image decides)");
	else
		snprintf(what, sizeof(what), "push the image%s, %s, Targets %.200s",
			 p->multipart ? " as multipart/form-data (UpdateParameters, UpdateFile)" :
			 " alone (HttpPushUri)", apply_time,
			 p->target[0] ? p->target : "[] (the image decides)");
	if (!p->url && !p->multipart && p->v->push_plan)
		p->v->push_plan(ctx, p->part, upload_step, p->uri);
	else
		host->redfish_plan(ctx, upload_step, "POST", p->uri, p->multipart || p->url ?
				   params : NULL, what);
	if (p->v->after_upload_plan)
		p->v->after_upload_plan(ctx, p->part, upload_step);
	/* A vendor's own push follows its own state (its plan said how). */
	if (p->url || p->multipart || !p->v->push)
		host->redfish_plan(ctx, task_step, "GET", "<the task the push answers with>",
				   NULL, "follow the task to its end (TaskState, "
				   "PercentComplete, Messages)");
	host->json_release(params);
	return 0;
}

