/*
 * hpm-build.c: test-only HPM.1 image builder (see hpm-build.h).
 *
 * The image is produced front to back through a "sink" that hashes what is
 * emitted (MD5 for the trailer, SHA-256 of what really lands in the file)
 * and writes it to an fd or a growing memory buffer, stopping at a byte
 * limit when a break kind wants a short file.  Payload bytes are a pure
 * function of (seed, component id, offset), so the image writer and the
 * payload-only writer agree byte for byte whatever their chunking.
 */
#include "hpm-build.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

#define CHUNK (64 * 1024)
/* The lying-length break claims this many bytes more than it carries. */
#define LIE_EXTRA 4096u
/* Claimed OEM length of the oem-past-end break, and the bytes really there. */
#define OEM_LIE_CLAIM 200u
#define OEM_LIE_REAL 16u
#define OEM_KEY 0x100u

static const struct hpmb_break_info breaks[HPMB_BREAK_COUNT] = {
	{ HPMB_VALID, "none", "a valid image", FWD_HPM1_OK },
	{ HPMB_BREAK_EMPTY, "empty", "a 0-byte file", FWD_HPM1_E_EMPTY },
	{ HPMB_BREAK_TOO_SMALL, "too-small", "only the first 50 bytes of the image",
	  FWD_HPM1_E_TOO_SMALL },
	{ HPMB_BREAK_BAD_SIGNATURE, "bad-signature", "signature \"PICMGFWX\"",
	  FWD_HPM1_E_BAD_SIGNATURE },
	{ HPMB_BREAK_BAD_FORMAT_VERSION, "bad-format-version", "header format version 1",
	  FWD_HPM1_E_BAD_FORMAT_VERSION },
	{ HPMB_BREAK_BAD_HEADER_CHECKSUM, "bad-header-checksum", "header checksum off by one",
	  FWD_HPM1_E_BAD_HEADER_CHECKSUM },
	{ HPMB_BREAK_OEM_PAST_END, "oem-past-end",
	  "header claims 200 bytes of OEM data, 16 follow, then the MD5",
	  FWD_HPM1_E_OEM_PAST_END },
	{ HPMB_BREAK_ZERO_MASK, "zero-mask", "header component mask 0x00", FWD_HPM1_E_ZERO_MASK },
	{ HPMB_BREAK_BAD_RECORD_CHECKSUM, "bad-record-checksum",
	  "first action record's checksum wrong (both ways ipmitool reads it)",
	  FWD_HPM1_E_BAD_RECORD_CHECKSUM },
	{ HPMB_BREAK_UNKNOWN_ACTION, "unknown-action",
	  "a record of type 7 with a right checksum before the uploads",
	  FWD_HPM1_E_UNKNOWN_ACTION },
	{ HPMB_BREAK_UPLOAD_MASK_MULTI_BIT, "upload-mask-multi-bit",
	  "first upload record names two components", FWD_HPM1_E_UPLOAD_MASK_NOT_ONE_BIT },
	{ HPMB_BREAK_MASK_OUTSIDE_HEADER, "mask-outside-header",
	  "first upload's component is missing from the header mask",
	  FWD_HPM1_E_MASK_OUTSIDE_HEADER },
	{ HPMB_BREAK_DUPLICATE_COMPONENT, "duplicate-component",
	  "the first upload record appears twice", FWD_HPM1_E_DUPLICATE_COMPONENT },
	{ HPMB_BREAK_UNTERMINATED_DESCRIPTION, "unterminated-description",
	  "first upload's description fills its 21 bytes with no NUL",
	  FWD_HPM1_E_BAD_DESCRIPTION },
	{ HPMB_BREAK_DESCRIPTOR_PAST_END, "descriptor-past-end",
	  "an upload record head and 20 of its 31 descriptor bytes, then the MD5",
	  FWD_HPM1_E_DESCRIPTOR_PAST_END },
	{ HPMB_BREAK_LYING_LENGTH, "lying-length",
	  "last upload claims 4096 payload bytes more than the file holds; MD5 right",
	  FWD_HPM1_E_PAYLOAD_PAST_END },
	{ HPMB_BREAK_EMPTY_PAYLOAD, "empty-payload", "first upload carries 0 bytes",
	  FWD_HPM1_E_EMPTY_PAYLOAD },
	{ HPMB_BREAK_TRAILING_BYTES, "trailing-bytes",
	  "2 stray bytes between the last record and the MD5 trailer",
	  FWD_HPM1_E_RECORDS_NOT_AT_TRAILER },
	{ HPMB_BREAK_NO_UPLOAD, "no-upload", "a backup record and no upload record",
	  FWD_HPM1_E_NO_UPLOAD },
	{ HPMB_BREAK_TRUNCATED, "truncated", "the file cut in the middle of the last payload",
	  FWD_HPM1_E_TRUNCATED },
	{ HPMB_BREAK_BAD_MD5, "bad-md5", "first byte of the MD5 trailer flipped",
	  FWD_HPM1_E_BAD_MD5 },
};

