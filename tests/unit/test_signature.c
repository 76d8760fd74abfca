/*
 * test_signature.c: signed manifests (issue 12): the Ed25519 check itself
 * (a good signature, a tampered byte, a wrong key, a truncated or empty
 * signature, keys that are not Ed25519 public keys, the fingerprint), the
 * trusted keys and the signature file as read from disk (links, FIFOs,
 * loose modes, sizes), and the signed manifest's load (required once a
 * key is configured, refused without one, resumed runs).  Keys are made
 * here with OpenSSL; files go to a temp folder.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/pem.h>

#include "image/manifest-signed.h"
#include "image/signature.h"
#include "image/trusted-keys.h"
#include "test-util.h"

#define MANIFEST "{\"schema\": \"fwdispatch-manifest/1\", \"images\": [{\"component\": " \
	"\"bmc\", \"file\": \"a.hpm\", \"version\": \"1.0\", \"sha256\": \"" \
	"abcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcd\", " \
	"\"boards\": [\"B\"]}]}\n"

struct fixture {
	char *dir;
	struct fwd_ctx ctx;
	EVP_PKEY *ops, *other;        /* two Ed25519 key pairs */
	char *ops_pem, *other_pem;    /* their public halves, PEM */
};

static EVP_PKEY *keygen(const char *type, const char *arg)
{
	EVP_PKEY *k = arg ? EVP_PKEY_Q_keygen(NULL, NULL, type, arg) :
			    EVP_PKEY_Q_keygen(NULL, NULL, type);

	assert_non_null(k);
	return k;
}

static EVP_PKEY *keygen_rsa(void)
{
	EVP_PKEY *k = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)1024);

	assert_non_null(k);
	return k;
}

/* k's public half (or private, when private_pem) as PEM text, malloc'd. */
static char *pem_of(EVP_PKEY *k, int private_pem)
{
	BIO *b = BIO_new(BIO_s_mem());
	char *data, *out;
	long len;

	assert_non_null(b);
	assert_int_equal(private_pem ? PEM_write_bio_PrivateKey(b, k, NULL, NULL, 0, NULL, NULL) :
			 PEM_write_bio_PUBKEY(b, k), 1);
	len = BIO_get_mem_data(b, &data);
	out = strndup(data, (size_t)len);
	BIO_free(b);
	assert_non_null(out);
	return out;
}

/* k's Ed25519 signature over data, as 'openssl pkeyutl -sign -rawin' makes it. */
static void sign(EVP_PKEY *k, const void *data, size_t len, unsigned char sig[FWD_SIG_SIZE])
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	size_t siglen = FWD_SIG_SIZE;

	assert_non_null(md);
	assert_int_equal(EVP_DigestSignInit(md, NULL, NULL, NULL, k), 1);
	assert_int_equal(EVP_DigestSign(md, sig, &siglen, data, len), 1);
	assert_int_equal(siglen, FWD_SIG_SIZE);
	EVP_MD_CTX_free(md);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	f->dir = fwd_test_mkdtemp("signature");
	f->ops = keygen("ED25519", NULL);
	f->other = keygen("ED25519", NULL);
	f->ops_pem = pem_of(f->ops, 0);
	f->other_pem = pem_of(f->other, 0);
	fwd_ctx_init(&f->ctx);
	/* Only what a test puts there: never this machine's folder. */
	setenv(FWD_TRUSTED_KEYS_ENV, "/dev/null", 1);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	fwd_test_rm_rf(f->dir);
	EVP_PKEY_free(f->ops);
	EVP_PKEY_free(f->other);
	free(f->ops_pem);
	free(f->other_pem);
	free(f->dir);
	free(f);
	return 0;
}

static void expect_error(struct fwd_ctx *ctx, int ret, int code, const char *part)
{
	if (ret != code)
		fail_msg("expected %d, got %d (%s) while looking for '%s'", code, ret, ctx->err.msg,
			 part);
	if (!strstr(ctx->err.msg, part))
		fail_msg("message '%s' lacks '%s'", ctx->err.msg, part);
	fwd_ctx_init(ctx);
}

