/*
 * choose.c: asking every plugin how well it fits, and picking one.
 */
#include "plugin-host/choose.h"
#include "identity/identity.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/json-out.h"

static int by_score(const void *a, const void *b)
{
	const struct fwd_candidate *x = a, *y = b;

	if (x->score != y->score)
		return y->score - x->score;
	return strcmp(x->slot->name, y->slot->name);
}

static void probe_one(struct fwd_ctx *ctx, const struct fwd_plugin_slot *slot,
		      const struct fwd_identity *id, struct fwd_candidate *cand)
{
	int score = 0, ret;

	cand->slot = slot;
	cand->reason[0] = '\0';
	ctx->plugin_name = slot->name;
	ret = slot->vt->probe(ctx, id, &score, cand->reason, sizeof(cand->reason));
	ctx->plugin_name = NULL;
	cand->reason[sizeof(cand->reason) - 1] = '\0';
	if (ret < 0) {
		/* (cut to fit: the reason is one line of a table) */
		snprintf(cand->reason, sizeof(cand->reason), "probe failed: %.200s",
			 ctx->err.msg[0] ? ctx->err.msg : "no reason given");
		fwd_ctx_clear_error(ctx);
		score = 0;
	}
	if (score < 0 || score > 100) {
		snprintf(cand->reason, sizeof(cand->reason),
			 "probe returned %d, outside 0-100: ignored", score);
		score = 0;
	}
	if (!cand->reason[0])
		snprintf(cand->reason, sizeof(cand->reason), "no reason given");
	cand->score = score;
}

int fwd_choose_plugin(struct fwd_ctx *ctx, const struct fwd_plugin_set *set,
		      const struct fwd_identity *id, const char *forced,
		      struct fwd_choice *out)
{
	size_t n = 0;

	memset(out, 0, sizeof(*out));
	out->candidates = calloc(set->n ? set->n : 1, sizeof(*out->candidates));
	if (!out->candidates)
		return fwd_ctx_set_error(ctx, -FWD_E_INTERNAL, "out of memory");
	for (size_t i = 0; i < set->n; i++)
		if (set->slots[i].loaded)
			probe_one(ctx, &set->slots[i], id, &out->candidates[n++]);
	out->n = n;
	if (n)
		qsort(out->candidates, n, sizeof(*out->candidates), by_score);

	if (forced) {
		out->chosen = fwd_plugins_find(set, forced);
		if (!out->chosen)
			return fwd_ctx_set_error(ctx, -FWD_E_NO_PLUGIN,
				"plugin '%s' is not loaded: run 'fwdispatch plugins' to see "
				"what was found in '%s'", forced, set->dir);
		return 0;
	}
	if (n == 0)
		return fwd_ctx_set_error(ctx, -FWD_E_NO_PLUGIN,
			"no plugin is loaded from '%s': run 'fwdispatch plugins' to see why",
			set->dir);
	if (out->candidates[0].score == 0)
		return fwd_ctx_set_error(ctx, -FWD_E_NO_PLUGIN,
			"no plugin for this machine: %s",
			id && !fwd_identity_is_empty(id) ?
			"no plugin recognises it as a server it can update" :
			"no DMI data to identify it");
	if (n > 1 && out->candidates[1].score == out->candidates[0].score)
		return fwd_ctx_set_error(ctx, -FWD_E_REFUSED,
			"plugins '%s' and '%s' both claim this machine with score %d: "
			"choose one with --plugin NAME",
			out->candidates[0].slot->name, out->candidates[1].slot->name,
			out->candidates[0].score);
	out->chosen = out->candidates[0].slot;
	return 0;
}

void fwd_choice_release(struct fwd_choice *choice)
{
	free(choice->candidates);
	memset(choice, 0, sizeof(*choice));
}

json_t *fwd_choice_to_json(const struct fwd_choice *choice)
{
	json_t *arr = json_array();

	for (size_t i = 0; arr && i < choice->n; i++) {
		const struct fwd_candidate *c = &choice->candidates[i];

		json_array_append_new(arr, json_pack("{s:s, s:i, s:o}", "name", c->slot->name,
						     "score", c->score, "reason",
						     fwd_json_text(c->reason)));
	}
	return arr;
}
