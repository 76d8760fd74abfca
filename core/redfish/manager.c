/*
 * manager.c: the BMC's Redfish Manager, for the core (manager.h).
 */
#include "redfish/manager.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "redfish/client.h"
#include "util/clock.h"

static const char *member_uri(const json_t *coll, size_t i)
{
	return json_string_value(json_object_get(
		json_array_get(json_object_get(coll, "Members"), i), "@odata.id"));
}

int fwd_redfish_manager_uri(struct fwd_ctx *ctx, const char **uri)
{
	struct fwd_redfish *rf = fwd_redfish_client(ctx);
	struct fwd_redfish_reply coll, m;
	const char *first = NULL;
	size_t n;
	int ret;

	if (!rf)
		return ctx->err.code;
	if (rf->manager[0]) {
		*uri = rf->manager;
		return 0;
	}
	ret = fwd_redfish_get(ctx, "/redfish/v1/Managers", &coll);
	if (ret)
		return ret;
	n = json_array_size(json_object_get(coll.body, "Members"));
	for (size_t i = 0; i < n && !rf->manager[0]; i++) {
		const char *u = member_uri(coll.body, i);
		const char *type;

		if (!u || u[0] != '/')
			continue;
		if (!first)
			first = u;
		if (fwd_redfish_get(ctx, u, &m) != 0) {
			fwd_ctx_clear_error(ctx);
			continue;
		}
		type = json_string_value(json_object_get(m.body, "ManagerType"));
		if (type && !strcmp(type, "BMC"))
			snprintf(rf->manager, sizeof(rf->manager), "%s", u);
		fwd_redfish_reply_release(&m);
	}
	if (!rf->manager[0] && first)
		snprintf(rf->manager, sizeof(rf->manager), "%s", first);
	fwd_redfish_reply_release(&coll);
	if (!rf->manager[0])
		return fwd_ctx_set_error(ctx, -FWD_E_BAD_INPUT, "the Redfish service at %s lists "
					 "no manager (no BMC in /redfish/v1/Managers)", rf->base);
	*uri = rf->manager;
	return 0;
}

int fwd_redfish_bmc_info(struct fwd_ctx *ctx, struct fwd_bmc_info *out, int quiet)
{
	struct fwd_redfish_reply m, root;
	const char *uri, *fw, *model, *state, *vendor;
	size_t size = out->size;
	int ret;

	ret = fwd_redfish_manager_uri(ctx, &uri);
	if (!ret)
		ret = fwd_redfish_get(ctx, uri, &m);
	if (ret) {
		if (!quiet)
			fwd_log(ctx, FWD_LOG_DEBUG, "%s", ctx->err.msg);
		return ret;
	}
	memset(out, 0, size);
	out->size = size;
	fw = json_string_value(json_object_get(m.body, "FirmwareVersion"));
	model = json_string_value(json_object_get(m.body, "Model"));
	state = json_string_value(json_object_get(json_object_get(m.body, "Status"), "State"));
	snprintf(out->firmware, sizeof(out->firmware), "%s", fw ? fw : "");
	snprintf(out->product_name, sizeof(out->product_name), "%s", model ? model : "");
	if (FWD_SIZED_HAS(out, struct fwd_bmc_info, device_available))
		out->device_available = !state ? -1 : !strcmp(state, "Enabled");
	fwd_redfish_reply_release(&m);
	if (fwd_redfish_request(ctx, "GET", "/redfish/v1/", NULL, NULL,
				FWD_REDFISH_NO_AUTH | FWD_REDFISH_QUIET, &root) == 0) {
		vendor = json_string_value(json_object_get(root.body, "Vendor"));
		snprintf(out->manufacturer_name, sizeof(out->manufacturer_name), "%s",
			 vendor ? vendor : "");
		fwd_redfish_reply_release(&root);
	}
	fwd_ctx_clear_error(ctx);
	if (!out->firmware[0])
		return fwd_ctx_set_error(ctx, -FWD_E_BAD_INPUT, "the BMC's manager %s reports no "
					 "FirmwareVersion (yet)", uri);
	return 0;
}

int fwd_redfish_service_uuid(struct fwd_ctx *ctx, char *out, size_t size)
{
	struct fwd_redfish_reply root;
	const char *uuid;
	int ret = fwd_redfish_request(ctx, "GET", "/redfish/v1/", NULL, NULL, FWD_REDFISH_NO_AUTH,
				      &root);

	if (ret)
		return ret;
	uuid = json_string_value(json_object_get(root.body, "UUID"));
	snprintf(out, size, "%s", uuid ? uuid : "");
	fwd_redfish_reply_release(&root);
	if (!out[0])
		return fwd_ctx_set_error(ctx, -FWD_E_BAD_INPUT, "the service root has no UUID");
	return 0;
}

