/*
 * hpm1.c: one-pass, bounds-checked HPM.1 image validator (see hpm1.h).
 *
 * The stream is split in two as it arrives: the last 16 bytes seen so far
 * are held back because they may be the MD5 trailer; every older byte is
 * "committed": hashed with MD5 and fed to a byte-driven state machine that
 * walks header, OEM data and action records.  The machine only ever looks
 * at committed bytes, so no field can make it read beyond the data or into
 * the trailer; whether a record's claimed length fits is decided at the end,
 * when the real size is known.  Every byte fed is also hashed with SHA-256.
 *
 * The two digests cost most of a check, and one does not wait for the
 * other: past FWD_HPM1_THREAD_MIN bytes, MD5 moves to a second thread
 * (digest-thread.h) while this one reads, hashes SHA-256 and parses, so a
 * large image costs about its slower digest, not the sum of both.  Smaller
 * streams (most tests, every fuzz input) never start a thread.
 */
#include "image/hpm1.h"

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

#include "image/digest-thread.h"
#include "util/error.h"
#include "util/file-kind.h"

/* The two endings of a message: who is to blame decides what to do. */
#define BUILT_WRONG   "the image was built wrong or tampered with: do not flash it, " \
		      "get a correct image from the vendor"
#define DOWNLOAD_AGAIN "the file is corrupted: download it again"

/* From here on MD5 runs on its own thread: below, a thread would cost more
 * than it saves. */
#define FWD_HPM1_THREAD_MIN ((uint64_t)1 << 20)

enum parse_state {
	ST_HEADER,      /* collecting the 34-byte fixed header */
	ST_OEM,         /* skipping OEM data (summed for the header checksum) */
	ST_HEADER_SUM,  /* the header checksum byte */
	ST_RECORD,      /* collecting a record: 3 bytes, 34 for an upload */
	ST_PAYLOAD,     /* skipping an upload's payload */
	ST_FAILED,      /* a structural error was found; only hashing goes on */
};

struct fwd_hpm1_checker {
	EVP_MD_CTX *md5;         /* over committed bytes: [0, size-16) at the end */
	struct fwd_digest_thread *md5_thread;  /* owns md5 while it runs, or NULL */
	bool md5_started;        /* a thread was tried: never two */
	EVP_MD_CTX *sha256;      /* over every byte */
	bool digest_failed;

	uint64_t size;           /* bytes fed */
	uint64_t max_size;
	int verdict;             /* early, final verdict (TOO_LARGE), else 0 */

	uint8_t tail[FWD_HPM1_MD5_SIZE];  /* the newest bytes: maybe the trailer */
	size_t tail_len;

	/* state machine over committed bytes */
	enum parse_state state;
	uint64_t pos;            /* file offset of the next committed byte */
	uint8_t win[FWD_HPM1_HEADER_SIZE];  /* header, or record head + descriptor */
	size_t win_len;
	uint8_t header_sum;
	uint64_t left;           /* OEM or payload bytes still to skip */
	uint64_t record_offset;
	uint64_t component_record[FWD_HPM1_MAX_COMPONENTS];  /* for duplicates */
	bool header_done;

	int error;               /* first structural error, 0 if none */
	char message[400];
	struct fwd_hpm1_info info;
};

static void set_message(char *msg, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void set_message(char *msg, size_t size, const char *fmt, ...)
{
	va_list ap;

	if (!msg || !size)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, size, fmt, ap);
	va_end(ap);
}

