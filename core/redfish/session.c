/*
 * session.c: logging in to a Redfish service (redfish.h).
 *
 * The service root is read first, without credentials: it names the
 * session collection, and it is the request that proves the certificate
 * (conn.c) before the password goes anywhere.  A session is opened there
 * (POST {UserName, Password}: 201 with X-Auth-Token and the session's
 * Location); a service without sessions gets HTTP Basic instead.
 */
#include "redfish/client.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define SESSIONS_DEFAULT "/redfish/v1/SessionService/Sessions"

/* The session collection the root names, else the standard one. */
static void sessions_path(const json_t *root, char *out, size_t size)
{
	const char *p = json_string_value(json_object_get(
		json_object_get(json_object_get(root, "Links"), "Sessions"), "@odata.id"));

	snprintf(out, size, "%s", p && p[0] == '/' ? p : SESSIONS_DEFAULT);
}

/* A Location may be a whole URL: its path, from the host on. */
static void location_path(const char *location, char *out, size_t size)
{
	const char *p = location;

	if (!strncmp(p, "https://", 8) || !strncmp(p, "http://", 7)) {
		p = strchr(strstr(p, "//") + 2, '/');
		if (!p)
			p = "";
	}
	snprintf(out, size, "%s", p);
}

/* POST the credentials; the body is wiped once sent. */
static int post_session(struct fwd_ctx *ctx, struct fwd_redfish *rf, const char *path,
			struct fwd_redfish_reply *out)
{
	const struct fwd_target_opts *t = ctx->target;
	json_t *body = json_pack("{s:s, s:s}", "UserName", t->user ? t->user : "",
				 "Password", t->password);
	char *json;
	int ret;

	if (!body)
		return fwd_ctx_set_error(ctx, -ENOMEM, "out of memory");
	json = json_dumps(body, JSON_COMPACT);
	/* jansson keeps its own copy of the password: wipe that too. */
	explicit_bzero((char *)json_string_value(json_object_get(body, "Password")),
		       strlen(t->password));
	json_decref(body);
	if (!json)
		return fwd_ctx_set_error(ctx, -ENOMEM, "out of memory");
	rf->logging_in = 1;
	ret = fwd_redfish_exchange(ctx, rf, "POST", path, json, NULL, 0, out, NULL, NULL);
	rf->logging_in = 0;
	explicit_bzero(json, strlen(json));
	free(json);
	return ret;
}

int fwd_redfish_login(struct fwd_ctx *ctx, struct fwd_redfish *rf)
{
	const struct fwd_target_opts *t = ctx->target;
	struct fwd_redfish_reply root, r;
	char path[256];
	int ret;

	if (!t->password)
		return fwd_ctx_set_error(ctx, -FWD_E_AUTH, "no password for %s: give "
					 "--password-file FILE or set %s", rf->base,
					 FWD_REDFISH_PASSWORD_ENV);
	ret = fwd_redfish_exchange(ctx, rf, "GET", "/redfish/v1/", NULL, NULL, 0, &root, NULL,
				   NULL);
	if (ret)
		return ret;
	if (root.status != 200 || !root.body) {
		ret = fwd_ctx_set_error(ctx, -FWD_E_BAD_INPUT, "%s answers %ld to GET "
					"/redfish/v1/%s: is it a Redfish service?", rf->base,
					root.status, root.body ? "" : " without JSON");
		fwd_redfish_reply_release(&root);
		return ret;
	}
	sessions_path(root.body, path, sizeof(path));
	fwd_redfish_reply_release(&root);

	rf->token[0] = '\0';
	ret = post_session(ctx, rf, path, &r);
	if (ret)
		return ret;
	if ((r.status == 200 || r.status == 201) && rf->token[0]) {
		location_path(r.location, rf->session_uri, sizeof(rf->session_uri));
		if (!rf->session_uri[0]) {
			const char *id = json_string_value(json_object_get(r.body, "@odata.id"));

			snprintf(rf->session_uri, sizeof(rf->session_uri), "%s", id ? id : "");
		}
		fwd_log(ctx, FWD_LOG_DEBUG, "redfish: session %s opened", rf->session_uri);
		rf->logins++;
		fwd_redfish_reply_release(&r);
		return 0;
	}
	if (r.status == 401 || r.status == 403) {
		fwd_redfish_reply_release(&r);
		return fwd_ctx_set_error(ctx, -FWD_E_AUTH, "%s refused user '%s': wrong user or "
					 "password (%ld)", rf->base, t->user, r.status);
	}
	/* No sessions here (404, 405, 501...): every request carries Basic. */
	fwd_log(ctx, FWD_LOG_DEBUG, "redfish: no session (%ld): using HTTP Basic", r.status);
	fwd_redfish_reply_release(&r);
	explicit_bzero(rf->token, sizeof(rf->token));
	rf->basic = 1;
	return 0;
}
