/*
 * cmd-status.c: `fwdispatch status`: the current or last update, step by
 * step, from its journal: running, finished, or interrupted and where;
 * and where a BIOS job it left for the next reboot stands now.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/base-name.h"
#include "util/clock.h"
#include "cli/cli.h"
#include "identity/target-identity.h"
#include "util/error.h"
#include "plugin-host/plugin-call.h"
#include "update/journal.h"
#include "util/json-out.h"
#include "util/safe-text.h"
#include "update/lock.h"
#include "update/run-record.h"

/* Asks the plugin that made the job where it stands; adds "job" to bios. */
static void follow_job(struct fwd_cli *cli, struct fwd_ctx *ctx, const json_t *record,
		       json_t *bios)
{
	const char *job_id = fwd_json_str(bios, "job_id"), *plugin = fwd_json_str(record, "plugin");
	const struct fwd_plugin_slot *slot;
	struct fwd_identity_info info;
	struct fwd_plugin_set set = { 0 };
	json_t *job = json_object();

	fwd_identity_init(&info);
	if (fwd_plugins_open(ctx, cli->identify.plugin_dir, &set) == 0 && plugin &&
	    (slot = fwd_plugins_find(&set, plugin)) && slot->vt->job_status) {
		if (fwd_call_job_status(ctx, slot, &info.id, job_id, job) != 0) {
			json_object_set_new(job, "error", fwd_json_text(ctx->err.msg));
			fwd_log(ctx, FWD_LOG_WARN, "cannot read job %s now: %s", job_id,
				ctx->err.msg);
			fwd_ctx_clear_error(ctx);
		}
	} else {
		json_object_set_new(job, "error",
				    json_string("the plugin that made the job cannot follow it"));
		fwd_ctx_clear_error(ctx);
	}
	json_object_set_new(bios, "job", job);
	fwd_plugins_release(&set);
	fwd_identity_release(&info);
}

/* The steps from .. to - 1, one line each. */
/* A journal's text, for the terminal: it quotes BMCs and tools, and the
 * file may have been tampered with (safe-text.h). */
static const char *shown(const json_t *obj, const char *key, const char *fallback, char *buf,
			 size_t size)
{
	return fwd_safe_text(fwd_json_str_or(obj, key, fallback), buf, size);
}

static void print_steps(const json_t *record, size_t from, size_t to)
{
	char status[64], name[64], detail[FWD_SAFE_TEXT_MAX];
	const json_t *step;
	size_t i;

	json_array_foreach(json_object_get(record, "steps"), i, step) {
		if (i < from || i >= to)
			continue;
		printf("  %-8s %-16s %s\n", shown(step, "status", "?", status, sizeof(status)),
		       shown(step, "name", "?", name, sizeof(name)),
		       shown(step, "detail", "", detail, sizeof(detail)));
	}
}

/*
 * What to do next, as an action and the command that does it (NULL when
 * nothing is owed): every state a run can leave has one.
 */
static const char *next_step(const struct fwd_cli *cli, const json_t *record,
			     struct fwd_buf *cmd)
{
	switch (fwd_journal_next(record)) {
	case FWD_NEXT_WAIT:
		fwd_journal_command(record, &cli->target, "status --follow", cmd);
		return "wait";
	case FWD_NEXT_RESUME:
		fwd_journal_command(record, &cli->target, "resume", cmd);
		return "resume";
	case FWD_NEXT_REBOOT:
		fwd_journal_command(record, &cli->target, "verify", cmd);
		return "reboot-then-verify";
	case FWD_NEXT_UPDATE:
		return "update";
	default:
		return NULL;
	}
}

/*
 * A flash that failed (exit 4) leaves a part that may be half written: the
 * operator must hear that before anything else, and how to go on (resume
 * flashes the part again).  Into buf; "" for any other run.
 */
