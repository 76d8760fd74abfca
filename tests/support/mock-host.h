/*
 * mock-host.h: a struct fwd_host_api for testing plugins without the core
 * (collectd's plugin_mock.c idea).
 *
 * A test fills a struct fwd_mock with what the world should answer,
 * hands fwd_mock_api(m) to the plugin's fwd_plugin_entry and
 * fwd_mock_ctx(m) to its entry points, then reads back what the plugin
 * did: the tools it ran (argv exactly as given, the password sentinel
 * included), the steps it recorded, its logs, progress and the error it
 * set.  JSON values are jansson's (a struct fwd_json * is a json_t *, as
 * in the real host), so a test inspects results with jansson directly.
 *
 *   struct fwd_mock m;
 *   fwd_mock_init(&m);
 *   fwd_mock_out_of_band(&m, "10.0.0.5", "ADMIN");
 *   fwd_mock_reply(&m, "sum", 82, "...ERROR block...", "");
 *   fwd_mock_bmc(&m, 0, "1.71");                // answers, in order
 *   vt = entry(fwd_mock_api(&m));
 *   ret = vt->stage_bios(fwd_mock_ctx(&m), &id, &req, result);
 *   assert_string_equal(fwd_mock_call_line(&m, 0), "sum -i 10.0.0.5 ...");
 *   fwd_mock_release(&m);
 *
 * What the mock does like the real host:
 *  - run_tool: refuses FWD_ARG_PASSWORD when the target has no password
 *    (-FWD_E_REFUSED, nothing recorded as run); otherwise records the
 *    call and answers with the next scripted reply, feeding its output to
 *    on_line line by line ("\r" and "\b" also end a line with
 *    FWD_TOOL_PROGRESS).  A reply with ret != 0 sets the error like the
 *    host does (-FWD_E_TOOL_MISSING, -FWD_E_TIMEOUT).  A call with no
 *    reply left, or whose tool differs from the reply's, answers
 *    -FWD_E_TOOL_MISSING and counts in m->unscripted: tests assert it is 0.
 *  - bmc_info: one scripted list of BMC answers, each question taking
 *    the next (the last one repeats when the list runs out).  With no
 *    answers scripted the BMC is gone.
 *  - plan: records the command in plans (not in calls: nothing ran) and
 *    the step as skipped, "dry run: would run LINE", as the host does;
 *    find_tool and plan answer -FWD_E_TOOL_MISSING for missing_tool.
 *  - now_ms / sleep_ms: a clock of the mock's own (clock_ms), which a
 *    sleep moves on at once: a plugin that polls for minutes takes no
 *    time in a test.
 *  - set_error keeps the last code and message, and counts the calls.
 *  - check (a preflight check's verdict) is recorded in checks.
 *
 * Ownership: struct fwd_mock is the test's (usually on its stack); every
 * string the mock records or keeps is its own copy, released by
 * fwd_mock_release().  Scripted strings are copied when given.  Results
 * returned by run_tool are malloc'd and released by the plugin through
 * tool_result_release, as with the real host.
 *
 * Not thread-safe (plugins are called from one thread).  Not for the
 * core's own tests: they use the real host (host-api.c).
 */
#ifndef FWD_TEST_MOCK_HOST_H
#define FWD_TEST_MOCK_HOST_H

#include <fwdispatch/fwd_plugin.h>
#include <stddef.h>
#include <stdint.h>

/* One scripted answer of run_tool. */
struct fwd_mock_reply {
	char *tool;          /* the tool it answers ("sum"), or NULL for any */
	int ret;             /* run_tool's return: 0, -FWD_E_TOOL_MISSING, -FWD_E_TIMEOUT... */
	int exit_code;       /* 0-255, or -1 (killed) */
	int signal;
	char *out, *err;     /* what the tool printed */
	char *message;       /* the error the host sets when ret != 0 */
};

/* One call of run_tool, as the plugin made it. */
struct fwd_mock_call {
	char *tool;
	char **args;         /* NULL-terminated copies; FWD_ARG_PASSWORD kept as is */
	size_t nargs;
	unsigned flags;      /* FWD_TOOL_* */
	unsigned timeout_ms;
	int had_on_line;     /* the plugin passed an on_line callback */
	char *line;          /* "tool arg arg ...", the password sentinel as "****" */
};

/* One answer of the BMC: ret 0 with firmware, or -FWD_E_BMC_GONE. */
struct fwd_mock_bmc_answer {
	int ret;
	char firmware[16];
	uint32_t manufacturer_id, product_id;
};

