/*
 * client.h: the Redfish client's own state, shared by the files of
 * core/redfish/ only (conn.c: the connection and TLS; session.c: the
 * login; push.c: images; task.c: tasks).  Others use redfish.h.
 */
#ifndef FWD_REDFISH_CLIENT_H
#define FWD_REDFISH_CLIENT_H

#include <curl/curl.h>

#include "redfish/pin-store.h"
#include "redfish/redfish.h"

/* How the certificate is trusted. */
enum fwd_tls_mode {
	FWD_TLS_PINNED = 0,   /* the pinned fingerprint (or the first one seen) */
	FWD_TLS_CACERT,       /* --cacert */
	FWD_TLS_INSECURE      /* --insecure */
};

struct fwd_redfish {
	CURL *curl;
	char base[320];               /* "https://host:port" */
	char error[CURL_ERROR_SIZE];  /* libcurl's words for the last failure */
	/* The session: its token (a secret: never logged) and URI. */
	char token[256];
	char session_uri[512];
	int basic;                    /* the service has no sessions: Basic */
	int logging_in;               /* take X-Auth-Token from this answer */
	/* TLS. */
	enum fwd_tls_mode tls;
	char pinned[FWD_PIN_HEX_SIZE];/* the fingerprint to see, "" on first use */
	char seen[FWD_PIN_HEX_SIZE];  /* what the last handshake showed */
	int pin_mismatch;             /* the last handshake was refused for it */
	int pin_recorded;             /* this command recorded the pin */
	int insecure_said;
	char manager[256];            /* the BMC's manager, "" until found */
	unsigned logins;              /* sessions opened by this command */
};

/* The client of ctx's target, made on first use; NULL with ctx's error
 * set when it cannot be. */
struct fwd_redfish *fwd_redfish_client(struct fwd_ctx *ctx);

/*
 * One exchange on the connection, nothing else: no login, no retry, no
 * judging of the status.  upload (may be NULL) sets the body up instead
 * of json: it is called after the common options.  Returns 0 when an
 * answer came, else a negative code with ctx's error set.
 */
int fwd_redfish_exchange(struct fwd_ctx *ctx, struct fwd_redfish *rf, const char *method,
			 const char *path, const char *json, const char *if_match,
			 int auth, struct fwd_redfish_reply *out,
			 int (*upload)(void *payload, CURL *curl, struct curl_slist **headers),
			 void *payload);

/* Opens a session (or settles for Basic).  0, or a negative code with
 * ctx's error set (-FWD_E_AUTH: refused). */
int fwd_redfish_login(struct fwd_ctx *ctx, struct fwd_redfish *rf);

/* The status judged: 0 for 2xx, else the code and message of
 * fwd_redfish_request's contract. */
int fwd_redfish_judge(struct fwd_ctx *ctx, const char *method, const char *path,
		      const struct fwd_redfish_reply *reply);

#endif
