/*
 * manifest-signed.h: loading a manifest whose Ed25519 signature must
 * verify before anything in it is used (README: "Signed manifests").
 *
 * The manifest's bytes are read once; the signature is checked over
 * those bytes and the same buffer is parsed, so no file swapped between
 * the check and the parse can slip in.  Whether a signature is required
 * is the trust configuration's word (trusted-keys.h): a key named, or the
 * trusted-keys folder present.  A resumed run whose manifest was signed
 * requires one again, whatever is configured now.
 */
#ifndef FWD_MANIFEST_SIGNED_H
#define FWD_MANIFEST_SIGNED_H

#include "image/manifest.h"
#include "util/ctx.h"

struct fwd_manifest_trust {
	const char *signature;      /* --signature FILE, or NULL */
	const char *trust_key;      /* --trust-key FILE (or the config file's), or NULL */
	/* The fingerprint of the key that verified the manifest of the run
	 * being resumed, or NULL: a signature is then required. */
	const char *signed_before;
};

/*
 * Loads the manifest at path under t and the trusted-keys folder
 * (fwd_trusted_keys_dir).  With trust configured (or t->signed_before),
 * the signature must be given and verify with a trusted key; given
 * without any key to verify it, it is refused too (a signature nobody
 * checks must not look like one that was).  On success (*out)->signed_by
 * and signed_key name the key that verified it ("" and NULL unsigned).
 * Refusals are -FWD_E_REFUSED with ctx's error saying what to do; the
 * manifest's own faults are fwd_manifest_parse's.
 */
int fwd_manifest_load_signed(struct fwd_ctx *ctx, const char *path,
			     const struct fwd_manifest_trust *t, struct fwd_manifest **out);

#endif
