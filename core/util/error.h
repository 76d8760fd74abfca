/*
 * error.h: fwdispatch's error vocabulary and its exit codes.
 *
 * Library and plugin functions return 0 or a negative number: -FWD_E_*
 * (include/fwdispatch/fwd_plugin.h) or -errno.  The CLI turns the code
 * into one of the documented exit codes below, which are append-only.
 */
#ifndef FWD_ERROR_H
#define FWD_ERROR_H

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
	FWD_EXIT_REBOOT = 10        /* success, reboot required */
};

/* A short fixed description of code (negative or positive), never NULL. */
const char *fwd_strerror(int code);

/* The stable name used in JSON "error.code", e.g. "refused". */
const char *fwd_error_name(int code);

/* The exit code for a failure code (0 maps to FWD_EXIT_OK). */
int fwd_exit_code(int code);

#endif
