/*
 * run-record.h: the report of the last update, kept in the state folder
 * (STATE_DIR/last-update.json, 0600, written atomically) so that
 * the last run's report survives its journal being replaced by the next
 * run (the journal is per target; this file is the last of any target).
 */
#ifndef FWD_RUN_RECORD_H
#define FWD_RUN_RECORD_H

#include <jansson.h>

#include "util/ctx.h"

#define FWD_LAST_UPDATE_FILE "last-update.json"

/* Saves report; returns 0 or a negative code with ctx's error set. */
int fwd_run_record_save(struct fwd_ctx *ctx, const char *state_dir, const json_t *report);

#endif
