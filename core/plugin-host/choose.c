/*
 * choose.c: asking every plugin how well it fits, and picking one.
 */
#include "plugin-host/choose.h"
#include "identity/identity.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "plugin-host/isolate.h"
#include "redfish/redfish.h"
#include "util/base-name.h"
#include "util/json-out.h"

static int by_score(const void *a, const void *b)
{
	const struct fwd_candidate *x = a, *y = b;

	if (x->score != y->score)
		return y->score - x->score;
	return strcmp(x->slot->name, y->slot->name);
}

/* A probe's answer, as its child hands it back (isolate.h). */
struct probe_answer {
	int ret, score;
	char reason[sizeof(((struct fwd_candidate *)0)->reason)];
	char error[FWD_ERROR_MAX];
};

struct probe_question {
	struct fwd_ctx *ctx;
	const struct fwd_plugin_slot *slot;
	const struct fwd_identity *id;
};

static void ask_probe(void *arg, void *out, size_t size)
{
	const struct probe_question *q = arg;
	struct probe_answer *a = out;

	(void)size;
	q->ctx->plugin_name = q->slot->name;
	a->ret = q->slot->vt->probe(q->ctx, q->id, &a->score, a->reason, sizeof(a->reason));
	snprintf(a->error, sizeof(a->error), "%s", q->ctx->err.msg);
}

/* A Redfish target goes only to a plugin that knows there are such
 * targets: one built before 2.6 would take it for an IPMI one. */
static int knows_redfish(const struct fwd_ctx *ctx, const struct fwd_plugin_slot *slot)
{
	return !fwd_redfish_target(ctx) || slot->abi_major > 2 ||
	       (slot->abi_major == 2 && slot->abi_minor >= 6);
}

/*
 * Asks one plugin, in a child process: a probe that crashes or loops
 * costs its own plugin the choice, named, and the others are still asked.
 */
