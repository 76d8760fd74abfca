/*
 * error.c: names, messages and exit codes for fwdispatch's error codes.
 */
#include "util/error.h"

#include <fwdispatch/fwd_plugin.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct error_desc {
	int code;
	const char *name;
	const char *text;
	int exit_code;
};

/* Indexed by FWD_E_* - FWD_E_FIRST; append only. */
static const struct error_desc fwd_errors[] = {
	{ FWD_E_NOT_IMPLEMENTED, "not-implemented", "not implemented", FWD_EXIT_FAILED },
	{ FWD_E_REFUSED, "refused", "refused by a safety check", FWD_EXIT_REFUSED },
	{ FWD_E_FLASH, "flash-failed", "flash or staging failed", FWD_EXIT_FLASH },
	{ FWD_E_VERIFY, "verify-mismatch", "verification mismatch", FWD_EXIT_VERIFY },
	{ FWD_E_BMC_GONE, "bmc-unreachable", "the BMC did not answer", FWD_EXIT_BMC_GONE },
	{ FWD_E_TOOL_MISSING, "tool-missing", "a required tool is missing", FWD_EXIT_REFUSED },
	{ FWD_E_TOOL_FAILED, "tool-failed", "an external tool failed", FWD_EXIT_FAILED },
	{ FWD_E_TIMEOUT, "timeout", "timed out", FWD_EXIT_FAILED },
	{ FWD_E_BAD_INPUT, "bad-input", "invalid input", FWD_EXIT_REFUSED },
	{ FWD_E_NO_PLUGIN, "no-plugin", "no plugin for this machine", FWD_EXIT_REFUSED },
	{ FWD_E_BUSY, "busy", "another run holds the target", FWD_EXIT_BUSY },
	{ FWD_E_INTERNAL, "internal", "internal error", FWD_EXIT_FAILED },
	{ FWD_E_STOPPED, "stopped", "stopped on request at a safe point", FWD_EXIT_STOPPED },
	{ FWD_E_USAGE, "usage", "usage error", FWD_EXIT_USAGE },
	{ FWD_E_AUTH, "bmc-auth-refused", "the BMC refused the session (user, password or "
	  "cipher suite)", FWD_EXIT_AUTH },
};
_Static_assert(sizeof(fwd_errors) / sizeof(fwd_errors[0]) == FWD_E_LAST - FWD_E_FIRST + 1,
	       "every FWD_E_* code needs a row in fwd_errors");

/* Any code of the HPM.1 validator: the image is refused, its message says why. */
static const struct error_desc hpm1_error = {
	-FWD_E_HPM1_BASE, "bad-input", "invalid HPM.1 image", FWD_EXIT_REFUSED
};

static const struct error_desc *find(int code)
{
	int c = code < 0 ? -code : code;

	if (c >= FWD_E_FIRST && c <= FWD_E_LAST)
		return &fwd_errors[c - FWD_E_FIRST];
	if (c > FWD_E_HPM1_BASE && c <= FWD_E_HPM1_MAX)
		return &hpm1_error;
	return NULL;
}

const char *fwd_strerror(int code)
{
	const struct error_desc *d = find(code);

	if (code == 0)
		return "success";
	if (d)
		return d->text;
	return strerror(code < 0 ? -code : code);
}

const char *fwd_error_name(int code)
{
	const struct error_desc *d = find(code);

	if (code == 0)
		return "ok";
	return d ? d->name : "system";
}

int fwd_exit_code(int code)
{
	const struct error_desc *d = find(code);

	if (code == 0)
		return FWD_EXIT_OK;
	return d ? d->exit_code : FWD_EXIT_FAILED;
}

int fwd_error_setv(struct fwd_err *e, int code, const char *fmt, va_list ap)
{
	if (e) {
		e->code = code;
		vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	}
	return code;
}

int fwd_error_set(struct fwd_err *e, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fwd_error_setv(e, code, fmt, ap);
	va_end(ap);
	return code;
}

void fwd_error_clear(struct fwd_err *e)
{
	if (e) {
		e->code = 0;
		e->msg[0] = '\0';
	}
}

int fwd_error_code(struct fwd_err *e, int code)
{
	if (e && code)
		e->code = code;
	return code;
}
