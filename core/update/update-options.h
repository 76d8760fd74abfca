/*
 * update-options.h: an update's options in its journal, so that
 * `fwdispatch resume` runs the same update again.  Encoding and decoding
 * live side by side, driven by one table (update-options.c): an option
 * the journal must keep is one row there.
 */
#ifndef FWD_UPDATE_OPTIONS_H
#define FWD_UPDATE_OPTIONS_H

#include <jansson.h>

#include "update/update.h"

/* The journal's "options" object (a new reference); paths made absolute. */
json_t *fwd_update_opts_to_json(const struct fwd_update_opts *o);

/*
 * Fills o's options (not target nor hooks) from a journal: its "options",
 * and the SHA-256s of the images as the interrupted run checked them (the
 * bytes checked then are the only ones allowed now).  Strings are
 * borrowed from journal.
 */
void fwd_update_opts_from_journal(const json_t *journal, struct fwd_update_opts *o);

/* The defaults for what the operator left unset (the waits). */
void fwd_update_opts_defaults(struct fwd_update_opts *o);

#endif
