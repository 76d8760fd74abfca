/*
 * mock-host.c: see mock-host.h.
 */
#include "mock-host.h"

#include "update/steps.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define J(v) ((json_t *)(v))
#define CJ(v) ((const json_t *)(v))
#define FJ(v) ((struct fwd_json *)(v))

static void die(const char *what)
{
	fprintf(stderr, "mock-host: %s\n", what);
	abort();
}

static char *dup_or_null(const char *s)
{
	char *d;

	if (!s)
		return NULL;
	if (!(d = strdup(s)))
		die("out of memory");
	return d;
}

static char *vformat(const char *fmt, va_list ap)
{
	char *s;

	if (vasprintf(&s, fmt ? fmt : "", ap) < 0)
		die("out of memory");
	return s;
}

/* Grows *arr (of elem-size items, *n used) by one; returns the new item, zeroed. */
static void *grow(void *arr_ptr, size_t *n, size_t elem)
{
	void **arr = arr_ptr;
	char *p = realloc(*arr, (*n + 1) * elem);

	if (!p)
		die("out of memory");
	*arr = p;
	memset(p + *n * elem, 0, elem);
	return p + (*n)++ * elem;
}

/* The mock behind a ctx: fwd_mock_ctx() hands out the mock's own address. */
static struct fwd_mock *M(struct fwd_ctx *ctx)
{
	return (struct fwd_mock *)(void *)ctx;
}

/* ---- log, errors, steps, progress, target ---- */

static void mock_log(struct fwd_ctx *ctx, enum fwd_log_level level, const char *fmt, ...)
{
	struct fwd_mock *m = M(ctx);
	struct fwd_mock_log *l = grow(&m->logs, &m->n_logs, sizeof(*l));
	va_list ap;

	va_start(ap, fmt);
	l->level = level;
	l->text = vformat(fmt, ap);
	va_end(ap);
	if (getenv("FWD_MOCK_VERBOSE"))
		fprintf(stderr, "mock log %d: %s\n", (int)level, l->text);
}

static int mock_set_error(struct fwd_ctx *ctx, int code, const char *fmt, ...)
{
	struct fwd_mock *m = M(ctx);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(m->error, sizeof(m->error), fmt, ap);
	va_end(ap);
	m->error_code = code;
	m->n_errors++;
	if (getenv("FWD_MOCK_VERBOSE"))
		fprintf(stderr, "mock error %d: %s\n", code, m->error);
	return code;
}

static void mock_progress(struct fwd_ctx *ctx, enum fwd_step step, uint64_t done,
			  uint64_t total)
{
	struct fwd_mock *m = M(ctx);

	m->last_progress_step = step;
	m->n_progress++;
	m->last_progress_done = done;
	m->last_progress_total = total;
}

/* The step's name as the host spells it, or "step-0xNNN" for one it does not know. */
static char *step_name(enum fwd_step step)
{
	char buf[32];

	if (fwd_step_name(step))
		return dup_or_null(fwd_step_name(step));
	snprintf(buf, sizeof(buf), "step-0x%03x", (unsigned)step);
	return dup_or_null(buf);
}

static void mock_check(struct fwd_ctx *ctx, const char *name, enum fwd_check_verdict verdict,
		       const char *fmt, ...)
{
	struct fwd_mock *m = M(ctx);
	struct fwd_mock_check *c = grow(&m->checks, &m->n_checks, sizeof(*c));
	va_list ap;

	va_start(ap, fmt);
	c->name = strdup(name);
	c->verdict = verdict;
	c->detail = vformat(fmt, ap);
	va_end(ap);
	if (getenv("FWD_MOCK_VERBOSE"))
		fprintf(stderr, "mock check %s %d: %s\n", name, (int)verdict, c->detail);
}

static void mock_step(struct fwd_ctx *ctx, enum fwd_step step, enum fwd_step_state state,
		      const char *fmt, ...)
{
	struct fwd_mock *m = M(ctx);
	struct fwd_mock_step *s = grow(&m->steps, &m->n_steps, sizeof(*s));
	const char *name;
	va_list ap;

	va_start(ap, fmt);
	s->name = step_name(step);
	s->step = step;
	name = s->name;
	s->state = state;
	s->detail = vformat(fmt, ap);
	va_end(ap);
	if (getenv("FWD_MOCK_VERBOSE"))
		fprintf(stderr, "mock step %s %d: %s\n", name, (int)state, s->detail);
}

