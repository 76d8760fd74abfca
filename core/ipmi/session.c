/*
 * session.c: telling a BMC that refuses the session from one that does
 * not answer (session.h).
 */
#include "ipmi/session.h"

#include <stdio.h>
#include <string.h>

#include "ipmi/bmc.h"
#include "tool/tool.h"

/* ipmitool's words, by what they mean (lib/ipmi_lanplus.c, 1.8.x). */
static const struct {
	const char *text;
	enum fwd_session_refusal why;
} words[] = {
	{ "RAKP 2 HMAC is invalid", FWD_SESSION_PASSWORD },
	{ "invalid integrity check value", FWD_SESSION_PASSWORD },
	{ "unauthorized name", FWD_SESSION_USER },
	{ "invalid name length", FWD_SESSION_USER },
	{ "invalid authentication algorithm", FWD_SESSION_CIPHER },
	{ "invalid integrity algorithm", FWD_SESSION_CIPHER },
	{ "invalid confidentiality algorithm", FWD_SESSION_CIPHER },
	{ "no matching authentication payload", FWD_SESSION_CIPHER },
	{ "no matching integrity payload", FWD_SESSION_CIPHER },
	{ "unsupported cipher suite", FWD_SESSION_CIPHER },
	{ "unauthorized role or privilege level", FWD_SESSION_PRIVILEGE },
	{ "invalid role", FWD_SESSION_PRIVILEGE },
	{ "insufficient resources", FWD_SESSION_BUSY },
	{ "Get Auth Capabilities error", FWD_SESSION_NO_ANSWER },
	{ "No response from remote controller", FWD_SESSION_NO_ANSWER },
};

enum fwd_session_refusal fwd_session_refusal(const char *err)
{
	for (size_t i = 0; err && i < sizeof(words) / sizeof(words[0]); i++)
		if (strstr(err, words[i].text))
			return words[i].why;
	return FWD_SESSION_UNKNOWN;
}

int fwd_session_failed(const char *err)
{
	return err && (strstr(err, "Unable to establish IPMI v2 / RMCP+ session") ||
		       strstr(err, "Unable to establish LAN session") ||
		       strstr(err, "Unable to establish IPMI v1.5 / RMCP session"));
}

/* "user 'ADMIN', the password from FILE, cipher suite 3" */
static void credentials(const struct fwd_target_opts *t, char *buf, size_t size)
{
	char cipher[48];

	if (t->pub.cipher >= 0)
		snprintf(cipher, sizeof(cipher), "cipher suite %d", t->pub.cipher);
	else
		snprintf(cipher, sizeof(cipher), "ipmitool's default cipher suite (--cipher)");
	snprintf(buf, size, "user '%s', the password %s%s%s, %s", t->user ? t->user : "",
		 t->password_file ? "from '" : t->password ? "from IPMI_PASSWORD" : "none given",
		 t->password_file ? t->password_file : "", t->password_file ? "'" : "", cipher);
}

int fwd_session_diagnose(struct fwd_ctx *ctx, const char *what)
{
	static const char *const args[] = { "-v", "-N", "1", "-R", "1", "mc", "info", NULL };
	const struct fwd_target_opts *t = ctx->target;
	struct fwd_tool_result res = FWD_TOOL_RESULT_INIT;
	char who[300], creds[FWD_ERROR_MAX / 2];
	enum fwd_session_refusal why;
	int ret;

	if (!t || !t->host)
		return fwd_ctx_set_error(ctx, -FWD_E_BMC_GONE, "the BMC did not answer %s", what);
	fwd_target_describe(t, who, sizeof(who));
	credentials(t, creds, sizeof(creds));
	ret = fwd_bmc_ipmitool(ctx, args, FWD_BMC_ATTEMPT_TIMEOUT_MS, FWD_TOOL_QUIET, &res);
	why = ret == 0 && res.exit_code != 0 ? fwd_session_refusal(res.err) :
	      ret == -FWD_E_TIMEOUT ? FWD_SESSION_NO_ANSWER : FWD_SESSION_UNKNOWN;
	fwd_tool_result_release(&res);
	fwd_ctx_clear_error(ctx);
	switch (why) {
	case FWD_SESSION_NO_ANSWER:
		return fwd_ctx_set_error(ctx, -FWD_E_BMC_GONE, "the BMC did not answer %s at all: "
					 "nothing came back from %s (is it on, at that address "
					 "and port, and is UDP to it open?)", what, who);
	case FWD_SESSION_PASSWORD:
		return fwd_ctx_set_error(ctx, -FWD_E_AUTH, "the BMC at %s answered and refused "
					 "the password (%s)", who, creds);
	case FWD_SESSION_USER:
		return fwd_ctx_set_error(ctx, -FWD_E_AUTH, "the BMC at %s answered and has no "
					 "user '%s' (%s)", who, t->user ? t->user : "", creds);
	case FWD_SESSION_CIPHER:
		return fwd_ctx_set_error(ctx, -FWD_E_AUTH, "the BMC at %s answered and refused "
					 "the cipher suite (%s): try another --cipher (3 and 17 "
					 "are the usual ones)", who, creds);
	case FWD_SESSION_PRIVILEGE:
		return fwd_ctx_set_error(ctx, -FWD_E_AUTH, "the BMC at %s answered and refused "
					 "the privilege level for this user (%s): it needs "
					 "ADMINISTRATOR", who, creds);
	case FWD_SESSION_BUSY:
		return fwd_ctx_set_error(ctx, -FWD_E_BUSY, "the BMC at %s answered but has no "
					 "free session: other tools hold them all; try again later",
					 who);
	default:
		return fwd_ctx_set_error(ctx, -FWD_E_BMC_GONE, "the BMC did not answer %s: "
					 "ipmitool could not open a session with %s (%s)", what,
					 who, creds);
	}
}