/* Records the first structural error; the state machine stops there. */
static void fail(struct fwd_hpm1_checker *c, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void fail(struct fwd_hpm1_checker *c, int code, const char *fmt, ...)
{
	va_list ap;

	c->state = ST_FAILED;
	if (c->error)
		return;
	c->error = code;
	va_start(ap, fmt);
	vsnprintf(c->message, sizeof(c->message), fmt, ap);
	va_end(ap);
}

static uint8_t sum8(const uint8_t *p, size_t n)
{
	uint8_t s = 0;

	while (n--)
		s = (uint8_t)(s + *p++);
	return s;
}

static unsigned popcount8(uint8_t m)
{
	unsigned n = 0;

	for (; m; m &= (uint8_t)(m - 1))
		n++;
	return n;
}

static unsigned lowest_bit(uint8_t m)
{
	unsigned i = 0;

	while (i < 8 && !(m & (1u << i)))
		i++;
	return i;
}

static void copy_version(struct fwd_hpm1_version *v, const uint8_t *p)
{
	v->major = p[0];
	v->minor = p[1];
	memcpy(v->aux, p + 2, sizeof(v->aux));
}

/* Escapes up to n bytes for a message: printable ASCII as is, others \xNN. */
static void escape(char *out, size_t out_size, const uint8_t *p, size_t n)
{
	size_t o = 0;

	for (size_t i = 0; i < n && o + 5 < out_size; i++) {
		if (p[i] >= 0x20 && p[i] < 0x7f && p[i] != '"' && p[i] != '\\')
			out[o++] = (char)p[i];
		else
			o += (size_t)snprintf(out + o, out_size - o, "\\x%02x", p[i]);
	}
	out[o] = '\0';
}

static const char *action_name(uint8_t type)
{
	switch (type) {
	case FWD_HPM1_ACTION_BACKUP:  return "backup";
	case FWD_HPM1_ACTION_PREPARE: return "prepare";
	case FWD_HPM1_ACTION_UPLOAD:  return "upload";
	default:                      return "unknown";
	}
}

/* The fixed header is complete: check what does not need the checksum. */
static void parse_header(struct fwd_hpm1_checker *c)
{
	const uint8_t *h = c->win;
	struct fwd_hpm1_info *in = &c->info;

	if (memcmp(h, FWD_HPM1_SIGNATURE, FWD_HPM1_SIGNATURE_SIZE) != 0) {
		char sig[8 * 4 + 1];

		escape(sig, sizeof(sig), h, FWD_HPM1_SIGNATURE_SIZE);
		fail(c, FWD_HPM1_E_BAD_SIGNATURE,
		     "not an HPM.1 image: the signature at offset 0 is \"%s\", not \"%s\"; "
		     "give the .hpm file from the vendor", sig, FWD_HPM1_SIGNATURE);
		return;
	}
	in->format_version = h[8];
	if (h[8] != 0) {
		fail(c, FWD_HPM1_E_BAD_FORMAT_VERSION,
		     "unsupported HPM.1 image format version %u at offset 8 (only 0 is defined); "
		     "use an image in HPM.1 format version 0", h[8]);
		return;
	}
	in->device_id = h[9];
	in->manufacturer_id = (uint32_t)h[10] | (uint32_t)h[11] << 8 | (uint32_t)h[12] << 16;
	in->product_id = (uint16_t)(h[13] | h[14] << 8);
	in->time = (uint32_t)h[15] | (uint32_t)h[16] << 8 | (uint32_t)h[17] << 16 |
		   (uint32_t)h[18] << 24;
	in->capabilities = h[19];
	in->components_mask = h[20];
	in->self_test_timeout = h[21];
	in->rollback_timeout = h[22];
	in->inaccessibility_timeout = h[23];
	memset(&in->earliest, 0, sizeof(in->earliest));
	in->earliest.major = h[24];
	in->earliest.minor = h[25];
	copy_version(&in->firmware, h + 26);
	in->oem_data_length = (uint16_t)(h[32] | h[33] << 8);

	c->left = in->oem_data_length;
	c->state = c->left ? ST_OEM : ST_HEADER_SUM;
}

/* The header checksum byte has been summed in: header and OEM data are done. */
static void finish_header(struct fwd_hpm1_checker *c)
{
	uint64_t at = c->pos - 1;

	if (c->header_sum != 0) {
		fail(c, FWD_HPM1_E_BAD_HEADER_CHECKSUM,
		     "bad header checksum: bytes 0..%" PRIu64 " sum to 0x%02x, not 0 (checksum byte "
		     "at offset %" PRIu64 " is 0x%02x); " BUILT_WRONG,
		     at, c->header_sum, at, c->win[0]);
		return;
	}
	if (c->info.components_mask == 0) {
		fail(c, FWD_HPM1_E_ZERO_MASK,
		     "the header's component mask at offset 20 is 0x00: the image names no "
		     "component to upgrade; " BUILT_WRONG);
		return;
	}
	c->header_done = true;
	c->state = ST_RECORD;
	c->win_len = 0;
}

/* Checks a record's mask against the header; returns false after fail(). */
static bool check_mask(struct fwd_hpm1_checker *c, uint8_t type, uint8_t mask)
{
	uint8_t header = c->info.components_mask;

	if (type == FWD_HPM1_ACTION_UPLOAD && popcount8(mask) != 1) {
		fail(c, FWD_HPM1_E_UPLOAD_MASK_NOT_ONE_BIT,
		     "upload record at offset %" PRIu64 " has component mask 0x%02x: an upload "
		     "must name exactly one component; " BUILT_WRONG, c->record_offset, mask);
		return false;
	}
	if (mask == 0) {
		fail(c, FWD_HPM1_E_ZERO_MASK,
		     "%s record at offset %" PRIu64 " has component mask 0x00: it names no "
		     "component; " BUILT_WRONG, action_name(type), c->record_offset);
		return false;
	}
	if (mask & ~header) {
		fail(c, FWD_HPM1_E_MASK_OUTSIDE_HEADER,
		     "%s record at offset %" PRIu64 " has component mask 0x%02x but the header "
		     "lists only 0x%02x; " BUILT_WRONG, action_name(type), c->record_offset,
		     mask, header);
		return false;
	}
	return true;
}

/* The 3-byte head of a record is in win. */
static void parse_record_head(struct fwd_hpm1_checker *c)
{
	uint8_t type = c->win[0], mask = c->win[1];
	uint8_t s3 = sum8(c->win, FWD_HPM1_RECORD_HEAD_SIZE);

	if (type == FWD_HPM1_ACTION_UPLOAD)
		return;  /* its checksum may cover the descriptor too: wait for it */
	if (s3 != 0) {
		fail(c, FWD_HPM1_E_BAD_RECORD_CHECKSUM,
		     "action record at offset %" PRIu64 " (type %u) has a bad checksum: its 3 "
		     "bytes sum to 0x%02x, not 0; " BUILT_WRONG, c->record_offset, type, s3);
		return;
	}
	if (type != FWD_HPM1_ACTION_BACKUP && type != FWD_HPM1_ACTION_PREPARE) {
		fail(c, FWD_HPM1_E_UNKNOWN_ACTION,
		     "action record at offset %" PRIu64 " has unknown type %u (known: 0 backup, "
		     "1 prepare, 2 upload); " BUILT_WRONG, c->record_offset, type);
		return;
	}
	if (!check_mask(c, type, mask))
		return;
	if (type == FWD_HPM1_ACTION_BACKUP)
		c->info.n_backup++;
	else
		c->info.n_prepare++;
	c->win_len = 0;
}

/* Head and 31-byte descriptor of an upload record are in win. */
static void parse_upload(struct fwd_hpm1_checker *c)
{
	const uint8_t *w = c->win;
	const uint8_t *desc = w + FWD_HPM1_RECORD_HEAD_SIZE + FWD_HPM1_VERSION_SIZE;
	const uint8_t *len = desc + FWD_HPM1_DESCRIPTION_SIZE;
	uint8_t s3 = sum8(w, FWD_HPM1_RECORD_HEAD_SIZE);
	uint8_t s34 = sum8(w, FWD_HPM1_HEADER_SIZE);
	struct fwd_hpm1_component *comp;
	unsigned id;
	size_t n;

	/* HPM.1 is ambiguous about what the checksum covers; ipmitool accepts both. */
	if (s3 != 0 && s34 != 0) {
		fail(c, FWD_HPM1_E_BAD_RECORD_CHECKSUM,
		     "upload record at offset %" PRIu64 " has a bad checksum: its 3 bytes sum to "
		     "0x%02x and with its descriptor to 0x%02x, neither is 0; " BUILT_WRONG,
		     c->record_offset, s3, s34);
		return;
	}
	if (!check_mask(c, FWD_HPM1_ACTION_UPLOAD, w[1]))
		return;
	id = lowest_bit(w[1]);
	if (c->component_record[id] != UINT64_MAX) {
		fail(c, FWD_HPM1_E_DUPLICATE_COMPONENT,
		     "upload record at offset %" PRIu64 " uploads component %u again (the record "
		     "at offset %" PRIu64 " already does); " BUILT_WRONG, c->record_offset, id,
		     c->component_record[id]);
		return;
	}
	for (n = 0; n < FWD_HPM1_DESCRIPTION_SIZE && desc[n]; n++) {
		if (desc[n] < 0x20 || desc[n] > 0x7e) {
			fail(c, FWD_HPM1_E_BAD_DESCRIPTION,
			     "description of the upload record at offset %" PRIu64 " has "
			     "non-printable byte 0x%02x at offset %" PRIu64 "; " BUILT_WRONG,
			     c->record_offset, desc[n],
			     c->record_offset + (uint64_t)(desc - w) + n);
			return;
		}
	}
	if (n == FWD_HPM1_DESCRIPTION_SIZE) {
		char text[FWD_HPM1_DESCRIPTION_SIZE * 4 + 1];

		escape(text, sizeof(text), desc, FWD_HPM1_DESCRIPTION_SIZE);
		fail(c, FWD_HPM1_E_BAD_DESCRIPTION,
		     "description of the upload record at offset %" PRIu64 " (\"%s\") is not "
		     "NUL-terminated within its %d bytes; " BUILT_WRONG,
		     c->record_offset, text, FWD_HPM1_DESCRIPTION_SIZE);
		return;
	}

	comp = &c->info.components[c->info.n_components++];
	comp->id = (uint8_t)id;
	copy_version(&comp->version, w + FWD_HPM1_RECORD_HEAD_SIZE);
	memcpy(comp->description, desc, n + 1);
	comp->payload_length = (uint32_t)len[0] | (uint32_t)len[1] << 8 |
			       (uint32_t)len[2] << 16 | (uint32_t)len[3] << 24;
	comp->payload_offset = c->pos;
	comp->record_offset = c->record_offset;
	c->component_record[id] = c->record_offset;

	if (comp->payload_length == 0) {
		fail(c, FWD_HPM1_E_EMPTY_PAYLOAD,
		     "upload record at offset %" PRIu64 " for component %u has a 0-byte payload: "
		     "it would flash nothing; " BUILT_WRONG, c->record_offset, id);
		return;
	}
	c->left = comp->payload_length;
	c->state = ST_PAYLOAD;
}

/* Runs the state machine over committed bytes p[0..n). */
static void parse(struct fwd_hpm1_checker *c, const uint8_t *p, size_t n)
{
	while (n > 0 && c->state != ST_FAILED) {
		size_t take;

		switch (c->state) {
		case ST_HEADER:
			take = FWD_HPM1_HEADER_SIZE - c->win_len;
			take = take < n ? take : n;
			memcpy(c->win + c->win_len, p, take);
			c->win_len += take;
			c->header_sum = (uint8_t)(c->header_sum + sum8(p, take));
			c->pos += take;
			if (c->win_len == FWD_HPM1_HEADER_SIZE)
				parse_header(c);
			break;
		case ST_OEM:
			take = c->left < n ? (size_t)c->left : n;
			c->header_sum = (uint8_t)(c->header_sum + sum8(p, take));
			c->left -= take;
			c->pos += take;
			if (c->left == 0)
				c->state = ST_HEADER_SUM;
			break;
		case ST_HEADER_SUM:
			take = 1;
			c->win[0] = p[0];  /* kept for the message only */
			c->header_sum = (uint8_t)(c->header_sum + p[0]);
			c->pos += 1;
			finish_header(c);
			break;
		case ST_RECORD: {
			/* An upload needs 34 bytes; a backup/prepare record 3. */
			size_t need = (c->win_len >= FWD_HPM1_RECORD_HEAD_SIZE &&
				       c->win[0] == FWD_HPM1_ACTION_UPLOAD)
				? FWD_HPM1_RECORD_HEAD_SIZE + FWD_HPM1_DESCRIPTOR_SIZE
				: FWD_HPM1_RECORD_HEAD_SIZE;

			if (c->win_len == 0)
				c->record_offset = c->pos;
			take = need - c->win_len;
			take = take < n ? take : n;
			memcpy(c->win + c->win_len, p, take);
			c->win_len += take;
			c->pos += take;
			if (c->win_len == FWD_HPM1_RECORD_HEAD_SIZE)
				parse_record_head(c);
			else if (c->win_len == FWD_HPM1_RECORD_HEAD_SIZE + FWD_HPM1_DESCRIPTOR_SIZE)
				parse_upload(c);
			break;
		}
		case ST_PAYLOAD:
			take = c->left < n ? (size_t)c->left : n;
			c->left -= take;
			c->pos += take;
			if (c->left == 0) {
				c->state = ST_RECORD;
				c->win_len = 0;
			}
			break;
		case ST_FAILED:
		default:
			return;
		}
		p += take;
		n -= take;
	}
	if (c->state == ST_FAILED)
		c->pos += n;  /* keep counting: the offset is still the file's */
}

/* Bytes that are surely not the trailer: MD5 and the state machine. */
static void commit(struct fwd_hpm1_checker *c, const uint8_t *p, size_t n)
{
	if (!n)
		return;
	if (c->md5_thread)
		fwd_digest_thread_feed(c->md5_thread, p, n);
	else if (EVP_DigestUpdate(c->md5, p, n) != 1)
		c->digest_failed = true;
	parse(c, p, n);
}

/* Takes MD5 back from its thread (if it has one): the context is then whole. */
static void join_md5(struct fwd_hpm1_checker *c)
{
	if (fwd_digest_thread_finish(c->md5_thread) < 0)
		c->digest_failed = true;
	c->md5_thread = NULL;
}

struct fwd_hpm1_checker *fwd_hpm1_checker_new(void)
{
	struct fwd_hpm1_checker *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->md5 = EVP_MD_CTX_new();
	c->sha256 = EVP_MD_CTX_new();
	if (!c->md5 || !c->sha256 ||
	    EVP_DigestInit_ex(c->md5, EVP_md5(), NULL) != 1 ||
	    EVP_DigestInit_ex(c->sha256, EVP_sha256(), NULL) != 1) {
		fwd_hpm1_checker_free(c);
		return NULL;
	}
	c->max_size = FWD_HPM1_MAX_SIZE;
	c->state = ST_HEADER;
	for (unsigned i = 0; i < FWD_HPM1_MAX_COMPONENTS; i++)
		c->component_record[i] = UINT64_MAX;
	return c;
}

void fwd_hpm1_checker_set_max_size(struct fwd_hpm1_checker *c, uint64_t max_size)
{
	c->max_size = max_size;
}

void fwd_hpm1_checker_free(struct fwd_hpm1_checker *c)
{
	if (!c)
		return;
	join_md5(c);
	EVP_MD_CTX_free(c->md5);
	EVP_MD_CTX_free(c->sha256);
	free(c);
}

int fwd_hpm1_checker_update(struct fwd_hpm1_checker *c, const void *data, size_t len)
{
	const uint8_t *p = data;
	size_t keep, from_tail, from_data;

	if (c->verdict)
		return c->verdict;
	if (len > c->max_size - c->size || c->size + len > c->max_size) {
		c->verdict = FWD_HPM1_E_TOO_LARGE;
		set_message(c->message, sizeof(c->message),
			    "image is larger than %" PRIu64 " bytes, more than any HPM.1 image "
			    "holds; check that the right file was given", c->max_size);
		return c->verdict;
	}
	if (EVP_DigestUpdate(c->sha256, p, len) != 1)
		c->digest_failed = true;
	c->size += len;
	/* No thread is no failure: MD5 then goes on here, as for small images. */
	if (!c->md5_thread && c->size >= FWD_HPM1_THREAD_MIN && !c->md5_started) {
		c->md5_started = true;
		c->md5_thread = fwd_digest_thread_start(c->md5);
	}

	if (c->tail_len + len <= FWD_HPM1_MD5_SIZE) {
		memcpy(c->tail + c->tail_len, p, len);
		c->tail_len += len;
		return 0;
	}
	/* Commit all but the newest 16 bytes, oldest first: tail, then data. */
	keep = FWD_HPM1_MD5_SIZE;
	from_tail = c->tail_len + len - keep;
	from_tail = from_tail < c->tail_len ? from_tail : c->tail_len;
	from_data = c->tail_len + len - keep - from_tail;
	commit(c, c->tail, from_tail);
	commit(c, p, from_data);
	memmove(c->tail, c->tail + from_tail, c->tail_len - from_tail);
	c->tail_len -= from_tail;
	memcpy(c->tail + c->tail_len, p + from_data, len - from_data);
	c->tail_len += len - from_data;
	return 0;
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

/* Where the walk stopped, when the data ran out in the middle of something. */
static int overrun(struct fwd_hpm1_checker *c, char *msg, size_t msg_size)
{
	uint64_t body = c->size - FWD_HPM1_MD5_SIZE;

	switch (c->state) {
	case ST_OEM:
	case ST_HEADER_SUM:
		set_message(msg, msg_size,
			    "the header claims %u bytes of OEM data at offset %d, which with the "
			    "header checksum need %u bytes, but only %" PRIu64 " remain before the "
			    "MD5 trailer", c->info.oem_data_length, FWD_HPM1_HEADER_SIZE,
			    c->info.oem_data_length + 1u, body - FWD_HPM1_HEADER_SIZE);
		return FWD_HPM1_E_OEM_PAST_END;
	case ST_RECORD:
		if (c->win_len == 0)
			return 0;
		if (c->win_len < FWD_HPM1_RECORD_HEAD_SIZE) {
			set_message(msg, msg_size,
				    "%zu stray byte%s at offset %" PRIu64 " after the last action "
				    "record: the records must end exactly at the MD5 trailer (offset %"
				    PRIu64 ")", c->win_len, c->win_len == 1 ? "" : "s",
				    c->record_offset, body);
			return FWD_HPM1_E_RECORDS_NOT_AT_TRAILER;
		}
		set_message(msg, msg_size,
			    "upload record at offset %" PRIu64 " needs a %d-byte descriptor but only "
			    "%zu bytes remain before the MD5 trailer", c->record_offset,
			    FWD_HPM1_DESCRIPTOR_SIZE, c->win_len - FWD_HPM1_RECORD_HEAD_SIZE);
		return FWD_HPM1_E_DESCRIPTOR_PAST_END;
	case ST_PAYLOAD: {
		const struct fwd_hpm1_component *comp =
			&c->info.components[c->info.n_components - 1];

		set_message(msg, msg_size,
			    "upload record at offset %" PRIu64 " claims %" PRIu32 " payload bytes "
			    "but only %" PRIu64 " remain before the MD5 trailer", comp->record_offset,
			    comp->payload_length, comp->payload_length - c->left);
		return FWD_HPM1_E_PAYLOAD_PAST_END;
	}
	case ST_HEADER:   /* cannot happen once size >= FWD_HPM1_MIN_SIZE */
	case ST_FAILED:
	default:
		return 0;
	}
}

static int verdict(struct fwd_hpm1_checker *c, char *msg, size_t msg_size)
{
	uint8_t md5[EVP_MAX_MD_SIZE];
	unsigned md5_len = 0;
	char ran_out[sizeof(c->message)];
	int over;

	if (c->verdict) {
		set_message(msg, msg_size, "%s", c->message);
		return c->verdict;
	}
	if (c->size == 0) {
		set_message(msg, msg_size, "image is empty (0 bytes); " DOWNLOAD_AGAIN);
		return FWD_HPM1_E_EMPTY;
	}
	if (c->size < FWD_HPM1_MIN_SIZE) {
		set_message(msg, msg_size,
			    "image is %" PRIu64 " bytes, shorter than the %d bytes of the smallest "
			    "HPM.1 image (header, checksum and MD5 trailer); the file is truncated: "
			    "download it again", c->size, FWD_HPM1_MIN_SIZE);
		return FWD_HPM1_E_TOO_SMALL;
	}
	/* Not an HPM.1 file at all: saying so beats any other complaint. */
	if (c->error == FWD_HPM1_E_BAD_SIGNATURE) {
		set_message(msg, msg_size, "%s", c->message);
		return c->error;
	}

	if (EVP_DigestFinal_ex(c->md5, md5, &md5_len) != 1 || md5_len != FWD_HPM1_MD5_SIZE) {
		set_message(msg, msg_size, "cannot compute the image's MD5 with OpenSSL");
		return FWD_HPM1_E_INTERNAL;
	}
	c->info.md5_ok = memcmp(md5, c->tail, FWD_HPM1_MD5_SIZE) == 0;
	over = c->error ? 0 : overrun(c, ran_out, sizeof(ran_out));

	/* A wrong MD5 is the root cause of anything else that looks wrong:
	 * ipmitool checks it first too. */
	if (!c->info.md5_ok) {
		char want[33], got[33];

		hex(want, c->tail, FWD_HPM1_MD5_SIZE);
		hex(got, md5, FWD_HPM1_MD5_SIZE);
		if (over) {
			set_message(msg, msg_size,
				    "image ends too early: %s, and the MD5 trailer does not match; "
				    "the file is truncated: download it again", ran_out);
			return FWD_HPM1_E_TRUNCATED;
		}
		set_message(msg, msg_size,
			    "the MD5 trailer at offset %" PRIu64 " (%s) does not match the MD5 of "
			    "bytes 0..%" PRIu64 " (%s); " DOWNLOAD_AGAIN,
			    c->size - FWD_HPM1_MD5_SIZE, want, c->size - FWD_HPM1_MD5_SIZE - 1, got);
		return FWD_HPM1_E_BAD_MD5;
	}
	if (c->error) {
		set_message(msg, msg_size, "%s", c->message);
		return c->error;
	}
	if (over) {
		/* The MD5 is right, so the file is whole: a length field lies. */
		set_message(msg, msg_size, "%s; " BUILT_WRONG, ran_out);
		return over;
	}
	if (c->info.n_components == 0) {
		set_message(msg, msg_size,
			    "image has no upload record (%u backup, %u prepare): it would flash "
			    "nothing; " BUILT_WRONG, c->info.n_backup, c->info.n_prepare);
		return FWD_HPM1_E_NO_UPLOAD;
	}
	return FWD_HPM1_OK;
}

/* The message of err, for set_message: none without err. */
#define MSG(err) ((err) ? (err)->msg : NULL), ((err) ? sizeof((err)->msg) : 0)

int fwd_hpm1_checker_final(struct fwd_hpm1_checker *c, struct fwd_hpm1_info *out,
			   struct fwd_err *err)
{
	unsigned sha_len = 0;
	int rc;

	fwd_error_clear(err);
	join_md5(c);
	rc = verdict(c, MSG(err));
	if (rc != FWD_HPM1_E_TOO_LARGE &&
	    EVP_DigestFinal_ex(c->sha256, c->info.sha256, &sha_len) != 1)
		c->digest_failed = true;
	if (c->digest_failed) {
		set_message(MSG(err), "cannot compute the image's digests with OpenSSL");
		rc = FWD_HPM1_E_INTERNAL;
	}
	c->info.size = c->size;
	if (rc == FWD_HPM1_E_TOO_LARGE || c->digest_failed) {
		/* the digest does not describe the file: show none rather than a wrong one */
		memset(c->info.sha256, 0, sizeof(c->info.sha256));
		c->info.sha256_hex[0] = '\0';
	} else {
		hex(c->info.sha256_hex, c->info.sha256, sizeof(c->info.sha256));
	}
	if (out)
		*out = c->info;
	return fwd_error_code(err, rc);
}

static int write_all(int fd, const uint8_t *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int check_fd(int fd, int copy_fd, struct fwd_hpm1_info *out, struct fwd_err *err)
{
	struct fwd_hpm1_checker *c;
	uint8_t buf[FWD_HPM1_CHUNK_SIZE];
	int rc = 0;

	fwd_error_clear(err);
	if (out)
		memset(out, 0, sizeof(*out));
	c = fwd_hpm1_checker_new();
	if (!c) {
		set_message(MSG(err), "cannot set up the image check: out of memory");
		return FWD_HPM1_E_INTERNAL;
	}
	for (;;) {
		ssize_t r = read(fd, buf, sizeof(buf));

		if (r < 0) {
			if (errno == EINTR)
				continue;
			set_message(MSG(err), "cannot read the image at offset %" PRIu64 ": %s",
				    c->size, strerror(errno));
			rc = FWD_HPM1_E_READ;
			break;
		}
		if (r == 0)
			break;
		if (copy_fd >= 0 && write_all(copy_fd, buf, (size_t)r) < 0) {
			set_message(MSG(err),
				    "cannot write the copy of the image at offset %" PRIu64 ": %s",
				    c->size, strerror(errno));
			rc = FWD_HPM1_E_WRITE;
			break;
		}
		if (fwd_hpm1_checker_update(c, buf, (size_t)r) < 0)
			break;
	}
	if (rc < 0) {
		if (out)
			out->size = c->size;
	} else {
		rc = fwd_hpm1_checker_final(c, out, err);
	}
	fwd_hpm1_checker_free(c);
	return rc;
}

int fwd_hpm1_check_fd(int fd, int copy_fd, struct fwd_hpm1_info *out, struct fwd_err *err)
{
	return fwd_error_code(err, check_fd(fd, copy_fd, out, err));
}

static int check_file(const char *path, int copy_fd, struct fwd_hpm1_info *out,
		      struct fwd_err *err)
{
	struct stat st;
	int fd, rc;

	if (out)
		memset(out, 0, sizeof(*out));
	/* O_NONBLOCK: opening a FIFO must not hang before fstat can refuse it. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		set_message(MSG(err), "cannot open image '%s': %s", path, strerror(errno));
		return FWD_HPM1_E_OPEN;
	}
	if (fstat(fd, &st) < 0) {
		set_message(MSG(err), "cannot stat image '%s': %s", path, strerror(errno));
		close(fd);
		return FWD_HPM1_E_OPEN;
	}
	if (!S_ISREG(st.st_mode)) {
		set_message(MSG(err), "'%s' is %s; give the path of an .hpm image file",
			    path, fwd_file_kind(st.st_mode));
		close(fd);
		return FWD_HPM1_E_NOT_REGULAR;
	}
	rc = check_fd(fd, copy_fd, out, err);
	close(fd);
	return rc;
}

int fwd_hpm1_check_file(const char *path, int copy_fd, struct fwd_hpm1_info *out,
			struct fwd_err *err)
{
	return fwd_error_code(err, check_file(path, copy_fd, out, err));
}

static const struct {
	int code;
	const char *name;
	const char *text;
} errors[] = {
	{ FWD_HPM1_OK, "ok", "valid HPM.1 image" },
	{ FWD_HPM1_E_EMPTY, "empty", "image is empty" },
	{ FWD_HPM1_E_TOO_SMALL, "too-small", "image is too small to be HPM.1" },
	{ FWD_HPM1_E_TOO_LARGE, "too-large", "image is larger than any HPM.1 image" },
	{ FWD_HPM1_E_BAD_SIGNATURE, "bad-signature", "not an HPM.1 image (bad signature)" },
	{ FWD_HPM1_E_BAD_FORMAT_VERSION, "bad-format-version", "unsupported HPM.1 format version" },
	{ FWD_HPM1_E_BAD_HEADER_CHECKSUM, "bad-header-checksum", "bad header checksum" },
	{ FWD_HPM1_E_OEM_PAST_END, "oem-past-end", "OEM data runs past the end of the image" },
	{ FWD_HPM1_E_ZERO_MASK, "zero-mask", "component mask is empty" },
	{ FWD_HPM1_E_BAD_RECORD_CHECKSUM, "bad-record-checksum", "bad action record checksum" },
	{ FWD_HPM1_E_UNKNOWN_ACTION, "unknown-action", "unknown action record type" },
	{ FWD_HPM1_E_UPLOAD_MASK_NOT_ONE_BIT, "upload-mask-not-one-bit",
	  "upload record does not name exactly one component" },
	{ FWD_HPM1_E_MASK_OUTSIDE_HEADER, "mask-outside-header",
	  "action record names a component the header does not" },
	{ FWD_HPM1_E_DUPLICATE_COMPONENT, "duplicate-component",
	  "two upload records for one component" },
	{ FWD_HPM1_E_BAD_DESCRIPTION, "bad-description",
	  "component description is not NUL-terminated printable ASCII" },
	{ FWD_HPM1_E_DESCRIPTOR_PAST_END, "descriptor-past-end",
	  "upload descriptor runs past the end of the image" },
	{ FWD_HPM1_E_PAYLOAD_PAST_END, "payload-past-end",
	  "upload payload length runs past the end of the image" },
	{ FWD_HPM1_E_EMPTY_PAYLOAD, "empty-payload", "upload record with a 0-byte payload" },
	{ FWD_HPM1_E_RECORDS_NOT_AT_TRAILER, "records-not-at-trailer",
	  "action records do not end at the MD5 trailer" },
	{ FWD_HPM1_E_NO_UPLOAD, "no-upload", "image has no upload record" },
	{ FWD_HPM1_E_TRUNCATED, "truncated", "image is truncated" },
	{ FWD_HPM1_E_BAD_MD5, "bad-md5", "MD5 trailer does not match the image" },
	{ FWD_HPM1_E_OPEN, "open", "cannot open the image" },
	{ FWD_HPM1_E_NOT_REGULAR, "not-regular", "image is not a regular file" },
	{ FWD_HPM1_E_READ, "read", "cannot read the image" },
	{ FWD_HPM1_E_WRITE, "write", "cannot write the copy of the image" },
	{ FWD_HPM1_E_INTERNAL, "internal", "internal error while checking the image" },
};

_Static_assert(FWD_HPM1_E_FIRST == -(FWD_E_HPM1_BASE + 1) &&
	       FWD_HPM1_E_LAST >= -FWD_E_HPM1_MAX,
	       "the validator's codes stay in the range util/error.h gives them");

const char *fwd_hpm1_strerror(int code)
{
	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++)
		if (errors[i].code == code)
			return errors[i].text;
	return "unknown error";
}

const char *fwd_hpm1_error_name(int code)
{
	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++)
		if (errors[i].code == code)
			return errors[i].name;
	return "unknown";
}

int fwd_hpm1_version_format(const struct fwd_hpm1_version *v, char *buf, size_t size)
{
	return snprintf(buf, size, "%u.%02x", (unsigned)(v->major & 0x7f), v->minor);
}

int fwd_hpm1_version_compare(const struct fwd_hpm1_version *a,
			     const struct fwd_hpm1_version *b)
{
	int ma = a->major & 0x7f, mb = b->major & 0x7f;

	if (ma != mb)
		return ma < mb ? -1 : 1;
	/* Two BCD digits order the same as the byte holding them, so comparing
	 * the bytes compares the decimal values (and still gives a total order
	 * if an image carries a non-BCD minor). */
	if (a->minor != b->minor)
		return a->minor < b->minor ? -1 : 1;
	return 0;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int fwd_hpm1_version_parse(const char *s, struct fwd_hpm1_version *v)
{
	unsigned major = 0;
	size_t i = 0;

	if (!s || s[0] < '0' || s[0] > '9')
		return -1;
	for (; s[i] >= '0' && s[i] <= '9'; i++) {
		major = major * 10 + (unsigned)(s[i] - '0');
		if (i >= 3 || major > 127)
			return -1;
	}
	/* ipmitool prints the minor byte as "%02x": BCD reads as two decimal
	 * digits, and a byte that is not BCD (0x0a) as hex ("0a"), which must
	 * read back to the same byte. */
	if (s[i] != '.' || hex_digit(s[i + 1]) < 0 || hex_digit(s[i + 2]) < 0 ||
	    s[i + 3] != '\0')
		return -1;
	memset(v, 0, sizeof(*v));
	v->major = (uint8_t)major;
	v->minor = (uint8_t)(hex_digit(s[i + 1]) << 4 | hex_digit(s[i + 2]));
	return 0;
}
