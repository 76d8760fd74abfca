/*
 * plan.c: recording a dry run's plan.
 */
#include "update/plan.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "util/json-out.h"
#include "update/steps.h"
#include "tool/tool.h"

void fwd_plan_note(struct fwd_ctx *ctx, enum fwd_step step, const char *what,
		   const char *command)
{
	if (!ctx->plan)
		return;
	json_array_append_new(ctx->plan, json_pack("{s:s, s:o, s:o}", "step", fwd_step_name(step),
						   "action", fwd_json_text(what),
						   "command", command ? fwd_json_text(command)
								      : json_null()));
}

/* One step line per step, however many commands it plans. */
static int last_step_is(const struct fwd_steps *steps, enum fwd_step step)
{
	size_t n = json_array_size(steps->list);
	const char *last = n ? json_string_value(json_object_get(json_array_get(steps->list, n - 1),
								  "name")) : NULL;

	return last && fwd_step_from_name(last) == step;
}

int fwd_plan_tool(struct fwd_ctx *ctx, enum fwd_step step, const struct fwd_tool_cmd *cmd,
		  const char *what)
{
	struct fwd_buf line = FWD_BUF_INIT;
	int ret = fwd_tool_plan(ctx, cmd, &line);

	if (ret) {
		if (ctx->steps)
			fwd_steps_record(ctx->steps, step, FWD_STEP_FAILED, ctx->err.msg);
	} else {
		fwd_plan_note(ctx, step, what ? what : "", line.s);
		if (ctx->steps && !last_step_is(ctx->steps, step))
			fwd_steps_recordf(ctx->steps, step, FWD_STEP_SKIPPED,
					  "dry run: would run %s", line.s);
	}
	fwd_buf_release(&line);
	return ret;
}

void fwd_plan_redfish(struct fwd_ctx *ctx, enum fwd_step step, const char *method,
		      const char *path, const json_t *body, const char *what)
{
	struct fwd_buf line = FWD_BUF_INIT;
	const char *key;
	json_t *value;
	int first = 1;

	fwd_buf_addf(&line, "%s %s", method, path);
	if (json_is_object(body)) {
		fwd_buf_add(&line, " {");
		json_object_foreach((json_t *)body, key, value) {
			fwd_buf_addf(&line, "%s%s", first ? "" : ", ", key);
			first = 0;
		}
		fwd_buf_add(&line, "}");
	}
	fwd_plan_note(ctx, step, what ? what : "", line.s);
	if (ctx->steps && !last_step_is(ctx->steps, step))
		fwd_steps_recordf(ctx->steps, step, FWD_STEP_SKIPPED, "dry run: would send %s",
				  line.s);
	fwd_buf_release(&line);
}