static void probe_one(struct fwd_ctx *ctx, const struct fwd_plugin_slot *slot,
		      const struct fwd_identity *id, struct fwd_candidate *cand)
{
	struct probe_question q = { ctx, slot, id };
	struct probe_answer a = { 0 };
	char why[FWD_ERROR_MAX];
	int score;

	cand->slot = slot;
	cand->reason[0] = '\0';
	if (!knows_redfish(ctx, slot)) {
		snprintf(cand->reason, sizeof(cand->reason), "built for plugin ABI %u.%u, which "
			 "has no Redfish targets (2.6)", slot->abi_major, slot->abi_minor);
		cand->score = 0;
		return;
	}
	if (fwd_isolated_call(ask_probe, &q, &a, sizeof(a), FWD_ISOLATE_TIMEOUT_MS,
			      why, sizeof(why))) {
		/* (cut to fit: the reason is one line of a table) */
		snprintf(cand->reason, sizeof(cand->reason), "probe %.200s: plugin is broken",
			 why);
		fwd_log(ctx, FWD_LOG_WARN, "plugin '%s' (%s): its probe %s; it was left out and "
			"the other plugins were asked; remove it or ask its author", slot->name,
			slot->file, why);
		cand->score = 0;
		return;
	}
	a.reason[sizeof(a.reason) - 1] = '\0';
	a.error[sizeof(a.error) - 1] = '\0';
	memcpy(cand->reason, a.reason, sizeof(cand->reason));
	score = a.score;
	if (a.ret < 0) {
		snprintf(cand->reason, sizeof(cand->reason), "probe failed: %.200s",
			 a.error[0] ? a.error : "no reason given");
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

/* Does text hold word, whatever the case? */
static int holds(const char *text, const char *word, size_t len)
{
	for (; text && *text; text++)
		if (strncasecmp(text, word, len) == 0)
			return 1;
	return 0;
}

/*
 * A refused plugin cannot be asked (loading it is what was refused), but
 * its file name in the machine's vendor name ("dell.so", "Dell Inc.") says
 * it would likely have claimed the machine.
 */
int fwd_choice_refused_would_claim(const struct fwd_plugin_slot *slot,
				   const struct fwd_identity *id)
{
	const char *base = fwd_base_name(slot->file);
	const char *dot = strchr(base, '.');
	size_t len = dot ? (size_t)(dot - base) : strlen(base);

	if (slot->loaded || !id || len < 3)
		return 0;
	return holds(id->board_vendor, base, len) || holds(id->sys_vendor, base, len) ||
	       holds(id->fru_board_vendor, base, len);
}

/* Appends to buf what was refused: the likely claimant first, by name. */
static void refused_note(const struct fwd_plugin_set *set, const struct fwd_identity *id,
			 char *buf, size_t size)
{
	size_t used = strlen(buf), others = 0;

	for (size_t i = 0; i < set->n && used < size; i++) {
		const struct fwd_plugin_slot *s = &set->slots[i];

		if (!s->loaded && fwd_choice_refused_would_claim(s, id))
			used += (size_t)snprintf(buf + used, size - used, "; the plugin '%s', "
						 "named like this machine's vendor, was refused at "
						 "load: it %s", fwd_base_name(s->file), s->reason);
	}
	for (size_t i = 0; i < set->n && used < size; i++) {
		const struct fwd_plugin_slot *s = &set->slots[i];

		if (s->loaded || fwd_choice_refused_would_claim(s, id))
			continue;
		used += (size_t)snprintf(buf + used, size - used, "%s '%s' %s",
					 others++ ? ";" : "; refused at load, so not asked:",
					 fwd_base_name(s->file), s->reason);
	}
}

/* The refused plugin called name, or in the file NAME.so. */
static const struct fwd_plugin_slot *refused_slot(const struct fwd_plugin_set *set,
						  const char *name)
{
	for (size_t i = 0; i < set->n; i++) {
		const struct fwd_plugin_slot *s = &set->slots[i];
		const char *base = fwd_base_name(s->file);
		size_t len = strlen(name);

		if (s->loaded)
			continue;
		if ((s->name && !strcmp(s->name, name)) ||
		    (!strncmp(base, name, len) && !strcmp(base + len, ".so")))
			return s;
	}
	return NULL;
}

/* The NO_PLUGIN refusal: why, the machine's name, and what was refused at load. */
static int no_plugin(struct fwd_ctx *ctx, const struct fwd_plugin_set *set,
		     const struct fwd_identity *id, const char *why)
{
	char msg[FWD_ERROR_MAX], board[128];

	if (fwd_identity_board_label(id, board, sizeof(board)))
		snprintf(msg, sizeof(msg), "no plugin for this machine (%s): %s", board, why);
	else
		snprintf(msg, sizeof(msg), "no plugin for this machine: %s", why);
	refused_note(set, id, msg, sizeof(msg));
	return fwd_ctx_set_error(ctx, -FWD_E_NO_PLUGIN, "%s", msg);
}

int fwd_choose_plugin(struct fwd_ctx *ctx, const struct fwd_plugin_set *set,
		      const struct fwd_identity *id, const char *forced,
		      struct fwd_choice *out)
{
	const struct fwd_plugin_slot *refused;
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
		refused = out->chosen ? NULL : refused_slot(set, forced);
		if (refused)
			return fwd_ctx_set_error(ctx, -FWD_E_NO_PLUGIN,
				"plugin '%s' was refused at load: '%s' %s", forced,
				refused->file, refused->reason);
		if (!out->chosen)
			return fwd_ctx_set_error(ctx, -FWD_E_NO_PLUGIN,
				"plugin '%s' is not loaded: run 'fwdispatch plugins' to see "
				"what was found in '%s'", forced, set->dir);
		if (!knows_redfish(ctx, out->chosen))
			return fwd_ctx_set_error(ctx, -FWD_E_NO_PLUGIN, "plugin '%s' is built for "
				"plugin ABI %u.%u, before Redfish targets (2.6): it cannot "
				"update one", forced, out->chosen->abi_major,
				out->chosen->abi_minor);
		return 0;
	}
	if (n == 0) {
		char why[FWD_ERROR_MAX / 2];

		snprintf(why, sizeof(why), set->n ? "no plugin is loaded from '%s'" :
			 "the plugin folder '%s' holds no plugin", set->dir);
		return no_plugin(ctx, set, id, why);
	}
	if (out->candidates[0].score == 0)
		return no_plugin(ctx, set, id, id && !fwd_identity_is_empty(id) ?
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

json_t *fwd_choice_refused_json(const struct fwd_plugin_set *set, const struct fwd_identity *id)
{
	json_t *arr = json_array();

	for (size_t i = 0; arr && i < set->n; i++) {
		const struct fwd_plugin_slot *s = &set->slots[i];

		if (s->loaded)
			continue;
		json_array_append_new(arr, json_pack("{s:o, s:o, s:b}", "file",
						     fwd_json_text(s->file), "reason",
						     fwd_json_text(s->reason), "would_claim",
						     fwd_choice_refused_would_claim(s, id)));
	}
	return arr;
}
