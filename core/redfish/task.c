/*
 * task.c: following a Redfish task to its end (redfish.h, task.h).
 *
 * DSP0266's asynchronous operations: the push answers 202 with a task
 * monitor (Location) or the task itself; a GET on either answers 202 and
 * Retry-After while it runs, then the task in its final state.  How it
 * ended is in TaskState and in its Messages, whose IDs say more than the
 * state does: a Completed task may still need a reset (Base's
 * ResetRequired) or wait for one (Update's AwaitToActivate).
 */
#include "redfish/task.h"

#include <stdio.h>
#include <string.h>

#include "redfish/client.h"
#include "util/clock.h"

/* Retry-After within these bounds; none said: the default. */
#define POLL_DEFAULT_S 2u
#define POLL_MAX_S 30u
/* A BMC restarting to apply its own image stops answering: give it this
 * many failed polls in a row before calling the task gone. */
#define GONE_AFTER_FAILURES 2

/* "Registry.1.0.Key": does id end in Key, in registry reg (NULL: any)? */
static int message_is(const char *id, const char *reg, const char *key)
{
	size_t n = strlen(id), k = strlen(key);

	if (n <= k || strcmp(id + n - k, key) != 0 || id[n - k - 1] != '.')
		return 0;
	return !reg || (strncmp(id, reg, strlen(reg)) == 0 && id[strlen(reg)] == '.');
}

static const struct {
	const char *reg, *key, *why;
} failures[] = {
	{ "Update", "VerificationFailed", "the BMC checked the image and refused it (not for "
	  "this board, corrupted, or not signed by its maker): nothing was applied" },
	{ "Update", "TransferFailed", "the BMC could not receive or fetch the whole image: "
	  "nothing was applied" },
	{ "Update", "ApplyFailed", "the BMC failed to apply the image: it may still run the "
	  "old firmware, or a half-written one; 'fwdispatch status' says what it runs" },
	{ "Update", "ActivateFailed", "the BMC could not activate the new image" },
	{ "Update", "InvalidUpdateParameters", "the BMC refused the update's parameters" },
};

static void take_message(const json_t *m, struct fwd_redfish_task *out)
{
	const char *id = json_string_value(json_object_get(m, "MessageId"));
	const char *text = json_string_value(json_object_get(m, "Message"));

	snprintf(out->message_id, sizeof(out->message_id), "%s", id ? id : "");
	snprintf(out->message, sizeof(out->message), "%s", text ? text : "");
}

const char *fwd_redfish_failure_why(const char *message_id)
{
	for (size_t i = 0; message_id && i < sizeof(failures) / sizeof(failures[0]); i++)
		if (message_is(message_id, failures[i].reg, failures[i].key))
			return failures[i].why;
	return NULL;
}

/* The message that decides: a failure first, then a reset, then a wait,
 * else the last one. */
static void read_messages(const json_t *task, struct fwd_redfish_task *out, int *failed)
{
	const json_t *msgs = json_object_get(task, "Messages"), *m;
	int rank = 0;
	size_t i;

	json_array_foreach(msgs, i, m) {
		const char *id = json_string_value(json_object_get(m, "MessageId"));
		const json_t *args = json_object_get(m, "MessageArgs");
		int r = 0;

		if (!id)
			continue;
		if (fwd_redfish_failure_why(id))
			r = 4;
		else if (message_is(id, "Base", "ResetRequired"))
			r = 3;
		else if (message_is(id, "Update", "AwaitToActivate"))
			r = 2;
		else
			r = 1;
		/* The last of the plain messages says most of where it got. */
		if (r < rank || (r == rank && r != 1))
			continue;
		rank = r;
		take_message(m, out);
		*failed = r == 4;
		if (r == 3) {
			const char *uri = json_string_value(json_array_get(args, 0));
			const char *type = json_string_value(json_array_get(args, 1));

			out->outcome = FWD_REDFISH_TASK_RESET_REQUIRED;
			snprintf(out->reset_uri, sizeof(out->reset_uri), "%s", uri ? uri : "");
			snprintf(out->reset_type, sizeof(out->reset_type), "%s", type ? type : "");
		} else if (r == 2) {
			out->outcome = FWD_REDFISH_TASK_AWAIT_ACTIVATION;
		}
	}
}

enum fwd_task_phase fwd_redfish_task_read(const json_t *task, struct fwd_redfish_task *out)
{
	const char *state = json_string_value(json_object_get(task, "TaskState"));
	const char *status = json_string_value(json_object_get(task, "TaskStatus"));
	const json_t *pc = json_object_get(task, "PercentComplete");
	int failed = 0;

