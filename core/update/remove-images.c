/*
 * remove-images.c: --remove-images, the housekeeping after a run that
 * succeeded: the image files the operator named on the command line are
 * deleted, so that firmware images do not pile up on the servers (the
 * staged copies are already gone: update.c removes them at every end).
 *
 * Deleting is the one thing here that cannot be undone, so it is narrow:
 * only after every part asked for was verified, staged or found current;
 * only files named on the command line (a manifest's images belong to the
 * manifest); never through a symbolic link (the link's target may be
 * anyone's file); only a regular file that still holds the bytes that were
 * checked (its SHA-256 read again), still at the name it is deleted by.
 * Each file's fate is in the report's "images_removed".
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "image/image.h"
#include "update/update-run.h"
#include "util/json-out.h"

/* Does any folder on the way to path, or path itself, name a symbolic
 * link?  (A link's target may be anyone's file; "through a link" includes
 * a linked folder.)  1 yes, 0 no, -1 when a part cannot be looked at. */
static int through_link(const char *path)
{
	char buf[4096];
	size_t len = strlen(path);

	if (len >= sizeof(buf))
		return -1;
	memcpy(buf, path, len + 1);
	for (char *slash = buf + len;;) {
		struct stat st;

		if (*buf && lstat(buf, &st) != 0)
			return -1;
		if (*buf && S_ISLNK(st.st_mode))
			return 1;
		/* Up one: cut at the last '/' (the root and "." need no look). */
		while (slash > buf && *slash != '/')
			slash--;
		if (slash <= buf)
			return 0;
		*slash = '\0';
	}
}

/* Why path may not be deleted, into why (""): it is fine. */
static void check_removable(struct fwd_ctx *ctx, const struct component *c, char *why,
			    size_t size)
{
	struct fwd_err err = { 0 };
	struct stat before, now;
	char sha[65];
	uint64_t bytes = 0;
	int fd, link;

	why[0] = '\0';
	if (lstat(c->image, &before) != 0) {
		snprintf(why, size, "cannot look at it: %s", strerror(errno));
		return;
	}
	link = through_link(c->image);
	if (link) {
		snprintf(why, size, link > 0 ? "named through a symbolic link: only files named "
			 "directly are removed" : "a folder on its way cannot be looked at");
		return;
	}
	fd = open(c->image, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &now) != 0 || !S_ISREG(now.st_mode) ||
	    now.st_ino != before.st_ino || now.st_dev != before.st_dev) {
		snprintf(why, size, "not the regular file it was a moment ago");
	} else if (fwd_image_sha256_fd(fd, sha, &bytes, &err) != 0) {
		snprintf(why, size, "cannot read it again: %.400s", err.msg);
	} else if (strcmp(sha, c->check.hpm.sha256_hex) != 0) {
		snprintf(why, size, "its content changed since it was checked (SHA-256 %.12s..., "
			 "checked %.12s...)", sha, c->check.hpm.sha256_hex);
	} else if (lstat(c->image, &before) != 0 || before.st_ino != now.st_ino ||
		   before.st_dev != now.st_dev) {
		snprintf(why, size, "its name now leads to another file");
	}
	if (fd >= 0)
		close(fd);
	(void)ctx;
}

void fwd_update_remove_images(struct fwd_ctx *ctx, struct update_run *r)
{
	const struct component *parts[] = { &r->bmc, &r->bios };
	const char *named[] = { r->opts->bmc_image, r->opts->bios_image };
	json_t *list = json_array();

	json_object_set_new(r->report, "images_removed", list);
	for (size_t i = 0; i < 2; i++) {
		const struct component *c = parts[i];
		char why[512];
		json_t *e;

		/* A manifest's image, or a part not asked for, is not the operator's to lose. */
		if (!named[i] || !c->image || strcmp(named[i], c->image) != 0 ||
		    !c->check.hpm.sha256_hex[0])
			continue;
		check_removable(ctx, c, why, sizeof(why));
		if (!why[0] && unlink(c->image) != 0)
			snprintf(why, sizeof(why), "cannot remove it: %s", strerror(errno));
		e = json_pack("{s:o, s:b}", "path", fwd_json_text(c->image), "removed", !why[0]);
		if (why[0]) {
			json_object_set_new(e, "why_not", fwd_json_text(why));
			fwd_log(ctx, FWD_LOG_WARN, "--remove-images: '%s' is kept: %s", c->image,
				why);
		} else {
			fwd_log(ctx, FWD_LOG_INFO, "--remove-images: removed '%s'", c->image);
		}
		json_array_append_new(list, e);
	}
}
