/*
 * choose.h: which plugin handles this machine.
 *
 * Every loaded plugin's probe scores the identity (0-100).  The highest
 * non-zero score wins; two plugins sharing the highest score is an error
 * naming both; --plugin NAME overrides the scores (but must be loaded).
 */
#ifndef FWD_CHOOSE_H
#define FWD_CHOOSE_H

#include "util/ctx.h"
#include "plugin-host/plugins.h"

struct fwd_candidate {
	const struct fwd_plugin_slot *slot; /* borrowed from the set */
	int score;
	char reason[256];
};

struct fwd_choice {
	struct fwd_candidate *candidates; /* owned, one per loaded plugin, highest score first */
	size_t n;
	const struct fwd_plugin_slot *chosen; /* borrowed; NULL when none */
};

/*
 * Returns 0 with out->chosen set, or -FWD_E_NO_PLUGIN (no plugin scored
 * above 0, or the forced one is not loaded) or -FWD_E_REFUSED (a tie)
 * with the ctx error set.  out->candidates is filled in every case;
 * release it with fwd_choice_release.
 */
int fwd_choose_plugin(struct fwd_ctx *ctx, const struct fwd_plugin_set *set,
		      const struct fwd_identity *id, const char *forced,
		      struct fwd_choice *out);
void fwd_choice_release(struct fwd_choice *choice);

/*
 * Would the refused plugin in slot likely have claimed the machine?  It
 * cannot be asked (loading it is what was refused): 1 when its file name
 * ("dell.so") is in the machine's vendor name ("Dell Inc."), from SMBIOS
 * or the FRU.  The refusals of fwd_choose_plugin() name such a plugin
 * first, then every other refused one, with the reason.
 */
int fwd_choice_refused_would_claim(const struct fwd_plugin_slot *slot,
				   const struct fwd_identity *id);

/* The refused plugins as a JSON array of {file, reason, would_claim} (a new
 * reference); empty when none was refused. */
struct json_t *fwd_choice_refused_json(const struct fwd_plugin_set *set,
				       const struct fwd_identity *id);

/* The candidates as a JSON array of {name, score, reason} (a new reference). */
struct json_t;
struct json_t *fwd_choice_to_json(const struct fwd_choice *choice);

#endif
