/*
 * manifest-signed.c: read once, verify, then parse the same bytes
 * (manifest-signed.h).
 */
#include "image/manifest-signed.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "image/trusted-keys.h"

/* Is a signature due, and is there what checking it needs?  0 when the
 * manifest may be read: signed (with keys) or unsigned (with none). */
static int trust_fits(struct fwd_ctx *ctx, const char *path, const struct fwd_manifest_trust *t,
		      const struct fwd_trusted_keys *keys, const char *dir)
{
	if (t->signed_before && !keys->configured)
		return fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "manifest '%s' was verified with key "
			"sha256 %s when the run being resumed started, and no trusted key is "
			"configured now: give --trust-key KEY.pem with that key (and --signature "
			"FILE)", path,
			t->signed_before);
	if (t->signature && !keys->configured)
		return fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "manifest '%s': --signature '%s' is "
			"given, but no key to verify it with: give --trust-key KEY.pem, set "
			"'trust-key' in the config file, or put the key in the trusted-keys folder "
			"'%s'", path, t->signature, dir ? dir : FWD_TRUSTED_KEYS_DIR);
	if (!t->signature && keys->configured)
		return fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "manifest '%s' must be signed: a "
			"trusted key is configured (%s); give its signature with --signature FILE "
			"(made with 'openssl pkeyutl -sign -rawin -inkey KEY -in MANIFEST -out "
			"FILE'). Nothing in the manifest was used", path, keys->where);
	return 0;
}

int fwd_manifest_load_signed(struct fwd_ctx *ctx, const char *path,
			     const struct fwd_manifest_trust *t, struct fwd_manifest **out)
{
	struct fwd_trusted_keys keys;
	const struct fwd_pubkey *by = NULL;
	unsigned char sig[FWD_SIG_SIZE];
	const char *dir;
	size_t len = 0;
	char *text = NULL;
	int named, ret;

	*out = NULL;
	dir = fwd_trusted_keys_dir(&named);
	ret = fwd_trusted_keys_load(ctx, t->trust_key, dir, named, &keys);
	if (ret)
		return ret;
	ret = trust_fits(ctx, path, t, &keys, dir);
	if (!ret && t->signature)
		ret = fwd_signature_read(ctx, t->signature, sig);
	if (!ret)
		ret = fwd_manifest_read(ctx, path, &text, &len);
	/* The bytes verified are the bytes parsed: no second read. */
	if (!ret && t->signature)
		ret = fwd_trusted_keys_verify(ctx, &keys, path, text, len, sig, &by);
	if (!ret)
		ret = fwd_manifest_parse(ctx, path, text, len, out);
	if (!ret && by) {
		memcpy((*out)->signed_by, by->fingerprint, sizeof((*out)->signed_by));
		(*out)->signed_key = strdup(by->name);
		if (!(*out)->signed_key) {
			fwd_manifest_free(*out);
			*out = NULL;
			ret = fwd_ctx_set_error(ctx, -ENOMEM, "out of memory");
		}
	}
	free(text);
	fwd_trusted_keys_release(&keys);
	return ret;
}
