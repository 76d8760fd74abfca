/*
 * fuzz_history.c: the history file read back (core/update/history.c)
 * and `fwdispatch history` on it (core/cli/cmd-history.c, linked in),
 * for a person and with --json.  Each line is an entry or a skipped line;
 * the command ends with 0 whatever the lines hold.
 */
#include <string.h>

#include "cli/cli.h"
#include "fuzz-state.h"
#include "fuzz-util.h"
#include "update/history.h"
#include "util/error.h"

extern const struct fwd_cmd_entry fwd_cmd_history;

static int history(int json, const char *host)
{
	struct fwd_cli cli;
	struct fwd_ctx ctx;
	int code;

	memset(&cli, 0, sizeof(cli));
	cli.command = "history";
	cli.json = json;
	fuzz_state_target(&cli.target);
	if (host)
		cli.target.host = strdup(host);
	fuzz_ctx_init(&ctx);
	ctx.target = &cli.target;
	code = fwd_cmd_history.exec(&cli, &ctx);
	fwd_target_release(&cli.target);
	return code;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fwd_ctx ctx;
	json_t *entries = NULL;
	size_t skipped = 0, lines = 0;

	fuzz_state_put(FWD_HISTORY_FILE, data, size);
	fuzz_ctx_init(&ctx);
	FUZZ_CHECK(fwd_history_load(&ctx, fuzz_state_dir(), &entries, &skipped) == 0);
	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';
	FUZZ_CHECK(json_array_size(entries) + skipped <= lines + 1);
	json_decref(entries);
	FUZZ_CHECK(history(0, NULL) == FWD_EXIT_OK);
	FUZZ_CHECK(history(1, NULL) == FWD_EXIT_OK);
	FUZZ_CHECK(history(0, "10.0.0.5") == FWD_EXIT_OK);
	return 0;
}
