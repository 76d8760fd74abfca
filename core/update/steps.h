/*
 * steps.h: the steps of a run (update, restore, ...), as they happen.
 *
 * Each step goes BEGIN -> DONE | FAILED | SKIPPED, with a one-line detail.
 * The list becomes the "steps" array of the JSON report; each change is
 * also handed to on_change (the human report on the terminal now, and the
 * journal), so an interrupted run can say where it stopped.
 */
#ifndef FWD_STEPS_H
#define FWD_STEPS_H

#include <fwdispatch/fwd_plugin.h>
#include <jansson.h>
#include <stdint.h>

struct fwd_steps {
	json_t *list;          /* owned: [{name, status, detail, duration_ms}] */
	json_t *current;       /* borrowed from list: the step begun last, or NULL */
	uint64_t current_start_ms;
	/* Called after every change; payload is borrowed. */
	void (*on_change)(void *payload, const json_t *step, enum fwd_step_state state);
	void *payload;
};

void fwd_steps_init(struct fwd_steps *steps);
void fwd_steps_release(struct fwd_steps *steps);

/* Records a change.  DONE/FAILED/SKIPPED of a step that was not begun (or
 * not last begun) adds it as an instant step. */
void fwd_steps_record(struct fwd_steps *steps, const char *name,
		      enum fwd_step_state state, const char *detail);

/* The same with a printf-style detail. */
void fwd_steps_recordf(struct fwd_steps *steps, const char *name, enum fwd_step_state state,
		       const char *fmt, ...) FWD_PRINTF(4, 5);

/* "running", "ok", "failed", "skipped". */
const char *fwd_step_state_name(enum fwd_step_state state);

/* The name of the last step that failed, or of the one still running, or NULL. */
const char *fwd_steps_stopped_at(const struct fwd_steps *steps);

#endif
