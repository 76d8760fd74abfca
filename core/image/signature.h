/*
 * signature.h: Ed25519 public keys and signatures (OpenSSL), for signed
 * manifests: one key parsed from PEM text and named by its fingerprint,
 * and the check of one signature over bytes held in memory.
 *
 * Nothing here reads a file: the caller reads each file once (trusted
 * keys: trusted-keys.h) and hands over the bytes, so the bytes verified
 * are the bytes used.
 *
 * Ownership: a struct fwd_pubkey filled by fwd_pubkey_from_pem() owns its
 * name and its key; fwd_pubkey_release() frees both.
 */
#ifndef FWD_SIGNATURE_H
#define FWD_SIGNATURE_H

#include <stddef.h>

#include "util/ctx.h"

/* An Ed25519 signature is always 64 bytes (RFC 8032). */
#define FWD_SIG_SIZE 64
/* A PEM public key is a few hundred bytes; anything this big is not one. */
#define FWD_PUBKEY_MAX_SIZE 16384

struct fwd_pubkey {
	char *name;             /* owned: where it came from (a file's path), for messages */
	void *pkey;             /* owned: OpenSSL's EVP_PKEY, always Ed25519 */
	/* SHA-256 of the key's DER SubjectPublicKeyInfo, lower-case hex: what
	 * 'openssl pkey -pubin -in KEY.pem -outform DER | sha256sum' prints. */
	char fingerprint[65];
};

/*
 * Parses pem (len bytes, one "PUBLIC KEY" block) into out.  Refused
 * (-FWD_E_REFUSED, ctx's error naming name): an empty text, a private key
 * (the public half is what is trusted), more than one PEM block, text
 * that is no PEM public key, and any key that is not Ed25519 (RSA, EC,
 * X25519...: named).  Returns 0 or a negative code; out is zeroed on
 * failure.
 */
int fwd_pubkey_from_pem(struct fwd_ctx *ctx, const char *name, const char *pem, size_t len,
			struct fwd_pubkey *out);

/* Frees what k owns and zeroes it; a zeroed k is fine. */
void fwd_pubkey_release(struct fwd_pubkey *k);

/*
 * Is sig (siglen bytes) k's Ed25519 signature over data (len bytes, the
 * exact bytes signed, no digest first: "openssl pkeyutl -sign -rawin")?
 * Returns 0 when it is; -FWD_E_REFUSED with ctx's error set when sig is
 * not FWD_SIG_SIZE bytes or does not verify with k.
 */
int fwd_signature_verify(struct fwd_ctx *ctx, const struct fwd_pubkey *k, const void *data,
			 size_t len, const unsigned char *sig, size_t siglen);

#endif
