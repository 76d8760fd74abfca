/*
 * run-record.h: the report of the last update, kept in the state folder
 * (STATE_DIR/last-update.json, 0600, written atomically) so that
 * `fwdispatch status` can tell what happened after the operator's SSH
 * session is gone, and follow a BIOS job that runs at the next reboot.
 */
#ifndef FWD_RUN_RECORD_H
#define FWD_RUN_RECORD_H

#include <jansson.h>

#include "util/ctx.h"

#define FWD_LAST_UPDATE_FILE "last-update.json"

/* Saves report; returns 0 or a negative code with ctx's error set. */
int fwd_run_record_save(struct fwd_ctx *ctx, const char *state_dir, const json_t *report);

/* Loads it into *out (new reference).  -FWD_E_BAD_INPUT when there is
 * none or it cannot be read, with ctx's error set. */
int fwd_run_record_load(struct fwd_ctx *ctx, const char *state_dir, json_t **out);

#endif
