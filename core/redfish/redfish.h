/*
 * redfish.h: the Redfish client, one per command, for the target given
 * with --redfish --host H [--port P].
 *
 * One libcurl handle keeps one HTTPS connection to the service open for
 * the whole command.  TLS is always verified: against --cacert when
 * given, else against the certificate pinned on first use (pin-store.h),
 * checked inside the handshake so that no request, and no password, ever
 * reaches a certificate that is not the trusted one.  --insecure skips
 * that, says so at every connection and is recorded by the caller.
 *
 * Authentication: a session (POST SessionService/Sessions, X-Auth-Token),
 * opened on the first request that needs one, opened again once when the
 * service forgets it (a BMC reset ends every session), and deleted by
 * fwd_redfish_close(); HTTP Basic when the service has no sessions.  The
 * password lives only in the target options and in the one request body
 * that opens a session, which is wiped after use; it is never logged.
 *
 * Ownership: the client hangs off ctx->redfish, made on first use and
 * released by fwd_redfish_close(); replies are the caller's
 * (fwd_redfish_reply_release).
 */
#ifndef FWD_REDFISH_H
#define FWD_REDFISH_H

#include <jansson.h>
#include <stdint.h>

#include "util/ctx.h"

#define FWD_REDFISH_ROOT "/redfish/v1/"

/* What the service answered. */
struct fwd_redfish_reply {
	long status;              /* the HTTP status; 0 when nothing came back */
	json_t *body;             /* its JSON body, or NULL (none, or not JSON) */
	char location[512];       /* the Location header, "" when none */
	char etag[160];           /* the ETag header, else the body's @odata.etag */
	unsigned retry_after_s;   /* Retry-After in seconds, 0 when absent */
	/* The first message of a Redfish error body ("Base.1.8.PreconditionFailed"
	 * and its text), "" when none. */
	char message_id[128];
	char message[384];
};

void fwd_redfish_reply_release(struct fwd_redfish_reply *r);

/* Request flags: FWD_REDFISH_NO_AUTH, FWD_REDFISH_QUIET (fwd_plugin.h). */

/*
 * One request: method ("GET", "POST", "PATCH", "DELETE") on path (from
 * the service's root, "/redfish/v1/..."), with body as JSON (or NULL) and
 * If-Match when if_match is not NULL.  Returns 0 for a 2xx answer, or
 * with FWD_REDFISH_QUIET for any answer; else, with ctx's error naming
 * the request and the service's message:
 *   -FWD_E_BMC_GONE  no connection, or no answer within the timeout;
 *   -FWD_E_REFUSED   the certificate is not the trusted one, or a 4xx;
 *   -FWD_E_AUTH      401 or 403 after logging in;
 *   -FWD_E_TOOL_FAILED a 5xx.
 * out is filled as far as the answer went, in every case.
 */
int fwd_redfish_request(struct fwd_ctx *ctx, const char *method, const char *path,
			const json_t *body, const char *if_match, unsigned flags,
			struct fwd_redfish_reply *out);

/* GET path into *out; the same returns. */
int fwd_redfish_get(struct fwd_ctx *ctx, const char *path, struct fwd_redfish_reply *out);

/*
 * Pushes an image: with params (the UpdateParameters object), a
 * multipart/form-data POST to uri with the parts UpdateParameters and
 * UpdateFile; without, the image alone as the body (HttpPushUri).  The
 * file is streamed from disk with its Content-Length computed first, in
 * constant memory, its progress reported on step as bytes.  Returns as
 * fwd_redfish_request (a 413 or 503 with its own message).
 */
int fwd_redfish_push(struct fwd_ctx *ctx, enum fwd_step step, const char *uri,
		     const json_t *params, const char *image_path,
		     struct fwd_redfish_reply *out);

/*
 * The same with a vendor's form (host->redfish_push_form in fwd_plugin.h):
 * fields in order, a FWD_FIELD_SESSION filled with the session's token.
 */
int fwd_redfish_push_form(struct fwd_ctx *ctx, enum fwd_step step, const char *uri,
			  const struct fwd_redfish_field *fields, size_t n_fields,
			  const char *image_path, struct fwd_redfish_reply *out);

/*
 * Follows a task to its end (see host->redfish_task in fwd_plugin.h:
 * the same arguments and returns); out is the host's own struct.
 */
int fwd_redfish_task(struct fwd_ctx *ctx, enum fwd_step step, const char *task_uri,
		     unsigned timeout_s, struct fwd_redfish_task *out);

/*
 * Deletes the session, if one is open, and releases the client.  Safe to
 * call when none was made.
 */
void fwd_redfish_close(struct fwd_ctx *ctx);

/*
 * Forgets the session without deleting it: the service forgot it first
 * (a BMC reset).  The next request opens a new one.
 */
void fwd_redfish_forget_session(struct fwd_ctx *ctx);

/*
 * How this command trusted the target's certificate, for the report, the
 * journal and the history: {"verified_by": "pin" | "cacert" | "insecure",
 * "certificate_sha256": hex | null, "pinned_now": bool}; JSON null when
 * the target is not a Redfish service.  A new reference.
 */
json_t *fwd_redfish_tls_json(const struct fwd_ctx *ctx);

/*
 * How many sessions this command opened (0 with Basic).  A BMC forgets
 * its sessions when it restarts: one more than before is a restart seen.
 */
unsigned fwd_redfish_logins(const struct fwd_ctx *ctx);

/* Is the target a Redfish service (--redfish)? */
int fwd_redfish_target(const struct fwd_ctx *ctx);

#endif
