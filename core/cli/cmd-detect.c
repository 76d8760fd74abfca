/*
 * cmd-detect.c: `fwdispatch detect`: who this machine is, and which
 * plugin would handle it.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "identity/host-interface.h"
#include "identity/target-identity.h"
#include "util/base-name.h"
#include "util/error.h"
#include "util/json-out.h"

static const char *or_dash(const char *s)
{
	return s ? s : "-";
}

static void print_identity(const struct fwd_identity *id)
{
	printf("board:    %s %s\n", or_dash(id->board_vendor), or_dash(id->board_name));
	printf("system:   %s %s", or_dash(id->sys_vendor), or_dash(id->product_name));
	if (id->product_sku)
		printf(" (SKU %s)", id->product_sku);
	printf("\nbios:     %s %s", or_dash(id->bios_vendor), or_dash(id->bios_version));
	if (id->bios_date)
		printf(" (%s)", id->bios_date);
	printf("\nsource:   %s\n", or_dash(id->source));
}

static void print_choice(const struct fwd_choice *choice)
{
	printf("\nplugin:   %s\n", choice->chosen ? choice->chosen->name : "none");
	if (choice->n)
		printf("scores:\n");
	for (size_t i = 0; i < choice->n; i++)
		printf("  %-14s %3d  %s\n", choice->candidates[i].slot->name,
		       choice->candidates[i].score, choice->candidates[i].reason);
}

/* A refused plugin was never asked: its absence from the scores needs saying. */
static void print_refused(const struct fwd_plugin_set *set, const struct fwd_identity *id)
{
	int first = 1;

	for (size_t i = 0; i < set->n; i++) {
		const struct fwd_plugin_slot *s = &set->slots[i];

		if (s->loaded)
			continue;
		if (first)
			printf("refused at load, not asked:\n");
		first = 0;
		printf("  %-14s %s%s\n", fwd_base_name(s->file), s->reason,
		       fwd_choice_refused_would_claim(s, id) ?
		       " (named like this machine's vendor)" : "");
	}
}

/*
 * The BMC's Redfish host interface: found (1), none (0), or not readable
 * (the raw SMBIOS entries are root's): said, never a failure of detect.
 */
struct host_interface_seen {
	int found, usable;
	struct fwd_host_interface hi;
	char why[256];
};

static void read_host_interface(const struct fwd_cli *cli, struct host_interface_seen *s)
{
	struct fwd_err err = { 0 };

	memset(s, 0, sizeof(*s));
	s->found = fwd_host_interface_read(cli->identify.dmi_file, cli->identify.sysfs_root,
					   &s->hi, &err);
	if (s->found < 0)
		snprintf(s->why, sizeof(s->why), "%.250s", err.msg);
	else if (s->found)
		s->usable = fwd_host_interface_usable(&s->hi, s->why, sizeof(s->why));
}

static void print_host_interface(const struct host_interface_seen *s)
{
	const struct fwd_host_interface *hi = &s->hi;

	if (s->found < 0) {
		printf("redfish host interface: cannot tell (%s)\n", s->why);
		return;
	}
	if (!s->found) {
		printf("redfish host interface: none\n");
		return;
	}
	/* An IPv6 address takes brackets before its port. */
	printf("redfish host interface: %s%s%s:%u over %s %s%s%s\n",
	       strchr(hi->service_address, ':') ? "[" : "",
	       hi->service_address[0] ? hi->service_address : "-",
	       strchr(hi->service_address, ':') ? "]" : "", hi->port ? hi->port : 443, hi->device,
	       hi->device_id, hi->hostname[0] ? ", host name " : "", hi->hostname);
	if (s->usable)
		printf("  this machine's end: %s%s%s (%s); 'fwdispatch update --redfish --user "
		       "U ...' without --host uses it\n", hi->host_address[0] ? hi->host_address :
		       "its address", hi->host_mask[0] ? "/" : "", hi->host_mask,
		       hi->host_assignment[0] ? hi->host_assignment : "Unknown");
	else
		printf("  not usable: %s\n", s->why);
}

static json_t *host_interface_json(const struct host_interface_seen *s)
{
	json_t *j;

	if (s->found < 0)
		return json_pack("{s:b, s:s}", "readable", 0, "why", s->why);
	if (!s->found)
		return json_null();
	j = fwd_host_interface_to_json(&s->hi);
	if (j) {
		json_object_set_new(j, "usable", json_boolean(s->usable));
		json_object_set_new(j, "why_not", s->usable ? json_null() : json_string(s->why));
	}
	return j;
}

static int cmd_detect(struct fwd_cli *cli, struct fwd_ctx *ctx)
{
	struct host_interface_seen his;
	struct fwd_identity_info info;
	struct fwd_plugin_set set = { 0 };
	struct fwd_choice choice = { 0 };
	json_t *doc = NULL;
	int ret;

	ret = fwd_identity_read(ctx, cli->identify.dmi_file, cli->identify.sysfs_root, &info);
	if (!ret)
		ret = fwd_plugins_open(ctx, cli->identify.plugin_dir, &set);
	if (ret)
		goto out;
	ret = fwd_choose_plugin(ctx, &set, &info.id, cli->identify.plugin, &choice);
	read_host_interface(cli, &his);

	if (cli->json) {
		doc = fwd_json_doc_new();
		json_object_set_new(doc, "identity", fwd_identity_to_json(&info.id));
		json_object_set_new(doc, "plugin", choice.chosen ?
				    json_string(choice.chosen->name) : json_null());
		json_object_set_new(doc, "candidates", fwd_choice_to_json(&choice));
		json_object_set_new(doc, "refused_plugins", fwd_choice_refused_json(&set,
										    &info.id));
		json_object_set_new(doc, "redfish_host_interface", host_interface_json(&his));
	} else {
		print_identity(&info.id);
		print_choice(&choice);
		print_refused(&set, &info.id);
		printf("\n");
		print_host_interface(&his);
	}
out:
	if (ret) {
		ret = fwd_cli_fail(cli, ctx, doc);
	} else {
		if (doc)
			fwd_json_print(doc);
		json_decref(doc);
		ret = FWD_EXIT_OK;
	}
	fwd_choice_release(&choice);
	fwd_plugins_release(&set);
	fwd_identity_release(&info);
	return ret;
}

const struct fwd_cmd_entry fwd_cmd_detect = {
	.name = "detect",
	.usage = "[--json] [--dmi-file FILE | --sysfs-root DIR] [--plugin NAME] [--plugin-dir DIR]",
	.summary = "identify the board and choose the plugin that handles it",
	.help = "Reads the board identity from /sys/class/dmi/id, or from a dmidecode dump\n"
		"taken on the server, asks every plugin how well it fits (0-100) and picks\n"
		"the highest.  A tie is an error naming both; --plugin overrides.\n",
	.options = FWD_OPT_JSON | FWD_OPT_PLUGINS | FWD_OPT_IDENTITY | FWD_OPT_VERBOSE,
	.min_args = 0,
	.max_args = 0,
	.exec = cmd_detect,
};
