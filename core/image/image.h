/*
 * image.h: deciding whether an image file may be used at all.
 *
 * One pass over the file validates its format (HPM.1 today), computes its
 * SHA-256 and, when asked, writes the private copy that is later given to
 * the flash tool, so the bytes flashed are the bytes checked.  The
 * expected SHA-256 comes from the operator (--sha256) or from a sidecar
 * IMAGE.sha256 in sha256sum format; a mismatch is a refusal.
 */
#ifndef FWD_IMAGE_H
#define FWD_IMAGE_H

#include <jansson.h>
#include <sys/types.h>

#include "util/ctx.h"
#include "image/hpm1.h"

struct fwd_image_check {
	const char *path;             /* borrowed */
	int vendor;                   /* 1: a vendor format fwdispatch cannot read
	                                 (only size and sha256 in hpm are set) */
	struct fwd_hpm1_info hpm;     /* what the validator found */
	char sha256_source[16];       /* "option", "manifest", "journal", "sidecar", or ""
	                                 (none given) */
	char expected_sha256[65];     /* "" when none was given */
	const char *problem;          /* why it was refused: a fwd_hpm1_error_name(),
	                                 "sha256-mismatch", or NULL */
};

/* The SHA-256 (lowercase hex) and size of what fd reads from here to its
 * end.  Returns 0, or a negative code with err set. */
int fwd_image_sha256_fd(int fd, char hex[65], uint64_t *size, struct fwd_err *err);

/* Is s 64 hex digits?  Lower-cases it in place when it is. */
int fwd_sha256_hex_valid(char *s);

/*
 * Opens the image at path for reading, without waiting on a FIFO: returns
 * the descriptor, or a negative code with ctx's error naming what the path
 * is when it is no regular file ("'X' is a directory, not a firmware
 * image") and out->problem "open" or "not-regular".  size, when not NULL,
 * gets the file's size.
 */
int fwd_image_open(struct fwd_ctx *ctx, const char *path, struct fwd_image_check *out,
		   off_t *size);

/*
 * Checks the image at path: format, and the SHA-256 against expected (64
 * hex digits, or NULL to look for the sidecar), which expected_from names
 * ("option", "manifest" or "journal"; NULL is "option") for the messages.  When copy_fd >= 0 the
 * bytes are also written there (the caller fsyncs it, and discards it on
 * failure).  Returns 0, or -FWD_E_REFUSED / -FWD_E_BAD_INPUT with ctx's
 * error naming the exact problem.  out is filled as far as the check got.
 */
int fwd_image_check_hpm1(struct fwd_ctx *ctx, const char *path, const char *expected,
			 const char *expected_from, int copy_fd, struct fwd_image_check *out);

/* Does the file start with the HPM.1 signature, or is it named *.hpm? */
int fwd_image_is_hpm1(const char *path);

/*
 * A vendor image (Supermicro .bin, Dell update package...): fwdispatch
 * cannot check its format, so the expected SHA-256 is required (--sha256-*
 * or the sidecar); the file is read once, hashed and copied to copy_fd
 * (when >= 0).  Returns 0, or -FWD_E_REFUSED / -FWD_E_BAD_INPUT with
 * ctx's error set (no expected SHA-256, mismatch, empty, not a file).
 */
int fwd_image_check_vendor(struct fwd_ctx *ctx, const char *path, const char *expected,
			   const char *expected_from, int copy_fd, struct fwd_image_check *out);

/*
 * The same without a copy, for `fwdispatch check`: an image without an
 * expected SHA-256 is read and hashed, not refused (the caller says what
 * could not be checked).
 */
int fwd_image_read_vendor(struct fwd_ctx *ctx, const char *path, const char *expected,
			  const char *expected_from, struct fwd_image_check *out);

/* The JSON description of a checked image (check's document, update's "image"). */
json_t *fwd_image_to_json(const struct fwd_image_check *img);

#endif
