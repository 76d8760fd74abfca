/*
 * confirm.c: see confirm.h.
 */
#include "cli/confirm.h"

#include <stdio.h>
#include <unistd.h>

#include "update/signals.h"
#include "util/error.h"

/* A run nobody can confirm must say so up front, not after the preflight. */
int fwd_cli_needs_yes(const struct fwd_cli *cli)
{
	if (cli->yes || cli->dry_run || isatty(STDIN_FILENO))
		return 0;
	return fwd_cli_usage_error(cli->command, cli->json, "stdin is not a terminal, so nobody "
				   "can confirm: give --yes to run it unattended (or --dry-run to "
				   "see the plan)");
}

int fwd_cli_confirm(struct fwd_ctx *ctx)
{
	char answer[16];
	const char *got;

	fprintf(stderr, "proceed? [y/N] ");
	fflush(stderr);
	fwd_signals_prompt_begin();
	got = fgets(answer, sizeof(answer), stdin);
	if (fwd_signals_prompt_end()) {
		fputc('\n', stderr);
		return fwd_ctx_set_error(ctx, -FWD_E_REFUSED,
					 "interrupted at the question: nothing was changed");
	}
	if (!got || (answer[0] != 'y' && answer[0] != 'Y'))
		return fwd_ctx_set_error(ctx, -FWD_E_REFUSED,
					 "not confirmed: nothing was changed");
	return 0;
}
