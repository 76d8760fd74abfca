/*
 * journal.h: the journal of an update run, so that a run cut short (an
 * SSH session gone, Ctrl-C, kill -9, a power loss) can be inspected with
 * `fwdispatch status` and finished with `fwdispatch resume`.
 *
 * STATE_DIR/runs/TARGET.json is the run's report as it stands, rewritten
 * atomically (temp file, fsync, rename) at the start and end of every
 * step; STATE_DIR/runs/TARGET.log takes the output of a detached run.
 * A journal with "result" is a finished run.  One without it is running
 * while the process it names ("pid" and its start time) lives, and was
 * interrupted otherwise: PIDs are reused, the start time tells them apart.
 *
 * The journal document is owned by the run (cli/update-driver.c); this
 * file only writes and reads it.
 */
#ifndef FWD_JOURNAL_H
#define FWD_JOURNAL_H

#include <jansson.h>
#include <stddef.h>

#include "util/buf.h"
#include "util/ctx.h"
#include "ipmi/target.h"

#define FWD_RUNS_SUBDIR "runs"

struct fwd_journal {
	struct fwd_buf path;      /* STATE_DIR/runs/TARGET.json */
	struct fwd_buf log_path;  /* STATE_DIR/runs/TARGET.log ("" for fwd_journal_at) */
	const json_t *doc;        /* borrowed: what is written */
	int warned;               /* a failed write was reported once */
};

/* Fills j's paths for target t (creating STATE_DIR/runs, 0700); release
 * j with fwd_journal_release, also after a failure. */
int fwd_journal_open(struct fwd_ctx *ctx, const struct fwd_target_opts *t, const json_t *doc,
		     struct fwd_journal *j);

/* A journal found earlier (fwd_journal_find), to write doc back to it. */
int fwd_journal_at(struct fwd_ctx *ctx, const char *path, const json_t *doc,
		   struct fwd_journal *j);

void fwd_journal_release(struct fwd_journal *j);

/* Writes j->doc.  On failure: a negative code with ctx's error set. */
int fwd_journal_write(struct fwd_ctx *ctx, struct fwd_journal *j);

/*
 * The journal to show or resume: target t's when the operator named one
 * (--host), else the newest in the state folder, into path; returns 0,
 * or -FWD_E_BAD_INPUT with ctx's error set when there is none.
 */
int fwd_journal_find(struct fwd_ctx *ctx, const struct fwd_target_opts *t,
		     struct fwd_buf *path);

/* Loads a journal (new reference in *out). */
int fwd_journal_load(struct fwd_ctx *ctx, const char *path, json_t **out);

/* Records this process as the run's holder ("pid", "pid_start"). */
void fwd_journal_stamp_holder(json_t *doc);

/* "running" (its process lives), "interrupted" (it does not), or the
 * finished run's "result". */
const char *fwd_journal_state(const json_t *doc);

/* Where the run stopped: "stopped_at", else the step left running, else
 * the last step; NULL when it has none. */
const char *fwd_journal_where(const json_t *doc);

/*
 * Target t's own journal (not the newest of the folder), new reference in
 * *out; 0 with *out NULL when t has none yet.
 */
int fwd_journal_load_target(struct fwd_ctx *ctx, const struct fwd_target_opts *t,
			    json_t **out);

/*
 * Is the run unfinished, so that 'fwdispatch resume' is its way forward?
 * Interrupted and stopped runs are; so is one that failed once the
 * machine may have changed (a flash began, a wait or a check after it
 * failed, or it resumed an earlier run's work).  A run that failed before
 * it changed anything is finished: it only needs a new update.
 */
int fwd_journal_unfinished(const json_t *doc);

/*
 * Is the run unfinished with its BMC perhaps restarted on new firmware,
 * which can lose its settings, so that the run's backup is the only record
 * of them?  So it is when a BMC or LAN step was cut short in the middle,
 * or the reset, the wait, the verification or the LAN check began (or an
 * earlier run's flash was kept), and the LAN check did not end well.  A
 * flash the tool reported failed leaves the old firmware running.  A new
 * update must not take a backup over such a run.
 */
int fwd_journal_bmc_unsettled(const json_t *doc);

/*
 * A finished run that failed in the flash of a part ("bmc" or "bios": the
 * step bmc-flash, bmc-upload, bmc-job or bios-stage) with a failed flash
 * (error "flash-failed", exit 4): the part's name, and in *partway
 * whether the tool's output showed that writing had begun (the plugin's
 * "writing_began" in the part); NULL for any other run.  The operator
 * must not power the machine off before the part is flashed again.
 */
const char *fwd_journal_flash_failed(const json_t *doc, int *partway);

/* What the operator does next about the run a journal holds. */
enum fwd_next {
	FWD_NEXT_NOTHING,   /* it finished, nothing is pending */
	FWD_NEXT_WAIT,      /* it still runs: status --follow */
	FWD_NEXT_RESUME,    /* unfinished: resume */
	FWD_NEXT_REBOOT,    /* a staged BIOS waits for the host's reboot, then verify */
	FWD_NEXT_UPDATE,    /* it changed nothing: fix what it said, then update again */
};
enum fwd_next fwd_journal_next(const json_t *doc);

/*
 * Appends "fwdispatch VERB" and the options that name the run's target
 * (recorded in the journal as "target_args" when it started, else t's:
 * fwd_target_args), so that a message gives a command that runs as
 * written.  0 or -ENOMEM.
 */
int fwd_journal_command(const json_t *doc, const struct fwd_target_opts *t, const char *verb,
			struct fwd_buf *out);

#endif
