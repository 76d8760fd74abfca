/*
 * test_hpm1.c: the native HPM.1 validator (core/hpm1.c) against images from
 * the test builder (tests/support/hpm-build.c): valid variants with their
 * fields and SHA-256, each broken kind with its own code and message, the
 * copy, chunking, the digests on either thread, truncation at every offset,
 * byte flips, a 64 MiB stream in bounded memory, and the file and version
 * helpers.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "hpm-build.h"
#include "image/hpm1.h"
#include "test-util.h"
#include "util/version.h"
#include "util/error.h"

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif
#ifndef UNDER_ASAN
#define UNDER_ASAN 0
#endif

/* ---- helpers ------------------------------------------------------------- */

static uint8_t *build(const struct hpmb_spec *s, size_t *len, struct hpmb_layout *lay)
{
	uint8_t *buf = NULL;
	struct fwd_err err = { 0 };

	if (hpmb_build_mem(s, &buf, len, lay, err.msg, sizeof(err.msg)) < 0)
		fail_msg("builder: %s", err.msg);
	return buf;
}

/* SHA-256 of a buffer in one call, independent of the validator's stream. */
static void sha256_hex(const uint8_t *p, size_t n, char out[65])
{
	uint8_t md[EVP_MAX_MD_SIZE];
	unsigned len = 0;

	assert_int_equal(EVP_Digest(p, n, md, &len, EVP_sha256(), NULL), 1);
	assert_int_equal(len, 32);
	for (unsigned i = 0; i < 32; i++)
		sprintf(out + 2 * i, "%02x", md[i]);
}

/* Feeds buf in pieces of `chunk` bytes (0: all at once) through the checker.
 * The buffer is a private exact-size copy so ASan catches any overread. */
static int check_mem(const uint8_t *buf, size_t len, size_t chunk,
		     struct fwd_hpm1_info *info, struct fwd_err *err)
{
	struct fwd_hpm1_checker *c = fwd_hpm1_checker_new();
	uint8_t *copy = malloc(len ? len : 1);
	int rc;

	assert_non_null(c);
	assert_non_null(copy);
	memcpy(copy, buf, len);
	if (!chunk)
		chunk = len ? len : 1;
	for (size_t off = 0; off < len; off += chunk)
		fwd_hpm1_checker_update(c, copy + off, len - off < chunk ? len - off : chunk);
	rc = fwd_hpm1_checker_final(c, info, err);
	fwd_hpm1_checker_free(c);
	free(copy);
	return rc;
}

static int memfd_with(const uint8_t *buf, size_t len)
{
	int fd = memfd_create("hpm1-test", MFD_CLOEXEC);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, buf, len), (ssize_t)len);
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	return fd;
}

static void assert_message_style(const char *msg)
{
	size_t n = strlen(msg);

	assert_true(n > 10);
	assert_false(isupper((unsigned char)msg[0]));
	assert_true(msg[n - 1] != '.');
	assert_null(strchr(msg, '\n'));
}

/* The validator's findings agree with what the builder was asked for and
 * where it put things, and each payload is the stand-alone payload. */
static void assert_matches_spec(const struct hpmb_spec *s, const struct hpmb_layout *lay,
				const uint8_t *img, size_t len, const struct fwd_hpm1_info *in)
{
	char hexsum[65];
	uint8_t comps = 0;

	sha256_hex(img, len, hexsum);
	assert_string_equal(in->sha256_hex, hexsum);
	assert_string_equal(in->sha256_hex, lay->sha256_hex);
	assert_int_equal(in->size, len);
	assert_int_equal(in->size, hpmb_valid_size(s));
	assert_true(in->md5_ok);
	assert_int_equal(in->format_version, 0);
	assert_int_equal(in->device_id, s->device_id);
	assert_int_equal(in->manufacturer_id, s->manufacturer_id);
	assert_int_equal(in->product_id, s->product_id);
	assert_int_equal(in->time, s->time);
	assert_int_equal(in->capabilities, s->capabilities);
	assert_int_equal(in->self_test_timeout, s->self_test_timeout);
	assert_int_equal(in->rollback_timeout, s->rollback_timeout);
	assert_int_equal(in->inaccessibility_timeout, s->inaccessibility_timeout);
	assert_int_equal(in->earliest.major, s->earliest.major);
	assert_int_equal(in->earliest.minor, s->earliest.minor);
	assert_memory_equal(&in->firmware, &s->firmware, sizeof(in->firmware));
	assert_int_equal(in->oem_data_length, s->oem_length);
	assert_int_equal(in->n_backup, s->with_backup ? 1 : 0);
	assert_int_equal(in->n_prepare, s->with_prepare ? 1 : 0);
	assert_int_equal(in->n_components, s->n_components);
	assert_int_equal(lay->n_components, s->n_components);
	for (unsigned i = 0; i < s->n_components; i++) {
		const struct hpmb_component *sc = &s->components[i];
		const struct fwd_hpm1_component *c = &in->components[i];
		uint8_t stamp[HPMB_STAMP_SIZE];

		comps |= (uint8_t)(1u << sc->id);
		assert_int_equal(c->id, sc->id);
		assert_memory_equal(&c->version, &sc->version, sizeof(c->version));
		assert_string_equal(c->description, sc->description);
		assert_int_equal(c->payload_length, sc->payload_size);
		assert_int_equal(c->payload_offset, lay->components[i].payload_offset);
		assert_int_equal(c->record_offset, lay->components[i].record_offset);
		assert_true(c->payload_offset + c->payload_length <= len - FWD_HPM1_MD5_SIZE);

		hpmb_payload_stamp(sc, stamp);
		assert_memory_equal(img + c->payload_offset, stamp, HPMB_STAMP_SIZE);
		assert_memory_equal(img + c->payload_offset, "FWDSIMFW", 8);
		assert_int_equal(img[c->payload_offset + 8], sc->version.major);
		assert_int_equal(img[c->payload_offset + 9], sc->version.minor);

		/* the payload alone, as the BMC should receive it */
		{
			int fd = memfd_create("payload", MFD_CLOEXEC);
			struct stat st;
			uint8_t *p;

			assert_true(fd >= 0);
			assert_int_equal(hpmb_write_payload_fd(s, i, fd, NULL, 0), 0);
			assert_int_equal(fstat(fd, &st), 0);
			assert_int_equal(st.st_size, sc->payload_size);
			p = malloc(sc->payload_size);
			assert_non_null(p);
			assert_int_equal(pread(fd, p, sc->payload_size, 0), (ssize_t)sc->payload_size);
			assert_memory_equal(p, img + c->payload_offset, sc->payload_size);
			free(p);
			close(fd);
		}
	}
	assert_int_equal(in->components_mask, comps);
}

