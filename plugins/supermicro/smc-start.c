/*
 * smc-start.c: what a Supermicro BMC needs after it took an image (the
 * Supermicro profile's after_upload hook, smc-profile.c): the verify task
 * followed to Completed/OK, then UpdateService.StartUpdate sent, whose
 * task the shared flow follows as the update's; and the same in a dry
 * run's plan (after_upload_plan).
 *
 * The 202 of the upload names its verify task in the body, not always in a
 * Location: Accepted.@Message.ExtendedInfo[0].MessageArgs[0], message
 * SMC.1.0.OemSimpleupdateAcceptedMessage (fwupd fu-redfish-smc-device.c).
 * StartUpdate answers the same way, or with a Location.
 *
 * A run killed while the BMC verified leaves the verify task running; the
 * resumed run follows the task it finds (rf-push.c), which is that one:
 * the follow hook (sm_rf_follow) sees it end with the verify message and
 * sends the StartUpdate the killed run never sent, then follows the update.
 *
 * Result keys: "preserve" (the Oem flags sent), "preserve_settings" (BIOS:
 * PreserveNVRAM), "verify_task", "verify_state", "verify_message_id",
 * "start_update" (the action's URI), "update_task" (StartUpdate's task,
 * when the task followed was the verify one).
 */
#include "supermicro.h"

#include <stdio.h>
#include <string.h>

#include "rf.h"

/* The message a Supermicro verify task ends with (fwupd
 * fu-redfish-smc-device.c). */
#define SM_VERIFY_DONE "OemVerifyCompleted"

/* The task a Supermicro 202 names in its Accepted message, else the one
 * its Location or @odata.id names (rf_task_of); "" when none. */
static void accepted_task(const struct fwd_redfish_answer *a, char *out, size_t size)
{
	const struct fwd_host_api *host = rf_host();
	const struct fwd_json *info = host->json_object_get(host->json_object_get(a->body,
				"Accepted"), "@Message.ExtendedInfo");
	const struct fwd_json *args = host->json_object_get(host->json_array_get(info, 0),
							    "MessageArgs");
	const char *task = host->json_string_value(host->json_array_get(args, 0));

	if (task && task[0] == '/')
		snprintf(out, size, "%s", task);
	else
		rf_task_of(a, out, size);
}

/* The verify task to its end: Completed with TaskStatus OK (or none said),
 * else an error; the image is written by StartUpdate only, so nothing is. */
static int verify(struct fwd_ctx *ctx, const struct rf_follow *f, const char *task)
{
	const struct fwd_host_api *host = rf_host();
	struct fwd_redfish_task t = FWD_REDFISH_TASK_INIT;
	int ret;

	host->log(ctx, FWD_LOG_INFO, "the BMC verifies the image: following its task %s", task);
	host->json_object_set_new(f->result, "verify_task", host->json_string(task));
	ret = host->redfish_task(ctx, f->step, task, f->wait_s, &t);
	host->json_object_set_new(f->result, "verify_state", t.state[0] ?
				  host->json_string(t.state) : host->json_null());
	host->json_object_set_new(f->result, "verify_message_id", t.message_id[0] ?
				  host->json_string(t.message_id) : host->json_null());
	if (ret)
		return ret;
	if (strcmp(t.state, "Completed") != 0 || (t.status[0] && strcmp(t.status, "OK") != 0))
		return host->set_error(ctx, -FWD_E_FLASH, "the BMC's verification of the image "
				       "ended %s%s%s%s%s: no StartUpdate sent, nothing was "
				       "written; the BMC may hold the image in update mode until "
				       "it is reset", t.state[0] ? t.state : "without a state",
				       t.status[0] ? "/" : "", t.status, t.message_id[0] ? ", " : "",
				       t.message_id);
	host->log(ctx, FWD_LOG_INFO, "the image is verified (%s)", t.message_id[0] ?
		  t.message_id : "Completed");
	return 0;
}