static void load_pem(struct fixture *f, const char *pem, struct fwd_pubkey *k)
{
	assert_int_equal(fwd_pubkey_from_pem(&f->ctx, "ops.pem", pem, strlen(pem), k), 0);
}

/* ---- The check itself ---- */

static void test_verify_good_tampered_wrong_key(void **state)
{
	struct fixture *f = *state;
	unsigned char sig[FWD_SIG_SIZE];
	char data[] = MANIFEST;
	size_t len = strlen(data);
	struct fwd_pubkey ops, other;

	load_pem(f, f->ops_pem, &ops);
	load_pem(f, f->other_pem, &other);
	sign(f->ops, data, len, sig);
	assert_int_equal(fwd_signature_verify(&f->ctx, &ops, data, len, sig, sizeof(sig)), 0);

	/* One byte of the manifest changed after signing: a version, say. */
	data[len / 2] ^= 0x01;
	expect_error(&f->ctx, fwd_signature_verify(&f->ctx, &ops, data, len, sig, sizeof(sig)),
		     -FWD_E_REFUSED, "does not verify with key 'ops.pem'");
	data[len / 2] ^= 0x01;
	/* One more byte at the end (a newline added by an editor). */
	expect_error(&f->ctx, fwd_signature_verify(&f->ctx, &ops, MANIFEST "\n", len + 1, sig,
						   sizeof(sig)), -FWD_E_REFUSED, "does not verify");
	/* A byte of the signature itself. */
	sig[10] ^= 0x80;
	expect_error(&f->ctx, fwd_signature_verify(&f->ctx, &ops, data, len, sig, sizeof(sig)),
		     -FWD_E_REFUSED, "does not verify");
	sig[10] ^= 0x80;

	/* A good signature, by another key than the trusted one. */
	expect_error(&f->ctx, fwd_signature_verify(&f->ctx, &other, data, len, sig, sizeof(sig)),
		     -FWD_E_REFUSED, other.fingerprint);
	assert_string_not_equal(ops.fingerprint, other.fingerprint);
	fwd_pubkey_release(&ops);
	fwd_pubkey_release(&other);
}

static void test_verify_truncated_and_empty(void **state)
{
	struct fixture *f = *state;
	unsigned char sig[FWD_SIG_SIZE], empty_sig[FWD_SIG_SIZE];
	struct fwd_pubkey ops;

	load_pem(f, f->ops_pem, &ops);
	sign(f->ops, MANIFEST, strlen(MANIFEST), sig);
	expect_error(&f->ctx, fwd_signature_verify(&f->ctx, &ops, MANIFEST, strlen(MANIFEST), sig,
						   FWD_SIG_SIZE - 1), -FWD_E_REFUSED,
		     "is 63 bytes, not the 64");
	expect_error(&f->ctx, fwd_signature_verify(&f->ctx, &ops, MANIFEST, strlen(MANIFEST), sig,
						   0), -FWD_E_REFUSED, "is 0 bytes");
	/* An empty file is signed like any other, and only that signature fits it. */
	expect_error(&f->ctx, fwd_signature_verify(&f->ctx, &ops, "", 0, sig, FWD_SIG_SIZE),
		     -FWD_E_REFUSED, "does not verify");
	sign(f->ops, "", 0, empty_sig);
	assert_int_equal(fwd_signature_verify(&f->ctx, &ops, "", 0, empty_sig, FWD_SIG_SIZE), 0);
	fwd_pubkey_release(&ops);
}

/* The fingerprint is the SHA-256 of the key's DER, which is the base64
 * inside the PEM: what 'openssl pkey -pubin -outform DER | sha256sum' gives. */
