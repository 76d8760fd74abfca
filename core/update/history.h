/*
 * history.h: the history of every update run, kept in the state folder
 * (STATE_DIR/history.jsonl, 0600) so that `fwdispatch history` can tell
 * which firmware went onto which server, when, and from which image.
 *
 * The file is append-only JSON lines, one line per component (bmc, bios)
 * per run that did something to it, keys in this order:
 *   {"time", "run_id", "target", "plugin", "component", "old", "new",
 *    "sha256", "image", "result", "outcome", "stopped_at", "duration_ms"}
 * with null for whatever the run did not know; "outcome" is the part's
 * ("updated", "staged", "failed": update.c).  A part that already ran the
 * image's version, was only planned or was never sent leaves no line.  Each line goes out in one
 * write() so that two runs appending at once never mix their lines; a
 * line cut short by a power loss is skipped (and counted) when reading.
 */
#ifndef FWD_HISTORY_H
#define FWD_HISTORY_H

#include <jansson.h>
#include <stddef.h>

#include "util/ctx.h"

#define FWD_HISTORY_FILE "history.jsonl"

/* Appends the report's entries (see update.c for the report; a report
 * with neither "bmc" nor "bios" adds nothing); returns 0 or a negative
 * code with ctx's error set. */
int fwd_history_append(struct fwd_ctx *ctx, const char *state_dir, const json_t *report);

/* Loads every entry, oldest first, into *entries (new JSON array); *skipped
 * counts unreadable lines.  No file yet: an empty array and 0.  Returns 0
 * or a negative code with ctx's error set (then *entries is NULL). */
int fwd_history_load(struct fwd_ctx *ctx, const char *state_dir, json_t **entries,
		     size_t *skipped);

#endif
