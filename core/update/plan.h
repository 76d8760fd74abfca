/*
 * plan.h: a dry run's plan: every step of the update with what it would
 * do and the exact command it would run (password masked).
 *
 * The plan is a JSON array owned by the run (update-driver.c) and
 * borrowed through ctx->plan while the dry run goes; outside a dry run
 * ctx->plan is NULL and these record nothing.  Each entry is
 * {step, action, command} (step by name), with command null for a step
 * fwdispatch does itself.
 */
#ifndef FWD_PLAN_H
#define FWD_PLAN_H

#include <fwdispatch/fwd_plugin.h>

#include "util/ctx.h"

/* host->plan(): see fwd_plugin.h.  cmd is the host's own size. */
int fwd_plan_tool(struct fwd_ctx *ctx, enum fwd_step step, const struct fwd_tool_cmd *cmd,
		  const char *what);

/*
 * host->redfish_plan(): method and path with the body's keys (never its
 * values: a session's password, a setting's value), and the step marked
 * skipped.  body may be NULL.
 */
void fwd_plan_redfish(struct fwd_ctx *ctx, enum fwd_step step, const char *method,
		      const char *path, const struct json_t *body, const char *what);

/* A step fwdispatch does itself, or a command line it already knows. */
void fwd_plan_note(struct fwd_ctx *ctx, enum fwd_step step, const char *what,
		   const char *command);

#endif
