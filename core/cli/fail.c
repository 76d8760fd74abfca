/*
 * fail.c: failing a command, the same way for every command: a run that
 * failed, and a command line that is wrong.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "util/colour.h"
#include "util/error.h"
#include "util/safe-text.h"
#include "util/json-out.h"

int fwd_cli_fail(struct fwd_cli *cli, struct fwd_ctx *ctx, json_t *doc)
{
	int code = ctx->err.code ? ctx->err.code : -FWD_E_INTERNAL;
	const char *msg = ctx->err.msg[0] ? ctx->err.msg : fwd_strerror(code);
	char safe[FWD_SAFE_TEXT_MAX];

	fprintf(stderr, "fwdispatch: %serror:%s %s\n", fwd_colour(ctx->colour, FWD_COLOUR_RED),
		fwd_colour(ctx->colour, FWD_COLOUR_OFF), fwd_safe_text(msg, safe, sizeof(safe)));
	if (cli->json) {
		if (!doc)
			doc = fwd_json_doc_new();
		fwd_json_set_error(doc, code, msg);
		fwd_json_print(doc);
	}
	json_decref(doc);
	return fwd_exit_code(code);
}

static int cli_verror(const char *command, int json, int code, const char *fmt, va_list ap)
{
	char msg[FWD_ERROR_MAX];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	fprintf(stderr, "fwdispatch%s%s: error: %s\n", command ? " " : "", command ? command : "",
		msg);
	if (json) {
		json_t *doc = fwd_json_doc_new();

		fwd_json_set_error(doc, code, msg);
		fwd_json_print(doc);
		json_decref(doc);
	}
	return fwd_exit_code(code);
}

int fwd_cli_usage_error(const char *command, int json, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = cli_verror(command, json, -FWD_E_USAGE, fmt, ap);
	va_end(ap);
	return ret;
}

int fwd_cli_error(const char *command, int json, int code, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = cli_verror(command, json, code, fmt, ap);
	va_end(ap);
	return ret;
}

int fwd_cli_wants_json(int argc, char **argv)
{
	for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (!strcmp(argv[i], "--json"))
			return 1;
	return 0;
}
