/*
 * fuzz_status.c: `fwdispatch status` on a fuzzed journal: the input is
 * written as the only journal of a temp state folder, and the command's
 * own code (core/cli/cmd-status.c, linked in) runs on it twice, for a
 * person and with --json.  A journal naming a BIOS job asks the plugins
 * of an empty plugin folder.  It must end with a known exit code, and
 * with 0 or 3 (the input is refused) for a journal it could read.
 */
#include <string.h>

#include "cli/cli.h"
#include "fuzz-state.h"
#include "fuzz-util.h"
#include "util/error.h"

extern const struct fwd_cmd_entry fwd_cmd_status;

static int status(int json)
{
	struct fwd_cli cli;
	struct fwd_ctx ctx;
	int code;

	memset(&cli, 0, sizeof(cli));
	cli.command = "status";
	cli.json = json;
	cli.identify.plugin_dir = fuzz_plugin_dir();
	fuzz_state_target(&cli.target);
	fuzz_ctx_init(&ctx);
	ctx.target = &cli.target;
	code = fwd_cmd_status.exec(&cli, &ctx);
	fwd_target_release(&cli.target);
	return code;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int a, b;

	fuzz_state_put("runs/local.json", data, size);
	a = status(0);
	b = status(1);
	FUZZ_CHECK(a == b);
	FUZZ_CHECK(a == FWD_EXIT_OK || a == fwd_exit_code(-FWD_E_BAD_INPUT));
	return 0;
}