const struct hpmb_break_info *hpmb_break_table(void)
{
	return breaks;
}

int hpmb_break_from_name(const char *name)
{
	for (int i = 0; i < HPMB_BREAK_COUNT; i++)
		if (strcmp(breaks[i].name, name) == 0)
			return i;
	return -1;
}

static void set_err(char *err, size_t err_size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void set_err(char *err, size_t err_size, const char *fmt, ...)
{
	va_list ap;

	if (!err || !err_size)
		return;
	va_start(ap, fmt);
	vsnprintf(err, err_size, fmt, ap);
	va_end(ap);
}

/* ---- deterministic payload bytes ---------------------------------------- */

static uint64_t mix64(uint64_t x)
{
	/* splitmix64's finaliser: cheap, and every input bit reaches every output bit */
	x += 0x9e3779b97f4a7c15ull;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

static uint64_t stream_key(uint64_t seed, unsigned what)
{
	return mix64(seed ^ mix64(0x46574453494dull + what));
}

/* Bytes [off, off+n) of the pseudo-random stream key. */
static void fill_random(uint64_t key, uint64_t off, uint8_t *buf, size_t n)
{
	size_t i = 0;

	while (i < n) {
		uint64_t w = mix64(key + (off >> 3));

		for (unsigned b = (unsigned)(off & 7); b < 8 && i < n; b++, i++, off++)
			buf[i] = (uint8_t)(w >> (8 * b));
	}
}

void hpmb_payload_stamp(const struct hpmb_component *c, uint8_t out[HPMB_STAMP_SIZE])
{
	memcpy(out, HPMB_STAMP_MAGIC, 8);
	out[8] = c->version.major;
	out[9] = c->version.minor;
	memcpy(out + 10, c->version.aux, 4);
	out[14] = 0;
	out[15] = 0;
}

/* Payload bytes [off, off+n) of component c. */
static void fill_payload(const struct hpmb_spec *s, const struct hpmb_component *c,
			 uint64_t off, uint8_t *buf, size_t n)
{
	uint8_t stamp[HPMB_STAMP_SIZE];
	size_t i = 0;

	hpmb_payload_stamp(c, stamp);
	for (; i < n && off + i < HPMB_STAMP_SIZE; i++)
		buf[i] = stamp[off + i];
	if (i < n)
		fill_random(stream_key(s->seed, c->id), off + i, buf + i, n - i);
}

/* ---- the sink ------------------------------------------------------------ */

struct sink {
	int fd;                  /* -1: memory */
	uint8_t *mem;
	size_t mem_len, mem_cap;
	uint64_t limit;          /* bytes that reach the file; the rest is dropped */
	uint64_t emitted;        /* bytes emitted, dropped ones included */
	uint64_t written;
	EVP_MD_CTX *md5;         /* NULL: not hashed */
	EVP_MD_CTX *sha256;
	bool failed;
	char *err;
	size_t err_size;
};

static int sink_write(struct sink *k, const uint8_t *p, size_t n)
{
	if (k->fd < 0) {
		if (k->mem_len + n > k->mem_cap) {
			size_t cap = k->mem_cap ? k->mem_cap : 4096;
			uint8_t *m;

			while (cap < k->mem_len + n)
				cap *= 2;
			m = realloc(k->mem, cap);
			if (!m) {
				set_err(k->err, k->err_size, "out of memory building the image");
				return -1;
			}
			k->mem = m;
			k->mem_cap = cap;
		}
		memcpy(k->mem + k->mem_len, p, n);
		k->mem_len += n;
		return 0;
	}
	while (n > 0) {
		ssize_t w = write(k->fd, p, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			set_err(k->err, k->err_size, "cannot write the image at offset %" PRIu64 ": %s",
				k->written, strerror(errno));
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Emits bytes; to_md5 is false only for the trailer itself. */
static void emit(struct sink *k, const uint8_t *p, size_t n, bool to_md5)
{
	size_t keep;

	if (k->failed || n == 0)
		return;
	if (to_md5 && k->md5 && EVP_DigestUpdate(k->md5, p, n) != 1)
		goto digest;
	keep = k->emitted >= k->limit ? 0
	     : (k->limit - k->emitted < n ? (size_t)(k->limit - k->emitted) : n);
	k->emitted += n;
	if (!keep)
		return;
	if (k->sha256 && EVP_DigestUpdate(k->sha256, p, keep) != 1)
		goto digest;
	if (sink_write(k, p, keep) < 0) {
		k->failed = true;
		return;
	}
	k->written += keep;
	return;
digest:
	set_err(k->err, k->err_size, "OpenSSL failed to hash the image");
	k->failed = true;
}

static void emit_payload(struct sink *k, const struct hpmb_spec *s,
			 const struct hpmb_component *c, uint64_t len)
{
	uint8_t buf[CHUNK];

	for (uint64_t off = 0; off < len && !k->failed; ) {
		size_t n = len - off < CHUNK ? (size_t)(len - off) : CHUNK;

		fill_payload(s, c, off, buf, n);
		emit(k, buf, n, true);
		off += n;
	}
}

/* ---- spec ---------------------------------------------------------------- */

void hpmb_spec_init(struct hpmb_spec *s)
{
	memset(s, 0, sizeof(*s));
	s->device_id = 0x00;
	s->manufacturer_id = 10876;   /* Supermicro */
	s->product_id = 0x0956;       /* X11SSH-F, as the simulated board reports */
	s->firmware.major = 1;
	s->firmware.minor = 0x00;
	s->seed = 1;
	s->n_components = 1;
	s->components[0].id = 0;
	s->components[0].version = s->firmware;
	snprintf(s->components[0].description, sizeof(s->components[0].description),
		 "BMC firmware");
	s->components[0].payload_size = HPMB_STAMP_SIZE;
	s->components[0].payload_size += HPMB_DEFAULT_FILE_SIZE - hpmb_valid_size(s);
}

int hpmb_spec_add_component(struct hpmb_spec *s, uint8_t id, uint64_t payload_size)
{
	struct hpmb_component *c;

	if (s->n_components >= FWD_HPM1_MAX_COMPONENTS || id >= FWD_HPM1_MAX_COMPONENTS)
		return -1;
	for (unsigned i = 0; i < s->n_components; i++)
		if (s->components[i].id == id)
			return -1;
	c = &s->components[s->n_components++];
	memset(c, 0, sizeof(*c));
	c->id = id;
	c->version = s->firmware;
	snprintf(c->description, sizeof(c->description), "component %u", id);
	c->payload_size = payload_size;
	return 0;
}

uint64_t hpmb_valid_size(const struct hpmb_spec *s)
{
	uint64_t size = FWD_HPM1_HEADER_SIZE + (uint64_t)s->oem_length + 1;

	size += s->with_backup ? FWD_HPM1_RECORD_HEAD_SIZE : 0;
	size += s->with_prepare ? FWD_HPM1_RECORD_HEAD_SIZE : 0;
	for (unsigned i = 0; i < s->n_components && i < FWD_HPM1_MAX_COMPONENTS; i++)
		size += FWD_HPM1_RECORD_HEAD_SIZE + FWD_HPM1_DESCRIPTOR_SIZE +
			s->components[i].payload_size;
	return size + FWD_HPM1_MD5_SIZE;
}

#define MAX_PAYLOAD ((uint64_t)UINT32_MAX - LIE_EXTRA)

int hpmb_spec_fit_size(struct hpmb_spec *s, uint64_t size, char *err, size_t err_size)
{
	uint64_t others, payload;

	if (s->n_components == 0) {
		set_err(err, err_size, "the spec has no component to size");
		return -1;
	}
	others = hpmb_valid_size(s) - s->components[0].payload_size;
	payload = size > others ? size - others : 0;
	if (size < others + HPMB_STAMP_SIZE || payload > MAX_PAYLOAD) {
		set_err(err, err_size,
			"an image of %" PRIu64 " bytes cannot be made: headers and other records "
			"take %" PRIu64 ", and the first payload needs %d to %" PRIu64 " bytes",
			size, others, HPMB_STAMP_SIZE, MAX_PAYLOAD);
		return -1;
	}
	s->components[0].payload_size = payload;
	return 0;
}

int hpmb_spec_validate(const struct hpmb_spec *s, char *err, size_t err_size)
{
	uint8_t seen = 0;

	if (s->n_components < 1 || s->n_components > FWD_HPM1_MAX_COMPONENTS) {
		set_err(err, err_size, "an image needs 1 to %d components, not %u",
			FWD_HPM1_MAX_COMPONENTS, s->n_components);
		return -1;
	}
	if (s->manufacturer_id > 0xffffff) {
		set_err(err, err_size, "manufacturer ID %" PRIu32 " does not fit in 24 bits",
			s->manufacturer_id);
		return -1;
	}
	if ((unsigned)s->brk >= HPMB_BREAK_COUNT) {
		set_err(err, err_size, "unknown break kind %d", (int)s->brk);
		return -1;
	}
	for (unsigned i = 0; i < s->n_components; i++) {
		const struct hpmb_component *c = &s->components[i];

		if (c->id >= FWD_HPM1_MAX_COMPONENTS || (seen & (1u << c->id))) {
			set_err(err, err_size, "component ID %u is %s", c->id,
				c->id >= FWD_HPM1_MAX_COMPONENTS ? "over 7" : "given twice");
			return -1;
		}
		seen |= (uint8_t)(1u << c->id);
		if (c->payload_size < HPMB_STAMP_SIZE || c->payload_size > MAX_PAYLOAD) {
			set_err(err, err_size, "payload of component %u is %" PRIu64 " bytes; it "
				"must be %d to %" PRIu64 " bytes", c->id, c->payload_size,
				HPMB_STAMP_SIZE, MAX_PAYLOAD);
			return -1;
		}
	}
	return 0;
}

/* ---- the image ------------------------------------------------------------ */

static uint8_t sum8(const uint8_t *p, size_t n)
{
	uint8_t s = 0;

	while (n--)
		s = (uint8_t)(s + *p++);
	return s;
}

static void put_le(uint8_t *p, uint64_t v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* A bit that is not in mask (or, if all are, one that is not `not`). */
static uint8_t other_bit(uint8_t mask, unsigned not)
{
	for (unsigned i = 1; i <= 8; i++) {
		unsigned b = (not + i) % 8;

		if (!(mask & (1u << b)))
			return (uint8_t)(1u << b);
	}
	return (uint8_t)(1u << ((not + 1) % 8));
}

static void emit_header(struct sink *k, const struct hpmb_spec *s, uint8_t mask)
{
	enum hpmb_break b = s->brk;
	uint8_t h[FWD_HPM1_HEADER_SIZE];
	uint8_t oem[CHUNK];
	uint16_t oem_real = b == HPMB_BREAK_OEM_PAST_END ? OEM_LIE_REAL : s->oem_length;
	uint16_t oem_claim = b == HPMB_BREAK_OEM_PAST_END ? OEM_LIE_CLAIM : s->oem_length;
	uint8_t sum;

	memcpy(h, b == HPMB_BREAK_BAD_SIGNATURE ? "PICMGFWX" : FWD_HPM1_SIGNATURE, 8);
	h[8] = b == HPMB_BREAK_BAD_FORMAT_VERSION ? 1 : 0;
	h[9] = s->device_id;
	put_le(h + 10, s->manufacturer_id, 3);
	put_le(h + 13, s->product_id, 2);
	put_le(h + 15, s->time, 4);
	h[19] = s->capabilities;
	h[20] = mask;
	h[21] = s->self_test_timeout;
	h[22] = s->rollback_timeout;
	h[23] = s->inaccessibility_timeout;
	h[24] = s->earliest.major;
	h[25] = s->earliest.minor;
	h[26] = s->firmware.major;
	h[27] = s->firmware.minor;
	memcpy(h + 28, s->firmware.aux, 4);
	put_le(h + 32, oem_claim, 2);
	fill_random(stream_key(s->seed, OEM_KEY), 0, oem, oem_real);

	sum = (uint8_t)(sum8(h, sizeof(h)) + sum8(oem, oem_real));
	sum = (uint8_t)(0x100 - sum);
	if (b == HPMB_BREAK_BAD_HEADER_CHECKSUM)
		sum = (uint8_t)(sum + 1);
	emit(k, h, sizeof(h), true);
	emit(k, oem, oem_real, true);
	if (b != HPMB_BREAK_OEM_PAST_END)
		emit(k, &sum, 1, true);
}

/* A backup, prepare or stray record: 3 bytes, checksum right unless bad. */
static void emit_short_record(struct sink *k, uint8_t type, uint8_t mask, bool bad)
{
	uint8_t r[3] = { type, mask, 0 };

	r[2] = (uint8_t)(0x100 - sum8(r, 2) + (bad ? 1 : 0));
	emit(k, r, sizeof(r), true);
}

struct upload {
	uint8_t mask;
	bool bad_checksum;
	bool unterminated;
	uint64_t real_length;      /* payload bytes emitted */
	uint64_t claimed_length;
	size_t descriptor_bytes;   /* < 31 cuts the record there (descriptor-past-end) */
};

static void emit_upload(struct sink *k, const struct hpmb_spec *s,
			const struct hpmb_component *c, const struct upload *u,
			struct hpmb_layout *lay)
{
	uint8_t r[FWD_HPM1_RECORD_HEAD_SIZE + FWD_HPM1_DESCRIPTOR_SIZE];
	uint8_t *v = r + 3, *desc = v + 6, *len = desc + FWD_HPM1_DESCRIPTION_SIZE;
	uint8_t good;

	r[0] = FWD_HPM1_ACTION_UPLOAD;
	r[1] = u->mask;
	v[0] = c->version.major;
	v[1] = c->version.minor;
	memcpy(v + 2, c->version.aux, 4);
	memcpy(desc, c->description, FWD_HPM1_DESCRIPTION_SIZE);
	if (u->unterminated)
		memcpy(desc, "description without a NUL", FWD_HPM1_DESCRIPTION_SIZE);
	put_le(len, u->claimed_length, 4);

	r[2] = 0;
	good = (uint8_t)(0x100 - (s->alt_checksum ? sum8(r, sizeof(r)) : sum8(r, 2)));
	r[2] = good;
	if (u->bad_checksum) {
		/* wrong over the 3 bytes and over the 34: ipmitool accepts either */
		r[2] = (uint8_t)(0x100 - sum8(r, 2) + 1);
		if (sum8(r, sizeof(r)) == 0)
			r[2] = (uint8_t)(r[2] + 1);
	}

	if (lay && lay->n_components < FWD_HPM1_MAX_COMPONENTS) {
		unsigned i = lay->n_components++;

		lay->components[i].id = c->id;
		lay->components[i].record_offset = k->emitted;
		lay->components[i].payload_offset = k->emitted + sizeof(r);
		lay->components[i].payload_length = u->real_length;
	}
	emit(k, r, FWD_HPM1_RECORD_HEAD_SIZE + u->descriptor_bytes, true);
	if (u->descriptor_bytes == FWD_HPM1_DESCRIPTOR_SIZE)
		emit_payload(k, s, c, u->real_length);
}

static void emit_image(struct sink *k, const struct hpmb_spec *s, struct hpmb_layout *lay)
{
	enum hpmb_break b = s->brk;
	const struct hpmb_component *first = &s->components[0];
	uint8_t comps = 0, mask;
	uint8_t md5[EVP_MAX_MD_SIZE];
	unsigned md5_len = 0;
	bool first_record = true;

	for (unsigned i = 0; i < s->n_components; i++)
		comps |= (uint8_t)(1u << s->components[i].id);
	mask = comps;
	if (b == HPMB_BREAK_ZERO_MASK)
		mask = 0;
	else if (b == HPMB_BREAK_UPLOAD_MASK_MULTI_BIT)
		mask |= other_bit(comps, first->id);
	else if (b == HPMB_BREAK_MASK_OUTSIDE_HEADER) {
		mask &= (uint8_t)~(1u << first->id);
		if (!mask)
			mask = other_bit(comps, first->id);
	}

	if (b == HPMB_BREAK_EMPTY)
		k->limit = 0;
	else if (b == HPMB_BREAK_TOO_SMALL)
		k->limit = FWD_HPM1_MIN_SIZE - 1;

	emit_header(k, s, mask);
	if (b == HPMB_BREAK_OEM_PAST_END)
		goto trailer;

	if (b == HPMB_BREAK_NO_UPLOAD) {
		emit_short_record(k, FWD_HPM1_ACTION_BACKUP, mask, false);
		goto trailer;
	}
	if (b == HPMB_BREAK_DESCRIPTOR_PAST_END) {
		struct upload u = {
			.mask = (uint8_t)(1u << first->id),
			.real_length = first->payload_size,
			.claimed_length = first->payload_size,
			.descriptor_bytes = 20,
		};
		emit_upload(k, s, first, &u, lay);
		goto trailer;
	}
	if (s->with_backup) {
		emit_short_record(k, FWD_HPM1_ACTION_BACKUP, mask,
				  b == HPMB_BREAK_BAD_RECORD_CHECKSUM);
		first_record = false;
	}
	if (s->with_prepare) {
		emit_short_record(k, FWD_HPM1_ACTION_PREPARE, mask,
				  first_record && b == HPMB_BREAK_BAD_RECORD_CHECKSUM);
		first_record = false;
	}
	if (b == HPMB_BREAK_UNKNOWN_ACTION)
		emit_short_record(k, 7, (uint8_t)(1u << first->id), false);

	for (unsigned i = 0; i < s->n_components; i++) {
		const struct hpmb_component *c = &s->components[i];
		bool last = i + 1 == s->n_components;
		struct upload u = {
			.mask = (uint8_t)(1u << c->id),
			.bad_checksum = first_record && b == HPMB_BREAK_BAD_RECORD_CHECKSUM,
			.unterminated = i == 0 && b == HPMB_BREAK_UNTERMINATED_DESCRIPTION,
			.real_length = c->payload_size,
			.claimed_length = c->payload_size,
			.descriptor_bytes = FWD_HPM1_DESCRIPTOR_SIZE,
		};

		first_record = false;
		if (i == 0 && b == HPMB_BREAK_UPLOAD_MASK_MULTI_BIT)
			u.mask |= other_bit(comps, c->id);
		if (i == 0 && b == HPMB_BREAK_EMPTY_PAYLOAD)
			u.real_length = u.claimed_length = 0;
		if (last && b == HPMB_BREAK_LYING_LENGTH)
			u.claimed_length += LIE_EXTRA;
		if (last && b == HPMB_BREAK_TRUNCATED)
			k->limit = k->emitted + FWD_HPM1_RECORD_HEAD_SIZE +
				   FWD_HPM1_DESCRIPTOR_SIZE + u.real_length / 2;
		emit_upload(k, s, c, &u, lay);
		if (i == 0 && b == HPMB_BREAK_DUPLICATE_COMPONENT)
			emit_upload(k, s, c, &u, lay);
	}
	if (b == HPMB_BREAK_TRAILING_BYTES) {
		static const uint8_t stray[2] = { 0xa5, 0x5a };

		emit(k, stray, sizeof(stray), true);
	}

trailer:
	if (k->failed)
		return;
	if (EVP_DigestFinal_ex(k->md5, md5, &md5_len) != 1) {
		set_err(k->err, k->err_size, "OpenSSL failed to hash the image");
		k->failed = true;
		return;
	}
	if (b == HPMB_BREAK_BAD_MD5)
		md5[0] ^= 0xff;
	emit(k, md5, FWD_HPM1_MD5_SIZE, false);
}

static void hex(char *out, const uint8_t *p, size_t n)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 15];
	}
	out[2 * n] = '\0';
}

/* Builds into an fd (fd >= 0) or into memory (fd < 0, result in k->mem). */
static int build(const struct hpmb_spec *s, int fd, struct sink *k,
		 struct hpmb_layout *layout, char *err, size_t err_size)
{
	struct hpmb_layout lay;
	unsigned sha_len = 0;
	int rc = -1;

	memset(k, 0, sizeof(*k));
	if (hpmb_spec_validate(s, err, err_size) < 0)
		return -1;
	memset(&lay, 0, sizeof(lay));
	k->fd = fd;
	k->limit = UINT64_MAX;
	k->err = err;
	k->err_size = err_size;
	k->md5 = EVP_MD_CTX_new();
	k->sha256 = EVP_MD_CTX_new();
	if (!k->md5 || !k->sha256 ||
	    EVP_DigestInit_ex(k->md5, EVP_md5(), NULL) != 1 ||
	    EVP_DigestInit_ex(k->sha256, EVP_sha256(), NULL) != 1) {
		set_err(err, err_size, "OpenSSL failed to set up the digests");
		goto out;
	}
	emit_image(k, s, &lay);
	if (k->failed)
		goto out;
	if (EVP_DigestFinal_ex(k->sha256, lay.sha256, &sha_len) != 1) {
		set_err(err, err_size, "OpenSSL failed to hash the image");
		goto out;
	}
	hex(lay.sha256_hex, lay.sha256, sizeof(lay.sha256));
	lay.size = k->written;
	if (layout)
		*layout = lay;
	rc = 0;
out:
	EVP_MD_CTX_free(k->md5);
	EVP_MD_CTX_free(k->sha256);
	k->md5 = k->sha256 = NULL;
	return rc;
}

int hpmb_write_fd(const struct hpmb_spec *s, int fd, struct hpmb_layout *layout,
		  char *err, size_t err_size)
{
	struct sink k;

	if (fd < 0) {
		set_err(err, err_size, "no file descriptor to write the image to");
		return -1;
	}
	return build(s, fd, &k, layout, err, err_size);
}

int hpmb_build_mem(const struct hpmb_spec *s, uint8_t **buf, size_t *len,
		   struct hpmb_layout *layout, char *err, size_t err_size)
{
	struct sink k;

	if (build(s, -1, &k, layout, err, err_size) < 0) {
		free(k.mem);
		return -1;
	}
	*buf = k.mem ? k.mem : malloc(1);  /* an empty image is still a buffer */
	if (!*buf) {
		set_err(err, err_size, "out of memory building the image");
		return -1;
	}
	*len = k.mem_len;
	return 0;
}

/* Runs write_fn on a temp file beside path, then fsyncs and renames it. */
static int write_atomically(const char *path, int (*write_fn)(int fd, const void *arg,
			    char *err, size_t err_size), const void *arg,
			    char *err, size_t err_size)
{
	size_t n = strlen(path);
	char *tmp = malloc(n + sizeof(".XXXXXX"));
	int fd;

	if (!tmp) {
		set_err(err, err_size, "out of memory");
		return -1;
	}
	memcpy(tmp, path, n);
	memcpy(tmp + n, ".XXXXXX", sizeof(".XXXXXX"));
	fd = mkstemp(tmp);
	if (fd < 0) {
		set_err(err, err_size, "cannot create a temporary file beside '%s': %s", path,
			strerror(errno));
		free(tmp);
		return -1;
	}
	if (write_fn(fd, arg, err, err_size) < 0)
		goto fail;
	if (fsync(fd) < 0) {
		set_err(err, err_size, "cannot sync '%s': %s", tmp, strerror(errno));
		goto fail;
	}
	if (close(fd) < 0) {
		fd = -1;
		set_err(err, err_size, "cannot close '%s': %s", tmp, strerror(errno));
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path) < 0) {
		set_err(err, err_size, "cannot rename '%s' to '%s': %s", tmp, path,
			strerror(errno));
		goto fail;
	}
	free(tmp);
	return 0;
fail:
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	free(tmp);
	return -1;
}

struct image_job {
	const struct hpmb_spec *spec;
	struct hpmb_layout *layout;
};

static int write_image_job(int fd, const void *arg, char *err, size_t err_size)
{
	const struct image_job *job = arg;

	return hpmb_write_fd(job->spec, fd, job->layout, err, err_size);
}

int hpmb_write_file(const struct hpmb_spec *s, const char *path,
		    struct hpmb_layout *layout, char *err, size_t err_size)
{
	struct image_job job = { s, layout };

	return write_atomically(path, write_image_job, &job, err, err_size);
}

int hpmb_write_payload_fd(const struct hpmb_spec *s, unsigned index, int fd,
			  char *err, size_t err_size)
{
	struct sink k;

	if (fd < 0) {
		set_err(err, err_size, "no file descriptor to write the payload to");
		return -1;
	}
	if (hpmb_spec_validate(s, err, err_size) < 0)
		return -1;
	if (index >= s->n_components) {
		set_err(err, err_size, "no component at index %u (the spec has %u)", index,
			s->n_components);
		return -1;
	}
	memset(&k, 0, sizeof(k));
	k.fd = fd;
	k.limit = UINT64_MAX;
	k.err = err;
	k.err_size = err_size;
	emit_payload(&k, s, &s->components[index], s->components[index].payload_size);
	return k.failed ? -1 : 0;
}

struct payload_job {
	const struct hpmb_spec *spec;
	unsigned index;
};

static int write_payload_job(int fd, const void *arg, char *err, size_t err_size)
{
	const struct payload_job *job = arg;

	return hpmb_write_payload_fd(job->spec, job->index, fd, err, err_size);
}

int hpmb_write_payload_file(const struct hpmb_spec *s, unsigned index, const char *path,
			    char *err, size_t err_size)
{
	struct payload_job job = { s, index };

	return write_atomically(path, write_payload_job, &job, err, err_size);
}
