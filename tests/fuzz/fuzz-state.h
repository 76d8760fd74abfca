/*
 * fuzz-state.h: a state folder in the fuzz target's temp folder, with
 * one file of it (a journal, the history) holding the input: what
 * `status`, `resume` and `history` read, as a tampered or half-written
 * file would hold it.
 */
#ifndef FWD_FUZZ_STATE_H
#define FWD_FUZZ_STATE_H

#include <stddef.h>
#include <stdint.h>

#include "ipmi/target.h"

/* STATE (made once) with runs/ and an empty plugins/ folder beside it. */
const char *fuzz_state_dir(void);
const char *fuzz_plugin_dir(void);

/* Writes data as STATE/REL (REL: "runs/local.json", "history.jsonl"),
 * removing every other file of runs/ first.  Returns the path (static). */
const char *fuzz_state_put(const char *rel, const uint8_t *data, size_t size);

/* An in-band target whose state folder is fuzz_state_dir(); release it
 * with fwd_target_release(). */
void fuzz_state_target(struct fwd_target_opts *t);

#endif