static void check_valid_spec(const struct hpmb_spec *s)
{
	struct fwd_hpm1_info info;
	struct hpmb_layout lay;
	struct fwd_err err = { 0 };
	size_t len;
	uint8_t *img = build(s, &len, &lay);
	int rc = check_mem(img, len, 0, &info, &err);

	if (rc != 0)
		fail_msg("valid image refused (%d): %s", rc, err.msg);
	assert_string_equal(err.msg, "");
	assert_matches_spec(s, &lay, img, len, &info);
	free(img);
}

/* ---- valid images -------------------------------------------------------- */

static void test_default_image(void **state)
{
	struct hpmb_spec s;
	struct fwd_hpm1_info info;
	char v[FWD_HPM1_VERSION_STR_SIZE];
	struct fwd_err err = { 0 };
	size_t len;
	uint8_t *img;
	int fd;

	(void)state;
	hpmb_spec_init(&s);
	check_valid_spec(&s);

	img = build(&s, &len, NULL);
	assert_int_equal(len, HPMB_DEFAULT_FILE_SIZE);
	fd = memfd_with(img, len);
	assert_int_equal(fwd_hpm1_check_fd(fd, -1, &info, &err), 0);
	close(fd);
	assert_int_equal(info.size, 1024);
	assert_int_equal(info.device_id, 0);
	assert_int_equal(info.manufacturer_id, 10876);
	assert_int_equal(info.product_id, 0x0956);
	assert_int_equal(info.components_mask, 0x01);
	assert_int_equal(info.n_components, 1);
	assert_int_equal(info.components[0].id, 0);
	assert_string_equal(info.components[0].description, "BMC firmware");
	assert_int_equal(info.components[0].record_offset, 35);
	assert_int_equal(info.components[0].payload_offset, 69);
	assert_int_equal(info.components[0].payload_length, 1024 - 69 - 16);
	fwd_hpm1_version_format(&info.components[0].version, v, sizeof(v));
	assert_string_equal(v, "1.00");
	fwd_hpm1_version_format(&info.earliest, v, sizeof(v));
	assert_string_equal(v, "0.00");
	free(img);
}

static void test_valid_variants(void **state)
{
	static const uint16_t oem_lengths[] = { 0, 1, 300, 65535 };
	struct hpmb_spec s;

	(void)state;
	for (unsigned variant = 0; variant < 16; variant++) {
		for (unsigned o = 0; o < sizeof(oem_lengths) / sizeof(oem_lengths[0]); o++) {
			hpmb_spec_init(&s);
			s.with_backup = variant & 1;
			s.with_prepare = variant & 2;
			s.alt_checksum = variant & 4;
			s.oem_length = oem_lengths[o];
			s.seed = 1000 + variant;
			if (variant & 8) {
				assert_int_equal(hpmb_spec_add_component(&s, 1, 4096), 0);
				assert_int_equal(hpmb_spec_add_component(&s, 7, 17), 0);
				s.components[2].version.major = 3;
				s.components[2].version.minor = 0x99;
				memcpy(s.components[2].version.aux, "\x01\x02\x03\x04", 4);
			}
			check_valid_spec(&s);
		}
	}

	/* identity and header fields of another vendor's board */
	hpmb_spec_init(&s);
	s.device_id = 0x20;
	s.manufacturer_id = 674;
	s.product_id = 0xffff;
	s.time = 0x5f5e1000;
	s.capabilities = 0x80;
	s.self_test_timeout = 12;
	s.rollback_timeout = 24;
	s.inaccessibility_timeout = 6;
	assert_int_equal(fwd_hpm1_version_parse("1.05", &s.earliest), 0);
	assert_int_equal(fwd_hpm1_version_parse("2.72", &s.firmware), 0);
	s.components[0].id = 5;
	s.components[0].version = s.firmware;
	memcpy(s.components[0].description, "exactly twenty chars", 21);
	check_valid_spec(&s);

	/* all eight components */
	hpmb_spec_init(&s);
	s.with_backup = s.with_prepare = true;
	for (uint8_t id = 1; id < 8; id++)
		assert_int_equal(hpmb_spec_add_component(&s, id, 16 + id), 0);
	assert_int_equal(hpmb_spec_add_component(&s, 3, 100), -1);  /* builder refuses a duplicate */
	check_valid_spec(&s);
}

static void test_sizes(void **state)
{
	static const uint64_t sizes[] = { 101, 102, 1023, 1024, 1025, 65536, 65536 + 15,
					  1 << 20 };
	struct hpmb_spec s;
	struct fwd_err err = { 0 };

	(void)state;
	for (unsigned i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		hpmb_spec_init(&s);
		assert_int_equal(hpmb_spec_fit_size(&s, sizes[i], err.msg, sizeof(err.msg)), 0);
		assert_int_equal(hpmb_valid_size(&s), sizes[i]);
		check_valid_spec(&s);
	}
	hpmb_spec_init(&s);
	/* payload < 16 */
	assert_int_equal(hpmb_spec_fit_size(&s, 100, err.msg, sizeof(err.msg)), -1);
	assert_non_null(strstr(err.msg, "100 bytes"));
}

/* ---- broken images --------------------------------------------------------- */

