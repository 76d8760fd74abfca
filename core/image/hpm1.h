/*
 * hpm1.h: native validator for PICMG HPM.1 firmware images (.hpm).
 *
 * One pass over the file checks everything ipmitool checks and everything it
 * forgets (see the HPM.1 notes in the project docs) and computes the file's
 * SHA-256 on the way.  The validator never reads past the end of the data it
 * is given, whatever the image's length fields claim, and its memory does not
 * depend on the file size: it keeps a 34-byte window for the header or the
 * current record, the 16 bytes that may turn out to be the MD5 trailer, and
 * two OpenSSL digest contexts; past 1 MiB, MD5 runs on a second thread fed
 * through a fixed 512 KiB ring (image/digest-thread.h), so the two digests
 * take the time of the slower one.  Nothing is allocated per byte, per
 * record or per chunk.
 *
 * Image layout (little-endian): 34-byte header, OEM data, header checksum,
 * action records up to size-16, then the MD5 of bytes [0, size-16).
 *
 * Ownership: every function writes only into buffers the caller passes in;
 * nothing returned points into the validator.  fwd_hpm1_checker_new() is the
 * only allocation and fwd_hpm1_checker_free() releases it.
 *
 * Return values: 0 means "valid image"; every refusal is a distinct negative
 * enum fwd_hpm1_error, from -5001 on: a range of its own (util/error.h),
 * never taken for -errno, which fwd_strerror() calls an invalid image.
 * Messages written to err are one line, start in lower case, have no
 * trailing full stop, name the problem with its offset and values, and say
 * what to do.  They never contain the image path (callers
 * prefix it), except FWD_HPM1_E_OPEN and FWD_HPM1_E_NOT_REGULAR, whose
 * subject is the path.
 */
#ifndef FWD_HPM1_H
#define FWD_HPM1_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/error.h"

#define FWD_HPM1_SIGNATURE          "PICMGFWU"
#define FWD_HPM1_SIGNATURE_SIZE     8
#define FWD_HPM1_HEADER_SIZE        34   /* fixed header, before the OEM data */
#define FWD_HPM1_MD5_SIZE           16
/* fixed header + header checksum + MD5 trailer, with no OEM data and no record */
#define FWD_HPM1_MIN_SIZE           51
#define FWD_HPM1_RECORD_HEAD_SIZE   3    /* type, component mask, checksum */
#define FWD_HPM1_DESCRIPTOR_SIZE    31   /* version, description, length */
#define FWD_HPM1_VERSION_SIZE       6
#define FWD_HPM1_DESCRIPTION_SIZE   21
#define FWD_HPM1_MAX_COMPONENTS     8
#define FWD_HPM1_CHUNK_SIZE         (64 * 1024)
/* No real BMC image comes near this; it stops a check fed an endless stream. */
#define FWD_HPM1_MAX_SIZE           ((uint64_t)16 << 30)
/* Enough for "127.ff" and the NUL. */
#define FWD_HPM1_VERSION_STR_SIZE   8

enum fwd_hpm1_action {
	FWD_HPM1_ACTION_BACKUP  = 0,
	FWD_HPM1_ACTION_PREPARE = 1,
	FWD_HPM1_ACTION_UPLOAD  = 2,
};

