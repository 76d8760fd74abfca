/*
 * verdict.h: what every probe needs besides string tests: a check that
 * the host's identity has the fields this plugin reads, and one call
 * that sets the score and writes the one-line reason.
 */
#ifndef FWDP_VERDICT_H
#define FWDP_VERDICT_H

#include <fwdispatch/fwd_plugin.h>

/* The identity of a 1.0 host: everything up to fru_product_name. */
#define FWDP_IDENTITY_SIZE_1_0                                                 \
	(offsetof(struct fwd_identity, fru_product_name) +                     \
	 sizeof(((struct fwd_identity *)0)->fru_product_name))

/* Is id non-NULL and as large as ABI 1.0 says? */
int fwdp_identity_ok(const struct fwd_identity *id);

/* Does id carry any SMBIOS text field? */
int fwdp_has_smbios(const struct fwd_identity *id);

/* Does the BMC answer with this IANA manufacturer ID? */
int fwdp_bmc_is(const struct fwd_identity *id, uint32_t manufacturer_id);

/* Sets *score_out to score and formats the reason (cut to fit); returns 0,
 * so a probe can end with `return fwdp_verdict(...)`. */
int fwdp_verdict(int *score_out, char *reason, size_t reason_size, int score,
		 const char *fmt, ...) FWD_PRINTF(5, 6);

/* s, or "?" when NULL: for reasons. */
const char *fwdp_or_q(const char *s);

/* IANA enterprise numbers the probes know. */
#define FWDP_IANA_SUPERMICRO 10876u
#define FWDP_IANA_DELL 674u

#endif
