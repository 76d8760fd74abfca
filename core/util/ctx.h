/*
 * ctx.h: struct fwd_ctx, the context of one fwdispatch command.
 *
 * Plugins see it as an opaque pointer handed to every entry point; the
 * core keeps in it what a call needs to report back: the last error
 * (code and message), the target, the log level.  One per command run,
 * owned by the command (usually on main's stack).
 */
#ifndef FWD_CTX_H
#define FWD_CTX_H

#include <fwdispatch/fwd_plugin.h>
#include <stdarg.h>
#include <stdint.h>

#include "ipmi/target.h"
#include "util/error.h"

struct fwd_clock;
struct fwd_pinger;
struct fwd_redfish;
struct fwd_steps;
struct fwd_tool_runner;
struct json_t;

struct fwd_ctx {
	struct fwd_err err;         /* the last error: code 0 and "" when none */
	enum fwd_log_level log_level; /* messages above this are dropped */
	int quiet;                    /* no progress output (JSON mode, not a tty) */
	const struct fwd_target_opts *target; /* borrowed; NULL when the command has none */
	const char *plugin_name;      /* the plugin being called, for log prefixes */
	/* The steps the plugin entry being called may record, ending in 0;
	 * NULL when the core records (plugin-call.c sets it). */
	const enum fwd_step *plugin_steps;
	/* Where host->progress() goes; NULL drops it.  payload is borrowed. */
	void (*on_progress)(void *payload, enum fwd_step step, uint64_t done,
			    uint64_t total);
	void *progress_payload;
	/* Called with every message before it is written to stderr (the driver
	 * ends a line a step or a progress bar left open, and copies warnings
	 * to syslog); NULL: nothing.  payload is borrowed. */
	void (*on_log)(void *payload, enum fwd_log_level level, const char *line);
	void *log_payload;
	int colour;                   /* colour the "warning:"/"error:" prefixes (a terminal) */
	struct fwd_steps *steps;      /* borrowed; the run's steps, or NULL outside a run */
	struct json_t *plan;          /* borrowed; a dry run's plan (plan.h), else NULL */
	int password_warned;          /* the password-in-argv warning was given (tool.c) */
	int lock_fd;                  /* the target's lock while a run holds it, which the
	                                 tools it starts inherit (run-command.h); 0: none */
	/* Seams for tests, NULL otherwise (borrowed): a clock of their own
	 * (clock.h), a stand-in for starting tools (tool.h), and one for the
	 * RMCP presence ping (ipmi/rmcp-ping.h). */
	const struct fwd_clock *clock;
	const struct fwd_tool_runner *runner;
	const struct fwd_pinger *pinger;
	/* The BMC answered a presence ping in this command (bmc.c): a wait
	 * for it may then lean on pings and ask `mc info` less often. */
	int bmc_pongs;
	/* The -z that FWD_TOOL_LARGE_REQUESTS adds (ipmi/request-size.h):
	 * 0 not asked yet, -1 none (ipmitool's default), else the size. */
	int ipmi_request_size;
	/* ipmitool's HOME, with a short company registry (tool/ipmitool-home.h);
	 * "" leaves ipmitool without one. */
	char ipmitool_home[512];
	/* The Redfish client of a Redfish target (redfish/redfish.h), made on
	 * first use; owned, released by fwd_redfish_close(). */
	struct fwd_redfish *redfish;
};

void fwd_ctx_init(struct fwd_ctx *ctx);

/* Records an error (replacing an earlier one) and returns code. */
int fwd_ctx_set_error(struct fwd_ctx *ctx, int code, const char *fmt, ...)
	FWD_PRINTF(3, 4);
int fwd_ctx_set_errorv(struct fwd_ctx *ctx, int code, const char *fmt, va_list ap);
void fwd_ctx_clear_error(struct fwd_ctx *ctx);

/* Prints to stderr as "fwdispatch: ..." (or "fwdispatch[plugin]: ...") when level allows. */
void fwd_log(struct fwd_ctx *ctx, enum fwd_log_level level, const char *fmt, ...)
	FWD_PRINTF(3, 4);
void fwd_logv(struct fwd_ctx *ctx, enum fwd_log_level level, const char *fmt, va_list ap);

#endif