/* Every reason to refuse an image, each with its own value. */
enum fwd_hpm1_error {
	FWD_HPM1_OK                       = 0,
	FWD_HPM1_E_EMPTY                  = -5001, /* 0 bytes */
	FWD_HPM1_E_TOO_SMALL              = -5002, /* under FWD_HPM1_MIN_SIZE */
	FWD_HPM1_E_TOO_LARGE              = -5003, /* over the size limit */
	FWD_HPM1_E_BAD_SIGNATURE          = -5004, /* not "PICMGFWU": not an HPM.1 file */
	FWD_HPM1_E_BAD_FORMAT_VERSION     = -5005, /* format version other than 0 */
	FWD_HPM1_E_BAD_HEADER_CHECKSUM    = -5006,
	FWD_HPM1_E_OEM_PAST_END           = -5007, /* OEM length runs into the trailer */
	FWD_HPM1_E_ZERO_MASK              = -5008, /* header (or backup/prepare) mask 0 */
	FWD_HPM1_E_BAD_RECORD_CHECKSUM    = -5009,
	FWD_HPM1_E_UNKNOWN_ACTION         = -5010, /* record type other than 0, 1, 2 */
	FWD_HPM1_E_UPLOAD_MASK_NOT_ONE_BIT = -5011,
	FWD_HPM1_E_MASK_OUTSIDE_HEADER    = -5012, /* names a component the header does not */
	FWD_HPM1_E_DUPLICATE_COMPONENT    = -5013, /* two uploads for one component */
	FWD_HPM1_E_BAD_DESCRIPTION        = -5014, /* not NUL-terminated, or not printable ASCII */
	FWD_HPM1_E_DESCRIPTOR_PAST_END    = -5015,
	FWD_HPM1_E_PAYLOAD_PAST_END       = -5016, /* the "lying length", with a right MD5 */
	FWD_HPM1_E_EMPTY_PAYLOAD          = -5017, /* upload of 0 bytes */
	FWD_HPM1_E_RECORDS_NOT_AT_TRAILER = -5018, /* 1-2 stray bytes before the trailer */
	FWD_HPM1_E_NO_UPLOAD              = -5019, /* no upload record: flashes nothing */
	FWD_HPM1_E_TRUNCATED              = -5020, /* a record runs past the end, bad MD5 */
	FWD_HPM1_E_BAD_MD5                = -5021,
	FWD_HPM1_E_OPEN                   = -5022,
	FWD_HPM1_E_NOT_REGULAR            = -5023,
	FWD_HPM1_E_READ                   = -5024,
	FWD_HPM1_E_WRITE                  = -5025, /* writing the copy (copy_fd) failed */
	FWD_HPM1_E_INTERNAL               = -5026, /* no memory, OpenSSL failed, bad argument */
};
#define FWD_HPM1_E_FIRST FWD_HPM1_E_EMPTY
#define FWD_HPM1_E_LAST  FWD_HPM1_E_INTERNAL

/*
 * A 6-byte HPM.1 revision: major (7 bits), minor (BCD, so 0x72 is ".72"),
 * 4 auxiliary bytes.  Some firmware puts a byte that is not BCD in the
 * minor; ipmitool prints it in hex all the same (0x0a as ".0a").  Bit 7
 * of major is not part of the revision (IPMI's Get Device ID uses it as a
 * flag), so formatting and comparing ignore it, as `ipmitool mc info` does.
 */
struct fwd_hpm1_version {
	uint8_t major;
	uint8_t minor;        /* BCD, or any byte */
	uint8_t aux[4];
};

/* One upload record, in file order. */
struct fwd_hpm1_component {
	uint8_t id;                                   /* 0..7 */
	struct fwd_hpm1_version version;
	char description[FWD_HPM1_DESCRIPTION_SIZE];  /* NUL-terminated, printable ASCII */
	uint32_t payload_length;
	uint64_t payload_offset;                      /* first payload byte in the file */
	uint64_t record_offset;                       /* the record's type byte */
};

/*
 * What a check learnt.  On success every field is set.  On failure the struct
 * is still filled as far as the check got: size counts the bytes read, and
 * sha256/sha256_hex are those of the whole file for every refusal of the
 * contents; after TOO_LARGE, READ, WRITE and INTERNAL the file was not read
 * whole, so sha256 is zero and sha256_hex is "".  Other fields may be partial.
 */
struct fwd_hpm1_info {
	uint64_t size;                 /* bytes in the file */
	uint8_t sha256[32];
	char sha256_hex[65];           /* lower-case hex */
	bool md5_ok;                   /* the trailer matches bytes [0, size-16) */

	uint8_t format_version;
	uint8_t device_id;
	uint32_t manufacturer_id;      /* IANA enterprise number, 24 bits */
	uint16_t product_id;
	uint32_t time;                 /* build time, Unix seconds (unused) */
	uint8_t capabilities;          /* 0x80 self-test, 0x10 services affected, ... */
	uint8_t components_mask;       /* bit n = component n */
	uint8_t self_test_timeout;     /* units of 5 s */
	uint8_t rollback_timeout;      /* units of 5 s */
	uint8_t inaccessibility_timeout;
	struct fwd_hpm1_version earliest;  /* earliest compatible; aux bytes are 0 */
	struct fwd_hpm1_version firmware;  /* the header's firmware revision */
	uint16_t oem_data_length;

