/*
 * host-redfish.c: the Redfish services plugins get (host-redfish.h).
 *
 * The plugin's sized answer and task structs are filled from the core's
 * own here, no further than their size; the JSON body a plugin gets is
 * the core's reply's, handed over (released with
 * redfish_answer_release).  A plugin may only send what its entry point's
 * steps allow it to record.
 */
#include "plugin-host/host-redfish.h"

#include <jansson.h>
#include <string.h>

#include "plugin-host/sized.h"
#include "redfish/redfish.h"
#include "update/plan.h"
#include "util/ctx.h"

#define ANSWER_SIZE_2_6 FWD_SIZE_UPTO(struct fwd_redfish_answer, message)
#define TASK_SIZE_2_6 FWD_SIZE_UPTO(struct fwd_redfish_task, reset_type)

static int not_redfish(struct fwd_ctx *ctx)
{
	return fwd_ctx_set_error(ctx, -FWD_E_NOT_IMPLEMENTED, "plugin '%s' asked for Redfish, "
				 "but the target is no Redfish service (--redfish --host H)",
				 ctx->plugin_name ? ctx->plugin_name : "?");
}

static int bad_struct(struct fwd_ctx *ctx, const char *what)
{
	return fwd_ctx_set_error(ctx, -FWD_E_INTERNAL, "plugin '%s' passed a struct %s too "
				 "small for ABI 2.6", ctx->plugin_name ? ctx->plugin_name : "?",
				 what);
}

/* The plugin's answer can take a reply (its size), holds no body yet, and
 * the target is a Redfish service: 0, or the error, set. */
static int answer_ready(struct fwd_ctx *ctx, struct fwd_redfish_answer *out)
{
	if (!FWD_SIZED_VALID(out, ANSWER_SIZE_2_6))
		return bad_struct(ctx, "fwd_redfish_answer");
	out->body = NULL;
	return fwd_redfish_target(ctx) ? 0 : not_redfish(ctx);
}

/* The core's reply into the plugin's answer; the body changes hands. */
static void hand_over(struct fwd_redfish_reply *r, struct fwd_redfish_answer *out)
{
	struct fwd_redfish_answer a;

	memset(&a, 0, sizeof(a));
	a.size = sizeof(a);
	a.status = r->status;
	a.body = (struct fwd_json *)r->body;
	r->body = NULL;
	memcpy(a.location, r->location, sizeof(a.location));
	memcpy(a.etag, r->etag, sizeof(a.etag));
	a.retry_after_s = r->retry_after_s;
	memcpy(a.message_id, r->message_id, sizeof(a.message_id));
	memcpy(a.message, r->message, sizeof(a.message));
	fwd_sized_write(out, &a, sizeof(a));
}

int fwd_host_redfish(struct fwd_ctx *ctx, const char *method, const char *path,
		     const struct fwd_json *body, const char *if_match, unsigned flags,
		     struct fwd_redfish_answer *out)
{
	struct fwd_redfish_reply r;
	int ret;

	ret = answer_ready(ctx, out);
	if (ret)
		return ret;
	if (!method || !path || path[0] != '/')
		return fwd_ctx_set_error(ctx, -FWD_E_INTERNAL, "plugin '%s' sent a Redfish "
					 "request without a method or an absolute path",
					 ctx->plugin_name ? ctx->plugin_name : "?");
	ret = fwd_redfish_request(ctx, method, path, (const json_t *)body, if_match, flags, &r);
	hand_over(&r, out);
	return ret;
}

void fwd_host_redfish_answer_release(struct fwd_redfish_answer *answer)
{
	if (!answer)
		return;
	json_decref((json_t *)answer->body);
	answer->body = NULL;
}

int fwd_host_redfish_push(struct fwd_ctx *ctx, enum fwd_step step, const char *uri,
			  const struct fwd_json *params, const char *image_path,
			  struct fwd_redfish_answer *out)
{
	struct fwd_redfish_reply r;
	int ret;

	ret = answer_ready(ctx, out);
	if (ret)
		return ret;
	ret = fwd_redfish_push(ctx, step, uri, (const json_t *)params, image_path, &r);
	hand_over(&r, out);
	return ret;
}

int fwd_host_redfish_push_form(struct fwd_ctx *ctx, enum fwd_step step, const char *uri,
			       const struct fwd_redfish_field *fields, size_t n_fields,
			       const char *image_path, struct fwd_redfish_answer *out)
{
	struct fwd_redfish_reply r;
	int ret;

	ret = answer_ready(ctx, out);
	if (ret)
		return ret;
	ret = fwd_redfish_push_form(ctx, step, uri, fields, n_fields, image_path, &r);
	hand_over(&r, out);
	return ret;
}

int fwd_host_redfish_task(struct fwd_ctx *ctx, enum fwd_step step, const char *task_uri,
			  unsigned timeout_s, struct fwd_redfish_task *out)
{
	struct fwd_redfish_task t = FWD_REDFISH_TASK_INIT;
	int ret;

	if (!FWD_SIZED_VALID(out, TASK_SIZE_2_6))
		return bad_struct(ctx, "fwd_redfish_task");
	if (!fwd_redfish_target(ctx))
		return not_redfish(ctx);
	if (!task_uri || task_uri[0] != '/')
		return fwd_ctx_set_error(ctx, -FWD_E_INTERNAL, "plugin '%s' asked to follow a "
					 "task without its path", ctx->plugin_name ?
					 ctx->plugin_name : "?");
	ret = fwd_redfish_task(ctx, step, task_uri, timeout_s, &t);
	fwd_sized_write(out, &t, sizeof(t));
	return ret;
}

void fwd_host_redfish_plan(struct fwd_ctx *ctx, enum fwd_step step, const char *method,
			   const char *path, const struct fwd_json *body, const char *what)
{
	fwd_plan_redfish(ctx, step, method ? method : "?", path ? path : "?",
			 (const json_t *)body, what);
}
