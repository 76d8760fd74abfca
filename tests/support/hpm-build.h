/*
 * hpm-build.h: test-only builder of HPM.1 images, valid or broken on purpose.
 *
 * Images are generated as a stream in fixed 64 KiB chunks, so any size (a
 * few bytes to many GiB) costs the same memory.  Everything is deterministic:
 * the same spec gives the same bytes.
 *
 * Payload of each upload record (what the BMC receives):
 *   bytes 0..7   "FWDSIMFW"                    (HPMB_STAMP_MAGIC)
 *   bytes 8..13  the component's 6-byte HPM.1 version (major, minor BCD, aux[4])
 *   bytes 14..15 0x00 0x00
 *   bytes 16..   pseudo-random bytes from (seed, component id)
 * The simulated BMC reads that stamp to learn which version it was sent, so
 * payloads are at least HPMB_STAMP_SIZE bytes.
 *
 * Ownership: the spec is the caller's and is only read; results go into
 * caller-provided structs; hpmb_build_mem() hands back a malloc'd buffer the
 * caller frees.  Functions return 0 on success and -1 with a one-line message
 * in err (which may be NULL) on failure.
 */
#ifndef FWD_TESTS_HPM_BUILD_H
#define FWD_TESTS_HPM_BUILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "image/hpm1.h"

#define HPMB_STAMP_MAGIC  "FWDSIMFW"
#define HPMB_STAMP_SIZE   16
#define HPMB_DEFAULT_FILE_SIZE 1024

/* What to break.  Each kind makes the validator fail one way, named by
 * hpmb_break_table()'s expected_error, and keeps everything else right (the
 * MD5 trailer is recomputed over the broken bytes unless the MD5 or the
 * length of the file is what is broken). */
enum hpmb_break {
	HPMB_VALID = 0,
	HPMB_BREAK_EMPTY,                /* 0-byte file */
	HPMB_BREAK_TOO_SMALL,            /* the first 50 bytes of the image */
	HPMB_BREAK_BAD_SIGNATURE,        /* "PICMGFWX" */
	HPMB_BREAK_BAD_FORMAT_VERSION,   /* format version 1 */
	HPMB_BREAK_BAD_HEADER_CHECKSUM,
	HPMB_BREAK_OEM_PAST_END,         /* OEM length runs into the trailer (66-byte file) */
	HPMB_BREAK_ZERO_MASK,            /* header component mask 0 */
	HPMB_BREAK_BAD_RECORD_CHECKSUM,  /* first record's checksum, both readings wrong */
	HPMB_BREAK_UNKNOWN_ACTION,       /* a type 7 record (right checksum) before the uploads */
	HPMB_BREAK_UPLOAD_MASK_MULTI_BIT,/* first upload names two components */
	HPMB_BREAK_MASK_OUTSIDE_HEADER,  /* first upload's component missing from the header */
	HPMB_BREAK_DUPLICATE_COMPONENT,  /* the first upload record twice */
	HPMB_BREAK_UNTERMINATED_DESCRIPTION, /* 21 non-NUL description bytes */
	HPMB_BREAK_DESCRIPTOR_PAST_END,  /* upload head + 20 descriptor bytes, then the MD5 */
	HPMB_BREAK_LYING_LENGTH,         /* last upload claims 4096 bytes more; MD5 right */
	HPMB_BREAK_EMPTY_PAYLOAD,        /* first upload carries 0 bytes */
	HPMB_BREAK_TRAILING_BYTES,       /* 2 stray bytes before the MD5 trailer */
	HPMB_BREAK_NO_UPLOAD,            /* a backup record and no upload */
	HPMB_BREAK_TRUNCATED,            /* cut in the middle of the last payload */
	HPMB_BREAK_BAD_MD5,              /* first trailer byte flipped */
	HPMB_BREAK_COUNT
};

struct hpmb_break_info {
	enum hpmb_break kind;
	const char *name;          /* for mkhpm --break, e.g. "lying-length" */
	const char *summary;
	int expected_error;        /* enum fwd_hpm1_error the validator must return */
};

/* The HPMB_BREAK_COUNT entries, in enum order (entry 0 is HPMB_VALID). */
const struct hpmb_break_info *hpmb_break_table(void);
/* The kind named name, or -1. */
int hpmb_break_from_name(const char *name);

