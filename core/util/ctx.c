/*
 * ctx.c: the per-command context: the last error and logging to stderr.
 */
#include "util/ctx.h"

#include <stdio.h>
#include <string.h>

#include "util/colour.h"
#include "util/safe-text.h"

void fwd_ctx_init(struct fwd_ctx *ctx)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->log_level = FWD_LOG_INFO;
}

int fwd_ctx_set_errorv(struct fwd_ctx *ctx, int code, const char *fmt, va_list ap)
{
	return fwd_error_setv(&ctx->err, code, fmt, ap);
}

int fwd_ctx_set_error(struct fwd_ctx *ctx, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fwd_ctx_set_errorv(ctx, code, fmt, ap);
	va_end(ap);
	return code;
}

void fwd_ctx_clear_error(struct fwd_ctx *ctx)
{
	fwd_error_clear(&ctx->err);
}

static const char *level_prefix(enum fwd_log_level level)
{
	switch (level) {
	case FWD_LOG_ERROR:
		return "error: ";
	case FWD_LOG_WARN:
		return "warning: ";
	case FWD_LOG_DEBUG:
		return "debug: ";
	default:
		return "";
	}
}

/* Errors red, warnings yellow, on a terminal that wants colour; else "". */
static const char *prefix_colour(const struct fwd_ctx *ctx, enum fwd_log_level level)
{
	int on = ctx && ctx->colour;

	if (level == FWD_LOG_ERROR)
		return fwd_colour(on, FWD_COLOUR_RED);
	if (level == FWD_LOG_WARN)
		return fwd_colour(on, FWD_COLOUR_YELLOW);
	return "";
}

void fwd_logv(struct fwd_ctx *ctx, enum fwd_log_level level, const char *fmt, va_list ap)
{
	char raw[2048], line[FWD_SAFE_TEXT_MAX];
	const char *on, *off;

	if (ctx && level > ctx->log_level)
		return;
	vsnprintf(raw, sizeof(raw), fmt, ap);
	/* Messages carry what BMCs and tools said: never raw to a terminal. */
	fwd_safe_text(raw, line, sizeof(line));
	if (ctx && ctx->on_log)
		ctx->on_log(ctx->log_payload, level, line);
	on = prefix_colour(ctx, level);
	off = fwd_colour(*on != '\0', FWD_COLOUR_OFF);
	if (ctx && ctx->plugin_name)
		fprintf(stderr, "fwdispatch[%s]: %s%s%s%s\n", ctx->plugin_name, on,
			level_prefix(level), off, line);
	else
		fprintf(stderr, "fwdispatch: %s%s%s%s\n", on, level_prefix(level), off, line);
}

void fwd_log(struct fwd_ctx *ctx, enum fwd_log_level level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fwd_logv(ctx, level, fmt, ap);
	va_end(ap);
}
