/*
 * state-dir.c: creating and checking the state folder.
 */
#include "util/state-dir.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/error.h"
#include "util/trusted-path.h"

/* Creates dir in its parent, opened through trusted-path.h's rule first:
 * nothing is created under a folder others could swap. */
static int create_in_parent(const char *dir, char *why, size_t size)
{
	char parent[PATH_MAX];
	const char *slash = strrchr(dir, '/'), *name = slash ? slash + 1 : dir;
	int pfd, ret;

	if (!slash)
		snprintf(parent, sizeof(parent), ".");
	else
		snprintf(parent, sizeof(parent), "%.*s", slash == dir ? 1 : (int)(slash - dir),
			 dir);
	pfd = fwd_open_trusted_parent(parent, why, size);
	if (pfd < 0)
		return pfd;
	ret = mkdirat(pfd, name, 0700) < 0 && errno != EEXIST ? -errno : 0;
	if (ret)
		snprintf(why, size, "cannot be created: %s", strerror(-ret));
	close(pfd);
	return ret;
}

static int ensure_one(struct fwd_ctx *ctx, const char *dir)
{
	char why[FWD_ERROR_MAX];
	struct stat st;
	int fd, ret = 0;

	fd = fwd_open_trusted_dir(dir, why, sizeof(why));
	if (fd == -ENOENT) {
		fd = create_in_parent(dir, why, sizeof(why));
		if (fd == -EPERM)
			return fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "state folder '%s' cannot be "
						 "created there: its parent %s; or use another "
						 "--state-dir", dir, why);
		if (fd < 0)
			return fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "cannot create state folder "
						 "'%s': %s; run as root or pass --state-dir DIR",
						 dir, why);
		fd = fwd_open_trusted_dir(dir, why, sizeof(why));
	}
	/*
	 * Every folder above it is checked too: the tools are handed staged
	 * copies by path, and whoever can swap a folder on that path chooses
	 * what they flash (issue 12, defect 2).
	 */
	if (fd == -EPERM)
		return fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "state folder '%s' %s; or use "
					 "another --state-dir", dir, why);
	if (fd == -ENOTDIR)
		return fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "state folder '%s' %s", dir, why);
	if (fd < 0 || fstat(fd, &st) < 0 || !S_ISDIR(st.st_mode))
		ret = fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "state folder '%s' is not a folder "
					"fwdispatch can use: %s", dir,
					fd < 0 ? why : strerror(errno));
	else if (st.st_uid != geteuid())
		ret = fwd_ctx_set_error(ctx, -FWD_E_REFUSED,
			"state folder '%s' belongs to uid %u, not to you: use your own --state-dir",
			dir, (unsigned)st.st_uid);
	else if (st.st_mode & (S_IWGRP | S_IWOTH))
		ret = fwd_ctx_set_error(ctx, -FWD_E_REFUSED,
			"state folder '%s' is writable by group or others (mode %04o): "
			"run 'chmod 700 %s'", dir, (unsigned)(st.st_mode & 07777), dir);
	if (fd >= 0)
		close(fd);
	return ret;
}

int fwd_state_dir_ensure(struct fwd_ctx *ctx, const char *state, const char *sub,
			 struct fwd_buf *out)
{
	int ret = ensure_one(ctx, state);

	if (ret)
		return ret;
	if ((sub ? fwd_buf_setf(out, "%s/%s", state, sub) : fwd_buf_setf(out, "%s", state)) < 0)
		return fwd_ctx_set_error(ctx, -ENOMEM, "out of memory");
	return sub ? ensure_one(ctx, out->s) : 0;
}

int fwd_fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int ret;

	if (fd < 0)
		return -errno;
	ret = fsync(fd) < 0 ? -errno : 0;
	close(fd);
	return ret;
}
