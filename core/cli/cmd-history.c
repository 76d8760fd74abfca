/*
 * cmd-history.c: `fwdispatch history`: every update run recorded in
 * STATE_DIR/history.jsonl, oldest first, one line per component, for one
 * target (--host) or all of them.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "util/error.h"
#include "update/history.h"
#include "util/json-out.h"

enum { COL_TIME, COL_TARGET, COL_PLUGIN, COL_COMPONENT, COL_VERSIONS, COL_RESULT, COL_SHA256,
       COL_DURATION, NCOLS };

#define CELL_MAX 128

static const char *const col_titles[NCOLS] = {
	"TIME", "TARGET", "PLUGIN", "COMPONENT", "VERSION", "RESULT", "SHA256", "DURATION",
};

struct row {
	char cell[NCOLS][CELL_MAX];
};

/* Copies s (dflt when NULL) into a cell; control characters become '?':
 * versions come from the BMC, and must not drive the operator's terminal. */
static void set_cell(char *cell, const char *s, const char *dflt)
{
	snprintf(cell, CELL_MAX, "%s", s ? s : dflt);
	for (char *p = cell; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
}

static void format_row(const json_t *e, struct row *r)
{
	const char *stopped = fwd_json_str(e, "stopped_at"), *sha = fwd_json_str(e, "sha256");
	const json_t *ms = json_object_get(e, "duration_ms");
	char buf[CELL_MAX];

	set_cell(r->cell[COL_TIME], fwd_json_str(e, "time"), "-");
	set_cell(r->cell[COL_TARGET], fwd_json_str(e, "target"), "-");
	set_cell(r->cell[COL_PLUGIN], fwd_json_str(e, "plugin"), "-");
	set_cell(r->cell[COL_COMPONENT], fwd_json_str(e, "component"), "-");
	/* "?" for a version nobody could tell (a BIOS's next one, say). */
	snprintf(buf, sizeof(buf), "%s -> %s",
		 fwd_json_str(e, "old") ? fwd_json_str(e, "old") : "?",
		 fwd_json_str(e, "new") ? fwd_json_str(e, "new") : "?");
	set_cell(r->cell[COL_VERSIONS], buf, "");
	if (stopped)
		snprintf(buf, sizeof(buf), "%s at %s",
			 fwd_json_str(e, "result") ? fwd_json_str(e, "result") : "unknown", stopped);
	else
		snprintf(buf, sizeof(buf), "%s",
			 fwd_json_str(e, "result") ? fwd_json_str(e, "result") : "unknown");
	set_cell(r->cell[COL_RESULT], buf, "");
	/* 12 hex digits are enough to tell images apart at a glance. */
	snprintf(buf, sizeof(buf), "%.12s", sha ? sha : "-");
	set_cell(r->cell[COL_SHA256], buf, "");
	if (json_is_number(ms))
		snprintf(buf, sizeof(buf), "%.1fs", json_number_value(ms) / 1000.0);
	else
		snprintf(buf, sizeof(buf), "-");
	set_cell(r->cell[COL_DURATION], buf, "");
}

static void print_row(const struct row *r, const int width[NCOLS])
{
	for (int c = 0; c < NCOLS - 1; c++)
		printf("%-*s  ", width[c], r->cell[c]);
	printf("%s\n", r->cell[NCOLS - 1]);
}

/* The entries as a table, each column as wide as its widest cell. */
static void print_table(const json_t *entries)
{
	int width[NCOLS];
	struct row r;
	const json_t *e;
	size_t i;

	for (int c = 0; c < NCOLS; c++)
		width[c] = (int)strlen(col_titles[c]);
	json_array_foreach(entries, i, e) {
		format_row(e, &r);
		for (int c = 0; c < NCOLS; c++)
			if ((int)strlen(r.cell[c]) > width[c])
				width[c] = (int)strlen(r.cell[c]);
	}
	for (int c = 0; c < NCOLS; c++)
		set_cell(r.cell[c], col_titles[c], "");
	print_row(&r, width);
	json_array_foreach(entries, i, e) {
		format_row(e, &r);
		print_row(&r, width);
	}
}

/* The entries about target, or all of them when target is NULL (new array). */
static json_t *select_entries(const json_t *entries, const char *target)
{
	json_t *out = json_array();
	const json_t *e;
	size_t i;

	json_array_foreach(entries, i, e) {
		const char *t = fwd_json_str(e, "target");

		if (!target || (t && strcmp(t, target) == 0))
			json_array_append(out, (json_t *)e);
	}
	return out;
}

static int cmd_history(struct fwd_cli *cli, struct fwd_ctx *ctx)
{
	const char *state_dir = cli->target.state_dir;
	char target[300];
	json_t *all, *shown;
	size_t skipped;

	if (fwd_history_load(ctx, state_dir, &all, &skipped))
		return fwd_cli_fail(cli, ctx, NULL);
	/* With --host only that BMC's runs: update records it the same way. */
	shown = select_entries(all, cli->target.host ?
			       fwd_target_describe(&cli->target, target, sizeof(target)) : NULL);
	json_decref(all);
	if (!shown) {
		fwd_ctx_set_error(ctx, -ENOMEM, "out of memory");
		return fwd_cli_fail(cli, ctx, NULL);
	}
	if (skipped)
		fwd_log(ctx, FWD_LOG_WARN, "skipped %zu unreadable line%s of %s/%s (a write cut "
			"short by a crash or a power loss)", skipped, skipped == 1 ? "" : "s",
			state_dir, FWD_HISTORY_FILE);
	if (cli->json) {
		json_t *doc = fwd_json_doc_new();

		json_object_set_new(doc, "command", json_string("history"));
		json_object_set(doc, "history", shown);
		json_object_set_new(doc, "skipped_lines", json_integer((json_int_t)skipped));
		fwd_json_print(doc);
		json_decref(doc);
	} else if (json_array_size(shown) == 0) {
		if (cli->target.host)
			printf("no update of %s has been recorded in %s yet\n", target, state_dir);
		else
			printf("no update has been recorded in %s yet\n", state_dir);
	} else {
		print_table(shown);
	}
	json_decref(shown);
	return FWD_EXIT_OK;
}

const struct fwd_cmd_entry fwd_cmd_history = {
	.name = "history",
	.usage = "[--json] [--state-dir DIR] [--host H ...]",
	.summary = "list every recorded update run: when, where, which versions and images",
	.help = "Reads STATE_DIR/history.jsonl, where every update run adds one line per\n"
		"component (BMC, BIOS): time, target, plugin, old and new version, the image\n"
		"and its SHA-256, the result and the step it stopped at, the duration.  With\n"
		"--host (and --port) only the runs against that BMC are shown.  A line cut\n"
		"short by a power loss is skipped with a warning.\n",
	.options = FWD_OPT_JSON | FWD_OPT_STATE | FWD_OPT_TARGET | FWD_OPT_VERBOSE,
	.min_args = 0,
	.max_args = 0,
	.exec = cmd_history,
};
