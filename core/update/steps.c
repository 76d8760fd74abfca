/*
 * steps.c: the step table and recording the steps of a run.
 */
#include "update/steps.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/buf.h"
#include "util/clock.h"
#include "util/json-out.h"

#define CHANGES (1u << 0) /* may change the machine, or leaves it changed when it fails */
#define ACTS (1u << 1)    /* sends what changes it (a flash, a reset, lan set, a BIOS) */

static const struct {
	enum fwd_step step;
	const char *name;
	unsigned flags;
} step_table[] = {
	{ FWD_STEP_IDENTIFY, "identify", 0 },
	{ FWD_STEP_MANIFEST, "manifest", 0 },
	{ FWD_STEP_FREE_SPACE, "free-space", 0 },
	{ FWD_STEP_BACKUP, "backup", 0 },
	{ FWD_STEP_CHECKS, "preflight-checks", 0 },
	{ FWD_STEP_MANIFEST_BMC, "manifest-bmc", 0 },
	{ FWD_STEP_CHECK_BMC_IMAGE, "check-bmc-image", 0 },
	{ FWD_STEP_PREFLIGHT_BMC, "preflight-bmc", 0 },
	{ FWD_STEP_BMC_FLASH, "bmc-flash", CHANGES | ACTS },
	{ FWD_STEP_BMC_UPLOAD, "bmc-upload", CHANGES | ACTS },
	{ FWD_STEP_BMC_JOB, "bmc-job", CHANGES | ACTS },
	{ FWD_STEP_BMC_RESET, "bmc-reset", CHANGES | ACTS },
	{ FWD_STEP_BMC_WAIT, "bmc-wait", CHANGES },
	{ FWD_STEP_BMC_VERIFY, "bmc-verify", CHANGES },
	{ FWD_STEP_MANIFEST_BIOS, "manifest-bios", 0 },
	{ FWD_STEP_CHECK_BIOS_IMAGE, "check-bios-image", 0 },
	{ FWD_STEP_PREFLIGHT_BIOS, "preflight-bios", 0 },
	{ FWD_STEP_BIOS_STAGE, "bios-stage", CHANGES | ACTS },
	{ FWD_STEP_LAN_CHECK, "lan-check", CHANGES | ACTS },
};
#define N_STEPS (sizeof(step_table) / sizeof(step_table[0]))

static const char *const part_names[] = { "run", "bmc", "bios", "lan" };

static int step_index(enum fwd_step step)
{
	for (size_t i = 0; i < N_STEPS; i++)
		if (step_table[i].step == step)
			return (int)i;
	return -1;
}

const char *fwd_step_name(enum fwd_step step)
{
	int i = step_index(step);

	return i < 0 ? NULL : step_table[i].name;
}

enum fwd_step fwd_step_from_name(const char *name)
{
	for (size_t i = 0; name && i < N_STEPS; i++)
		if (!strcmp(step_table[i].name, name))
			return step_table[i].step;
	return 0;
}

const char *fwd_part_name(enum fwd_part part)
{
	return (unsigned)part < sizeof(part_names) / sizeof(part_names[0]) ? part_names[part]
									   : NULL;
}

int fwd_step_changes_machine(enum fwd_step step)
{
	int i = step_index(step);

	return i >= 0 && (step_table[i].flags & CHANGES);
}

int fwd_step_acts(enum fwd_step step)
{
	int i = step_index(step);

	return i >= 0 && (step_table[i].flags & ACTS);
}

void fwd_steps_init(struct fwd_steps *steps)
{
	memset(steps, 0, sizeof(*steps));
	steps->list = json_array();
	steps->checks = json_array();
}

