/*
 * state-dir.c: creating and checking the state folder.
 */
#include "update/state-dir.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/buf.h"

static int ensure_one(struct fwd_ctx *ctx, const char *dir)
{
	struct stat st;

	if (mkdir(dir, 0700) < 0 && errno != EEXIST)
		return fwd_ctx_set_error(ctx, -FWD_E_REFUSED,
			"cannot create state folder '%s': %s; run as root or pass --state-dir DIR",
			dir, strerror(errno));
	if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode))
		return fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "state folder '%s' is not a folder",
					 dir);
	if (st.st_uid != geteuid())
		return fwd_ctx_set_error(ctx, -FWD_E_REFUSED,
			"state folder '%s' belongs to uid %u, not to you: use your own --state-dir",
			dir, (unsigned)st.st_uid);
	if (st.st_mode & (S_IWGRP | S_IWOTH))
		return fwd_ctx_set_error(ctx, -FWD_E_REFUSED,
			"state folder '%s' is writable by group or others (mode %04o): "
			"run 'chmod 700 %s'", dir, (unsigned)(st.st_mode & 07777), dir);
	return 0;
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
