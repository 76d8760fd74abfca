/*
 * host-api.c: the services table handed to plugins.
 *
 * Thin adapters over the core: errors and logs go to the ctx, tools to
 * tool.c, JSON to jansson (a struct fwd_json * is a json_t *; plugins
 * never see jansson, so they need not link it nor match its version).
 * This is the boundary: a sized struct a plugin hands in is copied into
 * the host's layout here, and one it gets back is written no further
 * than its size (sized.h), so that nothing behind it ever sees a
 * plugin's struct of another minor.
 */
#include "plugin-host/host-api.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>

#include "ipmi/bmc.h"
#include "ipmi/request-size.h"
#include "plugin-host/host-redfish.h"
#include "plugin-host/sized.h"
#include "tool/tool.h"
#include "update/plan.h"
#include "update/steps.h"
#include "util/clock.h"
#include "util/ctx.h"

#define J(v) ((json_t *)(v))
#define CJ(v) ((const json_t *)(v))
#define FJ(v) ((struct fwd_json *)(v))

static void host_log(struct fwd_ctx *ctx, enum fwd_log_level level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fwd_logv(ctx, level, fmt, ap);
	va_end(ap);
}

static int host_set_error(struct fwd_ctx *ctx, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fwd_ctx_set_errorv(ctx, code, fmt, ap);
	va_end(ap);
	return code;
}

static void host_progress(struct fwd_ctx *ctx, enum fwd_step step, uint64_t done,
			  uint64_t total)
{
	if (ctx->on_progress)
		ctx->on_progress(ctx->progress_payload, step, done, total);
}

/* May the plugin being called record step?  The core owns all others. */
static int step_allowed(struct fwd_ctx *ctx, enum fwd_step step, const char *service)
{
	for (const enum fwd_step *s = ctx->plugin_steps; s && *s; s++)
		if (*s == step)
			return 1;
	if (!ctx->plugin_steps)
		return 1; /* the core itself */
	fwd_log(ctx, FWD_LOG_WARN, "plugin asked for %s of step %s (0x%03x), which is not its "
		"entry point's own: ignored", service,
		fwd_step_name(step) ? fwd_step_name(step) : "unknown", (unsigned)step);
	return 0;
}

static void host_step(struct fwd_ctx *ctx, enum fwd_step step, enum fwd_step_state state,
		      const char *fmt, ...)
{
	char detail[1024] = "";
	va_list ap;

	if (!step_allowed(ctx, step, "a record"))
		return;
	if (fmt) {
		va_start(ap, fmt);
		vsnprintf(detail, sizeof(detail), fmt, ap);
		va_end(ap);
	}
	if (ctx->steps)
		fwd_steps_record(ctx->steps, step, state, detail);
}

static void host_check(struct fwd_ctx *ctx, const char *name, enum fwd_check_verdict verdict,
		       const char *fmt, ...)
{
	char detail[1024] = "";
	va_list ap;

	if (fmt) {
		va_start(ap, fmt);
		vsnprintf(detail, sizeof(detail), fmt, ap);
		va_end(ap);
	}
	/* A plugin says pass, warn, refuse or skip; "overridden" is the host's. */
	if (!name || !*name || verdict == FWD_CHECK_OVERRIDDEN ||
	    !fwd_check_verdict_name(verdict)) {
		fwd_log(ctx, FWD_LOG_WARN, "plugin recorded a check with no name or an unknown "
			"verdict (%d): ignored", (int)verdict);
		return;
	}
	if (ctx->steps)
		fwd_steps_check(ctx->steps, name, verdict, detail);
	else
		fwd_log(ctx, FWD_LOG_INFO, "check %s: %s: %s", name,
			fwd_check_verdict_name(verdict), detail);
}

/* A sized struct too small for this major is a plugin bug: say which. */
static int too_small(struct fwd_ctx *ctx, const char *what, const void *theirs, size_t min)
{
	return fwd_ctx_set_error(ctx, -FWD_E_INTERNAL,
				 "plugin '%s' passed a %zu-byte struct %s; plugin ABI %d.0 needs "
				 "at least %zu bytes", ctx->plugin_name ? ctx->plugin_name : "?",
				 fwd_sized_size(theirs), what, FWD_ABI_MAJOR, min);
}

