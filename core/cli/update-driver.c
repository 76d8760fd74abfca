/*
 * update-driver.c: one update run around the procedure in update.c, for
 * `fwdispatch update` and `fwdispatch resume`: the lock, the journal
 * (written at every step), the signals, the operator's confirmation,
 * --detach, the output (terminal, --json, --events), the history.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ipmi/bmc.h"
#include "util/clock.h"
#include "cli/cli.h"
#include "cli/confirm.h"
#include "identity/target-identity.h"
#include "util/error.h"
#include "update/history.h"
#include "update/journal.h"
#include "util/json-out.h"
#include "update/lock.h"
#include "cli/syslog-sink.h"
#include "util/colour.h"
#include "util/safe-text.h"
#include "util/file-kind.h"
#include "update/progress.h"
#include "update/run-record.h"
#include "update/signals.h"
#include "update/steps.h"
#include "update/update-report.h"
#include "update/update-options.h"
#include "cli/update-driver.h"
#include "util/utc-time.h"

/* Everything one run's output and bookkeeping needs. */
struct driver {
	struct fwd_cli *cli;
	struct fwd_ctx *ctx;
	struct fwd_steps steps;
	struct fwd_lock lock;
	struct fwd_journal journal;
	json_t *report;          /* owned: the run's report, which is the journal */
	int human;               /* the step lines on stdout */
	int events;              /* NDJSON on stdout */
	int journaled;           /* the journal is being written */
	int detached_parent;     /* this process handed the run over */
#ifdef FWD_TEST_HOOKS
	const char *kill_after;  /* FWDISPATCH_TEST_KILL_AFTER (Makefile: HOOKED_CLI) */
#endif
	int last_percent;
	struct fwd_progress progress; /* the long step under way */
	int progress_open;       /* a progress line on stderr waits for its end */
	uint64_t progress_saved_ms; /* when the journal last got the progress */
	int tty;                 /* stdout is a terminal: a step's begin line is replaced */
	int colour;              /* colour the step tags (colour.h) */
	char begin_open[64];     /* the step whose begin line waits for its end, or "" */
	int syslog;              /* step ends and warnings go to syslog too (syslog-sink.h) */
	json_t *unfinished;      /* the run this update carries on (check_unfinished) */
};

/* A line a step's begin or a progress bar left open ends before any other
 * output, so that nothing is printed on top of it. */
static void end_begin_line(struct driver *d)
{
	if (d->begin_open[0]) {
		fputc('\n', stdout);
		fflush(stdout);
		d->begin_open[0] = '\0';
	}
}

static void end_open_lines(struct driver *d)
{
	end_begin_line(d);
	if (d->progress_open) {
		fputc('\n', stderr);
		d->progress_open = 0;
	}
}

/*
 * The human report: a step's begin, then its end.  On a terminal the end
 * replaces the begin line in place (one line per step), unless something
 * was printed in between; elsewhere (a log, a pipe) both lines stay.
 */
static void print_step(struct driver *d, const json_t *step, enum fwd_step_state state)
{
	static const char *const tag[] = { " .. ", " ok ", "FAIL", "skip" };
	static const enum fwd_colour hue[] = { FWD_COLOUR_CYAN, FWD_COLOUR_GREEN,
					       FWD_COLOUR_RED, FWD_COLOUR_YELLOW };
	char name[64], detail[FWD_SAFE_TEXT_MAX];
	double secs = (double)json_integer_value(json_object_get(step, "duration_ms")) / 1000.0;
	const char *on = fwd_colour(d->colour, hue[state]);
	const char *off = fwd_colour(d->colour, FWD_COLOUR_OFF);

	/* A detail quotes BMCs and tools: never raw to the terminal. */
	fwd_safe_text(fwd_json_str(step, "name"), name, sizeof(name));
	fwd_safe_text(fwd_json_str(step, "detail"), detail, sizeof(detail));
	if (d->begin_open[0] && state != FWD_STEP_BEGIN && !strcmp(d->begin_open, name)) {
		fputs("\r\033[K", stdout);   /* back to the line's start, erased */
		d->begin_open[0] = '\0';
	}
	end_open_lines(d);
	if (state == FWD_STEP_BEGIN && d->tty) {
		/* Cut to the terminal's width: a wrapped line cannot be replaced. */
		struct winsize ws;
		int room = ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 30 ?
			   ws.ws_col - 25 : 1000;

		printf("[%s%s%s] %-16s %.*s", on, tag[state], off, name, room, detail);
		snprintf(d->begin_open, sizeof(d->begin_open), "%s", name);
	} else if (state == FWD_STEP_BEGIN) {
		printf("[%s%s%s] %-16s %s\n", on, tag[state], off, name, detail);
	} else {
		printf("[%s%s%s] %-16s %s (%.1f s)\n", on, tag[state], off, name, detail, secs);
	}
	fflush(stdout);
}

