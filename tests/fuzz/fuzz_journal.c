/*
 * fuzz_journal.c: a run's journal read back (core/update/journal.c), as
 * `status` and `resume` read it: found as the newest journal of the state
 * folder, loaded, then asked its state, where it stopped, whether it is
 * unfinished and its BMC unsettled, what comes next and the command that
 * goes on with it.  The answers agree with each other.
 */
#include <string.h>

#include "fuzz-state.h"
#include "fuzz-util.h"
#include "update/journal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fwd_target_opts t;
	struct fwd_ctx ctx;
	struct fwd_buf path = FWD_BUF_INIT, cmd = FWD_BUF_INIT;
	json_t *doc = NULL;
	const char *state;
	enum fwd_next next;

	fuzz_state_put("runs/local.json", data, size);
	fuzz_ctx_init(&ctx);
	fuzz_state_target(&t);
	ctx.target = &t;
	FUZZ_CHECK(fwd_journal_find(&ctx, &t, &path) == 0);
	if (fwd_journal_load(&ctx, path.s, &doc) == 0) {
		state = fwd_journal_state(doc);
		FUZZ_CHECK(state != NULL && state[0]);
		fwd_journal_where(doc);
		next = fwd_journal_next(doc);
		FUZZ_CHECK(next >= FWD_NEXT_NOTHING && next <= FWD_NEXT_UPDATE);
		if (fwd_journal_bmc_unsettled(doc))
			FUZZ_CHECK(fwd_journal_unfinished(doc));
		if (fwd_journal_unfinished(doc))
			FUZZ_CHECK(next == FWD_NEXT_RESUME);
		FUZZ_CHECK(fwd_journal_command(doc, &t, "resume", &cmd) == 0);
		FUZZ_CHECK(strncmp(cmd.s, "fwdispatch resume", 17) == 0);
		json_decref(doc);
	} else {
		FUZZ_CHECK(doc == NULL && ctx.err.msg[0]);
	}
	fwd_buf_release(&cmd);
	fwd_buf_release(&path);
	fwd_target_release(&t);
	return 0;
}