static int host_run_tool(struct fwd_ctx *ctx, const struct fwd_tool_cmd *cmd,
			 struct fwd_tool_result *out)
{
	struct fwd_tool_cmd c;
	struct fwd_tool_result r = FWD_TOOL_RESULT_INIT;
	int ret;

	if (!FWD_SIZED_VALID(out, FWD_TOOL_RESULT_SIZE_2_0))
		return too_small(ctx, "fwd_tool_result", out, FWD_TOOL_RESULT_SIZE_2_0);
	if (fwd_sized_read(&c, sizeof(c), cmd, FWD_TOOL_CMD_SIZE_2_0) != 0) {
		fwd_sized_write(out, &r, sizeof(r));
		return too_small(ctx, "fwd_tool_cmd", cmd, FWD_TOOL_CMD_SIZE_2_0);
	}
	/* Asked here, once a run, so that a dry run's plan asks nothing. */
	if ((c.flags & (FWD_TOOL_LARGE_REQUESTS | FWD_TOOL_TARGET)) ==
	    (FWD_TOOL_LARGE_REQUESTS | FWD_TOOL_TARGET))
		fwd_ipmi_request_size(ctx);
	ret = fwd_tool_run(ctx, &c, &r);
	fwd_sized_write(out, &r, sizeof(r));
	return ret;
}

static void host_tool_result_release(struct fwd_tool_result *res)
{
	struct fwd_tool_result r;

	if (fwd_sized_read(&r, sizeof(r), res, FWD_TOOL_RESULT_SIZE_2_0) != 0)
		return;
	fwd_tool_result_release(&r);
	fwd_sized_write(res, &r, sizeof(r));
}

static int host_bmc_info(struct fwd_ctx *ctx, struct fwd_bmc_info *out)
{
	struct fwd_bmc_info info = { .size = sizeof(info) };
	int ret;

	if (!FWD_SIZED_VALID(out, FWD_BMC_INFO_SIZE_2_0))
		return too_small(ctx, "fwd_bmc_info", out, FWD_BMC_INFO_SIZE_2_0);
	ret = fwd_bmc_info(ctx, &info);
	fwd_sized_write(out, &info, sizeof(info));
	return ret;
}

static int host_plan(struct fwd_ctx *ctx, enum fwd_step step, const struct fwd_tool_cmd *cmd,
		     const char *what)
{
	struct fwd_tool_cmd c;

	if (!step_allowed(ctx, step, "a plan"))
		return 0;
	if (fwd_sized_read(&c, sizeof(c), cmd, FWD_TOOL_CMD_SIZE_2_0) != 0)
		return too_small(ctx, "fwd_tool_cmd", cmd, FWD_TOOL_CMD_SIZE_2_0);
	return fwd_plan_tool(ctx, step, &c, what);
}

static int host_find_tool(struct fwd_ctx *ctx, const char *tool)
{
	return fwd_tool_find(ctx, tool);
}

static uint64_t host_now_ms(struct fwd_ctx *ctx)
{
	return fwd_now_ms(ctx);
}

static void host_sleep_ms(struct fwd_ctx *ctx, uint64_t ms)
{
	fwd_sleep_ms(ctx, ms);
}

static const struct fwd_target *host_target(struct fwd_ctx *ctx)
{
	static const struct fwd_target in_band = {
		.size = sizeof(struct fwd_target), .port = 623, .cipher = -1,
	};

	return ctx->target ? &ctx->target->pub : &in_band;
}

static void *host_alloc(size_t n)
{
	return malloc(n ? n : 1);
}

static struct fwd_json *host_json_object(void) { return FJ(json_object()); }
static struct fwd_json *host_json_array(void) { return FJ(json_array()); }
static struct fwd_json *host_json_null(void) { return FJ(json_null()); }
static struct fwd_json *host_json_boolean(int v) { return FJ(json_boolean(v)); }
static struct fwd_json *host_json_integer(long long v) { return FJ(json_integer(v)); }