/* Unattended, the system log gets each step's end (syslog-sink.h). */
static void log_step(const struct driver *d, const json_t *step, enum fwd_step_state state)
{
	static const char *const word[] = { "began", "ok", "FAILED", "skipped" };
	char target[300];

	if (!d->syslog || state == FWD_STEP_BEGIN)
		return;
	fwd_target_describe(&d->cli->target, target, sizeof(target));
	fwd_syslog_line(state == FWD_STEP_FAILED ? FWD_LOG_ERROR : FWD_LOG_INFO,
			"run %s of %s: %s %s: %s", fwd_json_str(d->report, "run_id"), target,
			fwd_json_str(step, "name"), word[state],
			fwd_json_str(step, "detail") ? fwd_json_str(step, "detail") : "");
}

/* Unattended, the system log gets the run's beginning and end: which
 * target, which images, how it ended. */
static void log_run(const struct driver *d, enum fwd_log_level level, const char *what)
{
	const json_t *r = d->report, *err = json_object_get(r, "error");
	const json_t *o = json_object_get(r, "options");
	const char *bmc = fwd_json_str(o, "bmc_image"), *bios = fwd_json_str(o, "bios_image");
	char target[300];

	if (!bmc)
		bmc = fwd_json_str(o, "bmc_url");
	if (!bios)
		bios = fwd_json_str(o, "bios_url");
	if (!d->syslog)
		return;
	fwd_target_describe(&d->cli->target, target, sizeof(target));
	if (!strcmp(what, "ends"))
		fwd_syslog_line(level, "run %s of %s ends: %s%s%s", fwd_json_str(r, "run_id"),
				target, fwd_json_str(r, "result"), err ? ": " : "",
				err ? fwd_json_str(err, "message") : "");
	else
		fwd_syslog_line(level, "run %s of %s %s (%s): BMC image %s, BIOS image %s",
				fwd_json_str(r, "run_id"), target, what, fwd_json_str(r, "command"),
				bmc ? bmc : "none", bios ? bios : "none");
}

/* Every message fwd_log writes: after the open lines, and to syslog. */
static void on_log(void *payload, enum fwd_log_level level, const char *line)
{
	struct driver *d = payload;

	end_open_lines(d);
	if (d->syslog && level <= FWD_LOG_WARN)
		fwd_syslog_line(level, "run %s: %s", fwd_json_str(d->report, "run_id"), line);
}

/* A progress bar on stderr, only when stderr is a terminal: redrawn in
 * place, with bytes, rate and time left; ended by the next step's line. */
static void print_progress(struct driver *d, const char *step)
{
	const struct fwd_progress *p = &d->progress;
	int width = 24, filled;
	char text[160];

	if (!p->total)
		return;
	end_begin_line(d);
	filled = (int)(p->done * (uint64_t)width / p->total);
	fwd_progress_format(p, text, sizeof(text));
	/* \033[K: what a longer line before left is erased. */
	fprintf(stderr, "\r  %-12s [%.*s%*s] %s\033[K", step, filled,
		"########################", width - filled, "", text);
	d->progress_open = p->done < p->total;
	if (!d->progress_open)
		fputc('\n', stderr);
	fflush(stderr);
}

static int is_outcome(const json_t *part, const char *outcome)
{
	const char *o = fwd_json_str(part, "outcome");

	return o && !strcmp(o, outcome);
}

static void print_bmc_summary(const json_t *bmc)
{
	const char *before = fwd_json_str(bmc, "before"), *after = fwd_json_str(bmc, "after");
	const char *wanted = fwd_json_str(bmc, "version");

	if (!json_is_object(bmc))
		return;
	if (is_outcome(bmc, "current")) {
		printf("BMC: already runs %s, the image's version: nothing to do\n",
		       before ? before : "?");
	} else if (is_outcome(bmc, "planned")) {
		printf("BMC: would be updated %s -> %s (dry run: nothing sent)\n",
		       before ? before : "?", wanted ? wanted : "the image's version");
	} else if (is_outcome(bmc, "updated")) {
		printf("BMC firmware updated: %s -> %s\n", before ? before : "?", after ? after : "?");
	} else if (is_outcome(bmc, "not-started")) {
		printf("BMC: nothing was sent to it");
		if (before)
			printf("; it still runs %s", before);
		printf("\n");
	} else {
		/* Only a wait for its return that ran out says it is silent: a run
		 * that stopped before (a push refused) did not ask again. */
		printf("BMC: ran %s before; ", before ? before : "?");
		if (after)
			printf("now it runs %s", after);
		else if (json_is_integer(json_object_get(bmc, "wait_ms")))
			printf("now it does not answer");
		else
			printf("what it runs now was not read again");
		if (wanted && !(after && strcmp(after, wanted) == 0))
			printf("; the image holds %s", wanted);
		printf("\n");
	}
}

static void print_bios_summary(const json_t *bios)
{
	const char *job = fwd_json_str(bios, "job_id"), *before = fwd_json_str(bios, "before");

	if (!json_is_object(bios))
		return;
	if (is_outcome(bios, "current"))
		printf("BIOS: already runs %s, the image's version: nothing to do\n",
		       before ? before : "?");
	else if (is_outcome(bios, "planned"))
		printf("BIOS: would be staged, to be applied at the next reboot of the host (dry "
		       "run: nothing sent)\n");
	else if (is_outcome(bios, "staged"))
		printf("BIOS staged%s%s: it is applied at the next reboot of the host\n",
		       job ? " as job " : "", job ? job : "");
	else if (is_outcome(bios, "updated"))
		printf("BIOS updated\n");
	else if (is_outcome(bios, "not-started"))
		printf("BIOS: not staged; it still runs %s\n", before ? before : "what it ran before");
	else
		printf("BIOS: staging failed%s%s\n", job ? ", job " : "", job ? job : "");
}