static const char *flash_caution(const json_t *record, char *buf, size_t size)
{
	int partway;
	const char *part = fwd_journal_flash_failed(record, &partway);
	int bios = part && !strcmp(part, "bios");

	buf[0] = '\0';
	if (!part)
		return buf;
	snprintf(buf, size, "the %s flash %s: do not %s until the %s has been flashed again "
		 "successfully: a half-written %s may not start", bios ? "BIOS" : "BMC",
		 partway ? "failed part-way (the tool had begun writing it)" :
			   "failed and may have stopped midway",
		 bios ? "power off or reboot the host" : "remove the server's power",
		 bios ? "BIOS" : "BMC", bios ? "BIOS" : "BMC");
	return buf;
}

static void print_state(const json_t *record, const char *state, const char *next,
			const char *cmd)
{
	char caution[320];
	const char *where = fwd_journal_where(record);
	const json_t *last = json_object_get(record, "last_resume");

	if (!strcmp(state, "running"))
		printf("running (PID %lld), in step '%s'\n",
		       (long long)json_integer_value(json_object_get(record, "pid")),
		       where ? where : "?");
	else if (!strcmp(state, "interrupted"))
		printf("UNFINISHED: the run was interrupted in step '%s' (its process is gone)\n",
		       where ? where : "?");
	else if (!strcmp(state, "stopped"))
		printf("UNFINISHED: stopped on request before step '%s'\n", where ? where : "?");
	else if (next && !strcmp(next, "resume"))
		printf("UNFINISHED: the run %s in step '%s' after it began to change the "
		       "machine\n", state, where ? where : "?");
	else if (fwd_json_str(record, "stopped_at"))
		printf("%s, stopped at step '%s'\n", state, fwd_json_str(record, "stopped_at"));
	else
		printf("%s\n", state);
	if (last)
		printf("the last attempt to resume it (run %s) ended before it changed anything: "
		       "%s\n", fwd_json_str_or(last, "run_id", "?"),
		       fwd_json_str(json_object_get(last, "error"), "message") ?
		       fwd_json_str(json_object_get(last, "error"), "message") : "?");
	if (flash_caution(record, caution, sizeof(caution))[0])
		printf("%s\n", caution);
	if (!next)
		return;
	if (!strcmp(next, "resume") && caution[0])
		printf("next: '%s' flashes it again (unless it already runs the image's version) "
		       "and finishes the run\n", cmd);
	else if (!strcmp(next, "resume"))
		printf("next: '%s' finishes it (it reads what the BMC runs now and carries on)\n",
		       cmd);
	else if (!strcmp(next, "reboot-then-verify"))
		printf("next: a BIOS waits for the host's reboot; after it, '%s'\n", cmd);
	else if (!strcmp(next, "update"))
		printf("next: nothing was changed; fix what the error says, then run the update "
		       "again\n");
}

static void print_tail(const json_t *record)
{
	const json_t *bios = json_object_get(record, "bios"), *job;

	if (fwd_json_str(record, "backup"))
		printf("backup: %s\n", fwd_json_str(record, "backup"));
	job = json_object_get(bios, "job");
	if (job) {
		char id[128], status[64], text[FWD_SAFE_TEXT_MAX];

		printf("BIOS job %s: %s", shown(bios, "job_id", "?", id, sizeof(id)),
		       shown(job, "status", "unknown", status, sizeof(status)));
		if (fwd_json_str(job, "message"))
			printf(" (%s)", shown(job, "message", "", text, sizeof(text)));
		if (fwd_json_str(job, "error"))
			printf(" (%s)", shown(job, "error", "", text, sizeof(text)));
		printf("\n");
	}
	if (json_object_get(record, "verified"))
		printf("verified after the reboot: %s\n",
		       fwd_json_str_or(json_object_get(record, "verified"), "result", "?"));
	printf("reboot required: %s\n",
	       json_is_true(json_object_get(record, "reboot_required")) ? "yes" : "no");
}

/* Prints the steps from index `shown` on; returns how many are settled.
 * The running step is printed now and again once it ends. */
/* What --follow printed so far. */
struct follow_view {
	size_t shown;            /* steps printed in their final state */
	size_t running;          /* 1 + the index of the running step printed, or 0 */
	char progress[160];      /* the progress line printed last */
};

/*
 * The steps that ended since the last look, each once; the running step
 * once when it begins, then a line each time its progress says something
 * new (not the same line every half second).
 */