static const struct fwd_target *mock_target(struct fwd_ctx *ctx)
{
	return &M(ctx)->target;
}

/* ---- run_tool ---- */

static char *join_line(const char *tool, char *const *args)
{
	size_t len = strlen(tool) + 1;
	char *line, *w;

	for (size_t i = 0; args[i]; i++)
		len += strlen(args[i]) + 6;
	if (!(line = malloc(len)))
		die("out of memory");
	w = line + sprintf(line, "%s", tool);
	for (size_t i = 0; args[i]; i++)
		w += sprintf(w, " %s", strcmp(args[i], FWD_ARG_PASSWORD) == 0 ? "****" : args[i]);
	return line;
}

/* Feeds text to on_line, one line (or progress piece) at a time. */
static void feed(const struct fwd_tool_cmd *cmd, int stream, const char *text)
{
	const char *breaks = (cmd->flags & FWD_TOOL_PROGRESS) ? "\n\r\b" : "\n";
	const char *p = text;

	if (!cmd->on_line || !text)
		return;
	while (*p) {
		size_t len = strcspn(p, breaks);
		char *line = strndup(p, len);

		if (!line)
			die("out of memory");
		if (len || p[len] == '\n')
			cmd->on_line(cmd->payload, stream, line);
		free(line);
		p += len;
		if (*p)
			p++;
	}
}

static int mock_run_tool(struct fwd_ctx *ctx, const struct fwd_tool_cmd *cmd,
			 struct fwd_tool_result *out)
{
	struct fwd_mock *m = M(ctx);
	struct fwd_mock_call *c;
	const struct fwd_mock_reply *r = NULL;
	size_t n = 0;

	if (out) {
		memset(out, 0, sizeof(*out));
		out->size = sizeof(*out);
		out->exit_code = -1;
	}
	if (!cmd || !cmd->tool || !cmd->args || !out)
		return mock_set_error(ctx, -FWD_E_INTERNAL, "run_tool called without a tool or "
				      "arguments");
	while (cmd->args[n])
		n++;
	/* Like the host: no password, no tool that needs one on its argv. */
	for (size_t i = 0; i < n; i++)
		if (strcmp(cmd->args[i], FWD_ARG_PASSWORD) == 0 && !m->target.has_password)
			return mock_set_error(ctx, -FWD_E_REFUSED, "'%s' needs the BMC password "
					      "and none was given", cmd->tool);

	c = grow(&m->calls, &m->n_calls, sizeof(*c));
	c->tool = dup_or_null(cmd->tool);
	if (!(c->args = calloc(n + 1, sizeof(*c->args))))
		die("out of memory");
	for (size_t i = 0; i < n; i++)
		c->args[i] = dup_or_null(cmd->args[i]);
	c->nargs = n;
	c->flags = cmd->flags;
	c->timeout_ms = cmd->timeout_ms;
	c->had_on_line = cmd->on_line != NULL;
	c->line = join_line(cmd->tool, c->args);
	if (getenv("FWD_MOCK_VERBOSE"))
		fprintf(stderr, "mock run: %s\n", c->line);

	if (m->next_reply < m->n_replies)
		r = &m->replies[m->next_reply];
	if (!r || (r->tool && strcmp(r->tool, cmd->tool) != 0)) {
		m->unscripted++;
		return mock_set_error(ctx, -FWD_E_TOOL_MISSING, "mock: no scripted answer for "
				      "'%s'", c->line);
	}
	m->next_reply++;
	out->exit_code = r->exit_code;
	out->signal = r->signal;
	out->timed_out = r->ret == -FWD_E_TIMEOUT;
	out->out = dup_or_null(r->out ? r->out : "");
	out->err = dup_or_null(r->err ? r->err : "");
	out->out_len = strlen(out->out);
	out->err_len = strlen(out->err);
	feed(cmd, 1, out->out);
	feed(cmd, 2, out->err);
	if (r->ret)
		return mock_set_error(ctx, r->ret, "%s", r->message ? r->message : "mock failure");
	return 0;
}

