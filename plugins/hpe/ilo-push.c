/*
 * ilo-push.c: how an iLO 5 or 6 takes an image (the iLO profile's push and
 * after_upload hooks, ilo-profile.c), as fwupd's HPE device does it
 * (plugins/redfish/fu-redfish-hpe-device.c):
 *
 *  - a multipart form to HttpPushUri with the fields sessionKey (the
 *    session's token: the host fills it in, the plugin never holds it),
 *    parameters {"UpdateRepository": false, "UpdateTarget": true} (flash
 *    it, do not keep a copy in the iLO repository) and files[];
 *  - no task: the iLO answers 200 and shows the update in UpdateService's
 *    Oem.Hpe: State (Idle, Uploading, Verifying, Writing, Updating,
 *    Complete, Error), FlashProgressPercent, and Result, a message.
 *
 * An iLO that flashed itself restarts; a poll that finds it gone then is
 * no failure: the core waits for it and reads the version it runs, which
 * is the verdict.  A BIOS has no such excuse.
 *
 * Result keys: "ilo_form" (the fields' names), "ilo_state",
 * "ilo_percent", "ilo_result_message_id", "ilo_result_message".
 */
#include "hpe.h"

#include <stdio.h>
#include <string.h>

#include "rf.h"

#define UPDATE_SERVICE "/redfish/v1/UpdateService"
#define POLL_MS 1000u
/* An iLO that shows no work this long after it took an image never
 * started the update. */
#define IDLE_LIMIT_S 60u

/* {"UpdateRepository": false, "UpdateTarget": true}: a new JSON object. */
static struct fwd_json *ilo_parameters(void)
{
	const struct fwd_host_api *host = rf_host();
	struct fwd_json *o = host->json_object();

	host->json_object_set_new(o, "UpdateRepository", host->json_boolean(0));
	host->json_object_set_new(o, "UpdateTarget", host->json_boolean(1));
	return o;
}

int hpe_ilo_push(struct fwd_ctx *ctx, const struct rf_follow *f, const char *uri,
		 struct fwd_redfish_answer *a)
{
	const struct fwd_host_api *host = rf_host();
	struct fwd_json *params, *names;
	int ret;

	if (!FWD_HOST_HAS(host, redfish_push_form))
		return host->set_error(ctx, -FWD_E_NOT_IMPLEMENTED, "this fwdispatch cannot send "
				       "an iLO's upload form (plugin ABI 2.7): update fwdispatch; "
				       "nothing was flashed");
	params = ilo_parameters();
	const struct fwd_redfish_field form[] = {
		{ .name = "sessionKey", .kind = FWD_FIELD_SESSION },
		{ .name = "parameters", .kind = FWD_FIELD_JSON, .json = params },
		{ .name = "files[]", .kind = FWD_FIELD_IMAGE },
	};
	names = host->json_array();
	for (size_t i = 0; i < sizeof(form) / sizeof(form[0]); i++)
		host->json_array_append_new(names, host->json_string(form[i].name));
	host->json_object_set_new(f->result, "ilo_form", names);
	ret = host->redfish_push_form(ctx, f->step, uri, form, sizeof(form) / sizeof(form[0]),
				      f->req->image_path, a);
	host->json_release(params);
	return ret;
}

void hpe_ilo_push_plan(struct fwd_ctx *ctx, enum fwd_part part, enum fwd_step step,
		       const char *uri)
{
	const struct fwd_host_api *host = rf_host();
	/* The plan shows a body's keys only: the form's fields, no values. */
	struct fwd_json *form = host->json_object();

	(void)part;
	host->json_object_set_new(form, "sessionKey", host->json_string(""));
	host->json_object_set_new(form, "parameters", ilo_parameters());
	host->json_object_set_new(form, "files[]", host->json_string(""));
	host->redfish_plan(ctx, step, "POST", uri, form, "push the image as the iLO's form "
			   "(sessionKey: the session's, parameters: UpdateTarget true, "
			   "UpdateRepository false; files[]: the image)");
	host->redfish_plan(ctx, step, "GET", UPDATE_SERVICE, NULL, "follow Oem.Hpe State and "
			   "FlashProgressPercent to Complete or Error");
	host->json_release(form);
}

/* The iLO's update state as it is now. */
struct ilo_state {
	char state[32];
	long percent;
	char message_id[128];
	char message[256];
};

static void read_state(const struct fwd_json *us, struct ilo_state *s)
{
	const struct fwd_host_api *host = rf_host();
	const struct fwd_json *hpe = host->json_object_get(host->json_object_get(us, "Oem"),
							   "Hpe");
	const struct fwd_json *result = host->json_object_get(hpe, "Result");
	const struct fwd_json *pct = host->json_object_get(hpe, "FlashProgressPercent");
	const char *v;

	memset(s, 0, sizeof(*s));
	s->percent = pct ? (long)host->json_integer_value(pct) : -1;
	v = rf_text(hpe, "State");
	snprintf(s->state, sizeof(s->state), "%s", v ? v : "");
	v = rf_text(result, "MessageId");
	snprintf(s->message_id, sizeof(s->message_id), "%s", v ? v : "");
	v = rf_text(result, "Message");
	snprintf(s->message, sizeof(s->message), "%s", v ? v : "");
}