static struct fwd_json *host_json_string(const char *s)
{
	/* Tool output is not always UTF-8; keep what can be kept. */
	json_t *j = s ? json_string(s) : json_null();

	return FJ(j ? j : json_string_nocheck("(not valid UTF-8)"));
}

static int host_json_object_set_new(struct fwd_json *obj, const char *key,
				    struct fwd_json *value)
{
	if (!obj || !key) {
		json_decref(J(value));
		return -1;
	}
	return json_object_set_new(J(obj), key, value ? J(value) : json_null());
}

static int host_json_array_append_new(struct fwd_json *arr, struct fwd_json *value)
{
	if (!arr) {
		json_decref(J(value));
		return -1;
	}
	return json_array_append_new(J(arr), value ? J(value) : json_null());
}

static void host_json_release(struct fwd_json *value) { json_decref(J(value)); }

static struct fwd_json *host_json_object_get(const struct fwd_json *obj, const char *key)
{
	return obj && key ? FJ(json_object_get(CJ(obj), key)) : NULL;
}

static const char *host_json_string_value(const struct fwd_json *v)
{
	return v ? json_string_value(CJ(v)) : NULL;
}

static size_t host_json_array_size(const struct fwd_json *arr)
{
	return arr ? json_array_size(CJ(arr)) : 0;
}

static struct fwd_json *host_json_array_get(const struct fwd_json *arr, size_t i)
{
	return arr ? FJ(json_array_get(CJ(arr), i)) : NULL;
}

static long long host_json_integer_value(const struct fwd_json *v)
{
	return v ? (long long)json_integer_value(CJ(v)) : 0;
}

static int host_json_bool_value(const struct fwd_json *v)
{
	return json_is_boolean(CJ(v)) ? json_is_true(CJ(v)) : -1;
}

static struct fwd_json *host_json_copy(const struct fwd_json *v)
{
	return v ? FJ(json_deep_copy(CJ(v))) : NULL;
}

static int host_json_equal(const struct fwd_json *a, const struct fwd_json *b)
{
	return a && b && json_equal(CJ(a), CJ(b));
}

static void host_redfish_plan(struct fwd_ctx *ctx, enum fwd_step step, const char *method,
			      const char *path, const struct fwd_json *body, const char *what)
{
	if (step_allowed(ctx, step, "a plan"))
		fwd_host_redfish_plan(ctx, step, method, path, body, what);
}

static const struct fwd_host_api host_api = {
	.abi_major = FWD_ABI_MAJOR,
	.abi_minor = FWD_ABI_MINOR,
	.size = sizeof(struct fwd_host_api),
	.host_version = FWD_VERSION,
	.log = host_log,
	.set_error = host_set_error,
	.progress = host_progress,
	.target = host_target,
	.run_tool = host_run_tool,
	.tool_result_release = host_tool_result_release,
	.alloc = host_alloc,
	.free = free,
	.json_object = host_json_object,
	.json_array = host_json_array,
	.json_string = host_json_string,
	.json_integer = host_json_integer,
	.json_boolean = host_json_boolean,
	.json_null = host_json_null,
	.json_object_set_new = host_json_object_set_new,
	.json_array_append_new = host_json_array_append_new,
	.json_release = host_json_release,
	.json_object_get = host_json_object_get,
	.json_string_value = host_json_string_value,
	.json_array_size = host_json_array_size,
	.json_array_get = host_json_array_get,
	.json_integer_value = host_json_integer_value,
	.step = host_step,
	.bmc_info = host_bmc_info,
	.plan = host_plan,
	.find_tool = host_find_tool,
	.now_ms = host_now_ms,
	.sleep_ms = host_sleep_ms,
	.check = host_check,
	.redfish = fwd_host_redfish,
	.redfish_answer_release = fwd_host_redfish_answer_release,
	.redfish_push = fwd_host_redfish_push,
	.redfish_task = fwd_host_redfish_task,
	.redfish_plan = host_redfish_plan,
	.json_bool_value = host_json_bool_value,
	.json_copy = host_json_copy,
	.json_equal = host_json_equal,
	.redfish_push_form = fwd_host_redfish_push_form,
};

const struct fwd_host_api *fwd_host_api(void)
{
	return &host_api;
}
