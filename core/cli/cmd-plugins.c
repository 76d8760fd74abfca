/*
 * cmd-plugins.c: `fwdispatch plugins`: every plugin found, loaded or
 * refused, and why.
 */
#include <stdio.h>

#include "cli/cli.h"
#include "identity/target-identity.h"
#include "util/error.h"
#include "util/json-out.h"

static json_t *slot_to_json(const struct fwd_plugin_slot *s)
{
	char abi[32];

	snprintf(abi, sizeof(abi), "%u.%u", s->abi_major, s->abi_minor);
	return json_pack("{s:o, s:o, s:o, s:s, s:b, s:o}",
			 "name", fwd_json_text(s->name),
			 "version", fwd_json_text(s->version),
			 "abi", s->abi_major ? json_string(abi) : json_null(),
			 "file", s->file ? s->file : "",
			 "loaded", s->loaded,
			 "reason", fwd_json_text(s->reason));
}

static void print_human(const struct fwd_plugin_set *set)
{
	printf("plugin folder: %s\n", set->dir);
	if (set->n == 0)
		printf("  (no *.so files)\n");
	for (size_t i = 0; i < set->n; i++) {
		const struct fwd_plugin_slot *s = &set->slots[i];
		char abi[32] = "-";

		if (s->abi_major)
			snprintf(abi, sizeof(abi), "%u.%u", s->abi_major, s->abi_minor);
		printf("  %-14s %-8s ABI %-5s %-8s %s\n", s->name ? s->name : "-",
		       s->version ? s->version : "-", abi, s->loaded ? "loaded" : "REFUSED",
		       s->file);
		if (!s->loaded)
			printf("      reason: %s\n", s->reason);
	}
}

static int cmd_plugins(struct fwd_cli *cli, struct fwd_ctx *ctx)
{
	struct fwd_plugin_set set;
	json_t *doc, *arr;
	int ret;

	ret = fwd_plugins_open(ctx, cli->identify.plugin_dir, &set);
	if (ret) {
		fwd_plugins_release(&set);
		return fwd_cli_fail(cli, ctx, NULL);
	}
	if (!cli->json) {
		print_human(&set);
	} else {
		doc = fwd_json_doc_new();
		arr = json_array();
		json_object_set_new(doc, "plugin_dir", json_string(set.dir));
		for (size_t i = 0; i < set.n; i++)
			json_array_append_new(arr, slot_to_json(&set.slots[i]));
		json_object_set_new(doc, "plugins", arr);
		fwd_json_print(doc);
		json_decref(doc);
	}
	fwd_plugins_release(&set);
	return FWD_EXIT_OK;
}

const struct fwd_cmd_entry fwd_cmd_plugins = {
	.name = "plugins",
	.usage = "[--json] [--plugin-dir DIR]",
	.summary = "list the plugins found, loaded or refused, and why",
	.help = "A plugin is refused, and the others still load, when it is a symlink or\n"
		"not a regular file, is writable by group or others, is owned by neither\n"
		"root nor you, lacks the fwd_plugin_entry symbol, speaks another plugin ABI\n"
		"major, has a too small vtable, or repeats another plugin's name.\n",
	.options = FWD_OPT_JSON | FWD_OPT_PLUGINS | FWD_OPT_VERBOSE,
	.min_args = 0,
	.max_args = 0,
	.exec = cmd_plugins,
};
