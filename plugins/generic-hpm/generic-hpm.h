/*
 * generic-hpm.h: the generic-hpm plugin's internal interface (not
 * installed).  generic-hpm.c holds the entry point and the vtable;
 * probe.c the probe; lines.c the server and client product lines it
 * recognises; hints.c the recovery hints.
 */
#ifndef FWDP_GENERIC_HPM_H
#define FWDP_GENERIC_HPM_H

#include <fwdispatch/fwd_plugin.h>

#define GHPM_NAME "generic-hpm"
#define GHPM_VERSION "0.1.0"

/* The fallback's score: low, so that any vendor plugin wins. */
#define GHPM_SCORE 20

/* The host table saved by the entry point; valid while loaded. */
const struct fwd_host_api *ghpm_host(void);

int ghpm_probe(struct fwd_ctx *ctx, const struct fwd_identity *id, int *score_out,
	       char *reason, size_t reason_size);
/* hints.c: generic recovery hints, for any vendor. */
int ghpm_recovery_hints(struct fwd_ctx *ctx, const struct fwd_identity *id,
			struct fwd_json *hints);

/* A recognised line: what it is, with its article ("an HPE ProLiant server") and the field
 * value that said so (borrowed from the identity). */
struct ghpm_line {
	const char *what;
	const char *value;
};

/* A server product line or a server-only vendor?  Fills *out. */
int ghpm_server_line(const struct fwd_identity *id, struct ghpm_line *out);
/* A client line (desktop, laptop, tower workstation: no BMC)? */
int ghpm_client_line(const struct fwd_identity *id, struct ghpm_line *out);
/* A vendor that makes only clients (Apple, Acer, Toshiba...)? */
int ghpm_client_vendor(const struct fwd_identity *id, struct ghpm_line *out);

#endif