struct hpmb_component {
	uint8_t id;                                    /* 0..7 */
	struct fwd_hpm1_version version;
	char description[FWD_HPM1_DESCRIPTION_SIZE];   /* copied as is: 21 bytes */
	uint64_t payload_size;                         /* >= HPMB_STAMP_SIZE, < 4 GiB */
};

struct hpmb_spec {
	uint8_t device_id;
	uint32_t manufacturer_id;      /* 24 bits */
	uint16_t product_id;
	struct fwd_hpm1_version earliest;   /* aux ignored */
	struct fwd_hpm1_version firmware;   /* the header's firmware revision */
	uint8_t capabilities;
	uint8_t self_test_timeout, rollback_timeout, inaccessibility_timeout;
	uint32_t time;
	uint16_t oem_length;           /* OEM data bytes, pseudo-random from the seed */
	bool with_backup;              /* a backup record for all components first */
	bool with_prepare;             /* then a prepare record for all components */
	bool alt_checksum;             /* upload checksums over head + descriptor */
	uint64_t seed;
	unsigned n_components;         /* 1..8 upload records, in this order */
	struct hpmb_component components[FWD_HPM1_MAX_COMPONENTS];
	enum hpmb_break brk;
};

/* Where things landed in the written file. */
struct hpmb_layout {
	uint64_t size;                 /* bytes written */
	uint8_t sha256[32];            /* of the bytes written */
	char sha256_hex[65];
	unsigned n_components;
	struct {
		uint8_t id;
		uint64_t record_offset;
		uint64_t payload_offset;
		uint64_t payload_length;   /* bytes generated (a truncated file holds fewer) */
	} components[FWD_HPM1_MAX_COMPONENTS];
};

/*
 * Defaults: the simulated Supermicro X11SSH-F (device 0x00, manufacturer
 * 10876, product 0x0956), version 1.00, earliest compatible 0.00, one upload
 * to component 0 described "BMC firmware", seed 1, a 1024-byte file, no break.
 */
void hpmb_spec_init(struct hpmb_spec *s);

/* Appends an upload for component id (description "component N", the spec's
 * firmware version, payload_size bytes); -1 if full or id is already there. */
int hpmb_spec_add_component(struct hpmb_spec *s, uint8_t id, uint64_t payload_size);

/* Size of the valid image the spec describes (before any break). */
uint64_t hpmb_valid_size(const struct hpmb_spec *s);

/* Sets components[0].payload_size so that the valid image is exactly size
 * bytes; -1 if that leaves the payload under HPMB_STAMP_SIZE or at 4 GiB. */
int hpmb_spec_fit_size(struct hpmb_spec *s, uint64_t size, char *err, size_t err_size);

/* Checks the spec for things the builder cannot make (bad ids, small payloads). */
int hpmb_spec_validate(const struct hpmb_spec *s, char *err, size_t err_size);

/* Writes the image to fd (not closed, not synced).  layout may be NULL. */
int hpmb_write_fd(const struct hpmb_spec *s, int fd, struct hpmb_layout *layout,
		  char *err, size_t err_size);

/* Writes the image to path atomically (temp file, fsync, rename), mode 0600. */
int hpmb_write_file(const struct hpmb_spec *s, const char *path,
		    struct hpmb_layout *layout, char *err, size_t err_size);

/* Builds the image in memory (for small test images); *buf is malloc'd. */
int hpmb_build_mem(const struct hpmb_spec *s, uint8_t **buf, size_t *len,
		   struct hpmb_layout *layout, char *err, size_t err_size);

/* The payload of components[index] alone, byte for byte what a BMC receives
 * from the valid image. */
int hpmb_write_payload_fd(const struct hpmb_spec *s, unsigned index, int fd,
			  char *err, size_t err_size);
int hpmb_write_payload_file(const struct hpmb_spec *s, unsigned index, const char *path,
			    char *err, size_t err_size);

/* The 16-byte stamp that starts the payload of c. */
void hpmb_payload_stamp(const struct hpmb_component *c, uint8_t out[HPMB_STAMP_SIZE]);

#endif /* FWD_TESTS_HPM_BUILD_H */