static void mock_tool_result_release(struct fwd_tool_result *res)
{
	if (!res)
		return;
	free(res->out);
	free(res->err);
	res->out = res->err = NULL;
	res->out_len = res->err_len = 0;
}

/* ---- the BMC ---- */

static const struct fwd_mock_bmc_answer gone = { .ret = -FWD_E_BMC_GONE };

static const struct fwd_mock_bmc_answer *next_answer(struct fwd_mock *m)
{
	if (!m->n_bmc)
		return &gone;
	if (m->next_bmc < m->n_bmc)
		return &m->bmc[m->next_bmc++];
	return &m->bmc[m->n_bmc - 1];
}

static void fill_info(const struct fwd_mock_bmc_answer *a, struct fwd_bmc_info *out)
{
	size_t size = out->size;

	memset(out, 0, sizeof(*out));
	out->size = size;
	out->manufacturer_id = a->manufacturer_id;
	out->product_id = a->product_id;
	snprintf(out->firmware, sizeof(out->firmware), "%s", a->firmware);
}

static int mock_bmc_info(struct fwd_ctx *ctx, struct fwd_bmc_info *out)
{
	struct fwd_mock *m = M(ctx);
	const struct fwd_mock_bmc_answer *a = next_answer(m);

	m->n_bmc_info++;
	if (a->ret)
		return mock_set_error(ctx, a->ret, "mock: the BMC does not answer");
	fill_info(a, out);
	return 0;
}

/* ---- plan, tools, clock ---- */

static int mock_plan(struct fwd_ctx *ctx, enum fwd_step step, const struct fwd_tool_cmd *cmd,
		     const char *what)
{
	struct fwd_mock *m = M(ctx);
	struct fwd_mock_call *c = grow(&m->plans, &m->n_plans, sizeof(*c));
	size_t n = 0;
	char *detail;

	(void)what;
	while (cmd->args[n])
		n++;
	c->tool = dup_or_null(cmd->tool);
	if (!(c->args = calloc(n + 1, sizeof(*c->args))))
		die("out of memory");
	for (size_t i = 0; i < n; i++)
		c->args[i] = dup_or_null(cmd->args[i]);
	c->nargs = n;
	c->flags = cmd->flags;
	c->line = join_line(cmd->tool, c->args);
	if (m->missing_tool && !strcmp(m->missing_tool, cmd->tool))
		return mock_set_error(ctx, -FWD_E_TOOL_MISSING, "mock: '%s' is not installed",
				      cmd->tool);
	/* Like the host: the step's line says what would run. */
	if (asprintf(&detail, "dry run: would run %s", c->line) < 0)
		die("out of memory");
	mock_step(ctx, step, FWD_STEP_SKIPPED, "%s", detail);
	free(detail);
	return 0;
}

static int mock_find_tool(struct fwd_ctx *ctx, const char *tool)
{
	struct fwd_mock *m = M(ctx);

	m->n_find_tool++;
	if (m->missing_tool && !strcmp(m->missing_tool, tool))
		return mock_set_error(ctx, -FWD_E_TOOL_MISSING, "mock: '%s' is not installed",
				      tool);
	return 0;
}

static uint64_t mock_now_ms(struct fwd_ctx *ctx)
{
	return M(ctx)->clock_ms;
}

static void mock_sleep_ms(struct fwd_ctx *ctx, uint64_t ms)
{
	struct fwd_mock *m = M(ctx);

	m->clock_ms += ms;
	m->n_sleeps++;
}

/* ---- JSON: jansson, as the host does ---- */

static void *mock_alloc(size_t n) { return malloc(n ? n : 1); }
static struct fwd_json *mock_json_object(void) { return FJ(json_object()); }
static struct fwd_json *mock_json_array(void) { return FJ(json_array()); }
static struct fwd_json *mock_json_null(void) { return FJ(json_null()); }
static struct fwd_json *mock_json_boolean(int v) { return FJ(json_boolean(v)); }
static struct fwd_json *mock_json_integer(long long v) { return FJ(json_integer(v)); }

static struct fwd_json *mock_json_string(const char *s)
{
	json_t *j = s ? json_string(s) : json_null();