/* A word each message must contain: it names the problem. */
static const char *const break_words[HPMB_BREAK_COUNT] = {
	[HPMB_BREAK_EMPTY] = "empty (0 bytes)",
	[HPMB_BREAK_TOO_SMALL] = "image is 50 bytes",
	[HPMB_BREAK_BAD_SIGNATURE] = "signature at offset 0 is \"PICMGFWX\"",
	[HPMB_BREAK_BAD_FORMAT_VERSION] = "format version 1",
	[HPMB_BREAK_BAD_HEADER_CHECKSUM] = "bad header checksum",
	[HPMB_BREAK_OEM_PAST_END] = "claims 200 bytes of OEM data",
	[HPMB_BREAK_ZERO_MASK] = "component mask at offset 20 is 0x00",
	[HPMB_BREAK_BAD_RECORD_CHECKSUM] = "bad checksum",
	[HPMB_BREAK_UNKNOWN_ACTION] = "unknown type 7",
	[HPMB_BREAK_UPLOAD_MASK_MULTI_BIT] = "exactly one component",
	[HPMB_BREAK_MASK_OUTSIDE_HEADER] = "but the header lists only",
	[HPMB_BREAK_DUPLICATE_COMPONENT] = "uploads component 0 again",
	[HPMB_BREAK_UNTERMINATED_DESCRIPTION] = "not NUL-terminated",
	[HPMB_BREAK_DESCRIPTOR_PAST_END] = "needs a 31-byte descriptor but only 20 bytes remain",
	[HPMB_BREAK_LYING_LENGTH] = "payload bytes but only",
	[HPMB_BREAK_EMPTY_PAYLOAD] = "0-byte payload",
	[HPMB_BREAK_TRAILING_BYTES] = "2 stray bytes",
	[HPMB_BREAK_NO_UPLOAD] = "no upload record",
	[HPMB_BREAK_TRUNCATED] = "truncated",
	[HPMB_BREAK_BAD_MD5] = "MD5 trailer",
};

static void check_break(struct hpmb_spec *s, enum hpmb_break kind)
{
	const struct hpmb_break_info *bi = &hpmb_break_table()[kind];
	struct fwd_hpm1_info info;
	char hexsum[65];
	struct fwd_err err = { 0 };
	struct fwd_err err2 = { 0 };
	size_t len;
	uint8_t *img;
	int rc, fd;

	s->brk = kind;
	img = build(s, &len, NULL);
	rc = check_mem(img, len, 0, &info, &err);
	if (rc != bi->expected_error)
		fail_msg("break %s: got %d (%s) instead of %d: %s", bi->name, rc,
			 fwd_hpm1_error_name(rc), bi->expected_error, err.msg);
	assert_message_style(err.msg);
	if (!strstr(err.msg, break_words[kind]))
		fail_msg("break %s: message does not name the problem: %s", bi->name, err.msg);
	if (getenv("HPM1_TEST_VERBOSE"))
		print_message("%-26s %-24s %s\n", bi->name, fwd_hpm1_error_name(rc), err.msg);
	/* size and SHA-256 still describe the file after a refusal */
	sha256_hex(img, len, hexsum);
	assert_int_equal(info.size, len);
	assert_string_equal(info.sha256_hex, hexsum);

	/* the same through a file descriptor, byte by byte through the checker */
	fd = memfd_with(img, len);
	assert_int_equal(fwd_hpm1_check_fd(fd, -1, NULL, &err2), rc);
	assert_string_equal(err.msg, err2.msg);
	close(fd);
	assert_int_equal(check_mem(img, len, 1, NULL, &err2), rc);
	assert_string_equal(err.msg, err2.msg);
	free(img);
}

static void test_each_break_kind(void **state)
{
	const struct hpmb_break_info *t = hpmb_break_table();
	struct hpmb_spec s;
	int seen[64] = { 0 };

	(void)state;
	assert_int_equal(t[HPMB_VALID].expected_error, 0);
	for (int k = 1; k < HPMB_BREAK_COUNT; k++) {
		int code = t[k].expected_error;

		assert_int_equal(t[k].kind, k);
		assert_int_equal(hpmb_break_from_name(t[k].name), k);
		assert_true(code <= FWD_HPM1_E_FIRST && code >= FWD_HPM1_E_LAST);
		assert_int_equal(seen[FWD_HPM1_E_FIRST - code], 0); /* one distinct code per kind */
		seen[FWD_HPM1_E_FIRST - code] = 1;

		hpmb_spec_init(&s);
		check_break(&s, (enum hpmb_break)k);
	}
	assert_int_equal(hpmb_break_from_name("no-such-kind"), -1);
}

/* Each kind is still caught in richer images: extra records, several
 * components, the other checksum convention, OEM data, big payloads. */
static void test_break_kinds_in_variants(void **state)
{
	struct hpmb_spec s;

	(void)state;
	for (unsigned variant = 0; variant < 8; variant++) {
		for (int k = 1; k < HPMB_BREAK_COUNT; k++) {
			hpmb_spec_init(&s);
			s.with_backup = variant & 1;
			s.with_prepare = variant & 1;
			s.alt_checksum = variant & 2;
			s.oem_length = (variant & 4) ? 77 : 0;
			s.seed = variant;
			if (variant & 4) {
				assert_int_equal(hpmb_spec_add_component(&s, 2, 70000), 0);
				assert_int_equal(hpmb_spec_add_component(&s, 6, 16), 0);
			}
			check_break(&s, (enum hpmb_break)k);
		}
	}
}

static void test_lying_length_message(void **state)
{
	struct hpmb_spec s;
	struct hpmb_layout lay;
	char want[256];
	struct fwd_err err = { 0 };
	size_t len;
	uint8_t *img;

	(void)state;
	hpmb_spec_init(&s);
	s.brk = HPMB_BREAK_LYING_LENGTH;
	img = build(&s, &len, &lay);
	assert_int_equal(check_mem(img, len, 0, NULL, &err),
			 FWD_HPM1_E_PAYLOAD_PAST_END);
	snprintf(want, sizeof(want), "upload record at offset 35 claims %u payload bytes but "
		 "only %u remain before the MD5 trailer; ",
		 (unsigned)(lay.components[0].payload_length + 4096),
		 (unsigned)lay.components[0].payload_length);
	assert_memory_equal(err.msg, want, strlen(want));
	assert_non_null(strstr(err.msg, "do not flash it"));
	free(img);
}

static void test_nonprintable_description(void **state)
{
	struct hpmb_spec s;
	struct fwd_err err = { 0 };
	size_t len;
	uint8_t *img;

	(void)state;
	hpmb_spec_init(&s);
	memcpy(s.components[0].description, "bad\x01name", 9);
	img = build(&s, &len, NULL);
	assert_int_equal(check_mem(img, len, 0, NULL, &err),
			 FWD_HPM1_E_BAD_DESCRIPTION);
	assert_non_null(strstr(err.msg, "non-printable byte 0x01 at offset 47"));
	free(img);
}

