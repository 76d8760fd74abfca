/*
 * fwdispatch.c: main: finds the command, parses its options, runs it,
 * and makes sure what it printed really reached stdout.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "redfish/redfish.h"
#include "util/colour.h"
#include "util/error.h"
#include "util/no-core-dump.h"

extern const struct fwd_cmd_entry fwd_cmd_backup;
extern const struct fwd_cmd_entry fwd_cmd_check;
extern const struct fwd_cmd_entry fwd_cmd_detect;
extern const struct fwd_cmd_entry fwd_cmd_history;
extern const struct fwd_cmd_entry fwd_cmd_inventory;
extern const struct fwd_cmd_entry fwd_cmd_plugins;
extern const struct fwd_cmd_entry fwd_cmd_recover;
extern const struct fwd_cmd_entry fwd_cmd_restore;
extern const struct fwd_cmd_entry fwd_cmd_resume;
extern const struct fwd_cmd_entry fwd_cmd_status;
extern const struct fwd_cmd_entry fwd_cmd_update;
extern const struct fwd_cmd_entry fwd_cmd_verify;

const struct fwd_cmd_entry *const fwd_commands[] = {
	&fwd_cmd_backup,
	&fwd_cmd_check,
	&fwd_cmd_detect,
	&fwd_cmd_history,
	&fwd_cmd_inventory,
	&fwd_cmd_plugins,
	&fwd_cmd_recover,
	&fwd_cmd_restore,
	&fwd_cmd_resume,
	&fwd_cmd_status,
	&fwd_cmd_update,
	&fwd_cmd_verify,
	NULL,
};

static const char exit_codes_help[] =
	"exit codes:\n"
	"   0  success\n"
	"   1  the operation failed\n"
	"   2  usage error\n"
	"   3  refused by a safety check (nothing was changed)\n"
	"   4  flash or staging failed\n"
	"   5  verification mismatch after a flash\n"
	"   6  the BMC did not come back\n"
	"   7  another run holds the target\n"
	"   8  stopped on request at a safe point (fwdispatch resume continues)\n"
	"   9  the BMC answered and refused the session (user, password, cipher suite)\n"
	"  10  success, reboot required\n";

static void print_help(FILE *f)
{
	fprintf(f, "usage: fwdispatch COMMAND [options]\n"
		   "       fwdispatch COMMAND --help\n"
		   "       fwdispatch --version\n\n"
		   "Updates BMC and BIOS firmware on Supermicro, Dell and HPM.1 servers,\n"
		   "refusing anything that could brick them.\n\ncommands:\n");
	for (size_t i = 0; fwd_commands[i]; i++)
		fprintf(f, "  %-10s %s\n", fwd_commands[i]->name, fwd_commands[i]->summary);
	fprintf(f, "\ndefaults (user, password-file, cipher, state-dir, plugin-dir, bmc-timeout,\n"
		   "job-timeout) are read from " FWD_CONFIG_FILE ", or --config FILE or\n"
		   "$" FWD_CONFIG_ENV "; --no-config reads none.  The command line wins.\n");
	fprintf(f, "\n%s", exit_codes_help);
}

static const struct fwd_cmd_entry *find_command(const char *name)
{
	for (size_t i = 0; fwd_commands[i]; i++)
		if (strcmp(fwd_commands[i]->name, name) == 0)
			return fwd_commands[i];
	return NULL;
}

/* A write error (full disk, closed pipe) must not pass for success. */
static int finish_stdout(int code)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		if (errno != EPIPE)
			fprintf(stderr, "fwdispatch: error: cannot write to stdout: %s\n",
				strerror(errno));
		return code ? code : FWD_EXIT_FAILED;
	}
	return code;
}

int main(int argc, char **argv)
{
	const struct fwd_cmd_entry *entry;
	struct fwd_cli cli;
	struct fwd_ctx ctx;
	int ret;

	/* Before any password is read (fwd_cli_parse, fwd_target_finish). */
	if (fwd_no_core_dump() != 0)
		fprintf(stderr, "fwdispatch: warning: cannot turn core dumps off: a crash could "
			"write the BMC password to disk\n");
	if (argc < 2 || (fwd_cli_wants_json(argc, argv) && !find_command(argv[1]))) {
		if (argc >= 2)
			return fwd_cli_usage_error(NULL, 1, "unknown command '%s'", argv[1]);
		print_help(stderr);
		return FWD_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		if (argc > 2 && (entry = find_command(argv[2]))) {
			fwd_cli_print_command_help(entry, stdout);
			fprintf(stdout, "\n%s", exit_codes_help);
		} else {
			print_help(stdout);
		}
		return finish_stdout(FWD_EXIT_OK);
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
		printf("fwdispatch %s (plugin ABI %d.%d)\n", FWD_VERSION, FWD_ABI_MAJOR,
		       FWD_ABI_MINOR);
		return finish_stdout(FWD_EXIT_OK);
	}
	entry = find_command(argv[1]);
	if (!entry) {
		fprintf(stderr, "fwdispatch: error: unknown command '%s'\n", argv[1]);
		print_help(stderr);
		return FWD_EXIT_USAGE;
	}

	ret = fwd_cli_parse(entry, argc - 1, argv + 1, &cli);
	if (ret < 0) {
		fwd_cli_print_command_help(entry, stdout);
		fprintf(stdout, "\n%s", exit_codes_help);
		fwd_cli_release(&cli);
		return finish_stdout(FWD_EXIT_OK);
	}
	if (ret > 0) {
		fwd_cli_release(&cli);
		return ret;
	}

	fwd_ctx_init(&ctx);
	if (cli.verbose < 0)
		ctx.log_level = FWD_LOG_ERROR;
	else if (cli.verbose > 0)
		ctx.log_level = FWD_LOG_DEBUG;
	ctx.quiet = cli.json;
	ctx.colour = fwd_colour_wanted(STDERR_FILENO);
	ctx.target = &cli.target;
	/* A failure here is the command's: its message goes to ctx's slot. */
	/* inventory --targets FILE: each line is a target of its own, finished
	 * there; the command line's options are only what they share. */
	if (cli.targets_file) {
		if (!cli.target.state_dir && !(cli.target.state_dir = strdup(FWD_DEFAULT_STATE_DIR)))
			ret = fwd_cli_fail(&cli, &ctx, NULL);
		else
			ret = entry->exec(&cli, &ctx);
	/* --redfish alone: the BMC's host interface says where its service is. */
	} else if ((cli.target.redfish && !cli.target.host &&
	     fwd_target_use_host_interface(&cli.target, cli.identify.dmi_file,
					   cli.identify.sysfs_root, &ctx.err) != 0) ||
	    fwd_target_finish(&cli.target, &ctx.err) != 0) {
		ret = fwd_cli_fail(&cli, &ctx, NULL);
	} else {
		ret = entry->exec(&cli, &ctx);
	}
	/* A Redfish session ends with the command, not when the BMC times it out. */
	fwd_redfish_close(&ctx);
	fwd_cli_release(&cli);
	return finish_stdout(ret);
}