void fwd_steps_release(struct fwd_steps *steps)
{
	json_decref(steps->list);
	json_decref(steps->checks);
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

static void record(struct fwd_steps *steps, enum fwd_step id, enum fwd_step_state state,
		   const char *detail, int kept)
{
	uint64_t now = fwd_clock_real_ms();
	const char *name = fwd_step_name(id);
	json_t *step;

	if (!steps || !name)
		return;
	step = steps->current;
	if (state == FWD_STEP_BEGIN || !step || steps->current_step != id) {
		step = json_pack("{s:s, s:s, s:o, s:i, s:s}", "name", name, "status",
				 fwd_step_state_name(state), "detail", fwd_json_text(detail ? detail : ""),
				 "duration_ms", 0, "part", fwd_part_name(FWD_STEP_PART(id)));
		json_array_append_new(steps->list, step);
		steps->current = step;
		steps->current_step = id;
		steps->current_start_ms = now;
	} else {
		json_object_set_new(step, "status", json_string(fwd_step_state_name(state)));
		if (detail && *detail)
			json_object_set_new(step, "detail", fwd_json_text(detail));
		json_object_set_new(step, "duration_ms",
				    json_integer((json_int_t)(now - steps->current_start_ms)));
	}
	if (kept)
		json_object_set_new(step, "kept", json_true());
	if (state != FWD_STEP_BEGIN) {
		steps->current = NULL;
		steps->current_step = 0;
	}
	if (steps->on_change)
		steps->on_change(steps->payload, step, id, state);
}

void fwd_steps_record(struct fwd_steps *steps, enum fwd_step id,
		      enum fwd_step_state state, const char *detail)
{
	record(steps, id, state, detail, 0);
}

static void vrecord(struct fwd_steps *steps, enum fwd_step id, enum fwd_step_state state,
		    int kept, const char *fmt, va_list ap)
{
	struct fwd_buf detail = FWD_BUF_INIT;

	/* Out of memory, the step keeps its state, and its detail says why it has no other. */
	record(steps, id, state, fwd_buf_vaddf(&detail, fmt, ap) ? "(out of memory)" : detail.s,
	       kept);
	fwd_buf_release(&detail);
}

void fwd_steps_record_kept(struct fwd_steps *steps, enum fwd_step id, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vrecord(steps, id, FWD_STEP_SKIPPED, 1, fmt, ap);
	va_end(ap);
}

void fwd_steps_recordf(struct fwd_steps *steps, enum fwd_step step, enum fwd_step_state state,
		       const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vrecord(steps, step, state, 0, fmt, ap);
	va_end(ap);
}

enum fwd_step fwd_steps_stopped_at(const struct fwd_steps *steps)
{
	size_t i;
	json_t *step;

	if (!steps)
		return 0;
	json_array_foreach(steps->list, i, step) {
		const char *status = json_string_value(json_object_get(step, "status"));

		if (!strcmp(status, "failed") || !strcmp(status, "running"))
			return fwd_step_from_name(json_string_value(json_object_get(step, "name")));
	}
	return 0;
}

/* Its work stands: it ended ok, or a resumed run kept an earlier run's. */
static int stands(const json_t *step)
{
	const char *status = json_string_value(json_object_get(step, "status"));

	return (status && !strcmp(status, "ok")) || json_is_true(json_object_get(step, "kept"));
}

int fwd_steps_journal_ok(const json_t *journal, enum fwd_step id)
{
	const char *name = fwd_step_name(id);
	const json_t *step;
	size_t i;

	json_array_foreach(json_object_get(journal, "steps"), i, step) {
		const char *n = json_string_value(json_object_get(step, "name"));

		if (name && n && !strcmp(n, name) && stands(step))
			return 1;
	}
	return 0;
}

/* Each step of a journal that began in it (not passed over), in order;
 * 1 as soon as test says so. */
static int any_begun(const json_t *journal, int (*test)(enum fwd_step))
{
	const json_t *step;
	size_t i;

	json_array_foreach(json_object_get(journal, "steps"), i, step) {
		const char *status = json_string_value(json_object_get(step, "status"));
		enum fwd_step id = fwd_step_from_name(json_string_value(json_object_get(step,
											  "name")));

		if (id && status && strcmp(status, "skipped") != 0 && test(id))
			return 1;
	}
	return 0;
}

int fwd_steps_journal_acted(const json_t *journal)
{
	return any_begun(journal, fwd_step_acts);
}

int fwd_steps_journal_changed(const json_t *journal)
{
	const json_t *step;
	size_t i;

	json_array_foreach(json_object_get(journal, "steps"), i, step)
		if (json_is_true(json_object_get(step, "kept")))
			return 1;
	return any_begun(journal, fwd_step_changes_machine);
}

/* ---- the preflight's checks ---- */

static const char *const verdict_names[] = { "pass", "warn", "refuse", "skip", "overridden" };

const char *fwd_check_verdict_name(enum fwd_check_verdict verdict)
{
	return (unsigned)verdict < sizeof(verdict_names) / sizeof(verdict_names[0])
		       ? verdict_names[verdict] : NULL;
}

void fwd_steps_check(struct fwd_steps *steps, const char *name, enum fwd_check_verdict verdict,
		     const char *detail)
{
	const char *v = fwd_check_verdict_name(verdict);
	json_t *rec;

	if (!steps || !steps->checks || !v || !name)
		return;
	rec = json_pack("{s:s, s:s, s:o}", "check", name, "verdict", v, "detail",
			fwd_json_text(detail ? detail : ""));
	if (!rec || json_array_append_new(steps->checks, rec) != 0)
		return;
	if (steps->on_check)
		steps->on_check(steps->payload, rec);
}

void fwd_steps_checkf(struct fwd_steps *steps, const char *name,
		      enum fwd_check_verdict verdict, const char *fmt, ...)
{
	struct fwd_buf detail = FWD_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	fwd_steps_check(steps, name, verdict,
			fwd_buf_vaddf(&detail, fmt, ap) ? "(out of memory)" : detail.s);
	va_end(ap);
	fwd_buf_release(&detail);
}