static void print_hints(const json_t *hints)
{
	const json_t *hint, *step;
	size_t i, j;

	if (!json_array_size(hints))
		return;
	printf("\nhow to recover:\n");
	json_array_foreach(hints, i, hint) {
		printf("  %s (%s)\n", fwd_json_str(hint, "title"), fwd_json_str(hint, "when") ? fwd_json_str(hint, "when") : "");
		json_array_foreach(json_object_get(hint, "steps"), j, step)
			printf("    %zu. %s\n", j + 1, json_string_value(step));
	}
}

static void print_summary(const json_t *report, int ret, struct fwd_ctx *ctx)
{
	const char *stopped = fwd_json_str(report, "stopped_at");
	int dry_run = json_is_true(json_object_get(report, "dry_run"));
	char safe[FWD_SAFE_TEXT_MAX];

	printf("\n");
	if (ret)
		printf("update stopped at step '%s': %s\n", stopped ? stopped : "?",
		       fwd_safe_text(ctx->err.msg, safe, sizeof(safe)));
	print_bmc_summary(json_object_get(report, "bmc"));
	print_bios_summary(json_object_get(report, "bios"));
	if (!ret && !dry_run && !json_is_true(json_object_get(report, "changed")))
		printf("nothing was changed\n");
	if (fwd_json_str(report, "backup"))
		printf("backup of the BMC settings: %s\n", fwd_json_str(report, "backup"));
	if (fwd_json_str(report, "history"))
		printf("history: %s\n", fwd_json_str(report, "history"));
	if (dry_run)
		printf("reboot required: %s\n", is_outcome(json_object_get(report, "bios"), "planned")
		       ? "after a real run, yes (to apply the BIOS)" : "no");
	else if (json_is_true(json_object_get(report, "reboot_required")))
		printf("reboot required: yes (fwdispatch never reboots the host unless --reboot)\n");
	else
		printf("reboot required: no\n");
	print_hints(json_object_get(report, "recovery_hints"));
}


static void print_plan(const json_t *plan)
{
	const json_t *entry;
	size_t i;

	printf("\ndry run: nothing was changed or sent to the BMC.  The update would:\n");
	json_array_foreach(plan, i, entry) {
		printf("  %2zu. %-12s %s\n", i + 1, fwd_json_str(entry, "step"),
		       fwd_json_str(entry, "action"));
		if (fwd_json_str(entry, "command"))
			printf("      $ %s\n", fwd_json_str(entry, "command"));
	}
}

static void print_event(const json_t *event)
{
	char *line = json_dumps(event, JSON_COMPACT | JSON_PRESERVE_ORDER);

	if (line) {
		printf("%s\n", line);
		free(line);
	}
	fflush(stdout);
}

/* An event that carries one record of the run: {"event": kind, "time", kind: record}. */
static void print_record_event(const char *kind, const json_t *record)
{
	char when[FWD_UTC_SIZE];
	json_t *ev;

	fwd_utc_now_ms(when);
	ev = json_pack("{s:s, s:s, s:O}", "event", kind, "time", when, kind, record);
	print_event(ev);
	json_decref(ev);
}

/* The journal, as the run stands now; a failure is said once. */
static void journal_now(struct driver *d)
{
	if (d->journaled && fwd_journal_write(d->ctx, &d->journal) != 0 && !d->journal.warned++) {
		fwd_log(d->ctx, FWD_LOG_WARN, "%s: 'fwdispatch status' may not show this run "
			"exactly", d->ctx->err.msg);
		fwd_ctx_clear_error(d->ctx);
	}
}

/* Every step change: the terminal line or the event, then the journal. */
static void on_step(void *payload, const json_t *step, enum fwd_step id,
		    enum fwd_step_state state)
{
	struct driver *d = payload;
	const char *name = fwd_step_name(id);

	fwd_signals_set_step(state == FWD_STEP_BEGIN ? name : "none (between steps)");
	if (d->human)
		print_step(d, step, state);
	log_step(d, step, state);
	if (d->events)
		print_record_event("step", step);
	journal_now(d);
#ifdef FWD_TEST_HOOKS
	/* Tests stop the run dead right after a step, as a power loss would. */
	if (d->kill_after && state != FWD_STEP_BEGIN && !strcmp(d->kill_after, name))
		raise(SIGKILL);
#endif
}