/* Every record type ipmitool refuses, and the checksum nuances. */
static void test_record_types(void **state)
{
	struct hpmb_spec s;
	struct hpmb_layout lay;
	struct fwd_err err = { 0 };
	size_t len;
	uint8_t *img;

	(void)state;
	hpmb_spec_init(&s);
	s.with_backup = true;
	img = build(&s, &len, &lay);
	/* backup record at 35: type 0, mask, checksum.  Type 3 with a right
	 * checksum is refused as unknown; with a wrong one as a bad checksum. */
	for (int type = 3; type < 256; type++) {
		uint8_t *b = malloc(len);
		uint8_t md[16];
		unsigned mdl;

		memcpy(b, img, len);
		b[35] = (uint8_t)type;
		b[37] = (uint8_t)(0x100 - ((type + b[36]) & 0xff));
		assert_int_equal(EVP_Digest(b, len - 16, md, &mdl, EVP_md5(), NULL), 1);
		memcpy(b + len - 16, md, 16);
		assert_int_equal(check_mem(b, len, 0, NULL, &err),
				 FWD_HPM1_E_UNKNOWN_ACTION);
		b[37]++;
		assert_int_equal(EVP_Digest(b, len - 16, md, &mdl, EVP_md5(), NULL), 1);
		memcpy(b + len - 16, md, 16);
		assert_int_equal(check_mem(b, len, 0, NULL, &err),
				 FWD_HPM1_E_BAD_RECORD_CHECKSUM);
		free(b);
	}
	free(img);
}

/* ---- the copy -------------------------------------------------------------- */

static void test_copy_fd(void **state)
{
	struct hpmb_spec s;
	struct fwd_hpm1_info info;
	struct fwd_err err = { 0 };
	size_t len;
	uint8_t *img, *back;
	int in, out;
	struct stat st;

	(void)state;
	hpmb_spec_init(&s);
	s.with_backup = true;
	assert_int_equal(hpmb_spec_add_component(&s, 1, 100000), 0);
	assert_int_equal(hpmb_spec_fit_size(&s, 4 * FWD_HPM1_CHUNK_SIZE + 123, err.msg,
					    sizeof(err.msg)), 0);
	img = build(&s, &len, NULL);

	/* from the current offset: a caller may have read a prefix already */
	in = memfd_create("in", MFD_CLOEXEC);
	assert_int_equal(write(in, "JUNK", 4), 4);
	assert_int_equal(write(in, img, len), (ssize_t)len);
	assert_int_equal(lseek(in, 4, SEEK_SET), 4);
	out = memfd_create("out", MFD_CLOEXEC);
	assert_int_equal(fwd_hpm1_check_fd(in, out, &info, &err), 0);
	assert_int_equal(fstat(out, &st), 0);
	assert_int_equal(st.st_size, len);
	back = malloc(len);
	assert_int_equal(pread(out, back, len, 0), (ssize_t)len);
	assert_memory_equal(back, img, len);
	close(in);
	close(out);

	/* a refused image is still copied in full (the caller throws it away) */
	s.brk = HPMB_BREAK_BAD_MD5;
	free(img);
	img = build(&s, &len, NULL);
	in = memfd_with(img, len);
	out = memfd_create("out", MFD_CLOEXEC);
	assert_int_equal(fwd_hpm1_check_fd(in, out, NULL, &err), FWD_HPM1_E_BAD_MD5);
	assert_int_equal(fstat(out, &st), 0);
	assert_int_equal(st.st_size, len);
	close(in);
	close(out);

	/* a copy that cannot be written: FWD_HPM1_E_WRITE */
	in = memfd_with(img, len);
	out = open("/dev/null", O_RDONLY | O_CLOEXEC);
	assert_int_equal(fwd_hpm1_check_fd(in, out, NULL, &err), FWD_HPM1_E_WRITE);
	assert_non_null(strstr(err.msg, "cannot write the copy of the image at offset 0"));
	assert_message_style(err.msg);
	close(in);
	close(out);
	free(back);
	free(img);
}

/* ---- chunking, truncation, flips -------------------------------------------- */

static void test_chunk_sizes_do_not_matter(void **state)
{
	static const size_t chunks[] = { 1, 2, 3, 5, 15, 16, 17, 33, 34, 35, 36, 51, 4096 };
	struct hpmb_spec s;
	struct fwd_hpm1_info whole, part;
	struct fwd_err err = { 0 };
	size_t len;
	uint8_t *img;

	(void)state;
	hpmb_spec_init(&s);
	s.with_backup = s.with_prepare = true;
	s.oem_length = 40;
	assert_int_equal(hpmb_spec_add_component(&s, 4, 100), 0);
	img = build(&s, &len, NULL);
	assert_int_equal(check_mem(img, len, 0, &whole, &err), 0);
	for (unsigned i = 0; i < sizeof(chunks) / sizeof(chunks[0]); i++) {
		assert_int_equal(check_mem(img, len, chunks[i], &part, &err), 0);
		assert_string_equal(part.sha256_hex, whole.sha256_hex);
		assert_int_equal(part.n_components, whole.n_components);
		for (unsigned c = 0; c < whole.n_components; c++) {
			assert_int_equal(part.components[c].payload_offset,
					 whole.components[c].payload_offset);
			assert_int_equal(part.components[c].payload_length,
					 whole.components[c].payload_length);
			assert_string_equal(part.components[c].description,
					    whole.components[c].description);
		}
	}
	free(img);
}

/* The digests do not depend on where MD5 runs: below 1 MiB on the caller's
 * thread, above it on its own (core/image/digest-thread.c).  Odd sizes on
 * both sides of the switch, fed in odd pieces, against OpenSSL's one-shot
 * digests: the SHA-256 as reported, the MD5 through a valid trailer (md5_ok)
 * and through a broken one, whose message names the MD5 computed. */
