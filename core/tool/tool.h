/*
 * tool.h: running a vendor tool for a command or a plugin.
 *
 * The layer between host->run_tool() and run-command.c: finds the program
 * (tool-locate.h), adds the target options for ipmitool (the password goes
 * through IPMI_PASSWORD, never argv), substitutes FWD_ARG_PASSWORD for the
 * tools that cannot take a password otherwise (and warns that it shows in
 * the process list), traces the command line with secrets masked, and
 * turns failures into ctx errors.
 */
#ifndef FWD_TOOL_H
#define FWD_TOOL_H

#include "util/buf.h"
#include "util/ctx.h"

/*
 * Same contract as fwd_host_api.run_tool (see fwd_plugin.h), for
 * host-sized structs (the host's boundary, host-api.c, converts a
 * plugin's).
 */
int fwd_tool_run(struct fwd_ctx *ctx, const struct fwd_tool_cmd *cmd,
		 struct fwd_tool_result *out);

/* Frees a result fwd_tool_run filled (host->release_result). */
void fwd_tool_result_release(struct fwd_tool_result *res);

/* host->find_tool: 0, or -FWD_E_TOOL_MISSING with ctx's error set.  With a
 * test's runner every tool is there. */
int fwd_tool_find(struct fwd_ctx *ctx, const char *tool);

/*
 * A test's stand-in for starting tools (ctx->runner): fwd_tool_run then
 * hands it the command line as it would run (the tool's name, not its
 * path, first; the target options added; the password as
 * FWD_ARG_PASSWORD) instead of starting anything, and returns what it
 * returns.  It fills res as a real run would (out and err malloc'd).
 */
struct fwd_tool_runner {
	int (*run)(void *payload, struct fwd_ctx *ctx, const char *const *argv,
		   const struct fwd_tool_cmd *cmd, struct fwd_tool_result *res);
	void *payload;
};

/*
 * The exact command line cmd would run (target options added, password
 * masked) into buf, for a dry run's plan.  Finds the program like run does:
 * -FWD_E_TOOL_MISSING with ctx's error set when it is not there.
 */
int fwd_tool_plan(struct fwd_ctx *ctx, const struct fwd_tool_cmd *cmd, struct fwd_buf *line);

/*
 * Appends the command line as an operator would type it into a POSIX
 * shell, quoted where a word needs it and the password masked as '****'.
 * argv is NULL-terminated.  Returns 0, or -ENOMEM.
 */
int fwd_tool_describe(const char *const *argv, struct fwd_buf *out);

#endif