struct fwd_mock_step {
	enum fwd_step step;
	char *name;          /* the host's name for it, or "step-0xNNN" */
	enum fwd_step_state state;
	char *detail;
};

/* One verdict of host->check (since 2.4). */
struct fwd_mock_check {
	char *name;
	enum fwd_check_verdict verdict;
	char *detail;
};

struct fwd_mock_log {
	enum fwd_log_level level;
	char *text;
};

struct fwd_mock {
	/* Handed to the plugin; api comes first so the host table's address
	 * is the mock's. */
	struct fwd_host_api api;
	struct fwd_target target;     /* what host->target() answers; in-band by default */
	char *target_host, *target_user; /* owned copies behind target.host/.user */

	/* run_tool */
	struct fwd_mock_reply *replies;
	size_t n_replies, next_reply;
	struct fwd_mock_call *calls;
	size_t n_calls;
	size_t unscripted;            /* calls that found no fitting reply */

	/* bmc_info */
	struct fwd_mock_bmc_answer *bmc;
	size_t n_bmc, next_bmc;
	size_t n_bmc_info;            /* how often it was asked */

	/* plan, find_tool, the clock */
	struct fwd_mock_call *plans;  /* what host->plan was given, in order */
	size_t n_plans;
	const char *missing_tool;     /* a tool find_tool and plan say is missing; borrowed */
	size_t n_find_tool;
	uint64_t clock_ms;            /* now_ms; sleep_ms adds to it */
	size_t n_sleeps;

	/* records */
	struct fwd_mock_step *steps;
	size_t n_steps;
	struct fwd_mock_log *logs;
	size_t n_logs;
	struct fwd_mock_check *checks; /* host->check, in order */
	size_t n_checks;
	size_t n_progress;
	enum fwd_step last_progress_step;
	uint64_t last_progress_done, last_progress_total;

	/* the error slot */
	int error_code;
	char error[4096];
	size_t n_errors;
};

void fwd_mock_init(struct fwd_mock *m);
void fwd_mock_release(struct fwd_mock *m);

/* The table and context to hand to a plugin. */
const struct fwd_host_api *fwd_mock_api(struct fwd_mock *m);
struct fwd_ctx *fwd_mock_ctx(struct fwd_mock *m);

/* Out-of-band target (port 623, cipher default, a password known);
 * fwd_mock_no_password() then takes the password away. */
void fwd_mock_out_of_band(struct fwd_mock *m, const char *host, const char *user);
void fwd_mock_no_password(struct fwd_mock *m);

/* Scripts the next run_tool answer: the tool ran and exited. */
void fwd_mock_reply(struct fwd_mock *m, const char *tool, int exit_code, const char *out,
		    const char *err);
/* Scripts a run_tool failure (ret < 0) with the host's error message. */
void fwd_mock_reply_fail(struct fwd_mock *m, const char *tool, int ret, const char *message);
/* Scripts a tool killed by a signal. */
void fwd_mock_reply_signal(struct fwd_mock *m, const char *tool, int signal);

/* Appends a BMC answer: ret 0 and firmware ("1.72"), or -FWD_E_BMC_GONE
 * (firmware ignored). */
void fwd_mock_bmc(struct fwd_mock *m, int ret, const char *firmware);

/* Reading back.  Indexes out of range abort the test program. */
const struct fwd_mock_call *fwd_mock_call(const struct fwd_mock *m, size_t i);
const char *fwd_mock_call_line(const struct fwd_mock *m, size_t i);
/* The command line of plan i ("sum -c UpdateBmc ..."). */
const char *fwd_mock_plan_line(const struct fwd_mock *m, size_t i);
/* Does call i have arg among its arguments? */
int fwd_mock_call_has(const struct fwd_mock *m, size_t i, const char *arg);

/* The last state recorded for step name, or -1 when never recorded; its
 * detail in *detail when not NULL (borrowed). */
int fwd_mock_step_state(const struct fwd_mock *m, const char *name, const char **detail);

/* The last verdict recorded for check name, or -1 when never recorded;
 * its detail in *detail when not NULL (borrowed). */
int fwd_mock_check_verdict(const struct fwd_mock *m, const char *name, const char **detail);

/* The first log line of this level or a more severe one (FWD_LOG_WARN
 * finds warnings and errors) containing text, or NULL.  Borrowed. */
const char *fwd_mock_log_find(const struct fwd_mock *m, enum fwd_log_level level,
			      const char *text);

#endif