static void print_new_steps(const json_t *record, struct follow_view *v)
{
	const json_t *steps = json_object_get(record, "steps"), *step;
	size_t n = json_array_size(steps);

	for (; v->shown < n; v->shown++) {
		step = json_array_get(steps, v->shown);
		if (!strcmp(fwd_json_str_or(step, "status", "?"), "running")) {
			const char *text = fwd_json_str(json_object_get(step, "progress"), "text");

			if (v->running != v->shown + 1) {
				print_steps(record, v->shown, v->shown + 1);
				v->running = v->shown + 1;
				v->progress[0] = '\0';
			}
			if (text && strcmp(text, v->progress) != 0) {
				char name[64], safe[FWD_SAFE_TEXT_MAX];

				printf("  %-8s %-16s %s\n", "",
				       shown(step, "name", "?", name, sizeof(name)),
				       fwd_safe_text(text, safe, sizeof(safe)));
				snprintf(v->progress, sizeof(v->progress), "%s", text);
			}
			break;
		}
		print_steps(record, v->shown, v->shown + 1);
	}
	fflush(stdout);
}

/*
 * --follow: reads the journal again every half second until the run is no
 * longer running; on a terminal the steps are printed as they come, with
 * --json only the final record counts.
 */
static int follow(struct fwd_ctx *ctx, const char *path, json_t **record, int print)
{
	struct follow_view view = { 0 };

	for (;;) {
		json_t *next;

		if (print)
			print_new_steps(*record, &view);
		if (strcmp(fwd_journal_state(*record), "running") != 0)
			return 0;
		fwd_sleep_ms(ctx, 500);
		if (fwd_journal_load(ctx, path, &next) != 0)
			return -1;
		json_decref(*record);
		*record = next;
	}
}

/*
 * After a kill -9 the tool the run was running (an upload, say) is left
 * to finish and holds the target's lock meanwhile: which, if any.  The
 * journal STATE_DIR/runs/NAME.json goes with STATE_DIR/locks/NAME.lock.
 */
static void tools_left_running(const struct fwd_cli *cli, const char *journal, char *buf,
			       size_t size)
{
	const char *base = fwd_base_name(journal);
	char name[300];
	size_t len = strlen(base);

	buf[0] = '\0';
	if (len <= 5 || len - 5 >= sizeof(name) || strcmp(base + len - 5, ".json") != 0)
		return;
	snprintf(name, sizeof(name), "%.*s", (int)(len - 5), base);
	fwd_lock_openers(cli->target.state_dir, name, buf, size);
}

/*
 * A journal whose run is gone without its end: killed, or it could not
 * write its end (a full disk: update-driver.c).  The run's report in
 * STATE_DIR/last-update.json is written after the journal: when it is
 * this run's and has the end, that is how the run ended (new reference,
 * path in *from); else NULL.
 */
static json_t *recorded_end(const struct fwd_cli *cli, const json_t *record,
			    struct fwd_buf *from)
{
	struct fwd_ctx quiet;
	const char *id = fwd_json_str(record, "run_id");
	json_t *report = NULL;

	fwd_ctx_init(&quiet);
	if (!id || fwd_buf_setf(from, "%s/%s", cli->target.state_dir, FWD_LAST_UPDATE_FILE) < 0 ||
	    access(from->s, F_OK) != 0 || fwd_journal_load(&quiet, from->s, &report) != 0 ||
	    !fwd_json_str(report, "run_id") || strcmp(fwd_json_str(report, "run_id"), id) != 0 ||
	    !fwd_json_str(report, "result")) {
		json_decref(report);
		report = NULL;
	}
	fwd_ctx_clear_error(&quiet);
	return report;
}

