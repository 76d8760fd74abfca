/*
 * atomic-file.c: temp file, write, fsync, rename, fsync the folder.
 */
#include "util/atomic-file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/state-dir.h"
#include "util/error.h"

/* fmt has a '%s' for path, then one for the errno's text. */
static int fail(struct fwd_err *err, int code, const char *fmt, const char *path)
{
	return fwd_error_set(err, code, fmt, path, strerror(-code));
}

static int write_all(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			return -EIO;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Moves tmp to path; with no_replace, never over an existing file. */
static int move_into_place(const char *tmp, const char *path, int no_replace)
{
	if (!no_replace)
		return rename(tmp, path) < 0 ? -errno : 0;
	if (renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_NOREPLACE) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP)
		return -errno;
	/* A file system without RENAME_NOREPLACE: link() also refuses to replace. */
	if (link(tmp, path) < 0)
		return -errno;
	unlink(tmp);
	return 0;
}

int fwd_atomic_write(const char *path, const void *data, size_t len, mode_t mode,
		     unsigned flags, struct fwd_err *err)
{
	const char *slash = strrchr(path, '/');
	char *dir = NULL, *tmp = NULL;
	size_t dlen, tlen;
	int fd = -1, ret;

	if (!*path || (slash && !slash[1]))
		return fail(err, -EINVAL, "cannot write '%s': %s", path);
	/* The temp file lives in the final folder, so the rename cannot cross
	 * file systems; its name starts with a dot so listings skip it. */
	dlen = slash ? (size_t)(slash - path) : 0;
	dir = malloc(dlen + 2);
	tlen = strlen(path) + 16;
	tmp = malloc(tlen);
	if (!dir || !tmp) {
		ret = fail(err, -ENOMEM, "cannot write '%s': %s", path);
		goto out;
	}
	if (!slash)
		strcpy(dir, ".");
	else if (dlen == 0)
		strcpy(dir, "/");
	else
		snprintf(dir, dlen + 1, "%s", path);
	snprintf(tmp, tlen, "%.*s%s.%s.XXXXXX", (int)dlen, path, slash ? "/" : "",
		 slash ? slash + 1 : path);

	fd = mkostemp(tmp, O_CLOEXEC);  /* O_CREAT | O_EXCL, mode 0600 */
	if (fd < 0) {
		ret = fail(err, -errno, "cannot create a temporary file next to '%s': %s",
			   path);
		goto out;
	}
	if (fchmod(fd, mode & 07777) < 0) {
		ret = fail(err, -errno, "cannot set the mode of a new '%s': %s", path);
		goto out_unlink;
	}
	ret = write_all(fd, data, len);
	if (ret) {
		fail(err, ret, "cannot write '%s': %s", path);
		goto out_unlink;
	}
	if (fsync(fd) < 0) {
		ret = fail(err, -errno, "cannot write '%s' to disk (fsync): %s", path);
		goto out_unlink;
	}
	/* close() is where some file systems (NFS) report a failed write. */
	ret = close(fd);
	fd = -1;
	if (ret < 0) {
		ret = fail(err, -errno, "cannot write '%s' (close): %s", path);
		goto out_unlink;
	}
	ret = move_into_place(tmp, path, flags & FWD_ATOMIC_NO_REPLACE);
	if (ret) {
		fail(err, ret, ret == -EEXIST ? "cannot write '%s': %s (not replaced)" :
		     "cannot rename the new file to '%s': %s", path);
		goto out_unlink;
	}
	ret = fwd_fsync_dir(dir);
	if (ret)
		fail(err, ret, "'%s' was written but its folder could not be synced "
		     "(it may not survive a power cut): %s", path);
	goto out;

out_unlink:
	if (fd >= 0)
		close(fd);
	fd = -1;
	unlink(tmp);
out:
	if (fd >= 0)
		close(fd);
	free(dir);
	free(tmp);
	return ret;
}
