/*
 * cli-common.c: failing a command, the same way for every command.
 */
#include <stdio.h>

#include "cli/cli.h"
#include "util/error.h"
#include "util/json-out.h"

int fwd_cli_fail(struct fwd_cli *cli, struct fwd_ctx *ctx, json_t *doc)
{
	int code = ctx->err.code ? ctx->err.code : -FWD_E_INTERNAL;
	const char *msg = ctx->err.msg[0] ? ctx->err.msg : fwd_strerror(code);

	fprintf(stderr, "fwdispatch: error: %s\n", msg);
	if (cli->json) {
		if (!doc)
			doc = fwd_json_doc_new();
		fwd_json_set_error(doc, code, msg);
		fwd_json_print(doc);
	}
	json_decref(doc);
	return fwd_exit_code(code);
}