/* A check's verdict: a line under its step, the event, the journal. */
static void on_check(void *payload, const json_t *check)
{
	struct driver *d = payload;
	const char *verdict = fwd_json_str(check, "verdict");

	if (d->human) {
		int bad = !strcmp(verdict, "refuse");
		int notable = bad || !strcmp(verdict, "warn") || !strcmp(verdict, "overridden");
		char name[64], detail[FWD_SAFE_TEXT_MAX];

		fwd_safe_text(fwd_json_str(check, "check"), name, sizeof(name));
		fwd_safe_text(fwd_json_str(check, "detail"), detail, sizeof(detail));
		end_open_lines(d);
		printf("       check %-14s %s%-10s%s %s\n", name,
		       fwd_colour(d->colour && notable, bad ? FWD_COLOUR_RED : FWD_COLOUR_YELLOW),
		       verdict, fwd_colour(d->colour && notable, FWD_COLOUR_OFF), detail);
		fflush(stdout);
	}
	if (d->events)
		print_record_event("check", check);
	journal_now(d);
}

/* The bytes an upload moves: its image's size, when checked.  Other steps'
 * units (a vendor job's percent, a flash's) are not the image's bytes. */
static uint64_t bytes_of(const struct driver *d, enum fwd_step id)
{
	const char *part = id == FWD_STEP_BMC_UPLOAD ? "bmc" : NULL;
	const json_t *size = part ? json_object_get(json_object_get(json_object_get(
				d->report, part), "image"), "size") : NULL;

	return json_is_integer(size) && json_integer_value(size) > 0 ?
	       (uint64_t)json_integer_value(size) : 0;
}

/* The running step's record carries its progress, so that `status
 * --follow` can show it; written at most once a second (and at the end). */
static void save_progress(struct driver *d)
{
	json_t *current = d->steps.current, *p;
	uint64_t now = d->progress.now_ms;
	char text[160];

	if (!d->journaled || !current || (now - d->progress_saved_ms < 1000 &&
					  d->progress.done < d->progress.total))
		return;
	p = fwd_progress_to_json(&d->progress);
	fwd_progress_format(&d->progress, text, sizeof(text));
	json_object_set_new(p, "text", json_string(text));
	json_object_set_new(current, "progress", p);
	d->progress_saved_ms = now;
	journal_now(d);
}

static void on_progress(void *payload, enum fwd_step id, uint64_t done, uint64_t total)
{
	struct driver *d = payload;
	const char *step = fwd_step_name(id) ? fwd_step_name(id) : "?";
	int percent;

	fwd_progress_update(&d->progress, (int)id, fwd_now_ms(d->ctx), done, total,
			    bytes_of(d, id));
	/* The BMC's wait reports seconds of its bound (bmc.c). */
	d->progress.waiting = id == FWD_STEP_BMC_WAIT;
	percent = fwd_progress_percent(&d->progress);
	if (d->events && percent != d->last_percent) {
		char when[FWD_UTC_SIZE];
		json_t *ev, *how = fwd_progress_to_json(&d->progress);

		fwd_utc_now_ms(when);
		ev = json_pack("{s:s, s:s, s:s}", "event", "progress", "time", when, "step", step);
		if (ev && how)
			json_object_update(ev, how);
		print_event(ev);
		json_decref(how);
		json_decref(ev);
	}
	d->last_percent = percent;
	save_progress(d);
	if (d->human && isatty(STDERR_FILENO))
		print_progress(d, step);
}

/* The confirmation on a terminal (the driver refused earlier without
 * --yes when stdin is not one). */
static int confirm(struct driver *d, const json_t *report)
{
	const json_t *bmc = json_object_get(report, "bmc"), *bios = json_object_get(report, "bios");

	fprintf(stderr, "\nabout to update %s (plugin %s):\n", fwd_json_str(report, "target"),
		fwd_json_str(report, "plugin"));
	if (bmc && fwd_json_str(bmc, "image_path"))
		fprintf(stderr, "  BMC  %s -> %s  (%s)\n", fwd_json_str(bmc, "before"),
			fwd_json_str(bmc, "version") ? fwd_json_str(bmc, "version") : "?",
			fwd_json_str(bmc, "image_path"));
	if (bios && fwd_json_str(bios, "image_path"))
		fprintf(stderr, "  BIOS %s -> %s  (%s), applied at the next reboot\n",
			fwd_json_str(bios, "before") ? fwd_json_str(bios, "before") : "?",
			fwd_json_str(bios, "version") ? fwd_json_str(bios, "version") : "?",
			fwd_json_str(bios, "image_path"));
	return fwd_cli_confirm(d->ctx);
}

/* --detach: this process says where the run went and leaves; a child in
 * its own session carries on, its output in the log beside the journal. */