static void test_digests_equal_one_shot(void **state)
{
	static const uint64_t sizes[] = {
		(1u << 20) - 1, 1u << 20, (1u << 20) + 1, (1u << 20) + 17,
		3u * (1u << 20) + 3 * 65537 + 5,
	};
	static const size_t chunks[] = { 7, 4093, 65537, 1000003 };
	(void)state;

	for (unsigned i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		struct hpmb_spec s;
		struct fwd_hpm1_info info;
		struct fwd_err err = { 0 };
		char want_sha[65], want_md5[33], e[200];
		uint8_t md5[EVP_MAX_MD_SIZE];
		unsigned md5_len = 0;
		size_t len;
		uint8_t *img;

		hpmb_spec_init(&s);
		assert_int_equal(hpmb_spec_fit_size(&s, sizes[i], e, sizeof(e)), 0);
		img = build(&s, &len, NULL);
		assert_int_equal(len, sizes[i]);
		sha256_hex(img, len, want_sha);
		assert_int_equal(EVP_Digest(img, len - FWD_HPM1_MD5_SIZE, md5, &md5_len,
					    EVP_md5(), NULL), 1);
		for (unsigned b = 0; b < FWD_HPM1_MD5_SIZE; b++)
			sprintf(want_md5 + 2 * b, "%02x", md5[b]);
		for (unsigned k = 0; k < sizeof(chunks) / sizeof(chunks[0]); k++) {
			int rc = check_mem(img, len, chunks[k], &info, &err);

			if (rc != 0)
				fail_msg("%zu bytes in %zu-byte pieces refused: %s", len,
					 chunks[k], err.msg);
			assert_true(info.md5_ok);
			assert_string_equal(info.sha256_hex, want_sha);
		}
		img[len - 1] ^= 0x01;  /* the trailer no longer matches */
		sha256_hex(img, len, want_sha);
		assert_int_equal(check_mem(img, len, 65537, &info, &err), FWD_HPM1_E_BAD_MD5);
		assert_false(info.md5_ok);
		assert_string_equal(info.sha256_hex, want_sha);
		if (!strstr(err.msg, want_md5))
			fail_msg("MD5 %s not in: %s", want_md5, err.msg);
		free(img);
	}
}

static void test_truncated_at_every_offset(void **state)
{
	struct hpmb_spec s;
	struct hpmb_layout lay;
	struct fwd_hpm1_info info;
	struct fwd_err err = { 0 };
	size_t len;
	uint8_t *img;
	unsigned accepted = 0;

	(void)state;
	hpmb_spec_init(&s);
	s.with_backup = s.with_prepare = true;
	s.oem_length = 5;
	s.components[0].payload_size = 40;
	assert_int_equal(hpmb_spec_add_component(&s, 1, 24), 0);
	img = build(&s, &len, &lay);

	for (size_t k = 0; k < len; k++) {
		uint8_t *fixed;
		uint8_t md[16];
		unsigned mdl;
		int rc = check_mem(img, k, 0, &info, &err);

		/* a plain cut: refused as empty, too small, truncated or bad MD5 */
		if (!(rc == FWD_HPM1_E_EMPTY || rc == FWD_HPM1_E_TOO_SMALL ||
		      rc == FWD_HPM1_E_TRUNCATED || rc == FWD_HPM1_E_BAD_MD5))
			fail_msg("cut at %zu: unexpected %s: %s", k, fwd_hpm1_error_name(rc),
				 err.msg);
		assert_message_style(err.msg);
		assert_int_equal(info.size, k);

		/* a cut with a new, right MD5 after it: a lying image.  Only a cut
		 * just after a complete upload may pass: as the image with only the
		 * first component, and (k = len-16) as the original image. */
		fixed = malloc(k + 16);
		memcpy(fixed, img, k);
		assert_int_equal(EVP_Digest(fixed, k, md, &mdl, EVP_md5(), NULL), 1);
		memcpy(fixed + k, md, 16);
		rc = check_mem(fixed, k + 16, 0, &info, &err);
		if (rc == 0) {
			accepted++;
			if (k == len - 16) {
				assert_int_equal(info.n_components, 2);
			} else {
				assert_int_equal(k, lay.components[0].payload_offset +
						 lay.components[0].payload_length);
				assert_int_equal(info.n_components, 1);
			}
		} else {
			assert_message_style(err.msg);
			assert_true(rc != FWD_HPM1_E_BAD_MD5 && rc != FWD_HPM1_E_TRUNCATED);
		}
		free(fixed);
	}
	assert_int_equal(accepted, 2);
	free(img);
}

static uint64_t rng_state = 0x0123456789abcdefull;

