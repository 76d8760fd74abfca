/*
 * cmd-recover.c: `fwdispatch recover`: what to do when an update went
 * wrong, for this board, from its plugin.  Works when the BMC is gone:
 * then the identity comes from DMI (or --dmi-file / --plugin).
 */
#include <stdio.h>

#include "plugin-host/plugin-call.h"
#include "cli/cli.h"
#include "identity/target-identity.h"
#include "util/error.h"
#include "util/json-out.h"
#include "identity/target-identity.h"

static void print_hints(const json_t *hints)
{
	const json_t *hint, *step, *part;
	size_t i, j;

	json_array_foreach(hints, i, hint) {
		printf("%s\n  when: %s\n  applies to:",
		       json_string_value(json_object_get(hint, "title")),
		       json_string_value(json_object_get(hint, "when")));
		json_array_foreach(json_object_get(hint, "applies"), j, part)
			printf(" %s", json_string_value(part));
		printf("\n");
		json_array_foreach(json_object_get(hint, "steps"), j, step)
			printf("  %zu. %s\n", j + 1, json_string_value(step));
		printf("\n");
	}
}

static int cmd_recover(struct fwd_cli *cli, struct fwd_ctx *ctx)
{
	struct fwd_target_identity ti;
	const struct fwd_plugin_slot *slot;
	json_t *doc = fwd_json_doc_new(), *hints = json_array();
	int ret;

	ret = fwd_target_identify(ctx, &cli->identify, &cli->target, 0, &ti);
	slot = ti.choice.chosen;
	if (!ret)
		ret = fwd_call_recovery_hints(ctx, slot, &ti.info.id, hints);
	json_object_set_new(doc, "identity", fwd_identity_to_json(&ti.info.id));
	json_object_set_new(doc, "plugin", slot ? json_string(slot->name) : json_null());
	json_object_set_new(doc, "recovery_hints", hints);
	if (ret) {
		if (!cli->json) {
			json_decref(doc);
			doc = NULL;
		}
		ret = fwd_cli_fail(cli, ctx, doc);
	} else {
		if (cli->json)
			fwd_json_print(doc);
		else {
			printf("recovery for this board (plugin %s):\n\n", slot->name);
			print_hints(hints);
		}
		json_decref(doc);
		ret = FWD_EXIT_OK;
	}
	fwd_target_identity_release(&ti);
	return ret;
}

const struct fwd_cmd_entry fwd_cmd_recover = {
	.name = "recover",
	.usage = "[--json] [--host H ...] [--dmi-file FILE | --sysfs-root DIR] [--plugin NAME]",
	.summary = "show how to recover this board when an update went wrong",
	.help = "Prints the plugin's recovery steps for the ways a run can end badly: the BMC\n"
		"unreachable after its flash, a BIOS that fails or does not POST, a hard lock\n"
		"(CMOS clear), lost LAN settings.  Works without an answering BMC: the board is\n"
		"then identified from DMI, or name the plugin with --plugin.\n",
	.options = FWD_OPT_JSON | FWD_OPT_PLUGINS | FWD_OPT_IDENTITY | FWD_OPT_TARGET |
		   FWD_OPT_VERBOSE,
	.min_args = 0,
	.max_args = 0,
	.exec = cmd_recover,
};