static int detach(struct driver *d)
{
	int log_fd, null_fd;
	mode_t kind;
	pid_t pid;

	fflush(stdout);
	fflush(stderr);
	log_fd = fwd_open_regular(d->journal.log_path.s, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC |
				  O_NOFOLLOW, 0600, &kind);
	if (log_fd == -EINVAL)
		return fwd_ctx_set_error(d->ctx, -FWD_E_REFUSED, "cannot detach: the log '%s' is "
					 "%s, not a regular file: move it away",
					 d->journal.log_path.s, fwd_file_kind(kind));
	null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (log_fd < 0 || null_fd < 0 || (pid = fork()) < 0) {
		int err = log_fd < 0 ? -log_fd : errno;

		if (log_fd >= 0)
			close(log_fd);
		if (null_fd >= 0)
			close(null_fd);
		return fwd_ctx_set_error(d->ctx, -FWD_E_REFUSED, "cannot detach (log '%s'): %s",
					 d->journal.log_path.s, strerror(err));
	}
	if (pid > 0) {
		close(log_fd);
		close(null_fd);
		d->detached_parent = 1;
		if (d->cli->json || d->events) {
			json_t *doc = fwd_json_doc_new();

			json_object_set_new(doc, "command", json_string(d->cli->command));
			json_object_set_new(doc, "detached", json_true());
			json_object_set_new(doc, "pid", json_integer(pid));
			json_object_set_new(doc, "run_id", json_string(fwd_json_str(d->report,
											"run_id")));
			json_object_set_new(doc, "journal", json_string(d->journal.path.s));
			json_object_set_new(doc, "log", json_string(d->journal.log_path.s));
			fwd_json_print(doc);
			json_decref(doc);
		} else {
			struct fwd_buf follow = FWD_BUF_INIT;

			fwd_journal_command(d->report, &d->cli->target, "status --follow", &follow);
			printf("\nthe update goes on in the background as PID %ld\n  log: %s\n"
			       "  follow it: %s\n", (long)pid, d->journal.log_path.s, follow.s);
			fwd_buf_release(&follow);
		}
		return FWD_UPDATE_DETACHED;
	}
	/* The child: no terminal, no reader of JSON; the log takes the story. */
	setsid();
	dup2(null_fd, STDIN_FILENO);
	dup2(log_fd, STDOUT_FILENO);
	dup2(log_fd, STDERR_FILENO);
	close(log_fd);
	close(null_fd);
	d->human = 1;
	d->events = 0;
	d->cli->json = 0;
	d->tty = d->colour = d->ctx->colour = 0;
	d->syslog = fwd_syslog_wanted(1);
	fwd_lock_stamp(&d->lock, d->cli->command);
	fwd_journal_stamp_holder(d->report);
	fwd_signals_install(NULL);
	printf("detached: the run goes on as PID %ld\n", (long)getpid());
	log_run(d, FWD_LOG_INFO, "goes on detached");
	return 0;
}

static int after_preflight(void *payload, struct fwd_ctx *ctx, json_t *report)
{
	struct driver *d = payload;
	int ret;

	(void)ctx;
	if (!d->cli->yes) {
		ret = confirm(d, report);
		if (ret)
			return ret;
	}
	return d->cli->detach ? detach(d) : 0;
}

/*
 * A resume that failed (or stopped) before it sent anything that changes
 * the machine leaves things as the run it resumed left them: that run's
 * journal stays, with the attempt noted, so that it can be resumed again
 * with everything it recorded (its backup above all).
 */
static json_t *journal_to_keep(struct driver *d, const struct fwd_update_opts *opts, int ret)
{
	json_t *kept, *attempt;

	if (!opts->resume || !ret || fwd_steps_journal_acted(d->report))
		return NULL;
	kept = json_deep_copy(opts->resume);
	attempt = json_pack("{s:O, s:O, s:O, s:O}", "run_id", json_object_get(d->report, "run_id"),
			    "started", json_object_get(d->report, "started"),
			    "finished", json_object_get(d->report, "finished"),
			    "error", json_object_get(d->report, "error"));
	if (!kept || !attempt) {
		json_decref(kept);
		json_decref(attempt);
		return NULL;
	}
	json_object_set_new(kept, "last_resume", attempt);
	return kept;
}

#ifdef FWD_TEST_HOOKS
/* FWDISPATCH_TEST_DISK_FULL (Makefile: HOOKED_CLI): "end" makes the journal's
 * last write fail as a full disk would; "end-all" the history's and
 * last-update.json's too. */
static int disk_full(const char *what)
{
	const char *full = getenv("FWDISPATCH_TEST_DISK_FULL");

	return full && (!strcmp(full, "end-all") || (!strcmp(full, "end") &&
						     !strcmp(what, "journal")));
}
#define DISK_FULL(what) disk_full(what)
#else
#define DISK_FULL(what) 0
#endif

/* The journal's last write: the run's end. */
static int write_end(struct driver *d)
{
	if (DISK_FULL("journal"))
		return fwd_ctx_set_error(d->ctx, -FWD_E_REFUSED, "cannot write the journal: '%s': "
					 "%s", d->journal.path.s, strerror(ENOSPC));
	return fwd_journal_write(d->ctx, &d->journal);
}

/*
 * The journal could not take the run's end (a full disk): it shows the run
 * as it stood at its last step, which `status` would take for a run
 * killed there.  The run's own output, its exit code, last-update.json
 * (written next, when it can be: `status` reads it) and "journal_error"
 * say how it really ended, and what to do.
 */