	return FJ(j ? j : json_string_nocheck("(not valid UTF-8)"));
}

static int mock_json_object_set_new(struct fwd_json *obj, const char *key,
				    struct fwd_json *value)
{
	if (!obj || !key) {
		json_decref(J(value));
		return -1;
	}
	return json_object_set_new(J(obj), key, value ? J(value) : json_null());
}

static int mock_json_array_append_new(struct fwd_json *arr, struct fwd_json *value)
{
	if (!arr) {
		json_decref(J(value));
		return -1;
	}
	return json_array_append_new(J(arr), value ? J(value) : json_null());
}

static void mock_json_release(struct fwd_json *v) { json_decref(J(v)); }

static struct fwd_json *mock_json_object_get(const struct fwd_json *obj, const char *key)
{
	return obj && key ? FJ(json_object_get(CJ(obj), key)) : NULL;
}

static const char *mock_json_string_value(const struct fwd_json *v)
{
	return v ? json_string_value(CJ(v)) : NULL;
}

static size_t mock_json_array_size(const struct fwd_json *arr)
{
	return arr ? json_array_size(CJ(arr)) : 0;
}

static struct fwd_json *mock_json_array_get(const struct fwd_json *arr, size_t i)
{
	return arr ? FJ(json_array_get(CJ(arr), i)) : NULL;
}

static long long mock_json_integer_value(const struct fwd_json *v)
{
	return v ? (long long)json_integer_value(CJ(v)) : 0;
}

/* ---- set-up and reading back ---- */

void fwd_mock_init(struct fwd_mock *m)
{
	memset(m, 0, sizeof(*m));
	m->api = (struct fwd_host_api){
		.abi_major = FWD_ABI_MAJOR,
		.abi_minor = FWD_ABI_MINOR,
		.size = sizeof(struct fwd_host_api),
		.host_version = "mock",
		.log = mock_log,
		.set_error = mock_set_error,
		.progress = mock_progress,
		.target = mock_target,
		.run_tool = mock_run_tool,
		.tool_result_release = mock_tool_result_release,
		.alloc = mock_alloc,
		.free = free,
		.json_object = mock_json_object,
		.json_array = mock_json_array,
		.json_string = mock_json_string,
		.json_integer = mock_json_integer,
		.json_boolean = mock_json_boolean,
		.json_null = mock_json_null,
		.json_object_set_new = mock_json_object_set_new,
		.json_array_append_new = mock_json_array_append_new,
		.json_release = mock_json_release,
		.json_object_get = mock_json_object_get,
		.json_string_value = mock_json_string_value,
		.json_array_size = mock_json_array_size,
		.json_array_get = mock_json_array_get,
		.json_integer_value = mock_json_integer_value,
		.step = mock_step,
		.bmc_info = mock_bmc_info,
		.plan = mock_plan,
		.find_tool = mock_find_tool,
		.now_ms = mock_now_ms,
		.sleep_ms = mock_sleep_ms,
		.check = mock_check,
	};
	m->target.size = sizeof(m->target);
	m->target.port = 623;
	m->target.cipher = -1;
}

static void release_calls(struct fwd_mock_call *calls, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < calls[i].nargs; k++)
			free(calls[i].args[k]);
		free(calls[i].args);
		free(calls[i].tool);
		free(calls[i].line);
	}
}

void fwd_mock_release(struct fwd_mock *m)
{
	for (size_t i = 0; i < m->n_replies; i++) {
		free(m->replies[i].tool);
		free(m->replies[i].out);
		free(m->replies[i].err);
		free(m->replies[i].message);
	}
	release_calls(m->calls, m->n_calls);
	release_calls(m->plans, m->n_plans);
	for (size_t i = 0; i < m->n_steps; i++) {
		free(m->steps[i].name);
		free(m->steps[i].detail);
	}
	for (size_t i = 0; i < m->n_logs; i++)
		free(m->logs[i].text);
	for (size_t i = 0; i < m->n_checks; i++) {
		free(m->checks[i].name);
		free(m->checks[i].detail);
	}
	free(m->checks);
	free(m->replies);
	free(m->calls);
	free(m->plans);
	free(m->steps);
	free(m->logs);
	free(m->bmc);
	free(m->target_host);
	free(m->target_user);
	memset(m, 0, sizeof(*m));
}

