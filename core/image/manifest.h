/*
 * manifest.h: the operator's list of approved firmware images
 * (`fwdispatch update --manifest FILE`), and the choice of one of them
 * for this machine.
 *
 * Format (JSON, at most 1 MiB):
 *   {
 *     "schema": "fwdispatch-manifest/1",
 *     "images": [
 *       { "component": "bmc", "file": "X11SSH-BMC-1.72.hpm", "version": "1.72",
 *         "sha256": "<64 hex>", "boards": ["X11SSH-F"], "min_running": "1.65" },
 *       ...
 *     ]
 *   }
 *   component    "bmc" or "bios"
 *   file         the image; a relative path is relative to the manifest's folder
 *   version      string, the version the image installs (dotted: "1.72", "2.6")
 *   sha256       64 hex digits, either case
 *   boards       non-empty array: the board or product names it is meant for,
 *                matched without regard to case or surrounding spaces
 *   min_running  optional (absent or null: no rule): the lowest version the
 *                image may be installed over, when the vendor's upgrade path
 *                goes through an intermediate release
 * Everything else is refused, unknown keys included (a misspelt
 * "min_running" must not silently drop a rule), as is one (component,
 * version) listed twice with different SHA-256s.
 *
 * Ownership: fwd_manifest_load() returns a manifest the caller frees with
 * fwd_manifest_free(); it owns every string in it.  fwd_manifest_select()
 * hands back a pointer into the manifest.
 */
#ifndef FWD_MANIFEST_H
#define FWD_MANIFEST_H

#include <stddef.h>

#include "util/ctx.h"

#define FWD_MANIFEST_SCHEMA "fwdispatch-manifest/1"
#define FWD_MANIFEST_MAX_SIZE (1024u * 1024u)

struct fwd_manifest_entry {
	char component[8];    /* "bmc" or "bios" */
	char *file;           /* resolved path, owned */
	char *version;        /* owned */
	char sha256[65];      /* lower-case hex */
	char **boards;        /* owned, nboards strings */
	size_t nboards;
	char *min_running;    /* owned, NULL when not given */
};

struct fwd_manifest {
	char *path;           /* owned */
	int absolute_paths;   /* "absolute_paths": true: a file may be an absolute path */
	/* The trusted key that verified its signature (manifest-signed.h):
	 * the key's fingerprint (signature.h) and file; "" and NULL when the
	 * manifest was not signed. */
	char signed_by[65];
	char *signed_key;     /* owned */
	struct fwd_manifest_entry *entries;
	size_t n;
};

/*
 * Reads and checks the manifest at path (fwd_manifest_read, then
 * fwd_manifest_parse), unsigned: an update goes through
 * fwd_manifest_load_signed (manifest-signed.h), which checks a signature
 * when trust is configured.  Returns 0 with *out set, or -FWD_E_BAD_INPUT
 * (-ENOMEM) with ctx's error naming the manifest, the image (1-based) and
 * the field at fault; *out is then NULL.
 */
int fwd_manifest_load(struct fwd_ctx *ctx, const char *path, struct fwd_manifest **out);

/*
 * The manifest file's bytes, read once into *text (NUL-terminated, owned
 * by the caller; *len without the NUL).  A symbolic link, a FIFO, a
 * folder or a device is refused without waiting, as is a file over
 * FWD_MANIFEST_MAX_SIZE.  Returns 0 or -FWD_E_BAD_INPUT (-ENOMEM) with
 * ctx's error set.
 */
int fwd_manifest_read(struct fwd_ctx *ctx, const char *path, char **text, size_t *len);

/* Checks the len bytes of text, the manifest at path (named in messages
 * and the base of relative files), as fwd_manifest_load does. */
int fwd_manifest_parse(struct fwd_ctx *ctx, const char *path, const char *text, size_t len,
		       struct fwd_manifest **out);

/* Frees m and everything in it; NULL is fine. */
void fwd_manifest_free(struct fwd_manifest *m);

/*
 * Picks the entry for component ("bmc" or "bios") on this board and
 * checks its rules.
 *
 * image: the operator's --bmc/--bios file, or NULL to let the manifest
 *   choose.  Given, it is the entry whose file is the same file (device
 *   and inode), else the one with the same base name; none is a refusal.
 *   A base-name match proves nothing about the bytes: the caller checks
 *   the image's SHA-256 against the entry's.  NULL: among the entries for
 *   this board, the highest version that may be installed over running;
 *   when a higher one needs a newer running version first, note says so.
 * board_names: the names this machine goes by (DMI board name, product
 *   name, FRU product), ended by a NULL; pass "" for one that is unknown.
 * running: the version the component runs now; "" or NULL when unknown.
 *
 * Rules for the entry picked: this board is among its boards; when it has
 * a min_running, running is known and not older (a skipped step of the
 * upgrade path is refused, naming the manifest's image for the missing
 * step when it lists one).
 *
 * Returns 0 with *out pointing into m and note (when not NULL) holding a
 * one-line remark or "", or -FWD_E_REFUSED with ctx's error naming the
 * manifest and what to do.  Downgrades and reinstalls are not judged here.
 */
int fwd_manifest_select(struct fwd_ctx *ctx, const struct fwd_manifest *m, const char *component,
			const char *image, const char *const *board_names, const char *running,
			const struct fwd_manifest_entry **out, char *note, size_t note_size);

/*
 * The entry for image whatever its component and boards (`check`): the
 * same file, else the same base name.  Returns 0 with *out pointing into
 * m, or -FWD_E_REFUSED with ctx's error set when the manifest does not list
 * it, or lists two entries by that name with different SHA-256s.
 */
int fwd_manifest_find_image(struct fwd_ctx *ctx, const struct fwd_manifest *m, const char *image,
			    const struct fwd_manifest_entry **out);

#endif