static void end_not_recorded(struct driver *d, const char *why)
{
	struct fwd_buf resume = FWD_BUF_INIT;
	char text[FWD_ERROR_MAX + 512];
	const json_t *err = json_object_get(d->report, "error");
	const char *result = fwd_json_str(d->report, "result");
	json_int_t code = err ? json_integer_value(json_object_get(err, "exit_code")) :
		json_is_true(json_object_get(d->report, "reboot_required")) ? FWD_EXIT_REBOOT :
		FWD_EXIT_OK;

	fwd_journal_command(d->report, &d->cli->target, "resume", &resume);
	snprintf(text, sizeof(text), "the journal could not record how this run ended (%s): it "
		 "shows the run as it stood at its last step, so 'fwdispatch status' may call it "
		 "interrupted there; this run really ended: %s (exit %lld%s%s).  Free space in the "
		 "state folder; then '%s' completes the record (it reads what runs now and redoes "
		 "nothing that stands)", why, result ? result : "?", (long long)code,
		 err ? ", " : "", err ? fwd_json_str(err, "code") : "",
		 resume.s ? resume.s : "fwdispatch resume");
	fwd_buf_release(&resume);
	json_object_set_new(d->report, "journal_error", fwd_json_text(text));
	fwd_log(d->ctx, FWD_LOG_WARN, "%s", text);
}

/* The end of the run: result, journal, last-update.json, history. */
static void finish(struct driver *d, const struct fwd_update_opts *opts, int ret,
		   uint64_t start_ms)
{
	const char *stopped = fwd_step_name(fwd_steps_stopped_at(&d->steps));
	const char *state_dir = d->cli->target.state_dir;
	char when[FWD_UTC_SIZE];
	struct fwd_ctx quiet;

	if (ret == -FWD_E_STOPPED)
		json_object_set_new(d->report, "result", json_string("stopped"));
	else
		json_object_set_new(d->report, "result", json_string(ret ? "failed" :
								     opts->dry_run ? "dry-run" : "ok"));
	if (!json_object_get(d->report, "stopped_at"))
		json_object_set_new(d->report, "stopped_at", ret && stopped ? json_string(stopped)
									    : json_null());
	fwd_utc_iso(time(NULL), when);
	json_object_set_new(d->report, "finished", json_string(when));
	json_object_set_new(d->report, "duration_ms",
			    json_integer((json_int_t)(fwd_now_ms(d->ctx) - start_ms)));
	if (ret)
		fwd_json_set_error(d->report, ret, d->ctx->err.msg);
	if (opts->dry_run)
		return;
	fwd_ctx_init(&quiet);
	/* The history first, so that the journal and the report name it. */
	if (DISK_FULL("history"))
		fwd_error_set(&quiet.err, -FWD_E_REFUSED, "%s", strerror(ENOSPC));
	if (quiet.err.code || fwd_history_append(&quiet, state_dir, d->report) != 0) {
		fwd_log(d->ctx, FWD_LOG_WARN, "the history misses this run: %s", quiet.err.msg);
		json_object_set_new(d->report, "history", json_null());
	} else if (json_object_get(d->report, "bmc") || json_object_get(d->report, "bios")) {
		/* (a report without either adds no entry: history.h) */
		json_object_set_new(d->report, "history",
				    json_sprintf("%s/%s", state_dir, FWD_HISTORY_FILE));
	} else {
		json_object_set_new(d->report, "history", json_null());
	}
	if (d->journaled) {
		json_t *keep = journal_to_keep(d, opts, ret);

		if (keep)
			d->journal.doc = keep;
		if (write_end(d) != 0) {
			char why[FWD_ERROR_MAX];

			/* The run's own error stays the one it reports. */
			snprintf(why, sizeof(why), "%s", d->ctx->err.msg);
			if (ret)
				fwd_ctx_set_error(d->ctx, ret, "%s",
						  fwd_json_str(json_object_get(d->report, "error"),
							       "message"));
			else
				fwd_ctx_clear_error(d->ctx);
			end_not_recorded(d, why);
		}
		d->journal.doc = d->report;
		json_decref(keep);
	}
	fwd_ctx_clear_error(&quiet);
	if (DISK_FULL("record"))
		fwd_error_set(&quiet.err, -FWD_E_REFUSED, "%s", strerror(ENOSPC));
	if (quiet.err.code || fwd_run_record_save(&quiet, state_dir, d->report) != 0)
		fwd_log(d->ctx, FWD_LOG_WARN, "the report is not kept: %s", quiet.err.msg);
}

/* A run id that sorts by time and names the process. */
static void stamp_run(json_t *report, const struct fwd_cli *cli,
		      const struct fwd_update_opts *opts)
{
	char when[FWD_UTC_SIZE], id[64];
	time_t now = time(NULL);

	fwd_utc_compact(now, when);
	snprintf(id, sizeof(id), "%s-%ld", when, (long)getpid());
	json_object_set_new(report, "command", json_string(cli->command));
	json_object_set_new(report, "run_id", json_string(id));
	fwd_utc_iso(now, when);
	json_object_set_new(report, "started", json_string(when));
	json_object_set_new(report, "dry_run", json_boolean(opts->dry_run));
	if (opts->resume)
		json_object_set_new(report, "resumed_from",
				    json_string(fwd_json_str(opts->resume, "run_id") ?
						fwd_json_str(opts->resume, "run_id") : ""));
	json_object_set_new(report, "options", fwd_update_opts_to_json(opts));
	/* So that status and resume can give commands that run as written. */
	{
		struct fwd_buf args = FWD_BUF_INIT;

		if (fwd_target_args(&cli->target, &args) == 0)
			json_object_set_new(report, "target_args", json_string(args.s));
		fwd_buf_release(&args);
	}
	fwd_journal_stamp_holder(report);
}

