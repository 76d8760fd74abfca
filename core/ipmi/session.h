/*
 * session.h: why ipmitool could not open an IPMI session with the BMC.
 *
 * Out-of-band, ipmitool says "Unable to establish IPMI v2 / RMCP+ session"
 * alike for a host that does not answer and for a BMC that answers and
 * refuses the user, the password or the cipher suite.  Those need other
 * actions (check the network; check the credentials, or the flash reset
 * them), so fwdispatch asks once more with -v, where ipmitool names the
 * RAKP error (lib/ipmi_lanplus.c), and says which.
 */
#ifndef FWD_SESSION_H
#define FWD_SESSION_H

#include "util/ctx.h"

enum fwd_session_refusal {
	FWD_SESSION_NO_ANSWER,    /* nothing came back: host down, wrong address or port */
	FWD_SESSION_PASSWORD,     /* "RAKP 2 HMAC is invalid": the password is wrong */
	FWD_SESSION_USER,         /* "unauthorized name": no such user */
	FWD_SESSION_CIPHER,       /* the cipher suite's algorithms are refused */
	FWD_SESSION_PRIVILEGE,    /* the user may not have the privilege asked for */
	FWD_SESSION_BUSY,         /* no free session on the BMC */
	FWD_SESSION_UNKNOWN,      /* ipmitool failed another way */
};

/* Reads ipmitool's -v output (stderr) of a failed session. */
enum fwd_session_refusal fwd_session_refusal(const char *err);

/* Did a failed ipmitool say it could not open a session at all? */
int fwd_session_failed(const char *err);

/*
 * Asks the target's BMC once more, with ipmitool -v, why it could not
 * open a session, and sets ctx's error to say which (naming the user, where
 * the password came from and the cipher suite): -FWD_E_AUTH when the BMC
 * answered and refused, -FWD_E_BMC_GONE when nothing answered, what says
 * "busy" as -FWD_E_BUSY.  what names the request ("'mc info'").
 */
int fwd_session_diagnose(struct fwd_ctx *ctx, const char *what);

#endif
