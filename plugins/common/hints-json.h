/*
 * hints-json.h: building the recovery hints a plugin hands the host.
 *
 * A hint is the JSON object the plugin header describes under "What the
 * entry points put in their JSON": {"id", "title", "when", "steps": [...],
 * "applies": [...]}.  Plugins keep their hints as data (struct
 * fwdp_hint) and add them with one call, so every plugin's hints have
 * the same shape.
 *
 * Ownership: the hint and its strings are the caller's and only read;
 * the strings are copied into the JSON.
 */
#ifndef FWDP_HINTS_JSON_H
#define FWDP_HINTS_JSON_H

#include <fwdispatch/fwd_plugin.h>

/* The ids and parts the header names. */
#define FWDP_HINT_BMC_UNREACHABLE "bmc-unreachable"
#define FWDP_HINT_BIOS_NO_POST "bios-no-post"
#define FWDP_HINT_HARD_LOCK "hard-lock"
#define FWDP_HINT_LAN_LOST "lan-lost"

#define FWDP_HINT_MAX_STEPS 12

struct fwdp_hint {
	const char *id;
	const char *title;      /* one line: what happened */
	const char *when;       /* one line: when this hint applies */
	const char *applies[4]; /* "bmc", "bios", "lan"; NULL-terminated */
	const char *steps[FWDP_HINT_MAX_STEPS + 1]; /* in order; NULL-terminated */
};

/*
 * Appends the hint to hints (a borrowed JSON array).  Returns 0, or
 * -ENOMEM with the error set when the JSON could not be built (the
 * array is then left as it was).
 */
int fwdp_hint_add(const struct fwd_host_api *host, struct fwd_ctx *ctx,
		  struct fwd_json *hints, const struct fwdp_hint *hint);

#endif
