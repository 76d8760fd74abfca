/*
 * cli-common.c: the steps several commands share, and failing a command.
 */
#include "cli-common.h"

#include <limits.h>
#include <stdio.h>

#include "error.h"
#include "host-api.h"
#include "json-out.h"

int fwd_cli_fail(struct fwd_cli *cli, struct fwd_ctx *ctx, json_t *doc)
{
	int code = ctx->error_code ? ctx->error_code : -FWD_E_INTERNAL;
	const char *msg = ctx->error[0] ? ctx->error : fwd_strerror(code);

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

int fwd_cli_load_plugins(struct fwd_cli *cli, struct fwd_ctx *ctx,
			 struct fwd_plugin_set *set)
{
	char buf[PATH_MAX], err[1024];
	const char *dir = fwd_plugins_default_dir(cli->plugin_dir, buf, sizeof(buf));
	int ret = fwd_plugins_load(set, dir, fwd_host_api(), err, sizeof(err));

	if (ret)
		return fwd_ctx_set_error(ctx, ret, "%s", err);
	for (size_t i = 0; i < set->n; i++)
		if (!set->slots[i].loaded)
			fwd_log(ctx, FWD_LOG_DEBUG, "plugin '%s' refused: %s",
				set->slots[i].file, set->slots[i].reason);
	return 0;
}

int fwd_cli_read_identity(struct fwd_cli *cli, struct fwd_ctx *ctx,
			  struct fwd_identity_info *info)
{
	char err[1024];
	int ret;

	fwd_identity_init(info);
	if (cli->dmi_file && cli->sysfs_root)
		return fwd_ctx_set_error(ctx, -FWD_E_BAD_INPUT,
					 "--dmi-file and --sysfs-root exclude each other");
	if (cli->dmi_file)
		ret = fwd_identity_read_dmidecode(info, cli->dmi_file, err, sizeof(err));
	else
		ret = fwd_identity_read_sysfs(info, cli->sysfs_root, err, sizeof(err));
	if (ret)
		return fwd_ctx_set_error(ctx, ret, "%s", err);
	return 0;
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
