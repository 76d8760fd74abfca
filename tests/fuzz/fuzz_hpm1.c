/*
 * fuzz_hpm1.c: the HPM.1 image validator (core/image/hpm1.c).
 *
 * Each input is an image.  It is checked whole, then fed again in chunks
 * of sizes drawn from the input itself: the verdict, the message and
 * everything learnt must be the same (hpm1.h: "chunk boundaries never
 * change the result").  Then once more with its MD5 trailer made right,
 * so that the fuzzer's changes reach the checks an MD5 mismatch would
 * otherwise hide (a lying length with a right MD5, say).  A valid image's
 * versions go through the version helpers.
 */
#include <string.h>

#include <openssl/evp.h>

#include "fuzz-util.h"
#include "image/hpm1.h"

/* Checks data in chunks: chunk 0 is the whole at once; else sizes come
 * from a small generator seeded with seed, 1..chunk bytes each. */
static int check(const uint8_t *data, size_t size, unsigned chunk, uint32_t seed,
		 struct fwd_hpm1_info *info, struct fwd_err *err)
{
	struct fwd_hpm1_checker *c = fwd_hpm1_checker_new();
	size_t off = 0;
	int ret;

	FUZZ_CHECK(c != NULL);
	/* The limit is lowered so that TOO_LARGE is reachable too. */
	fwd_hpm1_checker_set_max_size(c, 1u << 16);
	while (off < size) {
		size_t n = size - off;

		if (chunk) {
			seed = seed * 1103515245u + 12345u;
			if (n > 1 + (seed >> 16) % chunk)
				n = 1 + (seed >> 16) % chunk;
		}
		if (fwd_hpm1_checker_update(c, data + off, n) != 0)
			break;
		off += n;
	}
	memset(info, 0, sizeof(*info));
	memset(err, 0, sizeof(*err));
	ret = fwd_hpm1_checker_final(c, info, err);
	fwd_hpm1_checker_free(c);
	return ret;
}

static void same_verdict(int a, const struct fwd_hpm1_info *ia, const struct fwd_err *ea,
			 int b, const struct fwd_hpm1_info *ib, const struct fwd_err *eb)
{
	FUZZ_CHECK(a == b);
	FUZZ_CHECK(ea->code == eb->code);
	FUZZ_CHECK(strcmp(ea->msg, eb->msg) == 0);
	FUZZ_CHECK(memcmp(ia, ib, sizeof(*ia)) == 0);
}

static int sign(int x)
{
	return (x > 0) - (x < 0);
}

static void check_versions(const struct fwd_hpm1_info *info)
{
	char buf[FWD_HPM1_VERSION_STR_SIZE];
	struct fwd_hpm1_version back;

	for (unsigned i = 0; i < info->n_components; i++) {
		const struct fwd_hpm1_version *v = &info->components[i].version;

		fwd_hpm1_version_format(v, buf, sizeof(buf));
		/* What is printed reads back as the same version. */
		FUZZ_CHECK(fwd_hpm1_version_parse(buf, &back) == 0);
		FUZZ_CHECK(fwd_hpm1_version_compare(v, &back) == 0);
		/* The order is antisymmetric. */
		FUZZ_CHECK(sign(fwd_hpm1_version_compare(v, &info->firmware)) ==
			   -sign(fwd_hpm1_version_compare(&info->firmware, v)));
	}
}

static void check_all_ways(const uint8_t *data, size_t size)
{
	struct fwd_hpm1_info whole, part;
	struct fwd_err ew, ep;
	uint32_t seed = (uint32_t)size;
	int rw, rp;

	for (size_t i = 0; i < size && i < 64; i++)
		seed = seed * 31u + data[i];
	rw = check(data, size, 0, 0, &whole, &ew);
	FUZZ_CHECK(rw == 0 || (rw <= FWD_HPM1_E_FIRST && rw >= FWD_HPM1_E_LAST));
	FUZZ_CHECK(strcmp(fwd_hpm1_error_name(rw), "unknown") != 0);
	if (rw != 0)
		FUZZ_CHECK(ew.msg[0] != '\0' && !strchr(ew.msg, '\n'));
	rp = check(data, size, 1, seed, &part, &ep);
	same_verdict(rw, &whole, &ew, rp, &part, &ep);
	rp = check(data, size, 37, seed, &part, &ep);
	same_verdict(rw, &whole, &ew, rp, &part, &ep);
	rp = check(data, size, 70000, seed ^ 0x5a5a5a5au, &part, &ep);
	same_verdict(rw, &whole, &ew, rp, &part, &ep);
	if (rw == 0)
		check_versions(&whole);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *fixed;
	unsigned len = 0;

	check_all_ways(data, size);
	if (size < FWD_HPM1_MIN_SIZE || size > (1u << 16))
		return 0;
	/* The same bytes with the MD5 of [0, size-16) as their trailer. */
	fixed = malloc(size);
	FUZZ_CHECK(fixed != NULL);
	memcpy(fixed, data, size);
	FUZZ_CHECK(EVP_Digest(fixed, size - FWD_HPM1_MD5_SIZE, fixed + size - FWD_HPM1_MD5_SIZE,
			      &len, EVP_md5(), NULL) == 1);
	check_all_ways(fixed, size);
	free(fixed);
	return 0;
}
