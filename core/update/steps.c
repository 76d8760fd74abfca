/*
 * steps.c: recording the steps of a run.
 */
#include "update/steps.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ipmi/bmc.h"
#include "util/json-out.h"

void fwd_steps_init(struct fwd_steps *steps)
{
	memset(steps, 0, sizeof(*steps));
	steps->list = json_array();
}

void fwd_steps_release(struct fwd_steps *steps)
{
	json_decref(steps->list);
	memset(steps, 0, sizeof(*steps));
}

const char *fwd_step_state_name(enum fwd_step_state state)
{
	switch (state) {
	case FWD_STEP_BEGIN: return "running";
	case FWD_STEP_DONE: return "ok";
	case FWD_STEP_FAILED: return "failed";
	case FWD_STEP_SKIPPED: return "skipped";
	}
	return "unknown";
}

void fwd_steps_record(struct fwd_steps *steps, const char *name,
		      enum fwd_step_state state, const char *detail)
{
	uint64_t now = fwd_now_ms();
	json_t *step = steps->current;

	if (state == FWD_STEP_BEGIN || !step ||
	    strcmp(json_string_value(json_object_get(step, "name")), name) != 0) {
		step = json_pack("{s:s, s:s, s:o, s:i}", "name", name, "status",
				 fwd_step_state_name(state), "detail", fwd_json_text(detail ? detail : ""),
				 "duration_ms", 0);
		json_array_append_new(steps->list, step);
		steps->current = step;
		steps->current_start_ms = now;
	} else {
		json_object_set_new(step, "status", json_string(fwd_step_state_name(state)));
		if (detail && *detail)
			json_object_set_new(step, "detail", fwd_json_text(detail));
		json_object_set_new(step, "duration_ms",
				    json_integer((json_int_t)(now - steps->current_start_ms)));
	}
	if (state != FWD_STEP_BEGIN)
		steps->current = NULL;
	if (steps->on_change)
		steps->on_change(steps->payload, step, state);
}

const char *fwd_steps_stopped_at(const struct fwd_steps *steps)
{
	size_t i;
	json_t *step;

	json_array_foreach(steps->list, i, step) {
		const char *status = json_string_value(json_object_get(step, "status"));

		if (!strcmp(status, "failed") || !strcmp(status, "running"))
			return json_string_value(json_object_get(step, "name"));
	}
	return NULL;
}

void fwd_steps_recordf(struct fwd_steps *steps, const char *name, enum fwd_step_state state,
		       const char *fmt, ...)
{
	char detail[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	fwd_steps_record(steps, name, state, detail);
}