	unsigned n_backup;             /* backup records */
	unsigned n_prepare;            /* prepare records */
	unsigned n_components;         /* upload records, <= FWD_HPM1_MAX_COMPONENTS */
	struct fwd_hpm1_component components[FWD_HPM1_MAX_COMPONENTS];
};

/*
 * Checks the image read from fd, from its current offset to end of file, in
 * one pass of FWD_HPM1_CHUNK_SIZE reads.  When copy_fd >= 0 every byte read is
 * also written to copy_fd (so a caller can make its private copy while
 * validating and never read a file twice that could change in between); the
 * caller owns copy_fd, fsyncs and closes it, and throws the copy away when
 * the result is not 0 (the copy is then possibly incomplete).  Neither fd is
 * closed.
 *
 * out (may be NULL) receives the findings, see struct fwd_hpm1_info.  err (may
 * be NULL) receives the code and a message for any non-zero result.
 * Returns 0 for a valid image or a negative enum fwd_hpm1_error.
 */
int fwd_hpm1_check_fd(int fd, int copy_fd, struct fwd_hpm1_info *out,
		      struct fwd_err *err);

/*
 * Opens path (a symlink given by the operator is followed), refuses anything
 * but a regular file (FWD_HPM1_E_NOT_REGULAR, without blocking on a FIFO), then
 * works as fwd_hpm1_check_fd().
 */
int fwd_hpm1_check_file(const char *path, int copy_fd, struct fwd_hpm1_info *out,
			struct fwd_err *err);

/*
 * The streaming form underneath fwd_hpm1_check_fd(), for callers that get
 * the bytes some other way (a download, a test feeding odd chunk sizes).
 * Chunk boundaries never change the result.
 *
 * _new: returns a checker (one fixed-size allocation) or NULL when out of
 *   memory; the caller frees it with _free.
 * _update: feeds the next len bytes.  Returns 0 to go on, or a negative code
 *   once the verdict can no longer change (today only FWD_HPM1_E_TOO_LARGE);
 *   further bytes are then ignored.
 * _final: ends the stream; returns and describes the verdict as
 *   fwd_hpm1_check_fd() does.  Call it once.
 */
struct fwd_hpm1_checker;
struct fwd_hpm1_checker *fwd_hpm1_checker_new(void);
/* Lowers (or raises) the FWD_HPM1_MAX_SIZE limit for this checker. */
void fwd_hpm1_checker_set_max_size(struct fwd_hpm1_checker *c, uint64_t max_size);
int fwd_hpm1_checker_update(struct fwd_hpm1_checker *c, const void *data, size_t len);
int fwd_hpm1_checker_final(struct fwd_hpm1_checker *c, struct fwd_hpm1_info *out,
			   struct fwd_err *err);
void fwd_hpm1_checker_free(struct fwd_hpm1_checker *c);

/* A static one-line description of a code ("unknown error" if not one). */
const char *fwd_hpm1_strerror(int code);
/* A static stable identifier for JSON and tests, e.g. "payload-past-end"
 * ("ok" for 0, "unknown" if not a code). */
const char *fwd_hpm1_error_name(int code);

/* Writes "1.72" (ipmitool's "%d.%02x") into buf; returns snprintf's value. */
int fwd_hpm1_version_format(const struct fwd_hpm1_version *v, char *buf, size_t size);
/* Orders by major, then by the minor byte (a BCD minor as its decimal
 * number, and as its text reads); aux bytes are ignored.
 * Returns <0, 0 or >0 as strcmp does. */
int fwd_hpm1_version_compare(const struct fwd_hpm1_version *a,
			     const struct fwd_hpm1_version *b);
/* Parses "M.mm" as ipmitool prints it: major 0..127 in decimal, the minor
 * byte as exactly two hex digits ("72" is 0x72, BCD for 72; "0a" is 0x0a),
 * either case; aux bytes become 0.  Returns 0, or -1 with *v untouched. */
int fwd_hpm1_version_parse(const char *s, struct fwd_hpm1_version *v);

#endif /* FWD_HPM1_H */