static uint64_t rng(void)
{
	/* xorshift64: fixed seed, the same sequence every run */
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static void test_random_byte_flips(void **state)
{
	struct hpmb_spec s;
	struct fwd_hpm1_info info;
	struct fwd_err err = { 0 };
	size_t len;
	uint8_t *img, *b;
	unsigned accepted_with_md5_fixed = 0;

	(void)state;
	hpmb_spec_init(&s);
	s.with_backup = true;
	s.oem_length = 8;
	s.components[0].payload_size = 64;
	assert_int_equal(hpmb_spec_add_component(&s, 3, 32), 0);
	img = build(&s, &len, NULL);
	b = malloc(len);

	for (unsigned iter = 0; iter < 20000; iter++) {
		unsigned flips = 1 + (unsigned)(rng() % 4);
		bool fix_md5 = iter & 1;
		int rc;

		memcpy(b, img, len);
		for (unsigned f = 0; f < flips; f++) {
			size_t at = (size_t)(rng() % (fix_md5 ? len - 16 : len));

			b[at] ^= (uint8_t)(1 + rng() % 255);
		}
		if (fix_md5) {
			uint8_t md[16];
			unsigned mdl;

			assert_int_equal(EVP_Digest(b, len - 16, md, &mdl, EVP_md5(), NULL), 1);
			memcpy(b + len - 16, md, 16);
		}
		rc = check_mem(b, len, 1 + (size_t)(rng() % 70), &info, &err);
		if (!fix_md5 && memcmp(b, img, len) != 0) {
			/* any change with the old trailer must be refused */
			assert_true(rc < 0);
			assert_false(info.md5_ok);
		}
		if (rc == 0) {
			uint64_t end = 0;

			accepted_with_md5_fixed++;
			assert_true(info.md5_ok);
			assert_true(info.n_components >= 1);
			for (unsigned c = 0; c < info.n_components; c++) {
				const struct fwd_hpm1_component *cp = &info.components[c];

				assert_true(cp->payload_offset + cp->payload_length <= len - 16);
				assert_true(cp->payload_length > 0);
				assert_true(strlen(cp->description) < FWD_HPM1_DESCRIPTION_SIZE);
				end = cp->payload_offset + cp->payload_length;
			}
			assert_int_equal(end, len - 16);  /* records end at the trailer */
		} else {
			assert_message_style(err.msg);
		}
	}
	/* flipping payload bytes keeps a structurally valid image */
	assert_true(accepted_with_md5_fixed > 0);

	/* random garbage of random sizes with a right MD5 trailer */
	for (unsigned iter = 0; iter < 3000; iter++) {
		size_t n = (size_t)(rng() % 300);
		uint8_t *g = malloc(n + 16);
		uint8_t md[16];
		unsigned mdl;

		for (size_t i = 0; i < n; i++)
			g[i] = (uint8_t)rng();
		if (n >= 8 && (iter & 1))
			memcpy(g, "PICMGFWU", 8);
		assert_int_equal(EVP_Digest(g, n, md, &mdl, EVP_md5(), NULL), 1);
		memcpy(g + n, md, 16);
		assert_true(check_mem(g, n + 16, 0, NULL, &err) < 0);
		free(g);
	}
	free(b);
	free(img);
}

/* ---- size limits and big streams -------------------------------------------- */

static void test_too_large(void **state)
{
	struct fwd_hpm1_checker *c = fwd_hpm1_checker_new();
	struct fwd_hpm1_info info;
	struct hpmb_spec s;
	struct fwd_err err = { 0 };
	size_t len;
	uint8_t *img;

	(void)state;
	hpmb_spec_init(&s);
	img = build(&s, &len, NULL);
	fwd_hpm1_checker_set_max_size(c, 1000);
	assert_int_equal(fwd_hpm1_checker_update(c, img, 1000), 0);
	assert_int_equal(fwd_hpm1_checker_update(c, img + 1000, 24), FWD_HPM1_E_TOO_LARGE);
	assert_int_equal(fwd_hpm1_checker_update(c, img, 1), FWD_HPM1_E_TOO_LARGE);
	assert_int_equal(fwd_hpm1_checker_final(c, &info, &err), FWD_HPM1_E_TOO_LARGE);
	assert_int_equal(info.size, 1000);
	assert_string_equal(info.sha256_hex, "");  /* no digest of part of a file */
	assert_non_null(strstr(err.msg, "larger than 1000 bytes"));
	assert_message_style(err.msg);
	fwd_hpm1_checker_free(c);
	free(img);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

#define BIG_SIZE ((uint64_t)64 << 20)

/*
 * A 64 MiB image generated on the fly into a pipe and checked from it, in a
 * child process whose peak memory we can read: a validator that held the
 * file would need more than 64 MiB.  The child reports its result on a pipe.
 */
static void test_64mib_stream_in_bounded_memory(void **state)
{
	struct report {
		int rc;
		double seconds;
		char sha[65], want[65];
		uint64_t size;
	} r;
	struct rusage ru;
	int res[2], status;
	pid_t checker;

	(void)state;
	/* Valgrind's own memory and pace would be measured, not the checker's. */
	if (fwd_test_under_valgrind())
		skip();
	assert_int_equal(pipe(res), 0);
	checker = fork();
	assert_true(checker >= 0);
	if (checker == 0) {
		struct hpmb_spec s;
		struct hpmb_layout lay;
		struct fwd_hpm1_info info;
		struct fwd_err err = { 0 };
		int data[2], lay_pipe[2];
		pid_t writer;
		double t0;

		memset(&r, 0, sizeof(r));
		hpmb_spec_init(&s);
		s.with_backup = true;
		if (hpmb_spec_fit_size(&s, BIG_SIZE, err.msg, sizeof(err.msg)) < 0 ||
		    pipe(data) < 0 || pipe(lay_pipe) < 0)
			_exit(2);
		writer = fork();
		if (writer == 0) {
			close(data[0]);
			close(lay_pipe[0]);
			if (hpmb_write_fd(&s, data[1], &lay, err.msg, sizeof(err.msg)) < 0)
				_exit(3);
			close(data[1]);
			if (write(lay_pipe[1], lay.sha256_hex, 65) != 65)
				_exit(4);
			_exit(0);
		}
		close(data[1]);
		close(lay_pipe[1]);
		t0 = now();
		r.rc = fwd_hpm1_check_fd(data[0], -1, &info, &err);
		r.seconds = now() - t0;
		r.size = info.size;
		memcpy(r.sha, info.sha256_hex, 65);
		if (read(lay_pipe[0], r.want, 65) != 65)
			r.want[0] = '\0';
		waitpid(writer, &status, 0);
		if (write(res[1], &r, sizeof(r)) != (ssize_t)sizeof(r))
			_exit(5);
		_exit(0);
	}
	close(res[1]);
	assert_int_equal(read(res[0], &r, sizeof(r)), (ssize_t)sizeof(r));
	close(res[0]);
	assert_int_equal(wait4(checker, &status, 0, &ru), checker);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.size, BIG_SIZE);
	assert_string_equal(r.sha, r.want);
	print_message("64 MiB image from a pipe checked in %.3f s (%.0f MiB/s); "
		      "checker peak RSS %ld KiB\n", r.seconds,
		      (double)BIG_SIZE / (1 << 20) / r.seconds, ru.ru_maxrss);
	if (!UNDER_ASAN)
		assert_true(ru.ru_maxrss < 32 * 1024);  /* KiB: far below the 64 MiB image */
	assert_true(r.seconds < 30.0);
}

/* The same size through a real file, with the staged copy. */
static void test_64mib_file_with_copy(void **state)
{
	char dir[] = "/tmp/test_hpm1.XXXXXX", img_path[64], copy_path[64];
	struct hpmb_spec s;
	struct hpmb_layout lay;
	struct fwd_hpm1_info info;
	struct fwd_err err = { 0 };
	double t0, t;
	int copy;

	(void)state;
	if (fwd_test_under_valgrind())
		skip();
	assert_non_null(mkdtemp(dir));
	snprintf(img_path, sizeof(img_path), "%s/big.hpm", dir);
	snprintf(copy_path, sizeof(copy_path), "%s/copy.hpm", dir);
	hpmb_spec_init(&s);
	assert_int_equal(hpmb_spec_add_component(&s, 1, 1000), 0);
	assert_int_equal(hpmb_spec_fit_size(&s, BIG_SIZE, err.msg, sizeof(err.msg)), 0);
	assert_int_equal(hpmb_write_file(&s, img_path, &lay, err.msg, sizeof(err.msg)), 0);
	assert_int_equal(lay.size, BIG_SIZE);

	copy = open(copy_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	assert_true(copy >= 0);
	t0 = now();
	assert_int_equal(fwd_hpm1_check_file(img_path, copy, &info, &err), 0);
	t = now() - t0;
	close(copy);
	print_message("64 MiB image file checked and copied in %.3f s\n", t);
	assert_string_equal(info.sha256_hex, lay.sha256_hex);
	assert_int_equal(info.components[0].payload_length, s.components[0].payload_size);

	/* the copy is the image: check it again, same digest */
	assert_int_equal(fwd_hpm1_check_file(copy_path, -1, &info, &err), 0);
	assert_string_equal(info.sha256_hex, lay.sha256_hex);

	unlink(img_path);
	unlink(copy_path);
	rmdir(dir);
}

/* ---- files ---------------------------------------------------------------- */

static void test_check_file_refusals(void **state)
{
	char dir[] = "/tmp/test_hpm1.XXXXXX", path[128], link_path[128], fifo[128];
	struct hpmb_spec s;
	struct fwd_hpm1_info info;
	struct fwd_err err = { 0 };
	int fd;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/missing.hpm", dir);
	assert_int_equal(fwd_hpm1_check_file(path, -1, &info, &err), FWD_HPM1_E_OPEN);
	assert_non_null(strstr(err.msg, path));
	assert_non_null(strstr(err.msg, "No such file"));
	assert_message_style(err.msg);

	assert_int_equal(fwd_hpm1_check_file(dir, -1, &info, &err),
			 FWD_HPM1_E_NOT_REGULAR);
	assert_non_null(strstr(err.msg, "is a directory"));
	assert_message_style(err.msg);

	/* a FIFO with no writer: refused at once, not a hang */
	snprintf(fifo, sizeof(fifo), "%s/fifo", dir);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	assert_int_equal(fwd_hpm1_check_file(fifo, -1, &info, &err),
			 FWD_HPM1_E_NOT_REGULAR);
	assert_non_null(strstr(err.msg, "is a FIFO"));

	assert_int_equal(fwd_hpm1_check_file("/dev/null", -1, &info, &err),
			 FWD_HPM1_E_NOT_REGULAR);
	assert_non_null(strstr(err.msg, "character device"));

	/* a symlink the operator gives is followed */
	hpmb_spec_init(&s);
	snprintf(path, sizeof(path), "%s/good.hpm", dir);
	assert_int_equal(hpmb_write_file(&s, path, NULL, err.msg, sizeof(err.msg)), 0);
	snprintf(link_path, sizeof(link_path), "%s/link.hpm", dir);
	assert_int_equal(symlink("good.hpm", link_path), 0);
	assert_int_equal(fwd_hpm1_check_file(link_path, -1, &info, &err), 0);
	assert_int_equal(info.size, 1024);

	/* a read error: a directory fd reads EISDIR */
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	assert_true(fd >= 0);
	assert_int_equal(fwd_hpm1_check_fd(fd, -1, &info, &err), FWD_HPM1_E_READ);
	assert_non_null(strstr(err.msg, "cannot read the image at offset 0"));
	assert_string_equal(info.sha256_hex, "");
	close(fd);

	unlink(link_path);
	unlink(path);
	unlink(fifo);
	rmdir(dir);
}

/* ---- versions and names ------------------------------------------------------ */

static void test_versions(void **state)
{
	struct fwd_hpm1_version a, b;
	char buf[FWD_HPM1_VERSION_STR_SIZE];

	(void)state;
	assert_int_equal(fwd_hpm1_version_parse("1.72", &a), 0);
	assert_int_equal(a.major, 1);
	assert_int_equal(a.minor, 0x72);
	fwd_hpm1_version_format(&a, buf, sizeof(buf));
	assert_string_equal(buf, "1.72");
	a.major = 0x81;  /* bit 7 is not part of the revision */
	fwd_hpm1_version_format(&a, buf, sizeof(buf));
	assert_string_equal(buf, "1.72");
	a.major = 127;
	a.minor = 0x99;
	fwd_hpm1_version_format(&a, buf, sizeof(buf));
	assert_string_equal(buf, "127.99");
	a.major = 9;
	a.minor = 0x08;
	fwd_hpm1_version_format(&a, buf, sizeof(buf));
	assert_string_equal(buf, "9.08");

	assert_int_equal(fwd_hpm1_version_parse("9.08", &a), 0);
	assert_int_equal(fwd_hpm1_version_parse("9.10", &b), 0);
	assert_true(fwd_hpm1_version_compare(&a, &b) < 0);   /* .08 < .10 */
	assert_true(fwd_hpm1_version_compare(&b, &a) > 0);
	assert_int_equal(fwd_hpm1_version_parse("10.00", &b), 0);
	assert_true(fwd_hpm1_version_compare(&a, &b) < 0);   /* major first */
	assert_int_equal(fwd_hpm1_version_parse("9.09", &b), 0);
	assert_true(fwd_hpm1_version_compare(&a, &b) < 0);
	assert_int_equal(fwd_hpm1_version_parse("1.99", &a), 0);
	assert_int_equal(fwd_hpm1_version_parse("2.00", &b), 0);
	assert_true(fwd_hpm1_version_compare(&a, &b) < 0);
	b = a;
	b.aux[0] = 7;    /* aux is not compared */
	b.major |= 0x80; /* nor bit 7 */
	assert_int_equal(fwd_hpm1_version_compare(&a, &b), 0);

	static const char *const bad[] = { "", "1", "1.", "1.7", "1.723", "128.00", "a.00",
					   "1.0g", "1.g0", "1.0x", "-1.00", "1.00 ", " 1.00",
					   "1,00", "1000.00", "1.0a0" };
	a.major = 42;
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (fwd_hpm1_version_parse(bad[i], &a) != -1)
			fail_msg("'%s' parsed as a version", bad[i]);
		assert_int_equal(a.major, 42);  /* untouched */
	}
	assert_int_equal(fwd_hpm1_version_parse("0.00", &a), 0);
	assert_int_equal(fwd_hpm1_version_parse("127.99", &a), 0);
	assert_int_equal(fwd_hpm1_version_parse("007.05", &a), 0);
	assert_int_equal(a.major, 7);
}

/*
 * The minor byte is BCD by the specification, yet some firmware carries one
 * that is not: ipmitool prints it "%02x" either way (`mc info`, `hpm
 * check`), so every byte 0x00..0xff must come back from its text, and the
 * texts must order as the bytes do, for the versions the image and the
 * BMC report and for the dotted comparison manifests and the journal use.
 */
static const struct {
	uint8_t minor;
	const char *text;
} minor_table[] = {
	{ 0x00, "3.00" }, { 0x09, "3.09" }, { 0x0a, "3.0a" }, { 0x0f, "3.0f" },
	{ 0x10, "3.10" }, { 0x25, "3.25" }, { 0x72, "3.72" }, { 0x99, "3.99" },
	{ 0x9a, "3.9a" }, { 0xa0, "3.a0" }, { 0xc3, "3.c3" }, { 0xff, "3.ff" },
};

static void test_versions_every_minor(void **state)
{
	static const char hex[] = "0123456789abcdef";
	struct fwd_hpm1_version v, w;
	char text[256][FWD_HPM1_VERSION_STR_SIZE], want[8];

	(void)state;
	for (size_t i = 0; i < sizeof(minor_table) / sizeof(minor_table[0]); i++) {
		memset(&v, 0, sizeof(v));
		v.major = 3;
		v.minor = minor_table[i].minor;
		fwd_hpm1_version_format(&v, want, sizeof(want));
		assert_string_equal(want, minor_table[i].text);
		assert_int_equal(fwd_hpm1_version_parse(minor_table[i].text, &w), 0);
		assert_int_equal(w.minor, minor_table[i].minor);
	}
	/* Upper case, as another tool might print it, is the same byte. */
	assert_int_equal(fwd_hpm1_version_parse("3.0A", &w), 0);
	assert_int_equal(w.minor, 0x0a);

	for (unsigned m = 0; m < 256; m++) {
		memset(&v, 0, sizeof(v));
		v.major = 3;
		v.minor = (uint8_t)m;
		fwd_hpm1_version_format(&v, text[m], sizeof(text[m]));
		snprintf(want, sizeof(want), "3.%c%c", hex[m >> 4], hex[m & 15]);
		assert_string_equal(text[m], want);
		if (fwd_hpm1_version_parse(text[m], &w) != 0)
			fail_msg("'%s' (minor 0x%02x) does not parse", text[m], m);
		assert_int_equal(w.major, 3);
		assert_int_equal(w.minor, m);
	}
	for (unsigned a = 0; a < 256; a++) {
		for (unsigned b = 0; b < 256; b++) {
			int want_sign = a < b ? -1 : a > b, got;

			fwd_hpm1_version_parse(text[a], &v);
			fwd_hpm1_version_parse(text[b], &w);
			got = fwd_hpm1_version_compare(&v, &w);
			if ((got > 0) - (got < 0) != want_sign)
				fail_msg("%s vs %s: compare %d", text[a], text[b], got);
			got = fwd_version_compare_dotted(text[a], text[b]);
			if ((got > 0) - (got < 0) != want_sign)
				fail_msg("%s vs %s: dotted %d", text[a], text[b], got);
		}
	}
	/* A real one: the CERN IPMC in tests/data/captures (its `hpm upgrade`
	 * table) was active at 2.0e before the image's 2.17. */
	assert_int_equal(fwd_hpm1_version_parse("2.0e", &v), 0);
	assert_int_equal(v.minor, 0x0e);
	assert_int_equal(fwd_hpm1_version_parse("2.17", &w), 0);
	assert_true(fwd_hpm1_version_compare(&v, &w) < 0);
	assert_true(fwd_version_compare_dotted("2.0e", "2.17") < 0);

	/* A flash from 3.09 to 3.0a is seen to have happened. */
	assert_int_equal(fwd_version_runs_new("3.0a", "3.09", "3.0a"), FWD_VERSION_NEW);
	assert_int_equal(fwd_version_runs_new("3.0a", "3.09", "3.09"), FWD_VERSION_NOT_NEW);
}

static void test_error_names(void **state)
{
	(void)state;
	assert_string_equal(fwd_hpm1_error_name(0), "ok");
	assert_string_equal(fwd_hpm1_error_name(FWD_HPM1_E_PAYLOAD_PAST_END), "payload-past-end");
	assert_string_equal(fwd_hpm1_error_name(1), "unknown");
	assert_string_equal(fwd_hpm1_strerror(FWD_HPM1_E_LAST - 1), "unknown error");
	for (int a = FWD_HPM1_E_FIRST; a >= FWD_HPM1_E_LAST; a--) {
		assert_string_not_equal(fwd_hpm1_error_name(a), "unknown");
		assert_string_not_equal(fwd_hpm1_strerror(a), "unknown error");
		for (int b = a - 1; b >= FWD_HPM1_E_LAST; b--)
			assert_string_not_equal(fwd_hpm1_error_name(a), fwd_hpm1_error_name(b));
	}
	/* The validator's codes are not -errno: the library calls them a bad image. */
	for (int a = FWD_HPM1_E_FIRST; a >= FWD_HPM1_E_LAST; a--) {
		assert_true(-a > 4095); /* above every errno */
		assert_string_equal(fwd_strerror(a), "invalid HPM.1 image");
		assert_string_equal(fwd_error_name(a), "bad-input");
		assert_int_equal(fwd_exit_code(a), FWD_EXIT_REFUSED);
	}
	assert_string_equal(fwd_strerror(-EPERM), strerror(EPERM));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_image),
		cmocka_unit_test(test_valid_variants),
		cmocka_unit_test(test_sizes),
		cmocka_unit_test(test_each_break_kind),
		cmocka_unit_test(test_break_kinds_in_variants),
		cmocka_unit_test(test_lying_length_message),
		cmocka_unit_test(test_nonprintable_description),
		cmocka_unit_test(test_record_types),
		cmocka_unit_test(test_copy_fd),
		cmocka_unit_test(test_chunk_sizes_do_not_matter),
		cmocka_unit_test(test_digests_equal_one_shot),
		cmocka_unit_test(test_truncated_at_every_offset),
		cmocka_unit_test(test_random_byte_flips),
		cmocka_unit_test(test_too_large),
		cmocka_unit_test(test_64mib_stream_in_bounded_memory),
		cmocka_unit_test(test_64mib_file_with_copy),
		cmocka_unit_test(test_check_file_refusals),
		cmocka_unit_test(test_versions),
		cmocka_unit_test(test_versions_every_minor),
		cmocka_unit_test(test_error_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
