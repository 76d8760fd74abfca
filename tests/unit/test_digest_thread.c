/*
 * test_digest_thread.c: a digest computed on the second thread
 * (core/image/digest-thread.c) equals OpenSSL's one-shot digest of the same
 * bytes, whatever the size (empty, under a slot, on and across slot and
 * ring boundaries, odd) and however they are fed (one byte, odd pieces,
 * pieces larger than the ring).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "image/digest-thread.h"

#define SLOT FWD_DIGEST_SLOT_SIZE
#define RING ((size_t)FWD_DIGEST_SLOTS * FWD_DIGEST_SLOT_SIZE)

static uint8_t *pattern(size_t n)
{
	uint8_t *p = malloc(n ? n : 1);
	uint32_t x = 2463534242u;

	assert_non_null(p);
	for (size_t i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		p[i] = (uint8_t)x;
	}
	return p;
}

static void threaded(const EVP_MD *type, const uint8_t *p, size_t n, size_t chunk,
		     uint8_t *md, unsigned *md_len)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	struct fwd_digest_thread *t;

	assert_non_null(ctx);
	assert_int_equal(EVP_DigestInit_ex(ctx, type, NULL), 1);
	t = fwd_digest_thread_start(ctx);
	assert_non_null(t);
	for (size_t off = 0; off < n; off += chunk)
		fwd_digest_thread_feed(t, p + off, n - off < chunk ? n - off : chunk);
	assert_int_equal(fwd_digest_thread_finish(t), 0);
	assert_int_equal(EVP_DigestFinal_ex(ctx, md, md_len), 1);
	EVP_MD_CTX_free(ctx);
}

static void test_equals_one_shot(void **state)
{
	static const size_t sizes[] = {
		0, 1, 63, SLOT - 1, SLOT, SLOT + 1, RING - 1, RING, RING + 1,
		3 * RING + 12345,
	};
	static const size_t chunks[] = { 1, 7, 4093, SLOT, SLOT + 3, 2 * RING + 1 };
	const EVP_MD *types[] = { EVP_md5(), EVP_sha256() };
	uint8_t *data = pattern(3 * RING + 12345);

	(void)state;
	for (unsigned d = 0; d < 2; d++) {
		for (unsigned i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
			uint8_t want[EVP_MAX_MD_SIZE];
			unsigned want_len = 0;

			assert_int_equal(EVP_Digest(data, sizes[i], want, &want_len, types[d],
						    NULL), 1);
			for (unsigned k = 0; k < sizeof(chunks) / sizeof(chunks[0]); k++) {
				uint8_t got[EVP_MAX_MD_SIZE];
				unsigned got_len = 0;

				/* a byte at a time only where it stays quick */
				if (chunks[k] == 1 && sizes[i] > RING + 1)
					continue;
				threaded(types[d], data, sizes[i], chunks[k], got, &got_len);
				assert_int_equal(got_len, want_len);
				assert_memory_equal(got, want, want_len);
			}
		}
	}
	free(data);
}

/* finish(NULL) is what a checker that never started a thread calls. */
static void test_finish_null(void **state)
{
	(void)state;
	assert_int_equal(fwd_digest_thread_finish(NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_equals_one_shot),
		cmocka_unit_test(test_finish_null),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