/* How the run a journal holds ended, for a sentence: "was interrupted". */
static const char *ended_how(const json_t *journal)
{
	const char *state = fwd_journal_state(journal);

	return !strcmp(state, "interrupted") ? "was interrupted" :
	       !strcmp(state, "stopped") ? "was stopped on request" : "failed";
}

/* Does the new run name the same images (and manifest) as the journal's? */
static int same_images(const json_t *last, const struct fwd_update_opts *opts)
{
	json_t *now = fwd_update_opts_to_json(opts);
	const json_t *then = json_object_get(last, "options");
	static const char *const keys[] = { "bmc_image", "bios_image", "manifest", "bmc_url",
					    "bios_url" };
	int same = now != NULL;

	for (size_t i = 0; same && i < sizeof(keys) / sizeof(keys[0]); i++)
		same = json_equal(json_object_get(now, keys[i]), json_object_get(then, keys[i])) ||
		       (json_is_null(json_object_get(now, keys[i])) &&
			!json_object_get(then, keys[i]));
	json_decref(now);
	return same;
}

/*
 * An unfinished run whose BMC may have lost its settings holds the only
 * backup of them (fwd_journal_bmc_unsettled).  A new update must not take
 * another over it.  The same images again carry on from where that run
 * stopped, as 'fwdispatch resume' would (so that a re-run from automation
 * finishes the job); other images are refused, with the way forward named,
 * unless --abandon-unfinished.  A refusal writes nothing: the unfinished
 * journal stays.
 */
static int check_unfinished(struct driver *d, struct fwd_update_opts *opts)
{
	struct fwd_buf resume = FWD_BUF_INIT, status = FWD_BUF_INIT;
	const char *where;
	json_t *last;
	int ret;

	if (opts->resume)
		return 0;
	ret = fwd_journal_load_target(d->ctx, &d->cli->target, &last);
	if (ret || !last)
		return ret;
	if (!fwd_journal_bmc_unsettled(last)) {
		json_decref(last);
		return 0;
	}
	where = fwd_journal_where(last) ? fwd_journal_where(last) : "?";
	if (d->cli->abandon_unfinished) {
		fwd_log(d->ctx, FWD_LOG_WARN, "the last run on %s (%s) %s in step '%s' and is "
			"abandoned (--abandon-unfinished): its backup stays in the backups folder",
			fwd_json_str(last, "target"), fwd_json_str(last, "run_id"), ended_how(last),
			where);
		json_object_set(d->report, "abandoned", json_object_get(last, "run_id"));
		json_decref(last);
		return 0;
	}
	if (same_images(last, opts)) {
		fwd_log(d->ctx, FWD_LOG_INFO, "the last run on %s (%s) with these images %s in step "
			"'%s': carrying on from there, as 'fwdispatch resume' would",
			fwd_json_str(last, "target"), fwd_json_str(last, "run_id"), ended_how(last),
			where);
		d->unfinished = last;
		opts->resume = last;
		json_object_set(d->report, "resumed_from", json_object_get(last, "run_id"));
		return 0;
	}
	if (fwd_journal_command(last, &d->cli->target, "resume", &resume) < 0 ||
	    fwd_journal_command(last, &d->cli->target, "status", &status) < 0)
		ret = fwd_ctx_set_error(d->ctx, -ENOMEM, "out of memory");
	else
		ret = fwd_ctx_set_error(d->ctx, -FWD_E_REFUSED,
			"the last update of %s (run %s) %s in step '%s', after it began to change "
			"the BMC, and is unfinished: its backup holds the BMC's settings as they "
			"were.  Finish it with '%s' (it reads what the BMC runs now and carries on "
			"from there), or run the same update again; '%s' shows where it stands.  "
			"Nothing was sent.  To start over with other images instead, add "
			"--abandon-unfinished", fwd_json_str(last, "target"),
			fwd_json_str(last, "run_id"), ended_how(last), where, resume.s, status.s);
	fwd_buf_release(&resume);
	fwd_buf_release(&status);
	json_decref(last);
	return ret;
}


static int print_result(struct driver *d, const struct fwd_update_opts *opts, int ret)
{
	end_open_lines(d);
	if (fwd_update_report_complete(d->report) != 0 && !ret)
		ret = fwd_ctx_set_error(d->ctx, -ENOMEM, "out of memory");
	if (d->human)
		print_summary(d->report, ret, d->ctx);
	if (d->human && opts->dry_run && !ret)
		print_plan(json_object_get(d->report, "plan"));
	if (d->events)
		print_event(d->report);
	if (ret)
		return fwd_cli_fail(d->cli, d->ctx, d->cli->json && !d->events ?
				    json_incref(d->report) : NULL);
	if (d->cli->json && !d->events)
		fwd_json_print(d->report);
	if (opts->dry_run)
		return FWD_EXIT_OK;
	return json_is_true(json_object_get(d->report, "reboot_required")) ? FWD_EXIT_REBOOT
									 : FWD_EXIT_OK;
}

