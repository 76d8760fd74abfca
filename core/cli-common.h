/*
 * cli-common.h: steps several commands share: loading the plugins,
 * reading the board identity, choosing the plugin.
 */
#ifndef FWD_CLI_COMMON_H
#define FWD_CLI_COMMON_H

#include "choose.h"
#include "cli.h"
#include "identity.h"
#include "plugins.h"

/* Loads the plugins from --plugin-dir or the default folder; refused
 * plugins are reported at debug level.  Returns 0 or a negative code
 * with ctx's error set. */
int fwd_cli_load_plugins(struct fwd_cli *cli, struct fwd_ctx *ctx,
			 struct fwd_plugin_set *set);

/* Reads the identity from --dmi-file, or sysfs (--sysfs-root).  Returns 0
 * or a negative code with ctx's error set; info is initialised either way. */
int fwd_cli_read_identity(struct fwd_cli *cli, struct fwd_ctx *ctx,
			  struct fwd_identity_info *info);

/* The candidates of a choice as a JSON array of {name, score, reason}. */
json_t *fwd_choice_to_json(const struct fwd_choice *choice);

#endif