/* GracefulRestart unless the manager says it takes only others. */
static const char *reset_type(const json_t *manager, char *target, size_t size)
{
	const json_t *action = json_object_get(json_object_get(manager, "Actions"),
					       "#Manager.Reset");
	const json_t *allowed = json_object_get(action, "ResetType@Redfish.AllowableValues");
	const char *t = json_string_value(json_object_get(action, "target"));
	const json_t *v;
	size_t i;
	int graceful = 0, force = 0;

	snprintf(target, size, "%s", t && t[0] == '/' ? t : "");
	if (!json_is_array(allowed))
		return "GracefulRestart";
	json_array_foreach(allowed, i, v) {
		const char *s = json_string_value(v);

		graceful |= s && !strcmp(s, "GracefulRestart");
		force |= s && !strcmp(s, "ForceRestart");
	}
	return graceful || !force ? "GracefulRestart" : "ForceRestart";
}

int fwd_redfish_bmc_reset(struct fwd_ctx *ctx)
{
	struct fwd_redfish_reply m, r;
	char target[512];
	const char *uri, *type;
	json_t *body;
	int ret;

	ret = fwd_redfish_manager_uri(ctx, &uri);
	if (!ret)
		ret = fwd_redfish_get(ctx, uri, &m);
	if (ret)
		return ret;
	type = reset_type(m.body, target, sizeof(target));
	if (!target[0])
		snprintf(target, sizeof(target), "%s/Actions/Manager.Reset", uri);
	body = json_pack("{s:s}", "ResetType", type);
	fwd_redfish_reply_release(&m);
	if (!body)
		return fwd_ctx_set_error(ctx, -ENOMEM, "out of memory");
	ret = fwd_redfish_request(ctx, "POST", target, body, NULL, 0, &r);
	json_decref(body);
	fwd_redfish_reply_release(&r);
	/* The session is kept: the BMC forgets it when it restarts, which
	 * may be seconds after this answer, and its 401 then opens a new one.
	 * A new login is how the go-down wait (bmc-sequence.c) sees the
	 * restart: one opened here, before it, would end that wait at once. */
	return ret;
}

int fwd_redfish_wait(struct fwd_ctx *ctx, unsigned timeout_s, struct fwd_bmc_info *out,
		     uint64_t *waited_ms)
{
	uint64_t start = fwd_now_ms(ctx), bound = (uint64_t)timeout_s * 1000u, now;
	char last[FWD_ERROR_MAX] = "no answer";
	int ret;

	for (;;) {
		struct fwd_redfish_reply root;

		/* The root first, without credentials: a BMC on its way up
		 * answers it before its sessions work. */
		ret = fwd_redfish_request(ctx, "GET", "/redfish/v1/", NULL, NULL,
					  FWD_REDFISH_NO_AUTH, &root);
		fwd_redfish_reply_release(&root);
		if (!ret)
			ret = fwd_redfish_bmc_info(ctx, out, 1);
		now = fwd_now_ms(ctx);
		if (waited_ms)
			*waited_ms = now - start;
		if (!ret)
			return 0;
		/* A certificate that changed or a refused login is no reason
		 * to wait longer: say it now. */
		if (ret == -FWD_E_REFUSED && ctx->redfish && ctx->redfish->pin_mismatch)
			return ret;
		if (ret == -FWD_E_AUTH)
			return fwd_ctx_set_error(ctx, -FWD_E_AUTH, "the BMC answers again, but "
						 "refuses the login: %.600s.  A flash may reset the "
						 "BMC's users and passwords to the factory's",
						 ctx->err.msg);
		snprintf(last, sizeof(last), "%s", ctx->err.msg);
		fwd_ctx_clear_error(ctx);
		if (now - start >= bound)
			break;
		fwd_sleep_ms(ctx, FWD_REDFISH_WAIT_POLL_MS < bound - (now - start) ?
			     FWD_REDFISH_WAIT_POLL_MS : bound - (now - start));
	}
	return fwd_ctx_set_error(ctx, -FWD_E_BMC_GONE, "the BMC did not answer again within "
				 "%u s (last: %.700s)", timeout_s, last);
}