/* Refused before any step (the lock, an unfinished run): the same document,
 * with nothing in it done. */
static int refused_at_start(struct driver *d, uint64_t start_ms)
{
	struct fwd_cli *cli = d->cli;
	char when[FWD_UTC_SIZE];
	int code;

	json_object_set_new(d->report, "result", json_string("failed"));
	fwd_utc_iso(time(NULL), when);
	json_object_set_new(d->report, "finished", json_string(when));
	json_object_set_new(d->report, "duration_ms",
			    json_integer((json_int_t)(fwd_now_ms(d->ctx) - start_ms)));
	json_object_set_new(d->report, "changed", json_false());
	json_object_set_new(d->report, "reboot_required", json_false());
	json_object_set_new(d->report, "steps", json_array());
	json_object_set_new(d->report, "preflight", json_array());
	fwd_update_report_complete(d->report);
	code = fwd_cli_fail(cli, d->ctx, cli->json && !cli->events ? d->report : NULL);
	if (cli->json && !cli->events)
		d->report = NULL;
	json_decref(d->report);
	fwd_lock_release(d->ctx, &d->lock);
	json_decref(d->unfinished);
	free(d);
	return code;
}

int fwd_update_drive(struct fwd_cli *cli, struct fwd_ctx *ctx, struct fwd_update_opts *opts)
{
	struct driver *d = calloc(1, sizeof(*d));
	uint64_t start = fwd_now_ms(ctx);
	json_t *plan = NULL;
	int ret, code;

	if (!d)
		return fwd_cli_fail(cli, ctx, NULL);
	d->cli = cli;
	d->ctx = ctx;
	d->lock.fd = -1;
	d->human = !cli->json && !cli->events;
	d->events = cli->events;
	d->last_percent = -1;
	d->tty = d->human && isatty(STDOUT_FILENO);
	d->colour = d->human && fwd_colour_wanted(STDOUT_FILENO);
	d->syslog = !opts->dry_run && fwd_syslog_wanted(0);
#ifdef FWD_TEST_HOOKS
	d->kill_after = getenv("FWDISPATCH_TEST_KILL_AFTER");
#endif
	d->report = fwd_json_doc_new();
	stamp_run(d->report, cli, opts);
	/* One run per target; a refused second run must not touch the first's journal. */
	if ((!opts->dry_run && fwd_lock_take(ctx, &cli->target, cli->command, &d->lock) != 0) ||
	    check_unfinished(d, opts) != 0)
		return refused_at_start(d, start);
	fwd_steps_init(&d->steps);
	json_object_set(d->report, "steps", d->steps.list);
	d->steps.on_change = on_step;
	d->steps.on_check = on_check;
	json_object_set(d->report, "preflight", d->steps.checks);
	d->steps.payload = d;
	ctx->steps = &d->steps;
	ctx->on_progress = on_progress;
	ctx->progress_payload = d;
	ctx->on_log = on_log;
	ctx->log_payload = d;
	opts->target = &cli->target;
	fwd_update_opts_defaults(opts);
	opts->after_preflight = after_preflight;
	opts->payload = d;

	if (opts->dry_run) {
		plan = json_array();
		json_object_set(d->report, "plan", plan);
		ctx->plan = plan;
		ret = 0;
	} else {
		/* No journal, no run: an interrupted run must be able to tell. */
		ret = fwd_journal_open(ctx, &cli->target, d->report, &d->journal);
		if (!ret)
			ret = fwd_journal_write(ctx, &d->journal);
		d->journaled = !ret;
		if (!ret) {
			struct fwd_buf resume = FWD_BUF_INIT;

			fwd_signals_install(d->journal.log_path.s);
			if (fwd_journal_command(d->report, &cli->target, "resume", &resume) == 0)
				fwd_signals_set_resume_command(resume.s);
			fwd_buf_release(&resume);
			log_run(d, FWD_LOG_INFO, "begins");
		}
	}
	if (!ret)
		ret = fwd_update_run(ctx, opts, d->report);

	if (ret == FWD_UPDATE_DETACHED) {
		code = FWD_EXIT_OK;
		fwd_lock_forget(ctx, &d->lock);
	} else {
		fwd_signals_restore();
		finish(d, opts, ret, start);
		ctx->steps = NULL;
		ctx->plan = NULL;
		ctx->on_progress = NULL;
		code = print_result(d, opts, ret);
		log_run(d, ret ? FWD_LOG_ERROR : FWD_LOG_INFO, "ends");
		fwd_lock_release(ctx, &d->lock);
	}
	ctx->on_progress = NULL;
	ctx->on_log = NULL;
	json_decref(plan);
	json_decref(d->report);
	fwd_steps_release(&d->steps);
	fwd_journal_release(&d->journal);
	json_decref(d->unfinished);
	free(d);
	return code;
}