const struct fwd_host_api *fwd_mock_api(struct fwd_mock *m)
{
	return &m->api;
}

struct fwd_ctx *fwd_mock_ctx(struct fwd_mock *m)
{
	return (struct fwd_ctx *)(void *)m;
}

void fwd_mock_out_of_band(struct fwd_mock *m, const char *host, const char *user)
{
	free(m->target_host);
	free(m->target_user);
	m->target_host = dup_or_null(host);
	m->target_user = dup_or_null(user);
	m->target.out_of_band = 1;
	m->target.host = m->target_host;
	m->target.user = m->target_user;
	m->target.has_password = 1;
}

void fwd_mock_no_password(struct fwd_mock *m)
{
	m->target.has_password = 0;
}

static struct fwd_mock_reply *add_reply(struct fwd_mock *m, const char *tool)
{
	struct fwd_mock_reply *r = grow(&m->replies, &m->n_replies, sizeof(*r));

	r->tool = dup_or_null(tool);
	return r;
}

void fwd_mock_reply(struct fwd_mock *m, const char *tool, int exit_code, const char *out,
		    const char *err)
{
	struct fwd_mock_reply *r = add_reply(m, tool);

	r->exit_code = exit_code;
	r->out = dup_or_null(out);
	r->err = dup_or_null(err);
}

void fwd_mock_reply_fail(struct fwd_mock *m, const char *tool, int ret, const char *message)
{
	struct fwd_mock_reply *r = add_reply(m, tool);

	r->ret = ret;
	r->exit_code = -1;
	r->message = dup_or_null(message);
}

void fwd_mock_reply_signal(struct fwd_mock *m, const char *tool, int signal)
{
	struct fwd_mock_reply *r = add_reply(m, tool);

	r->exit_code = -1;
	r->signal = signal;
}

void fwd_mock_bmc(struct fwd_mock *m, int ret, const char *firmware)
{
	struct fwd_mock_bmc_answer *a = grow(&m->bmc, &m->n_bmc, sizeof(*a));

	a->ret = ret;
	a->manufacturer_id = 10876;
	snprintf(a->firmware, sizeof(a->firmware), "%s", firmware ? firmware : "");
}

const struct fwd_mock_call *fwd_mock_call(const struct fwd_mock *m, size_t i)
{
	if (i >= m->n_calls) {
		fprintf(stderr, "mock-host: call %zu asked for, %zu made\n", i, m->n_calls);
		abort();
	}
	return &m->calls[i];
}

const char *fwd_mock_plan_line(const struct fwd_mock *m, size_t i)
{
	if (i >= m->n_plans)
		die("plan index out of range");
	return m->plans[i].line;
}

const char *fwd_mock_call_line(const struct fwd_mock *m, size_t i)
{
	return fwd_mock_call(m, i)->line;
}

int fwd_mock_call_has(const struct fwd_mock *m, size_t i, const char *arg)
{
	const struct fwd_mock_call *c = fwd_mock_call(m, i);

	for (size_t k = 0; k < c->nargs; k++)
		if (strcmp(c->args[k], arg) == 0)
			return 1;
	return 0;
}

int fwd_mock_step_state(const struct fwd_mock *m, const char *name, const char **detail)
{
	for (size_t i = m->n_steps; i-- > 0;) {
		if (strcmp(m->steps[i].name, name) == 0) {
			if (detail)
				*detail = m->steps[i].detail;
			return (int)m->steps[i].state;
		}
	}
	return -1;
}

const char *fwd_mock_log_find(const struct fwd_mock *m, enum fwd_log_level level,
			      const char *text)
{
	for (size_t i = 0; i < m->n_logs; i++)
		if (m->logs[i].level <= level && strstr(m->logs[i].text, text))
			return m->logs[i].text;
	return NULL;
}

int fwd_mock_check_verdict(const struct fwd_mock *m, const char *name, const char **detail)
{
	for (size_t i = m->n_checks; i-- > 0;) {
		if (strcmp(m->checks[i].name, name) == 0) {
			if (detail)
				*detail = m->checks[i].detail;
			return (int)m->checks[i].verdict;
		}
	}
	return -1;
}
