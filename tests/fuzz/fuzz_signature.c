/*
 * fuzz_signature.c: a trusted key's PEM text and the check of an Ed25519
 * signature (core/image/signature.c), the two things of a signed manifest
 * that read outside bytes before the manifest itself is read.  First the
 * input as a key file: what parses is an Ed25519 key with a 64-hex-digit
 * fingerprint, and what does not is refused with a message.  Then the
 * input as a signature file and manifest (its first 64 bytes, the rest):
 * under a fixed key nobody holds the private half of here, nothing
 * verifies, and a signature that is not 64 bytes is refused as such.
 */
#include <string.h>

#include "fuzz-util.h"
#include "image/signature.h"

/* The public half of a key made for this target and thrown away. */
static const char fixed_pem[] =
	"-----BEGIN PUBLIC KEY-----\n"
	"MCowBQYDK2VwAyEAj5srnOLf24UOS4LsPzZCGTLJHRabJMOE0RcjQTk1Izs=\n"
	"-----END PUBLIC KEY-----\n";

static int is_hex64(const char *s)
{
	return strlen(s) == 64 && strspn(s, "0123456789abcdef") == 64;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fwd_pubkey k = { 0 }, fixed = { 0 };
	struct fwd_ctx ctx;
	int ret;

	fuzz_ctx_init(&ctx);
	ret = fwd_pubkey_from_pem(&ctx, "fuzz.pem", (const char *)data, size, &k);
	FUZZ_CHECK(ret == 0 || (ret < 0 && ctx.err.msg[0]));
	if (ret == 0)
		FUZZ_CHECK(k.pkey && is_hex64(k.fingerprint));
	fwd_pubkey_release(&k);

	fuzz_ctx_init(&ctx);
	FUZZ_CHECK(fwd_pubkey_from_pem(&ctx, "fixed.pem", fixed_pem, sizeof(fixed_pem) - 1,
				       &fixed) == 0);
	if (size >= FWD_SIG_SIZE) {
		ret = fwd_signature_verify(&ctx, &fixed, data + FWD_SIG_SIZE,
					   size - FWD_SIG_SIZE, data, FWD_SIG_SIZE);
		FUZZ_CHECK(ret == -FWD_E_REFUSED && ctx.err.msg[0]);
	}
	fuzz_ctx_init(&ctx);
	ret = fwd_signature_verify(&ctx, &fixed, data, size, data, size < 63 ? size : 63);
	FUZZ_CHECK(ret == -FWD_E_REFUSED && ctx.err.msg[0]);
	fwd_pubkey_release(&fixed);
	return 0;
}
