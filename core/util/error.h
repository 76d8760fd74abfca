/*
 * error.h: fwdispatch's error vocabulary and its exit codes.
 *
 * Library and plugin functions return 0 or a negative number: -FWD_E_*
 * (include/fwdispatch/fwd_plugin.h) or -errno.  The CLI turns the code
 * into one of the documented exit codes below, which are append-only.
 */
#ifndef FWD_ERROR_H
#define FWD_ERROR_H

#include <fwdispatch/fwd_plugin.h>
#include <stdarg.h>

#define FWD_ERROR_MAX 1024

/*
 * One failure, said once: its code and a one-line message, written by the
 * layer that saw it.  The context of a command holds one (ctx->err); a
 * layer below the context (files, processes, parsers) is handed one to
 * fill, often the context's own.  Owned by whoever declares it.
 */
struct fwd_err {
	int code;                 /* 0 when none */
	char msg[FWD_ERROR_MAX];  /* "" when none; cut to fit */
};

/* Records a failure in e (replacing what was there; e may be NULL: only
 * the code is returned).  Returns code. */
int fwd_error_set(struct fwd_err *e, int code, const char *fmt, ...) FWD_PRINTF(3, 4);
int fwd_error_setv(struct fwd_err *e, int code, const char *fmt, va_list ap);
void fwd_error_clear(struct fwd_err *e);

/* For a layer that writes its message where it sees the failure and
 * learns the code on the way out: gives the message in e the code (when
 * code is not 0).  Returns code. */
int fwd_error_code(struct fwd_err *e, int code);

enum fwd_exit {
	FWD_EXIT_OK = 0,
	FWD_EXIT_FAILED = 1,        /* the operation failed */
	FWD_EXIT_USAGE = 2,         /* bad command line */
	FWD_EXIT_REFUSED = 3,       /* refused by a safety check; nothing changed */
	FWD_EXIT_FLASH = 4,         /* flash or staging failed */
	FWD_EXIT_VERIFY = 5,        /* verification mismatch after a flash */
	FWD_EXIT_BMC_GONE = 6,      /* the BMC did not come back */
	FWD_EXIT_BUSY = 7,          /* another run holds the target */
	FWD_EXIT_STOPPED = 8,       /* stopped on request at a safe point: resume continues */
	FWD_EXIT_AUTH = 9,          /* the BMC answered and refused the credentials */
	FWD_EXIT_REBOOT = 10        /* success, reboot required */
};

/*
 * Codes of the library's own parts, kept out of -errno's range and of
 * -FWD_E_*'s: the HPM.1 validator's (image/hpm1.h) are -5001 to -5099.
 */
#define FWD_E_HPM1_BASE 5000
#define FWD_E_HPM1_MAX 5099

/* A short fixed description of code (negative or positive), never NULL. */
const char *fwd_strerror(int code);

/* The stable name used in JSON "error.code", e.g. "refused". */
const char *fwd_error_name(int code);

/* The exit code for a failure code (0 maps to FWD_EXIT_OK). */
int fwd_exit_code(int code);

#endif
