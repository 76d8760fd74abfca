/*
 * steps.h: the steps of an update run, as they happen.
 *
 * The steps are the numbered FWD_STEP_* of the plugin header; this file
 * holds their names (how the journal, the JSON and the operator spell
 * them) and what the core knows of each.  A run records each step BEGIN
 * -> DONE | FAILED | SKIPPED with a one-line detail.  The list becomes the
 * "steps" array of the JSON report ({name, status, detail, duration_ms,
 * part}); each change is also handed to on_change (the terminal, the
 * journal), so an interrupted run can say where it stopped.
 *
 * Ownership: struct fwd_steps owns its list; names are static strings.
 */
#ifndef FWD_STEPS_H
#define FWD_STEPS_H

#include <fwdispatch/fwd_plugin.h>
#include <jansson.h>
#include <stdint.h>

/* "identify", "bmc-upload", ...; NULL for a number this host does not know. */
const char *fwd_step_name(enum fwd_step step);

/* The step a journal names; 0 when the name is none of ours. */
enum fwd_step fwd_step_from_name(const char *name);

/* "run", "bmc", "bios", "lan"; NULL for another number. */
const char *fwd_part_name(enum fwd_part part);

/* May the step change the machine (send something to the BMC or stage
 * a BIOS)?  The checks, the manifest and the backup do not. */
int fwd_step_changes_machine(enum fwd_step step);

/* Does the step itself send what changes the machine (upload, job, reset,
 * lan set, a BIOS)?  The wait and the verification change nothing, though
 * a failure there leaves the machine changed. */
int fwd_step_acts(enum fwd_step step);

struct fwd_steps {
	json_t *list;          /* owned: the records, in order */
	json_t *current;       /* borrowed from list: the step begun last, or NULL */
	enum fwd_step current_step;
	uint64_t current_start_ms;
	/* Called after every change; payload is borrowed. */
	void (*on_change)(void *payload, const json_t *record, enum fwd_step step,
			  enum fwd_step_state state);
	void *payload;
	/* The verdicts of the preflight's checks, in order: the "preflight"
	 * array of the report ({check, verdict, detail}).  Owned. */
	json_t *checks;
	/* Called after every check recorded, with the same payload. */
	void (*on_check)(void *payload, const json_t *record);
};

/* The host's own verdict beside the plugin header's: a refusal an option
 * of the operator's let through ("overridden"). */
#define FWD_CHECK_OVERRIDDEN ((enum fwd_check_verdict)4)

/* "pass", "warn", "refuse", "skip", "overridden"; NULL for another number. */
const char *fwd_check_verdict_name(enum fwd_check_verdict verdict);

/* Records a check's verdict (name: [a-z0-9-]+).  Nothing when steps is NULL
 * or the verdict unknown. */
void fwd_steps_check(struct fwd_steps *steps, const char *name, enum fwd_check_verdict verdict,
		     const char *detail);
void fwd_steps_checkf(struct fwd_steps *steps, const char *name,
		      enum fwd_check_verdict verdict, const char *fmt, ...) FWD_PRINTF(4, 5);

void fwd_steps_init(struct fwd_steps *steps);
void fwd_steps_release(struct fwd_steps *steps);

/* Records a change.  DONE/FAILED/SKIPPED of a step that was not begun (or
 * not last begun) adds it as an instant step.  A step this host has no
 * name for is not recorded, nor anything when steps is NULL. */
void fwd_steps_record(struct fwd_steps *steps, enum fwd_step step,
		      enum fwd_step_state state, const char *detail);

/* SKIPPED, marked "kept": a resumed run keeps what an earlier run did (a
 * later resume counts it as done: fwd_steps_journal_ok). */
void fwd_steps_record_kept(struct fwd_steps *steps, enum fwd_step step, const char *fmt, ...)
	FWD_PRINTF(3, 4);

/* The same with a printf-style detail. */
void fwd_steps_recordf(struct fwd_steps *steps, enum fwd_step step, enum fwd_step_state state,
		       const char *fmt, ...) FWD_PRINTF(4, 5);

/* "running", "ok", "failed", "skipped". */
const char *fwd_step_state_name(enum fwd_step_state state);

/* The last step that failed, or the one still running; 0 when none. */
enum fwd_step fwd_steps_stopped_at(const struct fwd_steps *steps);

/* Did step end "ok" in a journal's list of steps, or was it kept there
 * from an earlier run (a resumed run's)? */
int fwd_steps_journal_ok(const json_t *journal, enum fwd_step step);

/* Did a step that acts on the machine (fwd_step_acts) begin in the
 * journal's run? */
int fwd_steps_journal_acted(const json_t *journal);

/* Has the journal's run, or one it resumed, left the machine changed: a
 * step that may change it began, or an earlier run's work was kept? */
int fwd_steps_journal_changed(const json_t *journal);

#endif
