/*
 * run-record.c: saving and loading the last update's report.
 */
#include "update/run-record.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/atomic-file.h"
#include "util/state-dir.h"

int fwd_run_record_save(struct fwd_ctx *ctx, const char *state_dir, const json_t *report)
{
	struct fwd_buf dir = FWD_BUF_INIT, path = FWD_BUF_INIT;
	struct fwd_err err;
	char *text = NULL;
	int ret;

	ret = fwd_state_dir_ensure(ctx, state_dir, NULL, &dir);
	if (!ret && (!(text = json_dumps(report, JSON_INDENT(2) | JSON_PRESERVE_ORDER)) ||
		     fwd_buf_setf(&path, "%s/%s", dir.s, FWD_LAST_UPDATE_FILE) < 0))
		ret = fwd_ctx_set_error(ctx, -ENOMEM, "out of memory");
	if (!ret && fwd_atomic_write(path.s, text, strlen(text), 0600, 0, &err) != 0)
		ret = fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "%s", err.msg);
	free(text);
	fwd_buf_release(&dir);
	fwd_buf_release(&path);
	return ret;
}
