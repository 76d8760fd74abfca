/*
 * run-record.c: saving and loading the last update's report.
 */
#include "update/run-record.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/atomic-file.h"
#include "update/state-dir.h"

int fwd_run_record_save(struct fwd_ctx *ctx, const char *state_dir, const json_t *report)
{
	char dir[4096], path[4200];
	struct fwd_err err;
	char *text;
	int ret;

	ret = fwd_state_dir_ensure(ctx, state_dir, NULL, dir, sizeof(dir));
	if (ret)
		return ret;
	text = json_dumps(report, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (!text)
		return fwd_ctx_set_error(ctx, -ENOMEM, "out of memory");
	snprintf(path, sizeof(path), "%s/%s", dir, FWD_LAST_UPDATE_FILE);
	ret = fwd_atomic_write(path, text, strlen(text), 0600, 0, &err);
	free(text);
	if (ret)
		return fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "%s", err.msg);
	return 0;
}

int fwd_run_record_load(struct fwd_ctx *ctx, const char *state_dir, json_t **out)
{
	char path[4200];
	json_error_t e;

	snprintf(path, sizeof(path), "%s/%s", state_dir, FWD_LAST_UPDATE_FILE);
	*out = json_load_file(path, JSON_REJECT_DUPLICATES, &e);
	if (!*out) {
		if (errno == ENOENT || strstr(e.text, "unable to open"))
			return fwd_ctx_set_error(ctx, -FWD_E_BAD_INPUT,
				"no update has run with state folder '%s' yet", state_dir);
		return fwd_ctx_set_error(ctx, -FWD_E_BAD_INPUT, "cannot read '%s': %s (line %d)",
					 path, e.text, e.line);
	}
	if (!json_is_object(*out)) {
		json_decref(*out);
		*out = NULL;
		return fwd_ctx_set_error(ctx, -FWD_E_BAD_INPUT, "'%s' is not a report", path);
	}
	return 0;
}
