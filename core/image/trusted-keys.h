/*
 * trusted-keys.h: the keys that may sign a manifest, and the signature
 * file.
 *
 * The keys are one key file the operator names (--trust-key, or
 * "trust-key =" in the config file) and every *.pem in the trusted-keys
 * folder (FWD_TRUSTED_KEYS_DIR, or $FWDISPATCH_TRUSTED_KEYS).  fwdispatch
 * runs as root and takes orders from whatever these keys sign, so each
 * file and the folder pass the plugins' rule (trusted-file.h: owned by
 * root or the invoking user, writable by nobody else), are opened by
 * descriptor without following a symbolic link, and are read once.
 * Either being there means trust is configured: every manifest must then
 * carry a signature one of the keys verifies.
 *
 * Ownership: a struct fwd_trusted_keys owns its keys; release it with
 * fwd_trusted_keys_release().
 */
#ifndef FWD_TRUSTED_KEYS_H
#define FWD_TRUSTED_KEYS_H

#include <stddef.h>

#include "image/signature.h"
#include "util/ctx.h"

/* The default folder (Makefile: TRUSTED_KEYS_DIR). */
#ifndef FWD_TRUSTED_KEYS_DIR
#define FWD_TRUSTED_KEYS_DIR "/etc/fwdispatch/trusted-keys"
#endif
#define FWD_TRUSTED_KEYS_ENV "FWDISPATCH_TRUSTED_KEYS"

struct fwd_trusted_keys {
	struct fwd_pubkey *keys;  /* owned, n of them */
	size_t n;
	/* A key file was named or the folder exists: a manifest must be
	 * signed, even when the folder holds no key (then none verifies). */
	int configured;
	/* What configured them, for messages: "key 'K'", "the folder 'D'",
	 * "key 'K' and the folder 'D'"; "" when not configured. */
	char where[1024];
};

/*
 * The trusted-keys folder: $FWDISPATCH_TRUSTED_KEYS when set (*named = 1:
 * it must exist), else FWD_TRUSTED_KEYS_DIR (*named = 0: it may be
 * missing).  NULL (none) when the variable is empty or /dev/null, the
 * usual way to say "none" where a path is expected.
 */
const char *fwd_trusted_keys_dir(int *named);

/*
 * Loads key_file (or none when NULL) and every *.pem in dir (or none when
 * NULL; a missing dir is fine unless dir_named) into out.  Refused
 * (-FWD_E_REFUSED, ctx's error naming the file): a symbolic link, no
 * regular file, a file or folder that fails trusted-file.h's rule, and a
 * file that is no Ed25519 public key (signature.h).  Returns 0 or a
 * negative code; out is then empty.
 */
int fwd_trusted_keys_load(struct fwd_ctx *ctx, const char *key_file, const char *dir,
			  int dir_named, struct fwd_trusted_keys *out);

void fwd_trusted_keys_release(struct fwd_trusted_keys *t);

/*
 * Reads the signature file at path (a regular file, not a symbolic link:
 * a FIFO never makes it wait) into sig, which holds FWD_SIG_SIZE bytes.
 * A file of any other size is refused (-FWD_E_REFUSED), naming it and
 * saying how to make one.  Returns 0 or a negative code.
 */
int fwd_signature_read(struct fwd_ctx *ctx, const char *path, unsigned char *sig);

/*
 * Does one of t's keys verify sig over data (what: the signed file's
 * name, for messages)?  Returns 0 with *by the key that did, else
 * -FWD_E_REFUSED with ctx's error saying which keys were tried.
 */
int fwd_trusted_keys_verify(struct fwd_ctx *ctx, const struct fwd_trusted_keys *t,
			    const char *what, const void *data, size_t len,
			    const unsigned char *sig, const struct fwd_pubkey **by);

#endif
