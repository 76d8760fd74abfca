/*
 * staging.c: the staged copies of the images (see staging.h).
 */
#include "update/staging.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/base-name.h"
#include "util/error.h"
#include "util/state-dir.h"

/* image's extension with its dot ("" when it has none worth keeping):
 * up to 8 letters or digits after the last dot of its file name. */
static const char *extension(const char *image)
{
	const char *base = fwd_base_name(image);
	const char *dot = strrchr(base, '.');
	size_t n;

	if (!dot || dot == base)
		return "";
	n = strlen(dot + 1);
	if (n < 1 || n > 8)
		return "";
	for (const char *p = dot + 1; *p; p++)
		if (!isalnum((unsigned char)*p))
			return "";
	return dot;
}

int fwd_staging_create(struct fwd_ctx *ctx, const struct fwd_target_opts *t,
		       const char *component, const char *image, struct fwd_buf *path)
{
	const char *ext = extension(image);
	struct fwd_buf staging = FWD_BUF_INIT;
	char name[300];
	int fd;

	fwd_buf_reset(path);
	fd = fwd_state_dir_ensure(ctx, t->state_dir, "staging", &staging);
	fwd_target_file_name(t, name, sizeof(name));
	if (!fd && fwd_buf_setf(path, "%s/%s@%s-XXXXXX%s", staging.s, name, component, ext) < 0)
		fd = fwd_ctx_set_error(ctx, -ENOMEM, "out of memory");
	if (!fd && (fd = mkostemps(path->s, (int)strlen(ext), O_CLOEXEC)) < 0)
		fd = fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "cannot create a staged copy in '%s': "
				       "%s", staging.s, strerror(errno));
	if (fd < 0)
		fwd_buf_reset(path);
	fwd_buf_release(&staging);
	return fd;
}

int fwd_staging_unchanged(struct fwd_ctx *ctx, const char *path, const struct stat *written,
			  int after_tool)
{
	struct stat now;
	int same;

	same = lstat(path, &now) == 0 && S_ISREG(now.st_mode) &&
	       now.st_dev == written->st_dev && now.st_ino == written->st_ino &&
	       now.st_size == written->st_size &&
	       now.st_mtim.tv_sec == written->st_mtim.tv_sec &&
	       now.st_mtim.tv_nsec == written->st_mtim.tv_nsec;
	if (same)
		return 0;
	if (!after_tool)
		return fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "the staged copy '%s' is no longer "
					 "the file that was checked: nothing was handed to the tool; "
					 "check who else can write to the state folder", path);
	return fwd_ctx_set_error(ctx, -FWD_E_FLASH, "the staged copy '%s' was replaced while "
				 "the tool had it: what it flashed is not known to be the checked "
				 "image; check who else can write to the state folder", path);
}

int fwd_staging_remove_leftovers(struct fwd_ctx *ctx, const struct fwd_target_opts *t)
{
	struct fwd_buf staging = FWD_BUF_INIT;
	char name[300], prefix[310];
	struct dirent *e;
	int removed = 0;
	DIR *dir;

	if (fwd_buf_setf(&staging, "%s/staging", t->state_dir) < 0 ||
	    !(dir = opendir(staging.s))) {
		/* No folder, no leftovers; a real problem shows when staging. */
		fwd_buf_release(&staging);
		return 0;
	}
	fwd_target_file_name(t, name, sizeof(name));
	snprintf(prefix, sizeof(prefix), "%s@", name);
	while ((e = readdir(dir))) {
		if (strncmp(e->d_name, prefix, strlen(prefix)) != 0)
			continue;
		/* By the folder's descriptor: no path to rebuild, none to cut short. */
		if (unlinkat(dirfd(dir), e->d_name, 0) == 0) {
			removed++;
			fwd_log(ctx, FWD_LOG_INFO, "removed '%s/%s', a staged copy an interrupted "
				"run left behind", staging.s, e->d_name);
		} else if (errno != ENOENT) {
			fwd_log(ctx, FWD_LOG_WARN, "cannot remove '%s/%s', a staged copy an "
				"interrupted run left behind: %s", staging.s, e->d_name,
				strerror(errno));
		}
	}
	closedir(dir);
	fwd_buf_release(&staging);
	return removed;
}