/* POST StartUpdate: the task it names into task[task_size]. */
static int start_update(struct fwd_ctx *ctx, const struct rf_follow *f, char *task,
			size_t task_size)
{
	const struct fwd_host_api *host = rf_host();
	struct fwd_redfish_answer a = FWD_REDFISH_ANSWER_INIT;
	struct rf_update_service us;
	struct fwd_json *body;
	int ret = rf_update_service(ctx, &us);

	if (ret)
		return ret;
	if (!us.start[0])
		return host->set_error(ctx, -FWD_E_REFUSED, "the BMC verified the image, but its "
				       "update service has no UpdateService.StartUpdate: nothing "
				       "was written; reset the BMC to leave update mode");
	host->json_object_set_new(f->result, "start_update", host->json_string(us.start));
	host->log(ctx, FWD_LOG_INFO, "starting the update: POST %s", us.start);
	body = host->json_object();
	ret = host->redfish(ctx, "POST", us.start, body, NULL, 0, &a);
	host->json_release(body);
	if (!ret)
		accepted_task(&a, task, task_size);
	host->redfish_answer_release(&a);
	return ret;
}

int sm_rf_after_upload(struct fwd_ctx *ctx, const struct rf_follow *f,
		       const struct fwd_redfish_answer *a, char *task, size_t task_size)
{
	const struct fwd_host_api *host = rf_host();
	unsigned flags = f->req ? f->req->flags : 0;
	char verify_task[512];
	int ret;

	host->json_object_set_new(f->result, "preserve", sm_rf_preserve(f->part, flags));
	if (f->part == FWD_PART_BIOS)
		host->json_object_set_new(f->result, "preserve_settings", host->json_boolean(
			!(flags & FWD_FLASH_NO_PRESERVE_SETTINGS)));
	accepted_task(a, verify_task, sizeof(verify_task));
	if (verify_task[0]) {
		ret = verify(ctx, f, verify_task);
		if (ret)
			return ret;
	} else {
		host->log(ctx, FWD_LOG_INFO, "the BMC named no verify task: sending StartUpdate");
	}
	task[0] = '\0';
	return start_update(ctx, f, task, task_size);
}

/* The profile's follow hook: the task to its end; a verify task (a resumed
 * run found it) goes on to StartUpdate and the update's task, *t then the
 * update's. */
int sm_rf_follow(struct fwd_ctx *ctx, const struct rf_follow *f, struct fwd_redfish_task *t)
{
	const struct fwd_host_api *host = rf_host();
	char task[512];
	int ret = host->redfish_task(ctx, f->step, f->task, f->wait_s, t);

	if (ret || !strstr(t->message_id, SM_VERIFY_DONE))
		return ret;
	host->log(ctx, FWD_LOG_INFO, "the task %s was the BMC's verification of the image "
		  "(%s): the update is started now", f->task, t->message_id);
	host->json_object_set_new(f->result, "verify_task", host->json_string(f->task));
	task[0] = '\0';
	ret = start_update(ctx, f, task, sizeof(task));
	if (ret)
		return ret;
	if (!task[0])
		return host->set_error(ctx, -FWD_E_FLASH, "StartUpdate named no task to follow: "
				       "the update's end is read from the firmware inventory");
	host->json_object_set_new(f->result, "update_task", host->json_string(task));
	*t = (struct fwd_redfish_task)FWD_REDFISH_TASK_INIT;
	return host->redfish_task(ctx, f->step, task, f->wait_s, t);
}

void sm_rf_after_upload_plan(struct fwd_ctx *ctx, enum fwd_part part, enum fwd_step step)
{
	const struct fwd_host_api *host = rf_host();
	struct rf_update_service us;
	struct fwd_json *body;

	(void)part;
	host->redfish_plan(ctx, step, "GET", "<the verify task the upload's Accepted message "
			   "names>", NULL, "follow the BMC's verification of the image to "
			   "Completed/OK");
	body = host->json_object();
	host->redfish_plan(ctx, step, "POST", rf_update_service(ctx, &us) == 0 && us.start[0] ?
			   us.start : "<UpdateService.StartUpdate>", body, "start the update "
			   "(UpdateService.StartUpdate); the task it answers with is the update's");
	host->json_release(body);
}