static int cmd_status(struct fwd_cli *cli, struct fwd_ctx *ctx)
{
	struct fwd_buf path = FWD_BUF_INIT, cmd = FWD_BUF_INIT, from = FWD_BUF_INIT;
	char left[256] = "";
	json_t *record, *bios;
	const char *state, *next;
	int behind = 0;

	if (fwd_journal_find(ctx, &cli->target, &path) != 0 ||
	    fwd_journal_load(ctx, path.s, &record) != 0) {
		fwd_buf_release(&path);
		return fwd_cli_fail(cli, ctx, NULL);
	}
	if (!cli->json)
		printf("%s of %s (plugin %s), run %s, started %s\n",
		       fwd_json_str_or(record, "command", "update"),
		       fwd_json_str_or(record, "target", "?"), fwd_json_str_or(record, "plugin", "none"),
		       fwd_json_str_or(record, "run_id", "?"), fwd_json_str_or(record, "started", "?"));
	if (cli->follow) {
		if (follow(ctx, path.s, &record, !cli->json) != 0) {
			json_decref(record);
			fwd_buf_release(&path);
			return fwd_cli_fail(cli, ctx, NULL);
		}
	} else if (!cli->json) {
		struct follow_view view = { 0 };

		print_new_steps(record, &view);
	}
	state = fwd_journal_state(record);
	if (!strcmp(state, "interrupted")) {
		json_t *end = recorded_end(cli, record, &from);

		/* The journal is behind its run: the report's end is the truth. */
		if (end) {
			json_decref(record);
			record = end;
			state = fwd_journal_state(record);
			behind = 1;
		} else {
			fwd_buf_release(&from);
		}
	}
	next = next_step(cli, record, &cmd);
	if (!strcmp(state, "interrupted"))
		tools_left_running(cli, path.s, left, sizeof(left));
	bios = json_object_get(record, "bios");
	if (fwd_json_str(bios, "job_id"))
		follow_job(cli, ctx, record, bios);
	if (cli->json) {
		json_t *doc = fwd_json_doc_new();
		char caution[320];

		json_object_set_new(doc, "command", json_string("status"));
		json_object_set_new(doc, "state", json_string(state));
		json_object_set_new(doc, "journal", json_string(path.s));
		json_object_set_new(doc, "tools_still_running", left[0] ? json_string(left) :
				    json_null());
		json_object_set_new(doc, "end_recorded_in", behind ? json_string(from.s) :
				    json_null());
		flash_caution(record, caution, sizeof(caution));
		json_object_set_new(doc, "next", json_pack("{s:o, s:o, s:o}", "action",
				    next ? json_string(next) : json_null(), "command",
				    cmd.len ? json_string(cmd.s) : json_null(), "caution",
				    caution[0] ? json_string(caution) : json_null()));
		json_object_set(doc, "last_update", record);
		fwd_json_print(doc);
		json_decref(doc);
	} else {
		if (behind)
			printf("the journal stops before this run's end (the run could not write it: "
			       "a full disk?); its end, from %s:\n", from.s);
		else if (!strcmp(state, "interrupted"))
			printf("(the journal shows the run at the last step it recorded; if the run "
			       "was not killed, it could not record its end, a full disk say: its "
			       "output, 'fwdispatch history' or last-update.json tell how it ended, "
			       "and 'resume' is safe either way)\n");
		print_state(record, state, next, cmd.s);
		if (left[0])
			printf("a tool the run started still runs and holds the target: %s; "
			       "it is left to finish, then '%s'\n", left, cmd.s);
		print_tail(record);
	}
	json_decref(record);
	fwd_buf_release(&path);
	fwd_buf_release(&cmd);
	fwd_buf_release(&from);
	return FWD_EXIT_OK;
}

const struct fwd_cmd_entry fwd_cmd_status = {
	.name = "status",
	.usage = "[--follow] [--json] [--state-dir DIR] [--host H ...]",
	.summary = "show the current or last update, step by step",
	.help = "Reads the run's journal (STATE_DIR/runs: the target's with --host, else the\n"
		"newest).  It says whether the run is going, finished, or was interrupted and\n"
		"in which step ('fwdispatch resume' finishes it).  --follow shows the steps as\n"
		"they happen until the run ends (a detached run, say).  When the update left a\n"
		"BIOS job for the next reboot (Dell), asks the plugin where it stands now.\n",
	.options = FWD_OPT_JSON | FWD_OPT_PLUGINS | FWD_OPT_TARGET | FWD_OPT_STATE |
		   FWD_OPT_VERBOSE | FWD_OPT_FOLLOW,
	.min_args = 0,
	.max_args = 0,
	.exec = cmd_status,
};
