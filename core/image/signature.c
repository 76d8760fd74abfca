/*
 * signature.c: Ed25519 keys and signatures through OpenSSL (signature.h).
 *
 * Ed25519 signs the message itself, not a digest of it: the verifying
 * context is made with a NULL digest and the whole message is handed to
 * EVP_DigestVerify in one call (OpenSSL has no streaming Ed25519).
 */
#include "image/signature.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

/* Never prompt for a passphrase: a trusted key is a public key. */
static int no_passphrase(char *buf, int size, int rwflag, void *u)
{
	(void)buf;
	(void)size;
	(void)rwflag;
	(void)u;
	return -1;
}

static int refuse(struct fwd_ctx *ctx, const char *name, const char *why)
{
	ERR_clear_error();
	return fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "trusted key '%s' %s", name, why);
}

/* How many times needle occurs in the len bytes of text. */
static size_t count(const char *text, size_t len, const char *needle)
{
	const char *p = text, *end = text + len, *hit;
	size_t n = 0, nl = strlen(needle);

	while ((hit = memmem(p, (size_t)(end - p), needle, nl))) {
		n++;
		p = hit + nl;
	}
	return n;
}

static int fingerprint(EVP_PKEY *pk, char hex[65])
{
	unsigned char md[EVP_MAX_MD_SIZE], *der = NULL;
	unsigned int mdlen = 0;
	int len = i2d_PUBKEY(pk, &der);

	if (len <= 0)
		return -1;
	if (EVP_Digest(der, (size_t)len, md, &mdlen, EVP_sha256(), NULL) != 1 || mdlen != 32) {
		OPENSSL_free(der);
		return -1;
	}
	OPENSSL_free(der);
	for (unsigned i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	return 0;
}

int fwd_pubkey_from_pem(struct fwd_ctx *ctx, const char *name, const char *pem, size_t len,
			struct fwd_pubkey *out)
{
	EVP_PKEY *pk;
	BIO *bio;

	memset(out, 0, sizeof(*out));
	if (len == 0)
		return refuse(ctx, name, "is empty: it must hold an Ed25519 public key in PEM "
			      "('openssl pkey -in PRIVATE.pem -pubout' writes one)");
	if (len > FWD_PUBKEY_MAX_SIZE)
		return refuse(ctx, name, "is too big to be a public key");
	/* The private half on a server would let anyone there sign manifests. */
	if (count(pem, len, "PRIVATE KEY-----"))
		return refuse(ctx, name, "holds a private key: trust the public half only "
			      "('openssl pkey -in PRIVATE.pem -pubout'), and keep the private key "
			      "off the servers");
	/* A second key would be silently ignored: one key per file. */
	if (count(pem, len, "-----BEGIN ") > 1)
		return refuse(ctx, name, "holds more than one PEM block: put one key per file");
	bio = BIO_new_mem_buf(pem, (int)len);
	if (!bio)
		return fwd_ctx_set_error(ctx, -ENOMEM, "out of memory");
	pk = PEM_read_bio_PUBKEY(bio, NULL, no_passphrase, NULL);
	BIO_free(bio);
	if (!pk)
		return refuse(ctx, name, "is not a PEM public key (\"-----BEGIN PUBLIC KEY-----\"): "
			      "make it with 'openssl pkey -in PRIVATE.pem -pubout'");
	if (EVP_PKEY_get_id(pk) != EVP_PKEY_ED25519) {
		char why[160];
		const char *type = EVP_PKEY_get0_type_name(pk);

		snprintf(why, sizeof(why), "is %s %s key, not Ed25519: make the key pair with "
			 "'openssl genpkey -algorithm ed25519'", type ? "an" : "another",
			 type ? type : "kind of");
		EVP_PKEY_free(pk);
		return refuse(ctx, name, why);
	}
	if (fingerprint(pk, out->fingerprint) != 0 || !(out->name = strdup(name))) {
		EVP_PKEY_free(pk);
		ERR_clear_error();
		memset(out, 0, sizeof(*out));
		return fwd_ctx_set_error(ctx, -ENOMEM, "out of memory");
	}
	out->pkey = pk;
	return 0;
}

void fwd_pubkey_release(struct fwd_pubkey *k)
{
	if (!k)
		return;
	EVP_PKEY_free(k->pkey);
	free(k->name);
	memset(k, 0, sizeof(*k));
}

int fwd_signature_verify(struct fwd_ctx *ctx, const struct fwd_pubkey *k, const void *data,
			 size_t len, const unsigned char *sig, size_t siglen)
{
	EVP_MD_CTX *md;
	int ok;

	if (siglen != FWD_SIG_SIZE)
		return fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "the signature is %zu bytes, not the "
					 "%d of an Ed25519 signature", siglen, FWD_SIG_SIZE);
	md = EVP_MD_CTX_new();
	if (!md)
		return fwd_ctx_set_error(ctx, -ENOMEM, "out of memory");
	/* NULL digest: Ed25519 hashes the message itself (PureEdDSA). */
	ok = EVP_DigestVerifyInit(md, NULL, NULL, NULL, k->pkey) == 1 &&
	     EVP_DigestVerify(md, sig, siglen, data, len) == 1;
	EVP_MD_CTX_free(md);
	ERR_clear_error();
	if (!ok)
		return fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "the signature does not verify with "
					 "key '%s' (sha256 %s)", k->name, k->fingerprint);
	return 0;
}