static void test_fingerprint(void **state)
{
	struct fixture *f = *state;
	unsigned char der[128], md[32];
	char b64[128] = "", hex[65];
	const char *p = strchr(f->ops_pem, '\n') + 1;
	struct fwd_pubkey ops;
	unsigned mdlen;
	int n;

	for (const char *end; *p != '-'; p = end + 1) {
		end = strchr(p, '\n');
		strncat(b64, p, (size_t)(end - p));
	}
	n = EVP_DecodeBlock(der, (const unsigned char *)b64, (int)strlen(b64));
	assert_true(n > 0);
	n -= (int)(strlen(b64) - strcspn(b64, "="));  /* padding decodes to zero bytes */
	assert_int_equal(n, 44);                      /* Ed25519's SubjectPublicKeyInfo */
	assert_int_equal(EVP_Digest(der, (size_t)n, md, &mdlen, EVP_sha256(), NULL), 1);
	for (int i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	load_pem(f, f->ops_pem, &ops);
	assert_string_equal(ops.fingerprint, hex);
	fwd_pubkey_release(&ops);
}

static void test_keys_refused(void **state)
{
	struct fixture *f = *state;
	EVP_PKEY *rsa = keygen_rsa(), *ec = keygen("EC", "P-256"), *x = keygen("X25519", NULL);
	char *rsa_pem = pem_of(rsa, 0), *ec_pem = pem_of(ec, 0), *x_pem = pem_of(x, 0);
	char *priv = pem_of(f->ops, 1), two[2048];
	struct fwd_pubkey k;

	expect_error(&f->ctx, fwd_pubkey_from_pem(&f->ctx, "rsa.pem", rsa_pem, strlen(rsa_pem),
						  &k), -FWD_E_REFUSED, "is an RSA key, not Ed25519");
	expect_error(&f->ctx, fwd_pubkey_from_pem(&f->ctx, "ec.pem", ec_pem, strlen(ec_pem), &k),
		     -FWD_E_REFUSED, "is an EC key, not Ed25519");
	/* The same curve's key-exchange twin: 32 bytes too, but no signing key. */
	expect_error(&f->ctx, fwd_pubkey_from_pem(&f->ctx, "x.pem", x_pem, strlen(x_pem), &k),
		     -FWD_E_REFUSED, "is an X25519 key, not Ed25519");
	expect_error(&f->ctx, fwd_pubkey_from_pem(&f->ctx, "k.pem", priv, strlen(priv), &k),
		     -FWD_E_REFUSED, "holds a private key");
	snprintf(two, sizeof(two), "%s%s", f->ops_pem, f->other_pem);
	expect_error(&f->ctx, fwd_pubkey_from_pem(&f->ctx, "k.pem", two, strlen(two), &k),
		     -FWD_E_REFUSED, "more than one PEM block");
	expect_error(&f->ctx, fwd_pubkey_from_pem(&f->ctx, "k.pem", "", 0, &k), -FWD_E_REFUSED,
		     "trusted key 'k.pem' is empty");
	expect_error(&f->ctx, fwd_pubkey_from_pem(&f->ctx, "k.pem", "ssh-ed25519 AAAA", 16, &k),
		     -FWD_E_REFUSED, "is not a PEM public key");
	assert_null(k.pkey);
	EVP_PKEY_free(rsa);
	EVP_PKEY_free(ec);
	EVP_PKEY_free(x);
	free(rsa_pem);
	free(ec_pem);
	free(x_pem);
	free(priv);
}

/* ---- From disk ---- */

static char *write_in(struct fixture *f, const char *name, const void *data, size_t len,
		      mode_t mode)
{
	char *p = fwd_test_path(f->dir, name);

	fwd_test_write_file(p, data, len, mode);
	return p;
}

static void test_signature_file(void **state)
{
	struct fixture *f = *state;
	unsigned char sig[FWD_SIG_SIZE], got[FWD_SIG_SIZE], big[FWD_SIG_SIZE + 1] = { 0 };
	char *good, *empty, *short_sig, *long_sig, *fifo, *link;

	sign(f->ops, MANIFEST, strlen(MANIFEST), sig);
	good = write_in(f, "good.sig", sig, sizeof(sig), 0644);
	empty = write_in(f, "empty.sig", "", 0, 0644);
	short_sig = write_in(f, "short.sig", sig, sizeof(sig) - 1, 0644);
	long_sig = write_in(f, "long.sig", big, sizeof(big), 0644);
	fifo = fwd_test_path(f->dir, "fifo.sig");
	link = fwd_test_path(f->dir, "link.sig");
	assert_int_equal(mkfifo(fifo, 0600), 0);
	assert_int_equal(symlink(good, link), 0);

	assert_int_equal(fwd_signature_read(&f->ctx, good, got), 0);
	assert_memory_equal(got, sig, sizeof(sig));
	expect_error(&f->ctx, fwd_signature_read(&f->ctx, empty, got), -FWD_E_REFUSED,
		     "is 0 bytes, not an Ed25519 signature (64 bytes");
	expect_error(&f->ctx, fwd_signature_read(&f->ctx, short_sig, got), -FWD_E_REFUSED,
		     "is 63 bytes");
	expect_error(&f->ctx, fwd_signature_read(&f->ctx, long_sig, got), -FWD_E_REFUSED,
		     "is 65 bytes");
	expect_error(&f->ctx, fwd_signature_read(&f->ctx, fifo, got), -FWD_E_REFUSED,
		     "is a FIFO, not a signature file");
	expect_error(&f->ctx, fwd_signature_read(&f->ctx, link, got), -FWD_E_REFUSED,
		     "is a symbolic link");
	free(good);
	free(empty);
	free(short_sig);
	free(long_sig);
	free(fifo);
	free(link);
}

static void test_trusted_key_files(void **state)
{
	struct fixture *f = *state;
	char *ops = write_in(f, "ops.pem", f->ops_pem, (size_t)-1, 0644);
	char *loose = write_in(f, "loose.pem", f->ops_pem, (size_t)-1, 0664);
	char *empty = write_in(f, "empty.pem", "", 0, 0644);
	char *link = fwd_test_path(f->dir, "link.pem");
	struct fwd_trusted_keys t;

	assert_int_equal(symlink(ops, link), 0);
	assert_int_equal(fwd_trusted_keys_load(&f->ctx, ops, NULL, 0, &t), 0);
	assert_int_equal(t.n, 1);
	assert_true(t.configured);
	fwd_trusted_keys_release(&t);

	expect_error(&f->ctx, fwd_trusted_keys_load(&f->ctx, loose, NULL, 0, &t), -FWD_E_REFUSED,
		     "is writable by its group");
	expect_error(&f->ctx, fwd_trusted_keys_load(&f->ctx, link, NULL, 0, &t), -FWD_E_REFUSED,
		     "is a symbolic link");
	expect_error(&f->ctx, fwd_trusted_keys_load(&f->ctx, empty, NULL, 0, &t), -FWD_E_REFUSED,
		     "is empty");
	expect_error(&f->ctx, fwd_trusted_keys_load(&f->ctx, f->dir, NULL, 0, &t),
		     -FWD_E_REFUSED, "is a directory, not a key file");
	assert_int_equal(t.n, 0);

	/* A folder above the key that others can write to (not sticky): whoever
	 * can could swap in a key of their own (issue 12, defect 1's rule). */
	assert_int_equal(chmod(f->dir, 0777), 0);
	expect_error(&f->ctx, fwd_trusted_keys_load(&f->ctx, ops, NULL, 0, &t), -FWD_E_REFUSED,
		     "which is writable by others (mode 0777) and not sticky");
	expect_error(&f->ctx, fwd_trusted_keys_load(&f->ctx, NULL, f->dir, 1, &t),
		     -FWD_E_REFUSED, "the trusted-keys folder");
	assert_int_equal(chmod(f->dir, 01777), 0);
	assert_int_equal(fwd_trusted_keys_load(&f->ctx, ops, NULL, 0, &t), 0);
	fwd_trusted_keys_release(&t);
	assert_int_equal(chmod(f->dir, 0755), 0);
	free(ops);
	free(loose);
	free(empty);
	free(link);
}

static void test_trusted_keys_folder(void **state)
{
	struct fixture *f = *state;
	char *keys = fwd_test_path(f->dir, "keys"), *p, *missing;
	unsigned char sig[FWD_SIG_SIZE];
	const struct fwd_pubkey *by;
	struct fwd_trusted_keys t;

	/* The default folder may be missing: nothing is configured. */
	missing = fwd_test_path(f->dir, "none");
	assert_int_equal(fwd_trusted_keys_load(&f->ctx, NULL, missing, 0, &t), 0);
	assert_false(t.configured);
	expect_error(&f->ctx, fwd_trusted_keys_load(&f->ctx, NULL, missing, 1, &t),
		     -FWD_E_REFUSED, "cannot use the trusted-keys folder");

	/* An empty folder is configured: nothing verifies (fail closed). */
	assert_int_equal(mkdir(keys, 0755), 0);
	assert_int_equal(fwd_trusted_keys_load(&f->ctx, NULL, keys, 0, &t), 0);
	assert_true(t.configured);
	sign(f->ops, MANIFEST, strlen(MANIFEST), sig);
	expect_error(&f->ctx, fwd_trusted_keys_verify(&f->ctx, &t, "m.json", MANIFEST,
						      strlen(MANIFEST), sig, &by),
		     -FWD_E_REFUSED, "holds no *.pem key");
	fwd_trusted_keys_release(&t);

	/* Any *.pem there may sign; other files are no keys. */
	p = fwd_test_path(keys, "other.pem");
	fwd_test_write_file(p, f->other_pem, (size_t)-1, 0644);
	free(p);
	p = fwd_test_path(keys, "ops.pem");
	fwd_test_write_file(p, f->ops_pem, (size_t)-1, 0644);
	free(p);
	p = fwd_test_path(keys, "README");
	fwd_test_write_file(p, "not a key", (size_t)-1, 0644);
	free(p);
	assert_int_equal(fwd_trusted_keys_load(&f->ctx, NULL, keys, 1, &t), 0);
	assert_int_equal(t.n, 2);
	assert_int_equal(fwd_trusted_keys_verify(&f->ctx, &t, "m.json", MANIFEST,
						 strlen(MANIFEST), sig, &by), 0);
	assert_non_null(strstr(by->name, "/ops.pem"));
	fwd_trusted_keys_release(&t);

	/* A folder others may write to, or a link in it: refused. */
	assert_int_equal(chmod(keys, 0777), 0);
	expect_error(&f->ctx, fwd_trusted_keys_load(&f->ctx, NULL, keys, 1, &t), -FWD_E_REFUSED,
		     "is writable by others");
	assert_int_equal(chmod(keys, 0755), 0);
	p = fwd_test_path(keys, "link.pem");
	assert_int_equal(symlink("ops.pem", p), 0);
	expect_error(&f->ctx, fwd_trusted_keys_load(&f->ctx, NULL, keys, 1, &t), -FWD_E_REFUSED,
		     "link.pem' is a symbolic link");
	unlink(p);
	free(p);
	/* The folder itself through a link. */
	p = fwd_test_path(f->dir, "keys-link");
	assert_int_equal(symlink(keys, p), 0);
	expect_error(&f->ctx, fwd_trusted_keys_load(&f->ctx, NULL, p, 1, &t), -FWD_E_REFUSED,
		     "is a symbolic link: name the folder itself");
	free(p);
	free(keys);
	free(missing);
}

/* ---- The signed manifest ---- */

struct files {
	char *manifest, *sig, *key, *other_key;
};

static void make_files(struct fixture *f, struct files *fl)
{
	unsigned char sig[FWD_SIG_SIZE];

	fl->manifest = write_in(f, "m.json", MANIFEST, (size_t)-1, 0644);
	sign(f->ops, MANIFEST, strlen(MANIFEST), sig);
	fl->sig = write_in(f, "m.json.sig", sig, sizeof(sig), 0644);
	fl->key = write_in(f, "ops.pem", f->ops_pem, (size_t)-1, 0644);
	fl->other_key = write_in(f, "other.pem", f->other_pem, (size_t)-1, 0644);
}

static void free_files(struct files *fl)
{
	free(fl->manifest);
	free(fl->sig);
	free(fl->key);
	free(fl->other_key);
}

static void test_manifest_signed(void **state)
{
	struct fixture *f = *state;
	struct fwd_manifest *m;
	struct fwd_pubkey ops;
	struct files fl;

	make_files(f, &fl);
	load_pem(f, f->ops_pem, &ops);

	/* Signed and verified: the key that did it is named. */
	assert_int_equal(fwd_manifest_load_signed(&f->ctx, fl.manifest, &(struct fwd_manifest_trust)
		{ .signature = fl.sig, .trust_key = fl.key }, &m), 0);
	assert_string_equal(m->signed_by, ops.fingerprint);
	assert_string_equal(m->signed_key, fl.key);
	assert_int_equal(m->n, 1);
	fwd_manifest_free(m);

	/* No key, no signature: unsigned, as before. */
	assert_int_equal(fwd_manifest_load_signed(&f->ctx, fl.manifest, &(struct fwd_manifest_trust)
		{ 0 }, &m), 0);
	assert_string_equal(m->signed_by, "");
	assert_null(m->signed_key);
	fwd_manifest_free(m);

	expect_error(&f->ctx, fwd_manifest_load_signed(&f->ctx, fl.manifest,
		&(struct fwd_manifest_trust){ .signature = fl.sig, .trust_key = fl.other_key }, &m),
		-FWD_E_REFUSED, "is not signed by the trusted key");
	assert_null(m);
	expect_error(&f->ctx, fwd_manifest_load_signed(&f->ctx, fl.manifest,
		&(struct fwd_manifest_trust){ .trust_key = fl.key }, &m),
		-FWD_E_REFUSED, "must be signed: a trusted key is configured");
	expect_error(&f->ctx, fwd_manifest_load_signed(&f->ctx, fl.manifest,
		&(struct fwd_manifest_trust){ .signature = fl.sig }, &m),
		-FWD_E_REFUSED, "but no key to verify it with");
	/* A resumed run whose manifest was signed: not without a key now. */
	expect_error(&f->ctx, fwd_manifest_load_signed(&f->ctx, fl.manifest,
		&(struct fwd_manifest_trust){ .signed_before = ops.fingerprint }, &m),
		-FWD_E_REFUSED, "no trusted key is configured now");

	/* Tampered after signing: nothing of it is parsed. */
	fwd_test_write_file(fl.manifest, "{\"schema\": 1}", (size_t)-1, 0644);
	expect_error(&f->ctx, fwd_manifest_load_signed(&f->ctx, fl.manifest,
		&(struct fwd_manifest_trust){ .signature = fl.sig, .trust_key = fl.key }, &m),
		-FWD_E_REFUSED, "nothing in it is used");
	fwd_pubkey_release(&ops);
	free_files(&fl);
}

/* The folder alone configures trust: a manifest without a signature is
 * refused, one signed by a key there passes. */
static void test_manifest_folder(void **state)
{
	struct fixture *f = *state;
	char *keys = fwd_test_path(f->dir, "keys"), *p;
	struct fwd_manifest *m;
	struct files fl;

	make_files(f, &fl);
	assert_int_equal(mkdir(keys, 0755), 0);
	p = fwd_test_path(keys, "ops.pem");
	fwd_test_write_file(p, f->ops_pem, (size_t)-1, 0644);
	setenv(FWD_TRUSTED_KEYS_ENV, keys, 1);
	expect_error(&f->ctx, fwd_manifest_load_signed(&f->ctx, fl.manifest,
		&(struct fwd_manifest_trust){ 0 }, &m), -FWD_E_REFUSED, "the folder '");
	assert_int_equal(fwd_manifest_load_signed(&f->ctx, fl.manifest,
		&(struct fwd_manifest_trust){ .signature = fl.sig }, &m), 0);
	assert_string_equal(m->signed_key, p);
	fwd_manifest_free(m);
	/* --trust-key adds to the folder: another key there, ops' still verifies. */
	assert_int_equal(fwd_manifest_load_signed(&f->ctx, fl.manifest,
		&(struct fwd_manifest_trust){ .signature = fl.sig, .trust_key = fl.other_key },
		&m), 0);
	fwd_manifest_free(m);
	free(p);
	free(keys);
	free_files(&fl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_verify_good_tampered_wrong_key, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_verify_truncated_and_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fingerprint, setup, teardown),
		cmocka_unit_test_setup_teardown(test_keys_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_signature_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trusted_key_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trusted_keys_folder, setup, teardown),
		cmocka_unit_test_setup_teardown(test_manifest_signed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_manifest_folder, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