static void record(struct fwd_json *result, const struct ilo_state *s)
{
	const struct fwd_host_api *host = rf_host();

	host->json_object_set_new(result, "ilo_state", host->json_string(s->state));
	host->json_object_set_new(result, "ilo_percent", s->percent >= 0 ?
				  host->json_integer(s->percent) : host->json_null());
	host->json_object_set_new(result, "ilo_result_message_id", s->message_id[0] ?
				  host->json_string(s->message_id) : host->json_null());
	host->json_object_set_new(result, "ilo_result_message", s->message[0] ?
				  host->json_string(s->message) : host->json_null());
}

/* Follows Oem.Hpe.State to Complete (0) or Error (-FWD_E_FLASH), at most
 * f->wait_s; task stays "": there is no Redfish task. */
int hpe_ilo_after_upload(struct fwd_ctx *ctx, const struct rf_follow *f,
			 const struct fwd_redfish_answer *a, char *task, size_t task_size)
{
	const struct fwd_host_api *host = rf_host();
	uint64_t deadline = host->now_ms(ctx) + (uint64_t)f->wait_s * 1000u;
	uint64_t idle_until = host->now_ms(ctx) + IDLE_LIMIT_S * 1000u;
	struct ilo_state s = { .percent = -1 }, last = { .percent = -1 };
	int ret, worked = 0;

	(void)a;
	if (task_size)
		task[0] = '\0';
	host->log(ctx, FWD_LOG_INFO, "the iLO took the image: following its update state "
		  "(UpdateService Oem.Hpe)");
	for (;;) {
		struct fwd_redfish_answer u = FWD_REDFISH_ANSWER_INIT;

		ret = host->redfish(ctx, "GET", UPDATE_SERVICE, NULL, NULL, 0, &u);
		if (!ret)
			read_state(u.body, &s);
		host->redfish_answer_release(&u);
		if (ret == -FWD_E_BMC_GONE && f->part == FWD_PART_BMC) {
			host->log(ctx, FWD_LOG_INFO, "the iLO stopped answering after it took its "
				  "image (last state %s): it restarts into it; the version it "
				  "runs after tells", last.state[0] ? last.state : "not read");
			record(f->result, &last);
			return 0;
		}
		if (ret)
			return ret;
		if (strcmp(s.state, last.state) != 0 || s.percent / 25 != last.percent / 25)
			host->log(ctx, FWD_LOG_INFO, "iLO update state: %s%s%ld%%",
				  s.state[0] ? s.state : "(none said)", s.percent >= 0 ? ", " : "",
				  s.percent >= 0 ? s.percent : 0);
		worked |= s.state[0] && strcmp(s.state, "Idle") != 0;
		last = s;
		/* Idle again after the work: done, without a Result to show. */
		if (!strcmp(s.state, "Complete") || (!strcmp(s.state, "Idle") && worked)) {
			record(f->result, &s);
			return 0;
		}
		if (!strcmp(s.state, "Error")) {
			record(f->result, &s);
			return host->set_error(ctx, -FWD_E_FLASH, "the iLO's update ended in Error%s"
					       "%s%s%s: the image was not applied", s.message_id[0] ?
					       ": " : "", s.message_id, s.message[0] ? ": " : "",
					       s.message);
		}
		if (!s.state[0]) {
			record(f->result, &s);
			return host->set_error(ctx, -FWD_E_FLASH, "the iLO took the image but shows "
					       "no update state (UpdateService Oem.Hpe.State): "
					       "whether it applies it is not known; read its version "
					       "with fwdispatch status before anything else");
		}
		if (!worked && host->now_ms(ctx) >= idle_until) {
			record(f->result, &s);
			return host->set_error(ctx, -FWD_E_FLASH, "the iLO took the image but stayed "
					       "%s for %u s without starting the update: it was not "
					       "applied; look at the iLO's web page (Firmware & OS "
					       "Software) and run fwdispatch status", s.state,
					       IDLE_LIMIT_S);
		}
		if (host->now_ms(ctx) >= deadline) {
			record(f->result, &s);
			return host->set_error(ctx, -FWD_E_TIMEOUT, "the iLO's update was still %s "
					       "after %u s: do not power the server off; follow it on "
					       "the iLO's web page (Firmware & OS Software) and run "
					       "fwdispatch status", s.state, f->wait_s);
		}
		host->sleep_ms(ctx, POLL_MS);
	}
}
