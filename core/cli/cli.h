/*
 * cli.h: how commands are declared, and what the option parser gives them.
 *
 * Each command lives in its own core/cmd-<name>.c and exports one
 * `const struct fwd_cmd_entry fwd_cmd_<name>` (the tmux way); the table
 * in fwdispatch.c lists them.  A command names the option groups it
 * accepts; the shared parser (options.c) fills struct fwd_cli, so
 * every command spells the same option the same way.
 */
#ifndef FWD_CLI_H
#define FWD_CLI_H

#include <jansson.h>

#include "cli/config-file.h"
#include "identity/target-identity.h"
#include "update/update.h"
#include "util/ctx.h"
#include "ipmi/target.h"

/* Option groups a command accepts. */
#define FWD_OPT_JSON     (1u << 0) /* --json */
#define FWD_OPT_PLUGINS  (1u << 1) /* --plugin-dir DIR */
#define FWD_OPT_IDENTITY (1u << 2) /* --sysfs-root DIR, --dmi-file FILE, --plugin NAME */
#define FWD_OPT_TARGET   (1u << 3) /* --host, --port, --user, --password-file, --cipher */
#define FWD_OPT_STATE    (1u << 4) /* --state-dir DIR */
#define FWD_OPT_VERBOSE  (1u << 5) /* -v/--verbose, -q/--quiet */
#define FWD_OPT_SHA256   (1u << 6) /* --sha256 HEX (check) */
#define FWD_OPT_UPDATE   (1u << 7) /* --bmc, --sha256-bmc, --allow-*, --abandon-unfinished */
#define FWD_OPT_DRY_RUN  (1u << 8) /* --dry-run */
#define FWD_OPT_BIOS     (1u << 9) /* --bios, --sha256-bios, --no-preserve-settings, --reboot, ... */
#define FWD_OPT_RUN      (1u << 10) /* --detach, --events (update, resume) */
#define FWD_OPT_FOLLOW   (1u << 11) /* --follow (status) */
#define FWD_OPT_WAITS    (1u << 12) /* --bmc-timeout, --job-timeout (update, resume) */
#define FWD_OPT_REBOOTED (1u << 13) /* --rebooted (verify) */
#define FWD_OPT_YES      (1u << 14) /* --yes (update, resume, restore) */
#define FWD_OPT_MANIFEST (1u << 15) /* --manifest, --signature, --trust-key (update, resume, check) */
#define FWD_OPT_INVENTORY (1u << 16) /* --prometheus, --output FILE, --targets FILE (inventory) */

struct fwd_cli {
	const char *command;        /* the command's name */
	int nargs;                  /* positional arguments left after the options */
	char **args;                /* borrowed from main's argv */

	int json;
	int verbose;                /* -1 quiet, 0 normal, >0 debug */
	struct fwd_identify_opts identify; /* --plugin-dir, --sysfs-root, --dmi-file, --plugin */
	const char *sha256;         /* --sha256 */
	int dry_run;                /* --dry-run */
	/* --bmc, --sha256-bmc, --bmc-version, --bios, --sha256-bios,
	 * --bios-version, --manifest, the --allow-* and BIOS flags, --bmc-timeout
	 * and --job-timeout (0: the default): the update's own options */
	struct fwd_update_opts update;
	int yes;                    /* --yes: no confirmation asked */
	int abandon_unfinished;     /* --abandon-unfinished: update over an unfinished run */
	int detach;                 /* --detach */
	int events;                 /* --events: NDJSON on stdout */
	int follow;                 /* --follow */
	int rebooted;               /* --rebooted: the operator says the host rebooted */
	int prometheus;             /* --prometheus: the text exposition format */
	const char *output;         /* --output FILE: written atomically, not stdout */
	const char *targets_file;   /* --targets FILE: one target a line */
	int trust_key_from_config;  /* update.trust_key is the config file's trust-key */
	struct fwd_target_opts target; /* owned, released by the driver */
	const char *config_path;    /* --config FILE */
	int no_config;              /* --no-config */
	struct fwd_config config;   /* owned: the config file's lines; values are borrowed */
	/* While options.c applies a line of the config file: "config file
	 * 'F' line N", which the value's usage error starts with. */
	const char *origin;
};

struct fwd_cmd_entry {
	const char *name;
	const char *usage;          /* after "fwdispatch NAME ", e.g. "[--json]" */
	const char *summary;        /* one line for `fwdispatch --help` */
	const char *help;           /* the rest of `fwdispatch NAME --help`, or NULL */
	unsigned options;           /* FWD_OPT_* groups accepted */
	/* FWD_OPT_* groups the config file does not set for this command
	 * (resume: the interrupted run's own waits). */
	unsigned not_from_config;
	int min_args, max_args;     /* positional arguments; max -1 for any */
	/* Runs the command; returns the process exit code (error.h). */
	int (*exec)(struct fwd_cli *cli, struct fwd_ctx *ctx);
};

/* Every command, NULL-terminated (fwdispatch.c). */
extern const struct fwd_cmd_entry *const fwd_commands[];

/*
 * Parses argv (argv[0] is the command name) for entry into cli, then
 * takes from the config file (config-file.h) what the command line left
 * unset.  Returns 0 to run, -1 when --help was asked for (the caller
 * prints it), or after printing what was wrong the exit code:
 * FWD_EXIT_USAGE, or FWD_EXIT_REFUSED for a config file that may not be
 * trusted.
 */
int fwd_cli_parse(const struct fwd_cmd_entry *entry, int argc, char **argv,
		  struct fwd_cli *cli);
void fwd_cli_release(struct fwd_cli *cli);

/* Prints `fwdispatch NAME --help` to f. */
void fwd_cli_print_command_help(const struct fwd_cmd_entry *entry, FILE *f);

/*
 * Ends a failed command: prints ctx's error to stderr, and with --json
 * also the document (adding "error" to doc, or a fresh one when doc is
 * NULL; doc's reference is consumed).  Returns the exit code for the
 * ctx's error code.
 */
int fwd_cli_fail(struct fwd_cli *cli, struct fwd_ctx *ctx, json_t *doc);

/*
 * A wrong command line: "fwdispatch COMMAND: error: MESSAGE" on stderr
 * and, when the operator asked for JSON, the one JSON document with
 * error.code "usage" (exit 2).  command may be NULL.  Returns
 * FWD_EXIT_USAGE.
 */
int fwd_cli_usage_error(const char *command, int json, const char *fmt, ...)
	FWD_PRINTF(3, 4);

/* The same for any error code (fwd_exit_code's exit). */
int fwd_cli_error(const char *command, int json, int code, const char *fmt, ...)
	FWD_PRINTF(4, 5);

/* Does the command line ask for --json (before a "--"), whatever else is
 * wrong with it? */
int fwd_cli_wants_json(int argc, char **argv);

#endif