	if (json_is_integer(pc) && json_integer_value(pc) >= 0 && json_integer_value(pc) <= 100)
		out->percent = (int)json_integer_value(pc);
	snprintf(out->status, sizeof(out->status), "%s", status ? status : "");
	if (!json_is_object(task) || !state) {
		out->state[0] = '\0';
		return FWD_TASK_NOT_A_TASK;
	}
	snprintf(out->state, sizeof(out->state), "%s", state);
	out->outcome = FWD_REDFISH_TASK_DONE;
	out->message_id[0] = out->message[0] = out->reset_uri[0] = out->reset_type[0] = '\0';
	read_messages(task, out, &failed);
	if (!strcmp(state, "Exception") || !strcmp(state, "Killed") ||
	    !strcmp(state, "Cancelled") || !strcmp(state, "Cancelling"))
		return FWD_TASK_FAILED;
	if (!strcmp(state, "Completed"))
		return failed ? FWD_TASK_FAILED : FWD_TASK_ENDED;
	return FWD_TASK_RUNNING;
}

static int failed(struct fwd_ctx *ctx, const char *uri, const struct fwd_redfish_task *t)
{
	const char *why = fwd_redfish_failure_why(t->message_id);

	return fwd_ctx_set_error(ctx, -FWD_E_FLASH, "the BMC's task %s ended %s%s%s%s%s%s: %s",
				 uri, t->state, t->message_id[0] ? " with " : "", t->message_id,
				 t->message[0] ? " (" : "", t->message, t->message[0] ? ")" : "",
				 why ? why : "the update did not take place as asked");
}

int fwd_redfish_task(struct fwd_ctx *ctx, enum fwd_step step, const char *task_uri,
		     unsigned timeout_s, struct fwd_redfish_task *out)
{
	uint64_t start = fwd_now_ms(ctx), limit = (uint64_t)timeout_s * 1000u;
	int misses = 0;

	for (;;) {
		struct fwd_redfish_reply r;
		enum fwd_task_phase phase = FWD_TASK_RUNNING;
		unsigned wait_s = POLL_DEFAULT_S;
		int ret = fwd_redfish_request(ctx, "GET", task_uri, NULL, NULL, FWD_REDFISH_QUIET,
					      &r);

		if (ret == -FWD_E_BMC_GONE || (!ret && r.status == 404)) {
			/* A BMC applying its own image restarts; some purge a task
			 * once it ends (iDRAC): the inventory tells what happened. */
			if (!ret || ++misses >= GONE_AFTER_FAILURES) {
				fwd_log(ctx, FWD_LOG_INFO, "the task %s is gone (%s): the BMC's "
					"inventory will tell whether the update took place",
					task_uri, ret ? "the BMC stopped answering" :
					"404: the BMC removed it");
				fwd_ctx_clear_error(ctx);
				fwd_redfish_reply_release(&r);
				out->outcome = FWD_REDFISH_TASK_GONE;
				return 0;
			}
		} else if (ret) {
			return ret;
		} else if (r.status != 200 && r.status != 202) {
			ret = fwd_redfish_judge(ctx, "GET", task_uri, &r);
			fwd_redfish_reply_release(&r);
			return ret;
		} else {
			misses = 0;
			phase = fwd_redfish_task_read(r.body, out);
			/* 200 with the operation's own answer: it is over. */
			if (phase == FWD_TASK_NOT_A_TASK)
				phase = r.status == 200 ? FWD_TASK_ENDED : FWD_TASK_RUNNING;
			if (r.retry_after_s)
				wait_s = r.retry_after_s > POLL_MAX_S ? POLL_MAX_S : r.retry_after_s;
		}
		fwd_redfish_reply_release(&r);
		if (out->percent >= 0 && ctx->on_progress)
			ctx->on_progress(ctx->progress_payload, step, (uint64_t)out->percent, 100);
		if (phase == FWD_TASK_ENDED)
			return 0;
		if (phase == FWD_TASK_FAILED)
			return failed(ctx, task_uri, out);
		if (fwd_now_ms(ctx) - start >= limit)
			return fwd_ctx_set_error(ctx, -FWD_E_TIMEOUT, "the BMC's task %s still "
						 "runs after %u s (%s%s, %d %%): it may be stuck; "
						 "'fwdispatch status' follows it", task_uri, timeout_s,
						 out->state[0] ? "state " : "no state",
						 out->state, out->percent < 0 ? 0 : out->percent);
		fwd_sleep_ms(ctx, (uint64_t)wait_s * 1000u);
	}
}
