/*
 * plugin-call.h: calling a plugin's entry points.
 *
 * Every call into a plugin goes through here.  Each function:
 *  - answers -FWD_E_NOT_IMPLEMENTED ("plugin 'X' cannot ...") when the
 *    plugin leaves the entry NULL;
 *  - names the plugin in the log lines it writes meanwhile, and lets it
 *    record only the steps of that entry (fwd_plugin.h, enum fwd_step);
 *  - after a failure, keeps the plugin's reason, or says it gave none;
 *  - after a success, clears the error slot (what an optional call
 *    inside the plugin left there).
 * JSON arguments are borrowed, as the plugin header says.
 */
#ifndef FWD_PLUGIN_CALL_H
#define FWD_PLUGIN_CALL_H

#include <jansson.h>

#include "plugin-host/plugins.h"
#include "util/ctx.h"

int fwd_call_read_versions(struct fwd_ctx *ctx, const struct fwd_plugin_slot *slot,
			   const struct fwd_identity *id, unsigned which,
			   struct fwd_versions *out);
/* A NULL preflight entry passes: the plugin has nothing to check. */
int fwd_call_preflight(struct fwd_ctx *ctx, const struct fwd_plugin_slot *slot,
		       const struct fwd_identity *id, enum fwd_part part,
		       const struct fwd_flash_request *req);
int fwd_call_backup(struct fwd_ctx *ctx, const struct fwd_plugin_slot *slot,
		    const struct fwd_identity *id, json_t *backup);
int fwd_call_flash_bmc(struct fwd_ctx *ctx, const struct fwd_plugin_slot *slot,
		       const struct fwd_identity *id, const struct fwd_flash_request *req,
		       struct fwd_bmc_flashed *next, json_t *result);
int fwd_call_stage_bios(struct fwd_ctx *ctx, const struct fwd_plugin_slot *slot,
			const struct fwd_identity *id, const struct fwd_flash_request *req,
			json_t *result);
int fwd_call_recovery_hints(struct fwd_ctx *ctx, const struct fwd_plugin_slot *slot,
			    const struct fwd_identity *id, json_t *hints);
int fwd_call_job_status(struct fwd_ctx *ctx, const struct fwd_plugin_slot *slot,
			const struct fwd_identity *id, const char *job_id, json_t *out);

/* The plugin's own settings against the backup's (fwd_plugin.h): a NULL
 * entry, or a backup without the plugin's part, has nothing to check (0,
 * nothing added to result). */
int fwd_call_check_settings(struct fwd_ctx *ctx, const struct fwd_plugin_slot *slot,
			    const struct fwd_identity *id, const json_t *saved, unsigned flags,
			    json_t *result);

/* Has the plugin this entry?  For plans that only say what would be done. */
int fwd_plugin_has_backup(const struct fwd_plugin_slot *slot);

#endif
